"""``imagia grid``: plan a channel's programme grid under the French broadcasting rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_rows
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Plan a programme grid under quotas, age ratings and rights (CP-SAT).",
    no_args_is_help=True,
)


@app.command("plan")
def plan(
    programmes: Path | None = typer.Argument(
        None, help="Programme catalogue CSV (none: a synthetic catalogue of 2,000)."
    ),
    rules: Path | None = declared("grid-plan", "rules", "--rules"),
    slots: Path | None = declared("grid-plan", "slots", "--slots"),
    first_day: str = declared("grid-plan", "first_day", "--first-day"),
    days: int = declared("grid-plan", "days", "--days"),
    method: str = declared("grid-plan", "method", "--method"),
    time_limit: float = declared("grid-plan", "time_limit", "--time-limit"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """One programme per slot for DAYS days: best expected audience with every rule kept."""
    params: dict[str, Any] = {
        "programmes": str(programmes.resolve()) if programmes else None,
        "rules": str(rules.resolve()) if rules else None,
        "slots": str(slots.resolve()) if slots else None,
        "first_day": first_day,
        "days": days,
        "method": method,
        "time_limit": time_limit,
    }
    ws, job = run_tool(workspace, "grid-plan", params)
    if as_json:
        emit_job(job)
        return
    r = job.result
    gap = f", gap {r['gap']:.2%} to the proven bound" if r["gap"] is not None else ""
    console.print(
        f"{r['channel']}: {r['slots']} slots from {r['first_day']} ({r['method']}, {r['status']}"
        f"{gap}); expected audience {r['audience_k']:,.0f}k (greedy baseline "
        f"{r['greedy_audience_k']:,.0f}k)",
        highlight=False,
        soft_wrap=True,
    )

    def pct(v: float | None, sign: str = "") -> str:
        return "—" if v is None else f"{v:{sign}.1%}"

    rows = [
        {
            "rule": q["rule"],
            "required": f"{q['required']:.0%}",
            "achieved": pct(q["achieved"]),
            "margin": pct(q["margin"], "+"),
            "met": "yes" if q["ok"] else "NO",
            "greedy": pct(g["achieved"]) + ("" if g["ok"] else " (NO)"),
            "basis": q["basis"],
        }
        for q, g in zip(r["quotas"], r["greedy_quotas"], strict=True)
    ]
    emit_rows(rows, list(rows[0]) if rows else ["rule"], "table", title="Quotas")
    if r["findings"]:
        console.print(f"[bold red]{len(r['findings'])} rule(s) broken[/]", highlight=False)
    print_outputs(ws, job)
