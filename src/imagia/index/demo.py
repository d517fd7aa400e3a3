"""Demo of the index tools: a 6 s clip of three coloured shots (2 s each) with speech over it
(espeak-ng when installed, else a tone), made with ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.encode import MUX_H264_AAC
from imagia.media.probe import ffmpeg_exe
from imagia.media.synthetic import demo_face_clip

DEMO_TEXT = "The river banks at night. Voici la rivière en été."


def demo_clip(ws: Workspace) -> Path:
    out = ws.files_dir / "demo-rushes.mp4"
    if out.exists():
        return out
    tmp = out.with_name(".demo-rushes.tmp.mp4")
    espeak = shutil.which("espeak-ng")
    raw = out.with_suffix(".raw.wav")
    if espeak:
        subprocess.run(
            [
                espeak,
                "-v",
                "en-us",
                "-s",
                "150",
                "-w",
                str(raw),
                "The river banks at night. The works will start in the spring.",
            ],
            check=True,
            capture_output=True,
        )
        audio = ["-i", str(raw)]
    else:
        audio = ["-f", "lavfi", "-i", "sine=frequency=440:duration=6"]
    colours = [
        ["-f", "lavfi", "-i", f"color={c}:s=320x180:r=25:d=2"]
        for c in ("0x2a6f97", "0xc9733a", "0x3d8b4f")
    ]
    subprocess.run(
        [
            ffmpeg_exe(),
            "-y",
            "-v",
            "error",
            *colours[0],
            *colours[1],
            *colours[2],
            *audio,
            "-filter_complex",
            "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v];[3:a]apad,atrim=0:6[a]",
            *MUX_H264_AAC,
            "-t",
            "6",
            str(tmp),
        ],
        check=True,
    )
    raw.unlink(missing_ok=True)
    tmp.replace(out)
    return out


def add_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    """The spoken demo clip and the promo demo's drawn face (so the people page has someone
    to name)."""
    clips = [demo_clip(ws), demo_face_clip(ws)]
    return {"media": [str(c) for c in clips], "model": "tiny.en", "transcribe": True}, clips


def search_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    from imagia.core import jobs
    from imagia.core.provenance import sha256_file
    from imagia.index.store import open_index

    clip = demo_clip(ws)
    if not open_index(ws).has(sha256_file(clip)):
        # the search needs an index: run the index-add example first when it has not run
        params, inputs = add_example(ws)
        jobs.run(ws, jobs.submit(ws, "index-add", params, inputs).id)
    return {"query": "river", "limit": 20}, []
