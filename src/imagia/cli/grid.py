"""``imagia grid``: plan a channel's programme grid under the French broadcasting rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.catalogue import LangOpt, lang_of
from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_rows
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Plan a programme grid under quotas, age ratings and rights (CP-SAT).",
    no_args_is_help=True,
)


_STATUS_FR = {
    "optimal": "optimum prouvé",
    "feasible": "faisable",
    "greedy": "sans preuve",
    "unknown": "pas de grille du solveur à temps",
}


@app.command("plan")
def plan(
    programmes: Path | None = typer.Argument(
        None, help="Programme catalogue CSV (none: a synthetic catalogue of 2,000)."
    ),
    rules: Path | None = declared("grid-plan", "rules", "--rules"),
    slots: Path | None = declared("grid-plan", "slots", "--slots"),
    history: Path | None = declared("grid-plan", "history", "--history"),
    first_day: str = declared("grid-plan", "first_day", "--first-day"),
    days: int = declared("grid-plan", "days", "--days"),
    method: str = declared("grid-plan", "method", "--method"),
    time_limit: float = declared("grid-plan", "time_limit", "--time-limit"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
    lang: str | None = LangOpt,
) -> None:
    """One programme per slot for DAYS days: best expected audience with every rule kept."""
    fr = lang_of(lang) == "fr"
    params: dict[str, Any] = {
        "programmes": str(programmes.resolve()) if programmes else None,
        "rules": str(rules.resolve()) if rules else None,
        "slots": str(slots.resolve()) if slots else None,
        "history": str(history.resolve()) if history else None,
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

    def pct(v: float | None, sign: str = "") -> str:
        text = "—" if v is None else f"{v:{sign}.1%}"
        return text.replace(".", ",").replace("%", "\u00a0%") if fr else text

    def num(v: float) -> str:
        return f"{v:,.0f}".replace(",", "\u202f") if fr else f"{v:,.0f}"

    if fr:
        gap = f", écart {pct(r['gap'])} à la borne prouvée" if r["gap"] is not None else ""
        head = (
            f"{r['channel']} : {r['slots']} cases à partir du {r['first_day']} ({r['method']}, "
            f"{_STATUS_FR.get(r['status'], r['status'])}{gap}) ; audience attendue "
            f"{num(r['audience_k'])} k (planification gloutonne {num(r['greedy_audience_k'])} k)"
        )
    else:
        gap = f", gap {r['gap']:.2%} to the proven bound" if r["gap"] is not None else ""
        head = (
            f"{r['channel']}: {r['slots']} slots from {r['first_day']} ({r['method']}, "
            f"{r['status']}{gap}); expected audience {r['audience_k']:,.0f}k (greedy baseline "
            f"{r['greedy_audience_k']:,.0f}k)"
        )
    console.print(head, highlight=False, soft_wrap=True)
    cols = (
        ("règle", "exigé", "atteint", "marge", "respecté", "glouton", "base")
        if fr
        else ("rule", "required", "achieved", "margin", "met", "greedy", "basis")
    )
    yes, no = ("oui", "NON") if fr else ("yes", "NO")
    rows = [
        dict(
            zip(
                cols,
                (
                    q.get("label_fr") or q["rule"] if fr else q["rule"],
                    f"{q['required']:.0%}".replace("%", "\u00a0%" if fr else "%"),
                    pct(q["achieved"]),
                    pct(q["margin"], "+"),
                    yes if q["ok"] else no,
                    pct(g["achieved"]) + ("" if g["ok"] else f" ({no})"),
                    q["basis"].replace("broadcasts", "diffusions") if fr else q["basis"],
                ),
                strict=True,
            )
        )
        for q, g in zip(r["quotas"], r["greedy_quotas"], strict=True)
    ]
    emit_rows(rows, list(cols), "table", title="Quotas")
    if r["findings"]:
        broken = "règle(s) non respectée(s)" if fr else "rule(s) broken"
        console.print(f"[bold red]{len(r['findings'])} {broken}[/]", highlight=False)
    model = r["audience_model"]["fr" if fr else "en"]
    console.print(
        f"modèle d'audience : {model}" if fr else f"audience model: {model}",
        highlight=False,
        soft_wrap=True,
    )
    print_outputs(ws, job)
