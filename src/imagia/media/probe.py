"""Technical metadata of a media file with ffprobe."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, MissingDependency


def ffmpeg_exe(name: str = "ffmpeg") -> str:
    exe = shutil.which(name)
    if exe is None:
        raise MissingDependency(f"{name} not found", hint="install ffmpeg (apt install ffmpeg)")
    return exe


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    duration: float | None
    audio_streams: int
    video_streams: int
    sample_rate: int | None
    channels: int | None
    raw: dict[str, Any]


def probe(path: Path) -> MediaInfo:
    """Probe ``path``; raise :class:`BadFile` for a missing or unreadable file."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    proc = subprocess.run(
        [ffmpeg_exe("ffprobe"), "-v", "error", "-print_format", "json", "-show_format",
         "-show_streams", str(path)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise BadFile(path, f"not a media file ffmpeg can read ({last})")
    data = json.loads(proc.stdout or "{}")
    streams = data.get("streams", [])
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    video = [s for s in streams if s.get("codec_type") == "video"]
    dur = data.get("format", {}).get("duration")
    return MediaInfo(
        path=path,
        duration=float(dur) if dur not in (None, "N/A") else None,
        audio_streams=len(audio),
        video_streams=len(video),
        sample_rate=int(audio[0]["sample_rate"]) if audio and audio[0].get("sample_rate") else None,
        channels=int(audio[0]["channels"]) if audio and audio[0].get("channels") else None,
        raw=data,
    )


def frame_rate(stream: dict[str, Any]) -> Fraction | None:
    """A video stream's rate from ffprobe (average, then real base rate), exact (24000/1001);
    None when ffprobe gives none usable (audio, still images)."""
    from imagia.core.errors import ImagiaError
    from imagia.media.timecode import parse_rate

    for key in ("avg_frame_rate", "r_frame_rate"):
        val = stream.get(key)
        if val and val not in ("0/0", "0/1"):
            try:
                return parse_rate(val)
            except ImagiaError:
                continue
    return None
