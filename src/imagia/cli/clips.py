"""``imagia clips ...``: clips under rights (use case clipping)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_tool

app = typer.Typer(
    help="Clips under rights: find moments by what is said, meant or shown "
    "on screen, keep those the "
    "rights register clears, render them with a rights report.",
    no_args_is_help=True,
)


@app.command("make")
def make(
    query: str = typer.Argument(
        ...,
        help="Words said (or meant, in any language, or shown on screen) in the moments to clip.",
    ),
    territory: str = declared("clips-make", "territory", "--territory"),
    channel: str = declared("clips-make", "channel", "--channel"),
    date: str = declared("clips-make", "date", "--date"),
    max: int = declared("clips-make", "max", "--max"),
    subtitles: bool = declared("clips-make", "subtitles", "--subtitles/--no-subtitles"),
    loudness: str = declared("clips-make", "loudness", "--loudness"),
    handles: float = declared("clips-make", "handles", "--handles"),
    person: str = declared("clips-make", "person", "--person"),
    sound: str = declared("clips-make", "sound", "--sound"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Find, clear and render clips; say why the other moments are left out."""
    from imagia.clips.jobs import options

    params: dict[str, Any] = {
        "query": query,
        "territory": territory,
        "channel": channel,
        "date": date,
        "max": max,
        "subtitles": subtitles,
        "loudness": loudness,
        "handles": handles,
        "person": person,
        "sound": sound,
    }
    options(params).validated()  # fail fast, before a job is recorded
    ws, job = run_tool(workspace, "clips-make", params)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{r['found']} moment(s) for {query!r}, {r['kept']} kept, {r['excluded']} "
        f"excluded ({r['use']})",
        highlight=False,
    )
    for c in r["clips"]:
        loud = f", {c['loudness']} LUFS" if c["loudness"] is not None else ""
        console.print(
            f"  [green]kept[/] {c['asset']} {c['tc_in']}-{c['tc_out']} → {c['clip']} "
            f"({c['duration']:.2f} s{loud})",
            highlight=False,
        )
    for x in r["excluded_reasons"]:
        console.print(
            f"  [red]excluded[/] {x['asset']} {x['tc_in']}: {'; '.join(x['reasons'])}",
            highlight=False,
        )
    print_outputs(ws, job)
