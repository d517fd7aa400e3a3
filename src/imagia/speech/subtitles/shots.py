"""Frame rate and shot changes of the media a subtitle file goes with.

Shot changes come from a file (one time a line: seconds, ``NNNf`` frames or a timecode) or
are detected by :mod:`imagia.media.shots` (its ``content`` engine by default: exact on hard
cuts, blind to slow dissolves)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.core.textfile import read_text
from imagia.media.probe import probe
from imagia.media.shots import ShotOptions, cut_times
from imagia.media.timecode import parse_rate, parse_time

DEFAULT_RATE = Fraction(25)


def media_rate(media: Path) -> Fraction | None:
    """The video stream's frame rate (:mod:`imagia.media.probe`'s rule), or None for
    audio-only media."""
    return probe(media).frame_rate


def resolve_rate(
    fps: str | None, media: Path | None = None, file_rate: Fraction | None = None
) -> Fraction:
    """Layered: ``--fps``, then the media's video rate, then the subtitle file's, then 25."""
    if fps:
        return parse_rate(fps)
    if media is not None:
        r = media_rate(media)
        if r is not None:
            return r
    return file_rate or DEFAULT_RATE


def detect(media: Path, options: ShotOptions | None = None) -> list[float]:
    """Shot-change times (seconds) of ``media``'s video; empty for audio-only media."""
    rate = media_rate(media)
    return cut_times(media, rate, options) if rate is not None else []


def read(path: Path, rate: Fraction) -> list[float]:
    """A shot list file -> seconds."""
    if not path.is_file():
        raise BadFile(path, "shot list not found")
    out: list[float] = []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            out.append(float(Fraction(parse_time(text.split()[0], rate)) / rate))
        except Exception as exc:
            raise BadFile(path, f"line {n}: {exc}") from None
    return sorted(out)


def resolve(shots: str | None, media: Path | None, rate: Fraction) -> list[float]:
    """``"auto"`` (detect on the media's video), ``"none"``, or a shot list file."""
    if shots in (None, "", "none"):
        return []
    if shots == "auto":
        return detect(media) if media is not None else []
    return read(Path(shots), rate)
