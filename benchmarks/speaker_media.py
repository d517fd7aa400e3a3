"""Dialogues with known speakers and timings, synthesised with the TTS engines the machine has
(espeak-ng voice variants, SVOX pico's en-GB, en-US and fr-FR voices), for the speaker-label
tests and benchmark. The reference times are where each line's sound is (its TTS output trimmed
of silence by energy), placed with known gaps: independent of imagia's voice activity."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SR = 16000
LIBRIVOX_DIR = Path("/usr/share/pocketsphinx/test/data/librivox")


@dataclass(frozen=True)
class Voice:
    """A TTS voice: ``engine`` espeak (``name`` like ``en+f3``, ``pitch`` 0-99, ``speed`` wpm)
    or pico (``name`` en-GB, en-US, fr-FR, de-DE, es-ES, it-IT)."""

    engine: str
    name: str
    pitch: int = 50
    speed: int = 160

    @property
    def id(self) -> str:
        return f"{self.engine}:{self.name}:{self.pitch}:{self.speed}"


def available() -> bool:
    return bool(shutil.which("espeak-ng") and shutil.which("pico2wave") and shutil.which("ffmpeg"))


def say(voice: Voice | Path, text: str, folder: Path) -> Any:
    """The line spoken by ``voice`` (or the recording at that path, ``text`` unused): 16 kHz
    mono float32, silence trimmed at both ends."""
    raw = folder / "line.raw.wav"
    if isinstance(voice, Path):
        raw = voice
    elif voice.engine == "pico":
        cmd = ["pico2wave", "-l", voice.name, "-w", str(raw), text]
    else:
        cmd = ["espeak-ng", "-v", voice.name, "-p", str(voice.pitch), "-s", str(voice.speed)]
        cmd += ["-w", str(raw), text]
    if not isinstance(voice, Path):
        subprocess.run(cmd, check=True, capture_output=True)
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(raw), "-ac", "1", "-ar", str(SR), "-f", "s16le", "-"],
        check=True,
        capture_output=True,
    ).stdout
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    return trim(x)


def trim(x: Any, floor_db: float = -40.0) -> Any:
    """``x`` from its first to its last 10 ms frame within ``floor_db`` of its loudest."""
    hop = SR // 100
    n = len(x) // hop
    e = 10 * np.log10(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    on = np.flatnonzero(e > e.max() + floor_db)
    return x[on[0] * hop : (on[-1] + 1) * hop] if len(on) else x[:0]


def dialogue(
    path: Path,
    lines: Sequence[tuple[str, Voice | Path, str]],
    gap: float | list[float] = 0.6,
    lead: float = 0.5,
) -> list[tuple[float, float, str]]:
    """Write ``lines`` (speaker, voice or recording, text) one after the other with ``gap``
    seconds of silence after each (one value, or one per line; ``lead`` before the first) into
    the WAV ``path``; returns the reference turns ``(start, end, speaker)``."""
    gaps = gap if isinstance(gap, list) else [gap] * len(lines)
    parts = [np.zeros(round(lead * SR), dtype=np.float32)]
    ref = []
    t = lead
    with tempfile.TemporaryDirectory() as tmp:
        for (speaker, voice, text), pause in zip(lines, gaps, strict=True):
            x = say(voice, text, Path(tmp))
            x = x / max(float(np.abs(x).max()), 1e-6) * 0.5
            ref.append((t, t + len(x) / SR, speaker))
            parts += [x, np.zeros(round(pause * SR), dtype=np.float32)]
            t += len(x) / SR + pause
    write_wav(path, np.concatenate(parts))
    return ref


def write_wav(path: Path, x: Any) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def annotation(turns: Any, uri: str = "x") -> Any:
    """A pyannote ``Annotation`` of ``(start, end, speaker)`` tuples or objects with
    ``start``/``end``/``speaker``."""
    from pyannote.core import Annotation, Segment

    ann = Annotation(uri=uri)
    for k, t in enumerate(turns):
        a, b, s = (t.start, t.end, t.speaker) if hasattr(t, "speaker") else t
        ann[Segment(a, b), k] = s
    return ann


def der(reference: Any, hypothesis: Any, collar: float = 0.25) -> float:
    """Diarization error rate by pyannote.metrics (the independent checker): missed speech,
    false alarm and speaker confusion over the reference speech, with the best speaker
    mapping and ``collar`` seconds around each reference boundary not scored (``collar`` is
    pyannote's total width: 0.25 means ±0.125 s around each reference boundary)."""
    from pyannote.metrics.diarization import DiarizationErrorRate

    metric = DiarizationErrorRate(collar=collar, skip_overlap=False)
    return float(metric(annotation(reference), annotation(hypothesis)))
