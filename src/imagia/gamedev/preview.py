"""PNG previews of a level (Pillow): one coloured square a tile, the solver's path drawn on top."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from imagia.gamedev.tiles import COIN, EMPTY, ENEMY, EXIT, LADDER, SOLID, SPIKE, START, Level

COLOURS: dict[str, tuple[int, int, int]] = {
    EMPTY: (200, 226, 245),
    SOLID: (110, 78, 48),
    SPIKE: (150, 150, 160),
    LADDER: (196, 150, 70),
    COIN: (240, 196, 30),
    ENEMY: (200, 40, 40),
    START: (60, 170, 80),
    EXIT: (40, 90, 200),
}


def render(
    level: Level,
    path: Sequence[tuple[int, int]] = (),
    player: tuple[int, int] | None = None,
    cell: int = 8,
) -> Image.Image:
    """The level as an RGB image, ``cell`` pixels a tile, with ``path`` as a red line."""
    img = Image.new("RGB", (level.width * cell, level.height * cell), COLOURS[EMPTY])
    d = ImageDraw.Draw(img)
    for y, row in enumerate(level.rows):
        for x, c in enumerate(row):
            if c == EMPTY:
                continue
            draw_tile(d, c, (x * cell, y * cell, (x + 1) * cell - 1, (y + 1) * cell - 1))
    if len(path) > 1:
        pts = [(x * cell + cell // 2, y * cell + cell // 2) for x, y in path if y < level.height]
        d.line(pts, fill=(230, 30, 60), width=max(1, cell // 4), joint="curve")
    if player is not None and 0 <= player[1] < level.height:
        px, py = player
        d.rectangle((px * cell + 1, py * cell, (px + 1) * cell - 2, (py + 1) * cell - 1), (0, 0, 0))
    return img


def draw_tile(d: ImageDraw.ImageDraw, c: str, box: tuple[int, int, int, int]) -> None:
    """One tile drawn in ``box`` (left, top, right, bottom, inclusive)."""
    if c == SPIKE:
        mid = (box[0] + box[2]) // 2
        d.polygon([(box[0], box[3]), (mid, box[1]), (box[2], box[3])], fill=COLOURS[c])
    elif c in (COIN, ENEMY):
        d.ellipse(box, fill=COLOURS[c])
    elif c == LADDER:
        d.rectangle((box[0] + 1, box[1], box[0] + 2, box[3]), fill=COLOURS[c])
        d.rectangle((box[2] - 2, box[1], box[2] - 1, box[3]), fill=COLOURS[c])
        mid = (box[1] + box[3]) // 2
        d.line((box[0], mid, box[2], mid), COLOURS[c])
    elif c != EMPTY:
        d.rectangle(box, fill=COLOURS[c])


def tiles_png(tiles: Sequence[str], cell: int) -> bytes:
    """A strip of tiles (a tileset image), ``cell`` pixels each."""
    img = Image.new("RGB", (cell * len(tiles), cell), COLOURS[EMPTY])
    d = ImageDraw.Draw(img)
    for i, c in enumerate(tiles):
        draw_tile(d, c, (i * cell, 0, (i + 1) * cell - 1, cell - 1))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def png(level: Level, path: Sequence[tuple[int, int]] = (), cell: int = 8) -> bytes:
    """The preview as PNG bytes."""
    buf = io.BytesIO()
    render(level, path, cell=cell).save(buf, format="PNG", optimize=True)
    return buf.getvalue()
