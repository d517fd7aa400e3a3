"""A matchmaking queue simulated at a given arrival rate: wait time against match quality.

Tickets (a solo player or a party of 2-3, from one latency region) arrive as a Poisson process.
Every ``tick`` seconds the queue, oldest ticket first, tries to build a match of two teams of
``team_size`` around that ticket: it takes the tickets closest in rating from the same region
(any region once the ticket has waited ``cross_region_after`` seconds), fills two teams without
splitting parties, picks the split whose predicted win probability is closest to 50 %, and
accepts it when ``|p - 0.5|`` is within a tolerance that widens with the anchor's wait
(``tolerance + widen_per_s * wait``). Predicted win probability is TrueSkill's (ratings mean and
uncertainty). The ``fifo`` policy (first tickets of the region, no skill check) is the baseline.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from imagia.core.errors import BadValue
from imagia.games.ratings import MU, SIGMA, gaussian_p_beats

POLICIES = ("skill", "fifo")


@dataclass(frozen=True)
class QueueOptions:
    """What to simulate; rates are tickets per second."""

    arrival_rate: float = 2.0
    minutes: float = 60.0
    team_size: int = 3
    party_sizes: tuple[float, float, float] = (0.6, 0.25, 0.15)  # share of parties of 1, 2, 3
    regions: tuple[tuple[str, float], ...] = (("eu", 0.45), ("na", 0.35), ("asia", 0.2))
    tolerance: float = 0.03  # accepted |p - 0.5| at once
    widen_per_s: float = 0.002  # tolerance added per second of wait
    cross_region_after: float = 90.0  # seconds before other regions are searched
    policy: str = "skill"
    tick: float = 1.0
    seed: int = 0

    def check(self) -> None:
        if not 0 < self.arrival_rate <= 1000:
            raise BadValue("arrival_rate", self.arrival_rate, reason="tickets per second, 0-1000")
        if not 0 < self.minutes <= 24 * 60:
            raise BadValue("minutes", self.minutes, reason="between 0 and 1440")
        if not 1 <= self.team_size <= 8:
            raise BadValue("team_size", self.team_size, reason="between 1 and 8")
        if self.policy not in POLICIES:
            raise BadValue("policy", self.policy, POLICIES)


@dataclass
class Ticket:
    id: int
    players: list[str]
    region: str
    arrived: float


@dataclass
class Match:
    t: float
    region: str
    teams: list[list[str]]
    p_win: float
    spread: float  # max - min rating mean in the match
    waits: list[float]  # per ticket
    cross_region: bool


@dataclass
class QueueReport:
    options: QueueOptions
    matches: list[Match] = field(default_factory=list)
    left_in_queue: int = 0
    tickets: int = 0

    def summary(self) -> dict[str, Any]:
        waits = sorted(w for m in self.matches for w in m.waits)
        gaps = sorted(abs(m.p_win - 0.5) for m in self.matches)
        spreads = sorted(m.spread for m in self.matches)
        return {
            "policy": self.options.policy,
            "arrival_rate": self.options.arrival_rate,
            "tickets": self.tickets,
            "matches": len(self.matches),
            "left_in_queue": self.left_in_queue,
            "wait_s": _dist(waits),
            "win_prob_gap": _dist(gaps),
            "within_5pct": round(sum(g <= 0.05 for g in gaps) / max(len(gaps), 1), 4),
            "rating_spread": _dist(spreads),
            "cross_region": round(
                sum(m.cross_region for m in self.matches) / max(len(self.matches), 1), 4
            ),
        }


def _q(v: Sequence[float], q: float) -> float:
    if not v:
        return math.nan
    return float(v[min(len(v) - 1, int(q * len(v)))])


def _dist(v: Sequence[float]) -> dict[str, float]:
    return {
        "mean": round(sum(v) / len(v), 4) if v else math.nan,
        **{f"p{int(q * 100)}": round(_q(v, q), 4) for q in (0.5, 0.9, 0.99)},
        "max": round(max(v), 4) if v else math.nan,
    }


def simulate_queue(
    ratings: dict[str, tuple[float, float]] | None,
    opts: QueueOptions,
    progress: Callable[[float, str], None] | None = None,
) -> QueueReport:
    """Run the queue for ``opts.minutes``; players are drawn from ``ratings`` (mu, sigma)."""
    import numpy as np

    opts.check()
    rng = np.random.default_rng(opts.seed)
    pool = (
        dict(ratings)
        if ratings
        else {
            f"q{i:05d}": (float(rng.normal(MU, SIGMA / 1.5)), float(rng.uniform(1.5, 4)))
            for i in range(5000)
        }
    )
    ids = list(pool)
    if len(ids) < 2 * opts.team_size:
        raise BadValue("ratings", len(ids), reason=f"at least {2 * opts.team_size} players")
    reg_names = [r for r, _ in opts.regions]
    reg_p = np.array([w for _, w in opts.regions], dtype=float)
    reg_p /= reg_p.sum()
    sizes = np.array(opts.party_sizes[: opts.team_size], dtype=float)
    sizes /= sizes.sum()
    report = QueueReport(opts)
    queue: list[Ticket] = []
    busy: set[str] = set()
    horizon = opts.minutes * 60
    t, next_id, steps = 0.0, 0, 0
    n_steps = int(horizon / opts.tick)
    while t < horizon:
        for _ in range(int(rng.poisson(opts.arrival_rate * opts.tick))):
            k = 1 + int(rng.choice(len(sizes), p=sizes))
            party: list[str] = []
            while len(party) < k:
                pid = ids[int(rng.integers(len(ids)))]
                if pid not in busy and pid not in party:
                    party.append(pid)
            busy.update(party)
            queue.append(
                Ticket(
                    next_id,
                    party,
                    reg_names[int(rng.choice(len(reg_p), p=reg_p))],
                    t + float(rng.uniform(0, opts.tick)),
                )
            )
            next_id += 1
        report.tickets = next_id
        queue = _match_round(queue, pool, opts, t, report, busy)
        t += opts.tick
        steps += 1
        if progress and steps % 300 == 0:
            progress(min(1.0, steps / n_steps), f"{len(report.matches)} matches")
    report.left_in_queue = len(queue)
    return report


def _mean(pool: dict[str, tuple[float, float]], tk: Ticket) -> float:
    return sum(pool[p][0] for p in tk.players) / len(tk.players)


def _match_round(
    queue: list[Ticket],
    pool: dict[str, tuple[float, float]],
    opts: QueueOptions,
    now: float,
    report: QueueReport,
    busy: set[str],
) -> list[Ticket]:
    need = 2 * opts.team_size
    taken: set[int] = set()
    for anchor in sorted(queue, key=lambda tk: tk.arrived):
        if anchor.id in taken or anchor.arrived > now:
            continue
        wait = now - anchor.arrived
        cross = wait >= opts.cross_region_after
        cands = [
            tk
            for tk in queue
            if tk.id not in taken
            and tk.id != anchor.id
            and tk.arrived <= now
            and (cross or tk.region == anchor.region)
        ]
        if opts.policy == "skill":
            mu = _mean(pool, anchor)
            cands.sort(key=lambda tk: abs(_mean(pool, tk) - mu))
        else:
            cands.sort(key=lambda tk: tk.arrived)
        group, n = [anchor], len(anchor.players)
        for tk in cands:
            if n + len(tk.players) <= need:
                group.append(tk)
                n += len(tk.players)
            if n == need:
                break
        if n < need:
            continue
        split = _best_split(group, pool, opts.team_size)
        if split is None:
            continue
        teams, p = split
        if opts.policy == "skill" and abs(p - 0.5) > opts.tolerance + opts.widen_per_s * wait:
            continue
        mus = [pool[x][0] for team in teams for x in team]
        report.matches.append(
            Match(
                now,
                anchor.region,
                teams,
                round(p, 4),
                round(max(mus) - min(mus), 3),
                [round(now - tk.arrived, 2) for tk in group],
                any(tk.region != anchor.region for tk in group),
            )
        )
        for tk in group:
            taken.add(tk.id)
            busy.difference_update(tk.players)
    return [tk for tk in queue if tk.id not in taken]


def _best_split(
    group: list[Ticket], pool: dict[str, tuple[float, float]], team_size: int
) -> tuple[list[list[str]], float] | None:
    best: tuple[list[list[str]], float] | None = None
    idx = range(len(group))
    for r in range(1, len(group)):
        for combo in itertools.combinations(idx, r):
            if 0 not in combo:  # each split once: the anchor is on team A
                continue
            a = [p for i in combo for p in group[i].players]
            if len(a) != team_size:
                continue
            b = [p for i in idx if i not in combo for p in group[i].players]
            p = gaussian_p_beats([pool[x] for x in a], [pool[x] for x in b])
            if best is None or abs(p - 0.5) < abs(best[1] - 0.5):
                best = ([a, b], p)
    return best


def curve(
    ratings: dict[str, tuple[float, float]] | None,
    base: QueueOptions,
    widen: Sequence[float] = (0.0005, 0.001, 0.002, 0.005, 0.02),
) -> list[dict[str, Any]]:
    """Wait time against match quality as the tolerance widens faster (plus the FIFO baseline)."""
    rows = []
    for w in widen:
        o = QueueOptions(**{**asdict(base), "widen_per_s": w, "policy": "skill"})
        rows.append({"widen_per_s": w, **simulate_queue(ratings, o).summary()})
    fifo = QueueOptions(**{**asdict(base), "policy": "fifo"})
    rows.append({"widen_per_s": None, **simulate_queue(ratings, fifo).summary()})
    return rows
