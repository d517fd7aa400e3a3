"""Demo input of ``deliver-ladder``: 2 s of ffmpeg's ``testsrc2`` pattern at 640x360 with a
tone, small enough for the demo workspace, large enough for two rungs of the fixed ladder."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.encode import MUX_H264_AAC
from imagia.media.probe import ffmpeg_exe


def demo_clip(ws: Workspace) -> Path:
    out = ws.files_dir / "demo-ladder-source.mp4"
    if not out.exists():
        tmp = out.with_name(".demo-ladder-source.tmp.mp4")
        graph = "testsrc2=s=640x360:r=25:d=2[v];sine=frequency=440:duration=2[a]"
        cmd = [ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, *MUX_H264_AAC]
        subprocess.run([*cmd, "-crf", "12", str(tmp)], check=True)
        tmp.replace(out)
    return out


def ladder_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_clip(ws)
    params = {"media": str(media), "preset": "veryfast", "budget": 1.0, "targets": "93,80,70"}
    return params, [media]
