"""What a timeline needs to know of a media file, from ffprobe: frame rate, start timecode,
length in frames, picture size, audio."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from imagia.core.errors import BadValue
from imagia.media.probe import probe
from imagia.media.timecode import timecode_to_frames
from imagia.timeline.model import Source


@dataclass(frozen=True)
class MediaFacts:
    """``rate`` None for audio-only files; ``timecode`` the start timecode tag when there is
    one (``;`` when drop-frame)."""

    source: Source
    rate: Fraction | None
    size: tuple[int, int] | None
    timecode: str | None


def facts(path: Path, rate: Fraction | None = None) -> MediaFacts:
    """Probe ``path`` (:class:`~imagia.core.errors.BadFile` when missing or not media).
    Frames are counted at ``rate`` (default: the file's own)."""
    info = probe(path)
    video = info.video
    own = info.frame_rate
    at = rate or own or Fraction(25)
    tc = info.timecode
    start = 0
    if tc:
        try:
            start = timecode_to_frames(tc, own or at)
            if own and own != at:
                start = round(Fraction(start) / own * at)
        except BadValue:
            tc, start = None, 0
    frames = None
    if video and video.frames is not None and own == at:
        frames = video.frames
    elif info.duration:
        frames = round(Fraction(str(info.duration)) * at)
    src = Source(
        name=path.name,
        path=str(path.resolve()),
        start=start,
        duration=frames,
        has_video=video is not None,
        has_audio=bool(info.audio),
        channels=info.channels,
        sample_rate=info.sample_rate,
    )
    return MediaFacts(src, own, video.size if video else None, tc)
