"""Transcription with faster-whisper (CTranslate2) on the packaged Whisper models.

``stream(media, options)`` returns the language at once and the segments as a lazy iterator
(faster-whisper's shape), reporting progress as it goes; the media is decoded in chunks cut at
pauses so a 2-hour film holds one chunk in memory. Voice activity (Silero, ONNX) skips silence.
``transcribe`` collects everything into a :class:`Transcript`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imagia.core import models
from imagia.core.errors import BadValue
from imagia.speech.audio import SAMPLE_RATE, chunks, probe_audio
from imagia.speech.extras import require_faster_whisper
from imagia.speech.transcript import Segment, Transcript, Word
from imagia.speech.vad import VadOptions, refine_words, speech_regions

MODELS = {"base": "whisper-base", "tiny.en": "whisper-tiny.en"}
_CACHE: dict[tuple[str, int], tuple[Any, models.Found]] = {}
_LOCK = threading.Lock()
# tight VAD settings to place word edges (the transcription's own VAD pads generously)
_EDGES = VadOptions(threshold=0.5, min_speech_ms=60, min_silence_ms=150, pad_ms=40)


@dataclass(frozen=True)
class TranscribeOptions:
    """``model``: ``base`` (multilingual), ``tiny.en`` (English, faster) or a model folder.
    ``language``: ``None`` detects it. ``chunk_seconds`` bounds memory on long media."""

    model: str = "base"
    language: str | None = None
    beam_size: int = 5
    vad: bool = True
    threads: int = 0
    compute_type: str = "int8"
    chunk_seconds: float = 600.0
    initial_prompt: str | None = None


@dataclass
class StreamInfo:
    language: str
    language_probability: float
    duration: float
    model: dict[str, Any]


def load_model(name: str = "base", threads: int = 0) -> tuple[Any, models.Found]:
    """The Whisper model by short name or path, found by the documented search order (cached
    per process)."""
    require_faster_whisper()
    from faster_whisper import WhisperModel

    threads = threads or min(os.cpu_count() or 1, 8)
    with _LOCK:
        key = (name, threads)
        if key not in _CACHE:
            if name in MODELS:
                found = models.find_dir(MODELS[name])
            elif Path(name).expanduser().exists():
                found = models.find_dir("whisper-base", Path(name))
            else:
                raise BadValue("model", name, [*MODELS, "PATH to a CTranslate2 Whisper folder"])
            path = found.path if found.path and found.path.is_dir() else found.files[0].parent
            model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=threads)
            _CACHE[key] = (model, found)
        return _CACHE[key]


def _check_language(model: Any, name: str, language: str | None) -> None:
    if language is None:
        return
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    if language not in _LANGUAGE_CODES:
        raise BadValue("language", language, ["auto", *sorted(_LANGUAGE_CODES)])
    if not model.model.is_multilingual and language != "en":
        raise BadValue(
            "language",
            language,
            ["en"],
            reason=f"model {name} is English-only; use --model base for {language}",
        )


def stream(
    media: Path,
    options: TranscribeOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> tuple[StreamInfo, Iterator[Segment]]:
    """Language and duration at once, segments lazily (each with word times)."""
    o = options or TranscribeOptions()
    info = probe_audio(media)
    model, found = load_model(o.model, o.threads)
    language = None if o.language in (None, "", "auto") else o.language
    _check_language(model, o.model, language)
    duration = info.duration or 0.0
    pieces = chunks(media, o.chunk_seconds)
    first = next(pieces, None)
    prov = {**found.provenance(), "engine": "faster-whisper", "compute_type": o.compute_type}

    def run(offset: float, audio: Any, lang: str | None) -> tuple[Any, Any]:
        return model.transcribe(
            audio,
            language=lang,
            beam_size=o.beam_size,
            word_timestamps=True,
            vad_filter=o.vad,
            vad_parameters={"min_silence_duration_ms": 500},
            initial_prompt=o.initial_prompt,
            condition_on_previous_text=False,
        )

    if first is None:
        return StreamInfo(language or "en", 0.0, duration, prov), iter(())
    segs, fw_info = run(first[0], first[1], language)
    lang = language or fw_info.language
    info_out = StreamInfo(lang, round(float(fw_info.language_probability), 4), duration, prov)

    def gen() -> Iterator[Segment]:
        n = 0
        current: tuple[float, Any, Any] = (first[0], first[1], segs)
        while True:
            offset, audio, it = current
            regions = speech_regions(audio, _EDGES) if o.vad else []
            for s in it:
                n += 1
                words = [
                    Word(
                        w.word,
                        round(float(w.start) + offset, 3),
                        round(float(w.end) + offset, 3),
                        round(float(w.probability), 4),
                    )
                    for w in (s.words or [])
                ]
                refine_words(words, regions, offset)
                seg = Segment(
                    n,
                    round(float(s.start) + offset, 3),
                    round(float(s.end) + offset, 3),
                    s.text.strip(),
                    words,
                    round(float(s.avg_logprob), 4),
                    round(float(s.no_speech_prob), 4),
                )
                if progress and duration:
                    progress(
                        min(seg.end / duration, 0.99), f"transcribed {seg.end:.0f}/{duration:.0f} s"
                    )
                yield seg
            nxt = next(pieces, None)
            if nxt is None:
                return
            it2, _ = run(nxt[0], nxt[1], lang)
            current = (nxt[0], nxt[1], it2)

    return info_out, gen()


def transcribe(
    media: Path,
    options: TranscribeOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Transcript:
    o = options or TranscribeOptions()
    info, segments = stream(media, o, progress)
    out = Transcript(
        str(media),
        info.language,
        info.language_probability,
        round(info.duration, 3),
        list(segments),
        info.model,
        asdict(o),
    )
    if progress:
        progress(1.0, "transcribed")
    return out


__all__ = ["SAMPLE_RATE", "StreamInfo", "TranscribeOptions", "load_model", "stream", "transcribe"]
