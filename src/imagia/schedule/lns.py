"""Large neighbourhood search around the CP-SAT stripboard model.

1. Start: the constructive stripboard (:mod:`imagia.schedule.construct`) polished by the local
   search of :mod:`imagia.schedule.reorder` (at most 15 % of the time) as CP-SAT's hint; the
   full model (with the lower bound's implied constraints and symmetry breaking) is solved for
   a short while, which gives a first schedule and CP-SAT's own bound.
2. Loop until the time limit: relax a neighbourhood, fix every other scene to its current day
   (by narrowing the domains of the model's ``x[s, d]``), re-solve from the current schedule
   (hinted) for a few seconds, keep the result when it costs less. Neighbourhoods: a window of
   consecutive days (its scenes free within it), one or two locations (their scenes free
   anywhere), some scenes of one paid actor (free anywhere), two distant windows (blocks swap).
   The kind is drawn with odds that follow its record (``(wins + 1) / (tries + 2)``, at least
   a tenth of the draw each); the size grows while sub-solves finish proven and shrinks when
   they time out. After :data:`STALL` // 2 neighbourhoods without a better schedule the local
   search of :mod:`imagia.schedule.reorder` polishes the best (whole days reordered, which
   CP-SAT's small windows cannot do, and single scenes moved); after :data:`STALL`, the whole
   model takes a turn.
3. Every schedule kept is checked by the independent checker (:mod:`imagia.schedule.checker`);
   a candidate it refuses, or whose recomputed cost differs from the model's, is dropped.

The gap is reported against the larger of CP-SAT's bound and :func:`imagia.schedule.bounds.
lower_bound` (with its split-scene cast relaxation on small boards). A neighbourhood is posted
by writing the domains of ``x[s, d]`` and the hint straight into the model's proto (kept
between neighbourhoods), so the Python side of one costs a few hundredths of a second at 200
scenes.

Symmetry breaking: scenes identical in everything the model sees (length, hours, cast,
location, day/night, no must-shoot/together/order) are interchangeable, so the first of each
such group takes the earliest day (``day[s_i] <= day[s_i+1]``).
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from typing import Any

from imagia.core.errors import ImagiaError
from imagia.schedule.bounds import Bound, lower_bound
from imagia.schedule.checker import check
from imagia.schedule.construct import constructive
from imagia.schedule.model import (
    Plan,
    SolveOptions,
    _Built,
    _check_fits,
    _order_within_days,
    _raise_no_solution,
)
from imagia.schedule.reorder import improve, relocate
from imagia.schedule.scenes import Constraints, Scene

Progress = Callable[[float, str], None]
# neighbourhoods in a row without a better schedule before the whole model takes a turn
STALL = 40
KINDS = ("window", "location", "actor", "swap")


def twins(scenes: list[Scene], cons: Constraints) -> list[list[int]]:
    """Groups (scene indices, script order) of scenes the model cannot tell apart."""
    named = {s for s, _ in cons.must_shoot} | {s for g in cons.together for s in g}
    named |= {s for pair in cons.order for s in pair}
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, sc in enumerate(scenes):
        if sc.id not in named:
            key = (sc.eighths, cons.hours_of(sc), sc.cast, sc.location, sc.night)
            groups.setdefault(key, []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def strengthen(built: _Built, bound: Bound, groups: list[list[int]]) -> None:
    """Post the bound's implied constraints and the symmetry breaking on the model."""
    m = built.model
    used, _, _ = built.day_flags()
    m.add(sum(used) >= bound.days)
    for a, days in bound.actor_days.items():
        if a in built.spans:
            m.add(built.spans[a] >= days)
    for g in groups:
        for i, j in itertools.pairwise(g):
            m.add(built.day_of[i] <= built.day_of[j])


def _sorted_twins(assign: list[int], groups: list[list[int]]) -> list[int]:
    out = list(assign)
    for g in groups:
        for i, d in zip(g, sorted(out[i] for i in g), strict=True):
            out[i] = d
    return out


