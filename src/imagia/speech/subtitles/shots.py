"""Frame rate and shot changes of the media a subtitle file goes with.

Shot changes come from a file (one time a line: seconds, ``NNNf`` frames or a timecode) or
are detected with ffmpeg's ``scdet`` filter (a classic detector: exact on hard cuts, blind to
slow dissolves)."""

from __future__ import annotations

import re
import subprocess
from fractions import Fraction
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.media.probe import ffmpeg_exe, probe
from imagia.media.timecode import parse_rate, parse_time

DEFAULT_RATE = Fraction(25)
_SCD = re.compile(r"lavfi\.scd\.time:\s*([\d.]+)")


def media_rate(media: Path) -> Fraction | None:
    """The video stream's frame rate (``r_frame_rate``), or None for audio-only media."""
    for s in probe(media).raw.get("streams", []):
        if s.get("codec_type") == "video" and s.get("r_frame_rate") not in (None, "0/0"):
            return parse_rate(s["r_frame_rate"])
    return None


def resolve_rate(fps: str | None, media: Path | None = None,
                 file_rate: Fraction | None = None) -> Fraction:
    """Layered: ``--fps``, then the media's video rate, then the subtitle file's, then 25."""
    if fps:
        return parse_rate(fps)
    if media is not None:
        r = media_rate(media)
        if r is not None:
            return r
    return file_rate or DEFAULT_RATE


def detect(media: Path, threshold: float = 10.0) -> list[float]:
    """Shot-change times (seconds) of ``media``'s video; empty for audio-only media."""
    if probe(media).video_streams == 0:
        return []
    proc = subprocess.run(
        [ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(media), "-map", "0:v:0", "-an",
         "-vf", f"scdet=threshold={threshold}", "-f", "null", "-"],
        capture_output=True, text=True, errors="replace", check=False)
    if proc.returncode != 0:
        raise BadFile(media, f"shot detection failed ({proc.stderr.strip()[-200:]})")
    return sorted({round(float(m), 3) for m in _SCD.findall(proc.stderr)})


def read(path: Path, rate: Fraction) -> list[float]:
    """A shot list file -> seconds."""
    if not path.is_file():
        raise BadFile(path, "shot list not found")
    out: list[float] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
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
