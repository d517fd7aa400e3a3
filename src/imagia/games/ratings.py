"""Player ratings from match history: OpenSkill (Weng-Lin) models, a TrueSkill and an Elo baseline.

Every model reads the same ``match`` events (teams, ranks, partial play) in time order. Players
never seen before are created with the model's prior. ``evaluate`` trains on the first part of
the history and predicts the held-out rest with frozen ratings: for every pair of teams with
different ranks in a held-out match, the probability that the better-ranked team wins (accuracy,
log-loss, Brier); and, when the hidden true skills are known (the simulator), the Spearman rank
correlation between ratings and true skills.

- ``openskill-pl``: OpenSkill's Plackett-Luce model (Weng & Lin 2011), via the ``openskill``
  package; partial play as OpenSkill weights.
- ``openskill-tm``: OpenSkill's Thurstone-Mosteller model with partial (adjacent) pairing; the
  full-pairing variant diverged on 6-player free-for-all here (means up to 590 after 30 days).
- ``trueskill``: TrueSkill's two-team update (Herbrich et al. 2006, no draws) written here, with
  partial-play weights; free-for-all is rated as successive adjacent pairs (an approximation of
  the full factor graph).
- ``elo``: Elo with K = 32; a team's rating is the mean of its members; free-for-all is rated as
  every pair with K / (n - 1); partial play scales a player's update.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from imagia.core.errors import BadValue

MU, SIGMA = 25.0, 25.0 / 3
BETA, TAU = SIGMA / 2, SIGMA / 100

Teams = list[list[str]]


class Rater(Protocol):
    name: str

    def update(
        self, teams: Teams, ranks: Sequence[float], weights: list[list[float]] | None
    ) -> None: ...

    def p_beats(self, a: list[str], b: list[str]) -> float: ...

    def rating(self, pid: str) -> tuple[float, float]: ...

    def players(self) -> list[str]: ...


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def gaussian_p_beats(
    a: list[tuple[float, float]], b: list[tuple[float, float]], beta: float = BETA
) -> float:
    """P(team a beats team b) when performances are N(mu, sigma^2 + beta^2) summed per team."""
    d = sum(m for m, _ in a) - sum(m for m, _ in b)
    var = sum(s * s for _, s in a + b) + (len(a) + len(b)) * beta * beta
    return _cdf(d / math.sqrt(var))


class OpenSkillRater:
    """An OpenSkill model (``PlackettLuce``, ``ThurstoneMostellerFull``...)."""

    def __init__(self, model: str = "PlackettLuce") -> None:
        from openskill import models

        self.name = "openskill-pl" if model == "PlackettLuce" else "openskill-tm"
        self.model = getattr(models, model)()
        self.r: dict[str, Any] = {}

    def _get(self, pid: str) -> Any:
        if pid not in self.r:
            self.r[pid] = self.model.rating(name=pid)
        return self.r[pid]

    def update(
        self, teams: Teams, ranks: Sequence[float], weights: list[list[float]] | None
    ) -> None:
        objs = [[self._get(p) for p in t] for t in teams]
        new = self.model.rate(objs, ranks=list(ranks), weights=weights)
        for team, rated in zip(teams, new, strict=True):
            for pid, r in zip(team, rated, strict=True):
                self.r[pid] = r

    def p_beats(self, a: list[str], b: list[str]) -> float:
        # TrueSkill's win probability: OpenSkill's own predict_win divides by 2 beta^2 whatever
        # the team size, which is over-confident for teams (log-loss 0.66 vs 0.55 measured).
        return gaussian_p_beats([self.rating(p) for p in a], [self.rating(p) for p in b])

    def rating(self, pid: str) -> tuple[float, float]:
        r = self.r.get(pid)
        return (float(r.mu), float(r.sigma)) if r is not None else (MU, SIGMA)

    def players(self) -> list[str]:
        return list(self.r)


class TrueSkillRater:
    """TrueSkill's closed-form two-team update (no draws), with partial-play weights."""

    name = "trueskill"

    def __init__(self) -> None:
        self.r: dict[str, tuple[float, float]] = {}

    def rating(self, pid: str) -> tuple[float, float]:
        return self.r.get(pid, (MU, SIGMA))

    def players(self) -> list[str]:
        return list(self.r)

    def _two(self, win: list[str], lose: list[str], ww: list[float], wl: list[float]) -> None:
        rw = [self.rating(p) for p in win]
        rl = [self.rating(p) for p in lose]
        rw = [(m, math.sqrt(s * s + TAU * TAU)) for m, s in rw]
        rl = [(m, math.sqrt(s * s + TAU * TAU)) for m, s in rl]
        mu_w = sum(w * m for w, (m, _) in zip(ww, rw, strict=True))
        mu_l = sum(w * m for w, (m, _) in zip(wl, rl, strict=True))
        c2 = sum(w * w * (s * s + BETA * BETA) for w, (_, s) in zip(ww, rw, strict=True))
        c2 += sum(w * w * (s * s + BETA * BETA) for w, (_, s) in zip(wl, rl, strict=True))
        c = math.sqrt(c2)
        t = (mu_w - mu_l) / c
        cdf = max(_cdf(t), 1e-12)
        v = _phi(t) / cdf
        w_ = v * (v + t)
        for sign, team, rs, ws in ((1, win, rw, ww), (-1, lose, rl, wl)):
            for pid, (m, s), wt in zip(team, rs, ws, strict=True):
                s2 = s * s
                m += sign * wt * s2 / c * v
                s2 *= max(1 - wt * wt * s2 / c2 * w_, 1e-4)
                self.r[pid] = (m, math.sqrt(s2))

    def update(
        self, teams: Teams, ranks: Sequence[float], weights: list[list[float]] | None
    ) -> None:
        ws = weights or [[1.0] * len(t) for t in teams]
        order = sorted(range(len(teams)), key=lambda i: ranks[i])
        for i, j in itertools.pairwise(order):
            if ranks[i] != ranks[j]:
                self._two(teams[i], teams[j], ws[i], ws[j])

    def p_beats(self, a: list[str], b: list[str]) -> float:
        return gaussian_p_beats([self.rating(p) for p in a], [self.rating(p) for p in b])


