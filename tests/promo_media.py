"""Clips made with ffmpeg for the promo tests: a drawn face moving across a wide frame (its
position is known on every frame) and a programme with one loud burst over quick cuts."""

from __future__ import annotations

import subprocess
from pathlib import Path

from imagia.media.encode import MUX_H264_AAC
from imagia.media.synthetic import moving_face_clip
from tests.media_cache import session_media

__all__ = ["FACE", "SPEED", "X0", "burst_clip", "face_clip", "face_x", "run_cli"]

FACE, SPEED, X0 = 200, 200.0, 100.0


@session_media
def face_clip(path: Path, seconds: float = 3.0, **kw: object) -> Path:
    """1280x720 at 25 fps, a 200 px face sliding right at 200 px/s from x=100."""
    return moving_face_clip(path, seconds=seconds, face=FACE, speed=SPEED, x0=X0, **kw)  # type: ignore[arg-type]


def face_x(frame: int, rate: float = 25.0) -> float:
    """Left edge of the face picture on ``frame`` (the overlay's x expression)."""
    return X0 + SPEED * frame / rate


@session_media
def burst_clip(path: Path) -> Path:
    """14 s at 320x180/25 fps: shots of 4 s, 4 s, then four of 0.6 s (8.0-10.4 s), then 3.6 s;
    a quiet tone all along and a loud pink-noise burst at 8.6-9.6 s."""
    seconds = (4.0, 4.0, 0.6, 0.6, 0.6, 0.6, 3.6)
    colours = ("0x2a6f97", "0xc9733a", "red", "white", "blue", "yellow", "0x3d8b4f")
    inputs: list[str] = []
    for c, d in zip(colours, seconds, strict=True):
        inputs += ["-f", "lavfi", "-i", f"color=c={c}:s=320x180:r=25:d={d}"]
    n = len(seconds)
    inputs += [
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=220:duration=14,volume=0.03",
        "-f",
        "lavfi",
        "-i",
        "anoisesrc=d=1:c=pink:a=0.9",
    ]
    graph = (
        "".join(f"[{k}:v]" for k in range(n)) + f"concat=n={n}:v=1:a=0[v];"
        f"[{n + 1}:a]adelay=8600|8600[b];[{n}:a][b]amix=inputs=2:normalize=0:"
        "duration=first[a]"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            *inputs,
            "-filter_complex",
            graph,
            *MUX_H264_AAC,
            "-t",
            "14",
            str(path),
        ],
        check=True,
    )
    return path


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``imagia ARGS`` in this process through the CLI's error boundary (``main``);
    returns (exit code, stdout, stderr)."""
    import contextlib
    import io
    import sys

    from imagia.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["imagia", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()
