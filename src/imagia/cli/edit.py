"""``imagia edit ...``: timelines for editing systems (use case assisted-editing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_tool, save_copy

app = typer.Typer(
    help="Editing: a programme's cuts (scene edit detection) as a CMX3600 EDL, "
    "OpenTimelineIO or FCPXML timeline.",
    no_args_is_help=True,
)


@app.command("cuts")
def cuts(
    media: Path = declared("edit-cuts", "media"),
    to: str | None = typer.Option(
        None, "--to", help="edl, otio or fcpxml (default: the suffix of --output, else edl)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also write the timeline here (.edl, .otio, .fcpxml)."
    ),
    threshold: float = declared("edit-cuts", "threshold", "--threshold"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
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
    params: dict[str, Any] = {"media": str(media), "to": fmt, "threshold": threshold}
    ws, job = run_tool(workspace, "edit-cuts", params)
    r = job.result
    save_copy(ws, job, f"timeline/{fmt}", output)
    if as_json:
        emit_json(
            {"job": job.id, **r, "outputs": job.outputs, "output": str(output) if output else None}
        )
        return
    console.print(
        f"{media.name}: {r['shots']} shot(s) at {r['rate']} fps "
        f"({'drop-frame' if r['drop_frame'] else 'non-drop'}), {r['duration']}",
        highlight=False,
    )
    print_outputs(ws, job)
    if output is not None:
        console.print(f"  → {output}", highlight=False)
