"""Dynamic difficulty: keep each player's success rate near a target without oscillating.

The controller follows a smoothed success rate (exponential moving average over about
``window`` attempts) and moves the difficulty by ``step`` only when that rate leaves the band
``target ± hysteresis``, at most once every ``cooldown`` attempts, within ``bounds`` — the knobs a
game designer sets. It is measured on simulated players whose success probability is
``sigmoid(slope * (skill - difficulty))``, whose skill grows as they learn, against two
baselines: a fixed difficulty and a 1-up/1-down staircase (a step after every attempt, the
classic controller that oscillates).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from imagia.core.errors import BadValue

CONTROLLERS = ("hysteresis", "staircase", "fixed")


@dataclass(frozen=True)
class DifficultyOptions:
    target: float = 0.7
    step: float = 0.15
    hysteresis: float = 0.07
    window: int = 12
    cooldown: int = 3
    bounds: tuple[float, float] = (-3.0, 3.0)
    start: float = 0.0
    controller: str = "hysteresis"

    def check(self) -> None:
        if not 0.05 <= self.target <= 0.95:
            raise BadValue("target", self.target, reason="a success rate between 0.05 and 0.95")
        if self.step <= 0:
            raise BadValue("step", self.step, reason="a positive number")
        if not 0 <= self.hysteresis < 0.5:
            raise BadValue("hysteresis", self.hysteresis, reason="between 0 and 0.5")
        if self.window < 1 or self.cooldown < 0:
            raise BadValue("window", self.window, reason="window >= 1 and cooldown >= 0")
        if self.bounds[0] >= self.bounds[1]:
            raise BadValue("bounds", self.bounds, reason="low < high")
        if self.controller not in CONTROLLERS:
            raise BadValue("controller", self.controller, CONTROLLERS)


class Controller:
    """One player's difficulty; call :meth:`observe` after each attempt."""

    def __init__(self, opts: DifficultyOptions) -> None:
        opts.check()
        self.o = opts
        self.level = opts.start
        self.rate = opts.target
        self.alpha = 2.0 / (opts.window + 1)
        self.since = 0

    def observe(self, success: bool) -> float:
        o = self.o
        self.rate += self.alpha * (float(success) - self.rate)
        self.since += 1
        if o.controller == "staircase":
            # 1-up/1-down would converge on 50 %; weighted steps converge on the target.
            self.level += o.step * ((1 - o.target) if success else -o.target)
        elif o.controller == "hysteresis" and self.since > o.cooldown:
            if self.rate > o.target + o.hysteresis:
                self.level += o.step
                self.since = 0
            elif self.rate < o.target - o.hysteresis:
                self.level -= o.step
                self.since = 0
        self.level = min(max(self.level, o.bounds[0]), o.bounds[1])
        return self.level


@dataclass
class PlayerRun:
    player: str
    skill_start: float
    skill_end: float
    levels: list[float] = field(default_factory=list)
    successes: list[bool] = field(default_factory=list)

    def summary(self, target: float, slope: float, skip: int) -> dict[str, Any]:
        tail = self.successes[skip:]
        moves = [b - a for a, b in itertools.pairwise(self.levels) if b != a]
        reversals = sum(1 for a, b in itertools.pairwise(moves) if a * b < 0)
        ideal = self.skill_end - math.log(target / (1 - target)) / slope
        return {
            "player": self.player,
            "success_rate": round(sum(tail) / max(len(tail), 1), 3),
            "changes": len(moves),
            "reversals": reversals,
            "start": self.levels[0] if self.levels else None,
            "end": round(self.levels[-1], 3) if self.levels else None,
            "ideal_end": round(ideal, 3),
            "min": round(min(self.levels), 3),
            "max": round(max(self.levels), 3),
        }


def simulate(
    opts: DifficultyOptions,
    players: int = 200,
    attempts: int = 150,
    seed: int = 0,
    slope: float = 1.5,
    progress: Callable[[float, str], None] | None = None,
) -> list[PlayerRun]:
    """Play ``attempts`` attempts for ``players`` simulated players under one controller."""
    import numpy as np

    opts.check()
    if not 1 <= players <= 100_000 or not 1 <= attempts <= 100_000:
        raise BadValue("players", players, reason="players and attempts between 1 and 100000")
    rng = np.random.default_rng(seed)
    runs = []
    for i in range(players):
        skill = float(rng.normal(0, 1))
        learn = float(rng.uniform(0, 0.01))  # skill gained per attempt
        run = PlayerRun(f"d{i:05d}", round(skill, 3), 0.0)
        ctl = Controller(opts)
        u = rng.random(attempts)
        for a in range(attempts):
            p = 1 / (1 + math.exp(-slope * (skill - ctl.level)))
            ok = bool(u[a] < p)
            run.levels.append(round(ctl.level, 3))
            run.successes.append(ok)
            ctl.observe(ok)
            skill += learn
        run.skill_end = round(skill, 3)
        runs.append(run)
        if progress and i % 50 == 0:
            progress(i / players, f"player {i}/{players}")
    return runs


def report(
    runs: list[PlayerRun], opts: DifficultyOptions, slope: float = 1.5, skip: int = 30
) -> dict[str, Any]:
    """How close to the target each player stayed (after ``skip`` warm-up attempts) and how much
    the difficulty oscillated."""
    rows = [r.summary(opts.target, slope, skip) for r in runs]
    gaps = sorted(abs(r["success_rate"] - opts.target) for r in rows)
    n = max(len(rows), 1)
    return {
        "controller": opts.controller,
        "target": opts.target,
        "players": len(rows),
        "mean_abs_gap": round(sum(gaps) / n, 4),
        "p90_abs_gap": round(gaps[min(len(gaps) - 1, int(0.9 * len(gaps)))], 4) if gaps else None,
        "within_5pts": round(sum(g <= 0.05 for g in gaps) / n, 3),
        "mean_changes": round(sum(r["changes"] for r in rows) / n, 1),
        "mean_reversals": round(sum(r["reversals"] for r in rows) / n, 1),
        "mean_end_error": round(sum(abs(r["end"] - r["ideal_end"]) for r in rows) / n, 3),
        "players_detail": rows,
    }
