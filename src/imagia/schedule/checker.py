"""An independent checker of a shooting schedule (written apart from the CP-SAT model).

It takes the scene list, the constraints and a day-by-day assignment, and re-derives every
constraint and every cost term from scratch with plain Python, so a bug in the model shows as a
violation or a cost mismatch. Tests run it on every schedule the tool outputs.

The checks are named families (:data:`FAMILIES`), one function each, with the ids of the CP-SAT
model's constraint families (``imagia.schedule.model.FAMILIES``, which this module does not
import; a test keeps the two sets equal): a :class:`Violation` names the family of the model
that should have prevented it. Constraint families yield violations; cost families compute a
cost term (``company-moves`` gives ``costs["company_moves"]``). The model's ``already-shot``
family (replan) has no check here: a schedule does not record which days were shot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from imagia.schedule.scenes import Constraints, Scene


@dataclass(frozen=True)
class Violation:
    family: str  # the id of the check (and of the model's family) that it breaks
    message: str


@dataclass
class CheckReport:
    found: list[Violation] = field(default_factory=list)
    costs: dict[str, int] = field(default_factory=dict)

    @property
    def violations(self) -> list[str]:
        """One sentence per violation (what the CLI, the API and the documents show)."""
        return [v.message for v in self.found]

    @property
    def families(self) -> list[str]:
        """The families broken, each once, in the order found."""
        return list(dict.fromkeys(v.family for v in self.found))

    @property
    def ok(self) -> bool:
        return not self.found


class Board:
    """The assignment as the checks read it: ``days[i]`` (scene ids in shooting order) on
    ``dates[i]``, with what every check needs derived once."""

    def __init__(
        self, scenes: list[Scene], cons: Constraints, dates: list[dt.date], days: list[list[str]]
    ) -> None:
        self.scenes, self.cons, self.dates, self.days = scenes, cons, dates, days
        self.by_id = {s.id: s for s in scenes}
        self.when: dict[str, int] = {}  # scene -> day index (the last one if scheduled twice)
        self.slot: dict[str, int] = {}  # scene -> place within its day
        for i, ids in enumerate(days):
            for k, sid in enumerate(ids):
                self.when[sid], self.slot[sid] = i, k
        self.per_day = [[self.by_id[s] for s in ids if s in self.by_id] for ids in days]
        self.nights = [any(s.night for s in day) for day in self.per_day]
        self.daysc = [any(not s.night for s in day) for day in self.per_day]

    def minutes(self, s: Scene) -> int:
        return round(self.cons.hours_of(s) * 60)


@dataclass(frozen=True)
class Family:
    id: str
    kind: str  # "constraint" (yields violations) or "cost" (computes a cost term)
    what: str
    violations: Callable[[Board], Iterable[str]] | None = None
    cost: Callable[[Board], int] | None = None

    @property
    def term(self) -> str | None:
        """The key of the cost term in ``CheckReport.costs`` (cost families)."""
        return self.id.replace("-", "_") if self.kind == "cost" else None


FAMILIES: dict[str, Family] = {}
Rule = Callable[[Board], Iterable[str]]
Term = Callable[[Board], int]


def _register(fam: Family) -> None:
    if fam.id in FAMILIES:
        raise ValueError(f"family {fam.id!r} registered twice")
    FAMILIES[fam.id] = fam


def constraint(id: str, what: str) -> Callable[[Rule], Rule]:
    """Register the decorated function (yielding one sentence per violation) as ``id``."""

    def register(fn: Rule) -> Rule:
        _register(Family(id, "constraint", what, violations=fn))
        return fn

    return register


def cost(id: str, what: str) -> Callable[[Term], Term]:
    """Register the decorated function (returning the cost term) as ``id``."""

    def register(fn: Term) -> Term:
        _register(Family(id, "cost", what, cost=fn))
        return fn

    return register


def check(
    scenes: list[Scene], cons: Constraints, dates: list[dt.date], days: list[list[str]]
) -> CheckReport:
    """Check ``days[i]`` (scene ids in shooting order) on ``dates[i]``."""
    board = Board(scenes, cons, dates, days)
    rep = CheckReport()
    for fam in FAMILIES.values():
        if fam.violations is not None:
            rep.found.extend(Violation(fam.id, msg) for msg in fam.violations(board))
        if fam.cost is not None and fam.term is not None:
            rep.costs[fam.term] = fam.cost(board)
    rep.costs["total"] = sum(rep.costs.values())
    return rep


def check_document(doc: dict[str, Any], scenes: list[Scene], cons: Constraints) -> CheckReport:
    """Check a ``ShootingSchedule.1`` JSON document, including its reported costs (a term that
    differs names its cost family; the total, ``total``)."""
    dates = [dt.date.fromisoformat(d["date"]) for d in doc["days"]]
    days = [list(d["scenes"]) for d in doc["days"]]
    rep = check(scenes, cons, dates, days)
    reported = doc.get("costs", {})
    by_term = {f.term: f.id for f in FAMILIES.values() if f.term}
    for k, val in rep.costs.items():
        if reported.get(k) != val:
            rep.found.append(
                Violation(
                    by_term.get(k, "total"),
                    f"cost {k}: reported {reported.get(k)}, recomputed {val}",
                )
            )
    return rep


# The constraint families, from docs/schedule.md.


@constraint("calendar", "every scene exactly once, on a shooting day of the calendar")
def calendar(b: Board) -> Iterator[str]:
    seen: set[str] = set()
    for i, ids in enumerate(b.days):
        for sid in ids:
            if sid not in b.by_id:
                yield f"unknown scene {sid} on {b.dates[i]}"
            elif sid in seen:
                yield f"scene {sid} scheduled twice"
            seen.add(sid)
    for s in b.scenes:
        if s.id not in b.when:
            yield f"scene {s.id} not scheduled"
    allowed = set(b.cons.dates)
    for i, ids in enumerate(b.days):
        if ids and b.dates[i] not in allowed:
            yield f"{b.dates[i]} is not a shooting day of the calendar"


@constraint(
    "day-capacity",
    "at most eighths_per_day + overtime_eighths eighths, and hours_per_day hours, a day",
)
def day_capacity(b: Board) -> Iterator[str]:
    cons = b.cons
    for i, day in enumerate(b.per_day):
        e = sum(s.eighths for s in day)
        if e > cons.eighths_per_day + cons.overtime_eighths:
            yield (
                f"{b.dates[i]}: {e} eighths, above {cons.eighths_per_day} + "
                f"{cons.overtime_eighths} overtime"
            )
        minutes = sum(b.minutes(s) for s in day)
        if cons.hours_per_day is not None and minutes > round(cons.hours_per_day * 60):
            yield f"{b.dates[i]}: {minutes / 60:.1f} h, above {cons.hours_per_day:g} h"


@constraint("actor-hours", "an actor's max_hours_per_day (child actors)")
def actor_hours(b: Board) -> Iterator[str]:
    for i, day in enumerate(b.per_day):
        for a in b.cons.actors.values():
            if a.max_hours_per_day is None:
                continue
            mine = sum(b.minutes(s) for s in day if a.id in s.cast)
            if mine > round(a.max_hours_per_day * 60):
                yield (
                    f"{b.dates[i]}: {a.id} works {mine / 60:.1f} h, limit {a.max_hours_per_day:g} h"
                )


@constraint("actor-availability", "no scene of an actor on their unavailable dates")
def actor_availability(b: Board) -> Iterator[str]:
    for i, day in enumerate(b.per_day):
        for s in day:
            for a_id in s.cast:
                who = b.cons.actors.get(a_id)
                if who and b.dates[i] in who.unavailable:
                    yield f"{b.dates[i]}: scene {s.id} needs {a_id}, unavailable that day"


@constraint("location-windows", "a location's scenes within its windows")
def location_windows(b: Board) -> Iterator[str]:
    for i, day in enumerate(b.per_day):
        for s in day:
            windows = b.cons.locations.get(s.location)
            if windows and not any(w0 <= b.dates[i] <= w1 for w0, w1 in windows):
                yield f"{b.dates[i]}: scene {s.id} at {s.location}, outside its windows"


@constraint("must-shoot", "a scene shot on its must-shoot date")
def must_shoot(b: Board) -> Iterator[str]:
    for sid, day_ in b.cons.must_shoot:
        if sid in b.when and b.dates[b.when[sid]] != day_:
            yield f"scene {sid} must be shot on {day_}, planned {b.dates[b.when[sid]]}"


@constraint("together", "the scenes of a together group on one day")
def together(b: Board) -> Iterator[str]:
    for g in b.cons.together:
        got = {b.dates[b.when[s]] for s in g if s in b.when}
        if len(got) > 1:
            yield f"scenes {', '.join(g)} must be shot together, spread over {len(got)} days"


@constraint("order", "an order pair: the first scene on an earlier day, or before it the same day")
def order(b: Board) -> Iterator[str]:
    w, k = b.when, b.slot
    for a_id, b_id in b.cons.order:
        if a_id in w and b_id in w and (w[a_id], k[a_id]) > (w[b_id], k[b_id]):
            yield f"scene {a_id} must come before scene {b_id}"


@constraint("first-day", "the shoot starts on the calendar's first day, when asked")
def first_day(b: Board) -> Iterator[str]:
    cons = b.cons
    if cons.start_on_first_day and b.per_day and not b.per_day[0] and b.dates[0] == cons.dates[0]:
        yield f"the shoot does not start on {cons.dates[0]}"


@constraint("turnaround", "no DAY scene the calendar day after a NIGHT shoot")
def turnaround(b: Board) -> Iterator[str]:
    if not b.cons.turnaround:
        return
    for i in range(1, len(b.days)):
        if b.nights[i - 1] and b.daysc[i] and (b.dates[i] - b.dates[i - 1]).days == 1:
            yield f"{b.dates[i]}: DAY scenes the morning after a NIGHT shoot (turnaround)"


# The cost families, from the definitions in docs/schedule.md (in the order of the costs).


@cost("cast", "daily_cost x each actor's days from their first to their last")
def cast(b: Board) -> int:
    total = 0
    for a in b.cons.actors.values():
        worked = [i for i, day in enumerate(b.per_day) if any(a.id in s.cast for s in day)]
        if worked:
            total += a.daily_cost * (max(worked) - min(worked) + 1)
    return total


@cost("company-moves", "company_move x each arrival at a location not used the shooting day before")
def company_moves(b: Board) -> int:
    moves = 0
    prev: set[str] = set()
    for day in b.per_day:
        here = {s.location for s in day}
        moves += len(here - prev)
        prev = here
    return moves * b.cons.company_move_cost


@cost(
    "day-night-switches",
    "day_night_switch x (days with DAY and NIGHT scenes + flips between used days)",
)
def day_night_switches(b: Board) -> int:
    n, d, per_day = b.nights, b.daysc, b.per_day
    switches = sum(1 for i in range(len(b.days)) if n[i] and d[i])
    switches += sum(
        1 for i in range(1, len(b.days)) if per_day[i] and per_day[i - 1] and n[i] != n[i - 1]
    )
    return switches * b.cons.day_night_switch_cost


@cost("overtime", "overtime_per_eighth x the eighths above eighths_per_day, each day")
def overtime(b: Board) -> int:
    cap = b.cons.eighths_per_day
    eighths = sum(max(0, sum(s.eighths for s in day) - cap) for day in b.per_day)
    return eighths * b.cons.overtime_cost_per_eighth


@cost("shoot-span", "shooting_day x the days from the first used day to the last")
def shoot_span(b: Board) -> int:
    used_idx = [i for i, day in enumerate(b.per_day) if day]
    span = used_idx[-1] - used_idx[0] + 1 if used_idx else 0
    return span * int((b.cons.raw.get("costs") or {}).get("shooting_day", 0) or 0)
