"""``imagia highlights``: rank the strongest moments of a programme for a trailer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_tool, save_copy


def highlights(
    media: Path = declared("highlights", "media"),
    top: int = declared("highlights", "top", "--top", "-n"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also copy the OTIO timeline here (.otio)."
    ),
    length: float = declared("highlights", "length", "--length"),
    faces: bool = declared("highlights", "faces", "--faces/--no-faces"),
    detector: str = declared("highlights", "detector", "--detector"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Rank trailer moments: loud peaks, punchlines, close-ups, quick cuts (OTIO + JSON)."""
    params: dict[str, Any] = {
        "media": str(media),
        "top": top,
        "length": length,
        "faces": faces,
        "detector": detector,
    }
    ws, job = run_tool(workspace, "highlights", params)
    r = dict(job.result)
    if save_copy(ws, job, "timeline/otio", output):
        r["copied_to"] = str(output)
    if as_json:
        emit_json({"job": job.id, **r, "outputs": [str(ws.root / o["path"]) for o in job.outputs]})
        return
    for m in r["moments"]:
        console.print(
            f"#{m['rank']} {m['timecode_in']}-{m['timecode_out']} "
            f"score {m['score']:.2f}: {'; '.join(m['why'])}",
            highlight=False,
            soft_wrap=True,
        )
    for n in r["notes"]:
        console.print(f"  • {n}", highlight=False, soft_wrap=True)
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False, soft_wrap=True)
    if output is not None:
        console.print(f"  → {output}", highlight=False, soft_wrap=True)
