"""Reordering whole shooting days (imagia.schedule.reorder): its quick cost agrees with the
independent checker, and what it returns is valid and never dearer, with every hard rule a
reorder can break in play (dates, order pairs, turnaround, must-shoot, location windows)."""

from __future__ import annotations

import math
import random
import time

from imagia.schedule.checker import check
from imagia.schedule.construct import constructive
from imagia.schedule.model import _order_within_days
from imagia.schedule.reorder import DayOrder, improve, relocate
from imagia.schedule.scenes import Constraints, Scene, parse_constraints, scenes_from_rows
from imagia.schedule.synthetic import realistic_production


def board(cons: Constraints, scenes: list[Scene], assign: list[int]) -> list[list[str]]:
    days: list[list[str]] = [[] for _ in cons.dates]
    for sc, d in zip(scenes, assign, strict=True):
        days[d].append(sc.id)
    return _order_within_days(scenes, cons, days)  # order pairs on one day: first first


def with_rules(
    n: int, seed: int, limits: bool = False
) -> tuple[list[Scene], Constraints, list[int]]:
    """A realistic production, its constructive start, and order pairs on top of its own rules
    that the start keeps (scenes on consecutive used days, and the first and last); with
    ``limits``, hours per day and a child actor's hours too."""
    scenes, cons = realistic_production(n, seed=seed)
    if limits:
        raw = dict(cons.raw)
        raw["capacity"] = {**raw["capacity"], "hours_per_day": 11}
        cons = parse_constraints(raw, scenes)
        kid = sorted(cons.actors, key=lambda a: -sum(a in s.cast for s in scenes))[1]
        longest = max(cons.hours_of(s) for s in scenes if kid in s.cast)
        limit = {"max_hours_per_day": math.ceil(longest * 2) / 2}  # each scene fits alone
        raw["actors"] = {**raw["actors"], kid: {**raw["actors"][kid], **limit}}
        cons = parse_constraints(raw, scenes)
    start = [d for d in constructive(scenes, cons) if d is not None]
    assert len(start) == len(scenes)
    by_day = sorted(range(len(scenes)), key=start.__getitem__)
    used = sorted(set(start))
    a = next(s for s in by_day if start[s] == used[1])
    b = next(s for s in by_day if start[s] == used[2])
    pairs = [[scenes[a].id, scenes[b].id], [scenes[by_day[0]].id, scenes[by_day[-1]].id]]
    return scenes, parse_constraints({**cons.raw, "order": pairs}, scenes), start


def test_the_quick_cost_moves_with_the_checker() -> None:
    # The terms a reorder changes (cast, arrivals, flips, span) plus those it cannot (split
    # days, overtime) give the checker's total on any assignment.
    scenes, cons = realistic_production(40, seed=7)
    do = DayOrder(scenes, cons)
    rng = random.Random(1)
    for _ in range(30):
        assign = [rng.randrange(len(cons.dates)) for _ in scenes]
        rep = check(scenes, cons, cons.dates, board(cons, scenes, assign))
        quick = do.cost([do.summary(b) for b in do.blocks(assign)])
        splits = sum(1 for day in board(cons, scenes, assign) if _split(scenes, day))
        fixed = rep.costs["overtime"] + splits * cons.day_night_switch_cost
        assert quick + fixed == rep.costs["total"]


def _split(scenes: list[Scene], ids: list[str]) -> bool:
    kinds = {sc.night for sc in scenes if sc.id in ids}
    return len(kinds) == 2


def test_reordered_days_stay_valid_and_never_cost_more() -> None:
    cheaper = 0
    for n, seed in ((30, 1), (40, 2), (40, 3)):
        scenes, cons, first = with_rules(n, seed)
        before = check(scenes, cons, cons.dates, board(cons, scenes, first))
        got = improve(scenes, cons, first, time.perf_counter() + 5)
        after = check(scenes, cons, cons.dates, board(cons, scenes, got))
        assert before.ok and after.ok, (before.violations, after.violations)
        assert after.costs["total"] <= before.costs["total"]
        cheaper += after.costs["total"] < before.costs["total"]
        # whole days moved: the same groups of scenes, on other dates
        groups = {
            frozenset(s for s, d in zip(scenes, first, strict=True) if d == k) for k in set(first)
        }
        assert groups == {
            frozenset(s for s, d in zip(scenes, got, strict=True) if d == k) for k in set(got)
        }
    assert cheaper  # the search does something on these productions


def test_a_reorder_respects_unavailable_dates_and_the_turnaround() -> None:
    rows = [
        {"scene": "1", "eighths": 8, "cast": "ANA", "location": "A", "day_night": "NIGHT"},
        {"scene": "2", "eighths": 8, "cast": "ANA;BOB", "location": "A", "day_night": "DAY"},
        {"scene": "3", "eighths": 8, "cast": "BOB", "location": "B", "day_night": "DAY"},
    ]
    scenes = scenes_from_rows(rows)
    cons = parse_constraints(
        {
            "calendar": {"start": "2026-03-02", "days": 3},  # Mon to Wed
            "capacity": {"eighths_per_day": 8},
            "turnaround": True,
            "costs": {"company_move": 0},
            "actors": {
                "ANA": {"daily_cost": 1000},
                "BOB": {"daily_cost": 10, "unavailable": ["2026-03-04"]},
            },
        },
        scenes,
    )
    do = DayOrder(scenes, cons)
    blocks = [[0], [1], [2]]

    def ok(order: list[int]) -> bool:
        return do.valid([do.summary(blocks[k]) for k in order], [])

    assert ok([0, 2, 1]) is False  # BOB on Wednesday
    assert ok([0, 1, 2]) is False  # the night, then a DAY scene the next morning; BOB Wed.
    assert ok([1, 0, 2]) is False  # BOB on Wednesday
    assert ok([2, 1, 0]) and ok([1, 2, 0])
    # ANA's two scenes side by side is cheapest, but only (3, 2, 1) keeps every rule
    got = improve(scenes, cons, [0, 2, 1], time.perf_counter() + 5)
    assert got == [2, 1, 0]
    assert check(scenes, cons, cons.dates, board(cons, scenes, got)).ok


def test_moved_scenes_keep_every_rule_and_never_cost_more() -> None:
    for n, seed, limits in ((30, 5, True), (40, 2, False)):
        scenes, cons, first = with_rules(n, seed, limits)
        before = check(scenes, cons, cons.dates, board(cons, scenes, first))
        got = relocate(scenes, cons, first, time.perf_counter() + 5)
        after = check(scenes, cons, cons.dates, board(cons, scenes, got))
        assert before.ok and after.ok, (before.violations, after.violations)
        assert after.costs["total"] < before.costs["total"]
