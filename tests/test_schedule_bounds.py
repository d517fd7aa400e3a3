"""The stripboard's lower bound against optima found by brute force: on many small random
productions every assignment of scenes to days is tried and checked by the independent checker,
and the bound (each term, and the interplay term with the three it joins) never exceeds the
least cost found."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from imagia.schedule.bounds import lower_bound
from imagia.schedule.checker import check
from imagia.schedule.scenes import Constraints, Scene, parse_constraints, scenes_from_rows

# The bound's claims: each group of terms (with the interplay term where it joins) is at most
# the least cost of the same terms over every valid schedule.
GROUPS = {
    "cast": ("cast",),
    "moves": ("company_moves",),
    "span": ("overtime", "shoot_span"),
    "switch": ("day_night_switches", "overtime", "shoot_span"),
    "joined": ("cast", "day_night_switches", "overtime", "shoot_span"),
}


def _random(seed: int, n: int = 5, days: int = 4) -> tuple[list[Scene], Constraints]:
    rng = random.Random(seed)
    people = ["ANA", "BOB", "CY", "DEE"]
    rows = [
        {
            "scene": str(i + 1),
            "eighths": rng.randint(2, 14),
            "cast": ";".join(rng.sample(people, k=rng.randint(1, 3))),
            "location": rng.choice("ABC"),
            "day_night": rng.choice(["DAY", "DAY", "NIGHT"]),
        }
        for i in range(n)
    ]
    scenes = scenes_from_rows(rows)
    names = sorted({a for s in scenes for a in s.cast})
    data: dict[str, Any] = {
        "calendar": {"start": "2026-03-02", "days": days},
        "capacity": {"eighths_per_day": rng.choice([12, 16]), "overtime_eighths": 4},
        "turnaround": rng.random() < 0.5,
        "costs": {
            "company_move": rng.choice([0, 50]),
            "day_night_switch": rng.choice([0, 70]),
            "overtime_per_eighth": rng.choice([2, 5, 40]),
            "shooting_day": rng.choice([0, 60, 300]),
        },
        "actors": {
            a: {
                "daily_cost": rng.choice([100, 200, 400, 900]),
                "unavailable": ["2026-03-04"] if a == "BOB" and rng.random() < 0.5 else [],
            }
            for a in names
        },
    }
    return scenes, parse_constraints(data, scenes)


def brute_force(scenes: list[Scene], cons: Constraints) -> dict[str, int] | None:
    """The least of each cost term, of cast + overtime + shoot span, and of the total, over
    every valid schedule (``None`` when none is valid)."""
    best: dict[str, int] = {}
    D = len(cons.dates)
    for assign in itertools.product(range(D), repeat=len(scenes)):
        days: list[list[str]] = [[] for _ in range(D)]
        for sc, d in zip(scenes, assign, strict=True):
            days[d].append(sc.id)
        rep = check(scenes, cons, cons.dates, days)
        if not rep.ok:
            continue
        got = {g: sum(rep.costs[k] for k in terms) for g, terms in GROUPS.items()}
        got["total"] = rep.costs["total"]
        for k, v in got.items():
            best[k] = min(best.get(k, v), v)
    return best or None


@pytest.mark.parametrize("chunk", range(4))
def test_the_bound_never_exceeds_the_brute_force_optimum(chunk: int) -> None:
    solved = positive = relaxing = 0
    for seed in range(chunk * 10, chunk * 10 + 10):
        scenes, cons = _random(seed)
        best = brute_force(scenes, cons)
        if best is None:
            continue
        solved += 1
        b = lower_bound(scenes, cons, seconds=5)
        assert b.total <= best["total"], (seed, b.terms, best)
        for g, terms in GROUPS.items():
            extra = b.terms["interplay"] if g == "joined" else 0
            assert sum(b.terms[k] for k in terms) + extra <= best[g], (seed, g, b.terms, best)
        positive += b.terms["interplay"] > 0
        # the split-scene relaxation (CP-SAT), where it adds, bounds the cast term by itself
        if b.terms["relaxation"]:
            relaxed = b.terms["cast"] + b.terms["interplay"] + b.terms["relaxation"]
            assert relaxed <= best["cast"], (seed, b.terms, best)
            relaxing += 1
    # the interplay term and the relaxation are tested, not always 0
    assert solved >= 5 and positive >= 1 and relaxing >= 1


def test_the_talent_relaxation_adds_when_leads_share_few_scenes() -> None:
    # Three leads, each pair sharing one scene: no order keeps all three on only their own
    # days, which the per-actor bound cannot see and the interplay term does.
    rows = [
        {"scene": "1", "eighths": 8, "cast": "ANA;BOB", "location": "A"},
        {"scene": "2", "eighths": 8, "cast": "BOB;CY", "location": "A"},
        {"scene": "3", "eighths": 8, "cast": "CY;ANA", "location": "A"},
    ]
    scenes = scenes_from_rows(rows)
    cons = parse_constraints(
        {
            "calendar": {"start": "2026-03-02", "days": 3},
            "capacity": {"eighths_per_day": 8, "overtime_eighths": 0},
            "costs": {"shooting_day": 0},
            "actors": {a: {"daily_cost": 100} for a in ("ANA", "BOB", "CY")},
        },
        scenes,
    )
    b = lower_bound(scenes, cons)
    assert b.terms["interplay"] > 0 and sorted(b.held_by) == ["ANA", "BOB", "CY"]
    # one scene a day, each lead in two: 2 days each alone, but one of them must hold for 3
    assert b.terms["cast"] == 600 and b.terms["interplay"] == 100
    best = brute_force(scenes, cons)
    assert best is not None and best["cast"] == 700
