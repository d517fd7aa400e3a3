"""The CP-SAT stripboard: every output passes the independent checker, constraints hold, known
optima, infeasibility explained, minimal-change replan."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from imagia.schedule.checker import check, check_document
from imagia.schedule.demo import example_dir
from imagia.schedule.model import Infeasible, Plan, SolveOptions, explain, optimise
from imagia.schedule.replan import replan
from imagia.schedule.reports import document
from imagia.schedule.scenes import (
    Constraints,
    Scene,
    parse_constraints,
    read_constraints,
    read_scenes,
    scenes_from_rows,
)
from imagia.schedule.synthetic import generated_production

FAST = SolveOptions(time_limit=5)


def sc(sid: str, eighths: int, cast: str, loc: str, dn: str = "DAY") -> dict[str, Any]:
    return {"scene": sid, "eighths": eighths, "cast": cast, "location": loc, "day_night": dn}


def problem(rows: list[dict[str, Any]], **cons: Any) -> tuple[list[Scene], Constraints]:
    scenes = scenes_from_rows(rows)
    data: dict[str, Any] = {
        "calendar": {"start": "2026-03-02", "days": 5},
        "capacity": {"eighths_per_day": 16},
    }
    data.update(cons)
    return scenes, parse_constraints(data, scenes)


def checked(scenes: list[Scene], cons: Constraints, plan: Plan) -> None:
    """Every schedule the tool outputs goes through the independent checker."""
    rep = check(scenes, cons, plan.dates, plan.days)
    assert rep.ok, rep.violations
    diff = {k: (v, plan.costs.get(k)) for k, v in rep.costs.items() if plan.costs.get(k) != v}
    assert not diff, (diff, plan.status, plan.objective)
    doc = document(plan, scenes, cons)
    assert check_document(doc, scenes, cons).ok


def test_example_production_is_valid_and_costed() -> None:
    scenes = read_scenes(example_dir() / "scenes.csv")
    cons = parse_constraints(read_constraints(example_dir() / "constraints.yaml"), scenes)
    assert len(scenes) == 25
    plan = optimise(scenes, cons, SolveOptions(time_limit=8))
    checked(scenes, cons, plan)
    assert plan.status in ("OPTIMAL", "FEASIBLE") and 0 <= plan.gap < 1
    assert plan.bound <= plan.objective
    day = plan.day_of()
    assert plan.dates[day["24"]].isoformat() == "2026-05-15"  # must_shoot
    assert day["14"] == day["19"]  # together
    assert plan.dates[day["7"]].isoformat() == "2026-05-13"  # school window


def test_known_optimum_groups_cast_and_locations() -> None:
    # Two locations, two actors; 16 eighths a day: the optimum shoots each pair together.
    scenes, cons = problem(
        [
            sc("1", 8, "ANA", "A"),
            sc("2", 8, "BOB", "B"),
            sc("3", 8, "ANA", "A"),
            sc("4", 8, "BOB", "B"),
        ],
        costs={"company_move": 100},
        actors={"ANA": {"daily_cost": 1000}, "BOB": {"daily_cost": 10}},
    )
    plan = optimise(scenes, cons, FAST)
    checked(scenes, cons, plan)
    assert plan.optimal
    # 1 day each actor (1000 + 10) + 2 arrivals
    assert plan.objective == 1010 + 200
    assert sorted(sorted(d) for d in plan.days if d) == [["1", "3"], ["2", "4"]]


def test_each_constraint_kind_is_honoured() -> None:
    rows = [
        sc("1", 6, "ANA;KID", "HOUSE"),
        sc("2", 6, "ANA", "HOUSE", "NIGHT"),
        sc("3", 6, "BOB", "PARK"),
        sc("4", 6, "KID", "PARK"),
        sc("5", 6, "ANA;BOB", "PARK"),
        sc("6", 6, "BOB", "HOUSE", "NIGHT"),
        sc("7", 4, "ANA", "HOUSE"),
    ]
    scenes, cons = problem(
        rows,
        calendar={"start": "2026-03-02", "days": 6, "start_on_first_day": False},
        capacity={"eighths_per_day": 12, "overtime_eighths": 4, "hours_per_day": 10},
        costs={"company_move": 50, "day_night_switch": 300, "overtime_per_eighth": 20},
        actors={
            "ANA": {"daily_cost": 500, "unavailable": ["2026-03-02"]},
            "KID": {"daily_cost": 100, "max_hours_per_day": 6},
            "BOB": {"daily_cost": 300},
        },
        locations={"PARK": {"available": [["2026-03-04", "2026-03-06"]]}},
        must_shoot=[{"scene": "6", "date": "2026-03-09"}],
        together=[["3", "5"]],
        order=[["7", "1"]],
    )
    plan = optimise(scenes, cons, FAST)
    checked(scenes, cons, plan)
    day = plan.day_of()
    assert plan.dates[day["6"]].isoformat() == "2026-03-09"
    assert day["3"] == day["5"] and day["7"] <= day["1"]
    for s in ("3", "4", "5"):
        assert plan.dates[day[s]].isoformat() >= "2026-03-04"
    assert all(plan.dates[day[s]].isoformat() != "2026-03-02" for s in ("1", "2", "5", "7"))


def test_turnaround_and_overtime_are_costed_like_the_checker() -> None:
    scenes, cons = problem(
        [sc("1", 10, "ANA", "A", "NIGHT"), sc("2", 10, "ANA", "A"), sc("3", 10, "ANA", "A")],
        calendar={"start": "2026-03-02", "days": 2},
        capacity={"eighths_per_day": 16, "overtime_eighths": 8},
        costs={"overtime_per_eighth": 5, "day_night_switch": 1000},
        actors={"ANA": {"daily_cost": 100}},
    )
    plan = optimise(scenes, cons, FAST)
    checked(scenes, cons, plan)
    # night on day 2 after day scenes: one flip (1000) beats a split day; 20+10 eighths:
    # 4 eighths of overtime (20)
    assert plan.days[1] == ["1"] and plan.costs["overtime"] == 20
    assert plan.costs["day_night_switches"] == 1000


def test_generated_production_passes_the_checker() -> None:
    scenes, cons = generated_production(40, seed=3)
    plan = optimise(scenes, cons, SolveOptions(time_limit=6))
    checked(scenes, cons, plan)


def test_infeasible_names_the_conflicting_constraints() -> None:
    scenes, cons = problem(
        [sc("1", 8, "ANA", "A"), sc("2", 8, "BOB", "B"), sc("3", 8, "ANA;BOB", "A")],
        actors={"ANA": {"unavailable": ["2026-03-03"]}},
        must_shoot=[{"scene": "3", "date": "2026-03-03"}],
        order=[["1", "2"]],
    )
    with pytest.raises(Infeasible) as exc:
        optimise(scenes, cons, FAST)
    assert sorted(exc.value.conflicts) == [
        "must_shoot: scene 3 on 2026-03-03",
        "unavailable: ANA on 2026-03-03",
    ]
    assert exc.value.minimal and "conflict" in str(exc.value)
    assert exc.value.to_dict()["conflicts"] == exc.value.conflicts


def test_infeasible_capacity_names_calendar_and_capacity() -> None:
    scenes, cons = problem(
        [sc(str(i), 12, "ANA", "A") for i in range(1, 5)],
        calendar={"start": "2026-03-02", "days": 2},
        capacity={"eighths_per_day": 16, "overtime_eighths": 4},
    )
    conflicts, minimal = explain(scenes, cons)
    assert minimal
    assert {c.split(":")[0] for c in conflicts} == {"calendar", "capacity"}


def test_replan_moves_only_what_must_move() -> None:
    rows = [sc(str(i), 8, "ANA" if i % 2 else "BOB", "A" if i < 5 else "B") for i in range(1, 9)]
    scenes, cons = problem(
        rows,
        calendar={"start": "2026-03-02", "days": 5},
        capacity={"eighths_per_day": 16},
        actors={"ANA": {"daily_cost": 100}, "BOB": {"daily_cost": 100}},
        costs={"company_move": 10},
    )
    plan = optimise(scenes, cons, FAST)
    checked(scenes, cons, plan)
    old = document(plan, scenes, cons)
    used = [i for i, d in enumerate(plan.days) if d]
    lost = plan.dates[used[2]]  # the third shooting day is lost to weather
    on_lost = set(plan.days[used[2]])
    raw = copy.deepcopy(cons.raw)
    raw["calendar"]["days_off"] = [lost.isoformat()]
    raw["calendar"]["days"] = 5
    new_cons = parse_constraints(raw, scenes)
    shot = plan.dates[used[0]]
    new = replan(old, scenes, new_cons, shot_through=shot, options=FAST)
    checked(scenes, new_cons, new)
    info = new.replan
    assert info is not None
    assert {m["scene"] for m in info["moved"]} == on_lost  # exactly the lost day's scenes
    assert info["moved_count"] == len(on_lost) == info["moved_min"]
    assert info["moved_proven_minimal"]
    for sid in plan.days[used[0]]:  # the day already shot stays
        assert new.dates[new.day_of()[sid]] == shot
    assert all(
        new.dates[d] > shot for sid, d in new.day_of().items() if sid not in plan.days[used[0]]
    )  # nothing new goes into the past
    assert info["cost_after"] - info["cost_before"] == info["cost_delta"]


def test_replan_when_an_actor_falls_ill_keeps_other_days() -> None:
    scenes = read_scenes(example_dir() / "scenes.csv")
    cons = parse_constraints(read_constraints(example_dir() / "constraints.yaml"), scenes)
    plan = optimise(scenes, cons, FAST)
    old = document(plan, scenes, cons)
    used = [i for i, d in enumerate(plan.days) if d]
    k = next(i for i in used[2:] if plan.dates[i].isoformat() != "2026-05-15")  # not must_shoot
    ill = plan.dates[k]
    raw = copy.deepcopy(cons.raw)
    raw["actors"]["CLAIRE"]["unavailable"] = [ill.isoformat()]
    new_cons = parse_constraints(raw, scenes)
    new = replan(old, scenes, new_cons, shot_through=plan.dates[used[1]], options=FAST)
    checked(scenes, new_cons, new)
    assert new.replan is not None
    hers = {s for s in plan.days[k] if "CLAIRE" in {x.id: x for x in scenes}[s].cast}
    moved = {m["scene"] for m in new.replan["moved"]}
    assert hers <= moved
    past = plan.dates[used[1]]
    shot_ids = {s for i in used[:2] for s in plan.days[i]}
    assert all(new.dates[d] > past for sid, d in new.day_of().items() if sid not in shot_ids)
    assert new.replan["moved_count"] == new.replan["moved_min"]
