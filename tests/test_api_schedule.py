"""``POST /api/schedule/evaluate`` and ``/save``: move strips of a finished schedule job, get the
checker's costs, the difference and the broken constraints; every bad request, exact codes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import get_tool
from imagia.schedule.checker import check
from imagia.schedule.scenes import parse_constraints, scenes_from_rows

SCENES = """scene,eighths,cast,location,int_ext,day_night
1,8,ANA,A,INT,DAY
2,8,BOB,B,EXT,DAY
3,8,ANA,A,INT,DAY
4,8,BOB,B,EXT,DAY
"""
CONSTRAINTS = {
    "currency": "EUR",
    "calendar": {"start": "2026-03-02", "days": 4},  # Mon 2 to Thu 5 March
    "capacity": {"eighths_per_day": 16, "overtime_eighths": 8},
    "costs": {"company_move": 100, "overtime_per_eighth": 10, "shooting_day": 100},
    "actors": {
        "ANA": {"daily_cost": 1000},
        "BOB": {"daily_cost": 10, "unavailable": ["2026-03-05"]},
    },
    "order": [["1", "3"]],
    "must_shoot": [{"scene": "1", "date": "2026-03-02"}],  # ANA's location first
}
EVALUATE = "/api/schedule/evaluate"


def write_problem(ws: wsmod.Workspace) -> dict[str, str]:
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    (ws.files_dir / "small.csv").write_text(SCENES, encoding="utf-8")
    (ws.files_dir / "small.json").write_text(json.dumps(CONSTRAINTS), encoding="utf-8")
    return {"scenes": "files/small.csv", "constraints": "files/small.json"}


def run_schedule_job(client: TestClient, params: dict[str, str]) -> dict[str, Any]:
    resp = client.post(
        "/api/jobs",
        json={
            "tool": "schedule-optimise",
            "params": {**params, "time_limit": 5, "formats": "json"},
        },
    )
    assert resp.status_code == 201, resp.text
    job_id = resp.json()["id"]
    end = time.monotonic() + 60
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed", "interrupted"):
            assert job["status"] == "done", job
            return job
        time.sleep(0.05)
    raise AssertionError("the schedule job did not finish")


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, dict[str, Any], wsmod.Workspace]]:
    ws = wsmod.init(tmp_path_factory.mktemp("sched") / "ws")
    params = write_problem(ws)
    with TestClient(create_app(ws)) as client:
        yield client, run_schedule_job(client, params), ws


@pytest.fixture
def client(setup: tuple[TestClient, dict[str, Any], wsmod.Workspace]) -> TestClient:
    return setup[0]


@pytest.fixture
def job(setup: tuple[TestClient, dict[str, Any], wsmod.Workspace]) -> dict[str, Any]:
    return setup[1]


def day_of(job: dict[str, Any], scene: str) -> str:
    return next(d["date"] for d in job["result"]["days"] if scene in d["scenes"])


def error(resp: Any, status: int, kind: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body: dict[str, Any] = resp.json()
    assert body["error"] == kind, body
    assert body["message"]
    return body


def test_no_move_gives_the_jobs_own_cost(client: TestClient, job: dict[str, Any]) -> None:
    body = client.post(EVALUATE, json={"job": job["id"]}).json()
    assert body["costs"] == body["job_costs"] == job["result"]["costs"]
    assert set(body["delta"].values()) == {0}
    assert body["ok"] and body["violations"] == [] and body["moved"] == []
    assert body["currency"] == "EUR" and body["shooting_days"] == 2
    assert len(body["days"]) == 4 and body["days"][0]["date"] == "2026-03-02"
    # ANA one day, BOB one day, two arrivals, two days of crew: the optimum
    assert body["costs"]["total"] == 1000 + 10 + 2 * 100 + 2 * 100


def test_a_move_changes_the_cost_as_the_checker_says(
    client: TestClient, job: dict[str, Any]
) -> None:
    a_day, b_day = day_of(job, "3"), day_of(job, "2")
    resp = client.post(EVALUATE, json={"job": job["id"], "moves": [{"scene": 3, "day": b_day}]})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    # ANA now works on both used days (+1 day), B's day carries 24 eighths (8 of overtime)
    assert body["delta"]["cast"] == 1000
    assert body["delta"]["overtime"] == 8 * 10
    assert body["delta"]["total"] == body["costs"]["total"] - body["job_costs"]["total"] == 1080
    assert body["moved"] == [{"scene": "3", "from": a_day, "to": b_day}]
    assert body["ok"], body["violations"]
    target = next(d for d in body["days"] if d["date"] == b_day)
    assert target["scenes"][-1] == "3" and target["eighths"] == 24 and target["pages"] == "3"
    # the same numbers as the checker run directly on that assignment
    scenes = scenes_from_rows(
        [
            {"scene": s, "eighths": 8, "cast": c, "location": loc}
            for s, c, loc in (
                ("1", "ANA", "A"),
                ("2", "BOB", "B"),
                ("3", "ANA", "A"),
                ("4", "BOB", "B"),
            )
        ]
    )
    cons = parse_constraints(CONSTRAINTS, scenes)
    rep = check(scenes, cons, cons.dates, [d["scenes"] for d in body["days"]])
    assert rep.costs == body["costs"]


def test_violations_are_named(client: TestClient, job: dict[str, Any]) -> None:
    body = client.post(
        EVALUATE, json={"job": job["id"], "moves": [{"scene": "2", "day": "2026-03-05"}]}
    ).json()
    assert not body["ok"]
    assert "2026-03-05: scene 2 needs BOB, unavailable that day" in body["violations"]
    # order 1 before 3: put 3 first on scene 1's day
    body = client.post(
        EVALUATE,
        json={"job": job["id"], "moves": [{"scene": "3", "day": day_of(job, "1"), "position": 0}]},
    ).json()
    assert body["violations"] == ["scene 1 must come before scene 3"]


def test_full_assignment(client: TestClient, job: dict[str, Any]) -> None:
    days = [
        {"date": "2026-03-02", "scenes": ["1", "3"]},
        {"date": "2026-03-04", "scenes": ["2", "4"]},
    ]
    body = client.post(EVALUATE, json={"job": job["id"], "days": days}).json()
    assert body["shooting_days"] == 2 and body["ok"]
    # a hole on 03-03: one more day of crew, the rest unchanged
    assert body["costs"]["total"] == 1410 + 100
    assert body["delta"] == {**{k: 0 for k in body["delta"]}, "shoot_span": 100, "total": 100}
    # a scene left out is a violation, not a bad request
    body = client.post(EVALUATE, json={"job": job["id"], "days": days[:1]}).json()
    assert "scene 2 not scheduled" in body["violations"]
    # moves apply on top of the given days
    body = client.post(
        EVALUATE,
        json={"job": job["id"], "days": days, "moves": [{"scene": "4", "day": "2026-03-02"}]},
    ).json()
    assert body["days"][0]["scenes"] == ["1", "3", "4"]


def test_unknown_job_is_404(client: TestClient) -> None:
    body = error(client.post(EVALUATE, json={"job": "nope", "moves": []}), 404, "not_found")
    assert "nope" in body["message"]


def test_unknown_scene_is_422(client: TestClient, job: dict[str, Any]) -> None:
    body = error(
        client.post(
            EVALUATE, json={"job": job["id"], "moves": [{"scene": "99", "day": "2026-03-02"}]}
        ),
        422,
        "bad_value",
    )
    assert body["param"] == "moves.0.scene" and "99" in body["message"]
    assert body["valid"] == ["1", "2", "3", "4"]
    body = error(
        client.post(
            EVALUATE,
            json={"job": job["id"], "days": [{"date": "2026-03-02", "scenes": ["1", "X"]}]},
        ),
        422,
        "bad_value",
    )
    assert body["param"] == "days.0.scenes"


@pytest.mark.parametrize("day", ["2026-03-07", "2026-03-20", "2026-02-27", "tomorrow", ""])
def test_unknown_day_is_422(client: TestClient, job: dict[str, Any], day: str) -> None:
    body = error(
        client.post(EVALUATE, json={"job": job["id"], "moves": [{"scene": "1", "day": day}]}),
        422,
        "bad_value",
    )
    assert body["param"] == "moves.0.day"
    assert body["valid"] == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
    assert "calendar" in body["message"]


@pytest.mark.parametrize(
    ("payload", "param"),
    [
        ({"moves": []}, "job"),
        ({"job": "x", "moves": [{"day": "2026-03-02"}]}, "moves.0.scene"),
        (
            {"job": "x", "moves": [{"scene": "1", "day": "2026-03-02", "position": -1}]},
            "moves.0.position",
        ),
        ({"job": "x", "moves": "1 to monday"}, "moves"),
    ],
)
def test_malformed_body_is_422(client: TestClient, payload: dict[str, Any], param: str) -> None:
    body = error(client.post(EVALUATE, json=payload), 422, "bad_value")
    assert body["param"] == param


def test_a_job_of_another_tool_or_unfinished(
    setup: tuple[TestClient, dict[str, Any], wsmod.Workspace],
) -> None:
    client, _, ws = setup
    # Job records only (never run): made without the parameter check on purpose.
    other = jobs.create(ws, get_tool("schedule-talent"), {"file": "x"}, [])
    body = error(client.post(EVALUATE, json={"job": other.id}), 422, "bad_value")
    assert body["param"] == "job" and "schedule-talent" in body["message"]
    queued = jobs.create(ws, get_tool("schedule-optimise"), {}, [])
    body = error(client.post(EVALUATE, json={"job": queued.id}), 409, "not_ready")
    assert "queued" in body["message"]


def test_save_as_new_schedule(setup: tuple[TestClient, dict[str, Any], wsmod.Workspace]) -> None:
    client, job, ws = setup
    b_day = day_of(job, "2")
    moves = [{"scene": "3", "day": b_day}]
    resp = client.post("/api/schedule/save", json={"job": job["id"], "moves": moves})
    assert resp.status_code == 201, resp.text
    saved = resp.json()["saved"]
    assert saved["path"] == "files/small.edited.schedule.json"
    doc = json.loads((ws.root / saved["path"]).read_text(encoding="utf-8"))
    assert doc["schema"] == "ShootingSchedule.1" and doc["check"]["ok"]
    assert doc["solver"]["status"] == "EDITED" and doc["costs"]["total"] == 1410 + 1080
    assert doc["provenance"]["from_job"] == job["id"]
    assert client.get("/api/files/" + Path(saved["path"]).name).status_code == 200
    again = client.post("/api/schedule/save", json={"job": job["id"], "moves": moves}).json()
    assert again["saved"]["path"] == "files/small.edited-1.schedule.json"  # never overwritten
    # a stripboard that breaks a constraint is not saved
    body = error(
        client.post(
            "/api/schedule/save",
            json={"job": job["id"], "moves": [{"scene": "2", "day": "2026-03-05"}]},
        ),
        422,
        "bad_value",
    )
    assert "unavailable" in body["message"]
