"""The difficulty controller holds a success rate without oscillating like a staircase."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from imagia.core.errors import BadValue
from imagia.games.difficulty import Controller, DifficultyOptions, report, simulate


def _report(controller: str) -> dict:  # type: ignore[type-arg]
    o = DifficultyOptions(controller=controller)
    return report(simulate(o, players=80, attempts=150, seed=3), o)


def test_hysteresis_holds_the_target_with_few_moves() -> None:
    hy, st, fx = _report("hysteresis"), _report("staircase"), _report("fixed")
    assert hy["mean_abs_gap"] < 0.05
    assert hy["mean_abs_gap"] < fx["mean_abs_gap"] / 3
    assert hy["mean_changes"] < st["mean_changes"] / 3
    assert hy["mean_reversals"] < st["mean_reversals"] / 3
    assert len(hy["players_detail"]) == 80


def test_controller_respects_bounds_and_cooldown() -> None:
    o = DifficultyOptions(bounds=(-0.5, 0.5), step=0.2, cooldown=4)
    c = Controller(o)
    levels = [c.observe(True) for _ in range(40)]
    assert max(levels) == 0.5
    moves = [i for i in range(1, len(levels)) if levels[i] != levels[i - 1]]
    assert all(b - a >= 5 for a, b in itertools.pairwise(moves))
    c2 = Controller(replace(o, hysteresis=0.45))
    assert {c2.observe(i % 2 == 0) for i in range(30)} == {0.0}  # inside the band: no move


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target", 1.0),
        ("step", 0),
        ("hysteresis", 0.6),
        ("bounds", (1.0, -1.0)),
        ("controller", "pid"),
    ],
)
def test_bad_knobs(field: str, value: object) -> None:
    with pytest.raises(BadValue, match=field):
        Controller(DifficultyOptions(**{field: value}))  # type: ignore[arg-type]
