"""Constraint-based levels with OR-Tools CP-SAT: the designer states what must hold, the solver
finds a level that holds it, a seeded random objective picks among the many that do.

One column at a time: ground height (solid rows from the bottom), a gap (a pit: falling kills),
an enemy on the ground, a coin two cells above it. Constraints: the first and last three columns
are ground (start left, exit right); a gap is at most ``max_gap`` wide and one lands no higher
than one took off; a climb is at most ``max_step`` cells; enemies stand on flat ground away from
gaps, never two side by side; exact counts of coins and enemies; the obstacles (gaps, enemies,
every climb) per ten columns fall in the difficulty band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagia.core.errors import BadValue, ImagiaError
from imagia.gamedev.tiles import COIN, EMPTY, ENEMY, EXIT, SOLID, START, Level

BANDS: dict[str, tuple[float, float]] = {
    "easy": (1.0, 2.0),
    "medium": (2.0, 3.5),
    "hard": (3.5, 5.0),
}


@dataclass(frozen=True)
class Design:
    """The designer's constraints."""

    width: int = 40
    height: int = 12
    coins: int = 3
    enemies: int = 2
    max_gap: int = 3
    max_step: int = 2
    difficulty: str = "medium"
    time_limit: float = 5.0

    def check(self) -> None:
        if not 12 <= self.width <= 256:
            raise BadValue("width", self.width, reason="from 12 to 256 columns")
        if not 6 <= self.height <= 64:
            raise BadValue("height", self.height, reason="from 6 to 64 rows")
        if self.difficulty not in BANDS:
            raise BadValue("difficulty", self.difficulty, BANDS)
        if self.coins < 0 or self.enemies < 0:
            raise BadValue("coins/enemies", (self.coins, self.enemies), reason="counts ≥ 0")


def generate(design: Design, seed: int) -> Level:
    """A level meeting ``design``; raises BadValue when the constraints cannot all hold."""
    import random

    from ortools.sat.python import cp_model

    design.check()
    w, h = design.width, design.height
    top = max(2, h // 2)
    m = cp_model.CpModel()
    g = [m.new_int_var(1, top, f"g{x}") for x in range(w)]
    gap = [m.new_bool_var(f"gap{x}") for x in range(w)]
    enemy = [m.new_bool_var(f"e{x}") for x in range(w)]
    coin = [m.new_bool_var(f"c{x}") for x in range(w)]
    for x in (*range(3), *range(w - 3, w)):
        m.add(gap[x] == 0)
        m.add(enemy[x] == 0)
    m.add(enemy[3] == 0)
    m.add(enemy[w - 4] == 0)
    for x in range(w - design.max_gap):
        m.add(sum(gap[x : x + design.max_gap + 1]) <= design.max_gap)
    climbs = []
    for x in range(w - 1):
        m.add(g[x + 1] - g[x] <= design.max_step)
        m.add(g[x + 1] == g[x]).only_enforce_if(gap[x + 1])  # a pit keeps the take-off height
        m.add(g[x + 1] <= g[x]).only_enforce_if([gap[x], gap[x + 1].Not()])
        m.add(enemy[x] + enemy[x + 1] <= 1)
        climb = m.new_bool_var(f"climb{x}")
        m.add(g[x + 1] - g[x] >= 1).only_enforce_if(climb)
        m.add(g[x + 1] - g[x] <= 0).only_enforce_if(climb.Not())
        climbs.append(climb)
    starts = []
    for x in range(1, w):
        s = m.new_bool_var(f"gs{x}")
        m.add_bool_and([gap[x], gap[x - 1].Not()]).only_enforce_if(s)
        m.add_bool_or([gap[x].Not(), gap[x - 1]]).only_enforce_if(s.Not())
        starts.append(s)
    for x in range(1, w - 1):
        for side in (gap[x - 1], gap[x], gap[x + 1]):
            m.add_implication(enemy[x], side.Not())
        m.add(g[x - 1] == g[x]).only_enforce_if(enemy[x])
        m.add(g[x + 1] == g[x]).only_enforce_if(enemy[x])
    for x in range(w):
        m.add_implication(coin[x], gap[x].Not())
        m.add_implication(coin[x], enemy[x].Not())
        if x < 2 or x >= w - 2:
            m.add(coin[x] == 0)
    m.add(sum(coin) == design.coins)
    m.add(sum(enemy) == design.enemies)
    lo, hi = BANDS[design.difficulty]
    obstacles = sum(starts) + sum(enemy) + sum(climbs)
    m.add(10 * obstacles >= round(lo * w))
    m.add(10 * obstacles <= round(hi * w))
    rnd = random.Random(seed)
    terms: list[Any] = []
    for x in range(w):
        terms += [rnd.randint(-9, 9) * g[x], rnd.randint(-6, 6) * gap[x]]
        terms += [rnd.randint(-5, 5) * enemy[x], rnd.randint(-5, 5) * coin[x]]
    m.maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed % (1 << 31)
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = design.time_limit
    # deterministic work limits (not wall time), so a seed gives the same level on any machine;
    # a larger one only when the first finds nothing
    for work in (0.005, 0.05, 0.5, 5.0):
        solver.parameters.max_deterministic_time = work
        status = solver.solve(m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
            break
    if status == cp_model.INFEASIBLE:
        raise BadValue(
            "design",
            f"{design.coins} coins, {design.enemies} enemies, {design.difficulty}",
            reason="these constraints cannot all hold at this width: widen or loosen them",
        )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ImagiaError(f"CP-SAT found no level in {design.time_limit} s (status {status})")
    heights = [solver.value(v) for v in g]
    return _draw(
        w,
        h,
        heights,
        [bool(solver.value(v)) for v in gap],
        [bool(solver.value(v)) for v in enemy],
        [bool(solver.value(v)) for v in coin],
    )


def _draw(
    w: int, h: int, g: list[int], gap: list[bool], enemy: list[bool], coin: list[bool]
) -> Level:
    grid = [[EMPTY] * w for _ in range(h)]
    for x in range(w):
        if gap[x]:
            continue
        for y in range(h - g[x], h):
            grid[y][x] = SOLID
        stand = h - g[x] - 1
        if enemy[x]:
            grid[stand][x] = ENEMY
        if coin[x] and stand - 2 >= 0:
            grid[stand - 2][x] = COIN
    grid[h - g[1] - 1][1] = START
    grid[h - g[w - 2] - 1][w - 2] = EXIT
    return Level(tuple("".join(r) for r in grid))
