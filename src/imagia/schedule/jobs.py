"""Job entries (``fn(params, job) -> dict``): thin adapters over the Python API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue, ImagiaError

DEFAULT_FORMATS = "json,xlsx,ics,pdf"


def _engine() -> str:
    from importlib.metadata import version

    return f"OR-Tools CP-SAT {version('ortools')}"


def _formats(text: str) -> tuple[str, ...]:
    from imagia.schedule.export import FORMATS

    fmts = tuple(f.strip().lower() for f in str(text or "json").split(",") if f.strip())
    for f in fmts:
        if f not in FORMATS:
            raise BadValue("formats", f, FORMATS)
    return fmts if "json" in fmts else ("json", *fmts)


def _options(params: dict[str, Any]) -> Any:
    from imagia.schedule.model import SolveOptions

    try:
        limit = float(params.get("time_limit", 20) or 20)
    except ValueError:
        raise BadValue("time_limit", params.get("time_limit"), reason="seconds") from None
    return SolveOptions(time_limit=limit)


def talent_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Solve a talent-scheduling instance (ddo text or MiniZinc .dzn)."""
    from imagia.schedule.talent import read_instance, solve

    path = Path(params["file"])
    job.progress(0.05, f"reading {path.name}")
    inst = read_instance(path)
    job.progress(0.1, f"{inst.n} scenes, {inst.m} actors")
    res = solve(inst, params.get("method", "auto"), float(params.get("time_limit", 60) or 60))
    data = res.to_dict()
    job.write_json(
        f"{path.name}.talent.json",
        data,
        "talent/json",
        details={"engine": "exact DP (numpy) / " + _engine()},
    )
    job.progress(1.0, f"cost {res.total_cost}{' (optimal)' if res.optimal else ''}")
    return {
        k: data[k]
        for k in (
            "instance",
            "method",
            "order",
            "total_cost",
            "idle_cost",
            "fixed_cost",
            "lower_bound",
            "gap",
            "optimal",
            "seconds",
        )
    }


def load_problem(params: dict[str, Any], doc: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """(scenes, constraints) from the files ``params`` names, else from a saved schedule
    ``doc``'s problem (used by the jobs and by ``imagia schedule``)."""
    from imagia.schedule.scenes import (
        parse_constraints,
        read_constraints,
        read_scenes,
        scenes_from_rows,
    )

    if params.get("scenes"):
        scenes = read_scenes(Path(params["scenes"]))
    elif doc is not None:
        scenes = scenes_from_rows(doc["problem"]["scenes"], "schedule.problem.scenes")
    else:
        raise BadValue("scenes", None, reason="a scene list file is required")
    if params.get("constraints"):
        cpath = Path(params["constraints"])
        cons = parse_constraints(read_constraints(cpath), scenes, cpath)
    elif doc is not None:
        cons = parse_constraints(doc["problem"]["constraints"], scenes, "schedule.problem")
    else:
        raise BadValue("constraints", None, reason="a constraints file is required")
    return scenes, cons


def _finish(
    job: Any, plan: Any, scenes: Any, cons: Any, stem: str, formats: tuple[str, ...]
) -> dict[str, Any]:
    from imagia.schedule import export
    from imagia.schedule.checker import check_document
    from imagia.schedule.reports import document

    doc = document(plan, scenes, cons)
    rep = check_document(doc, scenes, cons)
    doc["check"] = {
        "ok": rep.ok,
        "violations": rep.violations,
        "checker": "imagia.schedule.checker (independent of the model)",
    }
    if not rep.ok:
        raise ImagiaError(
            "the schedule failed the independent check: " + "; ".join(rep.violations[:5]),
            hint="please report this bug",
        )
    job.write_json(f"{stem}.schedule.json", doc, "schedule/json", details={"engine": _engine()})
    others = tuple(f for f in formats if f != "json")
    for fmt, p in export.write(doc, job.output_dir, stem, others).items():
        job.add_output(p, f"schedule/{fmt}")
    s = doc["solver"]
    out = {
        "status": s["status"],
        "optimal": s["optimal"],
        "total_cost": doc["costs"]["total"],
        "bound": s["bound"],
        "gap": s["gap"],
        "seconds": s["seconds"],
        "shooting_days": doc["summary"]["shooting_days"],
        "costs": doc["costs"],
        "currency": doc["summary"]["currency"],
        "check_ok": rep.ok,
        "days": [{"date": d["date"], "scenes": d["scenes"]} for d in doc["days"] if d["scenes"]],
    }
    if doc.get("replan"):
        out["replan"] = doc["replan"]
    return out


def optimise_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Optimise a stripboard from a scene list and a constraints file."""
    from imagia.schedule.model import optimise

    scenes, cons = load_problem(params)
    plan = optimise(scenes, cons, _options(params), progress=job.progress)
    stem = Path(params["scenes"]).stem
    return _finish(
        job,
        plan,
        scenes,
        cons,
        stem,
        _formats(params.get("formats", DEFAULT_FORMATS)),
    )


def read_schedule(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise BadFile(path, "file not found")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BadFile(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(doc, dict) or doc.get("schema") != "ShootingSchedule.1":
        raise BadFile(
            path,
            "not a ShootingSchedule.1 document",
            hint="give the .schedule.json written by imagia schedule optimise",
        )
    return doc


def replan_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Re-plan a schedule after a change, moving as few scenes as possible."""
    from imagia.schedule.replan import replan

    path = Path(params["schedule"])
    old = read_schedule(path)
    scenes, cons = load_problem(params, old)
    shot = params.get("shot_through") or None
    try:
        shot_date = dt.date.fromisoformat(str(shot)) if shot else None
    except ValueError:
        raise BadValue("shot_through", shot, reason="expected a date YYYY-MM-DD") from None
    plan = replan(old, scenes, cons, shot_date, _options(params), progress=job.progress)
    stem = path.name.removesuffix(".json").removesuffix(".schedule") + ".replan"
    return _finish(
        job,
        plan,
        scenes,
        cons,
        stem,
        _formats(params.get("formats", DEFAULT_FORMATS)),
    )


def budget_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Budget top sheet from a schedule and a rate card."""
    from imagia.schedule import budget as bmod

    sched_path = Path(params["schedule"])
    doc = read_schedule(sched_path)
    card_path = (
        Path(params["rate_card"]) if params.get("rate_card") else bmod.example_ratecard_path()
    )
    card = bmod.read_ratecard(card_path)
    job.progress(0.3, "computing the top sheet")
    b = bmod.topsheet(doc, card)
    stem = sched_path.name.removesuffix(".json").removesuffix(".schedule")
    job.write_json(
        f"{stem}.budget.json", b, "budget/json", details={"engine": "rate card arithmetic"}
    )
    for fmt, writer in (("xlsx", bmod.write_xlsx), ("pdf", bmod.write_pdf)):
        p = writer(b, job.output_dir / f"{stem}.budget.{fmt}")
        job.add_output(p, f"budget/{fmt}")
    job.progress(1.0, "done")
    return {
        "currency": b["currency"],
        "total": b["total"],
        "rate_card": b["rate_card"]["label"],
        "accounts": [
            {k: r[k] for k in ("account", "low", "likely", "high")} for r in b["accounts"]
        ],
    }
