"""Charts drawn on the server as SVG: the use-case matrix and time curves (no script, no CDN).

Colours come from the stylesheet through classes (``lvl-1`` .. ``lvl-4``, ``lvl-0`` for not
rated), so the matrix, the value chain and the legends share one palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

FONT = 12.5
CHAR_W = 6.9  # average advance of the sans font at FONT px, for truncating labels
LINE = 19


@dataclass(frozen=True)
class Item:
    """A use case placed on a chart."""

    id: str
    label: str
    level: int | None  # maturity, for the colour
    runs: bool  # imagia runs it (fully or partly)
    href: str


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fit(text: str, width: float) -> str:
    room = max(4, int(width / CHAR_W))
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def grid(
    columns: Sequence[str],
    rows: Sequence[str],
    cells: dict[tuple[int, int], list[Item]],
    x_title: str,
    y_title: str,
    title: str,
    desc: str,
) -> Markup:
    """A matrix: ``columns`` left to right, ``rows`` bottom to top, each cell listing its items
    as links. ``cells`` is keyed by (column index, row index)."""
    left = int(44 + CHAR_W * max((len(r) for r in rows), default=4))
    top, bottom, right = 12, 64, 8
    col_w = 258
    width = left + col_w * len(columns) + right
    heights = []
    for ri in range(len(rows)):
        n = max((len(cells.get((ci, ri), [])) for ci in range(len(columns))), default=0)
        heights.append(max(56, 14 + LINE * n + 10))
    height = top + sum(heights) + bottom
    out = [
        f'<svg class="chart matrix" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="mx-title mx-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="mx-title">{_e(title)}</title><desc id="mx-desc">{_e(desc)}</desc>',
    ]
    y = top + sum(heights)
    row_top: list[float] = []
    for ri, h in enumerate(heights):  # row 0 at the bottom
        y -= h
        row_top.append(y)
        out.append(f'<rect class="cell{" alt" if ri % 2 else ""}" x="{left}" y="{y}" '
                   f'width="{col_w * len(columns)}" height="{h}"/>')
        out.append(f'<text class="tick" x="{left - 10}" y="{y + h / 2 + 4}" '
                   f'text-anchor="end">{_e(rows[ri])}</text>')
    for ci in range(len(columns) + 1):
        x = left + ci * col_w
        out.append(f'<line class="rule" x1="{x}" y1="{top}" x2="{x}" y2="{top + sum(heights)}"/>')
    for ci, name in enumerate(columns):
        out.append(f'<text class="tick" x="{left + ci * col_w + col_w / 2}" '
                   f'y="{top + sum(heights) + 20}" text-anchor="middle">{_e(name)}</text>')
    out.append(f'<text class="axis" x="{left + col_w * len(columns) / 2}" y="{height - 12}" '
               f'text-anchor="middle">{_e(x_title)}</text>')
    cy = top + sum(heights) / 2
    out.append(f'<text class="axis" x="18" y="{cy}" text-anchor="middle" '
               f'transform="rotate(-90 18 {cy})">{_e(y_title)}</text>')
    for (ci, ri), items in sorted(cells.items()):
        x0 = left + ci * col_w + 12
        for k, it in enumerate(items):
            yy = row_top[ri] + 14 + LINE * k + 10
            lvl = it.level or 0
            ring = ' stroke-width="2.5"' if it.runs else ""
            label = _fit(it.label, col_w - 34)
            cls = ' class="runs"' if it.runs else ""
            out.append(
                f'<a href="{_e(it.href)}" class="mx-item"><title>{_e(it.label)}</title>'
                f'<circle class="dot lvl-{lvl}{" runs" if it.runs else ""}" cx="{x0 + 5}" '
                f'cy="{yy - 4}" r="5.5"{ring}/>'
                f'<text x="{x0 + 17}" y="{yy}"'
                f'{cls}>{_e(label)}</text></a>'
            )
    out.append("</svg>")
    return Markup("".join(out))


def curve(
    t: Sequence[float],
    values: Sequence[float | None],
    *,
    target: float | None = None,
    tolerance: float | None = None,
    unit: str = "LUFS",
    title: str = "",
    target_label: str = "target",
    width: int = 820,
    height: int = 280,
) -> Markup:
    """A time curve (gaps where a value is missing) with an optional target band."""
    left, right, top, bottom = 58, 16, 16, 40
    pts = [(x, v) for x, v in zip(t, values, strict=False) if v is not None]
    ys = [v for _, v in pts]
    if target is not None:
        ys += [target - (tolerance or 0), target + (tolerance or 0)]
    if not pts:
        return Markup(f'<p class="muted">{_e(title)}: —</p>')
    lo, hi = min(ys), max(ys)
    lo, hi = _nice_floor(lo - 1), _nice_ceil(hi + 1)
    t0, t1 = min(t), max(t)
    t1 = t1 if t1 > t0 else t0 + 1
    pw, ph = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return round(left + (x - t0) / (t1 - t0) * pw, 1)

    def sy(v: float) -> float:
        return round(top + (hi - v) / (hi - lo) * ph, 1)

    out = [
        f'<svg class="chart curve" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title>{_e(title)}</title>',
        f'<rect class="plot" x="{left}" y="{top}" width="{pw}" height="{ph}"/>',
    ]
    step = _step(hi - lo)
    v = lo
    while v <= hi + 1e-9:
        out.append(f'<line class="grid" x1="{left}" x2="{left + pw}" y1="{sy(v)}" y2="{sy(v)}"/>'
                   f'<text class="tick" x="{left - 6}" y="{sy(v) + 4}" text-anchor="end">'
                   f'{v:g}</text>')
        v += step
    tstep = _step(t1 - t0)
    x = 0.0 if t0 <= 0 else t0
    while x <= t1 + 1e-9:
        out.append(f'<text class="tick" x="{sx(x)}" y="{top + ph + 18}" text-anchor="middle">'
                   f'{x:g} s</text>')
        x += tstep
    out.append(f'<text class="axis" x="14" y="{top + ph / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {top + ph / 2})">{_e(unit)}</text>')
    if target is not None:
        if tolerance:
            out.append(f'<rect class="band" x="{left}" y="{sy(target + tolerance)}" '
                       f'width="{pw}" height="{round(sy(target - tolerance) - sy(target + tolerance), 1)}"/>')
        out.append(f'<line class="target" x1="{left}" x2="{left + pw}" y1="{sy(target)}" '
                   f'y2="{sy(target)}"/><text class="tick target-label" x="{left + pw - 4}" '
                   f'y="{sy(target) - 5}" text-anchor="end">{_e(target_label)} {target:g} '
                   f'{_e(unit)}</text>')
    segment: list[str] = []
    for x, val in zip(t, values, strict=False):
        if val is None:
            if len(segment) > 1:
                out.append(f'<polyline class="line" points="{" ".join(segment)}"/>')
            segment = []
            continue
        segment.append(f"{sx(x)},{sy(max(lo, min(hi, val)))}")
    if len(segment) > 1:
        out.append(f'<polyline class="line" points="{" ".join(segment)}"/>')
    elif len(segment) == 1:
        cx, cy = segment[0].split(",")
        out.append(f'<circle class="point" cx="{cx}" cy="{cy}" r="3"/>')
    out.append("</svg>")
    return Markup("".join(out))


def _step(span: float) -> float:
    for s in (1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600):
        if span / s <= 8:
            return float(s)
    return float(int(span / 8) + 1)


def _nice_floor(v: float) -> float:
    return float(int(v // 2 * 2))


def _nice_ceil(v: float) -> float:
    return float(-int(-v // 2 * 2))
