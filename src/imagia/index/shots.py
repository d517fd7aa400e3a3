"""Shot boundaries and one thumbnail per shot.

Two engines: ``content`` (built in: ffmpeg decodes a small copy of every frame, a cut is where the
mean colour difference to the previous frame crosses a threshold, PySceneDetect's
ContentDetector idea) and ``scenedetect`` (PySceneDetect's ContentDetector itself, when the
package is installed). Both are frame-exact: a shot is ``[start_frame, end_frame)``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from imagia.core.errors import BadFile, BadValue, MissingDependency
from imagia.index.store import Shot
from imagia.media.probe import ffmpeg_exe

ENGINES = ("content", "scenedetect")
_W, _H = 64, 36


@dataclass(frozen=True)
class ShotOptions:
    """``threshold``: mean colour change (0-255) that makes a cut; ``min_seconds``: shortest
    shot (flashes shorter than that do not cut)."""

    engine: str = "content"
    threshold: float = 27.0
    min_seconds: float = 0.5


def detect(path: Path, fps: Fraction, frames: int | None = None,
           options: ShotOptions | None = None) -> list[Shot]:
    o = options or ShotOptions()
    if o.engine not in ENGINES:
        raise BadValue("shots engine", o.engine, ENGINES)
    min_len = max(1, round(o.min_seconds * float(fps)))
    if o.engine == "scenedetect":
        return _scenedetect(path, o, min_len)
    return _content(path, o, min_len)


def _content(path: Path, o: ShotOptions, min_len: int) -> list[Shot]:
    import numpy as np

    cmd = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:v:0", "-vsync", "passthrough",
           "-vf", f"scale={_W}:{_H}:flags=area", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"]
    size = _W * _H * 3
    cuts = [0]
    n = 0
    prev = None
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    while True:
        buf = proc.stdout.read(size * 64)
        if not buf:
            break
        block = np.frombuffer(buf[: len(buf) - len(buf) % size], np.uint8)
        for frame in block.reshape(-1, size).astype(np.int16):
            if prev is not None:
                score = float(np.abs(frame - prev).mean())
                if score >= o.threshold and n - cuts[-1] >= min_len:
                    cuts.append(n)
            prev = frame
            n += 1
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.wait() != 0 or n == 0:
        raise BadFile(path, f"no video frames could be decoded ({err.strip()[-200:]})")
    return [Shot(a, b) for a, b in zip(cuts, [*cuts[1:], n], strict=True)]


def _scenedetect(path: Path, o: ShotOptions, min_len: int) -> list[Shot]:
    try:
        from scenedetect import ContentDetector
        from scenedetect import detect as sd_detect
    except ImportError:
        raise MissingDependency("PySceneDetect is not installed",
                                hint="pip install --no-deps 'scenedetect==0.6.7.1' "
                                "'opencv-python-headless<5' (see docs/index.md)") from None
    scenes = sd_detect(str(path), ContentDetector(threshold=o.threshold, min_scene_len=min_len))
    if not scenes:
        from scenedetect import open_video

        total = open_video(str(path)).duration.get_frames()
        return [Shot(0, total)]
    return [Shot(a.get_frames(), b.get_frames()) for a, b in scenes]


def thumbnail(path: Path, seconds: float, out: Path, width: int = 240) -> Path:
    """A small JPEG of the frame at ``seconds``, written atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp.jpg")
    proc = subprocess.run(
        [ffmpeg_exe(), "-y", "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(path),
         "-frames:v", "1", "-vf", f"scale={width}:-2", "-q:v", "5", str(tmp)],
        capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise BadFile(path, f"no frame at {seconds:.3f} s ({proc.stderr.strip()[-200:]})")
    tmp.replace(out)
    return out
