"""``imagia finance ...``: accounting to rights holders (use case rights-accounting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_tool
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Accounting to rights holders: revenue waterfalls, statements and anomaly checks.",
    no_args_is_help=True,
)

_WORK_HELP = "The work's folder or its contracts.yaml (Contract.1)."
_WS = WORKSPACE
_JSON = JSON


def _submit(
    workspace: Path | None, tool: str, params: dict[str, Any], contracts: Path
) -> tuple[wsmod.Workspace, jobmod.Job]:
    from imagia.finance.jobs import input_files

    return run_tool(workspace, tool, params, input_files(contracts))


_outputs = print_outputs


@app.command("waterfall")
def waterfall(
    work: Path = typer.Argument(..., help=_WORK_HELP),
    as_of: str | None = declared("finance-waterfall", "as_of", "--as-of"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Compute the cumulative waterfall, from gross receipts to every beneficiary."""
    from imagia.finance.jobs import contracts_path

    c = contracts_path(work).resolve()
    ws, job = _submit(workspace, "finance-waterfall", {"work": str(c), "as_of": as_of}, c)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{r['work']} as of {r['as_of']} ({r['currency']}): gross {r['gross']}, "
        f"RNPP {r['rnpp']}, excluded {r['excluded']}; in {r['total_in']} = "
        f"allocated {r['total_allocated']}",
        highlight=False,
    )
    for party, amount in sorted(r["by_party"].items()):
        console.print(f"  {party:<14} {amount:>16}", highlight=False)
    _outputs(ws, job)


