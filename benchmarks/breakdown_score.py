"""An independent scorer for script breakdowns, written from the breakdown sheet, not from
imagia's code: it reads a ``Breakdown.N`` JSON dict (``scenes[].items[]`` with ``category``,
``name`` and an optional ``count``) and a hand-made key (``benchmarks/data/breakdown/*/keys.yaml``)
and gives precision and recall per category.

Matching, per scene and category: names are normalised (lower case, accents and articles
dropped, each word singularised by the plain English/French plural rules); a found element
matches a key element when, for one of its alternatives ``a|b``, one's words are a contiguous
run of the other's ("pump-action shotgun" finds "shotgun", "fusil" finds "fusil de chasse").
Each key element is hit once; a second element matching only already-hit key elements is a
duplicate (counted apart, neither right nor wrong); an element matching nothing is a false
positive. ``=N`` in a key gives a head count, checked against the found element's ``count``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_DROP = {"the", "a", "an", "of", "le", "la", "les", "l", "un", "une", "des", "de", "du", "d"}
GOAL = ("props", "vehicles", "weapons", "extras")


def _fold(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def _singular(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith(("aux",)) and len(word) > 4:
        return word[:-3] + "al"
    if word[-1] in "sx" and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(name: str) -> tuple[str, ...]:
    """The normalised words of an element's name."""
    toks = re.findall(r"[a-z0-9]+", _fold(name))
    kept = [_singular(t) for t in toks if t not in _DROP]
    return tuple(kept or toks)


def _run_in(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return n > 0 and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def matches(found: str, alternatives: list[str]) -> bool:
    f = words(found)
    for alt in alternatives:
        a = words(alt)
        if f and a and (f == a or _run_in(a, f) or _run_in(f, a)):
            return True
    return False


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    dup: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.dup += other.dup
        self.false_positives += other.false_positives
        self.misses += other.misses


@dataclass
class Result:
    by_category: dict[str, Tally] = field(default_factory=dict)
    counts_keyed: int = 0
    counts_right: int = 0

    def tally(self, cat: str) -> Tally:
        return self.by_category.setdefault(cat, Tally())

    def add(self, other: Result) -> None:
        for cat, t in other.by_category.items():
            self.tally(cat).add(t)
        self.counts_keyed += other.counts_keyed
        self.counts_right += other.counts_right

    def total(self, cats: tuple[str, ...] | None = None) -> Tally:
        out = Tally()
        for cat, t in self.by_category.items():
            if cats is None or cat in cats:
                out.add(t)
        return out


def _key_element(text: str) -> tuple[list[str], int | None]:
    name, _, count = str(text).partition("=")
    return [a.strip() for a in name.split("|") if a.strip()], int(count) if count else None


def score(breakdown: dict[str, Any], key_scenes: dict[Any, Any], label: str = "") -> Result:
    """Score one breakdown (a ``Breakdown.N`` dict) against one script's key scenes."""
    res = Result()
    by_index = {int(s["index"]): s for s in breakdown.get("scenes", [])}
    for idx, cats in key_scenes.items():
        scene = by_index.get(int(idx), {"items": []})
        items = scene.get("items", [])
        for cat in set(cats) | {str(i["category"]) for i in items}:
            t = res.tally(cat)
            truth = [_key_element(e) for e in cats.get(cat, [])]
            hit = [False] * len(truth)
            for it in (i for i in items if i["category"] == cat):
                js = [j for j, (alts, _) in enumerate(truth) if matches(str(it["name"]), alts)]
                if not js:
                    t.fp += 1
                    t.false_positives.append(f"{label}{idx}:{it['name']}")
                    continue
                free = [j for j in js if not hit[j]]
                if not free:
                    t.dup += 1
                    continue
                hit[free[0]] = True
                t.tp += 1
                want = truth[free[0]][1]
                if want is not None:
                    res.counts_keyed += 1
                    res.counts_right += int(it.get("count") == want)
            for j, h in enumerate(hit):
                alts, want = truth[j]
                if want is not None and not h:
                    res.counts_keyed += 1
                if not h:
                    t.fn += 1
                    t.misses.append(f"{label}{idx}:{alts[0]}")
    return res


def load_keys(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((folder / "keys.yaml").read_text(encoding="utf-8"))
    return data


def table(res: Result, categories: tuple[str, ...]) -> list[str]:
    """Printable lines: one per category (P, R, tp/fp/fn), then the goal categories and all."""
    lines = []
    for cat in categories:
        t = res.by_category.get(cat)
        if t is None or t.tp + t.fp + t.fn == 0:
            continue
        lines.append(
            f"    {cat:13s} P {t.precision:.2f} R {t.recall:.2f}  (tp {t.tp}, fp {t.fp}, "
            f"fn {t.fn}, dup {t.dup})"
        )
    for label, cats in (("goal 4 cats", GOAL), ("all", None)):
        t = res.total(cats)
        lines.append(
            f"    {label:13s} P {t.precision:.2f} R {t.recall:.2f}  (tp {t.tp}, fp {t.fp}, "
            f"fn {t.fn})"
        )
    lines.append(f"    extras counts right {res.counts_right}/{res.counts_keyed}")
    return lines


def main(argv: list[str]) -> int:
    """``python -m benchmarks.breakdown_score BREAKDOWN.json KEYS.yaml SCRIPT_NAME``."""
    import json

    if len(argv) != 3:
        print(main.__doc__, file=sys.stderr)
        return 2
    bd = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    keys = yaml.safe_load(Path(argv[1]).read_text(encoding="utf-8"))
    res = score(bd, keys[argv[2]]["scenes"])
    cats = tuple(sorted(res.by_category))
    print("\n".join(table(res, cats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
