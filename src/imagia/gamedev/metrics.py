"""Expressive range of a batch of levels (after Smith & Whitehead, 2010) and difficulty from the
solver's path.

Per level, each in [0, 1]:

- linearity: 1 − mean |residual| of a straight line fitted to the ground height (the top-most
  solid cell of each column that has one), over half the level's height;
- leniency: 1 − (enemies + spikes + ½ · pits) per four columns, floored at 0 (a pit: a run of
  columns with no solid cell);
- density: share of the cells that are solid;
- difficulty: ⅖ jumps on the shortest path (per four columns), ⅖ hazards (enemy or spike)
  within one cell of the path (per eight columns), ⅕ the path's detour (steps / width − 1), each
  capped at 1.

Duplicates rate: the share of levels identical, tile for tile, to an earlier one in the batch.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from imagia.gamedev.solve import Solution
from imagia.gamedev.tiles import ENEMY, SOLID, SPIKE, Level


@dataclass(frozen=True)
class LevelMetrics:
    linearity: float
    leniency: float
    density: float
    difficulty: float
    steps: int
    jumps: int
    hazards_near_path: int
    pits: int
    enemies: int
    spikes: int

    def to_dict(self) -> dict[str, float | int]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def measure(level: Level, solution: Solution) -> LevelMetrics:
    w, h = level.width, level.height
    heights = []
    for x in range(w):
        col = [y for y in range(h) if level.rows[y][x] == SOLID]
        if col:
            heights.append((x, h - min(col)))
    linearity = 1.0
    if len(heights) >= 2:
        n = len(heights)
        mx = sum(x for x, _ in heights) / n
        my = sum(v for _, v in heights) / n
        sxx = sum((x - mx) ** 2 for x, _ in heights)
        slope = sum((x - mx) * (v - my) for x, v in heights) / sxx if sxx else 0.0
        resid = sum(abs(v - (my + slope * (x - mx))) for x, v in heights) / n
        linearity = max(0.0, 1.0 - resid / (h / 2))
    pits, inside = 0, False
    for x in range(w):
        empty = all(level.rows[y][x] != SOLID for y in range(h))
        pits += empty and not inside
        inside = empty
    enemies, spikes = level.count(ENEMY), level.count(SPIKE)
    leniency = max(0.0, 1.0 - (enemies + spikes + 0.5 * pits) / (w / 4))
    density = sum(r.count(SOLID) for r in level.rows) / (w * h)
    path = set(solution.path)
    near = sum(
        1
        for y, row in enumerate(level.rows)
        for x, c in enumerate(row)
        if c in (ENEMY, SPIKE)
        and any((x + dx, y + dy) in path for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    )
    difficulty = (
        0.4 * min(1.0, solution.jumps / (w / 4))
        + 0.4 * min(1.0, near / (w / 8))
        + 0.2 * min(1.0, max(0.0, solution.steps / w - 1))
    )
    return LevelMetrics(
        linearity, leniency, density, difficulty, solution.steps, solution.jumps, near, pits,
        enemies, spikes,
    )  # fmt: skip


def duplicates_rate(levels: Sequence[Level]) -> float:
    if not levels:
        return 0.0
    return 1.0 - len({lv.rows for lv in levels}) / len(levels)


def summary(metrics: Sequence[LevelMetrics]) -> dict[str, dict[str, float]]:
    """Mean, standard deviation, minimum and maximum of each [0, 1] figure."""
    out: dict[str, dict[str, float]] = {}
    for key in ("linearity", "leniency", "density", "difficulty", "steps", "jumps"):
        vals = [float(getattr(m, key)) for m in metrics]
        if not vals:
            continue
        mean = sum(vals) / len(vals)
        sd = (sum((v - mean) ** 2 for v in vals) / len(vals)) ** 0.5
        out[key] = {
            "mean": round(mean, 4),
            "sd": round(sd, 4),
            "min": round(min(vals), 4),
            "max": round(max(vals), 4),
        }
    return out


def coverage(metrics: Sequence[LevelMetrics], bins: int = 10) -> float:
    """Share of the linearity × leniency grid's cells (``bins``²) at least one level reaches."""
    cells = {
        (min(bins - 1, int(m.linearity * bins)), min(bins - 1, int(m.leniency * bins)))
        for m in metrics
    }
    return len(cells) / (bins * bins)


def range_png(metrics: Sequence[LevelMetrics], title: str = "", bins: int = 20) -> bytes:
    """Expressive range: a heat map of linearity (x) against leniency (y), as PNG."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=12)
    size, pad = 320, 44
    img = Image.new("RGB", (size + pad + 12, size + pad + 24), (255, 255, 255))
    d = ImageDraw.Draw(img)
    counts: dict[tuple[int, int], int] = {}
    for m in metrics:
        key = (min(bins - 1, int(m.linearity * bins)), min(bins - 1, int(m.leniency * bins)))
        counts[key] = counts.get(key, 0) + 1
    top = max(counts.values(), default=1)
    cell = size / bins
    x0, y0 = pad, 20
    for (bx, by), n in counts.items():
        shade = int(235 - 200 * (n / top) ** 0.5)
        left, upper = x0 + bx * cell, y0 + size - (by + 1) * cell
        d.rectangle((left, upper, left + cell - 1, upper + cell - 1), fill=(shade, shade, 255))
    d.rectangle((x0, y0, x0 + size, y0 + size), outline=(0, 0, 0))
    for i in range(0, 11, 5):
        v = i / 10
        d.text((x0 + v * size - 6, y0 + size + 4), f"{v:.1f}", fill=(0, 0, 0), font=font)
        d.text((4, y0 + size - v * size - 6), f"{v:.1f}", fill=(0, 0, 0), font=font)
    d.text((x0 + 60, y0 + size + 18), "linearity / linéarité", fill=(0, 0, 0), font=font)
    d.text((4, 4), "leniency / clémence  " + title, fill=(0, 0, 0), font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
