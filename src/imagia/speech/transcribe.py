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
    resume: Transcript | None = None,
    until: float = 0.0,
    on_piece: Callable[[float], None] | None = None,
) -> tuple[StreamInfo, Iterator[Segment]]:
    """Language and duration at once, segments lazily (each with word times).

    Long media is read in pieces cut in pauses; ``on_piece(t)`` is called each time every
    segment before ``t`` seconds has been yielded (a checkpoint). ``resume`` (the segments
    already done, up to ``until`` seconds) skips those pieces and keeps their language."""
    o = options or TranscribeOptions()
    info = probe_audio(media)
    model, found = load_model(o.model, o.threads)
    language = None if o.language in (None, "", "auto") else o.language
    if resume is not None:
        language = language or resume.language
    _check_language(model, o.model, language)
    duration = info.duration or 0.0
    pieces = chunks(media, o.chunk_seconds)
    first = next(pieces, None)
    while resume is not None and first is not None and first[0] < until - 1e-3:
        first = next(pieces, None)  # already transcribed before the interruption
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
        prob = resume.language_probability if resume is not None else 0.0
        return StreamInfo(language or "en", prob, duration, prov), iter(())
    segs, fw_info = run(first[0], first[1], language)
    lang = language or fw_info.language
    prob = round(float(fw_info.language_probability), 4)
    if resume is not None:
        prob = resume.language_probability
    info_out = StreamInfo(lang, prob, duration, prov)

    def gen() -> Iterator[Segment]:
        n = len(resume.segments) if resume is not None else 0
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
            if on_piece:
                on_piece(nxt[0] if nxt is not None else duration)
            if nxt is None:
                return
            it2, _ = run(nxt[0], nxt[1], lang)
            current = (nxt[0], nxt[1], it2)

    return info_out, gen()


def transcribe(
    media: Path,
    options: TranscribeOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
    checkpoint: Path | None = None,
) -> Transcript:
    """The whole transcript. With ``checkpoint``, the segments done so far are saved there after
    each piece of the media, and a run that finds a checkpoint of the same media and options
    goes on from where the interrupted one stopped; the file goes once the transcript is whole."""
    o = options or TranscribeOptions()
    done, until = _read_checkpoint(checkpoint, media, o)
    segments: list[Segment] = list(done.segments) if done else []
    info_box: list[StreamInfo] = []

    def save(upto: float) -> None:
        if checkpoint is not None and info_box:
            part = _transcript(media, info_box[0], segments, o)
            _write_checkpoint(checkpoint, media, o, part, upto)

    info, stream_segments = stream(media, o, progress, done, until, save)
    info_box.append(info)
    for seg in stream_segments:  # one by one: a checkpoint saves those received so far
        segments.append(seg)
    out = _transcript(media, info, segments, o)
    if checkpoint is not None:
        checkpoint.unlink(missing_ok=True)
    if progress:
        progress(1.0, "transcribed")
    return out


def _transcript(
    media: Path, info: StreamInfo, segments: list[Segment], o: TranscribeOptions
) -> Transcript:
    return Transcript(
        str(media),
        info.language,
        info.language_probability,
        round(info.duration, 3),
        list(segments),
        info.model,
        asdict(o),
    )


CHECKPOINT = "TranscribeCheckpoint.1"


def _stamp(media: Path, o: TranscribeOptions) -> dict[str, Any]:
    """What a checkpoint must match to be resumed: the same file (size, time) and options."""
    st = media.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "options": asdict(o)}


def _write_checkpoint(
    path: Path, media: Path, o: TranscribeOptions, part: Transcript, until: float
) -> None:
    import json

    from imagia.core.provenance import atomic_write

    data = {"schema": CHECKPOINT, "until": until, **_stamp(media, o), "transcript": part.to_dict()}
    with atomic_write(path) as fh:
        fh.write(json.dumps(data, ensure_ascii=False))


def _read_checkpoint(
    path: Path | None, media: Path, o: TranscribeOptions
) -> tuple[Transcript | None, float]:
    """The transcript saved by an interrupted run and where it stopped, or ``(None, 0)`` when
    there is none, it is unreadable, or it belongs to another file or other options."""
    import json

    if path is None or not path.is_file():
        return None, 0.0
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stamp = _stamp(media, o)
        if data.get("schema") != CHECKPOINT or any(data.get(k) != v for k, v in stamp.items()):
            return None, 0.0
        return Transcript.from_dict(data["transcript"]), float(data["until"])
    except (OSError, ValueError, TypeError, KeyError):
        return None, 0.0


__all__ = ["SAMPLE_RATE", "StreamInfo", "TranscribeOptions", "load_model", "stream", "transcribe"]
