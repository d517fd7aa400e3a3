"""``imagia highlights``: rank the strongest moments of a programme for a trailer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod


def highlights(
    media: Path = typer.Argument(..., help="Programme, trailer source or rushes."),
    top: int = typer.Option(5, "--top", "-n", help="How many moments."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Also copy the OTIO timeline here (.otio)."),
    length: float = typer.Option(4.0, help="Length of a moment in seconds."),
    faces: bool = typer.Option(True, "--faces/--no-faces", help="Score close-ups (face "
                               "tracking)."),
    workspace: Path | None = typer.Option(None, "--workspace", "-w", help="Workspace folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Rank trailer moments: loud peaks, punchlines, close-ups, quick cuts (OTIO + JSON)."""
    from imagia.cli.reframe import _copy
    from imagia.core.errors import BadFile, BadValue

    if not 1 <= top <= 100:
        raise BadValue("top", top, reason="between 1 and 100 moments")
    if not media.is_file():
        raise BadFile(media, "file not found")
    params: dict[str, Any] = {"media": str(media.resolve()), "top": top, "length": length,
                              "faces": faces}
    ws = wsmod.resolve(workspace)
    job = run_with_progress(ws, jobmod.submit(ws, "highlights", params, [media.resolve()]).id)
    r = dict(job.result)
    otio_file = next((ws.root / o["path"] for o in job.outputs if o["kind"] == "timeline/otio"),
                     None)
    if output is not None and otio_file is not None:
        _copy(otio_file, output)
        r["copied_to"] = str(output)
    if as_json:
        emit_json({"job": job.id, **r, "outputs": [str(ws.root / o["path"])
                                                   for o in job.outputs]})
        return
    for m in r["moments"]:
        console.print(f"#{m['rank']} {m['timecode_in']}-{m['timecode_out']} "
                      f"score {m['score']:.2f}: {'; '.join(m['why'])}", highlight=False,
                      soft_wrap=True)
    for n in r["notes"]:
        console.print(f"  • {n}", highlight=False, soft_wrap=True)
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False, soft_wrap=True)
    if output is not None:
        console.print(f"  → {output}", highlight=False, soft_wrap=True)
