"""``/api/schedule``: what-if on a finished stripboard — move strips, see the cost change.

``POST /api/schedule/evaluate`` takes a finished ``schedule-optimise`` (or ``schedule-replan``)
job and either moves (``[{scene, day}]``) or a whole day-by-day assignment, rebuilds the
stripboard with them and runs the independent checker (:mod:`imagia.schedule.checker`) on it:
the cost breakdown, the difference with the job's own schedule and the violated constraints
come from the checker, never from a second copy of the cost definitions.
``POST /api/schedule/save`` writes an edited stripboard that breaks no constraint as a new
``ShootingSchedule.1`` document under the workspace's ``files/`` (then replan and budget take it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError, NotFound
from imagia.core.provenance import atomic_write
from imagia.core.workspace import Workspace
from imagia.faces import deps, uploads

router = APIRouter(prefix="/api/schedule", tags=["schedule"])
SCHEDULE_TOOLS = ("schedule-optimise", "schedule-replan")


class JobNotReady(ImagiaError):
    """The job exists but has no schedule yet (queued, running, failed)."""

    kind = "not_ready"
    http_status = 409


class Move(BaseModel):
    scene: str | int = Field(description="Scene id, as in the scene list")
    day: str = Field(description="Target shooting day, YYYY-MM-DD, a date of the calendar")
    position: int | None = Field(
        None, ge=0, description="Place within the day (0 = first); default: last"
    )


class DayScenes(BaseModel):
    date: str = Field(description="A shooting day of the calendar, YYYY-MM-DD")
    scenes: list[str | int] = Field(default_factory=list, description="Scene ids in order")


class EvaluateRequest(BaseModel):
    job: str = Field(description="Id of a finished schedule-optimise or schedule-replan job")
    moves: list[Move] = Field(
        default_factory=list,
        description="Strips to move, applied in turn",
        examples=[[{"scene": "12", "day": "2026-05-06"}]],
    )
    days: list[DayScenes] | None = Field(
        None,
        description="The whole assignment (days left out are empty); default: the job's "
        "schedule. Moves apply on top of it.",
    )


class _Board:
    """A job's problem (scenes, constraints) and its schedule, read back from its JSON."""

    def __init__(self, ws: Workspace, job_id: str) -> None:
        from imagia.schedule.scenes import parse_constraints, scenes_from_rows

        job = jobs.get(ws, job_id)  # NotFound -> 404
        if job.tool not in SCHEDULE_TOOLS:
            raise BadValue(
                "job",
                job_id,
                reason=f"a {job.tool} job, not a schedule job ({' or '.join(SCHEDULE_TOOLS)})",
            )
        if job.status != "done":
            raise JobNotReady(
                f"job {job_id} is {job.status}: it has no schedule to edit",
                hint="wait for it to finish, or pick a finished schedule job",
            )
        out = next((o for o in job.outputs if o["kind"] == "schedule/json"), None)
        if out is None:
            raise NotFound("output", "schedule/json", [o["kind"] for o in job.outputs])
        path = jobs.output_path(ws, job_id, out["path"])
        try:
            doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise NotFound("output", out["path"]) from None
        self.job = job
        self.path = path
        self.doc = doc
        self.scenes = scenes_from_rows(doc["problem"]["scenes"], "schedule.problem.scenes")
        self.cons = parse_constraints(
            doc["problem"]["constraints"], self.scenes, "schedule.problem"
        )
        self.dates: list[dt.date] = list(self.cons.dates)
        self.ids = [s.id for s in self.scenes]
        by_date = {d["date"]: list(d["scenes"]) for d in doc["days"]}
        self.original = [list(by_date.get(day.isoformat(), [])) for day in self.dates]

    def day_index(self, value: str, param: str = "day") -> int:
        valid = [d.isoformat() for d in self.dates]
        try:
            return self.dates.index(dt.date.fromisoformat(value.strip()))
        except ValueError:
            raise BadValue(
                param, value, valid, reason="not a shooting day of the job's calendar"
            ) from None

    def scene_id(self, value: str | int, param: str = "scene") -> str:
        sid = str(value).strip()
        if sid not in self.ids:
            raise BadValue(param, value, self.ids, reason="no such scene in the job's schedule")
        return sid

    def board(self, req: EvaluateRequest) -> list[list[str]]:
        """The edited assignment: ``req.days`` (or the job's) with ``req.moves`` applied."""
        if req.days is None:
            days = [list(ids) for ids in self.original]
        else:
            days = [[] for _ in self.dates]
            for i, d in enumerate(req.days):
                k = self.day_index(d.date, f"days.{i}.date")
                days[k] += [self.scene_id(s, f"days.{i}.scenes") for s in d.scenes]
        for i, mv in enumerate(req.moves):
            sid = self.scene_id(mv.scene, f"moves.{i}.scene")
            k = self.day_index(mv.day, f"moves.{i}.day")
            for ids in days:
                if sid in ids:
                    ids.remove(sid)
            target = days[k]
            target.insert(len(target) if mv.position is None else mv.position, sid)
        return days

    def evaluate(self, days: list[list[str]]) -> dict[str, Any]:
        """The checker's verdict on ``days``, against the job's schedule."""
        from imagia.schedule.checker import check

        rep = check(self.scenes, self.cons, self.dates, days)
        base = check(self.scenes, self.cons, self.dates, self.original).costs
        before = {sid: k for k, ids in enumerate(self.original) for sid in ids}
        after = {sid: k for k, ids in enumerate(days) for sid in ids}
        moved = [
            {
                "scene": sid,
                "from": self.dates[before[sid]].isoformat(),
                "to": self.dates[after[sid]].isoformat() if sid in after else None,
            }
            for sid in self.ids
            if sid in before and before.get(sid) != after.get(sid)
        ]
        return {
            "job": self.job.id,
            "tool": self.job.tool,
            "currency": str(self.cons.raw.get("currency", "EUR")),
            "costs": rep.costs,
            "job_costs": base,
            "delta": {k: v - base.get(k, 0) for k, v in rep.costs.items()},
            "ok": rep.ok,
            "violations": rep.violations,
            "moved": moved,
            "shooting_days": sum(1 for ids in days if ids),
            "days": self._days(days),
            "checker": "imagia.schedule.checker (independent of the model)",
        }

    def _days(self, days: list[list[str]]) -> list[dict[str, Any]]:
        from imagia.schedule.scenes import eighths_to_pages

        by_id = {s.id: s for s in self.scenes}
        out = []
        for day, ids in zip(self.dates, days, strict=True):
            sc = [by_id[s] for s in ids]
            e = sum(s.eighths for s in sc)
            out.append(
                {
                    "date": day.isoformat(),
                    "scenes": ids,
                    "eighths": e,
                    "pages": eighths_to_pages(e),
                    "locations": list(dict.fromkeys(s.location for s in sc)),
                }
            )
        return out


