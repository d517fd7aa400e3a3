"""``imagia schedule ...``: shooting schedule and budget (use cases shooting-schedule,
budgeting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Shooting schedule and budget: optimised stripboard, DOOD, call sheets, replan, "
    "talent scheduling, budget top sheet.",
    no_args_is_help=True,
)

_WS = WORKSPACE
_JSON = JSON


_run = run_tool


_outputs = print_outputs


def _print_plan(r: dict[str, Any]) -> None:
    cur = r.get("currency", "")
    proof = "optimal" if r["optimal"] else f"best found, gap {r['gap']:.1%}"
    console.print(
        f"{r['shooting_days']} shooting days, cost {r['total_cost']} {cur} ({proof}, "
        f"{r['seconds']:.1f} s)",
        highlight=False,
    )
    console.print(
        "  " + ", ".join(f"{k} {v}" for k, v in r["costs"].items() if k != "total"), highlight=False
    )
    for d in r["days"]:
        console.print(f"  {d['date']}: {', '.join(d['scenes'])}", highlight=False)


@app.command("solve-talent")
def solve_talent(
    file: Path = typer.Argument(..., help="Instance: ddo/CSPLib text format or MiniZinc .dzn."),
    method: str = declared("schedule-talent", "method"),
    time_limit: float = declared("schedule-talent", "time_limit", "--time-limit"),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    workspace: Path | None = _WS,
) -> None:
    """Solve a talent-scheduling instance: the scene order that minimises paid waiting."""
    from imagia.core.errors import BadValue
    from imagia.schedule.talent import METHODS

    if method not in METHODS:
        raise BadValue("method", method, METHODS)
    if fmt not in ("table", "json"):
        raise BadValue("format", fmt, ("table", "json"))
    _ws, job = _run(
        workspace,
        "schedule-talent",
        {"file": str(file.resolve()), "method": method, "time_limit": time_limit},
        [file],
    )
    r = job.result
    if fmt == "json":
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    proof = "optimal (proven)" if r["optimal"] else f"gap {r['gap']:.1%}"
    console.print(
        f"{r['instance']}: cost {r['total_cost']} (idle {r['idle_cost']}), {proof}, "
        f"{r['seconds']:.3f} s, {r['method']}",
        highlight=False,
    )
    console.print(f"  order: {' '.join(map(str, r['order']))}", highlight=False)


@app.command("optimise")
def optimise(
    scenes: Path = typer.Argument(..., help="Scene list: CSV, XLSX or JSON (see docs)."),
    constraints: Path = declared("schedule-optimise", "constraints", "--constraints", "-c"),
    time_limit: float = declared("schedule-optimise", "time_limit", "--time-limit"),
    strategy: str = declared("schedule-optimise", "strategy"),
    formats: str = declared("schedule-optimise", "formats"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Optimise the stripboard; write the schedule, DOOD and call sheets."""
    ws, job = _run(
        workspace,
        "schedule-optimise",
        {
            "scenes": str(scenes.resolve()),
            "constraints": str(constraints.resolve()),
            "time_limit": time_limit,
            "strategy": strategy,
            "formats": formats,
        },
        [scenes, constraints],
    )
    if as_json:
        emit_job(job)
        return
    _print_plan(job.result)
    _outputs(ws, job)


