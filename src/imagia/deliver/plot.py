"""The ladder's plot: bitrate (log scale) against VMAF, one curve per resolution, the hull, the
chosen rungs and the fixed ladder. :func:`geometry` turns an ``EncodingLadder.1`` dict into
pixel coordinates (plain data, kept in the ladder JSON so the web view draws the same plot with
its own words); :func:`svg` draws it as a standalone SVG (no plotting library needed)."""

from __future__ import annotations

import math
from html import escape
from typing import Any

W, H = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 56, 200, 34, 46
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
FIXED = "#ff7f0e"
WORDS = {
    "en": {
        "title": "Bitrate against VMAF",
        "x": "bitrate (kbit/s, log scale)",
        "hull": "convex hull",
        "rungs": "chosen rungs",
        "fixed": "fixed ladder (Apple HLS)",
    },
    "fr": {
        "title": "Débit et VMAF",
        "x": "débit (kbit/s, échelle log)",
        "hull": "enveloppe convexe",
        "rungs": "paliers retenus",
        "fixed": "échelle fixe (Apple HLS)",
    },
}
TICKS = (50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)


def _vmaf(p: dict[str, Any]) -> float:
    return float(p["vmaf"] if "vmaf" in p else p["scores"]["vmaf"])


def geometry(ladder: dict[str, Any]) -> dict[str, Any]:
    """Pixel coordinates of everything the plot shows, in a ``W`` x ``H`` frame."""
    points = ladder.get("points", [])
    fixed = ladder.get("fixed_ladder", {}).get("points", [])
    every = [p for p in [*points, *fixed] if p["kbps"] > 0]
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    out: dict[str, Any] = {"width": W, "height": H, "plot": [LEFT, TOP, pw, ph]}
    out.update({k: [] for k in ("curves", "hull", "rungs", "fixed", "xticks", "yticks")})
    if not every:
        return out
    rates = [p["kbps"] for p in every]
    x0, x1 = math.log10(min(rates)) - 0.08, math.log10(max(rates)) + 0.08
    y0 = max(0.0, math.floor(min(min(map(_vmaf, every)), 60) / 10) * 10)

    def at(p: dict[str, Any]) -> list[float]:
        x = LEFT + (math.log10(max(p["kbps"], 1e-3)) - x0) / (x1 - x0) * pw
        y = TOP + (100 - min(100.0, _vmaf(p))) / (100 - y0) * ph
        return [round(x, 1), round(y, 1)]

    out["yticks"] = [[round(TOP + (100 - v) / (100 - y0) * ph, 1), v]
                     for v in range(int(y0), 101, 10)]  # fmt: skip
    out["xticks"] = [[round(LEFT + (math.log10(t) - x0) / (x1 - x0) * pw, 1), t]
                     for t in TICKS if x0 <= math.log10(t) <= x1]  # fmt: skip
    sizes = sorted({(p["width"], p["height"]) for p in points}, key=lambda s: -s[0] * s[1])
    for i, (w, h) in enumerate(sizes):
        curve = sorted((p for p in points if (p["width"], p["height"]) == (w, h)),
                       key=lambda p: p["kbps"])  # fmt: skip
        out["curves"].append({"label": f"{w}x{h}", "colour": COLOURS[i % len(COLOURS)],
                              "points": [at(p) for p in curve]})  # fmt: skip
    out["hull"] = [at(p) for p in ladder.get("hull", [])]
    out["rungs"] = [at(p) for p in ladder.get("rungs", [])]
    out["fixed"] = [at(p) for p in sorted(fixed, key=lambda p: p["kbps"])]
    return out


def _line(points: list[list[float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def svg(ladder: dict[str, Any], lang: str = "en") -> str:
    """The plot of an ``EncodingLadder.1`` dict as a standalone SVG, in ``lang`` (en, fr)."""
    words = WORDS.get(lang, WORDS["en"])
    g = geometry(ladder)
    left, top, pw, ph = g["plot"]
    parts: list[str] = []
    for y, v in g["yticks"]:
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y}" y2="{y}" stroke="#000" '
                     f'stroke-opacity=".12"/><text x="{left - 6}" y="{y + 4}" '
                     f'text-anchor="end">{v}</text>')  # fmt: skip
    for x, t in g["xticks"]:
        parts.append(f'<line x1="{x}" x2="{x}" y1="{top}" y2="{top + ph}" stroke="#000" '
                     f'stroke-opacity=".12"/><text x="{x}" y="{top + ph + 16}" '
                     f'text-anchor="middle">{t}</text>')  # fmt: skip
    legend: list[tuple[str, str]] = []
    for c in g["curves"]:
        parts.append(f'<polyline points="{_line(c["points"])}" fill="none" '
                     f'stroke="{c["colour"]}" stroke-width="1.5"/>')  # fmt: skip
        parts += [f'<circle cx="{x}" cy="{y}" r="2.5" fill="{c["colour"]}"/>'
                  for x, y in c["points"]]  # fmt: skip
        legend.append((f'<line x1="0" x2="18" y1="0" y2="0" stroke="{c["colour"]}" '
                       'stroke-width="2"/>', c["label"]))  # fmt: skip
    dash = 'stroke="#000" stroke-width="2.5" stroke-dasharray="6 4"'
    if g["hull"]:
        parts.append(f'<polyline points="{_line(g["hull"])}" fill="none" {dash}/>')
        legend.append((f'<line x1="0" x2="18" y1="0" y2="0" {dash}/>', words["hull"]))
    ring = 'fill="none" stroke="#000" stroke-width="2"'
    parts += [f'<circle cx="{x}" cy="{y}" r="7" {ring}/>' for x, y in g["rungs"]]
    if g["rungs"]:
        legend.append((f'<circle cx="9" cy="0" r="6" {ring}/>', words["rungs"]))
    if g["fixed"]:
        parts.append(f'<polyline points="{_line(g["fixed"])}" fill="none" stroke="{FIXED}" '
                     'stroke-width="1.5" stroke-dasharray="2 3"/>')  # fmt: skip
        parts += [f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{FIXED}"/>'
                  for x, y in g["fixed"]]  # fmt: skip
        legend.append((f'<rect x="5" y="-4" width="8" height="8" fill="{FIXED}"/>',
                       words["fixed"]))  # fmt: skip
    for i, (mark, label) in enumerate(legend):
        parts.append(f'<g transform="translate({left + pw + 14},{top + 10 + i * 20})">{mark}'
                     f'<text x="26" y="4">{escape(label)}</text></g>')  # fmt: skip
    title = escape(words["title"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" '
        f'height="{H}" role="img" aria-label="{title}" font-family="sans-serif" '
        f'font-size="11">\n<title>{title}</title>\n'
        f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>\n'
        f'<text x="{left}" y="20" font-size="14" font-weight="bold">{title}</text>\n'
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#000" '
        f'stroke-opacity=".4"/>\n' + "\n".join(parts) + "\n"
        f'<text x="{left + pw / 2}" y="{H - 10}" text-anchor="middle">{escape(words["x"])}</text>\n'
        f'<text x="14" y="{top + ph / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + ph / 2})">VMAF</text>\n</svg>\n'
    )
