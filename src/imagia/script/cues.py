"""Elements the lexicons do not list, found by their context (plain text, no model needed):

- the object of a driving or a weapon verb ("parks the Hispano-Suiza" -> vehicle, "loads the
  Mossberg" -> weapon; "au volant de sa Simca", "dégaine son Manhurin");
- people counted or gathered ("a crowd of picnickers", "une dizaine de vendangeurs"): extras
  with their head count, when the noun reads as people (a person word or a person suffix);
- English compounds ending with a listed word ("longsword" -> sword, "footstool" -> stool).

Each finding is ``(category, name, words as written, start)``; the caller adds the mention and
the confidence (``context`` 0.6, ``crowd`` 0.55, ``compound`` 0.6)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from imagia.script.context import key

Finding = tuple[str, str, str, int]

_DET = (
    r"(?:a|an|the|his|her|their|its|my|your|our|this|that|un|une|le|la|l['’]|les|son|sa|ses|"
    r"leur|mon|ma|ce|cette|du|de\s+la|de\s+sa|de\s+son|d['’]une|d['’]un)"
)
# words that end the noun phrase after a verb's object
_STOP = {
    "into",
    "in",
    "on",
    "at",
    "with",
    "and",
    "to",
    "from",
    "off",
    "up",
    "out",
    "back",
    "behind",
    "then",
    "while",
    "as",
    "for",
    "toward",
    "towards",
    "of",
    "over",
    "under",
    "near",
    "beside",
    "down",
    "across",
    "through",
    "around",
    "onto",
    "past",
    "slowly",
    "again",
    "away",
    "by",
    "outside",
    "inside",
    "next",
    "along",
    "fast",
    "carefully",
    "quickly",
    "home",
    "here",
    "there",
    "right",
    "left",
    "straight",
    "forward",
    "forwards",
    "closer",
    "once",
    "twice",
    "dans",
    "sur",
    "sous",
    "avec",
    "et",
    "vers",
    "devant",
    "derrière",
    "puis",
    "près",
    "contre",
    "à",
    "au",
    "aux",
    "en",
    "de",
    "du",
    "des",
    "pour",
    "par",
    "qui",
    "que",
    "lentement",
    "doucement",
    "vite",
    "ici",
    "là",
    "encore",
    "chez",
    "le",
    "la",
    "les",
    "un",
    "une",
}
_VERB_CUES = {
    "vehicles": {
        "en": r"\b(?:drives|drove|driving|parks|parked|parking|reverses|reversed|steers|steered)"
        r"|\bbehind\s+the\s+wheel\s+of",
        "fr": r"\b(?:conduit|conduisait|conduisent|gare|garé|garée|garent|se\s+gare\s+en)"
        r"|\bau\s+volant(?=\s+d)",
    },
    "weapons": {
        "en": r"\b(?:loads|loaded|reloads|reloaded|cocks|cocked|aims|aimed|holsters|holstered|"
        r"unholsters|fires|fired|brandishes|brandished)",
        "fr": r"\b(?:arme|recharge|rengaine|dégaine|épaule|brandit|pointe)",
    },
}
_COLLECTIVE = {
    "en": r"\b(?:crowd|crowds|group|groups|throng|horde|hordes|gaggle|gang|band|busload|"
    r"procession|mob|swarm|army|flood|stream|line|queue|handful|dozens|hundreds|thousands|"
    r"scores|couple|pair)\s+of\s+",
    "fr": r"\b(?:foule|groupe|groupes|horde|bande|cohorte|procession|troupe|escouade|colonne|"
    r"file|flot|flots|nuée|armée|poignée|dizaine|douzaine|quinzaine|vingtaine|trentaine|"
    r"quarantaine|cinquantaine|centaine|dizaines|centaines|milliers|paire|couple)\s+d(?:e\s+|['’])",
}
# collective words that make any plural noun people; the others need a person-like noun
_PEOPLE_ONLY = {
    "crowd",
    "crowds",
    "throng",
    "horde",
    "hordes",
    "gaggle",
    "busload",
    "foule",
    "cohorte",
    "procession",
    "mob",
    "groupe",
    "groupes",
    "group",
    "groups",
}
_PERSON_SUFFIX = {
    "en": ("ists", "ians", "men", "ees", "goers", "ers"),
    "fr": ("eurs", "euses", "istes", "iens", "iennes", "ières", "iers", "ants", "antes"),
}
# English compounds whose tail is a lexicon word by accident
_NOT_COMPOUNDS = {"password", "crossword", "passwords", "crosswords"}
_COMPOUND_CATEGORIES = ("weapons", "vehicles", "animals", "props", "set_dressing", "wardrobe")


def _phrase(text: str, start: int) -> tuple[str, int] | None:
    """The noun phrase after a determiner at ``start``: up to three words, ending before a
    preposition, a conjunction or punctuation; ``(words, start)``."""
    m = re.match(r"\s*" + _DET + r"(?![\w])\s*", text[start:], re.I)
    if not m:
        return None
    begin = start + m.end()
    words: list[str] = []
    for w in re.finditer(r"[\w’'-]+|[^\w\s]", text[begin:]):
        tok = w.group(0)
        if not re.match(r"[\w]", tok) or key(tok) in _STOP or len(words) == 3:
            break
        words.append(tok)
    if not words:
        return None
    return " ".join(words), begin


def verb_objects(
    text: str,
    lang: str | None,
    known: Any,
    ignore: set[str],
) -> Iterator[Finding]:
    """Objects of driving and weapon verbs that no lexicon lists. ``known(words)`` tells a
    listed phrase (left to the lexicon pass); ``ignore``: people, names and body words."""
    lg = "fr" if lang == "fr" else "en"
    for cat, pats in _VERB_CUES.items():
        for m in re.finditer(pats[lg], text, re.I):
            found = _phrase(text, m.end())
            if found is None:
                continue
            words, begin = found
            toks = [key(t) for t in words.split()]
            if (
                known(words)
                or any(t in ignore for t in toks)
                or (toks[-1].isdigit() and len(toks) == 1)
            ):
                continue
            yield cat, words if words.isupper() else words.lower(), words, begin


def crowds(
    text: str,
    lang: str | None,
    category_of: Any,
    persons: set[str],
) -> Iterator[Finding]:
    """Plural nouns gathered or counted ("a crowd of picnickers", "une vingtaine de
    vendangeurs") that read as people: extras. ``category_of(word)`` is a lexicon category or
    None."""
    lg = "fr" if lang == "fr" else "en"
    for m in re.finditer(_COLLECTIVE[lg], text, re.I):
        ws = list(re.finditer(r"[\w’'-]+", text[m.end() : m.end() + 60]))[:2]
        if not ws:
            continue
        pick = ws[0]
        if len(ws) == 2 and (not _plural(ws[0].group(0)) or _adjective(ws[0].group(0), lg)):
            pick = ws[1]  # "a crowd of angry villagers", "une foule de jeunes curistes"
        noun, start = pick.group(0), m.end() + pick.start()
        k = key(noun)
        if not noun.islower() or not k.endswith(("s", "x")) or len(k) < 4:
            continue
        cat = category_of(noun)
        if cat is not None:
            continue  # the lexicon pass has it (people or things)
        word = m.group(0).split()[0].lower()
        singular = k[:-1]
        people = singular in persons or k in persons or k.endswith(_PERSON_SUFFIX[lg])
        if word not in _PEOPLE_ONLY and not people:
            continue
        yield "extras", noun.lower(), noun, start


def counted(
    text: str,
    lang: str | None,
    category_of: Any,
    numbers: dict[str, int],
) -> Iterator[Finding]:
    """An unlisted plural with a person suffix right after a number ("Forty pensioners",
    "trente vendangeuses"): extras (the caller reads the head count)."""
    lg = "fr" if lang == "fr" else "en"
    words = list(re.finditer(r"[\w’'-]+", text))
    for prev, cur in itertools.pairwise(words):
        n = key(prev.group(0))
        if not (n.isdigit() or (n in numbers and numbers[n] > 1)):
            continue
        noun = cur.group(0)
        k = key(noun)
        if not noun.islower() or not _plural(noun) or not k.endswith(_PERSON_SUFFIX[lg]):
            continue
        if category_of(noun) is None:
            yield "extras", noun.lower(), noun, cur.start()


def _plural(word: str) -> bool:
    return len(word) >= 4 and key(word).endswith(("s", "x")) and not key(word).endswith("ss")


_ADJ_BEFORE = {
    "jeunes",
    "petits",
    "petites",
    "grands",
    "grandes",
    "autres",
    "nombreux",
    "nombreuses",
    "vieux",
    "vieilles",
    "other",
    "young",
    "little",
    "various",
}


def _adjective(word: str, lang: str) -> bool:
    k = key(word)
    return k in _ADJ_BEFORE or (lang == "en" and k.endswith("ous"))


def compounds(
    tokens: list[tuple[str, int]],
    tails: dict[str, tuple[str, str]],
) -> Iterator[Finding]:
    """English single-word compounds ending with a listed word of five letters or more
    ("longsword", "footstool", "warhorse"): the tail's category, the whole word as the name.
    ``tokens``: (word, start) of lower-case nouns no lexicon lists."""
    for word, start in tokens:
        k = key(word)
        if k in _NOT_COMPOUNDS or "-" in k:
            continue
        stem = k[:-1] if k.endswith("s") and not k.endswith("ss") else k
        for cut in range(3, len(stem) - 4):
            tail = tails.get(stem[cut:])
            if tail is not None and tail[0] in _COMPOUND_CATEGORIES:
                yield tail[0], stem, word, start
                break