@app.command("replan")
def replan(
    schedule: Path = typer.Argument(..., help="The schedule to change (.schedule.json)."),
    constraints: Path | None = declared("schedule-replan", "constraints", "--constraints", "-c"),
    scenes: Path | None = declared("schedule-replan", "scenes", "--scenes"),
    shot_through: str | None = declared("schedule-replan", "shot_through", "--shot-through"),
    time_limit: float = declared("schedule-replan", "time_limit", "--time-limit"),
    formats: str = declared("schedule-replan", "formats"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Re-plan after a change, moving as few scenes as possible."""
    params: dict[str, Any] = {
        "schedule": str(schedule.resolve()),
        "time_limit": time_limit,
        "formats": formats,
        "shot_through": shot_through,
    }
    inputs = [schedule]
    if constraints:
        params["constraints"] = str(constraints.resolve())
        inputs.append(constraints)
    if scenes:
        params["scenes"] = str(scenes.resolve())
        inputs.append(scenes)
    ws, job = _run(workspace, "schedule-replan", params, inputs)
    if as_json:
        emit_job(job)
        return
    rp = job.result["replan"]
    console.print(
        f"{rp['moved_count']} scene(s) moved; cost {rp['cost_before']} → "
        f"{rp['cost_after']} ({rp['cost_delta']:+d})",
        highlight=False,
    )
    for m in rp["moved"]:
        console.print(f"  scene {m['scene']}: {m['from']} → {m['to']}", highlight=False)
    if rp["added"]:
        console.print(f"  added: {', '.join(rp['added'])}", highlight=False)
    _print_plan(job.result)
    _outputs(ws, job)


@app.command("budget")
def budget(
    schedule: Path = typer.Argument(..., help="Schedule (.schedule.json)."),
    rate_card: Path | None = declared("budget-topsheet", "rate_card", "--rate-card", "-r"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Budget top sheet (low / likely / high) by account, numbered as the CNC's devis, from a
    schedule and a rate card (crew and cast on dated French minimum wages)."""
    import json

    from imagia.schedule.budget import NUMBERS

    params: dict[str, Any] = {"schedule": str(schedule.resolve())}
    inputs = [schedule]
    if rate_card:
        params["rate_card"] = str(rate_card.resolve())
        inputs.append(rate_card)
    ws, job = _run(workspace, "budget-topsheet", params, inputs)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(r["rate_card"], highlight=False)
    for a in r["accounts"]:
        console.print(
            f"  {NUMBERS.get(a['account'], ''):>4} {a['account']:<20} {a['likely']:>14,.2f} "
            f"{r['currency']}  ({a['low']:,.2f} – {a['high']:,.2f})",
            highlight=False,
        )
    t = r["total"]
    console.print(
        f"  {'':>4} {'TOTAL':<20} {t['likely']:>14,.2f} {r['currency']}  "
        f"({t['low']:,.2f} – {t['high']:,.2f})",
        highlight=False,
    )
    doc = next((ws.root / o["path"] for o in job.outputs if o["kind"] == "budget/json"), None)
    if doc is not None and doc.is_file():
        b = json.loads(doc.read_text(encoding="utf-8"))
        shaky = [w for w in b.get("wage_lines") or [] if not w["verified"]]
        for w in shaky:
            console.print(f"  unverified minimum {w['ref']}: {w['note']}", highlight=False)
        for w in b.get("warnings") or []:
            console.print(f"  ! {w['en']}", highlight=False)
    _outputs(ws, job)


@app.command("wages")
def wages(
    card: str | None = typer.Argument(
        None, help="A wage card (shipped id or .yaml path); none: list the shipped cards."
    ),
    as_json: bool = _JSON,
) -> None:
    """Dated minimum wages a rate card can refer to (wage: CARD/LINE), with their sources."""
    from imagia.schedule import ratecards

    if card is None:
        cards = [ratecards.read(p) for p in ratecards.shipped().values()]
        if as_json:
            emit_json({"wage_cards": [c.summary() for c in cards]})
            return
        for c in cards:
            console.print(
                f"{c.id:<28} {c.valid_from}  {len(c.lines):>3} lines, "
                f"{c.summary()['unverified']} unverified  {c.title_en}",
                highlight=False,
            )
        return
    wc = ratecards.load(card)
    if as_json:
        emit_json({**wc.summary(), "lines": [x.to_dict() for x in wc.lines.values()]})
        return
    console.print(f"{wc.title_en} ({wc.valid_from})", highlight=False)
    console.print(f"  source: {wc.source}", highlight=False)
    for x in wc.lines.values():
        flag = "verified" if x.verified else "UNVERIFIED"
        console.print(
            f"  {wc.id}/{x.id:<36} {x.amount:>10} {x.currency} per {x.basis} of {x.hours} h  "
            f"{x.valid_from}  {flag}  {x.title_en}",
            highlight=False,
        )
        if not x.verified:
            console.print(f"      why: {x.note}", highlight=False)
    if wc.missing:
        console.print(f"  left out: {wc.missing}", highlight=False)


@app.command("check")
def check(
    schedule: Path = typer.Argument(..., help="Schedule (.schedule.json)."),
    scenes: Path | None = typer.Option(None, "--scenes", help="Scene list (default: embedded)."),
    constraints: Path | None = typer.Option(
        None, "--constraints", "-c", help="Constraints (default: embedded)."
    ),
    as_json: bool = _JSON,
) -> None:
    """Check a schedule against every constraint with the independent checker."""
    from imagia.core.errors import ImagiaError
    from imagia.schedule.checker import check_document
    from imagia.schedule.jobs import load_problem, read_schedule

    doc = read_schedule(schedule)
    params = {
        "scenes": str(scenes) if scenes else None,
        "constraints": str(constraints) if constraints else None,
    }
    sc, cons = load_problem(params, doc)
    rep = check_document(doc, sc, cons)
    if as_json:
        emit_json({"ok": rep.ok, "violations": rep.violations, "costs": rep.costs})
    else:
        for v in rep.violations:
            console.print(f"  ✗ {v}", highlight=False)
        console.print(
            f"{'ok' if rep.ok else 'NOT ok'}: cost recomputed {rep.costs['total']}", highlight=False
        )
    if not rep.ok:
        raise ImagiaError(f"{schedule}: {len(rep.violations)} violation(s)")


@app.command("example")
def example(
    dest: Path = typer.Argument(Path("schedule-example"), help="Folder to write into."),
) -> None:
    """Write the example scene list, constraints and rate card (an example, in EUR)."""
    from imagia.schedule.demo import copy_examples

    for p in copy_examples(dest):
        console.print(f"  → {p}", highlight=False)
