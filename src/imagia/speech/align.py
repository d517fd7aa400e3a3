"""Put an existing text (a transcript, a dialogue list, a subtitle file's text) on the audio.

The audio is transcribed with word times (the text is given to Whisper as a prompt, which
helps it spell names the way the text does), then the text's words are matched to the
recognised words (longest matching blocks on normalised words); each matched word takes the
recognised word's times, unmatched words are spread between their matched neighbours by
character count. Works on long media because transcription streams; accuracy follows the
recognition's: on a word the recogniser missed, timing is interpolated (``matched`` says how
many words were timed directly)."""

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


def align_words(
    text_words: Sequence[str], heard: Sequence[TimedWord]
) -> tuple[list[TimedWord], int]:
    """Times for ``text_words`` from recognised ``heard`` words."""
    ref = [_key(w) for w in text_words]
    hyp = [_key(w.text) for w in heard]
    times: list[tuple[float, float] | None] = [None] * len(ref)
    sm = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            times[a + k] = (heard[b + k].start, heard[b + k].end)
    # a replaced run of equal length (misrecognised words) takes the heard times one to one
    for tag, a0, a1, b0, b1 in sm.get_opcodes():
        if tag == "replace" and a1 - a0 == b1 - b0:
            for k in range(a1 - a0):
                times[a0 + k] = (heard[b0 + k].start, heard[b0 + k].end)
    matched = sum(t is not None for t in times)
    out: list[TimedWord] = []
    k = 0
    n = len(ref)
    while k < n:
        t = times[k]
        if t is not None:
            out.append(TimedWord(text_words[k], t[0], t[1]))
            k += 1
            continue
        j = k
        while j < n and times[j] is None:
            j += 1
        left = out[-1].end if out else (heard[0].start if heard else 0.0)
        nxt = times[j] if j < n else None
        right = nxt[0] if nxt is not None else (heard[-1].end if heard else left + 0.3 * (j - k))
        right = max(right, left)
        chars = [len(w) + 1 for w in text_words[k:j]]
        total = sum(chars) or 1
        t0 = left
        for w, c in zip(text_words[k:j], chars, strict=True):
            d = (right - left) * c / total
            out.append(TimedWord(w, round(t0, 3), round(t0 + d, 3)))
            t0 += d
        k = j
    return out, matched


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
