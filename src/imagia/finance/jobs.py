"""Job entries of the finance tools: thin adapters over the Python API that write files."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.finance import anomalies, statements, waterfall
from imagia.finance.periods import parse as parse_period
from imagia.finance.work import Work
from imagia.finance.work import load as load_work

FORMATS = ("pdf", "xlsx", "json")
SAMPLE = "les-heures-claires"


def sample_dir() -> Path:
    """The shipped example work (contracts, mappings, statements)."""
    return Path(str(resources.files("imagia.finance") / "samples" / SAMPLE))


def contracts_path(work: Path) -> Path:
    """The contracts file of a work given as its folder or as the file itself."""
    work = Path(work)
    return work / "contracts.yaml" if work.is_dir() else work


def input_files(contracts: Path) -> list[Path]:
    """The files a work's figures come from (for the job's provenance)."""
    root = contracts.parent
    files = [contracts]
    for name in ("received.yaml",):
        if (root / name).is_file():
            files.append(root / name)
    for sub in ("mappings", "statements"):
        if (root / sub).is_dir():
            files += sorted(p for p in (root / sub).iterdir() if p.is_file())
    return files


def as_of_date(value: str | None, work: Work) -> date:
    """``None`` (latest statement received), an ISO date or a period id (its end)."""
    if not value:
        return anomalies.default_as_of(work)
    try:
        return date.fromisoformat(value)
    except ValueError:
        return parse_period(value).end


DETAILS = {"engine": "imagia.finance (Decimal, cumulative waterfall)"}


def run_waterfall(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry of ``finance-waterfall``: JSON (Waterfall.1 with audit trail) + CSV figures."""
    w = load_work(Path(params["work"]), progress=lambda f, m: job.progress(0.5 * f, m))
    as_of = as_of_date(params.get("as_of"), w)
    res = waterfall.compute(w, as_of)
    data = res.to_dict(w.lines)
    data["work"] = {"id": w.contract.work.id, "title": w.contract.work.title}
    job.write_json(f"{w.contract.work.id}.waterfall.json", data, "waterfall/json", details=DETAILS)
    job.write_csv(
        f"{w.contract.work.id}.waterfall.csv",
        (
            [
                f["key"],
                f["label"],
                f["amount"],
                f["clause"],
                " ".join(f["from"]),
                " ".join(f["lines"]),
            ]
            for f in data["figures"]
        ),
        ["figure", "label", "amount", "clause", "from", "lines"],
        "figures/csv",
        details=DETAILS,
    )
    job.progress(1.0, "waterfall computed")
    parties: dict[str, str] = {}
    for a in res.allocations:
        parties[a.party] = str(res.allocated_to(a.party))
    return {
        "work": w.contract.work.title,
        "as_of": as_of.isoformat(),
        "currency": res.currency,
        "gross": str(res.gross),
        "rnpp": str(res.rnpp),
        "excluded": str(res.excluded),
        "total_in": str(res.total_in),
        "total_allocated": str(res.total_allocated),
        "by_party": parties,
        "lines": len(w.lines),
    }


def run_statements(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry of ``finance-statements``: one file per beneficiary and format."""
    from imagia.finance import render

    w = load_work(Path(params["work"]), progress=lambda f, m: job.progress(0.3 * f, m))
    fmts = [
        f.strip() for f in str(params.get("formats") or "pdf,xlsx,json").split(",") if f.strip()
    ]
    for f in fmts:
        if f not in FORMATS:
            raise BadValue("formats", f, FORMATS)
    lang = params.get("lang") or None
    if lang not in (None, "fr", "en"):
        raise BadValue("lang", lang, ("fr", "en"))
    b = statements.Builder(w)
    period = params.get("period") or b.grid(anomalies.default_as_of(w))[-1].id
    who = [params["beneficiary"]] if params.get("beneficiary") else None
    sts = b.all(period, who, lang, progress=lambda f, m: job.progress(0.3 + 0.3 * f, m))
    rows = []
    for i, st in enumerate(sts):
        stem = f"{w.contract.work.id}.{st.period.id}.{st.beneficiary}.{st.lang}"
        for f in fmts:
            path = job.output_dir / f"{stem}.{f}"
            if f == "json":
                job.write_json(path.name, st.to_dict(), "statement/json", details=DETAILS)
                continue
            if f == "pdf":
                render.write_pdf(st, path)
            else:
                render.write_xlsx(st, path)
            job.add_output(path, f"statement/{f}")
        rows.append(
            {
                "beneficiary": st.beneficiary,
                "name": st.beneficiary_name,
                "lang": st.lang,
                "entitled": str(st.entitled),
                "paid_before": str(st.paid_before),
                "due": str(st.due),
                "nothing_due": st.nothing_due,
                "reasons": st.reasons,
            }
        )
        job.progress(0.6 + 0.4 * (i + 1) / len(sts), f"wrote {stem}")
    return {
        "work": w.contract.work.title,
        "period": str(period),
        "currency": w.contract.work.currency,
        "statements": rows,
    }


def run_anomalies(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry of ``finance-anomalies``: findings as JSON and CSV."""
    w = load_work(Path(params["work"]), progress=lambda f, m: job.progress(0.3 * f, m))
    as_of = as_of_date(params.get("as_of"), w)
    found = anomalies.check(w, as_of, progress=lambda f, m: job.progress(0.3 + 0.7 * f, m))
    data = {
        "schema": anomalies.SCHEMA,
        "work": w.contract.work.id,
        "as_of": as_of.isoformat(),
        "checks": list(anomalies.CHECKS),
        "findings": [f.to_dict() for f in found],
    }
    job.write_json(f"{w.contract.work.id}.anomalies.json", data, "anomalies/json", details=DETAILS)
    job.write_csv(
        f"{w.contract.work.id}.anomalies.csv",
        (
            [f.check, f.severity, f.party, f.message, " ".join(f.evidence), f.amount or ""]
            for f in found
        ),
        ["check", "severity", "party", "message", "evidence", "amount"],
        "anomalies/csv",
        details=DETAILS,
    )
    return {
        "work": w.contract.work.title,
        "as_of": as_of.isoformat(),
        "findings": [f.to_dict() for f in found],
        "count": len(found),
    }
