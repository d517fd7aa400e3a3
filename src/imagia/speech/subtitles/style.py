"""Text style of subtitle words, per the language's guide: sentence case, final punctuation,
small numbers in words, English "I", French typography (a non-breaking space before ; : ! ?
and inside « », straight quotes made « »).

Sources: Netflix English Timed Text Style Guide ("Numbers": one to ten in words, figures above);
Netflix French Timed Text Style Guide ("Nombres", our reading: un to neuf in words; "1" is left
alone, its gender "un"/"une" is unknown); both guides keep sentences' capitals and punctuation.
French typography: the French guide asks for French punctuation rules (Imprimerie nationale's
Lexique: a non-breaking space before the double signs ; : ! ? and inside guillemets), so a line
never begins with "?" or "»".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

NUMBERS = {
    "en": {
        0: "zero",
        1: "one",
        2: "two",
        3: "three",
        4: "four",
        5: "five",
        6: "six",
        7: "seven",
        8: "eight",
        9: "nine",
        10: "ten",
    },
    "fr": {
        2: "deux",
        3: "trois",
        4: "quatre",
        5: "cinq",
        6: "six",
        7: "sept",
        8: "huit",
        9: "neuf",
    },
}
ENDS = (".", "!", "?", "…")
NBSP = "\u00a0"
_NUM = re.compile(r"^(\d+)([\u00a0,;:.!?…]*)$")
# a double sign after a word (not ":" inside "10:30"), with or without a space before it
_DOUBLE = re.compile(r"(?<=[\w…»”)\]])[ \u202f\u00a0]?([;!?]|:(?!\d))")
_OPEN = re.compile(r"«[ \u202f\u00a0]?")
_CLOSE = re.compile(r"[ \u202f\u00a0]?»")
_QUOTES = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')
_SIGNS = frozenset(";:!?»")
_TAIL = re.compile(r"^(?:[.,]\d+|%)[,;:.!?…]*$")  # a number's tail given as a word of its own
_I = re.compile(r"^i(('m|'ll|'ve|'d|’m|’ll|’ve|’d)?)([,;:.!?…]*)$")
LONG_PAUSE = 0.6  # a pause this long after a word without punctuation ends its sentence
CAPITAL_PAUSE = 0.25  # ...and this long when the next word starts with a capital


def _cap(text: str) -> str:
    for k, ch in enumerate(text):
        if ch.isalpha():
            return text[:k] + ch.upper() + text[k + 1 :]
        if ch.isdigit():
            return text
    return text


def word_text(text: str, lang: str, sentence_start: bool) -> str:
    """One word restyled: a small number in words, English "I", a capital at a sentence start."""
    t = text.strip()
    m = _NUM.match(t)
    if m and not (len(m.group(1)) > 1 and m.group(1).startswith("0")):
        n = int(m.group(1))
        if n in NUMBERS[lang]:
            t = NUMBERS[lang][n] + m.group(2)
    if lang == "en":
        mi = _I.match(t)
        if mi:
            t = "I" + mi.group(1) + mi.group(3)
    return _cap(t) if sentence_start else t


def typography(text: str, lang: str) -> str:
    """French: straight or English quotes made « », a non-breaking space before ; : ! ? and
    inside « » (other languages unchanged)."""
    if lang != "fr":
        return text
    text = _QUOTES.sub(lambda m: f"«{m.group(1) or m.group(2)}»", text)
    text = _DOUBLE.sub(lambda m: NBSP + m.group(1), text)
    return _CLOSE.sub(NBSP + "»", _OPEN.sub("«" + NBSP, text))


def _glued(words: Sequence[Any], lang: str) -> list[Any]:
    """A number's tail or a sign Whisper gave as a word of its own (``$2`` ``,000``,
    ``soir`` ``?``) joined to its word, and « to the word after it, so no line starts with a
    sign; French typography on each word."""
    out: list[Any] = []
    opening: Any = None
    for w in words:
        t = w.text.strip()
        if t == "«":
            opening = w
            continue
        if opening is not None:
            w = replace(w, text="«" + t, start=opening.start)
            opening = None
        if out and _TAIL.match(t):  # Whisper's "$2" ",000", "12" "%" (French: "12 %")
            glue = NBSP if lang == "fr" and t.startswith("%") else ""
            out[-1] = replace(out[-1], text=out[-1].text.strip() + glue + t, end=w.end)
            continue
        if out and t and set(t) <= _SIGNS:  # French: typography puts its space back
            space = " " if lang == "fr" else ""
            out[-1] = replace(out[-1], text=out[-1].text.strip() + space + t, end=w.end)
            continue
        out.append(w)
    if opening is not None:
        out.append(opening)
    if lang != "fr":
        return out
    return [replace(w, text=typography(w.text.strip(), lang)) for w in out]


def _starts_sentence(word: str, lang: str) -> bool:
    """A capital that is not English "I": Whisper's sign of a new sentence."""
    w = word.strip()
    return w[:1].isupper() and not (lang == "en" and _I.match(w.lower()))


def restyle(words: Sequence[Any], lang: str) -> list[Any]:
    """Words (frozen dataclasses with ``text``, ``start``, ``end``) in the guide's style; the
    last word before a long pause or the end gets a full stop when it has no punctuation."""
    out: list[Any] = []
    start = True
    words = _glued(words, lang)
    for k, w in enumerate(words):
        text = word_text(w.text, lang, start)
        nxt = words[k + 1] if k + 1 < len(words) else None
        open_ = not text.endswith((*ENDS, ",", ";", ":", "♪"))
        if open_ and (
            nxt is None
            or nxt.start - w.end >= LONG_PAUSE
            or (nxt.start - w.end >= CAPITAL_PAUSE and _starts_sentence(nxt.text, lang))
        ):
            text += "."
        out.append(replace(w, text=text))
        start = text.endswith(ENDS)
    return out


def restyle_text(text: str, lang: str, sentence_start: bool = True) -> str:
    """An event's text restyled line by line (dialogue dashes kept)."""
    lines = []
    for line in text.split("\n"):
        dash = re.match(r"^(-\s*)", line)
        head = dash.group(1) if dash else ""
        words = line[len(head) :].split(" ")
        start = sentence_start or bool(head)
        done = []
        for w in words:
            done.append(word_text(w, lang, start) if w else w)
            start = w.endswith(ENDS)
        lines.append(typography(head + " ".join(done), lang))
        sentence_start = lines[-1].rstrip().endswith(ENDS)
    return "\n".join(lines)
