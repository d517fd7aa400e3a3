"""Demo examples of the schedule tools: the example production shipped in
``imagia/schedule/examples`` (25 scenes, its constraints and an example rate card) and one
instance of the talent-scheduling benchmark written from the literature's film-10 data."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.provenance import atomic_write
from imagia.core.workspace import Workspace

EXAMPLES = ("scenes.csv", "constraints.yaml", "ratecard.yaml")

# film10 of Cheng, Diamond & Lin (1993) as distributed with the ddo solver; optimum 352.
FILM10 = """film10
10
8
1 1 1 1 0 1 0 1 0 1  10
1 1 1 0 0 0 1 1 0 1  4
0 1 1 0 1 0 1 1 0 0  5
0 0 0 0 0 0 0 0 0 1  5
0 1 0 0 0 0 1 1 0 0  5
0 0 0 0 0 0 0 0 0 0  40
0 0 0 0 1 0 1 1 0 0  4
0 0 0 0 0 1 1 1 1 0  20
2 1 1 1 1 3 1 1 1 2
"""


def example_dir() -> Path:
    return Path(str(resources.files("imagia.schedule") / "examples"))


def copy_examples(dest: Path) -> list[Path]:
    """Copy the example scene list, constraints and rate card into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name in EXAMPLES:
        target = dest / name
        if not target.exists():
            shutil.copyfile(example_dir() / name, target)
        out.append(target)
    return out


def _files(ws: Workspace) -> list[Path]:
    return copy_examples(ws.files_dir / "schedule-example")


def optimise_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    scenes, cons, _ = _files(ws)
    return {
        "scenes": str(scenes),
        "constraints": str(cons),
        "time_limit": 8,
        "formats": "json,xlsx,ics,pdf",
    }, [scenes, cons]


def example_schedule(ws: Workspace) -> Path:
    """Solve the example once (in-process) and keep its schedule document in the workspace."""
    from imagia.schedule.model import SolveOptions, optimise
    from imagia.schedule.reports import document
    from imagia.schedule.scenes import parse_constraints, read_constraints, read_scenes

    out = ws.files_dir / "schedule-example" / "example.schedule.json"
    if not out.exists():
        scenes_p, cons_p, _ = _files(ws)
        scenes = read_scenes(scenes_p)
        cons = parse_constraints(read_constraints(cons_p), scenes, cons_p)
        doc = document(optimise(scenes, cons, SolveOptions(time_limit=5)), scenes, cons)
        with atomic_write(out) as fh:
            json.dump(doc, fh, indent=2, ensure_ascii=False)
    return out


def replan_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    """The actress playing Claire falls ill on a day after the first two (which are in the can)
    that is not a must-shoot date: she is unavailable that day."""
    sched = example_schedule(ws)
    doc = json.loads(sched.read_text(encoding="utf-8"))
    used = [d["date"] for d in doc["days"] if d["scenes"]]
    cons = dict(doc["problem"]["constraints"])
    fixed_dates = {str(m["date"]) for m in cons.get("must_shoot", [])}
    ill = next(
        d["date"]
        for d in doc["days"]
        if d["scenes"]
        and d["date"] > used[1]
        and "CLAIRE" in d["cast"]
        and d["date"] not in fixed_dates
    )
    actors = {k: dict(v or {}) for k, v in (cons.get("actors") or {}).items()}
    claire = actors.setdefault("CLAIRE", {})
    claire["unavailable"] = [*claire.get("unavailable", []), ill]
    cons["actors"] = actors
    changed = ws.files_dir / "schedule-example" / "constraints-claire-ill.json"
    with atomic_write(changed) as fh:
        json.dump(cons, fh, indent=2, ensure_ascii=False)
    return {
        "schedule": str(sched),
        "constraints": str(changed),
        "shot_through": used[1],
        "time_limit": 5,
        "formats": "json,xlsx,ics",
    }, [sched, changed]


def budget_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    sched = example_schedule(ws)
    card = _files(ws)[2]
    return {"schedule": str(sched), "rate_card": str(card)}, [sched, card]


def talent_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    path = ws.files_dir / "schedule-example" / "film10.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FILM10, encoding="utf-8")
    return {"file": str(path), "method": "auto"}, [path]
