"""``imagia metadata MEDIA``: a programme's metadata as EBUCore XML or JSON (use case metadata).

One function, mounted as a top-level command by :mod:`imagia.cli`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_tool, save_copy


def metadata(
    media: Path = typer.Argument(..., help="Video or audio file."),
    to: str = declared("media-metadata", "to", "--to"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Also write the result here."),
    loudness: bool = declared("media-metadata", "loudness", "--loudness/--no-loudness"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """A programme's metadata as EBUCore XML or JSON (technical, and descriptive if indexed).

    Technical: ffprobe and loudness; descriptive, for an indexed file: language, keywords,
    shots, people and sound classes.
    """
    from imagia.core.errors import BadValue
    from imagia.metadata.jobs import TARGETS

    fmt = to.lower()
    if fmt not in TARGETS:
        raise BadValue("--to", to, TARGETS)
    params: dict[str, Any] = {"media": str(media), "to": fmt, "loudness": loudness}
    ws, job = run_tool(workspace, "media-metadata", params)
    r = job.result
    kind = "metadata/ebucore" if fmt == "ebucore" else "report/json"
    save_copy(ws, job, kind, output)
    if as_json:
        emit_json(
            {"job": job.id, **r, "outputs": job.outputs, "output": str(output) if output else None}
        )
        return
    dur = f"{r['duration']:.2f} s" if r.get("duration") is not None else "unknown duration"
    what = (
        f"indexed: language {r.get('language') or '?'}, {r.get('shots', 0)} shot(s), "
        f"{len(r.get('keywords', []))} keyword(s), {len(r.get('people', []))} person(s)"
        if r["indexed"]
        else "not indexed: technical metadata only"
    )
    console.print(f"{media.name}: {dur}, {what}", highlight=False)
    print_outputs(ws, job)
    if output is not None:
        console.print(f"  → {output}", highlight=False)
