"""Context rules of the breakdown, on plain text (no model needed): the sentence an element comes
from, head counts of extras ("a dozen truckers", "une dizaine de figurants"), who does an action
(a stunt verb after an animal is the animal's action, not a stunt), whether an object is handled
(a handled piece of set dressing is a prop), and descriptive character introductions in capitals
("HOMME EN COSTUME", "TWO POLICE OFFICERS", "STRANGER IN A RAINCOAT")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from imagia.script.model import strip_accents

TOKEN = re.compile(r"\w+(?:-\w+)*")
_SENTENCE = re.compile(r"[^.!?;…]+(?:[.!?;…]+|$)")
# words that join a character's head noun to its description
PREPOSITIONS = {"in", "with", "wearing", "en", "avec", "de", "du", "des", "à", "au", "aux", "a"}
_FILLERS = {
    "about",
    "around",
    "some",
    "nearly",
    "almost",
    "over",
    "of",
    "environ",
    "quelque",
    "quelques",
    "près",
    "de",
    "d",
    "une",
    "un",
}
_ARTICLES = {"the", "le", "la", "l", "les"}


def key(text: str) -> str:
    """Lower case, accents dropped, curly apostrophes straightened."""
    return strip_accents(text.lower().replace("’", "'"))


def entries(value: Any) -> list[str]:
    """A lexicon's entries for one language: a list, or families (name -> list)."""
    if isinstance(value, dict):
        return [str(w) for v in value.values() for w in entries(v)]
    if isinstance(value, list):
        return [str(w) for w in value]
    return []


def sentence_at(text: str, start: int) -> str:
    """The sentence of ``text`` around character ``start``, on one line."""
    for m in _SENTENCE.finditer(text):
        if m.start() <= start < m.end():
            return " ".join(m.group(0).split())
    return " ".join(text.split())


def _sentence_start(text: str, start: int) -> int:
    for m in _SENTENCE.finditer(text):
        if m.start() <= start < m.end():
            return m.start()
    return 0


def head_count(text: str, start: int, numbers: dict[str, int]) -> int | None:
    """A head count written just before ``start``: a digit or a number word, across fillers
    ("about fifty", "une dizaine de") and up to two adjectives ("two bored dock workers")."""
    before = [key(t) for t in TOKEN.findall(text[_sentence_start(text, start) : start])]
    skipped = 0
    for tok in reversed(before[-6:]):
        if tok.isdigit():
            return int(tok)
        if tok in numbers:
            return numbers[tok]
        if tok in _FILLERS:
            continue
        skipped += 1
        if skipped > 2:
            return None
    return None


def subject_kind(
    text: str,
    start: int,
    animals: set[str],
    persons: set[str],
    names: set[str],
    weather: frozenset[str] | set[str] = frozenset(),
) -> str | None:
    """``"animal"``, ``"person"`` or ``"weather"``: the nearest animal, person word, pronoun,
    character name or weather word (rain, wave) before ``start`` in its sentence (the doer of
    a verb found at ``start``)."""
    toks = TOKEN.findall(text[_sentence_start(text, start) : start])
    for tok in reversed(toks):
        k = key(tok)
        forms = {k, k[:-1] if len(k) > 3 and k[-1] in "sx" else k}
        if forms & animals:
            return "animal"
        if forms & persons or tok.upper() in names:
            return "person"
        if forms & weather:
            return "weather"
    return None


