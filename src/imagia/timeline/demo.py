"""Demo of ``edit-cuts``: an 8 s "programme" of four coloured shots of known lengths (2, 1.6,
3 and 1.4 s at 25 fps: cuts at frames 50, 90 and 165) made with ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.probe import ffmpeg_exe

SHOTS = (("0x2a6f97", 2.0), ("0xc9733a", 1.6), ("0x3d8b4f", 3.0), ("0xe8d44d", 1.4))


def demo_programme(ws: Workspace) -> Path:
    out = ws.files_dir / "demo-programme.mp4"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(".demo-programme.tmp.mp4")
    inputs: list[str] = []
    for colour, seconds in SHOTS:
        inputs += ["-f", "lavfi", "-i", f"color={colour}:s=320x180:r=25:d={seconds}"]
    total = sum(s for _, s in SHOTS)
    n = len(SHOTS)
    graph = "".join(f"[{k}:v]" for k in range(n)) + f"concat=n={n}:v=1:a=0[v]"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-y",
            "-v",
            "error",
            *inputs,
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=330:duration={total}",
            "-filter_complex",
            graph,
            "-map",
            "[v]",
            "-map",
            f"{n}:a",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-t",
            str(total),
            str(tmp),
        ],
        check=True,
    )
    tmp.replace(out)
    return out


def cuts_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    clip = demo_programme(ws)
    return {"media": str(clip), "to": "fcpxml", "threshold": 27.0}, [clip]
