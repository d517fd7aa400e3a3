"""The stripboard as a CP-SAT model: which scene is shot on which day, at least cost.

Variables: ``x[s, d] = 1`` when scene ``s`` is shot on shooting day ``d`` (the calendar's working
dates, in order). Every constraint of the constraints file is enforced through a named literal;
normally the literals are fixed true, and when the model is infeasible they become assumptions
so CP-SAT can return a core, which is then shrunk by deletion to a minimal set of conflicting
constraints (:class:`Infeasible` names them).

Objective (all in the constraints file's currency, integers), minimised:

- **cast**: ``sum_a daily_cost[a] * (last_day[a] - first_day[a] + 1)`` — an actor is paid from
  their first to their last shooting day (work + holding days; days counted in shooting days);
- **company moves**: ``company_move * sum_d |locations(d) - locations(d-1)|`` — each arrival at a
  location not used the shooting day before (the first day's locations count);
- **day/night switches**: ``day_night_switch * (split days + flips)`` — a split day has DAY and
  NIGHT scenes; a flip is two consecutive used shooting days where one has NIGHT scenes and the
  other has none;
- **overtime**: ``overtime_per_eighth * sum_d max(0, eighths(d) - eighths_per_day)``;
- **shoot span**: ``shooting_day * (last used day - first used day + 1)`` — the crew is hired
  for every shooting day of the shoot, empty ones included.

The model is posted by named families (:data:`FAMILIES`, one function each, ids shared with the
checks of :mod:`imagia.schedule.checker`): constraint families ``calendar``, ``first-day``,
``day-capacity``, ``actor-availability``, ``actor-hours``, ``location-windows``, ``must-shoot``,
``together``, ``order``, ``turnaround``; cost families ``cast``, ``company-moves``,
``day-night-switches``, ``overtime``, ``shoot-span``; replans add ``already-shot``.

Hard constraints: each scene once; ``eighths(d) <= eighths_per_day + overtime_eighths``;
``hours(d) <= hours_per_day``; actors' unavailable dates; location windows; must-shoot dates;
``together`` groups on one day; ``order`` pairs (first on an earlier or the same day, before it
within the day); turnaround (no DAY scene the calendar day after a NIGHT shoot); child actors'
``max_hours_per_day``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from imagia.core.errors import BadValue, ImagiaError
from imagia.schedule.scenes import Constraints, Scene


class Infeasible(ImagiaError):
    """No schedule satisfies every constraint; ``conflicts`` names a minimal conflicting set."""

    kind = "infeasible"
    http_status = 422

    def __init__(self, conflicts: list[str], minimal: bool = True) -> None:
        self.conflicts = conflicts
        self.minimal = minimal
        listing = "; ".join(conflicts) if conflicts else "(no explanation found in time)"
        if conflicts and not minimal:
            listing += " (some may not be needed: the time ran out while narrowing down)"
        super().__init__(
            f"no schedule satisfies all constraints; these conflict: {listing}",
            hint="relax one of them (more days, more capacity, another date) and solve again",
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "conflicts": self.conflicts, "minimal": self.minimal}


@dataclass
class SolveOptions:
    """Options of :func:`optimise` and :func:`replan`."""

    time_limit: float = 20.0  # seconds, the whole solve (replan: both stages)
    # CP-SAT portfolio workers: 8 finds far better bounds than 2, even on 2 cores
    workers: int = 8
    explain: bool = True  # on infeasibility, compute the minimal conflicting set
    seed: int = 0
    # LNS (imagia.schedule.lns): the share of the time given to the full model first
    start_share: float = 0.25


@dataclass
class Plan:
    """A solved stripboard: ``days[d]`` lists scene ids in shooting order for ``dates[d]``."""

    dates: list[dt.date]
    days: list[list[str]]
    status: str
    optimal: bool
    objective: int
    bound: int
    seconds: float
    time_limit: float
    costs: dict[str, int]
    replan: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float:
        return (
            0.0 if self.objective <= 0 else max(0.0, (self.objective - self.bound) / self.objective)
        )

    def day_of(self) -> dict[str, int]:
        return {s: d for d, ids in enumerate(self.days) for s in ids}


# The constraint families. Each family is one function that posts its part of the model on a
# _Built; its id is the id of the check in imagia.schedule.checker that re-derives it, so a
# violation the checker finds names the family that should have prevented it (a test keeps the
# two sets equal). "constraint" families are hard rules posted behind named literals (they
# become assumptions when explaining an infeasibility); "cost" families are objective terms.
# The model's only family the checker does not have is ALREADY_SHOT (replan: the days shot
# stay, posted by optimise and explain from what the caller says was shot).
ALREADY_SHOT = "already-shot"
# The objective's terms, in the order of Plan.costs and of the checker's costs.
TERMS = ("cast", "company_moves", "day_night_switches", "overtime", "shoot_span")


Post = Callable[["_Built"], None]


@dataclass(frozen=True)
class Family:
    id: str
    kind: str  # "constraint" or "cost"
    what: str
    post: Post


FAMILIES: dict[str, Family] = {}


def family(id: str, kind: str, what: str) -> Callable[[Post], Post]:
    """Register the decorated function as the family ``id``; families post in this order."""
    if id in FAMILIES or kind not in ("constraint", "cost"):
        raise ValueError(f"family {id!r}: registered twice or unknown kind {kind!r}")

    def register(fn: Post) -> Post:
        FAMILIES[id] = Family(id, kind, what, fn)
        return fn

    return register


class _Built:
    def __init__(self, scenes: list[Scene], cons: Constraints) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.scenes = scenes
        self.cons = cons
        self.model = cp_model.CpModel()
        self.lits: dict[str, Any] = {}
        self.lit_family: dict[str, str] = {}  # literal name -> the family that posted it
        m = self.model
        S, D = len(scenes), len(cons.dates)
        self.S, self.D = S, D
        self.x = {(s, d): m.new_bool_var(f"x{s}_{d}") for s in range(S) for d in range(D)}
        x = self.x
        self.didx = {day: d for d, day in enumerate(cons.dates)}
        self.sidx = {sc.id: s for s, sc in enumerate(scenes)}
        self.day_of = [sum(d * x[s, d] for d in range(D)) for s in range(S)]
        self.hmin = [round(cons.hours_of(sc) * 60) for sc in scenes]
        self.terms: dict[str, Any] = {}
        self._flags: tuple[list[Any], list[Any], list[Any]] | None = None
        self.cal: Any = None  # the calendar's literal (the cost families' LP cuts use it)
        self.spans: dict[str, Any] = {}  # actor -> their paid days (an expression)
        for fam in FAMILIES.values():
            fam.post(self)
        self.terms = {k: self.terms[k] for k in TERMS}
        self.objective = sum(self.terms.values())
        m.minimize(self.objective)

    def day_flags(self) -> tuple[list[Any], list[Any], list[Any]]:
        """Per shooting day: used (any scene), night (a NIGHT scene), dayl (a DAY scene);
        shared by first-day, turnaround, day/night switches and the shoot span."""
        if self._flags is None:
            m, x, scenes = self.model, self.x, self.scenes
            used, night, dayl = [], [], []
            for d in range(self.D):
                u, n, dd = (
                    m.new_bool_var(f"used{d}"),
                    m.new_bool_var(f"night{d}"),
                    m.new_bool_var(f"dayl{d}"),
                )
                xs = [x[s, d] for s in range(self.S)]
                ns = [x[s, d] for s, sc in enumerate(scenes) if sc.night]
                ds = [x[s, d] for s, sc in enumerate(scenes) if not sc.night]
                m.add_max_equality(u, xs)
                m.add_max_equality(n, ns) if ns else m.add(n == 0)
                m.add_max_equality(dd, ds) if ds else m.add(dd == 0)
                used.append(u)
                night.append(n)
                dayl.append(dd)
            self._flags = (used, night, dayl)
        return self._flags

    def load(self, d: int) -> Any:
        """The eighths shot on day ``d``."""
        return sum(sc.eighths * self.x[s, d] for s, sc in enumerate(self.scenes))

    def cast_of(self, actor: str) -> list[int]:
        """The scenes (indices) ``actor`` plays in."""
        return [s for s, sc in enumerate(self.scenes) if actor in sc.cast]

    def lit(self, name: str, family: str) -> Any:
        """The named literal behind a constraint of ``family`` (one per name)."""
        if name not in self.lits:
            self.lits[name] = self.model.new_bool_var(name)
            self.lit_family[name] = family
        return self.lits[name]

    def solver(self, time_limit: float, workers: int, seed: int) -> Any:
        solver = self.cp.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, float(time_limit))
        solver.parameters.random_seed = seed
        if workers:
            solver.parameters.num_workers = workers
        return solver


@family("calendar", "constraint", "every scene exactly once, on a shooting day of the calendar")
def _calendar(b: _Built) -> None:
    m, x, cons, D = b.model, b.x, b.cons, b.D
    b.cal = b.lit(
        f"calendar: every scene shot within the {D} shooting days "
        f"{cons.dates[0]} to {cons.dates[-1]}",
        "calendar",
    )
    for s in range(b.S):
        m.add(sum(x[s, d] for d in range(D)) == 1).only_enforce_if(b.cal)
        m.add(sum(x[s, d] for d in range(D)) <= 1)


@family(
    "day-capacity",
    "constraint",
    "at most eighths_per_day + overtime_eighths eighths, and hours_per_day hours, a day",
)
def _day_capacity(b: _Built) -> None:
    m, x, cons = b.model, b.x, b.cons
    cap, ot = cons.eighths_per_day, cons.overtime_eighths
    lcap = b.lit(f"capacity: at most {cap} + {ot} overtime eighths a day", "day-capacity")
    lhours = (
        b.lit(f"capacity: at most {cons.hours_per_day:g} hours a day", "day-capacity")
        if cons.hours_per_day is not None
        else None
    )
    for d in range(b.D):
        m.add(b.load(d) <= cap + ot).only_enforce_if(lcap)
        if lhours is not None and cons.hours_per_day is not None:
            m.add(
                sum(b.hmin[s] * x[s, d] for s in range(b.S)) <= round(cons.hours_per_day * 60)
            ).only_enforce_if(lhours)


@family("overtime", "cost", "overtime_per_eighth x the eighths above eighths_per_day, each day")
def _overtime(b: _Built) -> None:
    m, cons = b.model, b.cons
    over = []
    for d in range(b.D):
        o = m.new_int_var(0, max(0, sum(sc.eighths for sc in b.scenes)), f"over{d}")
        m.add_max_equality(o, [0, b.load(d) - cons.eighths_per_day])
        over.append(o)
    b.terms["overtime"] = cons.overtime_cost_per_eighth * sum(over)


@family("actor-availability", "constraint", "no scene of an actor on their unavailable dates")
def _actor_availability(b: _Built) -> None:
    m, x = b.model, b.x
    for a in b.cons.actors.values():
        mine = b.cast_of(a.id)
        for day in a.unavailable:
            if day in b.didx and mine:
                lu = b.lit(f"unavailable: {a.id} on {day}", "actor-availability")
                for s in mine:
                    m.add(x[s, b.didx[day]] == 0).only_enforce_if(lu)


@family("actor-hours", "constraint", "an actor's max_hours_per_day (child actors)")
def _actor_hours(b: _Built) -> None:
    m, x = b.model, b.x
    for a in b.cons.actors.values():
        mine = b.cast_of(a.id)
        if a.max_hours_per_day is not None and mine:
            lh = b.lit(
                f"max_hours_per_day: {a.id} at most {a.max_hours_per_day:g} h a day", "actor-hours"
            )
            for d in range(b.D):
                m.add(
                    sum(b.hmin[s] * x[s, d] for s in mine) <= round(a.max_hours_per_day * 60)
                ).only_enforce_if(lh)


@family("location-windows", "constraint", "a location's scenes within its windows")
def _location_windows(b: _Built) -> None:
    m, x, cons = b.model, b.x, b.cons
    for loc, windows in cons.locations.items():
        lw = b.lit(
            f"location window: {loc} available " + ", ".join(f"{w0} to {w1}" for w0, w1 in windows),
            "location-windows",
        )
        closed = [
            d for d, day in enumerate(cons.dates) if not any(w0 <= day <= w1 for w0, w1 in windows)
        ]
        for s, sc in enumerate(b.scenes):
            if sc.location == loc:
                for d in closed:
                    m.add(x[s, d] == 0).only_enforce_if(lw)


@family("must-shoot", "constraint", "a scene shot on its must-shoot date")
def _must_shoot(b: _Built) -> None:
    for sid, day in b.cons.must_shoot:
        b.model.add(b.x[b.sidx[sid], b.didx[day]] == 1).only_enforce_if(
            b.lit(f"must_shoot: scene {sid} on {day}", "must-shoot")
        )


@family("together", "constraint", "the scenes of a together group on one day")
def _together(b: _Built) -> None:
    for g in b.cons.together:
        lt = b.lit(f"together: scenes {', '.join(g)} on one day", "together")
        for other in g[1:]:
            b.model.add(b.day_of[b.sidx[g[0]]] == b.day_of[b.sidx[other]]).only_enforce_if(lt)


@family(
    "order",
    "constraint",
    "an order pair: the first scene on an earlier day, or before it the same day",
)
def _order(b: _Built) -> None:
    # across days here; within a day _order_within_days puts the first scene before
    for a_id, b_id in b.cons.order:
        b.model.add(b.day_of[b.sidx[a_id]] <= b.day_of[b.sidx[b_id]]).only_enforce_if(
            b.lit(f"order: scene {a_id} before scene {b_id}", "order")
        )


@family("first-day", "constraint", "the shoot starts on the calendar's first day, when asked")
def _first_day(b: _Built) -> None:
    used, _, _ = b.day_flags()
    if b.cons.start_on_first_day:
        b.model.add(used[0] == 1).only_enforce_if(
            b.lit(f"calendar: the shoot starts on {b.cons.dates[0]}", "first-day")
        )


@family("turnaround", "constraint", "no DAY scene the calendar day after a NIGHT shoot")
def _turnaround(b: _Built) -> None:
    cons = b.cons
    if not cons.turnaround:
        return
    lturn = b.lit("turnaround: no DAY scene the day after a NIGHT shoot", "turnaround")
    _, night, dayl = b.day_flags()
    for d in range(1, b.D):
        if (cons.dates[d] - cons.dates[d - 1]).days == 1:
            b.model.add(night[d - 1] + dayl[d] <= 1).only_enforce_if(lturn)


@family(
    "day-night-switches",
    "cost",
    "day_night_switch x (days with DAY and NIGHT scenes + flips between used days)",
)
def _day_night_switches(b: _Built) -> None:
    m = b.model
    used, night, dayl = b.day_flags()
    switches = []
    for d in range(b.D):
        sp = m.new_bool_var(f"split{d}")
        m.add_bool_and([night[d], dayl[d]]).only_enforce_if(sp)
        m.add(sp >= night[d] + dayl[d] - 1)
        switches.append(sp)
        if d:
            f = m.new_bool_var(f"flip{d}")
            m.add(f >= night[d] - night[d - 1] - (1 - used[d - 1]))
            m.add(f >= night[d - 1] - night[d] - (1 - used[d]))
            # exact: a flip needs both days used and the night flags to differ
            m.add_bool_and([used[d - 1], used[d]]).only_enforce_if(f)
            m.add(night[d] + night[d - 1] == 1).only_enforce_if(f)
            switches.append(f)
    b.terms["day_night_switches"] = b.cons.day_night_switch_cost * sum(switches)


@family(
    "company-moves",
    "cost",
    "company_move x each arrival at a location not used the shooting day before",
)
def _company_moves(b: _Built) -> None:
    m, x, scenes = b.model, b.x, b.scenes
    locs = sorted({sc.location for sc in scenes})
    arrivals = []
    prev: dict[str, Any] = {}
    for d in range(b.D):
        for loc in locs:
            y = m.new_bool_var(f"y{loc}_{d}")
            here = [x[s, d] for s, sc in enumerate(scenes) if sc.location == loc]
            m.add_max_equality(y, here)
            ar = m.new_bool_var(f"arrive{loc}_{d}")
            if loc in prev:  # exact: arrive = y and not yesterday
                m.add(ar >= y - prev[loc])
                m.add_implication(ar, prev[loc].negated())
            else:
                m.add(ar == y)
            m.add_implication(ar, y)
            arrivals.append(ar)
            prev[loc] = y
    b.terms["company_moves"] = b.cons.company_move_cost * sum(arrivals)


@family("cast", "cost", "daily_cost x each actor's days from their first to their last")
def _cast(b: _Built) -> None:
    m, x, D = b.model, b.x, b.D
    cast_terms = []
    for a in b.cons.actors.values():
        mine = b.cast_of(a.id)
        if not mine or not a.daily_cost:
            continue
        # started[d]: the actor's first day is d or before; going[d]: last day is d or
        # after. With every scene shot, each day is one or both, so paid days =
        # sum(started + going - 1).
        started = [m.new_bool_var(f"st{a.id}_{d}") for d in range(D)]
        going = [m.new_bool_var(f"go{a.id}_{d}") for d in range(D)]
        works: list[Any] = []
        for d in range(D):
            work = m.new_bool_var(f"w{a.id}_{d}")
            m.add_max_equality(work, [x[s, d] for s in mine])
            works.append(work)
        for d in range(D):  # exact: started = worked on d or before; going = d or after
            m.add_max_equality(started[d], [works[d]] + ([started[d - 1]] if d else []))
            e = D - 1 - d
            m.add_max_equality(going[e], [works[e]] + ([going[e + 1]] if e < D - 1 else []))
            # valid once every scene is shot; tightens the LP bound
            m.add_bool_or([started[d], going[d]]).only_enforce_if(b.cal)
        b.spans[a.id] = sum(started) + sum(going) - D
        cast_terms.append(a.daily_cost * b.spans[a.id])
    b.terms["cast"] = sum(cast_terms)


@family("shoot-span", "cost", "shooting_day x the days from the first used day to the last")
def _shoot_span(b: _Built) -> None:
    m, D = b.model, b.D
    used, _, _ = b.day_flags()
    day_cost = int((b.cons.raw.get("costs") or {}).get("shooting_day", 0) or 0)
    span: Any = 0
    if day_cost:  # shoot span, exact like the actors' spans
        ust = [m.new_bool_var(f"ust{d}") for d in range(D)]
        ugo = [m.new_bool_var(f"ugo{d}") for d in range(D)]
        for d in range(D):
            m.add_max_equality(ust[d], [used[d]] + ([ust[d - 1]] if d else []))
            e = D - 1 - d
            m.add_max_equality(ugo[e], [used[e]] + ([ugo[e + 1]] if e < D - 1 else []))
            m.add_bool_or([ust[d], ugo[d]]).only_enforce_if(b.cal)
        span = sum(ust) + sum(ugo) - D
    b.terms["shoot_span"] = day_cost * span


def greedy_days(scenes: list[Scene], cons: Constraints) -> list[int | None]:
    """A quick first-fit stripboard used as CP-SAT's hint: scenes grouped by location and cast,
    each on the earliest day its actors, location window, must-shoot date, capacity (without
    overtime), hours, children's hours and turnaround allow; then empty days before the last
    used one are filled with scenes pulled from the end. ``together`` and ``order`` are left
    to the solver; ``None`` where no day fits."""
    didx = {day: d for d, day in enumerate(cons.dates)}
    must = {sid: didx[day] for sid, day in cons.must_shoot}
    D = len(cons.dates)
    load = [0] * D
    minutes = [0] * D
    kid: dict[tuple[str, int], int] = {}
    has = {True: [0] * D, False: [0] * D}  # night? -> number of such scenes per day
    adjacent = [d + 1 < D and (cons.dates[d + 1] - cons.dates[d]).days == 1 for d in range(D)]
    limits = {
        sc.id: [
            (a, cons.actors[a].max_hours_per_day or 0.0)
            for a in sc.cast
            if a in cons.actors and cons.actors[a].max_hours_per_day is not None
        ]
        for sc in scenes
    }
    hmin = {sc.id: round(cons.hours_of(sc) * 60) for sc in scenes}

    def fits(sc: Scene, d: int) -> bool:
        day = cons.dates[d]
        if sc.id in must and must[sc.id] != d:
            return False
        if any(day in cons.actors[a].unavailable for a in sc.cast if a in cons.actors):
            return False
        w = cons.locations.get(sc.location)
        if w and not any(w0 <= day <= w1 for w0, w1 in w):
            return False
        if load[d] + sc.eighths > cons.eighths_per_day and sc.id not in must:
            return False
        if cons.hours_per_day is not None and minutes[d] + hmin[sc.id] > cons.hours_per_day * 60:
            return False
        if any(kid.get((a, d), 0) + hmin[sc.id] > lim * 60 for a, lim in limits[sc.id]):
            return False
        return not (
            cons.turnaround
            and (
                (sc.night and adjacent[d] and has[False][d + 1])
                or (not sc.night and d and adjacent[d - 1] and has[True][d - 1])
            )
        )

    def put(sc: Scene, d: int, sign: int) -> None:
        load[d] += sign * sc.eighths
        minutes[d] += sign * hmin[sc.id]
        has[sc.night][d] += sign
        for a, _ in limits[sc.id]:
            kid[(a, d)] = kid.get((a, d), 0) + sign * hmin[sc.id]

    out: dict[str, int | None] = {}
    for sc in sorted(scenes, key=lambda sc: (sc.id not in must, sc.location, sc.cast, sc.night)):
        out[sc.id] = next((d for d in range(D) if fits(sc, d)), None)
        if out[sc.id] is not None:
            put(sc, out[sc.id] or 0, 1)
    by_id = {sc.id: sc for sc in scenes}
    for _ in range(D):  # fill holes with scenes from the last used days
        used = sorted({d for d in out.values() if d is not None})
        holes = [d for d in range(used[-1]) if d not in used] if used else []
        if not holes:
            break
        hole = holes[0]
        moved = False
        for sid in sorted(out, key=lambda i: -(out[i] or -1)):
            d0 = out[sid]
            sc = by_id[sid]
            if d0 is None or d0 <= hole or sid in must:
                continue
            put(sc, d0, -1)
            if fits(sc, hole):
                put(sc, hole, 1)
                out[sid] = hole
                moved = True
                break
            put(sc, d0, 1)
        if not moved and not _shift_left(out, by_id, hole, used[-1], fits, put):
            break
    return [out[sc.id] for sc in scenes]


def _shift_left(
    out: dict[str, int | None],
    by_id: dict[str, Scene],
    hole: int,
    last: int,
    fits: Callable[[Scene, int], bool],
    put: Callable[[Scene, int, int], None],
) -> bool:
    """Move every day after ``hole`` one day earlier when all its scenes fit there."""
    done: list[tuple[str, int]] = []
    for d in range(hole + 1, last + 1):
        for sid in [i for i, x in out.items() if x == d]:
            sc = by_id[sid]
            put(sc, d, -1)
            if not fits(sc, d - 1):
                put(sc, d, 1)
                for sid2, d2 in reversed(done):  # undo
                    put(by_id[sid2], d2 - 1, -1)
                    put(by_id[sid2], d2, 1)
                    out[sid2] = d2
                return False
            put(sc, d - 1, 1)
            out[sid] = d - 1
            done.append((sid, d))
    return True


def _check_fits(scenes: list[Scene], cons: Constraints) -> None:
    if not scenes:
        raise BadValue("scenes", [], reason="the scene list is empty")
    names = {a for s in scenes for a in s.cast}
    unknown = set(cons.actors) - names
    if unknown:
        raise BadValue(
            "actors",
            sorted(unknown),
            sorted(names),
            reason="actors in the constraints but in no scene",
        )


def optimise(
    scenes: list[Scene],
    cons: Constraints,
    options: SolveOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
    fixed: dict[str, int] | None = None,
    previous: dict[str, int] | None = None,
    closed_through: int = -1,
    on_solution: Callable[[float, int, int], None] | None = None,
) -> Plan:
    """Solve the stripboard. ``fixed`` pins scenes to day indices (days already shot) and no
    other scene goes on a day index up to ``closed_through`` (those days are past);
    ``previous`` (scene -> day index) turns on minimal change: first the fewest scenes moved
    away from ``previous``, then the least cost with that many moves. ``on_solution(seconds,
    objective, bound)`` is called at each better schedule CP-SAT finds (the cost minimisation)."""
    opts = options or SolveOptions()
    _check_fits(scenes, cons)
    t0 = time.perf_counter()
    built = _Built(scenes, cons)
    m, x = built.model, built.x
    sidx = {sc.id: s for s, sc in enumerate(scenes)}
    D = len(cons.dates)
    if closed_through >= 0:
        lc = built.lit(
            f"already shot: no new scene on or before {cons.dates[closed_through]}", ALREADY_SHOT
        )
        for s, sc in enumerate(scenes):
            if not fixed or sc.id not in fixed:
                for d in range(min(closed_through + 1, D)):
                    m.add(x[s, d] == 0).only_enforce_if(lc)
    for lit in built.lits.values():
        m.add(lit == 1)
    shot_lits = []
    for sid, d in (fixed or {}).items():
        lit = m.new_bool_var(f"already shot: scene {sid} on {cons.dates[d]}")
        m.add(x[sidx[sid], d] == 1).only_enforce_if(lit)
        m.add(lit == 1)
        shot_lits.append(lit)
    if not previous:  # a first-fit stripboard as a hint: finds a first solution fast
        for s, d0 in enumerate(greedy_days(scenes, cons)):
            if d0 is not None:
                for d in range(D):
                    m.add_hint(x[s, d], int(d == d0))
    if progress:
        progress(0.1, f"model built: {len(scenes)} scenes x {D} days")
    moved_expr = None
    budget = opts.time_limit
    stage_note = ""
    replan_info: dict[str, Any] | None = None
    if previous:
        moved = []
        for sid, d in previous.items():
            if sid not in sidx or (fixed and sid in fixed):
                continue
            moved.append(1 - x[sidx[sid], d] if 0 <= d < D else 1)
        moved_expr = sum(moved)
        m.minimize(moved_expr)
        for sid, d in previous.items():
            if sid in sidx and 0 <= d < D:
                m.add_hint(x[sidx[sid], d], 1)
        solver = built.solver(budget / 2, opts.workers, opts.seed)
        st = solver.solve(m)
        if st not in (built.cp.OPTIMAL, built.cp.FEASIBLE):
            _raise_no_solution(built, st, opts, fixed, closed_through)
        fewest = round(solver.objective_value)
        proven = st == built.cp.OPTIMAL
        replan_info = {"moved_min": fewest, "moved_proven_minimal": proven}
        stage_note = f"stage 1: {fewest} scene(s) must move" + (
            "" if proven else " (not proven minimal within the time limit)"
        )
        m.add(moved_expr <= fewest)
        m.clear_hints()
        for s in range(len(scenes)):
            for d in range(D):
                m.add_hint(x[s, d], solver.value(x[s, d]))
        m.minimize(built.objective)
        budget = max(0.5, opts.time_limit - (time.perf_counter() - t0))
        if progress:
            progress(0.5, stage_note)
    solver = built.solver(budget, opts.workers, opts.seed)
    st = solver.solve(m, _timeline(t0, on_solution) if on_solution else None)
    if st not in (built.cp.OPTIMAL, built.cp.FEASIBLE):
        _raise_no_solution(built, st, opts, fixed, closed_through)
    days: list[list[str]] = [[] for _ in range(D)]
    for s, sc in enumerate(scenes):
        for d in range(D):
            if solver.value(x[s, d]):
                days[d].append(sc.id)
    days = _order_within_days(scenes, cons, days)
    costs = {
        k: int(solver.value(v)) if not isinstance(v, int) else v for k, v in built.terms.items()
    }
    # The cost of the returned assignment, term by term. At a time limit CP-SAT's own
    # objective value can sit above it (it was seen 1 % higher once); the terms are exact.
    objective = sum(costs.values())
    costs["total"] = objective
    notes = [stage_note] if stage_note else []
    if round(solver.objective_value) != objective:
        notes.append(
            f"CP-SAT reported objective {round(solver.objective_value)}; the "
            f"schedule's recomputed cost is {objective}"
        )
    # the problem's own bound (imagia.schedule.bounds) under CP-SAT's, weak when stopped early;
    # pinned or past days and minimal change only restrict the schedules, so it still holds
    from imagia.schedule.bounds import lower_bound

    floor = lower_bound(scenes, cons).total
    bound = min(objective, max(floor, round(solver.best_objective_bound)))
    plan = Plan(
        cons.dates,
        days,
        solver.status_name(st),
        st == built.cp.OPTIMAL,
        objective,
        bound,
        time.perf_counter() - t0,
        opts.time_limit,
        costs,
        replan_info,
        notes,
    )
    if progress:
        progress(1.0, f"{plan.status.lower()}: cost {objective}, gap {plan.gap:.1%}")
    return plan


def _timeline(t0: float, report: Callable[[float, int, int], None]) -> Any:
    """A CP-SAT solution callback passing (seconds since ``t0``, objective, bound)."""
    from ortools.sat.python import cp_model

    class Timeline(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            report(
                time.perf_counter() - t0,
                round(self.objective_value),
                round(self.best_objective_bound),
            )

    return Timeline()


def _raise_no_solution(
    built: _Built,
    status: Any,
    opts: SolveOptions,
    fixed: dict[str, int] | None,
    closed_through: int,
) -> None:
    if status != built.cp.INFEASIBLE:
        raise ImagiaError(
            f"no schedule found within {opts.time_limit:g} s", hint="raise --time-limit"
        )
    if not opts.explain:
        raise Infeasible([], minimal=False)
    raise Infeasible(
        *explain(
            built.scenes,
            built.cons,
            fixed=fixed,
            time_limit=max(10.0, opts.time_limit),
            closed_through=closed_through,
        )
    )


def explain(
    scenes: list[Scene],
    cons: Constraints,
    fixed: dict[str, int] | None = None,
    time_limit: float = 10.0,
    closed_through: int = -1,
) -> tuple[list[str], bool]:
    """A minimal set of named constraints that cannot hold together (empty if feasible).

    CP-SAT's sufficient assumptions give a core; each member is then dropped in turn and kept
    out if the rest stays infeasible (deletion filter), so the result is minimal when the time
    allows (the flag says whether it is)."""
    built = _Built(scenes, cons)
    m = built.model
    m.clear_objective()
    sidx = {sc.id: s for s, sc in enumerate(scenes)}
    for sid, d in (fixed or {}).items():
        m.add(built.x[sidx[sid], d] == 1).only_enforce_if(
            built.lit(f"already shot: scene {sid} on {cons.dates[d]}", ALREADY_SHOT)
        )
    if closed_through >= 0:
        lc = built.lit(
            f"already shot: no new scene on or before {cons.dates[closed_through]}", ALREADY_SHOT
        )
        for s, sc in enumerate(scenes):
            if not fixed or sc.id not in fixed:
                for d in range(min(closed_through + 1, len(cons.dates))):
                    m.add(built.x[s, d] == 0).only_enforce_if(lc)
    names = list(built.lits)
    lits = [built.lits[n] for n in names]
    t0 = time.perf_counter()

    def infeasible(subset: list[int], limit: float) -> tuple[bool | None, list[int]]:
        m.clear_assumptions()
        m.add_assumptions([lits[i] for i in subset])
        solver = built.solver(limit, 1, 0)
        st = solver.solve(m)
        if st == built.cp.INFEASIBLE:
            core_ids = {v for v in solver.sufficient_assumptions_for_infeasibility()}
            core = [i for i in subset if lits[i].index in core_ids]
            return True, core or subset
        return (False, []) if st in (built.cp.OPTIMAL, built.cp.FEASIBLE) else (None, [])

    bad, core = infeasible(list(range(len(lits))), time_limit)
    if not bad:
        return [], True
    minimal = True
    i = 0
    while i < len(core):
        left = time_limit - (time.perf_counter() - t0)
        if left <= 0:
            minimal = False
            break
        trial = core[:i] + core[i + 1 :]
        still, sub = infeasible(trial, min(left, 5.0))
        if still:
            core = [j for j in trial if j in set(sub)] if sub else trial
        else:
            if still is None:
                minimal = False
            i += 1
    return [names[i] for i in core], minimal


def _order_within_days(
    scenes: list[Scene], cons: Constraints, days: list[list[str]]
) -> list[list[str]]:
    """Shooting order inside a day: DAY before NIGHT, one location at a time (yesterday's first),
    then script order; ``order`` pairs on the same day are respected."""
    by_id = {sc.id: sc for sc in scenes}
    pos = {sc.id: i for i, sc in enumerate(scenes)}
    out: list[list[str]] = []
    prev_locs: set[str] = set()
    for ids in days:
        first_seen: dict[str, int] = {}
        for sid in sorted(ids, key=pos.__getitem__):
            first_seen.setdefault(by_id[sid].location, len(first_seen))

        def key(
            sid: str, fs: dict[str, int] = first_seen, pl: set[str] = prev_locs
        ) -> tuple[int, int, int, int]:
            sc = by_id[sid]
            return (int(sc.night), 0 if sc.location in pl else 1, fs[sc.location], pos[sid])

        day = sorted(ids, key=key)
        for _ in range(len(day) * len(day)):
            swapped = False
            for a_id, b_id in cons.order:
                if a_id in day and b_id in day and day.index(a_id) > day.index(b_id):
                    day.remove(a_id)
                    day.insert(day.index(b_id), a_id)
                    swapped = True
            if not swapped:
                break
        out.append(day)
        if day:
            prev_locs = {by_id[s].location for s in day}
    return out
