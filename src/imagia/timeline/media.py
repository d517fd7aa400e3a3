"""What a timeline needs to know of a media file, from ffprobe: frame rate, start timecode,
length in frames, picture size, audio."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.media.probe import probe
from imagia.media.timecode import parse_rate, timecode_to_frames
from imagia.timeline.model import Source


@dataclass(frozen=True)
class MediaFacts:
    """``rate`` None for audio-only files; ``timecode`` the start timecode tag when there is
    one (``;`` when drop-frame)."""

    source: Source
    rate: Fraction | None
    size: tuple[int, int] | None
    timecode: str | None


def stream_rate(stream: dict[str, Any]) -> Fraction | None:
    for key in ("avg_frame_rate", "r_frame_rate"):
        val = stream.get(key)
        if val and val not in ("0/0", "0/1"):
            try:
                return parse_rate(val)
            except BadValue:
                continue
    return None


def facts(path: Path, rate: Fraction | None = None) -> MediaFacts:
    """Probe ``path`` (:class:`~imagia.core.errors.BadFile` when missing or not media).
    Frames are counted at ``rate`` (default: the file's own)."""
    info = probe(path)
    streams = info.raw.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not s.get("disposition", {}).get("attached_pic")), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    own = stream_rate(video) if video else None
    at = rate or own or Fraction(25)
    tags = {**info.raw.get("format", {}).get("tags", {}), **(video or {}).get("tags", {})}
    tc = tags.get("timecode")
    start = 0
    if tc:
        try:
            start = timecode_to_frames(tc, own or at)
            if own and own != at:
                start = round(Fraction(start) / own * at)
        except BadValue:
            tc, start = None, 0
    frames = None
    if video and str(video.get("nb_frames", "")).isdigit() and own == at:
        frames = int(video["nb_frames"])
    elif info.duration:
        frames = round(Fraction(str(info.duration)) * at)
    src = Source(name=path.name, path=str(path.resolve()), start=start, duration=frames,
                 has_video=video is not None, has_audio=audio is not None,
                 channels=info.channels, sample_rate=info.sample_rate)
    size = (int(video["width"]), int(video["height"])) \
        if video and video.get("width") and video.get("height") else None
    return MediaFacts(src, own, size, tc)
