"""Technical facts of a media file from one ffprobe run: typed streams, one exact frame rate,
the start timecode. This is the only module that runs ffprobe; nothing else reads its JSON.

The frame rate rule (:func:`pick_rate`), for a video stream: ffprobe's real base rate
``r_frame_rate`` when the average ``avg_frame_rate`` agrees with it within 0.1 % (constant
rate), or when it is a standard rate (:data:`STANDARD_RATES`) and the average is within 5 % of
it (a nominal rate with a few frames dropped); otherwise the average (``r_frame_rate`` is then a
timebase artefact such as 90000/1, a field rate, or the rate of a heavily variable stream).
Either is snapped to the closest standard rate within 0.1 % (23.976 -> 24000/1001). None for
audio, still images and cover art.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, MissingDependency
from imagia.media.timecode import RATES

STANDARD_RATES: tuple[Fraction, ...] = (*RATES.values(), Fraction(100), Fraction(120))
SAME = 0.001  # relative tolerance: two rates this close are one rate
NOMINAL = 0.05  # relative: an average this close to a standard r_frame_rate keeps it
_STILL_FORMATS = ("image2", "apng", "webp", "gif_pipe")  # and every "*_pipe" image reader


def ffmpeg_exe(name: str = "ffmpeg") -> str:
    exe = shutil.which(name)
    if exe is None:
        raise MissingDependency(f"{name} not found", hint="install ffmpeg (apt install ffmpeg)")
    return exe


@dataclass(frozen=True)
class VideoStream:
    """A video stream (cover art excluded). ``frame_rate`` by the module's rule; ``frames``
    the container's count when it gives one; ``rotation`` in degrees (display matrix or
    ``rotate`` tag); ``field_order`` ``progressive``, ``tt``, ``bb``, ``tb``, ``bt`` or None."""

    index: int
    codec: str | None
    codec_long: str | None = None
    profile: str | None = None
    width: int | None = None
    height: int | None = None
    frame_rate: Fraction | None = None
    frames: int | None = None
    duration: float | None = None
    pix_fmt: str | None = None
    pixel_aspect: Fraction | None = None
    display_aspect: str | None = None
    field_order: str | None = None
    rotation: int = 0
    bit_rate: int | None = None
    language: str | None = None
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> tuple[int, int] | None:
        return (self.width, self.height) if self.width and self.height else None

    def tag(self, name: str) -> str | None:
        return _tag(self.tags, name)


@dataclass(frozen=True)
class AudioStream:
    """An audio stream; ``bits`` the declared bit depth (PCM, FLAC) or None for lossy codecs,
    ``sample_format`` ffmpeg's decoded sample format (``s16``, ``fltp``...)."""

    index: int
    codec: str | None
    codec_long: str | None = None
    sample_rate: int | None = None
    channels: int = 0
    channel_layout: str | None = None
    bits: int | None = None
    sample_format: str | None = None
    duration: float | None = None
    bit_rate: int | None = None
    language: str | None = None
    tags: tuple[tuple[str, str], ...] = ()

    def tag(self, name: str) -> str | None:
        return _tag(self.tags, name)


@dataclass(frozen=True)
class MediaInfo:
    """What ffprobe says of ``path``. ``timecode``: the start timecode tag of the video
    stream, a ``tmcd`` data stream or the container, first found; ``tags`` the container's."""

    path: Path
    duration: float | None
    format_name: str | None
    format_long_name: str | None
    bit_rate: int | None
    videos: tuple[VideoStream, ...]
    audio: tuple[AudioStream, ...]
    timecode: str | None = None
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def video(self) -> VideoStream | None:
        """The first video stream, or None."""
        return self.videos[0] if self.videos else None

    @property
    def frame_rate(self) -> Fraction | None:
        """The first video stream's frame rate; None for audio-only media and stills."""
        return self.video.frame_rate if self.video else None

    @property
    def audio_streams(self) -> int:
        return len(self.audio)

    @property
    def video_streams(self) -> int:
        return len(self.videos)

    @property
    def sample_rate(self) -> int | None:
        return self.audio[0].sample_rate if self.audio else None

    @property
    def channels(self) -> int | None:
        return (self.audio[0].channels or None) if self.audio else None

    def tag(self, name: str) -> str | None:
        """A tag of the first video stream, else of the container (case-insensitive)."""
        found = self.video.tag(name) if self.video else None
        return found if found is not None else _tag(self.tags, name)