@app.command("statements")
def statements(
    work: Path = typer.Argument(..., help=_WORK_HELP),
    period: str | None = declared("finance-statements", "period", "--period", "-p"),
    beneficiary: str | None = declared("finance-statements", "beneficiary", "--beneficiary", "-b"),
    lang: str | None = declared("finance-statements", "lang", "--lang"),
    formats: str = declared("finance-statements", "formats", "--formats"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Write a statement per beneficiary for a period (PDF, XLSX, JSON), even when nothing is
    due."""
    from imagia.finance.jobs import contracts_path

    c = contracts_path(work).resolve()
    params = {
        "work": str(c),
        "period": period,
        "beneficiary": beneficiary,
        "lang": lang,
        "formats": formats,
    }
    ws, job = _submit(workspace, "finance-statements", params, c)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(f"{r['work']}, {r['period']} ({r['currency']}):", highlight=False)
    for s in r["statements"]:
        note = "nothing due" if s["nothing_due"] else f"due {s['due']}"
        why = f" — {'; '.join(s['reasons'])}" if s["reasons"] else ""
        console.print(f"  {s['name']}: {note}{why}", highlight=False)
    _outputs(ws, job)


@app.command("issue")
def issue(
    work: Path = typer.Argument(..., help=_WORK_HELP),
    period: str = declared("finance-issue", "period", "--period", "-p"),
    beneficiary: str | None = declared("finance-issue", "beneficiary", "--beneficiary", "-b"),
    lang: str | None = declared("finance-issue", "lang", "--lang"),
    corrects: str | None = declared("finance-issue", "corrects", "--corrects"),
    date: str | None = declared("finance-issue", "date", "--date"),
    formats: str = declared("finance-issue", "formats", "--formats"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Issue a period's statements: numbered, dated and frozen in the workspace's register."""
    from imagia.finance.jobs import contracts_path

    c = contracts_path(work).resolve()
    params = {
        "work": str(c),
        "period": period,
        "beneficiary": beneficiary,
        "lang": lang,
        "corrects": corrects,
        "date": date,
        "formats": formats,
    }
    ws, job = _submit(workspace, "finance-issue", params, c)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(f"{r['work']} ({r['currency']}):", highlight=False)
    for s in r["statements"]:
        fix = f", corrects {s['corrects']}" if s["corrects"] else ""
        console.print(
            f"  {s['number']} {s['period']['id']} {s['name']}: paid before {s['paid_before']}, "
            f"due {s['due']}{fix}",
            highlight=False,
        )
        for ln in s["late"]:
            console.print(
                f"    late receipt {ln['source']} dated {ln['date']}, booked {ln['booked']}: "
                f"{ln['amount']}",
                highlight=False,
            )
    _outputs(ws, job)


@app.command("catalogue")
def catalogue(
    catalogue: Path = typer.Argument(..., help="The catalogue's folder or its catalogue.yaml."),
    period: str = declared("finance-catalogue", "period", "--period", "-p"),
    beneficiary: str | None = declared("finance-catalogue", "beneficiary", "--beneficiary", "-b"),
    date: str | None = declared("finance-catalogue", "date", "--date"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """A statement per beneficiary across all their works of a catalogue."""
    cat = (catalogue / "catalogue.yaml" if catalogue.is_dir() else catalogue).resolve()
    params = {"catalogue": str(cat), "period": period, "beneficiary": beneficiary, "date": date}
    ws, job = run_tool(workspace, "finance-catalogue", params, [cat])
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(f"{r['works']} work(s), {r['period']}:", highlight=False)
    for s in r["statements"]:
        tot = "; ".join(f"{c} due {t['due']}" for c, t in s["totals"].items())
        console.print(f"  {s['beneficiary']['name']}: {tot}", highlight=False)
    _outputs(ws, job)


@app.command("costs")
def costs(
    work: Path = typer.Argument(..., help=_WORK_HELP),
    lang: str = declared("finance-costs", "lang", "--lang"),
    date: str | None = declared("finance-costs", "date", "--date"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """The production cost account and the financing plan (costs.csv, financing.csv): PDF and
    XLSX, numbered and checksummed in the workspace's register."""
    from imagia.finance.jobs import contracts_path

    c = contracts_path(work).resolve()
    ws, job = _submit(workspace, "finance-costs", {"work": str(c), "lang": lang, "date": date}, c)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{r['work']} ({r['currency']}), account {r['number']} of {r['date']}: "
        f"cost {r['cost']}, financing {r['financing']}, gap {r['gap']}",
        highlight=False,
    )
    for f in r["files"]:
        console.print(f"  {f['path']}  sha256 {f['sha256'][:16]}…", highlight=False)
    _outputs(ws, job)


@app.command("anomalies")
def anomalies(
    work: Path = typer.Argument(..., help=_WORK_HELP),
    as_of: str | None = declared("finance-anomalies", "as_of", "--as-of"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Check the statements received: gaps, fees, caps, duplicates, grants, totals, outliers."""
    from imagia.finance.jobs import contracts_path

    c = contracts_path(work).resolve()
    ws, job = _submit(workspace, "finance-anomalies", {"work": str(c), "as_of": as_of}, c)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(f"{r['work']} as of {r['as_of']}: {r['count']} finding(s)", highlight=False)
    for f in r["findings"]:
        colour = "red" if f["severity"] == "error" else "yellow"
        done = f" — resolved, {f['decision']}: {f['review']}" if f["status"] == "resolved" else ""
        console.print(
            f"  [{colour}]{f['check']}[/]: {f['message']} ({', '.join(f['evidence'][:4])}){done}",
            highlight=False,
        )
    _outputs(ws, job)


@app.command("review")
def review(
    work: Path = typer.Argument(..., help=_WORK_HELP),
    finding: str = typer.Argument(..., help="The finding's id (check@source:row)."),
    decision: str = typer.Option(
        ..., "--decision", "-d", help="accepted (the line stands) or rejected."
    ),
    reason: str = typer.Option(..., "--reason", "-r", help="Why: kept beside the finding."),
    on: str | None = typer.Option(None, "--on", help="Date of the decision (default: today)."),
    as_json: bool = _JSON,
) -> None:
    """Accept or reject an anomaly finding with a reason (recorded in adjustments.yaml)."""
    from datetime import date

    from imagia.core.errors import BadValue, NotFound
    from imagia.finance import adjustments, anomalies
    from imagia.finance.jobs import contracts_path
    from imagia.finance.work import load

    if decision not in ("accepted", "rejected"):
        raise BadValue("decision", decision, ("accepted", "rejected"))
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise BadValue("on", on, ("2026-07-31",)) from None
    c = contracts_path(work)
    w = load(c)
    ids = [f.id for f in anomalies.check(w, anomalies.default_as_of(w))]
    if finding not in ids:
        raise NotFound("finding", finding, ids)
    got = adjustments.add_review(c.parent, finding, decision, reason, day)
    if as_json:
        emit_json(
            {
                "finding": got.finding,
                "decision": got.decision,
                "reason": got.reason,
                "on": got.on.isoformat(),
                "status": "resolved",
            }
        )
        return
    console.print(
        f"{finding}: {decision} on {day.isoformat()} ({got.reason}); status resolved",
        highlight=False,
    )


@app.command("import")
def import_(
    statement: Path = typer.Argument(..., help="A distributor's statement (CSV or XLSX)."),
    mapping: Path = typer.Option(
        ..., "--mapping", "-m", help="Its column mapping (Mapping.1 YAML)."
    ),
    contracts: Path | None = typer.Option(
        None, "--contracts", "-c", help="The work's contracts, for conversion rates and parties."
    ),
    period: str | None = typer.Option(None, "--period", "-p", help="Period it covers."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the normalised lines as CSV."),
    as_json: bool = _JSON,
) -> None:
    """Read a statement through its mapping and check it; optionally write normalised lines."""
    from collections import Counter

    from imagia.core.errors import BadFile
    from imagia.core.provenance import atomic_write
    from imagia.finance import contracts as cmod
    from imagia.finance.lines import Line, load_mapping, read_statement, write_lines_csv
    from imagia.finance.periods import parse as parse_period
    from imagia.finance.work import rates_of

    m = load_mapping(mapping)
    rates = None
    if contracts is not None:
        c = cmod.load(contracts)
        if m.party not in c.party_ids():
            raise BadFile(
                mapping,
                f"party: unknown party {m.party!r}",
                hint=f"parties of {contracts.name}: {', '.join(c.party_ids())}",
            )
        rates = rates_of(c)
    pid = parse_period(period).id if period else None
    lines = read_statement(statement, m, rates, mapping, pid)
    if out is not None:
        with atomic_write(out) as fh:
            write_lines_csv(lines, fh)

    # Without the contract's rates, amounts stay in their own currency: total per currency.
    def key(ln: Line) -> str:
        return ln.kind if rates is not None else f"{ln.kind} {ln.currency}"

    kinds = Counter(key(ln) for ln in lines)
    total = {k: str(sum(ln.amount for ln in lines if key(ln) == k)) for k in kinds}
    if as_json:
        emit_json(
            {
                "file": str(statement),
                "party": m.party,
                "lines": len(lines),
                "by_kind": total,
                "out": str(out) if out else None,
            }
        )
        return
    console.print(f"{statement.name}: {len(lines)} line(s) from {m.party}", highlight=False)
    for k, v in total.items():
        console.print(f"  {k:<14} {kinds[k]:>5} line(s) {v:>16}", highlight=False)
    if out is not None:
        console.print(f"  → {out}", highlight=False)


@app.command("map")
def map_(
    statement: Path = typer.Argument(..., help="A statement from a new distributor."),
    party: str = typer.Option(..., "--party", help="The party id that sends it."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the draft mapping here (YAML); default: print it."
    ),
) -> None:
    """Draft the column mapping of a new distributor's statement, to check and save once."""
    import yaml

    from imagia.core.provenance import atomic_write
    from imagia.finance.drafts import draft

    m, notes = draft(statement, party)
    text = yaml.safe_dump(m, allow_unicode=True, sort_keys=False)
    if out is None:
        typer.echo(text, nl=False)
    else:
        with atomic_write(out) as fh:
            fh.write(text)
        console.print(f"draft mapping → {out}", highlight=False)
    for n in notes:
        console.print(f"  check: {n}", highlight=False, markup=False)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of contract files (Contract.1)."""
    from imagia.finance.contracts import json_schema

    emit_json(json_schema())


@app.command("sample")
def sample(
    dest: Path = typer.Argument(..., help="Folder to copy the example work into."),
) -> None:
    """Copy the example work (Les Heures claires: contracts, mappings, statements) to edit."""
    import shutil

    from imagia.core.errors import ImagiaError
    from imagia.finance.jobs import sample_dir

    if (dest / "contracts.yaml").exists():
        raise ImagiaError(f"{dest} already holds a contracts.yaml", hint="choose an empty folder")
    shutil.copytree(sample_dir(), dest, dirs_exist_ok=True)
    console.print(f"example work copied to {dest}", highlight=False)


# The issue's and the trade's wording: `imagia accounts check` is the anomaly check.
app.command("check", help="Same as `anomalies`: check the statements received.")(anomalies)
