"""Clips with known cuts made with ffmpeg lavfi for the index tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from imagia.media.encode import MUX_H264_AAC
from tests.media_cache import session_media


@session_media
def shots_clip(
    path: Path,
    colours: tuple[str, ...] = ("red", "green", "blue"),
    seconds: tuple[float, ...] = (2.0, 2.0, 2.0),
    rate: str = "25",
    audio: Path | None = None,
) -> Path:
    """Coloured shots of known lengths, concatenated (cuts at their sums), with a tone or
    ``audio``."""
    inputs: list[str] = []
    for c, d in zip(colours, seconds, strict=True):
        inputs += ["-f", "lavfi", "-i", f"color={c}:s=320x180:r={rate}:d={d}"]
    n = len(colours)
    total = sum(seconds)
    if audio is None:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={total}"]
    else:
        inputs += ["-i", str(audio)]
    graph = (
        "".join(f"[{k}:v]" for k in range(n)) + f"concat=n={n}:v=1:a=0[v];"
        f"[{n}:a]apad,atrim=0:{total}[a]"
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
            str(total),
            str(path),
        ],
        check=True,
    )
    return path
