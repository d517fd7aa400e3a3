"""``imagia schedule ...`` end to end: optimise, check, replan, budget, example, errors."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from imagia.cli import app

SCENES = """scene,eighths,cast,location,int_ext,day_night
1,8,ANA,HOUSE,INT,DAY
2,8,BOB,PARK,EXT,DAY
3,8,ANA;BOB,PARK,EXT,NIGHT
4,8,ANA,HOUSE,INT,DAY
"""
CONS = {
    "calendar": {"start": "2026-03-02", "days": 4},
    "capacity": {"eighths_per_day": 16},
    "costs": {"company_move": 100, "day_night_switch": 50},
    "actors": {"ANA": {"daily_cost": 300}, "BOB": {"daily_cost": 200}},
}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    s, c = tmp_path / "scenes.csv", tmp_path / "cons.yaml"
    s.write_text(SCENES)
    c.write_text(yaml.safe_dump(CONS))
    return s, c


def invoke(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.output


def test_optimise_check_replan_budget(tmp_path: Path) -> None:
    s, c = _files(tmp_path)
    ws = str(tmp_path / "ws")
    code, out = invoke(
        "schedule", "optimise", str(s), "-c", str(c), "--time-limit", "5", "-w", ws, "--json"
    )
    assert code == 0, out
    r = json.loads(out)
    assert r["check_ok"] and r["optimal"] and r["status"] == "OPTIMAL"
    kinds = {o["kind"] for o in r["outputs"]}
    assert kinds == {"schedule/json", "schedule/xlsx", "schedule/ics", "schedule/pdf"}
    sched = tmp_path / "ws" / next(o["path"] for o in r["outputs"] if o["kind"] == "schedule/json")
    code, out = invoke("schedule", "check", str(sched), "--json")
    assert code == 0 and json.loads(out)["ok"]
    # the first shooting day is lost: its scenes move, nothing else
    doc = json.loads(sched.read_text())
    first = next(d for d in doc["days"] if d["scenes"])
    cons2 = dict(CONS, calendar={"start": "2026-03-02", "days": 4, "days_off": [first["date"]]})
    c2 = tmp_path / "cons2.yaml"
    c2.write_text(yaml.safe_dump(cons2))
    code, out = invoke(
        "schedule",
        "replan",
        str(sched),
        "-c",
        str(c2),
        "--time-limit",
        "5",
        "--formats",
        "json",
        "-w",
        ws,
        "--json",
    )
    assert code == 0, out
    rp = json.loads(out)["replan"]
    assert set(first["scenes"]) <= {m["scene"] for m in rp["moved"]}
    assert rp["moved_count"] == rp["moved_min"] and rp["moved_proven_minimal"]
    code, out = invoke("schedule", "budget", str(sched), "-w", ws)
    assert code == 0, out
    assert "EXAMPLE" in out and "TOTAL" in out


def test_example_and_table_output(tmp_path: Path) -> None:
    code, _out = invoke("schedule", "example", str(tmp_path / "ex"))
    assert code == 0
    assert {p.name for p in (tmp_path / "ex").iterdir()} == {
        "scenes.csv",
        "constraints.yaml",
        "ratecard.yaml",
    }


def test_errors_are_one_line(tmp_path: Path) -> None:
    from imagia.cli import main  # noqa: F401  (the boundary exists)

    s, c = _files(tmp_path)
    bad = dict(CONS, must_shoot=[{"scene": "1", "date": "2026-03-07"}])
    c.write_text(yaml.safe_dump(bad))
    r = CliRunner().invoke(
        app, ["schedule", "optimise", str(s), "-c", str(c), "-w", str(tmp_path / "ws")]
    )
    assert r.exit_code != 0
    assert "not a shooting day" in str(r.exception)
    conflict = dict(
        CONS,
        actors={"ANA": {"unavailable": ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]}},
    )
    c.write_text(yaml.safe_dump(conflict))
    r = CliRunner().invoke(
        app,
        [
            "schedule",
            "optimise",
            str(s),
            "-c",
            str(c),
            "-w",
            str(tmp_path / "ws"),
            "--time-limit",
            "3",
        ],
    )
    assert r.exit_code != 0
    msg = str(r.exception)
    assert "unavailable: ANA on 2026-03-02" in msg and "calendar" in msg


def test_web_view_shows_the_stripboard(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import jobs as jobmod
    from imagia.core import workspace as wsmod

    s, c = _files(tmp_path)
    ws = wsmod.init(tmp_path / "ws")
    job = jobmod.submit(
        ws,
        "schedule-optimise",
        {"scenes": str(s), "constraints": str(c), "time_limit": 3, "formats": "json"},
        [s, c],
    )
    jobmod.run(ws, job.id)
    with TestClient(create_app(ws)) as client:
        html = client.get(f"/jobs/{job.id}").text
    assert "data-days" in html and "stripboard" in html and "SWF" in html
