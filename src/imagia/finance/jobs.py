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
    for name in (
        "received.yaml",
        "payments.csv",
        "adjustments.yaml",
        "costs.csv",
        "financing.csv",
    ):
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
                "role": st.role,
                "owner": st.is_owner,
                "payments": st.payments,
                "late": len(st.late),
                "terms": [
                    {k: str(v) if not isinstance(v, str) else v for k, v in x.items()}
                    for x in st.terms
                ],
                "vat": str(st.vat),
                "withheld": str(st.withheld),
                "payable": str(st.payable),
            }
        )
        job.progress(0.6 + 0.4 * (i + 1) / len(sts), f"wrote {stem}")
    first = sts[0] if sts else None
    return {
        "work": w.contract.work.title,
        "period": str(period),
        "start": first.period.start.isoformat() if first else None,
        "end": first.period.end.isoformat() if first else None,
        "issued": first.issued.isoformat() if first else None,
        "rnpp": [str(first.rnpp[0]), str(first.rnpp[1])] if first else None,
        "currency": w.contract.work.currency,
        "statements": rows,
    }


def _formats(value: str | None) -> list[str]:
    fmts = [f.strip() for f in str(value or "pdf,xlsx,json").split(",") if f.strip()]
    for f in fmts:
        if f not in FORMATS:
            raise BadValue("formats", f, FORMATS)
    return fmts


def statement_writer(job: Any, fmts: list[str]) -> Any:
    """Writes a statement's files through the job; returns each file's path and checksum."""
    from imagia.core.provenance import sha256_file
    from imagia.finance import render

    def write(st: statements.Statement, stem: str) -> list[dict[str, str]]:
        out = []
        for f in fmts:
            path = job.output_dir / f"{stem}.{f}"
            if f == "json":
                path = job.write_json(path.name, st.to_dict(), "statement/json", details=DETAILS)
            else:
                (render.write_pdf if f == "pdf" else render.write_xlsx)(st, path)
                job.add_output(path, f"statement/{f}")
            rel = Path(path).resolve().relative_to(job.ws.root.resolve())
            out.append(
                {"path": rel.as_posix(), "kind": f"statement/{f}", "sha256": sha256_file(path)}
            )
        return out

    return write


