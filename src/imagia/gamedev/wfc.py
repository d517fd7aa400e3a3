"""Wave Function Collapse, overlapping model (after mxgmn), learned from an example map.

Every N x N window of the example is a pattern, weighted by how often it occurs; two patterns may
sit side by side when their overlap agrees. The output keeps the example's height and each
pattern row may only take the patterns seen at that row of the example (ground stays at the
bottom, sky at the top), so the width is what varies. The cell with the fewest options left
collapses first (ties broken by the seeded generator), constraints propagate (arc consistency),
and a contradiction restarts the attempt. The start and the exit are placed afterwards on the
left-most and right-most cells one can stand on; playability is proved elsewhere (repair.prove).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagia.core.errors import BadValue, ImagiaError
from imagia.gamedev.tiles import EMPTY, EXIT, LADDER, SOLID, START, Level

_DIRS = ((1, 0), (-1, 0), (0, 1), (0, -1))


@dataclass
class Model:
    """Patterns learned from an example: their tiles, weights, allowed rows and adjacency."""

    n: int
    height: int
    patterns: Any  # (P, n, n) int8 tile codes
    weights: Any  # (P,) float
    rows: Any  # (height - n + 1, P) bool: pattern allowed at that pattern row
    compat: Any  # (4, P, P) bool: q may sit at direction d of p
    alphabet: tuple[str, ...]


def learn(example: Level, n: int = 3) -> Model:
    """The overlapping model of ``example`` (start and exit become empty cells)."""
    import numpy as np

    if not 2 <= n <= min(example.height, example.width, 5):
        raise BadValue("pattern size", n, reason="from 2 to 5, and at most the example's size")
    rows = [r.replace(START, EMPTY).replace(EXIT, EMPTY) for r in example.rows]
    alphabet = tuple(sorted({c for r in rows for c in r}))
    code = {c: i for i, c in enumerate(alphabet)}
    grid = np.array([[code[c] for c in r] for r in rows], dtype=np.int8)
    h, w = grid.shape
    index: dict[bytes, int] = {}
    pats: list[Any] = []
    counts: list[int] = []
    where: list[set[int]] = []
    for py in range(h - n + 1):
        for px in range(w - n + 1):
            p = grid[py : py + n, px : px + n]
            key = p.tobytes()
            if key not in index:
                index[key] = len(pats)
                pats.append(p.copy())
                counts.append(0)
                where.append(set())
            i = index[key]
            counts[i] += 1
            where[i].add(py)
    patterns = np.stack(pats)
    allowed = np.zeros((h - n + 1, len(pats)), dtype=bool)
    for i, ys in enumerate(where):
        allowed[sorted(ys), i] = True
    compat = np.stack([_agree(patterns, dx, dy) for dx, dy in _DIRS])
    return Model(n, h, patterns, np.array(counts, float), allowed, compat, alphabet)


def _agree(p: Any, dx: int, dy: int) -> Any:
    """(P, P) bool: pattern q placed at (dx, dy) from pattern p overlaps it consistently."""
    n = p.shape[1]
    a = p[:, max(0, dy) : n + min(0, dy), max(0, dx) : n + min(0, dx)]
    b = p[:, max(0, -dy) : n + min(0, -dy), max(0, -dx) : n + min(0, -dx)]
    return (a[:, None] == b[None, :]).all(axis=(2, 3))


def generate(model: Model, width: int, rng: Any, restarts: int = 20) -> list[str]:
    """Rows of tiles ``width`` wide; raises ImagiaError when every restart contradicts."""
    n = model.n
    if width < n + 2:
        raise BadValue("width", width, reason=f"at least {n + 2} for patterns of {n}")
    hp, wp = model.height - n + 1, width - n + 1
    run = _Run(model)
    for _ in range(restarts):
        chosen = run.collapse(hp, wp, rng)
        if chosen is not None:
            out = []
            for y in range(model.height):
                py, oy = min(y, hp - 1), y - min(y, hp - 1)
                row = []
                for x in range(width):
                    px, ox = min(x, wp - 1), x - min(x, wp - 1)
                    row.append(model.alphabet[model.patterns[chosen[py][px], oy, ox]])
                out.append("".join(row))
            return out
    raise ImagiaError(f"wave function collapse found no level in {restarts} attempts")


class _Run:
    """The wave as Python integers (one bit a pattern), with the propagation memoised: the
    patterns a set of patterns allows next to it are computed once per set and direction."""

    def __init__(self, model: Model) -> None:
        p = len(model.weights)
        self.support = [
            [sum(1 << q for q in range(p) if model.compat[d, i, q]) for i in range(p)]
            for d in range(4)
        ]
        self.rows = [sum(1 << i for i in range(p) if r[i]) for r in model.rows]
        self.memo: list[dict[int, int]] = [{} for _ in range(4)]
        self.weights = [float(w) for w in model.weights]

    def allowed(self, d: int, here: int) -> int:
        memo = self.memo[d]
        got = memo.get(here)
        if got is None:
            got, sup, bits, i = 0, self.support[d], here, 0
            while bits:
                if bits & 1:
                    got |= sup[i]
                bits >>= 1
                i += 1
            memo[here] = got
        return got

    def collapse(self, hp: int, wp: int, rng: Any) -> list[list[int]] | None:
        """One attempt: the chosen pattern of every cell, or ``None`` on a contradiction."""
        wave = [[self.rows[y]] * wp for y in range(hp)]
        if not self.propagate(wave, [(y, x) for y in range(hp) for x in range(wp)]):
            return None
        while True:
            best, at = 1e9, (-1, -1)
            noise = rng.random((hp, wp)).tolist()
            for y in range(hp):
                row, nrow = wave[y], noise[y]
                for x in range(wp):
                    c = row[x].bit_count()
                    if c > 1 and c + nrow[x] * 0.5 < best:
                        best, at = c + nrow[x] * 0.5, (y, x)
            if at[0] < 0:
                return [[v.bit_length() - 1 for v in row] for row in wave]
            y, x = at
            options = [i for i in range(wave[y][x].bit_length()) if wave[y][x] >> i & 1]
            ws = [self.weights[i] for i in options]
            r = float(rng.random()) * sum(ws)
            pick = options[-1]
            for i, w in zip(options, ws, strict=True):
                r -= w
                if r < 0:
                    pick = i
                    break
            wave[y][x] = 1 << pick
            if not self.propagate(wave, [(y, x)]):
                return None

    def propagate(self, wave: list[list[int]], todo: list[tuple[int, int]]) -> bool:
        hp, wp = len(wave), len(wave[0])
        while todo:
            y, x = todo.pop()
            here = wave[y][x]
            for d, (dx, dy) in enumerate(_DIRS):
                ny, nx = y + dy, x + dx
                if 0 <= ny < hp and 0 <= nx < wp:
                    old = wave[ny][nx]
                    new = old & self.allowed(d, here)
                    if new != old:
                        if not new:
                            return False
                        wave[ny][nx] = new
                        todo.append((ny, nx))
        return True


def place_ends(rows: list[str], margin: int = 3) -> Level | None:
    """Start on the left-most, exit on the right-most standable cells (``None``: no room)."""
    h, w = len(rows), len(rows[0])
    grid = [list(r) for r in rows]

    def stand(x: int) -> int | None:
        for y in range(h - 2, -1, -1):
            if grid[y][x] == EMPTY and grid[y + 1][x] in (SOLID, LADDER):
                return y
        return None

    for xs, tile in (
        (range(min(margin, w)), START),
        (range(w - 1, max(w - 1 - margin, -1), -1), EXIT),
    ):
        for x in xs:
            y = stand(x)
            if y is not None:
                grid[y][x] = tile
                break
        else:
            return None
    return Level(tuple("".join(r) for r in grid))
