"""A short clip of the media as 16 kHz mono WAV bytes: each speaker's sample to listen to."""

from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.media.probe import ffmpeg_exe

SR = 16000


def clip_wav(media: Path, start: float, end: float) -> bytes:
    """``[start, end]`` seconds of ``media``'s first audio stream, decoded by ffmpeg."""
    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-ss", f"{max(start, 0.0):.3f}"]
    cmd += ["-t", f"{max(end - start, 0.0):.3f}", "-i", str(media), "-map", "0:a:0"]
    cmd += ["-ac", "1", "-ar", str(SR), "-f", "s16le", "-"]
    run = subprocess.run(cmd, capture_output=True, check=False)
    if run.returncode != 0:
        err = run.stderr.decode("utf-8", "replace").strip()[-200:]
        raise BadFile(media, f"ffmpeg could not cut a sample ({err})")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(run.stdout)
    return buf.getvalue()
