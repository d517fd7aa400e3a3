"""``imagia reframe``: social reframing and smart-camera framing around the main face."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_tool, save_copy


def reframe(
    media: Path = declared("reframe", "media"),
    aspect: str = declared("reframe", "aspect", "--aspect", "-a"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also copy the reframed video here (.mp4)."
    ),
    smart_camera: bool = typer.Option(
        False,
        "--smart-camera",
        help="Smart-camera framing: a tighter shot at the "
        "source aspect that follows the face (tool "
        "smart-framing); --aspect is ignored.",
    ),
    face_fraction: float = declared("smart-framing", "face_fraction", "--face-fraction"),
    size: str = typer.Option(
        "",
        help="Output size WxH (default: 1080 on the short side; "
        "the source size with --smart-camera).",
    ),
    detector: str = declared("reframe", "detector", "--detector"),
    sample_fps: float = declared("reframe", "sample_fps", "--sample-fps"),
    smooth_seconds: float = declared("reframe", "smooth_seconds", "--smooth-seconds"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Reframe a video around its main face (crop path as JSON + CSV, H.264 render)."""
    from imagia.promo.framing import parse_aspect
    from imagia.promo.reframe import parse_size

    if not smart_camera:
        parse_aspect(aspect)
    parse_size(size)
    tool = "smart-framing" if smart_camera else "reframe"
    params: dict[str, Any] = {
        "media": str(media),
        "size": size,
        "detector": detector,
        "sample_fps": sample_fps,
    }
    if smart_camera:
        params["face_fraction"] = face_fraction
    else:
        params["aspect"] = aspect
        params["smooth_seconds"] = smooth_seconds
    ws, job = run_tool(workspace, tool, params)
    r = dict(job.result)
    if save_copy(ws, job, "video/mp4", output):
        r["copied_to"] = str(output)
    if as_json:
        emit_json({"job": job.id, **r, "outputs": [str(ws.root / o["path"]) for o in job.outputs]})
        return
    rate = r.get("face_inside_rate")
    inside = f"{rate * 100:.1f} %" if rate is not None else "no face found"
    console.print(
        f"{media.name}: {r['mode']} {r['output']}, {r['frames']} frames, "
        f"{r['shots']} shot(s), face inside the crop: {inside} "
        f"({r['detector']}), {r['x_real_time']}x real time",
        highlight=False,
        soft_wrap=True,
    )
    for n in r.get("notes", []):
        console.print(f"  • {n}", highlight=False, soft_wrap=True)
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False, soft_wrap=True)
    if output is not None:
        console.print(f"  → {output}", highlight=False, soft_wrap=True)
