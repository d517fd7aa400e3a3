"""Charts drawn on the server as SVG: the use-case matrix and time curves (no script, no CDN).

Colours come from the stylesheet through classes (``lvl-1`` .. ``lvl-4``, ``lvl-0`` for not
rated), so the matrix, the value chain and the legends share one palette.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

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
    basis: str = ""  # how its place was found, shown on hover
    derived: bool = False  # placed by us from a level, not by the study: in italics


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fit(text: str, width: float) -> str:
    room = max(4, int(width / CHAR_W))
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def grid(
    columns: Sequence[str],
    rows: Sequence[str],
    cells: dict[tuple[int, int], list[Item]],
    x_title: str,
    y_title: str,
    title: str,
    desc: str,
    *,
    col_w: int = 258,
    notes: dict[tuple[int, int], str] | None = None,
    bands: dict[int, tuple[str, list[Item]]] | None = None,
    ident: str = "mx",
) -> Markup:
    """A matrix: ``columns`` left to right, ``rows`` bottom to top, each cell listing its items
    as links. ``cells`` and ``notes`` (a text shown in a cell, e.g. why it is empty) are keyed
    by (column index, row index); ``bands`` (row index -> (caption, items)) fills a whole row
    whose column is not known, its items flowing across the columns under the caption."""
    wrap = 26
    row_lines = [_wrap(r, wrap) for r in rows]
    left = int(48 + CHAR_W * max((len(x) for ls in row_lines for x in ls), default=4))
    top, bottom, right = 12, 64, 8
    notes = notes or {}
    bands = bands or {}
    ncols = max(1, len(columns))
    width = left + col_w * len(columns) + right
    heights = []
    for ri, lines in enumerate(row_lines):
        n = max(
            (
                len(cells.get((ci, ri), [])) + (2 if (ci, ri) in notes else 0)
                for ci in range(len(columns))
            ),
            default=0,
        )
        if ri in bands:
            n = max(n, 1 + math.ceil(len(bands[ri][1]) / ncols))
        heights.append(max(56, 14 + LINE * n + 10, 16 * len(lines) + 20))
    plot_h = sum(heights)
    height = top + plot_h + bottom
    # role=group, not img: the use cases in the boxes are links a keyboard reaches
    out = [
        f'<svg class="chart matrix" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{_e(title)}</title><desc id="{ident}-desc">{_e(desc)}</desc>',
    ]
    y = top + plot_h
    row_top: list[float] = []
    for ri, h in enumerate(heights):  # row 0 at the bottom
        y -= h
        row_top.append(y)
        out.append(
            f'<rect class="cell{" alt" if ri % 2 else ""}" x="{left}" y="{y}" '
            f'width="{col_w * len(columns)}" height="{h}"/>'
        )
        lines = row_lines[ri]
        y0 = y + h / 2 - 8 * (len(lines) - 1) + 4
        spans = "".join(
            f'<tspan x="{left - 10}" y="{y0 + 16 * k}">{_e(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        out.append(f'<text class="tick" text-anchor="end">{spans}</text>')
    for ci in range(len(columns) + 1):
        x = left + ci * col_w
        out.append(f'<line class="rule" x1="{x}" y1="{top}" x2="{x}" y2="{top + plot_h}"/>')
    for ci, name in enumerate(columns):
        out.append(
            f'<text class="tick" x="{left + ci * col_w + col_w / 2}" '
            f'y="{top + plot_h + 20}" text-anchor="middle">{_e(_fit(name, col_w))}</text>'
        )
    out.append(
        f'<text class="axis" x="{left + col_w * len(columns) / 2}" y="{height - 12}" '
        f'text-anchor="middle">{_e(x_title)}</text>'
    )
    cy = top + plot_h / 2
    out.append(
        f'<text class="axis" x="18" y="{cy}" text-anchor="middle" '
        f'transform="rotate(-90 18 {cy})">{_e(y_title)}</text>'
    )
    for (ci, ri), note in sorted(notes.items()):
        out.append(
            f'<rect class="unknown" x="{left + ci * col_w + 1}" y="{row_top[ri] + 1}" '
            f'width="{col_w - 2}" height="{heights[ri] - 2}"/>'
        )
        for k, line in enumerate(_wrap(note, int((col_w - 24) / CHAR_W))[:2]):
            out.append(
                f'<text class="note" x="{left + ci * col_w + 12}" '
                f'y="{row_top[ri] + 24 + 17 * k}">{_e(line)}</text>'
            )
    for ri, (caption, items) in sorted(bands.items()):
        out.append(
            f'<rect class="band-cell" x="{left + 1}" y="{row_top[ri] + 1}" '
            f'width="{col_w * len(columns) - 2}" height="{heights[ri] - 2}"/>'
            f'<text class="note" x="{left + 12}" y="{row_top[ri] + 24}">'
            f"{_e(_fit(caption, col_w * len(columns) - 24))}</text>"
        )
        per_col = math.ceil(len(items) / ncols) if items else 0
        for k, it in enumerate(items):
            col, pos = divmod(k, per_col) if per_col else (0, k)
            yy = row_top[ri] + 14 + LINE * (pos + 1) + 10
            out.append(_item(it, left + col * col_w + 12, yy, col_w))
    for (ci, ri), items in sorted(cells.items()):
        x0 = left + ci * col_w + 12
        for k, it in enumerate(items):
            out.append(_item(it, x0, row_top[ri] + 14 + LINE * k + 10, col_w))
    out.append("</svg>")
    return Markup("".join(out))


def _item(it: Item, x0: float, yy: float, col_w: int) -> str:
    """One use case in a matrix cell: a dot of its maturity colour and its name, a link whose
    hover text says how it was placed; in italics when we placed it, not the study."""
    lvl = it.level or 0
    ring = ' stroke-width="2.5"' if it.runs else ""
    dash = " derived" if it.derived else ""
    label = _fit(it.label, col_w - 34)
    cls = ' class="runs"' if it.runs else ""
    hover = f"{it.label} — {it.basis}" if it.basis else it.label
    return (
        f'<a href="{_e(it.href)}" class="mx-item{dash}"><title>{_e(hover)}</title>'
        f'<circle class="dot lvl-{lvl}{" runs" if it.runs else ""}{dash}" cx="{x0 + 5}" '
        f'cy="{yy - 4}" r="5.5"{ring}/>'
        f'<text x="{x0 + 17}" y="{yy}"{cls}>{_e(label)}</text></a>'
    )


def curve(
    t: Sequence[float],
    values: Sequence[float | None],
    *,
    target: float | None = None,
    tolerance: float | None = None,
    unit: str = "LUFS",
    title: str = "",
    target_label: str = "target",
    label: str | None = None,
    secondary: Sequence[float | None] | None = None,
    secondary_label: str | None = None,
    floor: float | None = None,
    width: int = 1100,
    height: int = 320,
) -> Markup:
    """A time curve (gaps where a value is missing or below ``floor``, e.g. BS.1770's -70 LUFS
    absolute gate) with an optional target band and a lighter secondary curve."""
    left, right, top, bottom = 58, 16, 16, 40

    def clean(vals: Sequence[float | None] | None) -> list[float | None]:
        return [None if v is None or (floor is not None and v < floor) else v for v in (vals or [])]

    main, extra = clean(values), clean(secondary)
    ys = [v for v in main + extra if v is not None]
    if not ys or not t:
        return Markup(f'<p class="muted">{_e(title)}: —</p>')
    if target is not None:
        ys += [target - (tolerance or 0), target + (tolerance or 0)]
    span = max(ys) - min(ys)
    step = _step(max(span, 4.0))
    lo = math.floor((min(ys) - 1) / step) * step
    hi = math.ceil((max(ys) + 1) / step) * step
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
        f"<title>{_e(title)}</title>",
        f'<rect class="plot" x="{left}" y="{top}" width="{pw}" height="{ph}"/>',
    ]
    v = lo
    while v <= hi + 1e-9:
        out.append(
            f'<line class="grid" x1="{left}" x2="{left + pw}" y1="{sy(v)}" y2="{sy(v)}"/>'
            f'<text class="tick" x="{left - 6}" y="{sy(v) + 4}" text-anchor="end">'
            f"{v:g}</text>"
        )
        v += step
    tstep = _step(t1 - t0)
    x = math.ceil(t0 / tstep) * tstep
    while x <= t1 + 1e-9:
        out.append(
            f'<text class="tick" x="{sx(x)}" y="{top + ph + 18}" text-anchor="middle">'
            f"{_clock(x)}</text>"
        )
        x += tstep
    out.append(
        f'<text class="axis" x="14" y="{top + ph / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + ph / 2})">{_e(unit)}</text>'
    )
    if target is not None:
        if tolerance:
            band_h = round(sy(target - tolerance) - sy(target + tolerance), 1)
            out.append(
                f'<rect class="band" x="{left}" y="{sy(target + tolerance)}" '
                f'width="{pw}" height="{max(band_h, 1)}"/>'
            )
        out.append(
            f'<line class="target" x1="{left}" x2="{left + pw}" y1="{sy(target)}" '
            f'y2="{sy(target)}"/><text class="tick target-label" x="{left + pw - 6}" '
            f'y="{sy(target) - 6}" text-anchor="end">{_e(target_label)} {target:g} '
            f"{_e(unit)}</text>"
        )
    out += _polylines(t, extra, "line secondary", sx, sy, lo, hi)
    out += _polylines(t, main, "line", sx, sy, lo, hi)
    legend = [(c, lb) for c, lb in (("line", label), ("line secondary", secondary_label)) if lb]
    for k, (cls, text) in enumerate(legend):
        lx, ly = left + 12 + k * 190, top + 16
        out.append(
            f'<line class="{cls}" x1="{lx}" x2="{lx + 24}" y1="{ly - 4}" y2="{ly - 4}"/>'
            f'<text class="tick" x="{lx + 30}" y="{ly}">{_e(text)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def _polylines(
    t: Sequence[float],
    values: Sequence[float | None],
    cls: str,
    sx: Any,
    sy: Any,
    lo: float,
    hi: float,
) -> list[str]:
    out: list[str] = []
    segment: list[str] = []
    for x, val in [*zip(t, values, strict=False), (0.0, None)]:
        if val is not None:
            segment.append(f"{sx(x)},{sy(max(lo, min(hi, val)))}")
            continue
        if len(segment) > 1:
            out.append(f'<polyline class="{cls}" points="{" ".join(segment)}"/>')
        elif len(segment) == 1:
            cx, cy = segment[0].split(",")
            out.append(f'<circle class="point" cx="{cx}" cy="{cy}" r="2.5"/>')
        segment = []
    return out


def _clock(seconds: float) -> str:
    """Axis label for a time: '12 s' under a minute, else 'm:ss' or 'h:mm:ss'."""
    if seconds < 60:
        return f"{seconds:g} s"
    s = round(seconds)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def _step(span: float) -> float:
    for s in (1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600):
        if span / s <= 8:
            return float(s)
    return float(int(span / 8) + 1)
