"""``imagia catalogue ...`` and ``imagia advise``: the study's map from the terminal."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.panel import Panel

from imagia.catalogue import advisor
from imagia.catalogue import assessments as asm
from imagia.catalogue.query import Catalogue, Filters
from imagia.cli.options import FORMAT, JSON_FORMAT
from imagia.cli.output import check_format, console, emit_json, emit_rows
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="The study's ~60 use cases as data: list, show, search, stats, diff.", no_args_is_help=True
)

FormatOpt = FORMAT
JsonOpt = JSON_FORMAT
LangOpt = typer.Option(None, "--lang", help="fr or en (default: from $LANG).")
WsOpt = typer.Option(None, "--workspace", "-w", help="Workspace folder (for its assessments).")


def lang_of(value: str | None) -> str:
    if value in ("fr", "en"):
        return value
    if value is not None:
        from imagia.core.errors import BadValue

        raise BadValue("lang", value, ["fr", "en"])
    env = __import__("os").environ.get("LANG", "")
    return "fr" if env.lower().startswith("fr") else "en"


def load_catalogue(workspace: Path | None) -> Catalogue:
    folder = None
    if workspace is not None:
        folder = wsmod.resolve(workspace).assessments_dir
    elif wsmod.is_workspace(Path.cwd()):
        folder = wsmod.Workspace(Path.cwd()).assessments_dir
    return Catalogue.load(assessments=folder)


def _row(uc: dict, lang: str) -> dict:
    return {
        "id": uc["id"],
        "name": uc["name_fr"] if lang == "fr" else uc["name_en"],
        "group": uc["group"],
        "sectors": uc["sectors"],
        "stages": [s for v in uc["stages"].values() for s in v],
        "maturity": uc["maturity"]["level"],
        "impact": uc["impact"]["level"],
        "status": uc["status"],
    }


@app.command("list")
def list_(
    sector: str | None = typer.Option(None, help="cinema_av or games."),
    stage: str | None = typer.Option(None, help="Stage id, e.g. postproduction, post_launch."),
    profession: str | None = typer.Option(None, help="Profession id, e.g. screenwriters."),
    group: str | None = typer.Option(None, help="One of the study's 7 groups."),
    maturity: int | None = typer.Option(None, "--maturity", help="Maturity level at least N."),
    impact: int | None = typer.Option(None, help="Expected impact on jobs, level N (1-4)."),
    interest: str | None = typer.Option(None, help="e.g. time_saving, cost_reduction."),
    status: str | None = typer.Option(
        None, help="runs, partial, not_yet, or imagia (runs or partial)."
    ),
    runs: bool = typer.Option(False, "--runs", help="Only use cases imagia runs, fully or partly."),
    at: str | None = typer.Option(None, "--at", help="Assessment date (default: the latest)."),
    fmt: str = FormatOpt,
    as_json: bool = JsonOpt,
    lang: str | None = LangOpt,
    workspace: Path | None = WsOpt,
) -> None:
    """List use cases, filtered; every filter value is checked against the valid ones."""
    fmt = check_format("json" if as_json else fmt)
    cat = load_catalogue(workspace)
    f = Filters(
        sector,
        stage,
        profession,
        group,
        maturity,
        impact,
        interest,
        "imagia" if runs and status is None else status,
    )
    found = {uc.id for uc in cat.filter(f)}
    items = [uc.to_dict() for uc in cat.at(at) if uc.id in found]
    lg = lang_of(lang)
    emit_rows(
        [_row(u, lg) for u in items],
        ["id", "name", "group", "sectors", "stages", "maturity", "impact", "status"],
        fmt,
        title=f"{len(items)} use cases",
        json_rows=items,
    )


@app.command()
def show(
    usecase: str = typer.Argument(..., help="Use case id, e.g. subtitling."),
    as_json: bool = JsonOpt,
    lang: str | None = LangOpt,
    workspace: Path | None = WsOpt,
) -> None:
    """Show one use case's whole card."""
    cat = load_catalogue(workspace)
    uc = cat.get(usecase).to_dict()
    if as_json:
        emit_json(uc)
        return
    lg = lang_of(lang)
    name = uc["name_fr"] if lg == "fr" else uc["name_en"]
    other = uc["name_en"] if lg == "fr" else uc["name_fr"]
    lines = [
        f"[bold]{name}[/]  ({other})",
        f"id: {uc['id']}   group: {uc['group']}   sectors: {', '.join(uc['sectors'])}",
        "stages: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in uc["stages"].items()),
        "",
        uc["description"][lg],
        "",
        f"[bold]maturity[/] {uc['maturity']['level']}/4 — {uc['maturity']['label_' + lg]}"
        f" ({uc['maturity']['basis']}, assessment {uc['assessment']})",
        f"[bold]impact on jobs[/] {uc['impact']['level']}/4 — {uc['impact']['label_' + lg]}",
        "[bold]professions[/]: " + ", ".join(p[lg] for p in uc["professions"]),
        "[bold]interests[/]: " + ", ".join(uc["interests"]),
        "[bold]products cited[/]: " + (", ".join(uc["tools_cited"]) or "—"),
        "[bold]legal/ethical flags[/]: " + (", ".join(uc["flags"]) or "—"),
        "",
        "[bold]adoption[/]: " + uc["adoption"][lg],
    ]
    if uc["perception"]:
        lines.append("[bold]professionals[/]: " + uc["perception"][lg])
    for ex in uc["examples"]:
        lines.append(" • " + ex[lg])
    lines.append("")
    lines.append(f"[bold]sources (study)[/]: {', '.join(map(str, uc['sources'])) or '—'}")
    if uc["imagia_tools"]:
        for t in uc["imagia_tools"]:
            lines.append(f"[bold green]imagia {t['status']}[/]: {t['command']} — {t['scope']}")
    else:
        lines.append("[dim]imagia: not yet[/]")
    console.print(Panel("\n".join(lines), expand=False), highlight=False)


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to find (French or English, any accents)."),
    fmt: str = FormatOpt,
    as_json: bool = JsonOpt,
    lang: str | None = LangOpt,
) -> None:
    """Search names, keywords, products, professions and descriptions (accent-insensitive)."""
    fmt = check_format("json" if as_json else fmt)
    cat = load_catalogue(None)
    hits = cat.search(text)
    lg = lang_of(lang)
    rows = [{**_row(uc.to_dict(), lg), "score": s} for uc, s in hits]
    emit_rows(
        rows,
        ["id", "name", "score", "status"],
        fmt,
        title=f"{len(rows)} matches",
        json_rows=[{**uc.to_dict(), "score": s} for uc, s in hits],
    )


