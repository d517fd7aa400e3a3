"""The reference game's rules: one deterministic step function shared by the Gymnasium
environment, the solver and the test bots.

A step reads the state at its start and applies, in order: the horizontal move (on the ground,
always; in the air, only while the jump's horizontal reach lasts), the jump or the ladder climb,
rising (``jump_height`` steps) or falling one cell, then what the player touches at the cell it
ends in (spike or enemy: dead; coin: collected; exit: won; below the map: dead).
"""

from __future__ import annotations

from dataclasses import dataclass

from imagia.core.errors import BadValue
from imagia.gamedev.tiles import COIN, ENEMY, EXIT, LADDER, SOLID, SPIKE, Level

ACTIONS: tuple[str, ...] = (
    "noop",
    "left",
    "right",
    "jump",
    "jump-left",
    "jump-right",
    "up",
    "down",
)
_DX = (0, -1, 1, 0, -1, 1, 0, 0)
_JUMP = (False, False, False, True, True, True, False, False)
UP, DOWN = 6, 7
PLAYING, WON, DEAD = 0, 1, 2


@dataclass(frozen=True)
class Physics:
    """Movement rules: jump height in cells, horizontal moves allowed while airborne."""

    jump_height: int = 3
    reach: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.jump_height <= 16:
            raise BadValue("jump_height", self.jump_height, reason="from 1 to 16 cells")
        if not 0 <= self.reach <= 16:
            raise BadValue("reach", self.reach, reason="from 0 to 16 cells")


@dataclass(frozen=True, slots=True)
class State:
    """Where the player is: cell, jump steps left to rise, air moves left, coins (bit set)."""

    x: int
    y: int
    rise: int = 0
    drift: int = 0
    coins: int = 0
    status: int = PLAYING


class Game:
    """A level under a physics, with the step function (``step(state, action) -> state``)."""

    def __init__(self, level: Level, physics: Physics | None = None) -> None:
        self.level = level
        self.physics = physics or Physics()
        self.width, self.height = level.width, level.height
        w, h = self.width, self.height
        self._solid = [[level.rows[y][x] == SOLID for x in range(w)] for y in range(h)]
        self._ladder = [[level.rows[y][x] == LADDER for x in range(w)] for y in range(h)]
        self._kill = [[level.rows[y][x] in (SPIKE, ENEMY) for x in range(w)] for y in range(h)]
        self._coin = {p: 1 << i for p, i in level.coin_index.items()}
        self._exit = level.exit
        self.all_coins = (1 << len(level.coins)) - 1

    def solid(self, x: int, y: int) -> bool:
        """Walls at the sides and the top; nothing below the map (falling out kills)."""
        if y >= self.height:
            return False
        if x < 0 or x >= self.width or y < 0:
            return True
        return self._solid[y][x]

    def ladder(self, x: int, y: int) -> bool:
        return 0 <= y < self.height and 0 <= x < self.width and self._ladder[y][x]

    def supported(self, x: int, y: int) -> bool:
        """Standing: solid or a ladder's top below, or holding a ladder."""
        return self.solid(x, y + 1) or self.ladder(x, y + 1) or self.ladder(x, y)

    def reset(self) -> State:
        x, y = self.level.start
        return State(x, y, 0, self.physics.reach, 0, PLAYING)

    def step(self, s: State, action: int) -> State:
        if s.status != PLAYING:
            return s
        x, y, rise, drift = s.x, s.y, s.rise, s.drift
        grounded = rise == 0 and self.supported(x, y)
        dx = _DX[action]
        if dx and not self.solid(x + dx, y) and (grounded or drift > 0):
            x += dx
            if not grounded:
                drift -= 1
        if _JUMP[action] and grounded:
            rise = self.physics.jump_height
        if self.ladder(x, y) and action in (UP, DOWN) and rise == 0:
            ny = y - 1 if action == UP else y + 1
            if not self.solid(x, ny):
                y = ny
        elif action == DOWN and rise == 0 and self.ladder(x, y + 1):
            y += 1
        elif rise > 0:
            if self.solid(x, y - 1):
                rise = 0
            else:
                y -= 1
                rise -= 1
        elif not self.supported(x, y):
            y += 1
        if y >= self.height:
            return State(x, y, 0, 0, s.coins, DEAD)
        if rise == 0 and self.supported(x, y):
            drift = self.physics.reach
        if self._kill[y][x]:
            return State(x, y, 0, drift, s.coins, DEAD)
        coins = s.coins | self._coin.get((x, y), 0)
        status = WON if (x, y) == self._exit else PLAYING
        return State(x, y, rise, drift, coins, status)


def replay(game: Game, actions: list[int] | tuple[int, ...]) -> list[State]:
    """Every state from the start through ``actions`` (the start included)."""
    states = [game.reset()]
    for a in actions:
        states.append(game.step(states[-1], a))
    return states


__all__ = ["ACTIONS", "COIN", "DEAD", "EXIT", "PLAYING", "WON", "Game", "Physics", "State"]