def run_issue(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry of ``finance-issue``: numbered statements frozen in the workspace's register."""
    from imagia.finance import issuing

    issued = None
    if params.get("date"):
        try:
            issued = date.fromisoformat(str(params["date"]))
        except ValueError:
            raise BadValue("date", params["date"], ("2026-07-31",)) from None
    who = [params["beneficiary"]] if params.get("beneficiary") else None
    opts = issuing.IssueOptions(
        str(params["period"]), who, params.get("lang") or None, params.get("corrects") or "", issued
    )
    res = issuing.issue(
        Path(params["work"]),
        job.ws.root,
        opts,
        statement_writer(job, _formats(params.get("formats"))),
        progress=lambda f, m: job.progress(f, m),
    )
    return issuing.summary(res)


def run_catalogue(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry of ``finance-catalogue``: a statement per beneficiary across the catalogue."""
    from imagia.finance import portfolio
    from imagia.finance.statements import Builder

    on = None
    if params.get("date"):
        try:
            on = date.fromisoformat(str(params["date"]))
        except ValueError:
            raise BadValue("date", params["date"], ("2026-07-31",)) from None
    root = Path(params["catalogue"]).parent
    cat, works = portfolio.load_works(root, progress=lambda f, m: job.progress(0.5 * f, m))
    if params.get("beneficiary"):
        who = [str(params["beneficiary"])]
    else:
        who = []
        for w in works:
            for b in Builder(w).beneficiaries():
                if b not in who and b != w.contract.waterfall.owner:
                    who.append(b)
    period = parse_period(str(params["period"]))
    out, rows = [], []
    for i, party in enumerate(who):
        st = portfolio.statement(cat, works, party, period, on)
        data = st.to_dict()
        job.write_json(
            f"{party}.{period.id}.catalogue.json", data, "catalogue-statement/json", details=DETAILS
        )
        out.append(data)
        for r in st.rows:
            rows.append(
                [party, r.work, r.title, r.currency, r.entitled, r.paid_before, r.due, r.pool]
            )
        job.progress(0.5 + 0.5 * (i + 1) / len(who), f"statement for {party}")
    job.write_csv(
        f"catalogue.{period.id}.csv",
        rows,
        ["beneficiary", "work", "title", "currency", "entitled", "paid_before", "due", "pool"],
        "catalogue-statements/csv",
        details=DETAILS,
    )
    return {"period": period.id, "works": len(works), "statements": out}


def run_costs(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry of ``finance-costs``: the production cost account and financing plan (PDF and
    XLSX per language, JSON), numbered and checksummed in the workspace's register."""
    from imagia.core.errors import ImagiaError
    from imagia.core.provenance import sha256_file
    from imagia.finance import contracts, costdoc, costs

    cpath = contracts_path(Path(params["work"]))
    c = contracts.load(cpath)
    lang = params.get("lang") or "fr"
    langs = ["fr", "en"] if lang == "both" else [lang]
    on = date.today()
    if params.get("date"):
        try:
            on = date.fromisoformat(str(params["date"]))
        except ValueError:
            raise BadValue("date", params["date"], ("2026-07-31",)) from None
    reg = costdoc.AccountRegister.load(job.ws.root, c.work.id)
    problems = reg.verify(job.ws.root)
    if problems:
        raise ImagiaError(
            f"cost accounts of {c.work.id} were altered: {problems[0]}",
            hint="restore them from a backup; a drawn-up account is never rewritten",
        )
    for name in ("costs.csv", "financing.csv"):
        if (cpath.parent / name).is_file():
            job.use_input(cpath.parent / name)
    data = costs.account(cpath.parent, c.work.currency)
    number = reg.next_number()
    data["work"] = {"id": c.work.id, "title": c.work.title}
    data["producer"] = c.party(c.waterfall.owner).name
    data["number"] = number
    data["date"] = on.isoformat()
    files = []

    def record(path: Path, kind: str) -> None:
        rel = Path(path).resolve().relative_to(job.ws.root.resolve())
        files.append({"path": rel.as_posix(), "kind": kind, "sha256": sha256_file(path)})

    for lg in langs:
        for ext, write in (("pdf", costdoc.write_pdf), ("xlsx", costs.write_xlsx)):
            path = job.output_dir / f"{number}.{lg}.{ext}"
            write(data, path, lg)
            job.add_output(path, f"costs/{ext}")
            record(path, f"costs/{ext}")
    data["documents"] = list(files)
    record(job.write_json(f"{number}.json", data, "costs/json", details=DETAILS), "costs/json")
    reg.append(costdoc.entry(number, on, files, cpath.parent), job.ws.root)
    job.progress(1.0, f"cost account {number}")
    return {
        "work": c.work.title,
        "number": number,
        "date": on.isoformat(),
        "currency": c.work.currency,
        "cost": data["cost"]["total"],
        "financing": data["financing"]["total"],
        "gap": data["gap"],
        "headings": [
            {
                "fr": h["label_fr"],
                "en": h["label_en"],
                "amount": h["amount"],
                "share": h["share_percent"],
            }
            for h in data["cost"]["headings"]
        ],
        "plan": [
            {
                "fr": f["label_fr"],
                "en": f["label_en"],
                "amount": f["amount"],
                "share": f["share_percent"],
            }
            for f in data["financing"]["plan"]
        ],
        "files": files,
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
        "titles": {c.id: {"fr": c.title_fr, "en": c.title_en} for c in anomalies.REGISTRY.values()},
        "findings": [f.to_dict() for f in found],
    }
    job.write_json(f"{w.contract.work.id}.anomalies.json", data, "anomalies/json", details=DETAILS)
    job.write_csv(
        f"{w.contract.work.id}.anomalies.csv",
        (
            [
                f.id,
                f.check,
                f.severity,
                f.party,
                f.message,
                f.message_fr,
                " ".join(f.evidence),
                f.amount or "",
                f.currency,
                f.status,
                f.decision,
                f.review,
            ]
            for f in found
        ),
        [
            "id",
            "check",
            "severity",
            "party",
            "message",
            "message_fr",
            "evidence",
            "amount",
            "currency",
            "status",
            "decision",
            "review",
        ],
        "anomalies/csv",
        details=DETAILS,
    )
    return {
        "work": w.contract.work.title,
        "as_of": as_of.isoformat(),
        "findings": [f.to_dict() for f in found],
        "count": len(found),
    }