class EloRater:
    """Elo, K = 32, teams as the mean of their members."""

    name = "elo"

    def __init__(self, k: float = 32.0, start: float = 1500.0) -> None:
        self.k, self.start = k, start
        self.r: dict[str, float] = {}

    def rating(self, pid: str) -> tuple[float, float]:
        return self.r.get(pid, self.start), 0.0

    def players(self) -> list[str]:
        return list(self.r)

    def _team(self, t: list[str]) -> float:
        return sum(self.r.get(p, self.start) for p in t) / len(t)

    def p_beats(self, a: list[str], b: list[str]) -> float:
        return 1.0 / (1.0 + 10 ** ((self._team(b) - self._team(a)) / 400))

    def update(
        self, teams: Teams, ranks: Sequence[float], weights: list[list[float]] | None
    ) -> None:
        n = len(teams)
        ws = weights or [[1.0] * len(t) for t in teams]
        base = [self._team(t) for t in teams]
        delta = [0.0] * n
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                e = 1.0 / (1.0 + 10 ** ((base[j] - base[i]) / 400))
                s = 1.0 if ranks[i] < ranks[j] else 0.5 if ranks[i] == ranks[j] else 0.0
                delta[i] += self.k / (n - 1) * (s - e)
        for i, t in enumerate(teams):
            for pid, w in zip(t, ws[i], strict=True):
                self.r[pid] = self.r.get(pid, self.start) + w * delta[i]


MODELS: dict[str, Callable[[], Rater]] = {
    "openskill-pl": lambda: OpenSkillRater("PlackettLuce"),
    "openskill-tm": lambda: OpenSkillRater("ThurstoneMostellerPart"),
    "trueskill": TrueSkillRater,
    "elo": EloRater,
}


def make(model: str) -> Rater:
    if model not in MODELS:
        raise BadValue("model", model, MODELS)
    return MODELS[model]()


def _args(m: dict[str, Any]) -> tuple[Teams, list[float], list[list[float]] | None]:
    return m["teams"], [float(r) for r in m["ranks"]], m.get("played")


def rate(matches: Sequence[dict[str, Any]], model: str = "openskill-pl") -> Rater:
    """Rate every match in order (``match`` events sorted by ``ts``)."""
    rater = make(model)
    for m in matches:
        rater.update(*_args(m))
    return rater


