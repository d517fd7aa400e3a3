"""Demo inputs of the promo tools, made here: a drawn face sliding across a 1280x720 frame
(reframe, smart framing) and the same with a loud burst over quick cuts (highlights)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.encode import MUX_H264_AAC
from imagia.media.probe import ffmpeg_exe
from imagia.media.synthetic import demo_face_clip


def trailer_clip(ws: Workspace) -> Path:
    """The face clip, then four 0.5 s colour shots under a loud noise burst, then the face
    again (10 s)."""
    out = ws.files_dir / "demo-trailer-source.mp4"
    if out.exists():
        return out
    face = demo_face_clip(ws)
    tmp = out.with_name(".demo-trailer-source.tmp.mp4")
    colours = "".join(
        f"color=c={c}:s=1280x720:r=25:d=0.5[c{k}];"
        for k, c in enumerate(("red", "white", "blue", "yellow"))
    )
    graph = (
        f"{colours}[0:v]split[f1][g];[g]hflip[f2];"
        "[f1][c0][c1][c2][c3][f2]concat=n=6:v=1:a=0[v];"
        "sine=frequency=220:duration=10,volume=0.03[s];"
        "anoisesrc=d=1.5:c=pink:a=0.9,adelay=4200|4200[b];"
        "[s][b]amix=inputs=2:normalize=0:duration=first[a]"
    )
    subprocess.run(
        [
            ffmpeg_exe(),
            "-y",
            "-v",
            "error",
            "-i",
            str(face),
            "-filter_complex",
            graph,
            *MUX_H264_AAC,
            "-t",
            "10",
            str(tmp),
        ],
        check=True,
        capture_output=True,
    )
    tmp.replace(out)
    return out


def reframe_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    clip = demo_face_clip(ws)
    return {"media": str(clip), "aspect": "9:16", "size": "540x960"}, [clip]


def smart_framing_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    clip = demo_face_clip(ws)
    return {"media": str(clip), "face_fraction": 0.45, "size": "640x360"}, [clip]


def highlights_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    clip = trailer_clip(ws)
    return {"media": str(clip), "top": 3, "length": 3.0}, [clip]
