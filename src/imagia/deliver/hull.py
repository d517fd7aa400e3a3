"""The convex hull of the grid and the rungs chosen on it.

Points are (bitrate, VMAF) of every encode, all resolutions together. The hull is the upper
left frontier: first the Pareto front (no other encode is both cheaper and better), then its
upper concave envelope in (log bitrate, VMAF), so every hull segment gives fewer VMAF points per
doubling of the bitrate than the one before (what per-title encoding selects: at each bitrate
the resolution that looks best). Rungs are hull points: for each target VMAF, the cheapest hull
point reaching it; or for each target bitrate, the best hull point within it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

from imagia.core.errors import BadValue
from imagia.deliver.encode import Point

TARGET_VMAF: tuple[float, ...] = (95, 93, 88, 80, 70, 60)

P = TypeVar("P", bound=Point)


def pareto(points: Sequence[P]) -> list[P]:
    """Points no other point beats on both bitrate (lower) and VMAF (higher), by bitrate."""
    out: list[P] = []
    for p in sorted(points, key=lambda p: (p.kbps, -p.vmaf)):
        if not out or p.vmaf > out[-1].vmaf:
            out.append(p)
    return out


def _cross(o: Point, a: Point, b: Point) -> float:
    ox, ax, bx = math.log(o.kbps), math.log(a.kbps), math.log(b.kbps)
    return (ax - ox) * (b.vmaf - o.vmaf) - (a.vmaf - o.vmaf) * (bx - ox)


def hull(points: Sequence[P]) -> list[P]:
    """The upper concave hull of the Pareto front in (log bitrate, VMAF), by bitrate: VMAF
    rises along it and its slope never grows."""
    out: list[P] = []
    for p in pareto([q for q in points if q.kbps > 0]):
        while len(out) >= 2 and _cross(out[-2], out[-1], p) >= 0:
            out.pop()  # out[-1] lies on or under the chord: not on the upper hull
        out.append(p)
    return out


Note = tuple[str, str]  # (English, French)


def rungs_for_vmaf(front: Sequence[P], targets: Sequence[float]) -> tuple[list[P], list[Note]]:
    """For each target VMAF (high to low) the cheapest hull point reaching it; notes say which
    targets no encode reached. Duplicates are kept once, sorted by bitrate."""
    chosen: list[P] = []
    notes: list[Note] = []
    for t in sorted(targets, reverse=True):
        hit = next((p for p in front if p.vmaf >= t), None)
        if hit is None:
            best = max((p.vmaf for p in front), default=0.0)
            notes.append(
                (
                    f"VMAF {t:g} not reached (best encode {best:.1f})",
                    f"VMAF {t:g} non atteint (meilleur encodage {best:.1f})".replace(".", ","),
                )
            )
        elif hit not in chosen:
            chosen.append(hit)
    return sorted(chosen, key=lambda p: p.kbps), notes


def rungs_for_kbps(front: Sequence[P], targets: Sequence[float]) -> tuple[list[P], list[Note]]:
    """For each target bitrate the best hull point within it."""
    chosen: list[P] = []
    notes: list[Note] = []
    for t in sorted(targets):
        within = [p for p in front if p.kbps <= t]
        if not within:
            notes.append(
                (
                    f"{t:g} kbit/s: every encode is above it",
                    f"{t:g} kbit/s : tous les encodages sont au-dessus".replace(".", ","),
                )
            )
        elif within[-1] not in chosen:
            chosen.append(within[-1])
    return sorted(chosen, key=lambda p: p.kbps), notes


def parse_targets(text: str) -> tuple[str, list[float]]:
    """``"95,93,88"`` (VMAF levels, 1-100) or ``"300k,1200k,4500k"`` (bitrates in kbit/s)."""
    items = [t.strip().lower() for t in str(text).split(",") if t.strip()]
    if not items:
        return "vmaf", list(TARGET_VMAF)
    kbps = all(t.endswith("k") for t in items)
    try:
        values = [float(t[:-1] if kbps else t) for t in items]
    except ValueError:
        raise BadValue(
            "targets", text, reason="VMAF levels (95,88,80) or bitrates (300k,1200k)"
        ) from None
    if kbps and any(v <= 0 for v in values):
        raise BadValue("targets", text, reason="bitrates must be above 0")
    if not kbps and any(not 0 < v <= 100 for v in values):
        raise BadValue("targets", text, reason="VMAF levels are between 0 and 100")
    return ("kbps" if kbps else "vmaf"), values
