"""Plan a channel's grid: one programme per slot, maximising the expected audience under the
rules (quotas of European and French works overall and at peak hours, films at their own peak
hours, age ratings by hour, cinema on Saturday evenings, advertising minutes per clock hour and
per day and breaks inside works, rights windows, runs left, spacing of repeats), with OR-Tools
CP-SAT; and a greedy planner (best audience first, rules of one slot only) as the baseline.
The expected audience is a function (programme, slot) -> thousands of viewers: the synthetic
model by default, or one fitted on the channel's history (``history.py``).

What a slot may hold (duration fit, rights window, age rating, Saturday cinema, a break inside a
work that may not be interrupted, advertising over the hourly limit on its own) is decided
here before the model is built; the quotas, runs, repeats and advertising sums are
constraints. Each slot keeps its ``candidates`` best programmes by audience plus the best of
each quota flag, so a season of 2,000 programmes stays a model CP-SAT can solve on a laptop;
the proven bound is the bound of that model. When the rules cannot all hold, the smallest set
of rules found in conflict is named (CP-SAT's assumptions, then deletion).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from fractions import Fraction
from functools import lru_cache
from typing import Any

from imagia.broadcast.audience import expected
from imagia.broadcast.gridcheck import Airing
from imagia.broadcast.gridrules import Rules, Slot, Template
from imagia.broadcast.programmes import Programme
from imagia.core.errors import ImagiaError

SCALE = 1000  # shares in thousandths in the quota constraints
Audience = Callable[[Programme, Slot], float]  # expected audience, thousands of viewers


@dataclass
class Plan:
    """A grid: ``assign[slot index] = programme index``, and how it was found."""

    assign: dict[int, int]
    audience: float  # thousands of viewers, summed over slots
    method: str
    status: str  # optimal | feasible | infeasible | unknown | greedy
    bound: float | None = None
    seconds: float = 0.0
    first_feasible_s: float | None = None
    conflicts: list[str] = field(default_factory=list)  # rule ids when infeasible
    empty_slots: list[int] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.bound <= 0:
            return None
        return max(0.0, (self.bound - self.audience) / self.bound)


def _after(t: clock, start: clock, until: clock | None) -> bool:
    if until is None or start <= until:
        return start <= t and (until is None or t < until)
    return t >= start or t < until


@lru_cache(maxsize=65536)
def _ad_layout(
    minute: int, minutes: int, breaks: int, reserve: int, duration: int
) -> tuple[tuple[int, int], ...]:
    """(clock hour after the slot's own, seconds of advertising) for a programme of
    ``duration`` minutes in a slot starting ``minute`` past the hour: the free time less the
    reserve, in ``breaks + 1`` equal breaks (one after each equal part of the programme)."""
    free = minutes - duration - reserve
    if free <= 0:
        return ()
    n = breaks + 1
    length = Fraction(free * 60, n)
    base = minute * 60
    per_hour: dict[int, Fraction] = defaultdict(Fraction)
    for j in range(1, n + 1):
        t = Fraction(j * duration * 60, n) + (j - 1) * length
        end = t + length
        while t < end:
            hour = math.floor((base + t) / 3600)
            cut = min(end, Fraction(hour * 3600 + 3600 - base))
            per_hour[hour] += cut - t
            t = cut
    return tuple((h, math.ceil(v)) for h, v in sorted(per_hour.items()))


@lru_cache(maxsize=65536)
def _ad_peak(minute: int, minutes: int, breaks: int, reserve: int, duration: int) -> int:
    """The most seconds of advertising the layout puts in one clock hour."""
    return max(
        (sec for _h, sec in _ad_layout(minute, minutes, breaks, reserve, duration)), default=0
    )


def ad_seconds(s: Slot, duration: int) -> dict[datetime, int]:
    """Seconds of advertising per clock hour (keyed by the hour's start) when a programme of
    ``duration`` minutes fills ``s`` (rounded up: the planner errs on the safe side)."""
    top = s.start.replace(minute=0, second=0, microsecond=0)
    layout = _ad_layout(s.start.minute, s.minutes, s.breaks, s.reserve, duration)
    return {top + timedelta(hours=h): sec for h, sec in layout}


def why_not(p: Programme, s: Slot, template: Template, rules: Rules) -> str | None:
    """Why ``p`` cannot fill ``s`` (a rule id), or None when it can."""
    if not (s.minutes - template.slack <= p.duration <= s.minutes):
        return "duration"
    if p.runs <= 0:
        return "runs"
    if (p.rights_start and s.day < p.rights_start) or (p.rights_end and s.day > p.rights_end):
        return "rights-window"
    age = rules.ages.get(p.age_rating)
    if age is not None:
        if age.never:
            return f"age-{p.age_rating}"
        if s.daypart in age.not_in_dayparts:
            return f"age-{p.age_rating}"
        if age.start is not None:
            end = (s.start + timedelta(minutes=p.duration)).time()
            if not _after(s.start.time(), age.start, age.until):
                return f"age-{p.age_rating}"
            if age.until is not None and not _after(end, age.start, age.until) and end != age.until:
                return f"age-{p.age_rating}"
    if (
        p.kind == "film"
        and rules.saturday_from is not None
        and s.start.weekday() == 5
        and s.start.time() >= rules.saturday_from
        and not (
            ("financed" in rules.saturday_allowed and p.financed)
            or ("art_house" in rules.saturday_allowed and p.art_house)
        )
    ):
        return "cinema-saturday"
    ads = rules.ads
    if (
        p.kind in ads.interruptions
        and s.breaks > ads.interruptions[p.kind]
        and s.minutes - p.duration - s.reserve > 0
    ):
        return "ad-interruptions"
    free = s.minutes - p.duration - s.reserve
    if (
        ads.per_clock_hour is not None
        and free > ads.per_clock_hour
        and _ad_peak(s.start.minute, s.minutes, s.breaks, s.reserve, p.duration)
        > ads.per_clock_hour * 60
    ):
        return "ad-minutes-hour"  # alone over the limit; the sum over slots is a constraint
    return None


def _candidates(
    progs: list[Programme],
    slots: list[Slot],
    template: Template,
    rules: Rules,
    keep: int,
    audience: Audience = expected,
) -> dict[int, list[tuple[int, float]]]:
    out: dict[int, list[tuple[int, float]]] = {}
    for s in slots:
        ok = [
            (k, audience(p, s))
            for k, p in enumerate(progs)
            if why_not(p, s, template, rules) is None
        ]
        ok.sort(key=lambda kv: -kv[1])
        head = ok[:keep]
        chosen = {k for k, _ in head}
        for flag in ("eof", "european"):
            extra = [kv for kv in ok if getattr(progs[kv[0]], flag) and kv[0] not in chosen][
                : keep // 2
            ]
            head += extra
            chosen |= {k for k, _ in extra}
        out[s.index] = head
    return out


def _counted(p: Programme, works: str) -> bool:
    return p.kind == works


def greedy(
    progs: list[Programme],
    slots: list[Slot],
    template: Template,
    rules: Rules,
    audience: Audience = expected,
) -> Plan:
    """Fill slots from the biggest audience down with the best programme that fits the slot,
    has runs left and keeps repeats apart; the quotas are not looked at (their margins are
    measured afterwards)."""
    t0 = time.perf_counter()
    runs = [p.runs for p in progs]
    aired: dict[int, list[int]] = defaultdict(list)  # programme -> broadcast days (ordinal)
    assign: dict[int, int] = {}
    total = 0.0
    order = sorted(slots, key=lambda s: -max(audience(Programme("x", "x", 60), s), 0))
    for s in order:
        best, best_a = -1, -1.0
        for k, p in enumerate(progs):
            if runs[k] <= 0 or why_not(p, s, template, rules) is not None:
                continue
            d = s.day.toordinal()
            if any(abs(d - e) < rules.min_days_between for e in aired[k]):
                continue
            a = audience(p, s)
            if a > best_a:
                best, best_a = k, a
        if best >= 0:
            assign[s.index] = best
            runs[best] -= 1
            aired[best].append(s.day.toordinal())
            total += best_a
    empty = [s.index for s in slots if s.index not in assign]
    return Plan(
        assign, total, "greedy", "greedy", seconds=time.perf_counter() - t0, empty_slots=empty
    )


def solve(
    progs: list[Programme],
    slots: list[Slot],
    template: Template,
    rules: Rules,
    time_limit: float = 30.0,
    workers: int = 2,
    keep: int = 60,
    hint: Plan | None = None,
    progress: Callable[[float, str], None] | None = None,
    audience: Audience = expected,
) -> Plan:
    """The best grid CP-SAT finds in ``time_limit`` seconds (see the module's docstring)."""
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    cands = _candidates(progs, slots, template, rules, keep, audience)
    if hint is not None:  # the hint's own choices are always in the model
        for si, k in hint.assign.items():
            if all(k != c for c, _ in cands[si]):
                cands[si].append((k, audience(progs[k], slots[si])))
    empty = [s for s in slots if not cands[s.index]]
    if empty:
        s = empty[0]
        raise ImagiaError(
            f"no programme may fill the slot {s.start:%a %d/%m %H:%M} ({s.minutes} min): none "
            "fits its length, rights window, age rating, advertising and Saturday cinema rules",
            hint=f"{len(empty)} slot(s) like this: add programmes or loosen the slot template",
        )
    m, x, gain, lits = _model(progs, slots, rules, cands, with_assumptions=False)
    if hint is not None:  # a complete hint: the solver starts from a whole grid
        chosen = set(hint.assign.items())
        for key, v in x.items():
            m.add_hint(v, key in chosen)
    solver = cp_model.CpSolver()
    solver.parameters.max_presolve_iterations = 1  # presolve is most of the time otherwise
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = 0
    first: list[float] = []

    class _Watch(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            now = time.perf_counter() - t0
            if not first:
                first.append(now)
            if progress:
                best = self.objective_value / 10
                progress(min(0.95, now / max(time_limit, 1e-6)), f"best {best:,.0f}k viewers")

    status = solver.solve(m, _Watch())
    name = solver.status_name(status).lower()
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assign = {si: k for (si, k), v in x.items() if solver.boolean_value(v)}
        total = sum(gain[si, k] for si, k in assign.items()) / 10
        return Plan(
            assign, total, "cp-sat", name, bound=solver.best_objective_bound / 10,
            seconds=time.perf_counter() - t0, first_feasible_s=first[0] if first else None,
        )  # fmt: skip
    if hint is not None and hint.assign and status == cp_model.UNKNOWN:
        # no solution in the time given (a loaded machine, a large season): the hint keeps
        # every rule when it comes from :func:`repair`, and is said to be what is returned
        return Plan(
            dict(hint.assign), hint.audience, f"{hint.method} (CP-SAT found none in time)",
            "unknown", seconds=time.perf_counter() - t0,
        )  # fmt: skip
    conflicts: list[str] = []
    if status == cp_model.INFEASIBLE:
        # the same rules, each behind an assumption: CP-SAT names a set of them in conflict
        m2, _x, _g, lits = _model(progs, slots, rules, cands, with_assumptions=True)
        m2.clear_objective()
        s2 = cp_model.CpSolver()
        s2.parameters.max_time_in_seconds = float(time_limit)
        s2.parameters.num_workers = max(1, workers)
        if s2.solve(m2) == cp_model.INFEASIBLE:
            names = {v.index: r for r, v in lits.items()}
            core = [names[i] for i in s2.sufficient_assumptions_for_infeasibility()]
            conflicts = _minimise(m2, lits, core, min(10.0, time_limit))
    return Plan({}, 0.0, "cp-sat", name, seconds=time.perf_counter() - t0, conflicts=conflicts)


def _model(
    progs: list[Programme],
    slots: list[Slot],
    rules: Rules,
    cands: dict[int, list[tuple[int, float]]],
    with_assumptions: bool,
) -> tuple[Any, dict[tuple[int, int], Any], dict[tuple[int, int], int], dict[str, Any]]:
    """The CP-SAT model; with assumptions, each rule family is enforced by a literal."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    gain: dict[tuple[int, int], int] = {}
    for si, lst in cands.items():
        for k, a in lst:
            x[si, k] = m.new_bool_var(f"x{si}_{k}")
            gain[si, k] = round(a * 10)
    lits: dict[str, Any] = {}

    def add(constraint: Any, rule: str) -> None:
        if with_assumptions:
            if rule not in lits:
                lits[rule] = m.new_bool_var(rule)
            constraint.only_enforce_if(lits[rule])

    by_slot: dict[int, list[Any]] = defaultdict(list)
    by_prog: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for (si, k), v in x.items():
        by_slot[si].append(v)
        by_prog[k].append((si, v))
    for vs in by_slot.values():
        m.add(sum(vs) <= 1)
        add(m.add(sum(vs) == 1), "every-slot-filled")
    day_of = {s.index: s.day.toordinal() for s in slots}
    gap = rules.min_days_between
    for k, lst in by_prog.items():
        if len(lst) > progs[k].runs:
            add(m.add(sum(v for _, v in lst) <= progs[k].runs), "runs")
        if gap > 1 and len(lst) > 1:
            days = sorted({day_of[si] for si, _ in lst})
            for d in days:
                window = [v for si, v in lst if d <= day_of[si] < d + gap]
                if len(window) > 1:
                    add(m.add(sum(window) <= 1), "repeats")
    slot_by = {s.index: s for s in slots}
    ads = rules.ads
    if ads.per_clock_hour is not None or ads.daily_average is not None:
        hourly: dict[datetime, list[Any]] = defaultdict(list)
        daily: dict[int, list[Any]] = defaultdict(list)
        for (si, k), v in x.items():
            secs = ad_seconds(slot_by[si], progs[k].duration)
            for hour, sec in secs.items():
                hourly[hour].append(sec * v)
            if secs:
                daily[day_of[si]].append(sum(secs.values()) * v)
        if ads.per_clock_hour is not None:
            cap = math.floor(ads.per_clock_hour * 60)
            for terms_h in hourly.values():
                add(m.add(sum(terms_h) <= cap), "ad-minutes-hour")
        if ads.daily_average is not None:
            minutes_of: dict[int, int] = defaultdict(int)
            for s in slots:
                minutes_of[s.day.toordinal()] += s.minutes
            for d, terms_d in daily.items():
                cap = math.floor(ads.daily_average * minutes_of[d])  # seconds: avg/h x hours
                add(m.add(sum(terms_d) <= cap), "ad-minutes-average")
    for q in rules.quotas:
        terms = []
        share = round(q.share * SCALE)
        for (si, k), v in x.items():
            p = progs[k]
            if not _counted(p, q.works):
                continue
            if q.peak and q.peak not in slot_by[si].peak:
                continue
            weight = p.duration if q.measure == "minutes" else 1
            coef = (SCALE * int(getattr(p, q.flag)) - share) * weight
            if coef:
                terms.append(coef * v)
        if terms:
            add(m.add(sum(terms) >= 0), q.id)
    m.maximize(sum(gain[key] * v for key, v in x.items()))
    if with_assumptions:
        m.add_assumptions(list(lits.values()))
    return m, x, gain, lits


def _minimise(m: Any, lits: dict[str, Any], core: list[str], limit: float) -> list[str]:
    """Drop each rule of ``core`` whose absence leaves the rest still in conflict."""
    from ortools.sat.python import cp_model

    keep = list(core)
    for rule in list(core):
        trial = [r for r in keep if r != rule]
        if not trial:
            continue
        m.clear_assumptions()
        m.add_assumptions([lits[r] for r in trial])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = limit
        solver.parameters.num_workers = 2
        if solver.solve(m) == cp_model.INFEASIBLE:
            keep = trial
    return keep


def repair(
    plan: Plan,
    progs: list[Programme],
    slots: list[Slot],
    template: Template,
    rules: Rules,
    audience: Audience = expected,
) -> Plan:
    """The greedy grid with its quota shortfalls repaired by the cheapest swaps (a counted
    programme without the flag replaced by one with it, in the quota's hours): a starting
    point for CP-SAT that already keeps the rules, so the solver improves rather than
    searches. Stops when no swap helps."""
    assign = dict(plan.assign)
    slot_by = {s.index: s for s in slots}
    used: dict[int, list[int]] = defaultdict(list)
    for si, k in assign.items():
        used[k].append(slot_by[si].day.toordinal())

    def spaced(k: int, day: int, drop: int | None = None) -> bool:
        days = list(used[k])
        if drop is not None and drop in days:
            days.remove(drop)
        return len(days) < progs[k].runs and all(
            abs(day - d) >= rules.min_days_between for d in days
        )

    def deficit(q: Any) -> float:
        share = round(q.share * SCALE)
        total = 0
        for si, k in assign.items():
            p = progs[k]
            if p.kind != q.works or (q.peak and q.peak not in slot_by[si].peak):
                continue
            w = p.duration if q.measure == "minutes" else 1
            total += (SCALE * int(getattr(p, q.flag)) - share) * w
        return -total  # > 0: short

    for _ in range(len(slots)):
        short = [q for q in rules.quotas if deficit(q) > 0]
        if not short:
            break
        q = short[0]
        best: tuple[float, int, int] | None = None
        for si, k in assign.items():
            s, p = slot_by[si], progs[k]
            if p.kind != q.works or getattr(p, q.flag) or (q.peak and q.peak not in s.peak):
                continue
            loss_base = audience(p, s)
            for k2, p2 in enumerate(progs):
                if k2 == k or p2.kind != q.works or not getattr(p2, q.flag):
                    continue
                if why_not(p2, s, template, rules) is not None:
                    continue
                if not spaced(k2, s.day.toordinal()):
                    continue
                loss = loss_base - audience(p2, s)
                if best is None or loss < best[0]:
                    best = (loss, si, k2)
        if best is None:
            break
        _loss, si, k2 = best
        old = assign[si]
        used[old].remove(slot_by[si].day.toordinal())
        assign[si] = k2
        used[k2].append(slot_by[si].day.toordinal())
    total = sum(audience(progs[k], slot_by[si]) for si, k in assign.items())
    return Plan(assign, total, "greedy+repair", "greedy", seconds=plan.seconds)


def to_airings(plan: Plan, slots: list[Slot], progs: list[Programme]) -> list[Airing]:
    """The plan as the checker reads a grid: one airing per filled slot."""
    return [
        Airing(
            slots[si].day, slots[si].start, slots[si].minutes, slots[si].daypart, progs[k].id,
            slots[si].breaks, slots[si].reserve,
        )
        for si, k in sorted(plan.assign.items())
    ]  # fmt: skip
