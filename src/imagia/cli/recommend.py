"""``imagia recommend``: works for a viewer under editorial controls, and the offline evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_rows
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Recommend works under editorial controls (EOF/European quotas, bans, age ratings).",
    no_args_is_help=True,
)


def _files(interactions: Path | None, catalogue: Path | None) -> dict[str, str | None]:
    return {
        "interactions": str(interactions.resolve()) if interactions else None,
        "catalogue": str(catalogue.resolve()) if catalogue else None,
    }


@app.command("for")
def for_user(
    user: str = typer.Argument(..., help="The viewer's id (unknown: the popular works)."),
    interactions: Path | None = declared("recommend", "interactions", "--interactions"),
    catalogue: Path | None = declared("recommend", "catalogue", "--catalogue"),
    model: str = declared("recommend", "model", "--model"),
    n: int = declared("recommend", "n", "--n", "-n"),
    eof_share: float = declared("recommend", "eof_share", "--eof-share"),
    european_share: float = declared("recommend", "european_share", "--european-share"),
    within: int = declared("recommend", "within", "--within"),
    discovery_share: float = declared("recommend", "discovery_share", "--discovery-share"),
    new_share: float = declared("recommend", "new_share", "--new-share"),
    max_same_genre: int = declared("recommend", "max_same_genre", "--max-same-genre"),
    max_rating: str = declared("recommend", "max_rating", "--max-rating"),
    pins: str = declared("recommend", "pins", "--pins"),
    bans: str = declared("recommend", "bans", "--bans"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """The n works for USER, each with its reason, under the quotas and the profile's rating."""
    params: dict[str, Any] = {
        "user": user,
        **_files(interactions, catalogue),
        "model": model,
        "n": n,
        "eof_share": eof_share,
        "european_share": european_share,
        "within": within,
        "discovery_share": discovery_share,
        "new_share": new_share,
        "max_same_genre": max_same_genre,
        "max_rating": max_rating,
        "pins": pins,
        "bans": bans,
    }
    ws, job = run_tool(workspace, "recommend", params)
    if as_json:
        emit_job(job)
        return
    r = job.result
    rows = [
        {
            "#": p["rank"],
            "title": p["title"],
            "EOF": "yes" if p["eof"] else "",
            "European": "yes" if p["european"] else "",
            "rating": p["age_rating"],
            "why": f"{p['why_en']} {p['because']}".strip(),
        }
        for p in r["picks"]
    ]
    who = user if r["known_user"] else f"{user} (new viewer: popular works)"
    emit_rows(rows, list(rows[0]) if rows else ["#"], "table", title=f"For {who} ({r['model']})")
    console.print(
        f"{r['eof']} French original and {r['european']} European work(s) of {r['n']}; "
        f"data: {r['source']}",
        highlight=False,
        soft_wrap=True,
    )
    print_outputs(ws, job)


@app.command("evaluate")
def evaluate(
    interactions: Path | None = declared("recommend-evaluate", "interactions", "--interactions"),
    catalogue: Path | None = declared("recommend-evaluate", "catalogue", "--catalogue"),
    split: str = declared("recommend-evaluate", "split", "--split"),
    k: int = declared("recommend-evaluate", "k", "--k", "-k"),
    models: str = declared("recommend-evaluate", "models", "--models"),
    sample_users: int = declared("recommend-evaluate", "sample_users", "--sample-users"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Every model's NDCG/recall/MRR at k, coverage and quota shares, and each control's cost."""
    params: dict[str, Any] = {
        **_files(interactions, catalogue),
        "split": split,
        "k": k,
        "models": models,
        "sample_users": sample_users,
    }
    ws, job = run_tool(workspace, "recommend-evaluate", params)
    if as_json:
        emit_job(job)
        return
    r = job.result
    rows = [
        {
            "model": x["model"],
            "control": x["control"],
            f"NDCG@{r['k']}": f"{x['ndcg']:.4f}",
            f"Recall@{r['k']}": f"{x['recall']:.4f}",
            f"MRR@{r['k']}": f"{x['mrr']:.4f}",
            "coverage": f"{x['coverage']:.1%}",
            "Gini": f"{x['gini']:.3f}",
            "EOF": f"{x['eof_share']:.0%}",
            "European": f"{x['european_share']:.0%}",
        }
        for x in r["rows"]
    ]
    emit_rows(
        rows,
        list(rows[0]),
        "table",
        title=f"{r['source']}: {r['users']} users, {r['items']} items, {r['split']} split",
    )
    print_outputs(ws, job)
