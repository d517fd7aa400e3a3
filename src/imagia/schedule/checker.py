"""An independent checker of a shooting schedule (written apart from the CP-SAT model).

It takes the scene list, the constraints and a day-by-day assignment, and re-derives every
constraint and every cost term from scratch with plain Python, so a bug in the model shows as a
violation or a cost mismatch. Tests run it on every schedule the tool outputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from imagia.schedule.scenes import Constraints, Scene


@dataclass
class CheckReport:
    violations: list[str] = field(default_factory=list)
    costs: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations


def check(
    scenes: list[Scene], cons: Constraints, dates: list[dt.date], days: list[list[str]]
) -> CheckReport:
    """Check ``days[i]`` (scene ids in shooting order) on ``dates[i]``."""
    rep = CheckReport()
    v = rep.violations
    by_id = {s.id: s for s in scenes}
    when: dict[str, int] = {}
    slot: dict[str, int] = {}
    for i, ids in enumerate(days):
        for k, sid in enumerate(ids):
            if sid not in by_id:
                v.append(f"unknown scene {sid} on {dates[i]}")
            elif sid in when:
                v.append(f"scene {sid} scheduled twice")
            when[sid], slot[sid] = i, k
    for s in scenes:
        if s.id not in when:
            v.append(f"scene {s.id} not scheduled")
    allowed = set(cons.dates)
    for i, ids in enumerate(days):
        if ids and dates[i] not in allowed:
            v.append(f"{dates[i]} is not a shooting day of the calendar")
    cap = cons.eighths_per_day
    per_day = [[by_id[s] for s in ids if s in by_id] for ids in days]
    overtime = 0
    for i, day in enumerate(per_day):
        e = sum(s.eighths for s in day)
        if e > cap + cons.overtime_eighths:
            v.append(f"{dates[i]}: {e} eighths, above {cap} + {cons.overtime_eighths} overtime")
        overtime += max(0, e - cap)
        minutes = sum(round(cons.hours_of(s) * 60) for s in day)
        if cons.hours_per_day is not None and minutes > round(cons.hours_per_day * 60):
            v.append(f"{dates[i]}: {minutes / 60:.1f} h, above {cons.hours_per_day:g} h")
        for a in cons.actors.values():
            if a.max_hours_per_day is None:
                continue
            mine = sum(round(cons.hours_of(s) * 60) for s in day if a.id in s.cast)
            if mine > round(a.max_hours_per_day * 60):
                v.append(
                    f"{dates[i]}: {a.id} works {mine / 60:.1f} h, limit {a.max_hours_per_day:g} h"
                )
        for s in day:
            for a_id in s.cast:
                who = cons.actors.get(a_id)
                if who and dates[i] in who.unavailable:
                    v.append(f"{dates[i]}: scene {s.id} needs {a_id}, unavailable that day")
            windows = cons.locations.get(s.location)
            if windows and not any(w0 <= dates[i] <= w1 for w0, w1 in windows):
                v.append(f"{dates[i]}: scene {s.id} at {s.location}, outside its windows")
    for sid, day_ in cons.must_shoot:
        if sid in when and dates[when[sid]] != day_:
            v.append(f"scene {sid} must be shot on {day_}, planned {dates[when[sid]]}")
    for g in cons.together:
        got = {dates[when[s]] for s in g if s in when}
        if len(got) > 1:
            v.append(f"scenes {', '.join(g)} must be shot together, spread over {len(got)} days")
    for a_id, b_id in cons.order:
        if a_id in when and b_id in when and (when[a_id], slot[a_id]) > (when[b_id], slot[b_id]):
            v.append(f"scene {a_id} must come before scene {b_id}")
    if cons.start_on_first_day and per_day and not per_day[0] and dates[0] == cons.dates[0]:
        v.append(f"the shoot does not start on {cons.dates[0]}")
    nights = [any(s.night for s in day) for day in per_day]
    daysc = [any(not s.night for s in day) for day in per_day]
    if cons.turnaround:
        for i in range(1, len(days)):
            if nights[i - 1] and daysc[i] and (dates[i] - dates[i - 1]).days == 1:
                v.append(f"{dates[i]}: DAY scenes the morning after a NIGHT shoot (turnaround)")
    # costs, from the definitions in docs/schedule.md
    cast = 0
    for a in cons.actors.values():
        worked = [i for i, day in enumerate(per_day) if any(a.id in s.cast for s in day)]
        if worked:
            cast += a.daily_cost * (max(worked) - min(worked) + 1)
    moves = 0
    prev: set[str] = set()
    for day in per_day:
        here = {s.location for s in day}
        moves += len(here - prev)
        prev = here
    switches = sum(1 for i in range(len(days)) if nights[i] and daysc[i])
    switches += sum(
        1
        for i in range(1, len(days))
        if per_day[i] and per_day[i - 1] and nights[i] != nights[i - 1]
    )
    used_idx = [i for i, day in enumerate(per_day) if day]
    span = used_idx[-1] - used_idx[0] + 1 if used_idx else 0
    day_cost = int((cons.raw.get("costs") or {}).get("shooting_day", 0) or 0)
    rep.costs = {
        "cast": cast,
        "company_moves": moves * cons.company_move_cost,
        "day_night_switches": switches * cons.day_night_switch_cost,
        "overtime": overtime * cons.overtime_cost_per_eighth,
        "shoot_span": span * day_cost,
    }
    rep.costs["total"] = sum(rep.costs.values())
    return rep


def check_document(doc: dict[str, Any], scenes: list[Scene], cons: Constraints) -> CheckReport:
    """Check a ``ShootingSchedule.1`` JSON document, including its reported costs."""
    dates = [dt.date.fromisoformat(d["date"]) for d in doc["days"]]
    days = [list(d["scenes"]) for d in doc["days"]]
    rep = check(scenes, cons, dates, days)
    reported = doc.get("costs", {})
    for k, val in rep.costs.items():
        if reported.get(k) != val:
            rep.violations.append(f"cost {k}: reported {reported.get(k)}, recomputed {val}")
    return rep
