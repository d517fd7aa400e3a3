"""``imagia deliver``: per-title encoding ladders measured by VMAF, HLS and DASH packaging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_tool, save_copy

app = typer.Typer(
    help="Delivery: per-title encoding ladders measured by VMAF, HLS and DASH packaging.",
    no_args_is_help=True,
)


@app.command("ladder")
def ladder(
    media: Path = declared("deliver-ladder", "media"),
    codec: str = declared("deliver-ladder", "codec", "--codec"),
    budget: float = declared("deliver-ladder", "budget", "--budget"),
    targets: str = declared("deliver-ladder", "targets", "--targets"),
    preset: str = declared("deliver-ladder", "preset", "--preset"),
    segments: int = declared("deliver-ladder", "segments", "--segments"),
    segment_seconds: float = declared("deliver-ladder", "segment_seconds", "--segment-seconds"),
    compare: bool = declared("deliver-ladder", "compare", "--compare/--no-compare"),
    package: str = declared("deliver-ladder", "package", "--package"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also copy the ladder JSON here."
    ),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Build the title's encoding ladder: grid, VMAF, hull, rungs, BD-rate, plot, report."""
    from imagia.deliver.hull import parse_targets
    from imagia.deliver.package import parse_formats

    parse_targets(targets)
    parse_formats(package)
    params: dict[str, Any] = {
        "media": str(media),
        "codec": codec,
        "budget": budget,
        "targets": targets,
        "preset": preset,
        "segments": segments,
        "segment_seconds": segment_seconds,
        "compare": compare,
        "package": package,
    }
    ws, job = run_tool(workspace, "deliver-ladder", params)
    r = dict(job.result)
    if save_copy(ws, job, "encoding-ladder/json", output):
        r["copied_to"] = str(output)
    if as_json:
        emit_json({"job": job.id, **r, "outputs": [str(ws.root / o["path"]) for o in job.outputs]})
        return
    bd = r.get("bd_rate")
    versus = "not comparable" if bd is None else f"{bd * 100:+.1f} %"
    console.print(
        f"{media.name}: {r['rungs']} rung(s) {', '.join(r['ladder'])}; BD-rate against the "
        f"fixed ladder: {versus}; {r['cells']} encodes in {r['spent_minutes']} min",
        highlight=False,
        soft_wrap=True,
    )
    for g in r.get("gave_up", []):
        console.print(f"  • budget: {g}", highlight=False, soft_wrap=True)
    for o in job.outputs:
        if o["kind"] in ("stream/segment", "provenance/json"):
            continue
        console.print(f"  → {ws.root / o['path']}", highlight=False, soft_wrap=True)
    if output is not None and "copied_to" in r:
        console.print(f"  → {output}", highlight=False, soft_wrap=True)
