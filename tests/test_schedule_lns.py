"""The stripboard at scale: realistic generated productions, the constructive start, the LNS
(never a schedule the independent checker refuses) and the lower bound (never above a proven
optimum)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from imagia.core.errors import BadValue
from imagia.schedule import lns
from imagia.schedule.bounds import binpack_l2, lower_bound
from imagia.schedule.checker import check
from imagia.schedule.construct import constructive
from imagia.schedule.lns import optimise_lns, twins
from imagia.schedule.model import SolveOptions, greedy_days, optimise
from imagia.schedule.scenes import Constraints, Scene, parse_constraints, scenes_from_rows
from imagia.schedule.synthetic import realistic_production


def board(cons: Constraints, scenes: list[Scene], assign: list[int | None]) -> list[list[str]]:
    days: list[list[str]] = [[] for _ in cons.dates]
    for sc, d in zip(scenes, assign, strict=True):
        assert d is not None
        days[d].append(sc.id)
    return days


def test_realistic_productions_have_the_shape_of_a_feature() -> None:
    for n, cast, lo, hi in ((60, 12, 24, 30), (120, 24, 24, 60), (200, 40, 40, 60)):
        scenes, cons = realistic_production(n, seed=1)
        assert len(scenes) == n and len(cons.actors) == cast
        assert lo <= len(cons.dates) <= hi
        appear = sorted((sum(a in s.cast for s in scenes) for a in cons.actors), reverse=True)
        assert appear[0] >= n // 2  # a lead in half the scenes or more
        assert sum(1 for k in appear if k <= 3) >= cast // 3  # many small parts
        assert any(s.night for s in scenes) and not all(s.night for s in scenes)
        assert all(1 <= s.eighths <= 32 for s in scenes)
    assert realistic_production(60, seed=4) == realistic_production(60, seed=4)


def test_the_constructive_start_is_valid_and_beats_first_fit() -> None:
    scenes, cons = realistic_production(60, seed=0)
    ours = check(scenes, cons, cons.dates, board(cons, scenes, constructive(scenes, cons)))
    ff = check(scenes, cons, cons.dates, board(cons, scenes, greedy_days(scenes, cons)))
    assert ours.ok, ours.violations
    assert ours.costs["total"] < ff.costs["total"]


def test_lns_schedule_passes_the_checker_and_improves_on_its_start() -> None:
    scenes, cons = realistic_production(30, seed=2)
    seen: list[str] = []
    plan = optimise_lns(
        scenes, cons, SolveOptions(time_limit=4), progress=lambda f, m: seen.append(m)
    )
    rep = check(scenes, cons, plan.dates, plan.days)
    assert rep.ok, rep.violations
    assert rep.costs == plan.costs and plan.objective == rep.costs["total"]
    start = check(scenes, cons, cons.dates, board(cons, scenes, constructive(scenes, cons)))
    assert plan.objective <= start.costs["total"]
    assert lower_bound(scenes, cons).total <= plan.bound <= plan.objective
    # the job's progress messages carry the best cost, never rising
    costs = [int(m.split("best cost ")[1].split(",")[0]) for m in seen if "best cost" in m]
    assert costs and costs == sorted(costs, reverse=True) and costs[-1] == plan.objective


def test_lns_never_keeps_a_schedule_the_checker_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    # A sub-solve that claims a cheaper schedule which puts a scene on its actor's unavailable
    # day: the checker refuses it and the LNS returns a checked schedule all the same.
    scenes, cons = realistic_production(30, seed=3)
    real = lns._Search.read
    bad = 0

    def lying(self: Any, solver: Any) -> tuple[list[int], int]:
        nonlocal bad
        assign, cost = real(self, solver)
        for s, sc in enumerate(scenes):
            for a in sc.cast:
                for day in cons.actors[a].unavailable:
                    if cons.dates.index(day) != assign[s]:
                        assign = list(assign)
                        assign[s] = cons.dates.index(day)
                        bad += 1
                        return assign, 0
        return assign, cost

    monkeypatch.setattr(lns._Search, "read", lying)
    # 10 s: at a load of 25 on 2 cores, 6 s sometimes ended before any sub-solve answered
    plan = optimise_lns(scenes, cons, SolveOptions(time_limit=10))
    assert bad > 0
    rep = check(scenes, cons, plan.dates, plan.days)
    assert rep.ok, rep.violations
    assert "refused by the checker" in plan.notes[0] and " 0 candidate" not in plan.notes[0]


def _tiny(seed: int) -> tuple[list[Scene], Constraints]:
    rng = random.Random(seed)
    rows = [
        {
            "scene": str(i + 1),
            "eighths": rng.randint(2, 14),
            "cast": ";".join(rng.sample(["ANA", "BOB", "CY", "DEE"], k=rng.randint(1, 2))),
            "location": rng.choice("ABC"),
            "day_night": rng.choice(["DAY", "DAY", "NIGHT"]),
        }
        for i in range(7)
    ]
    scenes = scenes_from_rows(rows)
    names = sorted({a for s in scenes for a in s.cast})
    data: dict[str, Any] = {
        "calendar": {"start": "2026-03-02", "days": 5},
        "capacity": {"eighths_per_day": 16, "overtime_eighths": 4},
        "costs": {
            "company_move": 50,
            "day_night_switch": 70,
            "overtime_per_eighth": 5,
            "shooting_day": 60,
        },
        "actors": {
            a: {
                "daily_cost": rng.choice([100, 200, 400]),
                "unavailable": ["2026-03-04"] if a == "BOB" else [],
            }
            for a in names
        },
    }
    return scenes, parse_constraints(data, scenes)


@pytest.mark.parametrize("seed", range(6))
def test_the_lower_bound_never_exceeds_a_proven_optimum(seed: int) -> None:
    scenes, cons = _tiny(seed)
    plan = optimise(scenes, cons, SolveOptions(time_limit=10))
    assert plan.optimal
    b = lower_bound(scenes, cons, seconds=5)
    assert b.total <= plan.objective, (b.terms, plan.costs)
    assert b.terms["cast"] <= plan.costs["cast"]
    assert b.terms["company_moves"] <= plan.costs["company_moves"]


def test_binpacking_bound() -> None:
    assert binpack_l2([], 10) == 0
    assert binpack_l2([5, 5, 5, 5], 10) == 2
    assert binpack_l2([6, 6, 6], 10) == 3  # no two fit together
    assert binpack_l2([6, 6, 4, 4], 10) == 2


def test_identical_scenes_are_twins_and_the_plan_stays_valid() -> None:
    row = {"eighths": 8, "cast": "ANA", "location": "A"}
    rows = [{"scene": str(i), **row} for i in range(1, 4)] + [
        {"scene": "4", "eighths": 8, "cast": "BOB", "location": "B"}
    ]
    scenes = scenes_from_rows(rows)
    cons = parse_constraints(
        {
            "calendar": {"start": "2026-03-02", "days": 4},
            "capacity": {"eighths_per_day": 16},
            "actors": {"ANA": {"daily_cost": 100}, "BOB": {"daily_cost": 100}},
            "must_shoot": [{"scene": "3", "date": "2026-03-03"}],
        },
        scenes,
    )
    assert twins(scenes, cons) == [[0, 1]]  # scene 3 is pinned: not a twin
    plan = optimise_lns(scenes, cons, SolveOptions(time_limit=2))
    assert check(scenes, cons, plan.dates, plan.days).ok
    day = plan.day_of()
    assert day["1"] <= day["2"] and plan.dates[day["3"]].isoformat() == "2026-03-03"


def test_plain_cpsat_reports_each_better_schedule() -> None:
    scenes, cons = _tiny(1)
    seen: list[tuple[float, int, int]] = []
    plan = optimise(
        scenes, cons, SolveOptions(time_limit=10), on_solution=lambda *a: seen.append(a)
    )
    objectives = [o for _, o, _ in seen]
    assert seen and objectives == sorted(objectives, reverse=True)
    assert objectives[-1] == plan.objective and all(b <= o for _, o, b in seen)


def test_cli_strategies_give_checked_schedules(tmp_path: Path) -> None:
    import json

    import yaml
    from typer.testing import CliRunner

    from imagia.cli import app

    scenes, cons = realistic_production(20, seed=5)
    s, c = tmp_path / "scenes.json", tmp_path / "cons.yaml"
    s.write_text(json.dumps([sc.to_dict() for sc in scenes]))
    c.write_text(yaml.safe_dump(cons.raw))
    ws = str(tmp_path / "ws")
    for strategy in ("lns", "cpsat"):
        args = ["schedule", "optimise", str(s), "-c", str(c), "--time-limit", "3"]
        r = CliRunner().invoke(app, [*args, "--strategy", strategy, "-w", ws, "--json"])
        assert r.exit_code == 0, r.output
        out = json.loads(r.output)
        assert out["check_ok"] and 0 <= out["gap"] < 1
    r = CliRunner().invoke(app, [*args, "--strategy", "tabu", "-w", ws])
    assert isinstance(r.exception, BadValue) and "strategy" in str(r.exception)
