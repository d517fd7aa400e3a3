"""Re-planning after a change with the least disruption.

Days already shot (on or before ``shot_through``) stay as they were and take no new scene; the
other scenes keep their day unless they must move. The model first minimises the number of
scenes whose date changes, then, with that number fixed, the cost
(:func:`imagia.schedule.model.optimise` with ``previous``). The report lists what moved and the
cost difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.schedule.model import Plan, SolveOptions, optimise
from imagia.schedule.scenes import Constraints, Scene


def old_assignment(doc: dict[str, Any]) -> dict[str, dt.date]:
    if doc.get("schema") != "ShootingSchedule.1" or "days" not in doc:
        raise BadFile(
            "schedule",
            "not a ShootingSchedule.1 document",
            hint="give the .schedule.json written by imagia schedule optimise",
        )
    return {sid: dt.date.fromisoformat(d["date"]) for d in doc["days"] for sid in d["scenes"]}


def replan(
    old_doc: dict[str, Any],
    scenes: list[Scene],
    cons: Constraints,
    shot_through: dt.date | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Plan:
    old = old_assignment(old_doc)
    didx = {day: i for i, day in enumerate(cons.dates)}
    fixed: dict[str, int] = {}
    previous: dict[str, int] = {}
    ids = {s.id for s in scenes}
    for sid, day in old.items():
        if sid not in ids:
            continue
        if shot_through is not None and day <= shot_through:
            if day not in didx:
                raise BadValue(
                    "shot_through",
                    str(shot_through),
                    reason=f"scene {sid} was shot on {day}, which the new calendar "
                    "no longer has; keep shot days in the calendar",
                )
            fixed[sid] = didx[day]
        else:
            previous[sid] = didx.get(day, -1)
    closed = max(
        (i for i, day in enumerate(cons.dates) if shot_through is not None and day <= shot_through),
        default=-1,
    )
    plan = optimise(
        scenes,
        cons,
        options,
        progress=progress,
        fixed=fixed,
        previous=previous or None,
        closed_through=closed,
    )
    new = {sid: plan.dates[i] for i, day_ids in enumerate(plan.days) for sid in day_ids}
    moved = [
        {"scene": sid, "from": old[sid].isoformat(), "to": new[sid].isoformat()}
        for sid in (s.id for s in scenes)
        if sid in old and old[sid] != new[sid]
    ]
    added = [sid for sid in (s.id for s in scenes) if sid not in old]
    before = int((old_doc.get("costs") or {}).get("total", 0))
    info = dict(plan.replan or {})
    info.update(
        {
            "shot_through": shot_through.isoformat() if shot_through else None,
            "kept_fixed": len(fixed),
            "moved_count": len(moved),
            "moved": moved,
            "added": added,
            "cost_before": before,
            "cost_after": plan.objective,
            "cost_delta": plan.objective - before,
        }
    )
    plan.replan = info
    return plan
