"""What a production office reads from a plan: the schedule document, the Day Out Of Days and
draft call sheets.

DOOD codes per actor and shooting day: ``SW`` start work (first day), ``W`` work, ``H`` hold
(paid, not working, between first and last day), ``WF`` work finish (last day), ``SWF`` start
and finish the same day; blank outside the actor's span. Totals: work, hold, paid days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from imagia.schedule.model import Plan
from imagia.schedule.scenes import Constraints, Scene, eighths_to_pages

SCHEMA = "ShootingSchedule.1"


def dood(
    scenes: list[Scene],
    dates: list[dt.date],
    days: list[list[str]],
    cons: Constraints | None = None,
) -> dict[str, Any]:
    """Day Out Of Days over the shooting days that have scenes."""
    by_id = {s.id: s for s in scenes}
    cols = [i for i, ids in enumerate(days) if ids]
    actors = sorted({a for s in scenes for a in s.cast})
    rows = []
    for a in actors:
        work = [i for i in cols if any(a in by_id[s].cast for s in days[i])]
        codes: dict[str, str] = {}
        if work:
            first, last = work[0], work[-1]
            for i in cols:
                if i < first or i > last:
                    continue
                if first == last:
                    code = "SWF"
                elif i == first:
                    code = "SW"
                elif i == last:
                    code = "WF"
                else:
                    code = "W" if i in work else "H"
                codes[dates[i].isoformat()] = code
        n_work = sum(1 for c in codes.values() if c != "H")
        n_hold = sum(1 for c in codes.values() if c == "H")
        cost = cons.actors[a].daily_cost if cons and a in cons.actors else 0
        rows.append(
            {
                "actor": a,
                "name": cons.actors[a].name if cons and a in cons.actors else "",
                "codes": codes,
                "work": n_work,
                "hold": n_hold,
                "paid_days": n_work + n_hold,
                "start": dates[work[0]].isoformat() if work else None,
                "finish": dates[work[-1]].isoformat() if work else None,
                "daily_cost": cost,
                "cost": cost * (n_work + n_hold),
            }
        )
    return {
        "dates": [dates[i].isoformat() for i in cols],
        "actors": rows,
        "totals": {
            "work": sum(r["work"] for r in rows),
            "hold": sum(r["hold"] for r in rows),
            "paid_days": sum(r["paid_days"] for r in rows),
        },
    }


def call_sheets(
    scenes: list[Scene], cons: Constraints, dates: list[dt.date], days: list[list[str]]
) -> list[dict[str, Any]]:
    """One draft call sheet per shooting day: scenes in order, cast called, locations."""
    by_id = {s.id: s for s in scenes}
    used = [i for i, ids in enumerate(days) if ids]
    sheets = []
    prev_locs: set[str] = set()
    for n, i in enumerate(used, start=1):
        day = [by_id[s] for s in days[i]]
        cast: dict[str, str] = {}
        for s in day:
            for a in s.cast:
                cast.setdefault(a, s.id)
        locs = list(dict.fromkeys(s.location for s in day))
        e = sum(s.eighths for s in day)
        notes = []
        moves = [loc for loc in locs if loc not in prev_locs]
        if moves and n > 1:
            notes.append("company move to " + ", ".join(moves))
        if any(s.night for s in day):
            notes.append("night work: check turnaround for the next call")
        if e > cons.eighths_per_day:
            notes.append(f"overtime: {e - cons.eighths_per_day} eighths over the day's capacity")
        sheets.append(
            {
                "day": n,
                "of": len(used),
                "date": dates[i].isoformat(),
                "crew_call": cons.call_time,
                "locations": locs,
                "scenes": [
                    {
                        "scene": s.id,
                        "set": s.set,
                        "int_ext": s.int_ext,
                        "day_night": s.day_night,
                        "pages": s.pages,
                        "cast": list(s.cast),
                        "location": s.location,
                        "description": s.description,
                        "episode": s.episode,
                    }
                    for s in day
                ],
                "pages": eighths_to_pages(e),
                "cast": [
                    {
                        "actor": a,
                        "name": cons.actors[a].name if a in cons.actors else "",
                        "first_scene": sc,
                    }
                    for a, sc in cast.items()
                ],
                "notes": notes,
            }
        )
        prev_locs = set(locs)
    return sheets


def document(plan: Plan, scenes: list[Scene], cons: Constraints) -> dict[str, Any]:
    """The ``ShootingSchedule.1`` document (JSON export; read back by replan and budget)."""
    by_id = {s.id: s for s in scenes}
    days = []
    for i, ids in enumerate(plan.days):
        sc = [by_id[s] for s in ids]
        e = sum(s.eighths for s in sc)
        days.append(
            {
                "date": plan.dates[i].isoformat(),
                "weekday": plan.dates[i].strftime("%a"),
                "scenes": ids,
                "eighths": e,
                "pages": eighths_to_pages(e),
                "hours": round(sum(cons.hours_of(s) for s in sc), 2),
                "locations": list(dict.fromkeys(s.location for s in sc)),
                "cast": sorted({a for s in sc for a in s.cast}),
                "day_night": sorted({s.day_night for s in sc}),
            }
        )
    used = sum(1 for d in plan.days if d)
    return {
        "schema": SCHEMA,
        "summary": {
            "scenes": len(scenes),
            "shooting_days": used,
            "first_day": next((d["date"] for d in days if d["scenes"]), None),
            "last_day": next((d["date"] for d in reversed(days) if d["scenes"]), None),
            "pages": eighths_to_pages(sum(s.eighths for s in scenes)),
            "currency": str(cons.raw.get("currency", "EUR")),
        },
        "costs": plan.costs,
        "solver": {
            "engine": "OR-Tools CP-SAT",
            "status": plan.status,
            "optimal": plan.optimal,
            "objective": plan.objective,
            "bound": plan.bound,
            "gap": round(plan.gap, 6),
            "seconds": round(plan.seconds, 3),
            "time_limit": plan.time_limit,
            "notes": plan.notes,
        },
        "days": days,
        "dood": dood(scenes, plan.dates, plan.days, cons),
        "call_sheets": call_sheets(scenes, cons, plan.dates, plan.days),
        "replan": plan.replan,
        "problem": {"scenes": [s.to_dict() for s in scenes], "constraints": cons.raw},
    }
