"""Condensation by rules, for events whose reading speed timing alone cannot meet: fillers
("um", "you know"; "euh", "tu vois") and immediate repetitions ("I I think") go. The shorter
text is used and the event is marked for a person to review (``meta["review"]``), with the
original kept in ``meta["original"]``; an event still too fast is marked ``reading_speed``.

Netflix English and French guides: condense or reduce rather than paraphrase when reading speed
demands it; fillers and repetitions are the first to go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from imagia.media.timecode import ms_to_frames
from imagia.speech.subtitles.linebreak import tokens, wrap
from imagia.speech.subtitles.model import Event
from imagia.speech.subtitles.profiles import Profile

FILLERS = {
    "en": ("you know", "i mean", "um", "umm", "uh", "uhm", "er", "erm", "ah", "hmm", "mm"),
    "fr": (
        "bon ben",
        "bon bah",
        "eh ben",
        "tu vois",
        "tu sais",
        "vous voyez",
        "euh",
        "heu",
        "hum",
        "bah",
        "ben",
        "hein",
    ),
}
_EDGE = re.compile(r"^\W+|\W+$")


def _bare(word: str) -> str:
    return _EDGE.sub("", word).lower()


def shorter(line: str, lang: str) -> str:
    """``line`` without fillers and immediate repetitions (its dash and capital kept)."""
    dash = re.match(r"^-\s*", line)
    head = dash.group(0) if dash else ""
    words = tokens(line[len(head) :])
    fillers = [f.split() for f in FILLERS["fr" if lang == "fr" else "en"]]
    out: list[str] = []
    k = 0
    while k < len(words):
        hit = next(
            (f for f in fillers if [_bare(w) for w in words[k : k + len(f)]] == f),
            None,
        )
        if hit is not None:
            tail = words[k + len(hit) - 1]
            k += len(hit)
            end = re.search(r"[.!?…]+$", tail)
            if end and out and not re.search(r"[.!?…]$", out[-1]):
                out[-1] = out[-1].rstrip(",;:") + end.group(0)
            continue
        w = words[k]
        if (
            out
            and _bare(w)
            and _bare(w) == _bare(out[-1])
            and not out[-1].endswith((".", "!", "?", "…"))
        ):
            # "Je, je crois" -> "Je crois": the first word's case, the last one's punctuation
            mark = re.search(r"[.!?…,;:]+$", w)
            out[-1] = out[-1].rstrip(",;:") + (mark.group(0) if mark else "")
            k += 1
            continue
        out.append(w)
        k += 1
    if not out:
        return line
    if words and words[0][:1].isupper() and not out[0][:1].isupper():
        out[0] = out[0][:1].upper() + out[0][1:]
    return head + " ".join(out)


def _cps(chars: int, e: Event, rate: Fraction) -> float:
    frames = ms_to_frames(e.end, rate) - ms_to_frames(e.start, rate)
    return chars * float(rate) / frames if frames > 0 else float("inf")


def condense_events(
    events: Sequence[Event], profile: Profile, rate: Fraction, lang: str
) -> list[Event]:
    """Condense each event over the reading speed; mark it for review."""
    for e in events:
        if _cps(e.chars, e, rate) <= profile.max_cps + 1e-9:
            continue
        lines = e.text.split("\n")
        dialogue = len(lines) == 2 and all(x.startswith("-") for x in lines)
        if dialogue:
            new = [shorter(x, lang) for x in lines]
        else:
            words = tokens(shorter(" ".join(lines), lang))
            fitted = wrap(words, profile.max_chars_per_line, profile.max_lines, lang)
            new = fitted[0] if fitted else lines
        text = "\n".join(new)
        if text != e.text:
            e.meta["original"] = e.text
            e.text = text
            e.meta["review"] = "condensed"
        if _cps(e.chars, e, rate) > profile.max_cps + 1e-9:
            e.meta["review"] = "reading_speed"
    return list(events)
