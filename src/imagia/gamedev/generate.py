"""A batch of levels from one generator, every one proven playable (or repaired, or rejected).

Each level has its own seed derived from the batch seed, its index and its attempt, so a batch
is reproducible and one level can be regenerated alone. A candidate the solver cannot prove
playable is repaired (repair.prove) or rejected, and the next attempt starts; a level is never
returned without the solver's path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from imagia.core.errors import BadValue, ImagiaError
from imagia.gamedev import cpsat, wfc
from imagia.gamedev.game import Physics
from imagia.gamedev.repair import prove
from imagia.gamedev.solve import Solution
from imagia.gamedev.tiles import Level

GENERATORS = ("cpsat", "wfc")
EXAMPLE = Path(__file__).parent / "examples" / "example-level.json"


@dataclass(frozen=True)
class Options:
    """What to generate and under which rules."""

    generator: str = "cpsat"
    count: int = 10
    seed: int = 0
    width: int = 40
    height: int = 12  # CP-SAT only: WFC keeps the example's height
    coins: int = 3
    enemies: int = 2
    difficulty: str = "medium"
    pattern: int = 3  # WFC pattern size
    jump_height: int = 3
    reach: int = 4
    collect_all: bool = False
    repair: bool = True
    max_attempts: int = 20

    def physics(self) -> Physics:
        return Physics(self.jump_height, self.reach)


@dataclass(frozen=True)
class Generated:
    """One level with its proof and how it was obtained."""

    index: int
    seed: int
    level: Level
    solution: Solution
    edits: tuple[tuple[int, int, str, str], ...]
    attempts: int
    seconds: float


@dataclass
class Batch:
    levels: list[Generated] = field(default_factory=list)
    rejected: int = 0  # candidates neither playable nor repairable
    failed: int = 0  # candidates the generator could not produce (contradiction, no room)
    seconds: float = 0.0

    @property
    def repaired(self) -> int:
        return sum(1 for g in self.levels if g.edits)


def generate(
    options: Options,
    example: Level | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    """``options.count`` levels, each proven playable by the solver."""
    import numpy as np

    if options.generator not in GENERATORS:
        raise BadValue("generator", options.generator, GENERATORS)
    if not 1 <= options.count <= 100_000:
        raise BadValue("count", options.count, reason="from 1 to 100000")
    physics = options.physics()
    model = None
    if options.generator == "wfc":
        from imagia.gamedev import tiled

        model = wfc.learn(example or tiled.read(EXAMPLE), options.pattern)
    design = cpsat.Design(
        width=options.width,
        height=options.height,
        coins=options.coins,
        enemies=options.enemies,
        max_gap=max(1, physics.reach - 1),
        max_step=max(1, physics.jump_height - 1),
        difficulty=options.difficulty,
    )
    batch = Batch()
    t0 = time.perf_counter()
    for i in range(options.count):
        start = time.perf_counter()
        for k in range(options.max_attempts):
            seed = (options.seed * 1_000_003 + i * 1_009 + k) % (1 << 31)
            if model is not None:
                try:
                    rows = wfc.generate(model, options.width, np.random.default_rng(seed))
                except ImagiaError:
                    batch.failed += 1
                    continue
                candidate = wfc.place_ends(rows)
                if candidate is None:
                    batch.failed += 1
                    continue
            else:
                candidate = cpsat.generate(design, seed)
            proof = prove(candidate, physics, options.collect_all, 6 if options.repair else 0)
            if proof is None:
                batch.rejected += 1
                continue
            batch.levels.append(
                Generated(
                    i, seed, proof.level, proof.solution, proof.edits, k + 1,
                    time.perf_counter() - start,
                )
            )  # fmt: skip
            break
        else:
            raise ImagiaError(
                f"level {i + 1}: no playable level in {options.max_attempts} attempts",
                hint="loosen the constraints, allow repairs, or give another example map",
            )
        if progress:
            progress(i + 1, options.count)
    batch.seconds = time.perf_counter() - t0
    return batch
