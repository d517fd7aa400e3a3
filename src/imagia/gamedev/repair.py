"""Make an unplayable level playable, or reject it; the solver has the last word either way.

Each round finds the frontier — the right-most cell the player can stand on (exhaustive search)
— and builds a walkway from it towards the exit at the same height: a solid floor under each
cell (fills a gap), two free cells above it (lowers a wall, removes a spike or an enemy). Coins
nobody can reach are removed when every coin is required. A level still unplayable after
``max_rounds`` rounds is rejected (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass

from imagia.gamedev.game import Game, Physics
from imagia.gamedev.solve import Solution, reachable, solve
from imagia.gamedev.tiles import COIN, EMPTY, EXIT, LADDER, SOLID, START, Level


@dataclass(frozen=True)
class Repaired:
    """A level the solver proved playable, with the edits that made it so."""

    level: Level
    solution: Solution
    edits: tuple[tuple[int, int, str, str], ...] = ()  # (x, y, before, after)

    @property
    def repaired(self) -> bool:
        return bool(self.edits)


def prove(
    level: Level, physics: Physics, collect_all: bool = False, max_rounds: int = 6
) -> Repaired | None:
    """The level with its proof, repaired if needed; ``None`` when it cannot be made playable."""
    edits: list[tuple[int, int, str, str]] = []
    for _ in range(max_rounds + 1):
        game = Game(level, physics)
        sol = solve(game, collect_all)
        if sol.playable:
            return Repaired(level, sol, tuple(edits))
        if not sol.exhaustive:
            return None
        cells = _fix(level, game, collect_all)
        if not cells:
            return None
        edits += [(x, y, level.rows[y][x], c) for (x, y), c in cells.items()]
        level = level.replace(cells)
    return None


def _fix(level: Level, game: Game, collect_all: bool) -> dict[tuple[int, int], str]:
    reach = reachable(game)
    if collect_all and level.exit in reach:
        lost = {c: EMPTY for c in level.coins if c not in reach}
        if lost:
            return lost
    standing = [(x, y) for x, y in reach if y < level.height and game.supported(x, y)]
    if not standing:
        return {}
    fx, fy = max(standing, key=lambda p: (p[0], -p[1]))
    ex, ey = level.exit
    cells: dict[tuple[int, int], str] = {}
    if fx >= ex:
        return {}
    for x in range(fx + 1, ex + 1):
        cells[(x, fy)] = _keep(level.rows[fy][x])
        if fy > 0:
            cells[(x, fy - 1)] = _keep(level.rows[fy - 1][x])
        if fy + 1 < level.height and level.rows[fy + 1][x] not in (SOLID, LADDER):
            cells[(x, fy + 1)] = SOLID
        below = level.rows[fy + 1][x] if fy + 1 < level.height else EMPTY
        if x > fx + 1 and below == SOLID and level.rows[fy][x] in (EMPTY, COIN, EXIT):
            break  # ground again at the frontier's height: walk on from there
    else:
        if fy != ey:  # the exit moves down or up onto the walkway
            cells[(ex, ey)] = EMPTY
            cells[(ex, fy)] = EXIT
    return {p: c for p, c in cells.items() if level.rows[p[1]][p[0]] != c}


def _keep(c: str) -> str:
    """What a walkway cell keeps: coins, the exit and the start stay, the rest is cleared."""
    return c if c in (COIN, EXIT, START, EMPTY) else EMPTY
