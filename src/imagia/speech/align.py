"""Put an existing text (a transcript, a dialogue list, a subtitle file's text) on the audio.

The audio is transcribed with word times (the text is given to Whisper as a prompt, which
helps it spell names the way the text does), then the text's words are matched to the
recognised words (longest matching blocks on normalised words); each matched word takes the
recognised word's times; unmatched words take the span of the recognised words left between
their matched neighbours, or are sized by the speaking rate (never zero length). Works on long
media because transcription streams; accuracy follows the recognition's: on a word the
recogniser missed, timing is estimated (``matched`` says how many words were timed directly)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.segment import TimedWord


@dataclass
class Alignment:
    words: list[TimedWord]
    matched: int
    language: str
    model: dict[str, object]

    @property
    def share_matched(self) -> float:
        return self.matched / len(self.words) if self.words else 1.0


def _key(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c))
    return re.sub(r"[^\w]", "", w)


# Speaking rate used to size words the recogniser did not hear when no word was matched
# (characters per second; conversational speech runs at about 12-16).
DEFAULT_CPS = 14.0
# The shortest time a word placed by estimate gets, so no word has zero length.
MIN_WORD_S = 0.08


def align_words(
    text_words: Sequence[str], heard: Sequence[TimedWord]
) -> tuple[list[TimedWord], int]:
    """Times for ``text_words`` from recognised ``heard`` words.

    Matched words take the heard times. A run of unmatched text words takes the span of the
    heard words between its matched neighbours when there are any (misrecognised speech);
    otherwise it is sized by the speaking rate measured on the matched words, before the first
    matched word or after the last one, or in the gap between its neighbours, and never
    shorter than ``MIN_WORD_S`` a word: a run of unheard words never lands on one instant."""
    ref = [_key(w) for w in text_words]
    hyp = [_key(w.text) for w in heard]
    src: list[int | None] = [None] * len(ref)  # heard index of each text word
    sm = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            src[a + k] = b + k
    # a replaced run of equal length (misrecognised words) takes the heard times one to one
    for tag, a0, a1, b0, b1 in sm.get_opcodes():
        if tag == "replace" and a1 - a0 == b1 - b0:
            for k in range(a1 - a0):
                src[a0 + k] = b0 + k
    matched = sum(i is not None for i in src)
    cps = _speaking_rate(text_words, heard, src)
    out: list[TimedWord] = []
    k, n = 0, len(ref)
    while k < n:
        i = src[k]
        if i is not None:
            out.append(TimedWord(text_words[k], heard[i].start, heard[i].end))
            k += 1
            continue
        j = k
        while j < n and src[j] is None:
            j += 1
        run = list(text_words[k:j])
        prev_i = src[k - 1] if k > 0 else None
        next_i = src[j] if j < n else None
        left, right = _run_span(run, heard, prev_i, next_i, out, cps)
        chars = [len(w) + 1 for w in run]
        total = sum(chars)
        spare = max(right - left - MIN_WORD_S * len(run), 0.0)  # shared by length of word
        t0 = left
        for w, c in zip(run, chars, strict=True):
            d = MIN_WORD_S + spare * c / total
            out.append(TimedWord(w, round(t0, 3), round(t0 + d, 3)))
            t0 += d
        k = j
    return out, matched


def _speaking_rate(
    text_words: Sequence[str], heard: Sequence[TimedWord], src: Sequence[int | None]
) -> float:
    chars = secs = 0.0
    for w, i in zip(text_words, src, strict=True):
        if i is not None:
            chars += len(w) + 1
            secs += max(heard[i].end - heard[i].start, 0.0)
    rate = chars / secs if secs > 0.5 else DEFAULT_CPS
    return min(max(rate, 6.0), 25.0)


def _run_span(
    run: Sequence[str],
    heard: Sequence[TimedWord],
    prev_i: int | None,
    next_i: int | None,
    placed: Sequence[TimedWord],
    cps: float,
) -> tuple[float, float]:
    """Where a run of unmatched text words goes: ``(start, end)`` seconds."""
    need = max(sum(len(w) + 1 for w in run) / cps, MIN_WORD_S * len(run))
    lo = prev_i + 1 if prev_i is not None else 0
    hi = next_i if next_i is not None else len(heard)
    if lo < hi:  # heard words the text did not match: the run was said there
        return heard[lo].start, max(heard[hi - 1].end, heard[lo].start + MIN_WORD_S * len(run))
    left = placed[-1].end if placed else None
    right = heard[next_i].start if next_i is not None else None
    if left is None and right is None:
        return 0.0, need
    if left is None:  # before the first heard word
        assert right is not None
        return max(0.0, right - need), right
    if right is None:  # after the last heard word
        return left, left + need
    if right - left >= MIN_WORD_S * len(run):
        return left, right
    return left, left + MIN_WORD_S * len(run)  # no room: overlaps the next word a little


def align(
    media: Path,
    text: str,
    language: str | None = None,
    model: str = "base",
    progress: Callable[[float, str], None] | None = None,
) -> Alignment:
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    prompt = " ".join(text.split()[:80]) or None
    tr = transcribe(
        media, TranscribeOptions(model=model, language=language, initial_prompt=prompt), progress
    )
    words, matched = align_words(text.split(), tr.words())
    return Alignment(words, matched, tr.language, tr.model)


def retime_file(
    sf: SubtitleFile,
    media: Path,
    language: str | None = None,
    model: str = "base",
    progress: Callable[[float, str], None] | None = None,
) -> tuple[SubtitleFile, Alignment]:
    """The same events and text, timed on the audio: each event from its first word's start
    to its last word's end."""
    counts = [len(e.text.split()) for e in sf.events]
    text = " ".join(e.text.replace("\n", " ") for e in sf.events)
    al = align(media, text, language or sf.language, model, progress)
    out = sf.copy()
    k = 0
    events: list[Event] = []
    for e, c in zip(out.events, counts, strict=True):
        if c == 0:
            continue
        ws = al.words[k : k + c]
        k += c
        events.append(replace(e, start=round(ws[0].start * 1000), end=round(ws[-1].end * 1000)))
    out.events = events
    out.language = out.language or al.language
    return out, al
