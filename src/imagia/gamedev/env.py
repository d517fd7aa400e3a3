"""A Gymnasium environment over the reference game (the same :class:`Game.step` as the solver).

Observation: a ``(2k+1)²`` window of tile codes centred on the player (outside the map: solid at
the sides and top, empty below; coins already taken read as empty), then the player's x, y,
jump steps left to rise, air moves left and coins taken. Actions: :data:`ACTIONS`. Reward: +1 a
coin, +10 the exit, -5 a death, -0.01 a step. Ends on the exit or a death; truncated after
``max_steps``.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from imagia.gamedev.game import ACTIONS, DEAD, WON, Game, Physics, State
from imagia.gamedev.tiles import CODES, COIN, EMPTY, Level

REWARD_COIN, REWARD_EXIT, REWARD_DEATH, REWARD_STEP = 1.0, 10.0, -5.0, -0.01


class LevelEnv(gym.Env[np.ndarray, np.int64]):
    """One level of the reference game as a Gymnasium environment."""

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 10}  # noqa: RUF012 (Gymnasium's)

    def __init__(
        self,
        level: Level,
        physics: Physics | None = None,
        view: int = 4,
        max_steps: int = 500,
        render_mode: str | None = None,
    ) -> None:
        self.game = Game(level, physics)
        self.view = view
        self.max_steps = max_steps
        self.render_mode = render_mode
        side = 2 * view + 1
        big = max(level.width, level.height, 17) + 1
        low = np.zeros(side * side + 5, dtype=np.int32)
        high = np.full(side * side + 5, len(CODES) - 1, dtype=np.int32)
        low[-5:] = (0, 0, 0, 0, 0)
        high[-5:] = (big, big, 16, 16, len(level.coins))
        self.observation_space = spaces.Box(low, high, dtype=np.int32)
        self.action_space = spaces.Discrete(len(ACTIONS))
        self.state: State = self.game.reset()
        self.steps = 0

    def _obs(self) -> np.ndarray:
        s, k, lv = self.state, self.view, self.game.level
        window = []
        for y in range(s.y - k, s.y + k + 1):
            for x in range(s.x - k, s.x + k + 1):
                tile = lv.at(x, y)
                if tile == COIN and s.coins >> lv.coin_index[(x, y)] & 1:
                    tile = EMPTY
                window.append(CODES[tile])
        y = min(max(s.y, 0), lv.height)
        extra = [s.x, y, s.rise, s.drift, bin(s.coins).count("1")]
        return np.asarray(window + extra, dtype=np.int32)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        super().reset(seed=seed)
        self.state = self.game.reset()
        self.steps = 0
        return self._obs(), self._info()

    def _info(self) -> dict[str, Any]:
        s = self.state
        return {"x": s.x, "y": s.y, "coins": bin(s.coins).count("1"), "status": s.status}

    def step(self, action: np.int64 | int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        a = int(action)
        if not 0 <= a < len(ACTIONS):
            raise ValueError(f"action {a} outside 0..{len(ACTIONS) - 1}")
        before = self.state
        self.state = self.game.step(before, a)
        self.steps += 1
        s = self.state
        reward = REWARD_STEP + REWARD_COIN * (
            bin(s.coins).count("1") - bin(before.coins).count("1")
        )
        if s.status == WON:
            reward += REWARD_EXIT
        elif s.status == DEAD:
            reward += REWARD_DEATH
        terminated = s.status != 0
        truncated = not terminated and self.steps >= self.max_steps
        return self._obs(), float(reward), terminated, truncated, self._info()

    def render(self) -> Any:
        if self.render_mode == "ansi":
            rows = [list(r) for r in self.game.level.rows]
            s = self.state
            if 0 <= s.y < len(rows):
                rows[s.y][s.x] = "@"
            return "\n".join("".join(r) for r in rows) + "\n"
        if self.render_mode == "rgb_array":
            from imagia.gamedev.preview import render

            return np.asarray(render(self.game.level, player=(self.state.x, self.state.y)))
        return None