@router.post("/evaluate", summary="Cost and violations of a stripboard with strips moved")
def evaluate(body: EvaluateRequest, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    b = _Board(ws, body.job)
    return b.evaluate(b.board(body))


@router.post(
    "/save", status_code=201, summary="Save an edited stripboard as a new schedule under files/"
)
def save(body: EvaluateRequest, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    from imagia.schedule.checker import check_document
    from imagia.schedule.model import Plan
    from imagia.schedule.reports import document

    b = _Board(ws, body.job)
    days = b.board(body)
    result = b.evaluate(days)
    if not result["ok"]:
        raise BadValue(
            "days",
            "edited stripboard",
            reason="it breaks constraints: " + "; ".join(result["violations"][:5]),
        )
    costs = result["costs"]
    moves = ", ".join(f"{m['scene']} {m['from']} -> {m['to']}" for m in result["moved"])
    plan = Plan(
        b.dates,
        days,
        "EDITED",
        False,
        costs["total"],
        0,
        0.0,
        0.0,
        dict(costs),
        notes=[f"edited by hand from job {b.job.id}" + (f": {moves}" if moves else "")],
    )
    doc = document(plan, b.scenes, b.cons)
    doc["solver"]["engine"] = "edited by hand in the stripboard (no solver)"
    doc["provenance"] = {
        "tool": "stripboard",
        "from_job": b.job.id,
        "from_tool": b.job.tool,
        "moved": result["moved"],
    }
    rep = check_document(doc, b.scenes, b.cons)
    doc["check"] = {
        "ok": rep.ok,
        "violations": rep.violations,
        "checker": "imagia.schedule.checker (independent of the model)",
    }
    if not rep.ok:  # the document must agree with the checker, as every schedule imagia writes
        raise ImagiaError(
            "the edited schedule failed the independent check: " + "; ".join(rep.violations[:5]),
            hint="please report this bug",
        )
    stem = b.path.name.removesuffix(".json").removesuffix(".schedule")
    base = uploads.safe_name(f"{stem}.edited.schedule.json").removesuffix(".schedule.json")
    target = _claim_name(ws.files_dir, base, ".schedule.json")
    with atomic_write(target) as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
    rel = f"files/{target.name}"
    return {**result, "saved": {"path": rel, "url": f"/api/files/{target.name}"}}


def _claim_name(folder: Path, base: str, suffix: str) -> Path:
    """A new file in ``folder`` (``a.x``, ``a-1.x``...), reserved so it is never overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(10_000):
        candidate = folder / (f"{base}{suffix}" if i == 0 else f"{base}-{i}{suffix}")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        return candidate
    raise ImagiaError(f"too many files named {base}{suffix} in {folder}")
