"""Bjøntegaard delta rate (G. Bjøntegaard, "Calculation of average PSNR differences between
RD-curves", ITU-T VCEG-M33, 2001): the average bitrate difference between two rate-quality
curves at equal quality.

For each curve the logarithm of the rate is fitted as a function of quality (``cubic``: the
third-order polynomial of VCEG-M33, least squares; ``pchip``: the piecewise cubic Hermite
interpolation later adopted by JCT-VC and AOM, which cannot overshoot between points), each fit
is integrated over the quality range both curves cover, and the mean gap of the logs is turned
back into a ratio: ``BD-rate = exp(mean(log r_test - log r_ref)) - 1``. Negative: the test
curve needs fewer bits for the same quality.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from imagia.core.errors import BadValue

METHODS = ("pchip", "cubic")


def _curve(points: Sequence[tuple[float, float]], what: str) -> tuple[list[float], list[float]]:
    """(quality, log rate) sorted by quality, strictly rising (a point no better than a cheaper
    one is dropped: a rate-quality curve is monotone)."""
    pts = sorted((float(q), float(r)) for r, q in points if r > 0)
    qs: list[float] = []
    logs: list[float] = []
    for q, r in sorted(pts, key=lambda x: x[1]):
        if not qs or q > qs[-1]:
            qs.append(q)
            logs.append(math.log(r))
    if len(qs) < 2:
        raise BadValue(what, len(qs), reason="a curve needs at least 2 points of rising quality")
    return qs, logs


def _integral(qs: list[float], logs: list[float], lo: float, hi: float, method: str) -> float:
    import numpy as np

    if method == "cubic":
        deg = min(3, len(qs) - 1)
        poly = np.polyint(np.polyfit(qs, logs, deg))
        return float(np.polyval(poly, hi) - np.polyval(poly, lo))
    from scipy.interpolate import PchipInterpolator

    return float(PchipInterpolator(qs, logs).integrate(lo, hi))


def bd_rate(
    reference: Sequence[tuple[float, float]],
    test: Sequence[tuple[float, float]],
    method: str = "pchip",
) -> float | None:
    """BD-rate of ``test`` against ``reference`` (each a list of ``(rate, quality)``), as a
    fraction (-0.25: a quarter fewer bits); None when the quality ranges do not overlap."""
    if method not in METHODS:
        raise BadValue("method", method, METHODS)
    q1, l1 = _curve(reference, "reference curve")
    q2, l2 = _curve(test, "test curve")
    lo, hi = max(q1[0], q2[0]), min(q1[-1], q2[-1])
    if hi <= lo:
        return None
    gap = (_integral(q2, l2, lo, hi, method) - _integral(q1, l1, lo, hi, method)) / (hi - lo)
    return math.exp(gap) - 1.0


def overlap(
    reference: Sequence[tuple[float, float]], test: Sequence[tuple[float, float]]
) -> tuple[float, float] | None:
    """The quality range both curves cover (what the BD-rate averages over), or None."""
    lo = max(min(q for _, q in reference), min(q for _, q in test))
    hi = min(max(q for _, q in reference), max(q for _, q in test))
    return (lo, hi) if hi > lo else None
