"""Procedural levels: 1,000 levels per generator (WFC from the shipped example, CP-SAT from
designer constraints), every one proven playable by the solver; beside them the baseline of the
same run, random columns (ground heights and pits drawn at random, no constraint), to show how
many unconstrained levels the same proof accepts. Then how the solver scales with the width.

``IMAGIA_BENCH_LEVELS`` overrides the 1,000 (a quick run)."""

from __future__ import annotations

import os
import random
import time

from imagia.gamedev import metrics
from imagia.gamedev.game import Game, Physics
from imagia.gamedev.generate import Options, generate
from imagia.gamedev.solve import solve
from imagia.gamedev.tiles import EMPTY, EXIT, SOLID, START, Level

N = int(os.environ.get("IMAGIA_BENCH_LEVELS", "1000"))
WIDTH = 40


def _random_level(rng: random.Random, width: int, height: int = 12) -> Level:
    """Baseline: each column a random ground height, one in five a pit."""
    grid = [[EMPTY] * width for _ in range(height)]
    heights = []
    for x in range(width):
        g = 0 if (3 <= x < width - 3 and rng.random() < 0.2) else rng.randint(1, height // 2)
        heights.append(g)
        for y in range(height - g, height):
            grid[y][x] = SOLID
    grid[height - max(1, heights[1]) - 1][1] = START
    grid[height - max(1, heights[-2]) - 1][width - 2] = EXIT
    return Level(tuple("".join(r) for r in grid))


def _baseline() -> float:
    rng = random.Random(0)
    t0 = time.perf_counter()
    ok = sum(solve(Game(_random_level(rng, WIDTH))).playable for _ in range(N))
    took = time.perf_counter() - t0
    print(
        f"baseline random columns: {ok}/{N} playable ({ok / N:.1%}) without repair; "
        f"{1000 * took / N:.1f} ms a level (solver only)"
    )
    return ok / N


def _generator(name: str) -> None:
    t0 = time.perf_counter()
    batch = generate(Options(generator=name, count=N, seed=0, width=WIDTH))
    took = time.perf_counter() - t0
    measured = [metrics.measure(g.level, g.solution) for g in batch.levels]
    cand = N + batch.rejected + batch.failed
    print(
        f"{name}: {N} levels in {took:.1f} s ({1000 * took / N:.1f} ms a level); "
        f"repaired {batch.repaired} ({batch.repaired / N:.1%}), rejected {batch.rejected} "
        f"and failed {batch.failed} of {cand} candidates; "
        f"duplicates {metrics.duplicates_rate([g.level for g in batch.levels]):.1%}; "
        f"linearity x leniency coverage {metrics.coverage(measured):.0%} of a 10x10 grid"
    )
    for key, v in metrics.summary(measured).items():
        print(
            f"  {key:<11} mean {v['mean']:8.3f} sd {v['sd']:7.3f} "
            f"min {v['min']:7.3f} max {v['max']:7.3f}"
        )
    replay_fail = 0
    for g in batch.levels:  # the proof replayed independently of the search that found it
        game = Game(g.level, Physics())
        s = game.reset()
        for a in g.solution.actions:
            s = game.step(s, a)
        replay_fail += s.status != 1
    print(f"  paths replayed to the exit: {N - replay_fail}/{N}")


def _bands() -> None:
    """The designer's difficulty band against the difficulty the solver measures."""
    n = max(10, N // 20)
    print(f"CP-SAT difficulty band vs measured difficulty ({n} levels each):")
    for band in ("easy", "medium", "hard"):
        batch = generate(Options(generator="cpsat", count=n, seed=1, width=WIDTH, difficulty=band))
        measured = [metrics.measure(g.level, g.solution) for g in batch.levels]
        s = metrics.summary(measured)
        d = s["difficulty"]
        print(
            f"  {band:<6} difficulty {d['mean']:.3f} (sd {d['sd']:.3f}), "
            f"jumps {s['jumps']['mean']:.1f}, leniency {s['leniency']['mean']:.3f}, "
            f"repaired {batch.repaired}, rejected {batch.rejected}"
        )


def _scale() -> None:
    print("solver time by width (random-column levels, 20 each):")
    for w in (20, 40, 80, 160):
        rng = random.Random(w)
        levels = [_random_level(rng, w) for _ in range(20)]
        t0 = time.perf_counter()
        states = sum(solve(Game(lv)).explored for lv in levels)
        print(
            f"  width {w:4d}: {1000 * (time.perf_counter() - t0) / 20:7.1f} ms a level, "
            f"{states / 20:8.0f} states explored"
        )


def run() -> None:
    _baseline()
    for name in ("wfc", "cpsat"):
        _generator(name)
    _bands()
    _scale()
