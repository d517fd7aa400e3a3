"""Editorial controls on a recommended list: quotas, pins, bans, age ratings, genre variety.

A channel or a platform must show French and European works (at least 40 % EOF and 60 %
European in the first ten, say), may pin an editorial pick, ban a title, and must not offer a
-16 film on a child's profile. The list is re-ranked greedily by score: at each position the
best-scored candidate is taken unless taking it would leave too few positions to meet a quota
(a quota can always be met while enough candidates of its kind remain); a position taken for a
quota is said so in the reasons. Caps on one genre are honoured unless they would break a quota.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from imagia.core.errors import BadValue

FLAGS = ("eof", "european", "long_tail", "new", "editorial")


@dataclass(frozen=True)
class Quota:
    """At least ``share`` of the first ``within`` positions are items whose ``flag`` is set."""

    flag: str
    share: float
    within: int = 10

    def __post_init__(self) -> None:
        if self.flag not in FLAGS:
            raise BadValue("quota", self.flag, FLAGS)
        if not 0 <= self.share <= 1:
            raise BadValue("quota share", self.share, reason="a share between 0 and 1")
        if self.within < 1:
            raise BadValue("quota positions", self.within, reason="at least 1")

    def needed(self, n: int) -> int:
        return math.ceil(self.share * min(self.within, n) - 1e-9)


@dataclass(frozen=True)
class Controls:
    quotas: tuple[Quota, ...] = ()
    banned: frozenset[int] = frozenset()  # item indices
    pinned: tuple[int, ...] = ()  # item indices, in the order they are shown
    max_same_genre: int | None = None  # at most this many items of one main genre

    @property
    def empty(self) -> bool:
        return not (self.quotas or self.banned or self.pinned or self.max_same_genre)


@dataclass
class Ranked:
    """A re-ranked list and why each position holds its item."""

    items: list[int]
    reasons: list[str]  # "score", "pin" or "quota:<flag>"
    shortfalls: dict[str, int] = field(default_factory=dict)  # quota flag -> items missing


def shortlist(
    order: np.ndarray, n: int, flags: dict[str, np.ndarray], depth: int = 20
) -> np.ndarray:
    """The head of ``order`` that re-ranking needs: its first ``depth * n`` items plus the
    ``n`` best of each flag, in the original order. Every quota that the full list can meet
    is met from it (the greedy takes flagged items best first), at a fraction of the work."""
    head = order[: depth * n]
    extra = [order[flags[f][order]][:n] for f in flags]
    keep = np.zeros(int(order.max(initial=-1)) + 1, dtype=bool)
    for part in (head, *extra):
        keep[part] = True
    return order[keep[order]]


def _cover(deficits: list[int], available: Counter[tuple[bool, ...]]) -> int:
    """How many more items it takes, greedily, to meet every deficit from what is available
    (exact when the flags are nested, as EOF within European)."""
    left = list(deficits)
    pool = Counter(available)
    taken = 0
    while any(d > 0 for d in left):
        best, gain = None, 0
        for sig, count in pool.items():
            if count <= 0:
                continue
            g = sum(1 for d, s in zip(left, sig, strict=True) if d > 0 and s)
            if g > gain:
                best, gain = sig, g
        if best is None:
            return 10**9  # cannot be met
        pool[best] -= 1
        left = [d - 1 if s else d for d, s in zip(left, best, strict=True)]
        taken += 1
    return taken


def rerank(
    order: np.ndarray,
    n: int,
    controls: Controls,
    flags: dict[str, np.ndarray],
    genre: np.ndarray | None = None,
) -> Ranked:
    """The first ``n`` items of ``order`` (candidates best first, already filtered for history,
    bans and age) under ``controls``; ``flags`` maps each quota flag to a boolean per item,
    ``genre`` gives each item's main genre (an integer) for the genre cap."""
    quotas = controls.quotas
    items: list[int] = []
    reasons: list[str] = []
    for p in controls.pinned:
        if len(items) < n and p not in items and p not in controls.banned:
            items.append(p)
            reasons.append("pin")
    taken = set(items) | set(controls.banned)
    pool = [int(i) for i in order if int(i) not in taken]
    # each candidate's signature: which quota flags it carries (a tuple of booleans)
    marks = [np.asarray(flags[q.flag], dtype=bool) for q in quotas]
    sigs = [tuple(bool(m[i]) for m in marks) for i in pool] if quotas else [()] * len(pool)
    available: Counter[tuple[bool, ...]] = Counter(sigs)
    counts = [sum(bool(marks[qi][i]) for i in items[: q.within]) for qi, q in enumerate(quotas)]
    per_genre: Counter[int] = Counter()
    if genre is not None:
        per_genre.update(int(genre[i]) for i in items)
    cap = controls.max_same_genre if genre is not None else None
    used = [False] * len(pool)
    while len(items) < n:
        pos = len(items)
        # which signatures can be taken here and still leave every quota reachable
        ok: dict[tuple[bool, ...], bool] = {}
        for sig, left in available.items():
            if left <= 0:
                continue
            deficits, slots = [], []
            for qi, q in enumerate(quotas):
                after = counts[qi] + (1 if sig[qi] and pos < q.within else 0)
                deficits.append(max(0, q.needed(n) - after))
                slots.append(max(0, min(q.within, n) - pos - 1))
            if not any(deficits):
                ok[sig] = True
                continue
            rest = Counter(available)
            rest[sig] -= 1
            active = [s for d, s in zip(deficits, slots, strict=True) if d > 0]
            ok[sig] = _cover(deficits, rest) <= min(active)
        chosen = -1
        for relax_cap in (False, True):
            for k, cand in enumerate(pool):
                if used[k] or not ok.get(sigs[k], False):
                    continue
                if not relax_cap and cap is not None and per_genre[int(genre[cand])] >= cap:  # type: ignore[index]
                    continue
                chosen = k
                break
            if chosen >= 0:
                break
        if chosen < 0:  # a quota cannot be met any more: the best item that still counts
            # for most of the unmet quotas, so the shortfall is as small as it can be
            unmet = [pos < q.within and counts[qi] < q.needed(n) for qi, q in enumerate(quotas)]
            best_gain = -1
            for k in range(len(pool)):
                if used[k]:
                    continue
                gain = sum(1 for u, s in zip(unmet, sigs[k], strict=True) if u and s)
                if gain > best_gain:
                    chosen, best_gain = k, gain
            if chosen < 0:
                break
        cand = pool[chosen]
        used[chosen] = True
        available[sigs[chosen]] -= 1
        skipped_better = any(not used[k] for k in range(chosen))
        promoted = [q.flag for qi, q in enumerate(quotas) if sigs[chosen][qi] and pos < q.within]
        promoted.sort(key=lambda f: f != "editorial")  # an editor's pick says so first
        reasons.append(f"quota:{promoted[0]}" if skipped_better and promoted else "score")
        items.append(cand)
        for qi, q in enumerate(quotas):
            if sigs[chosen][qi] and pos < q.within:
                counts[qi] += 1
        if genre is not None:
            per_genre[int(genre[cand])] += 1
    shortfalls = {
        q.flag: q.needed(n) - counts[qi] for qi, q in enumerate(quotas) if counts[qi] < q.needed(n)
    }
    return Ranked(items, reasons, shortfalls)
