"""``imagia clips ...``: clips under rights (use case clipping)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(help="Clips under rights: find moments by what is said, meant or shown "
                  "on screen, keep those the "
                  "rights register clears, render them with a rights report.",
                  no_args_is_help=True)


@app.command("make")
def make(
    query: str = typer.Argument(..., help="Words said (or meant, in any language, or shown on "
                                "screen) in the moments to clip."),
    territory: str = typer.Option(..., help="ISO 3166 alpha-2 country code, e.g. FR."),
    channel: str = typer.Option(..., help="social, avod, svod, tv, press, cinema..."),
    on: str = typer.Option("", "--date", help="Date of exploitation YYYY-MM-DD (default "
                           "today)."),
    max_clips: int = typer.Option(5, "--max", help="Most clips to render."),
    subtitles: bool = typer.Option(True, "--subtitles/--no-subtitles",
                                   help="Burn in subtitles from the transcript."),
    loudness: str = typer.Option("-23", help="Integrated loudness target in LUFS (-23 "
                                 "broadcast, -14 social/streaming), or off."),
    handles: float = typer.Option(0.5, help="Seconds added before and after each moment."),
    person: str | None = typer.Option(None, "--person", help="Only moments where this named "
                                      "person's face is seen (see imagia people)."),
    sound: str | None = typer.Option(None, "--sound", help="Only moments where this sound "
                                     "class is heard (e.g. music, speech, gunshot)."),
    workspace: Path | None = typer.Option(None, "--workspace", "-w", help="Workspace folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Find, clear and render clips; say why the other moments are left out."""
    from imagia.clips.jobs import options

    params: dict[str, Any] = {"query": query, "territory": territory, "channel": channel,
                              "date": on, "max": max_clips, "subtitles": subtitles,
                              "loudness": loudness, "handles": handles}
    if person:
        params["person"] = person
    if sound:
        params["sound"] = sound
    options(params).validated()  # fail fast, before a job is recorded
    ws = wsmod.resolve(workspace)
    job = run_with_progress(ws, jobmod.submit(ws, "clips-make", params, []).id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(f"{r['found']} moment(s) for {query!r}, {r['kept']} kept, {r['excluded']} "
                  f"excluded ({r['use']})", highlight=False)
    for c in r["clips"]:
        loud = f", {c['loudness']} LUFS" if c["loudness"] is not None else ""
        console.print(f"  [green]kept[/] {c['asset']} {c['tc_in']}-{c['tc_out']} → {c['clip']} "
                      f"({c['duration']:.2f} s{loud})", highlight=False)
    for x in r["excluded_reasons"]:
        console.print(f"  [red]excluded[/] {x['asset']} {x['tc_in']}: "
                      f"{'; '.join(x['reasons'])}", highlight=False)
    print_outputs(ws, job)