class _Search:
    def __init__(
        self, scenes: list[Scene], cons: Constraints, opts: SolveOptions, progress: Progress | None
    ) -> None:
        self.scenes, self.cons, self.opts, self.progress = scenes, cons, opts, progress
        self.t0 = time.perf_counter()
        self.rng = random.Random(opts.seed)
        # the split-scene relaxation (run on small boards only: bounds.RELAX_PIECES) gets a
        # tenth of the time at most
        self.bound = lower_bound(scenes, cons, seconds=min(0.1 * opts.time_limit, 10.0))
        self.groups = twins(scenes, cons)
        self.built = _Built(scenes, cons)
        for lit in self.built.lits.values():
            self.built.model.add(lit == 1)
        strengthen(self.built, self.bound, self.groups)
        self.S, self.D = len(scenes), len(cons.dates)
        self.best: list[int] | None = None
        self.best_cost = 0
        self.cpsat_bound = 0
        self.tried = self.improved = self.refused = 0
        self.stats: dict[str, tuple[int, int]] = {}
        x = self.built.x
        self.xidx = [x[s, d].index for s in range(self.S) for d in range(self.D)]
        self.hinted: list[int] | None = None
        self.doms: list[Any] = []
        self.doms_of = -1

    def left(self) -> float:
        return self.opts.time_limit - (time.perf_counter() - self.t0)

    def report(self, what: str) -> None:
        if self.progress and self.best is not None:
            lb = min(self.best_cost, max(self.bound.total, self.cpsat_bound))
            gap = (self.best_cost - lb) / self.best_cost if self.best_cost else 0.0
            frac = min(0.99, 0.1 + 0.9 * (1 - max(0.0, self.left()) / self.opts.time_limit))
            self.progress(frac, f"{what}: best cost {self.best_cost}, bound {lb}, gap {gap:.1%}")

    def board(self, assign: list[int]) -> list[list[str]]:
        days: list[list[str]] = [[] for _ in range(self.D)]
        for s, d in enumerate(assign):
            days[d].append(self.scenes[s].id)
        return _order_within_days(self.scenes, self.cons, days)

    def offer(self, assign: list[int], model_cost: int | None) -> bool:
        """Keep ``assign`` when the checker accepts it and it is cheaper than the best."""
        rep = check(self.scenes, self.cons, self.cons.dates, self.board(assign))
        if not rep.ok or (model_cost is not None and rep.costs["total"] != model_cost):
            self.refused += 1
            return False
        if self.best is not None and rep.costs["total"] > self.best_cost:
            return False
        self.best, self.best_cost = list(assign), rep.costs["total"]
        return True

    def hint(self, assign: list[int]) -> None:
        """``assign`` as CP-SAT's hint (written into the proto at once; skipped when it is
        already the hint: at 200 scenes x 60 days one call took a third of a second)."""
        if assign == self.hinted:
            return
        m, D = self.built.model, self.D
        m.clear_hints()
        hint = m.proto.solution_hint
        hint.vars.extend(self.xidx)
        hint.values.extend([int(d == d0) for d0 in assign for d in range(D)])
        self.hinted = list(assign)

    def domains(self) -> list[Any]:
        """The domains of ``x[s, d]`` in the model's proto (index ``s * D + d``), kept between
        neighbourhoods: reaching each through the proto cost a tenth of a second at 200
        scenes; taken again if the model ever gains variables."""
        proto = self.built.model.proto
        if self.doms_of != len(proto.variables):
            self.doms = [proto.variables[i].domain for i in self.xidx]
            self.doms_of = len(proto.variables)
        return self.doms

    def solve(self, limit: float, workers: int) -> tuple[Any, Any]:
        solver = self.built.solver(limit, workers, self.rng.randrange(1 << 20))
        return solver, solver.solve(self.built.model)

    def read(self, solver: Any) -> tuple[list[int], int]:
        x = self.built.x
        assign = [next(d for d in range(self.D) if solver.value(x[s, d])) for s in range(self.S)]
        cost = sum(int(solver.value(v)) for v in self.built.terms.values())
        return assign, cost

    def start(self) -> None:
        cp = self.built.cp
        first = constructive(self.scenes, self.cons, self.bound.held_by)
        if all(d is not None for d in first):
            start = [d for d in first if d is not None]
            self.offer(_sorted_twins(start, self.groups), None)
            self.polish(0.15)
            if self.best is not None:
                self.hint(self.best)
        # the whole model helps on small boards; on large ones (120 scenes x 40 days and up)
        # it found nothing better than the start in 15 s, so it only gets a short look
        share = self.opts.start_share if self.S * self.D <= 3000 else 0.05
        limit = min(max(2.0, share * self.opts.time_limit), max(0.5, self.left() - 0.5))
        solver, st = self.solve(limit, self.opts.workers)
        self.cpsat_bound = max(0, round(solver.best_objective_bound)) if st != cp.UNKNOWN else 0
        if st in (cp.OPTIMAL, cp.FEASIBLE):
            self.offer(*self.read(solver))
            if st == cp.OPTIMAL:
                self.cpsat_bound = self.best_cost
        elif self.best is None:
            _raise_no_solution(self.built, st, self.opts, None, -1)
        self.report("start")

    def polish(self, share: float) -> bool:
        """The best schedule's days reordered, its scenes moved one by one, its days reordered
        again (:mod:`imagia.schedule.reorder`) within ``share`` of the time limit; kept if the
        checker accepts it and it costs less."""
        if self.best is None:
            return False
        before = self.best_cost
        deadline = time.perf_counter() + min(share * self.opts.time_limit, self.left() / 2)
        got = improve(self.scenes, self.cons, self.best, deadline)
        got = relocate(self.scenes, self.cons, got, deadline)
        got = improve(self.scenes, self.cons, got, deadline)
        got = _sorted_twins(got, self.groups)
        if got == self.best:
            return False
        self.tried += 1
        return self.keep("polish", before, self.offer(got, None))

    def draw(self) -> str:
        """A neighbourhood kind, with odds that follow each kind's record."""
        odds = []
        for kind in KINDS:
            tries, wins = self.stats.get(kind, (0, 0))
            odds.append((wins + 1) / (tries + 2))
        total = sum(odds)
        odds = [max(o / total, 0.1) for o in odds]
        return self.rng.choices(KINDS, odds)[0]

    def neighbourhood(self, size: int) -> tuple[str, dict[int, list[int]]]:
        """(kind, scene -> the days it may take) for the scenes set free."""
        assert self.best is not None
        cur, D, rng = self.best, self.D, self.rng
        alld = list(range(D))
        kind = self.draw()
        free: dict[int, list[int]] = {}
        if kind == "window":
            w = max(2, min(D, size // 4))
            d0 = rng.randrange(0, max(1, D - w + 1))
            days = list(range(d0, d0 + w))
            free = {s: days for s in range(self.S) if cur[s] in days}
        elif kind == "swap":
            w = max(1, min(D // 2, size // 8))
            d1 = rng.randrange(0, max(1, D - w + 1))
            d2 = rng.randrange(0, max(1, D - w + 1))
            days = sorted(set(range(d1, d1 + w)) | set(range(d2, d2 + w)))
            free = {s: days for s in range(self.S) if cur[s] in days}
        elif kind == "location":
            locs = sorted({sc.location for sc in self.scenes})
            pick = set(rng.sample(locs, k=min(len(locs), rng.choice((1, 2)))))
            free = {s: alld for s, sc in enumerate(self.scenes) if sc.location in pick}
        else:
            paid = [a for a in self.cons.actors.values() if a.daily_cost]
            if paid:
                who = rng.choices(paid, [p.daily_cost for p in paid])[0].id
                mine = [s for s, sc in enumerate(self.scenes) if who in sc.cast]
                free = {s: alld for s in rng.sample(mine, k=min(len(mine), max(2, size // 3)))}
        return kind, free

    def step(self, size: int, limit: float) -> tuple[bool, bool]:
        """One neighbourhood re-solved: (improved, proven within the limit)."""
        assert self.best is not None
        before, cur = self.best_cost, self.best
        kind, free = self.neighbourhood(size)
        if not free:
            return False, True
        self.tried += 1
        # every x[s, d] zero outside the days scene s may take (fixing only x on its day to 1
        # was measured 2-3 times slower in CP-SAT's presolve at 200 scenes)
        doms, D = self.domains(), self.D
        narrowed = []
        for s in range(self.S):
            allowed = set(free[s]) if s in free else {cur[s]}
            for d in range(D):
                if d not in allowed:
                    doms[s * D + d][1] = 0
                    narrowed.append(s * D + d)
        self.hint(cur)
        try:
            solver, st = self.solve(limit, 1)
        finally:
            for i in narrowed:
                doms[i][1] = 1
        cp = self.built.cp
        if st not in (cp.OPTIMAL, cp.FEASIBLE):
            return self.keep(kind, before, False), st == cp.INFEASIBLE
        assign, cost = self.read(solver)
        offered = cost <= before and assign != self.best and self.offer(assign, cost)
        return self.keep(kind, before, offered), st == cp.OPTIMAL

    def keep(self, kind: str, before: int, offered: bool) -> bool:
        """Count the try of ``kind``; whether it lowered the best cost (reported)."""
        better = offered and self.best_cost < before
        tries, wins = self.stats.get(kind, (0, 0))
        self.stats[kind] = (tries + 1, wins + int(better))
        if better:
            self.improved += 1
            self.report(f"LNS ({kind})")
        return better

    def run(self) -> None:
        size, idle = 16, 0
        while self.left() > 0.5 and self.best is not None:
            if self.cpsat_bound >= self.best_cost:
                break
            if idle >= STALL:
                self.whole()
                idle = 0
                continue
            if idle == STALL // 2 and self.polish(0.03):
                idle = 0
            better, proven = self.step(size, min(self.left() - 0.2, 1.0))
            idle = 0 if better else idle + 1
            size = min(4 * self.S, size + 1) if proven else max(6, int(size * 0.8))

    def whole(self) -> None:
        """Out of a plateau: the whole model from the best schedule (hinted), all workers, for
        a tenth of the time limit; its bound raises CP-SAT's."""
        assert self.best is not None
        cp = self.built.cp
        before = self.best_cost
        self.hint(self.best)
        self.tried += 1
        limit = min(self.left() - 0.2, max(2.0, 0.1 * self.opts.time_limit))
        solver, st = self.solve(limit, self.opts.workers)
        if st in (cp.OPTIMAL, cp.FEASIBLE):
            self.cpsat_bound = max(self.cpsat_bound, round(solver.best_objective_bound))
            assign, cost = self.read(solver)
            self.keep("whole", before, cost <= before and self.offer(assign, cost))
            if st == cp.OPTIMAL:
                self.cpsat_bound = max(self.cpsat_bound, self.best_cost)


def optimise_lns(
    scenes: list[Scene],
    cons: Constraints,
    options: SolveOptions | None = None,
    progress: Progress | None = None,
) -> Plan:
    """The stripboard by LNS around CP-SAT (same plan as :func:`imagia.schedule.model.optimise`,
    fresh schedules only: replans use the exact two-stage model)."""
    opts = options or SolveOptions()
    _check_fits(scenes, cons)
    search = _Search(scenes, cons, opts, progress)
    if progress:
        progress(0.05, f"model built: {len(scenes)} scenes x {len(cons.dates)} days")
    search.start()
    search.run()
    if search.best is None:  # pragma: no cover - start() raises first
        raise ImagiaError(f"no schedule found within {opts.time_limit:g} s")
    days = search.board(search.best)
    rep = check(scenes, cons, cons.dates, days)
    if not rep.ok:  # offer() only keeps checked schedules; this guards the invariant
        raise ImagiaError(
            "the LNS schedule failed the independent check: " + "; ".join(rep.violations[:5]),
            hint="please report this bug",
        )
    costs = dict(rep.costs)
    objective = costs["total"]
    bound = min(objective, max(search.bound.total, search.cpsat_bound))
    plan = Plan(
        cons.dates,
        days,
        "OPTIMAL" if bound >= objective else "FEASIBLE",
        bound >= objective,
        objective,
        bound,
        time.perf_counter() - search.t0,
        opts.time_limit,
        costs,
        None,
        [
            f"LNS: {search.improved} improvement(s) in {search.tried} neighbourhood(s), "
            f"{search.refused} candidate(s) refused by the checker",
            f"lower bound: {search.bound.total} from the problem (cast "
            f"{search.bound.terms['cast']}, interplay {search.bound.terms['interplay']}, "
            f"relaxation {search.bound.terms['relaxation']}, "
            f"{search.bound.days} days at least), "
            f"{search.cpsat_bound} from CP-SAT",
        ],
    )
    if progress:
        progress(1.0, f"{plan.status.lower()}: cost {objective}, gap {plan.gap:.1%}")
    return plan
