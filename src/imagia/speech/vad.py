"""Voice activity: where speech is, with the Silero VAD model that faster-whisper ships (ONNX,
no torch). Used by transcription to skip silence, and on its own by ``imagia speech vad``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagia.speech.extras import require_faster_whisper

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class VadOptions:
    threshold: float = 0.5
    min_speech_ms: int = 250
    min_silence_ms: int = 500
    pad_ms: int = 200


def speech_regions(audio: Any, options: VadOptions | None = None) -> list[tuple[float, float]]:
    """``(start, end)`` seconds of speech in 16 kHz mono float32 ``audio``."""
    require_faster_whisper()
    from faster_whisper.vad import VadOptions as FwVad
    from faster_whisper.vad import get_speech_timestamps

    o = options or VadOptions()
    stamps = get_speech_timestamps(
        audio,
        FwVad(
            threshold=o.threshold,
            min_speech_duration_ms=o.min_speech_ms,
            min_silence_duration_ms=o.min_silence_ms,
            speech_pad_ms=o.pad_ms,
        ),
    )
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]


def refine_words(
    words: list[Any],
    regions: list[tuple[float, float]],
    offset: float = 0.0,
) -> None:
    """Pull word edges that Whisper put in silence onto the speech found by the VAD.

    Whisper's word times often start a few hundred ms early after a pause; a word whose start
    lies outside every speech region moves to the first speech onset inside the word, and a
    word whose end lies outside moves back to the last speech offset inside it. ``words`` have
    ``start``/``end`` attributes in seconds (changed in place); ``offset`` shifts regions."""
    spans = [(a + offset, b + offset) for a, b in regions]

    def inside(t: float) -> bool:
        return any(a <= t <= b for a, b in spans)

    for w in words:
        if spans and not inside(w.start):
            onsets = [a for a, _ in spans if w.start < a < w.end]
            if onsets:
                w.start = round(onsets[0], 3)
        if spans and not inside(w.end):
            offsets = [b for _, b in spans if w.start < b < w.end]
            if offsets:
                w.end = round(offsets[-1], 3)
