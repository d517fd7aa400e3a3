"""``imagia recommend``: works for a viewer under editorial controls, and the offline evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.catalogue import LangOpt, lang_of
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
    editorial_share: float = declared("recommend", "editorial_share", "--editorial-share"),
    max_same_genre: int = declared("recommend", "max_same_genre", "--max-same-genre"),
    max_rating: str = declared("recommend", "max_rating", "--max-rating"),
    pins: str = declared("recommend", "pins", "--pins"),
    bans: str = declared("recommend", "bans", "--bans"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
    lang: str | None = LangOpt,
) -> None:
    """The n works for USER, each with its reason, under the quotas and the profile's rating."""
    fr = lang_of(lang) == "fr"
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
        "editorial_share": editorial_share,
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
    cols = (
        ("#", "titre", "EOF", "européenne", "signalétique", "pourquoi")
        if fr
        else ("#", "title", "EOF", "European", "rating", "why")
    )
    yes = "oui" if fr else "yes"
    rows = [
        dict(
            zip(
                cols,
                (
                    p["rank"],
                    p["title"],
                    yes if p["eof"] else "",
                    yes if p["european"] else "",
                    p["age_rating"],
                    f"{p['why_fr' if fr else 'why_en']} {p['because']}".strip(),
                ),
                strict=True,
            )
        )
        for p in r["picks"]
    ]
    if fr:
        who = user if r["known_user"] else f"{user} (nouveau spectateur : œuvres populaires)"
        title = f"Pour {who} ({r['model']})"
        summary = (
            f"{r['eof']} œuvre(s) d'expression originale française et {r['european']} "
            f"européenne(s) sur {r['n']} ; données : {r['source_fr']}"
        )
    else:
        who = user if r["known_user"] else f"{user} (new viewer: popular works)"
        title = f"For {who} ({r['model']})"
        summary = (
            f"{r['eof']} French original and {r['european']} European work(s) of {r['n']}; "
            f"data: {r['source']}"
        )
    emit_rows(rows, list(cols), "table", title=title)
    console.print(summary, highlight=False, soft_wrap=True)
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