def inflections(lemma: str, lang: str | None) -> set[str]:
    """Common written forms of a verb (third person, past, participles), accent-free."""
    k = key(lemma)
    if lang == "fr":
        out = {k}
        if k.endswith("er"):
            stem = k[:-2]
            out |= {stem + "e", stem + "ent", stem + "ant", stem + "e", stem + "es"}
        elif k.endswith("ir"):
            stem = k[:-2]
            out |= {stem + "it", stem + "issent", stem + "e", stem + "ent", stem[:-1] + "t"}
        elif k.endswith("re"):
            stem = k[:-2]
            out |= {stem, stem + "ent", stem + "t", stem[:-1] + "t", stem + "nent"}
        return out
    out = {k, k + "s", k + "es", k + "ed", k + "d", k + "ing"}
    if k.endswith("e"):
        out |= {k[:-1] + "ing"}
    if k.endswith("y"):
        out |= {k[:-1] + "ies", k[:-1] + "ied"}
    if len(k) > 2 and k[-1] not in "aeiouwy" and k[-2] in "aeiou":
        out |= {k + k[-1] + "ed", k + k[-1] + "ing"}
    return out


_IRREGULAR = {
    "took",
    "taken",
    "held",
    "gave",
    "given",
    "threw",
    "thrown",
    "swung",
    "pris",
    "prend",
    "prennent",
    "tient",
    "tiennent",
    "tenu",
    "tend",
}


def handled(text: str, start: int, verbs: set[str]) -> bool:
    """Whether a handling verb (inflected forms in ``verbs``) comes shortly before ``start``
    in its sentence: "takes the shotgun from the hook", "pose une soupière"."""
    toks = [key(t) for t in TOKEN.findall(text[_sentence_start(text, start) : start])][-4:]
    for i in range(len(toks) - 1, -1, -1):
        if toks[i] in _PLACE_PREPOSITIONS:
            return False  # "takes the gold from the shelves": the shelves are where it is
        if toks[i] in verbs or toks[i] in _IRREGULAR:
            return True
    return False


_PLACE_PREPOSITIONS = {
    "from",
    "off",
    "on",
    "onto",
    "in",
    "into",
    "under",
    "behind",
    "beside",
    "against",
    "over",
    "across",
    "through",
    "de",
    "du",
    "des",
    "sur",
    "dans",
    "sous",
    "derriere",
    "contre",
}


def describe_run(
    run: str, persons: set[str], numbers: dict[str, int], lang: str | None
) -> tuple[str, int | None, str] | None:
    """For an upper-case run that introduces a character by description, ``(name, count,
    description)``: "TWO POLICE OFFICERS" -> ("POLICE OFFICERS", 2, ""), "HOMME EN COSTUME" ->
    ("HOMME EN COSTUME", None, "en costume"); None when its head noun is not a person word."""
    words = run.split()
    count = None
    if len(words) > 1 and key(words[0]) in numbers and key(words[0]) not in ("a", "an"):
        count = numbers[key(words[0])]
        words = words[1:]
    cut = next(
        (i for i, w in enumerate(words) if i > 0 and key(w) in PREPOSITIONS),
        len(words),
    )
    head_part = [key(w) for w in words[:cut]]
    heads = [head_part[0], head_part[-1]] if lang == "fr" else [head_part[-1], head_part[0]]
    phrase = " ".join(head_part)
    if not (phrase in persons or any(_singulars(h) & persons for h in heads)):
        return None
    return " ".join(words), count, " ".join(words[cut:]).lower()


def _singulars(word: str) -> set[str]:
    out = {word}
    if len(word) > 3 and word[-1] in "sx":
        out.add(word[:-1])
    if word.endswith("men"):
        out.add(word[:-3] + "man")
    return out


def short_name_pattern(name: str) -> re.Pattern[str] | None:
    """For a descriptive character ("STRANGER IN A RAINCOAT"), the pattern of its head named
    with a definite article later in the action ("the stranger", "l'homme")."""
    words = name.split()
    cut = next((i for i, w in enumerate(words) if i > 0 and key(w) in PREPOSITIONS), None)
    if cut is None:
        return None
    short = " ".join(words[:cut])
    return re.compile(r"(?<!\w)(?:the|le|la|l['’])\s*" + re.escape(short) + r"(?!\w)", re.I)


def word_set(words: Iterable[str]) -> set[str]:
    return {key(w) for w in words}