@dataclass
class ModelScore:
    """How one model did on the held-out matches."""

    model: str
    pairs: int
    accuracy: float
    log_loss: float
    brier: float
    spearman: float | None
    spearman_all: float | None
    seconds_per_10k: float
    by_mode: dict[str, float] = field(default_factory=dict)  # accuracy per mode

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (average ranks for ties)."""
    import numpy as np

    def ranks(v: Sequence[float]) -> Any:
        a = np.asarray(v, dtype=float)
        r = np.empty(len(a))
        r[a.argsort(kind="mergesort")] = np.arange(len(a))
        _, inv, counts = np.unique(a, return_inverse=True, return_counts=True)
        return np.bincount(inv, weights=r)[inv] / counts[inv]

    rx, ry = ranks(x), ranks(y)
    if len(rx) < 3 or rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def evaluate(
    matches: Sequence[dict[str, Any]],
    models: Sequence[str] = tuple(MODELS),
    holdout: float = 0.2,
    truth: dict[str, float] | None = None,
    honest: set[str] | None = None,
    min_matches: int = 5,
    progress: Callable[[float, str], None] | None = None,
) -> list[ModelScore]:
    """Train on the first ``1 - holdout`` of the matches, score predictions on the rest.

    ``truth`` maps player ids to hidden true skills (rank correlation computed on players with at
    least ``min_matches`` training matches; ``spearman`` on ``honest`` players only when given).
    """
    if not 0 < holdout < 1:
        raise BadValue("holdout", holdout, reason="a share between 0 and 1")
    cut = int(len(matches) * (1 - holdout))
    train, test = matches[:cut], matches[cut:]
    if not train or not test:
        raise BadValue("matches", len(matches), reason="too few matches to hold some out")
    seen: dict[str, int] = {}
    for m in train:
        for t in m["teams"]:
            for p in t:
                seen[p] = seen.get(p, 0) + 1
    scores = []
    for k, name in enumerate(models):
        t0 = time.perf_counter()
        rater = rate(train, name)
        secs = (time.perf_counter() - t0) / len(train) * 10_000
        n = hit = 0
        ll = br = 0.0
        modes: dict[str, list[int]] = {}
        for m in test:
            teams, ranks = m["teams"], m["ranks"]
            for i in range(len(teams)):
                for j in range(i + 1, len(teams)):
                    if ranks[i] == ranks[j]:
                        continue
                    p = rater.p_beats(teams[i], teams[j])
                    y = 1.0 if ranks[i] < ranks[j] else 0.0
                    p = min(max(p, 1e-6), 1 - 1e-6)
                    ok = int((p > 0.5) == (y == 1.0)) if p != 0.5 else 0
                    n += 1
                    hit += ok
                    ll -= y * math.log(p) + (1 - y) * math.log(1 - p)
                    br += (p - y) ** 2
                    modes.setdefault(m.get("mode", "?"), [0, 0])
                    modes[m.get("mode", "?")][0] += ok
                    modes[m.get("mode", "?")][1] += 1
        sp = sp_all = None
        if truth:
            elig = [p for p in rater.players() if seen.get(p, 0) >= min_matches and p in truth]
            sp_all = spearman([rater.rating(p)[0] for p in elig], [truth[p] for p in elig])
            if honest is not None:
                hon = [p for p in elig if p in honest]
                sp = spearman([rater.rating(p)[0] for p in hon], [truth[p] for p in hon])
        scores.append(
            ModelScore(
                name,
                n,
                round(hit / max(n, 1), 4),
                round(ll / max(n, 1), 4),
                round(br / max(n, 1), 4),
                None if sp is None else round(sp, 4),
                None if sp_all is None else round(sp_all, 4),
                round(secs, 3),
                {k_: round(v[0] / v[1], 4) for k_, v in sorted(modes.items())},
            )
        )
        if progress:
            progress((k + 1) / len(models), f"rated with {name}")
    return scores


def table(rater: Rater, matches_per_player: dict[str, int]) -> list[dict[str, Any]]:
    """Ratings sorted best first, with a conservative estimate (mu - 3 sigma)."""
    rows: list[dict[str, Any]] = []
    for pid in rater.players():
        mu, sigma = rater.rating(pid)
        rows.append(
            {
                "player": pid,
                "mu": round(mu, 3),
                "sigma": round(sigma, 3),
                "conservative": round(mu - 3 * sigma, 3),
                "matches": matches_per_player.get(pid, 0),
            }
        )
    rows.sort(key=lambda r: -float(r["conservative"]))
    return rows