@app.command()
def stats(fmt: str = FormatOpt, as_json: bool = JsonOpt) -> None:
    """Use cases per stage and sector beside the study's synthesis counts, with reasons."""
    fmt = check_format("json" if as_json else fmt)
    rows = load_catalogue(None).stats()
    emit_rows(
        rows,
        ["sector", "stage", "cards", "study", "difference", "explanation"],
        fmt,
        title="Use cases per stage: cards vs the study's synthesis",
    )


@app.command()
def diff(
    before: str = typer.Argument(..., help="Assessment date, e.g. 2024-01."),
    after: str = typer.Argument(..., help="A later assessment date of the workspace."),
    fmt: str = FormatOpt,
    as_json: bool = JsonOpt,
    workspace: Path | None = WsOpt,
) -> None:
    """What moved (maturity, impact) between two dated assessments."""
    fmt = check_format("json" if as_json else fmt)
    cat = load_catalogue(workspace)
    changes = asm.diff(cat.history, before, after)
    rows = [c.__dict__ for c in changes]
    emit_rows(
        rows,
        ["usecase", "field", "before", "after", "rationale"],
        fmt,
        title=f"{len(rows)} changes from {before} to {after}",
    )


@app.command()
def assessments(workspace: Path | None = WsOpt, as_json: bool = JsonOpt) -> None:
    """List the dated assessments available (the study's baseline and the workspace's)."""
    cat = load_catalogue(workspace)
    rows = [{"date": h.date, "source": h.source} for h in cat.history]
    emit_rows(rows, ["date", "source"], "json" if as_json else "table")


