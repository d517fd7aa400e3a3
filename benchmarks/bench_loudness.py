"""Loudness measurement vs a plain decode of the same file (ffmpeg -f null), at 3 durations."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from benchmarks.timing import best_of
from imagia.post.loudness import measure


def _make(path: Path, seconds: int) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"anoisesrc=color=pink:amplitude=0.1:seed=1:duration={seconds}",
            "-ac",
            "2",
            "-ar",
            "48000",
            "-c:a",
            "pcm_s16le",
            str(path),
        ],
        check=True,
    )
    return path


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        prev = None
        for seconds in (30, 120, 480):
            f = _make(Path(tmp) / f"pink{seconds}.wav", seconds)
            decode = best_of(
                lambda f=f: subprocess.run(  # type: ignore[misc]
                    ["ffmpeg", "-v", "error", "-i", str(f), "-f", "null", "-"], check=True
                ),
                3,
            )
            meas = best_of(lambda f=f: measure(f), 3)  # type: ignore[misc]
            growth = f"  x{meas / prev:4.1f} for x4 duration" if prev else ""
            print(
                f"{seconds:4d} s stereo: decode {decode:6.3f} s, measure {meas:6.3f} s, "
                f"ratio {meas / decode:5.2f}x decode, {seconds / meas:6.0f}x real time{growth}"
            )
            prev = meas
