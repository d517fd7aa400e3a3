"""Subtitles of a clip from the transcript words of its time range, laid out by the speech
domain's segmenter (Netflix profile of the language) and written as SRT."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from imagia.speech.subtitles import formats, profiles
from imagia.speech.subtitles.model import SubtitleFile
from imagia.speech.subtitles.segment import TimedWord, build


def clip_subtitles(
    words: Sequence[tuple[str, float, float]],
    start: float,
    end: float,
    rate: Fraction,
    language: str | None,
) -> SubtitleFile:
    """Events for the words said in ``[start, end]``, timed from the clip's start."""
    lang = (language or "en")[:2]
    profile = profiles.get("netflix-fr" if lang == "fr" else "netflix-en")
    timed = [
        TimedWord(t, max(s - start, 0.0), min(e, end) - start)
        for t, s, e in words
        if e > start and s < end
    ]
    length_ms = round((end - start) * 1000)
    events = [e for e in build(timed, profile, rate, language=lang) if e.start < length_ms]
    for e in events:
        e.end = min(e.end, length_ms)
    return SubtitleFile(events, language=lang, rate=rate)


def write_srt(sf: SubtitleFile, path: Path) -> Path:
    return formats.save(sf, path, "srt")
