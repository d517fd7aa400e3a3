"""Video facts and frame decoding through an ffmpeg rawvideo pipe (BGR, what OpenCV uses)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from imagia.core.errors import BadFile
from imagia.media.probe import probe


@dataclass(frozen=True)
class VideoInfo:
    """The first video stream of ``path``: size, exact rate, estimated frame count, audio."""

    path: Path
    width: int
    height: int
    fps: Fraction
    frames: int
    duration: float
    has_audio: bool
    audio_codec: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "width": self.width,
            "height": self.height,
            "fps": str(self.fps),
            "frames": self.frames,
            "duration": round(self.duration, 3),
            "audio": self.has_audio,
        }


def video_info(path: Path) -> VideoInfo:
    """Probe ``path``; :class:`BadFile` when it is missing, not media or has no video."""
    info = probe(path)
    v = info.video
    if v is None or v.size is None:
        raise BadFile(path, "has no video stream to reframe or analyse")
    fps = v.frame_rate or Fraction(25)
    duration = float(v.duration or info.duration or 0.0)
    frames = v.frames or max(1, round(duration * float(fps)))
    audio = info.audio
    return VideoInfo(
        path,
        v.size[0],
        v.size[1],
        fps,
        frames,
        duration,
        bool(audio),
        audio[0].codec if audio else None,
    )


def frames(path: Path, width: int, height: int, every: int = 1) -> Iterator[tuple[int, np.ndarray]]:
    """Decode the first video stream scaled to ``width`` x ``height`` (BGR uint8), keeping every
    ``every``-th frame; yields ``(frame_number, image)``. Raises :class:`BadFile` when ffmpeg
    fails or nothing decodes."""
    from imagia.media.frames import decode

    vf = "" if every == 1 else f"select='not(mod(n\\,{every}))'"
    for n, img in decode(path, width, height, vf, passthrough=True):
        yield n * every, img
