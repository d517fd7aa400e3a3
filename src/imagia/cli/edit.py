"""``imagia edit ...``: timelines for editing systems (use case assisted-editing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_tool

app = typer.Typer(help="Editing: a programme's cuts (scene edit detection) as a CMX3600 EDL, "
                  "OpenTimelineIO or FCPXML timeline.", no_args_is_help=True)


def copy_output(src: Path, out: Path) -> Path:
    """Copy a job's file to where the user asked (atomically; the job's copy stays)."""
    from imagia.core.provenance import atomic_write

    with atomic_write(out, "wb") as fh:
        fh.write(src.read_bytes())
    return out


@app.command("cuts")
def cuts(
    media: Path = typer.Argument(..., help="Edited programme (video file)."),
    to: str | None = typer.Option(None, "--to", help="edl, otio or fcpxml (default: the "
                                  "suffix of --output, else edl)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Also write the timeline "
                                       "here (.edl, .otio, .fcpxml)."),
    threshold: float = typer.Option(27.0, help="Cut threshold: mean colour change 0-255."),
    workspace: Path | None = typer.Option(None, "--workspace", "-w", help="Workspace folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Find the cuts of an edited programme and write them as a timeline of one event per
    shot (source = the programme, record = the same timecodes)."""
    from imagia.core.errors import BadValue
    from imagia.timeline.model import FORMATS, SUFFIXES, format_for

    if to is not None:
        fmt = to.lower()
        if fmt not in FORMATS:
            raise BadValue("--to", to, FORMATS)
    elif output is not None:
        fmt = format_for(output)
    else:
        fmt = "edl"
    if output is not None and SUFFIXES.get(output.suffix.lower(), fmt) != fmt:
        raise BadValue("--output", str(output), reason=f"its suffix is not .{fmt} (--to {fmt})")
    if not 0 < threshold <= 255:
        raise BadValue("threshold", threshold, reason="a mean colour change in (0, 255]")
    params: dict[str, Any] = {"media": str(media.resolve()), "to": fmt, "threshold": threshold}
    ws, job = run_tool(workspace, "edit-cuts", params, [media])
    r = job.result
    written = next((ws.root / o["path"] for o in job.outputs
                    if o["kind"] == f"timeline/{fmt}"), None)
    if output is not None and written is not None:
        copy_output(written, output)
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs,
                   "output": str(output) if output else None})
        return
    console.print(f"{media.name}: {r['shots']} shot(s) at {r['rate']} fps "
                  f"({'drop-frame' if r['drop_frame'] else 'non-drop'}), {r['duration']}",
                  highlight=False)
    print_outputs(ws, job)
    if output is not None:
        console.print(f"  → {output}", highlight=False)
