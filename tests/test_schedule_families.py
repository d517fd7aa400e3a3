"""The CP-SAT model's constraint families and the independent checker's families are the same
named set, and each family of the checker fires on a schedule broken by hand for it."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imagia.schedule import checker, model
from imagia.schedule.scenes import Constraints, Scene, parse_constraints, scenes_from_rows

# Families only one side has, and why. The model's already-shot literals (replan) come from
# what the caller says was shot, which a schedule does not record; it is not in model.FAMILIES.
MODEL_ONLY = {model.ALREADY_SHOT: "replan: the days already shot (not in a schedule)"}
CHECKER_ONLY: dict[str, str] = {}


def _sc(sid: str, eighths: int, cast: str, loc: str, dn: str = "DAY") -> dict[str, Any]:
    return {"scene": sid, "eighths": eighths, "cast": cast, "location": loc, "day_night": dn}


def rich() -> tuple[list[Scene], Constraints]:
    """Five days from Monday 2026-03-02 with every constraint family in use."""
    scenes = scenes_from_rows(
        [
            _sc("1", 8, "ANA", "A"),
            _sc("2", 8, "BOB", "B", "NIGHT"),
            _sc("3", 8, "ANA;BOB", "A"),
            _sc("4", 4, "KID;ANA", "C"),
            _sc("5", 4, "BOB", "B"),
            _sc("6", 2, "KID", "C"),
            _sc("7", 2, "BOB", "B"),
        ]
    )
    cons = parse_constraints(
        {
            "calendar": {"start": "2026-03-02", "days": 5},
            "capacity": {"eighths_per_day": 16, "overtime_eighths": 4, "hours_per_day": 11},
            "actors": {
                "ANA": {"unavailable": ["2026-03-05"], "daily_cost": 500},
                "BOB": {"daily_cost": 400},
                "KID": {"max_hours_per_day": 3},
            },
            "locations": {
                "A": {"available": [["2026-03-02", "2026-03-04"]]},
                "C": {"available": [["2026-03-02", "2026-03-05"]]},
            },
            "must_shoot": [{"scene": "3", "date": "2026-03-03"}],
            "together": [["1", "3"]],
            "order": [["5", "2"]],
            "costs": {
                "shooting_day": 1000,
                "company_move": 300,
                "day_night_switch": 200,
                "overtime_per_eighth": 10,
            },
        },
        scenes,
    )
    return scenes, cons


# A schedule that keeps every constraint (day 3 is a rest day).
VALID = [["6"], ["1", "3"], ["4", "5", "7"], [], ["2"]]

# For each constraint family, the valid schedule broken for it (and for it only).
BROKEN: dict[str, Callable[[list[list[str]]], list[list[str]]]] = {
    "calendar": lambda d: [*d[:3], ["99"], d[4]],  # an unknown scene
    "day-capacity": lambda d: [d[0], ["1", "3", "4"], ["5", "7"], *d[3:]],  # 13.75 h
    "actor-hours": lambda d: [["6", "4"], d[1], ["5", "7"], *d[3:]],  # KID 4.1 h
    "actor-availability": lambda d: [*d[:2], ["5", "7"], ["4"], d[4]],  # ANA on 03-05
    "location-windows": lambda d: [*d[:2], ["5", "7"], [], ["4", "2"]],  # C on 03-06
    "must-shoot": lambda d: [d[0], d[2], d[1], *d[3:]],  # scene 3 on 03-04
    "together": lambda d: [["1", "6"], ["3"], *d[2:]],
    "order": lambda d: [*d[:2], ["4", "7"], [], ["2", "5"]],  # 5 after 2
    "first-day": lambda d: [[], *d[1:3], ["6"], d[4]],
    "turnaround": lambda d: [*d[:2], ["4", "5"], ["2"], ["7"]],  # DAY the day after a NIGHT
}


def _check(days: list[list[str]]) -> checker.CheckReport:
    scenes, cons = rich()
    return checker.check(scenes, cons, cons.dates, days)


def test_the_model_and_the_checker_have_the_same_families() -> None:
    mine = {f.id: f.kind for f in model.FAMILIES.values()}
    mine[model.ALREADY_SHOT] = "constraint"  # posted by optimise and explain on a replan
    theirs = {f.id: f.kind for f in checker.FAMILIES.values()}
    assert set(MODEL_ONLY) <= set(mine) and set(CHECKER_ONLY) <= set(theirs)
    assert set(mine) - set(MODEL_ONLY) == set(theirs) - set(CHECKER_ONLY)
    assert all(mine[k] == theirs[k] for k in set(mine) & set(theirs))  # same kind
    assert not set(MODEL_ONLY) & set(theirs) and not set(CHECKER_ONLY) & set(mine)
    terms = [f.term for f in checker.FAMILIES.values() if f.kind == "cost"]
    assert terms == list(model.TERMS)  # the costs in the same order on both sides
    for fams in (model.FAMILIES, checker.FAMILIES):
        for f in fams.values():
            assert f.what and f.id == f.id.lower() and " " not in f.id and "_" not in f.id


def test_the_checker_does_not_import_the_model() -> None:
    src = Path(checker.__file__).read_text(encoding="utf-8")
    imported = {n.module for n in ast.walk(ast.parse(src)) if isinstance(n, ast.ImportFrom)}
    imported |= {
        a.name for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Import) for a in n.names
    }
    assert not any(
        m and (m.startswith("imagia.schedule.model") or m.startswith("ortools")) for m in imported
    ), imported


def test_every_model_literal_is_posted_by_a_constraint_family() -> None:
    scenes, cons = rich()
    built = model._Built(scenes, cons)
    constraint_families = {f.id for f in model.FAMILIES.values() if f.kind == "constraint"}
    assert set(built.lit_family.values()) == constraint_families  # each posts, none else
    assert list(built.terms) == list(model.TERMS)


def test_the_valid_schedule_keeps_every_constraint() -> None:
    rep = _check(VALID)
    assert rep.ok and rep.found == [] and rep.families == [], rep.violations
    assert rep.costs["total"] == sum(v for k, v in rep.costs.items() if k != "total") > 0


def test_every_constraint_family_has_a_broken_schedule() -> None:
    assert set(BROKEN) == {f.id for f in checker.FAMILIES.values() if f.kind == "constraint"}


@pytest.mark.parametrize("family", sorted(BROKEN))
def test_the_checker_names_the_family_a_broken_schedule_breaks(family: str) -> None:
    rep = _check(BROKEN[family]([list(d) for d in VALID]))
    assert rep.families == [family], rep.found
    assert rep.violations == [v.message for v in rep.found] and not rep.ok


@pytest.mark.parametrize("family", [f.id for f in checker.FAMILIES.values() if f.kind == "cost"])
def test_a_misreported_cost_names_its_family(family: str) -> None:
    scenes, cons = rich()
    costs = _check(VALID).costs
    term = checker.FAMILIES[family].term
    assert term is not None
    doc = {
        "days": [
            {"date": d.isoformat(), "scenes": ids} for d, ids in zip(cons.dates, VALID, strict=True)
        ],
        "costs": {**costs, term: costs[term] + 1},
    }
    rep = checker.check_document(doc, scenes, cons)
    assert rep.families == [family] and rep.violations[0].startswith(f"cost {term}:")
    doc["costs"] = {**costs, "total": costs["total"] - 1}
    assert checker.check_document(doc, scenes, cons).families == ["total"]


def test_the_calendar_is_the_one_the_broken_schedules_assume() -> None:
    _, cons = rich()
    assert cons.dates == [dt.date(2026, 3, 2) + dt.timedelta(days=i) for i in range(5)]
