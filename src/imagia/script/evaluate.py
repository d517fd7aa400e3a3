"""Measure the parser and the breakdown against hand-written answer keys
(``samples/answers.yaml``): used by the tests and ``python -m benchmarks script``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from imagia.script.breakdown import Breakdown
from imagia.script.model import Screenplay, strip_accents


@lru_cache(maxsize=1)
def answers() -> dict[str, Any]:
    text = (resources.files("imagia.script") / "samples" / "answers.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def parse_accuracy(sp: Screenplay, key: dict[str, Any], words: bool = True) -> dict[str, Any]:
    """Share of scenes whose number, heading, INT/EXT, location, sub-location, time and speaking
    characters are all right, and of characters whose speeches/words/scenes are right."""
    want = key["scenes"]
    ok_scenes = 0
    field_ok: dict[str, int] = {}
    names = (
        "number",
        "heading",
        "int_ext",
        "location",
        "sub_location",
        "time_of_day",
        "characters",
    )
    for got, exp in zip(sp.scenes, want, strict=False):
        vals = (
            got.number,
            got.clean_heading,
            got.int_ext,
            got.location,
            got.sub_location,
            got.time_of_day,
            got.speakers(),
        )
        exp_vals = (str(exp[0]) if exp[0] is not None else None, *exp[1:])
        good = True
        for n, a, b in zip(names, vals, exp_vals, strict=True):
            same = a == b  # speakers in the order they first speak
            field_ok[n] = field_ok.get(n, 0) + int(same)
            good &= same
        ok_scenes += int(good)
    chars = {c.name: c for c in sp.characters()}
    ok_chars = 0
    for name, (lines, nwords, scenes) in key["characters"].items():
        c = chars.get(name)
        if (
            c
            and c.dialogue_lines == lines
            and c.scenes == scenes
            and (not words or c.dialogue_words == nwords)
        ):
            ok_chars += 1
    return {
        "scenes_found": len(sp.scenes),
        "scenes_expected": len(want),
        "scenes_all_fields_right": ok_scenes,
        "fields_right": field_ok,
        "characters_found": len(chars),
        "characters_expected": len(key["characters"]),
        "characters_right": ok_chars,
    }


def _norm(s: str) -> str:
    s = strip_accents(s.lower().replace("’", "'"))
    toks = re.findall(r"\w+", s)
    return " ".join(t[:-1] if len(t) > 3 and t[-1] in "sx" else t for t in toks)


def _matches(found: str, alts: list[str]) -> bool:
    f = _norm(found)
    for a in alts:
        n = _norm(a)
        if not n or not f:
            continue
        if f == n or re.search(rf"\b{re.escape(n)}\b", f) or re.search(rf"\b{re.escape(f)}\b", n):
            return True
    return False


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
        }


# categories added after the first keys were written: a key that uses none of them is not
# scored on them (its author never annotated weapons or set dressing apart from props)
LATER_CATEGORIES = ("weapons", "set_dressing")


def breakdown_scores(bd: Breakdown, key: dict[Any, Any]) -> dict[str, Score]:
    """Precision/recall per category and ``all``: a found element matching a key element (or
    one of its alternatives) is a hit; further matches of the same key element are ignored."""
    scores: dict[str, Score] = {"all": Score()}
    by_index = {s.index: s for s in bd.scenes}
    keyed = {c for cats in key.values() for c in cats}
    skip = {c for c in LATER_CATEGORIES if c not in keyed}
    for idx, cats in key.items():
        sb = by_index.get(int(idx))
        found = [i for i in (sb.items if sb else []) if i.category not in skip]
        for cat in set(cats) | {i.category for i in found}:
            sc = scores.setdefault(cat, Score())
            truth = [str(t).split("|") for t in cats.get(cat, [])]
            hit = [False] * len(truth)
            for it in (i for i in found if i.category == cat):
                js = [j for j, alts in enumerate(truth) if _matches(it.name, alts)]
                if not js:
                    sc.fp += 1
                    scores["all"].fp += 1
                    sc.false_positives.append(f"{idx}:{it.name}")
                    continue
                free = [j for j in js if not hit[j]]
                if free:
                    hit[free[0]] = True
                    sc.tp += 1
                    scores["all"].tp += 1
            for j, h in enumerate(hit):
                if not h:
                    sc.fn += 1
                    scores["all"].fn += 1
                    sc.misses.append(f"{idx}:{truth[j][0]}")
    return scores
