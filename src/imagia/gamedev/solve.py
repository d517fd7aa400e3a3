"""The playability proof: A* over the game's real states, stepped by :meth:`Game.step` itself.

A playable level gets the shortest action sequence from the start to the exit (collecting every
coin when asked); an unplayable one gets the proof: every state reachable from the start was
explored (their number is kept) and none is a win. The heuristic (the larger of the horizontal
and vertical distances to the exit; each step moves at most one cell each way) never
overestimates, so the path found is a shortest one.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace
from itertools import count

from imagia.gamedev.game import ACTIONS, WON, Game, State

MAX_STATES = 500_000  # about 150 MB of states: a budget, reported as such (not a proof)


@dataclass(frozen=True)
class Solution:
    """The solver's verdict: the actions and cells of a shortest win, or an exhaustive search."""

    playable: bool
    actions: tuple[int, ...] = ()
    path: tuple[tuple[int, int], ...] = ()
    explored: int = 0
    exhaustive: bool = True  # False only when the state budget ran out first
    reached: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def jumps(self) -> int:
        return sum(1 for a in self.actions if ACTIONS[a].startswith("jump"))

    @property
    def steps(self) -> int:
        return len(self.actions)

    def to_dict(self) -> dict[str, object]:
        return {
            "playable": self.playable,
            "proof": "path" if self.playable else ("exhaustive" if self.exhaustive else "budget"),
            "steps": self.steps,
            "jumps": self.jumps,
            "explored_states": self.explored,
            "actions": [ACTIONS[a] for a in self.actions],
            "path": [list(p) for p in self.path],
        }


def solve(game: Game, collect_all: bool = False, max_states: int = MAX_STATES) -> Solution:
    """A shortest action sequence to the exit (every coin first when ``collect_all``)."""
    ex, ey = game.level.exit
    need = game.all_coins if collect_all else 0

    def h(s: State) -> int:
        return 0 if need else max(abs(s.x - ex), abs(s.y - ey))

    start = game.reset()
    if start.status == WON:
        return Solution(True, (), ((start.x, start.y),), 1, reached=frozenset({(start.x, start.y)}))
    parent: dict[State, tuple[State, int] | None] = {start: None}
    best = {start: 0}
    tie = count()
    heap: list[tuple[int, int, int, State]] = [(h(start), 0, next(tie), start)]
    n_actions = range(len(ACTIONS))
    while heap:
        _, g, _, s = heapq.heappop(heap)
        if g > best[s]:
            continue
        if s.status == WON and s.coins & need == need:
            return _found(game, parent, s, len(best))
        if s.status != 0:
            continue
        for a in n_actions:
            t = game.step(s, a)
            if not need and t.coins:
                t = replace(t, coins=0)  # movement never depends on coins: one state, not 2^n
            if t == s:
                continue
            if t.status == WON and t.coins & need != need:
                continue  # the level ends there without every coin: not a win we want
            if g + 1 < best.get(t, 1 << 30):
                best[t] = g + 1
                parent[t] = (s, a)
                heapq.heappush(heap, (g + 1 + h(t), g + 1, next(tie), t))
        if len(best) > max_states:
            return Solution(False, explored=len(best), exhaustive=False, reached=_cells(best))
    return Solution(False, explored=len(best), reached=_cells(best))


def _cells(states: dict[State, int]) -> frozenset[tuple[int, int]]:
    return frozenset((s.x, s.y) for s in states if s.status != 2)


def _found(
    game: Game, parent: dict[State, tuple[State, int] | None], end: State, explored: int
) -> Solution:
    actions: list[int] = []
    cells = [(end.x, end.y)]
    s = end
    while (link := parent[s]) is not None:
        s, a = link
        actions.append(a)
        cells.append((s.x, s.y))
    actions.reverse()
    cells.reverse()
    return Solution(True, tuple(actions), tuple(cells), explored, reached=frozenset(cells))


def reachable(game: Game, max_states: int = MAX_STATES) -> frozenset[tuple[int, int]]:
    """Every cell the player can be alive in, from an exhaustive search (coins ignored)."""
    start = replace(game.reset(), coins=0)
    seen = {start}
    todo = [start]
    while todo and len(seen) <= max_states:
        s = todo.pop()
        for a in range(len(ACTIONS)):
            t = game.step(s, a)
            if t.status == 2:
                continue
            t = replace(t, coins=0, status=0)  # the exit is a cell like another here
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return frozenset((s.x, s.y) for s in seen)
