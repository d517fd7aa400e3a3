"""Repairs the QC fixer makes to text it did not segment itself (plain transcription segments,
a vendor's file): sentences split where the audio says a new utterance starts, and a sentence's
last event given its final punctuation.

Netflix Timed Text Style Guide (English and French): sentences keep their punctuation; a new
speaker or a new utterance after a pause starts a new event (or a dialogue line); BBC Subtitle
Guidelines: break subtitles at natural linguistic points, ideally at a sentence end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from imagia.media.timecode import frames_to_ms, ms_to_frames
from imagia.speech.subtitles.linebreak import tokens
from imagia.speech.subtitles.model import Event

ENDS = (".", "!", "?", "…")
OPEN_ENDS = (*ENDS, ",", ";", ":", "—", "-", "♪", "]", ")", "»", '"', "”")
WINDOW = 0.8  # seconds between a sentence end's estimated time and the onset taken for it
EDGE = 0.4  # seconds: no split this close to the event's own in- or out-cue
CLOSING_GAP = 0.3  # seconds of silence before a capital that make the event a sentence's last
_TAGS = re.compile(r"<[^>]+>|\{[^}]*\}")


def _dialogue(text: str) -> bool:
    lines = text.split("\n")
    return len(lines) > 1 and all(x.lstrip().startswith("-") for x in lines)


def split_at_onsets(e: Event, onsets: Sequence[float], rate: Fraction, gap: int) -> list[Event]:
    """``e`` cut at its inner sentence ends that fall near a speech onset (seconds): each
    sentence that starts on a new utterance gets its own event starting on that onset. Times
    inside the event are estimated by characters; an end with no onset within
    :data:`WINDOW` stays inside."""
    if _TAGS.search(e.text) or _dialogue(e.text):
        return [e]
    words = tokens(e.text)
    ends = [i for i, w in enumerate(words[:-1]) if w.endswith(ENDS)]
    if not ends or not onsets:
        return [e]
    st, en = e.start / 1000, e.end / 1000
    inside = sorted(h for h in onsets if st + EDGE < h < en - EDGE)
    total = len(" ".join(words)) or 1
    splits: list[tuple[int, float]] = []
    last = st
    for i in ends:
        at = st + (en - st) * (len(" ".join(words[: i + 1])) + 1) / total
        near = [h for h in inside if h > last + EDGE and abs(h - at) <= WINDOW]
        if near:
            h = min(near, key=lambda x: abs(x - at))
            splits.append((i, h))
            last = h
    if not splits:
        return [e]
    out: list[Event] = []
    first, start_ms = 0, e.start
    for i, h in splits:
        on = frames_to_ms(ms_to_frames(round(h * 1000), rate), rate)
        end_ms = max(start_ms + 1, frames_to_ms(ms_to_frames(on, rate) - gap, rate))
        out.append(Event(start_ms, end_ms, " ".join(words[first : i + 1]), e.speaker, e.style))
        first, start_ms = i + 1, on
    out.append(Event(start_ms, e.end, " ".join(words[first:]), e.speaker, e.style, dict(e.meta)))
    return out


def _starts_sentence(text: str, lang: str) -> bool:
    """The next event opens with a capital (English "I" alone does not tell)."""
    head = text.lstrip("-– \n")
    word = tokens(head)[0] if tokens(head) else ""
    if lang == "en" and re.match(r"^I(?:'|’|$)", word):
        return False
    return word[:1].isupper()


def needs_final_stop(events: Sequence[Event], k: int, lang: str) -> bool:
    """Event ``k`` ends a sentence without final punctuation: it is the last event, or the
    next one opens a new sentence after a pause."""
    text = _TAGS.sub("", events[k].text).rstrip()
    if not text or text.endswith(OPEN_ENDS):
        return False
    if k + 1 == len(events):
        return True
    nxt = events[k + 1]
    pause = (nxt.start - events[k].end) / 1000
    return pause >= CLOSING_GAP and _starts_sentence(_TAGS.sub("", nxt.text), lang)


def close_sentences(events: list[Event], lang: str) -> int:
    """A full stop on each event that :func:`needs_final_stop`; returns how many."""
    done = 0
    for k, e in enumerate(events):
        if needs_final_stop(events, k, lang):
            e.text = e.text.rstrip() + "."
            done += 1
    return done
