"""Find the passages a question is about: meaning (the multilingual sentence encoder we
already ship) plus the names it mentions (characters and words the screenplay uses)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from imagia.assist.passages import Passage

_WORD = re.compile(r"[\w'-]+")


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    meaning: float
    names: int


def names_in(question: str, passages: Sequence[Passage]) -> set[str]:
    """Characters the question names (folded, whole words)."""
    words = set(_WORD.findall(_fold(question)))
    found = set()
    for p in passages:
        for c in p.characters:
            parts = _fold(c).split()
            if parts and all(w in words for w in parts):
                found.add(c)
    return found


def search(question: str, passages: Sequence[Passage], top: int = 4) -> list[Hit]:
    """The ``top`` passages for ``question``, best first.

    Meaning is scored on each line of a scene (a detail is one line among many) and on the
    whole scene; the better of the two counts, plus a bonus per character the question names.
    """
    import numpy as np

    from imagia.media import sentences

    if not passages:
        return []
    units: list[str] = []
    owner: list[int] = []
    for k, p in enumerate(passages):
        for text in [f"{p.heading}\n{p.text}"[:2000], *p.text.splitlines()]:
            if text.strip():
                units.append(text)
                owner.append(k)
    vecs = sentences.encode([question, *units])
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    sims = vecs[1:] @ vecs[0]
    meaning = np.full(len(passages), -1.0)
    for k, sim in zip(owner, sims, strict=True):
        meaning[k] = max(meaning[k], float(sim))
    wanted = names_in(question, passages)
    hits = []
    for p, m in zip(passages, meaning, strict=True):
        names = sum(1 for c in p.characters if c in wanted) + sum(
            1 for c in wanted if c not in p.characters and _fold(c) in _fold(p.text)
        )
        hits.append(Hit(p, float(m) + 0.15 * names, float(m), names))
    hits.sort(key=lambda h: -h.score)
    return hits[:top]
