"""The waveform a subtitle editor draws under its cues: the loudest sample of every 10 ms of the
media's audio (0-255), decoded once by ffmpeg and kept in the workspace's cache, with the
speech onsets QC checks in-cues against when they were asked for.

``Waveform.1``: ``{"schema", "media", "bytes", "step_ms", "duration", "peaks", "onsets"}``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from imagia.core.provenance import atomic_write
from imagia.speech.audio import SAMPLE_RATE, chunks, load

SCHEMA = "Waveform.1"
STEP_MS = 10


def peaks(media: Path, step_ms: int = STEP_MS) -> list[int]:
    """The loudest sample of each ``step_ms`` of ``media``'s first audio stream, 0-255
    (full scale 255), streamed in pieces (bounded memory)."""
    import numpy as np

    hop = SAMPLE_RATE * step_ms // 1000
    out: list[int] = []
    carry = np.zeros(0, dtype=np.float32)
    for _, samples in chunks(media, seconds=300.0):
        buf = np.concatenate([carry, samples]) if len(carry) else samples
        whole = len(buf) // hop * hop
        out.extend(peaks_of(buf[:whole], step_ms))
        carry = buf[whole:]
    return out + peaks_of(carry, step_ms)


def peaks_of(samples: Any, step_ms: int = STEP_MS) -> list[int]:
    """:func:`peaks` of decoded 16 kHz samples (a last partial step counts as one)."""
    import numpy as np

    hop = SAMPLE_RATE * step_ms // 1000
    if not len(samples):
        return []
    pad = (-len(samples)) % hop
    full = np.concatenate([samples, np.zeros(pad, dtype=samples.dtype)]) if pad else samples
    top = np.abs(full).reshape(-1, hop).max(axis=1)
    values: list[int] = np.minimum(np.round(top * 255), 255).astype(int).tolist()
    return values


def _key(media: Path) -> str:
    st = media.stat()
    ident = f"{media.resolve()}|{st.st_size}|{st.st_mtime_ns}|{STEP_MS}"
    return hashlib.sha256(ident.encode()).hexdigest()[:24]


def cached(media: Path, cache: Path, onsets: bool = False) -> dict[str, Any]:
    """``media``'s ``Waveform.1``, computed on first use and then read from ``cache`` (a
    folder; the key is the file's path, size and modification time). ``onsets``: also the
    speech onsets (seconds, :func:`imagia.speech.subtitles.turns.speech_onsets`)."""
    path = cache / f"{_key(media)}.json"
    data: dict[str, Any] | None = None
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
    audio = None
    if data is None or data.get("schema") != SCHEMA:
        if onsets:  # one decode for both
            audio = load(media)
            values = peaks_of(audio)
        else:
            values = peaks(media)
        data = {
            "schema": SCHEMA,
            "media": media.name,
            "bytes": media.stat().st_size,
            "step_ms": STEP_MS,
            "duration": round(len(values) * STEP_MS / 1000, 3),
            "peaks": values,
            "onsets": None,
        }
    elif not onsets or data.get("onsets") is not None:
        return data
    if onsets and data.get("onsets") is None:
        from imagia.speech.subtitles.turns import speech_onsets

        data["onsets"] = speech_onsets(load(media) if audio is None else audio)
    with atomic_write(path) as fh:
        json.dump(data, fh, separators=(",", ":"))
    return data