def probe(path: Path) -> MediaInfo:
    """Probe ``path``; raise :class:`BadFile` for a missing or unreadable file."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    proc = subprocess.run(
        [
            ffmpeg_exe("ffprobe"),
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise BadFile(path, f"not a media file ffmpeg can read ({last})")
    try:
        data = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        raise BadFile(path, "ffprobe gave no readable answer") from None
    return parse(path, data)


def parse(path: Path, data: dict[str, Any]) -> MediaInfo:
    """A :class:`MediaInfo` from ffprobe's JSON (``-show_format -show_streams``)."""
    fmt = data.get("format") or {}
    streams = data.get("streams") or []
    name = fmt.get("format_name")
    still = bool(name) and (name in _STILL_FORMATS or str(name).endswith("_pipe"))
    videos = tuple(
        _video(s, still)
        for s in streams
        if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
    )
    audio = tuple(_audio(s) for s in streams if s.get("codec_type") == "audio")
    tmcd = [_tags(s) for s in streams if s.get("codec_tag_string") == "tmcd"]
    tags = _tags(fmt)
    timecode = next(
        (
            t
            for t in (
                *(v.tag("timecode") for v in videos[:1]),
                *(_tag(t, "timecode") for t in tmcd),
                _tag(tags, "timecode"),
            )
            if t
        ),
        None,
    )
    duration = _float(fmt.get("duration"))
    if duration is None:
        duration = max(
            (
                d
                for d in (*(v.duration for v in videos), *(a.duration for a in audio))
                if d is not None
            ),
            default=None,
        )
    return MediaInfo(
        path,
        duration,
        name,
        fmt.get("format_long_name"),
        _int(fmt.get("bit_rate")),
        videos,
        audio,
        timecode,
        tags,
    )


def pick_rate(r_frame_rate: str | None, avg_frame_rate: str | None) -> Fraction | None:
    """The frame rate by the module's rule from ffprobe's two values (``"30000/1001"``...);
    None when neither is usable."""
    r, avg = _fraction(r_frame_rate), _fraction(avg_frame_rate)
    if r is None or avg is None:
        chosen = r or avg
    elif _close(r, avg, SAME) or (_standard(r) is not None and _close(r, avg, NOMINAL)):
        chosen = r
    else:
        chosen = avg
    if chosen is None:
        return None
    return _standard(chosen) or chosen


def _standard(rate: Fraction) -> Fraction | None:
    """The closest standard rate within :data:`SAME` (30 stays 30, 29.97 is 30000/1001)."""
    near = min(STANDARD_RATES, key=lambda s: abs(s - rate))
    return near if _close(rate, near, SAME) else None


def _close(a: Fraction, b: Fraction, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(a, b)


def _fraction(text: Any) -> Fraction | None:
    try:
        num, _, den = str(text).partition("/")
        rate = Fraction(int(num), int(den or 1))
    except (ValueError, ZeroDivisionError):
        return None
    return rate if 0 < rate <= 1000 else None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _tags(obj: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (obj.get("tags") or {}).items())


def _tag(tags: tuple[tuple[str, str], ...], name: str) -> str | None:
    low = name.lower()
    return next((v for k, v in tags if k.lower() == low), None)


def _video(s: dict[str, Any], still: bool) -> VideoStream:
    tags = _tags(s)
    rotation = 0
    for sd in s.get("side_data_list") or []:
        if "rotation" in sd:
            rotation = int(float(sd["rotation"]))
    if _tag(tags, "rotate") is not None:
        rotation = int(float(_tag(tags, "rotate") or 0))
    sar = s.get("sample_aspect_ratio")
    dar = s.get("display_aspect_ratio")
    order = s.get("field_order")
    frames = str(s.get("nb_frames", ""))
    return VideoStream(
        index=int(s.get("index", 0)),
        codec=s.get("codec_name"),
        codec_long=s.get("codec_long_name"),
        profile=s.get("profile"),
        width=_int(s.get("width")) or None,
        height=_int(s.get("height")) or None,
        frame_rate=None if still else pick_rate(s.get("r_frame_rate"), s.get("avg_frame_rate")),
        frames=int(frames) if frames.isdigit() else None,
        duration=_float(s.get("duration")),
        pix_fmt=s.get("pix_fmt"),
        pixel_aspect=_fraction(str(sar).replace(":", "/")) if sar and sar != "0:1" else None,
        display_aspect=dar if dar and dar != "0:1" else None,
        field_order=order if order and order != "unknown" else None,
        rotation=rotation,
        bit_rate=_int(s.get("bit_rate")),
        language=_tag(tags, "language"),
        tags=tags,
    )


def _audio(s: dict[str, Any]) -> AudioStream:
    tags = _tags(s)
    bits = _int(s.get("bits_per_raw_sample")) or _int(s.get("bits_per_sample")) or None
    return AudioStream(
        index=int(s.get("index", 0)),
        codec=s.get("codec_name"),
        codec_long=s.get("codec_long_name"),
        sample_rate=_int(s.get("sample_rate")) or None,
        channels=_int(s.get("channels")) or 0,
        channel_layout=s.get("channel_layout") or None,
        bits=bits,
        sample_format=s.get("sample_fmt"),
        duration=_float(s.get("duration")),
        bit_rate=_int(s.get("bit_rate")),
        language=_tag(tags, "language"),
        tags=tags,
    )
