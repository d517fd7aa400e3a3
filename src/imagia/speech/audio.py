"""Decode any media ffmpeg reads to 16 kHz mono float32, in chunks (bounded memory)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.media.probe import MediaInfo, ffmpeg_exe, probe

SAMPLE_RATE = 16000


def probe_audio(path: Path) -> MediaInfo:
    info = probe(path)
    if info.audio_streams == 0:
        raise BadFile(path, "has no audio stream to transcribe")
    return info


def chunks(path: Path, seconds: float = 600.0, search: float = 20.0) -> Iterator[tuple[float, Any]]:
    """Yield ``(offset_seconds, samples)`` pieces of about ``seconds`` each.

    Each piece ends at the quietest 0.3 s window of its last ``search`` seconds, so a cut falls
    in a pause rather than in a word; the rest carries over to the next piece. Memory holds one
    piece (10 min = 38 MB), whatever the file's length."""
    import numpy as np

    cmd = [
        ffmpeg_exe(),
        "-nostdin",
        "-v",
        "error",
        "-i",
        str(path),
        "-map",
        "0:a:0",
        "-ac",
        "1",
        "-ar",
        str(SAMPLE_RATE),
        "-f",
        "s16le",
        "-",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    want = int(seconds * SAMPLE_RATE)
    carry = np.zeros(0, dtype=np.float32)
    offset = 0.0
    try:
        while True:
            raw = proc.stdout.read(max(want - len(carry), 0) * 2)
            fresh = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.float32)
            buf = np.concatenate([carry, fresh / 32768.0]) if len(carry) else fresh / 32768.0
            last = len(raw) < (want - len(carry)) * 2 or not raw
            if last:
                if len(buf):
                    yield offset, buf.astype(np.float32)
                break
            cut = _quiet_cut(buf, search)
            yield offset, buf[:cut].astype(np.float32)
            carry = buf[cut:]
            offset += cut / SAMPLE_RATE
    finally:
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace").strip()
        code = proc.wait()
    if code != 0:
        raise BadFile(path, f"ffmpeg could not decode the audio ({err[-200:]})")


def _quiet_cut(buf: Any, search: float) -> int:
    import numpy as np

    hop = SAMPLE_RATE // 50  # 20 ms
    lo = max(len(buf) - int(search * SAMPLE_RATE), 0)
    tail = buf[lo : lo + (len(buf) - lo) // hop * hop]
    if len(tail) < hop * 15:
        return len(buf)
    energy = (tail.reshape(-1, hop) ** 2).mean(axis=1)
    window = np.convolve(energy, np.ones(15), mode="valid")  # 0.3 s
    k = int(np.argmin(window)) + 7
    return lo + k * hop


def load(path: Path) -> Any:
    """The whole file as one array (short media only: tests, alignment of a clip)."""
    import numpy as np

    parts = [a for _, a in chunks(path, seconds=3600.0)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
