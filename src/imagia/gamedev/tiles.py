"""The reference game's tiles and its level: a grid of characters, row 0 at the top.

=====  ===========  ===============================================
char   tile         rule
=====  ===========  ===============================================
``.``  empty        air
``#``  solid        blocks movement; the player stands on it
``^``  spike        kills on touch
``H``  ladder       climb up and down; the player stands on its top
``o``  coin         collected on touch (+1)
``E``  enemy        a static guard: kills on touch
``S``  start        where the player appears (air)
``X``  exit         touching it ends the level (won)
=====  ===========  ===============================================
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from imagia.core.errors import BadValue

EMPTY, SOLID, SPIKE, LADDER, COIN, ENEMY, START, EXIT = ".", "#", "^", "H", "o", "E", "S", "X"
TILES: tuple[str, ...] = (EMPTY, SOLID, SPIKE, LADDER, COIN, ENEMY, START, EXIT)
NAMES: dict[str, str] = {
    EMPTY: "empty",
    SOLID: "solid",
    SPIKE: "spike",
    LADDER: "ladder",
    COIN: "coin",
    ENEMY: "enemy",
    START: "start",
    EXIT: "exit",
}
CODES: dict[str, int] = {c: i for i, c in enumerate(TILES)}  # observation codes
MAX_SIZE = 512  # columns or rows


@dataclass(frozen=True)
class Level:
    """A level: equal-length rows of tile characters, exactly one start and one exit."""

    rows: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.rows or not self.rows[0]:
            raise BadValue("level", "", reason="a level needs at least one row and one column")
        w = len(self.rows[0])
        if len(self.rows) > MAX_SIZE or w > MAX_SIZE:
            raise BadValue("level", f"{w}x{len(self.rows)}", reason=f"at most {MAX_SIZE} a side")
        for y, row in enumerate(self.rows):
            if len(row) != w:
                raise BadValue("level", f"row {y}", reason=f"{len(row)} columns, expected {w}")
            bad = set(row) - set(TILES)
            if bad:
                raise BadValue(
                    "level", "".join(sorted(bad)), TILES, reason=f"unknown tile, row {y}"
                )
        for tile in (START, EXIT):
            n = sum(r.count(tile) for r in self.rows)
            if n != 1:
                raise BadValue("level", NAMES[tile], reason=f"{n} {NAMES[tile]} tiles, need one")

    @classmethod
    def parse(cls, text: str) -> Level:
        """A level from lines of tile characters (blank lines and surrounding spaces ignored)."""
        return cls(tuple(line.strip() for line in text.strip().splitlines() if line.strip()))

    @property
    def width(self) -> int:
        return len(self.rows[0])

    @property
    def height(self) -> int:
        return len(self.rows)

    def at(self, x: int, y: int) -> str:
        """The tile at (x, y); outside the map: solid at the sides and top, empty below."""
        if y >= self.height:
            return EMPTY
        if x < 0 or x >= self.width or y < 0:
            return SOLID
        return self.rows[y][x]

    def find(self, tile: str) -> list[tuple[int, int]]:
        return [(x, y) for y, row in enumerate(self.rows) for x, c in enumerate(row) if c == tile]

    @cached_property
    def start(self) -> tuple[int, int]:
        return self.find(START)[0]

    @cached_property
    def exit(self) -> tuple[int, int]:
        return self.find(EXIT)[0]

    @cached_property
    def coins(self) -> tuple[tuple[int, int], ...]:
        return tuple(self.find(COIN))

    @cached_property
    def coin_index(self) -> dict[tuple[int, int], int]:
        return {p: i for i, p in enumerate(self.coins)}

    def count(self, tile: str) -> int:
        return sum(r.count(tile) for r in self.rows)

    def text(self) -> str:
        return "\n".join(self.rows) + "\n"

    def replace(self, cells: dict[tuple[int, int], str]) -> Level:
        """A copy with some cells changed."""
        rows = [list(r) for r in self.rows]
        for (x, y), c in cells.items():
            rows[y][x] = c
        return Level(tuple("".join(r) for r in rows))
