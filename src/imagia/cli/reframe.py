"""``imagia reframe``: social reframing and smart-camera framing around the main face."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod


def reframe(
    media: Path = typer.Argument(..., help="Video to reframe."),
    aspect: str = typer.Option("9:16", "--aspect", "-a",
                               help="Target aspect W:H: 9:16, 1:1, 4:5, 16:9."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Also copy the reframed video here (.mp4)."),
    smart_camera: bool = typer.Option(False, "--smart-camera",
                                      help="Smart-camera framing: a tighter shot at the "
                                      "source aspect that follows the face (tool "
                                      "smart-framing); --aspect is ignored."),
    face_fraction: float = typer.Option(0.25, help="--smart-camera: face height as a share "
                                        "of the framed shot's height (0.25: medium "
                                        "close-up)."),
    size: str = typer.Option("", help="Output size WxH (default: 1080 on the short side; "
                             "the source size with --smart-camera)."),
    detector: str = typer.Option("hog", help="Face detector: hog (dlib, frontal faces) or haar "
                                 "(OpenCV cascades, frontal + profiles)."),
    sample_fps: float = typer.Option(5.0, help="Face detections per second of video."),
    workspace: Path | None = typer.Option(None, "--workspace", "-w", help="Workspace folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Reframe a video around its main face (crop path as JSON + CSV, H.264 render)."""
    from imagia.core.errors import BadFile
    from imagia.promo.detect import DETECTORS
    from imagia.promo.framing import parse_aspect
    from imagia.promo.reframe import parse_size

    if not smart_camera:
        parse_aspect(aspect)
    parse_size(size)
    if detector not in DETECTORS:
        from imagia.core.errors import BadValue

        raise BadValue("detector", detector, DETECTORS)
    if not media.is_file():
        raise BadFile(media, "file not found")
    tool = "smart-framing" if smart_camera else "reframe"
    params: dict[str, Any] = {"media": str(media.resolve()), "size": size, "detector": detector,
                              "sample_fps": sample_fps}
    if smart_camera:
        params["face_fraction"] = face_fraction
    else:
        params["aspect"] = aspect
    ws = wsmod.resolve(workspace)
    job = run_with_progress(ws, jobmod.submit(ws, tool, params, [media.resolve()]).id)
    r = dict(job.result)
    video = next((ws.root / o["path"] for o in job.outputs if o["kind"] == "video/mp4"), None)
    if output is not None and video is not None:
        _copy(video, output)
        r["copied_to"] = str(output)
    if as_json:
        emit_json({"job": job.id, **r, "outputs": [str(ws.root / o["path"])
                                                   for o in job.outputs]})
        return
    rate = r.get("face_inside_rate")
    inside = f"{rate * 100:.1f} %" if rate is not None else "no face found"
    console.print(f"{media.name}: {r['mode']} {r['output']}, {r['frames']} frames, "
                  f"{r['shots']} shot(s), face inside the crop: {inside} "
                  f"({r['detector']}), {r['x_real_time']}x real time", highlight=False,
                  soft_wrap=True)
    for n in r.get("notes", []):
        console.print(f"  • {n}", highlight=False, soft_wrap=True)
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False, soft_wrap=True)
    if output is not None:
        console.print(f"  → {output}", highlight=False, soft_wrap=True)


def _copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` through a temp file renamed at the end."""
    import shutil

    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    try:
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
    finally:
        tmp.unlink(missing_ok=True)