def advise(
    sector: str = typer.Option(..., help="cinema_av or games."),
    genre: str | None = typer.Option(
        None, help="fiction-film, series, documentary, animation or video-game."
    ),
    stage: str | None = typer.Option(None, help="Stage id of the sector, e.g. postproduction."),
    goal: str = typer.Option(
        "time", help="time, cost, quality, creativity, experience, revenue or risk."
    ),
    budget: str = typer.Option("mid", help="low, mid or high."),
    limit: int = typer.Option(10, help="How many use cases to show."),
    fmt: str = FormatOpt,
    as_json: bool = JsonOpt,
    lang: str | None = LangOpt,
) -> None:
    """Rank the use cases that fit a project, with reasons, flags and the imagia command."""
    fmt = check_format("json" if as_json else fmt)
    req = advisor.Request(sector=sector, genre=genre, stage=stage, goal=goal, budget=budget)
    recs = advisor.advise(load_catalogue(None), req)[: max(1, limit)]
    lg = lang_of(lang)
    rows = [
        {
            "rank": i + 1,
            "id": r.usecase.id,
            "name": r.usecase.name(lg),
            "score": r.score,
            "maturity": r.usecase.maturity_level,
            "impact": r.usecase.impact_level,
            "flags": list(r.usecase.card.flags),
            "imagia": r.command or "",
            "why": "; ".join(r.reasons_fr if lg == "fr" else r.reasons),
        }
        for i, r in enumerate(recs)
    ]
    emit_rows(
        rows,
        ["rank", "id", "name", "score", "maturity", "impact", "flags", "imagia", "why"],
        fmt,
        title="Advice",
        json_rows=[r.to_dict() for r in recs],
    )


@app.command()
def stages(
    sector: str = typer.Option("cinema_av", help="cinema_av or games."),
    fmt: str = FormatOpt,
    as_json: bool = JsonOpt,
    lang: str | None = LangOpt,
) -> None:
    """The value chain of a sector: stages in order with the use cases at each stage."""
    from imagia.catalogue import structures

    fmt = check_format("json" if as_json else fmt)
    lg = lang_of(lang)
    cat = load_catalogue(None)
    rows = []
    for st in structures.stages(sector):
        members = [
            uc.id
            for uc in cat.filter(Filters(sector=sector, stage=st["id"]))
            if st["id"] in uc.card.stages.get(sector, [])  # type: ignore[call-overload]
        ]
        rows.append(
            {"id": st["id"], "name": st[f"name_{lg}"], "count": len(members), "usecases": members}
        )
    emit_rows(
        rows, ["id", "name", "count", "usecases"], fmt, title=structures.sector_name(sector, lg)
    )


@app.command()
def professions(
    sector: str | None = typer.Option(None, help="cinema_av or games."),
    fmt: str = FormatOpt,
    as_json: bool = JsonOpt,
    lang: str | None = LangOpt,
) -> None:
    """The professions of the study and the use cases that touch each, with expected impact."""
    from imagia.catalogue import structures

    fmt = check_format("json" if as_json else fmt)
    lg = lang_of(lang)
    cat = load_catalogue(None)
    touching: dict[str, list[str]] = {}
    for uc in cat.all():
        for pid in uc.profession_ids:
            touching.setdefault(pid, []).append(f"{uc.id} ({uc.impact_level or '?'})")
    rows = []
    for p in structures.professions():
        if sector and sector not in p.get("sectors", []):
            continue
        rows.append(
            {
                "id": p["id"],
                "name": p.get(f"name_{lg}", p["id"]),
                "sectors": p.get("sectors", []),
                "evolution": p.get("evolution"),
                "usecases": touching.get(p["id"], []),
            }
        )
    emit_rows(
        rows,
        ["id", "name", "sectors", "evolution", "usecases"],
        fmt,
        title="Professions (use case (impact level))",
        json_rows=rows,
    )


@app.command()
def flags(fmt: str = FormatOpt, as_json: bool = JsonOpt, lang: str | None = LangOpt) -> None:
    """The six legal and ethical flags of the study and what to check for each."""
    from imagia.catalogue import structures

    fmt = check_format("json" if as_json else fmt)
    lg = lang_of(lang)
    cat = load_catalogue(None)
    rows = [
        {
            "id": f["id"],
            "name": f.get(f"name_{lg}"),
            "check": (f.get("check") or {}).get(lg),
            "usecases": [uc.id for uc in cat.all() if f["id"] in uc.card.flags],
        }
        for f in structures.flags()
    ]
    emit_rows(rows, ["id", "name", "check", "usecases"], fmt, title="Legal and ethical flags")
