"""Job entries (``fn(params, job) -> dict``): thin adapters over the Python API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.textfile import load_json

DEFAULT_FORMATS = "json,xlsx,ics,pdf"
STRATEGIES = ("lns", "cpsat")


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
        load_constraints,
        parse_constraints,
        read_scenes,
        scenes_from_rows,
    )

    # a saved schedule's problem is named by its file when the params give it
    where = str(params["schedule"]) if params.get("schedule") else "schedule"
    if params.get("scenes"):
        scenes = read_scenes(Path(params["scenes"]))
    elif doc is not None:
        scenes = scenes_from_rows(doc["problem"]["scenes"], f"{where}: problem.scenes")
    else:
        raise BadValue("scenes", None, reason="a scene list file is required")
    if params.get("constraints"):
        cons = load_constraints(Path(params["constraints"]), scenes)
    elif doc is not None:
        try:
            cons = parse_constraints(doc["problem"]["constraints"], scenes, "schedule.problem")
        except BadValue as exc:
            raise BadFile(where, f"problem.constraints: {exc.message}", hint=exc.hint) from None
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
    """Optimise a stripboard from a scene list and a constraints file (``strategy``: ``lns``,
    the default, or ``cpsat``); progress messages carry the best cost as it improves."""
    from imagia.schedule.lns import optimise_lns
    from imagia.schedule.model import optimise

    scenes, cons = load_problem(params)
    strategy = str(params.get("strategy") or "lns")
    if strategy not in STRATEGIES:
        raise BadValue("strategy", strategy, STRATEGIES)
    solve = optimise_lns if strategy == "lns" else optimise
    plan = solve(scenes, cons, _options(params), progress=job.progress)
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
    """A ``ShootingSchedule.1`` document, its shape checked where the tools read it."""
    if not path.exists():
        raise BadFile(path, "file not found")
    doc = load_json(path)
    if not isinstance(doc, dict) or doc.get("schema") != "ShootingSchedule.1":
        raise BadFile(
            path,
            "not a ShootingSchedule.1 document",
            hint="give the .schedule.json written by imagia schedule optimise",
        )
    _check_schedule(path, doc)
    return doc


def _check_schedule(path: Path, doc: dict[str, Any]) -> None:
    """Explicit checks of what the replan, check and budget tools read, so a hand-edited
    document is a BadFile naming the field, never a KeyError or TypeError later."""

    def bad(where: str, what: str) -> BadFile:
        return BadFile(path, f"{where}: expected {what}")

    def texts(v: Any) -> bool:
        return isinstance(v, list) and all(isinstance(x, str) for x in v)

    days = doc.get("days")
    if not isinstance(days, list):
        raise bad("days", "a list of days")
    for i, d in enumerate(days):
        if not isinstance(d, dict):
            raise bad(f"days.{i}", "a mapping with date, scenes, locations, cast")
        when = d.get("date")
        try:
            day = dt.date.fromisoformat(when) if isinstance(when, str) else None
        except ValueError:
            day = None
        if day is None or not 1900 <= day.year <= 2999:
            raise bad(f"days.{i}.date", "a date YYYY-MM-DD")
        for key in ("scenes", "locations", "cast"):
            if not texts(d.get(key)):
                raise bad(f"days.{i}.{key}", "a list of ids")
    problem = doc.get("problem")
    if not isinstance(problem, dict):
        raise bad("problem", "a mapping with scenes and constraints")
    if not isinstance(problem.get("scenes"), list):
        raise bad("problem.scenes", "a list of scenes")
    cons = problem.get("constraints")
    if not isinstance(cons, dict):
        raise bad("problem.constraints", "a mapping")
    actors = cons.get("actors")
    if actors is not None and not (
        isinstance(actors, dict) and all(v is None or isinstance(v, dict) for v in actors.values())
    ):
        raise bad("problem.constraints.actors", "a mapping of actor to mapping")
    costs = doc.get("costs")
    if costs is not None and not (
        isinstance(costs, dict) and _number(costs.get("total", 0), integral=True)
    ):
        raise bad("costs", "a mapping with a whole-number total")
    if "summary" in doc and not isinstance(doc["summary"], dict):
        raise bad("summary", "a mapping")
    if "dood" in doc:
        dood = doc["dood"]
        rows = dood.get("actors") if isinstance(dood, dict) else None
        if not isinstance(rows, list):
            raise bad("dood.actors", "a list")
        for i, r in enumerate(rows):
            if not (
                isinstance(r, dict)
                and isinstance(r.get("actor"), str)
                and all(_number(r.get(k), integral=True) for k in ("paid_days", "work", "hold"))
            ):
                raise bad(f"dood.actors.{i}", "a mapping of actor, paid_days, work, hold")


def _number(v: Any, integral: bool = False) -> bool:
    """Whether ``v`` is a JSON number of a sensible size (a whole one when ``integral``)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    if integral and not isinstance(v, int):
        return False
    return abs(v) < 1e15  # False for NaN and infinities, exact for big integers


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
    for key in ("dood", "summary"):
        if key not in doc:
            raise BadFile(sched_path, f"{key}: missing (a budget needs the schedule's {key})")
    job.progress(0.3, "computing the top sheet")
    try:
        b = bmod.topsheet(doc, card)
    except BadValue as exc:  # a figure of the rate card
        raise BadFile(card_path, exc.message, hint=exc.hint) from None
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
