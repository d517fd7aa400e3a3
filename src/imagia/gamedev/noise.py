"""Periodic gradient noise: seamless by construction, vectorised with numpy.

The lattice of random unit gradients wraps (index modulo the period), so a field sampled over
one period tiles exactly; octaves double the period (an integer), so fBm, turbulence, ridged
noise and domain warping stay periodic too. This is Perlin's improved gradient noise (quintic
fade); opensimplex's own arrays run in pure Python here (no numba), far too slow at 512 px.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Field = NDArray[np.float64]


def gradients(rng: np.random.Generator, period_y: int, period_x: int) -> Field:
    """Random unit gradients on a ``period_y × period_x`` lattice, shape (py, px, 2)."""
    angle = rng.uniform(0.0, 2.0 * np.pi, size=(period_y, period_x))
    return np.stack([np.cos(angle), np.sin(angle)], axis=-1)


def _fade(t: Field) -> Field:
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0)


def perlin(u: Field, v: Field, grads: Field) -> Field:
    """Gradient noise at lattice coordinates ``u`` (across) and ``v`` (down), about [-1, 1]."""
    py, px = grads.shape[:2]
    u0 = np.floor(u)
    v0 = np.floor(v)
    fu = u - u0
    fv = v - v0
    i0 = u0.astype(np.int64) % px
    j0 = v0.astype(np.int64) % py
    i1 = (i0 + 1) % px
    j1 = (j0 + 1) % py

    def corner(j: NDArray[np.int64], i: NDArray[np.int64], du: Field, dv: Field) -> Field:
        g = grads[j, i]
        return np.asarray(g[..., 0] * du + g[..., 1] * dv)

    n00 = corner(j0, i0, fu, fv)
    n10 = corner(j0, i1, fu - 1.0, fv)
    n01 = corner(j1, i0, fu, fv - 1.0)
    n11 = corner(j1, i1, fu - 1.0, fv - 1.0)
    a = _fade(fu)
    b = _fade(fv)
    top = n00 + a * (n10 - n00)
    bottom = n01 + a * (n11 - n01)
    return np.asarray((top + b * (bottom - top)) * np.sqrt(2.0))


def grid(size: int) -> tuple[Field, Field]:
    """Tile coordinates in [0, 1) of each pixel's centre: (x across, y down)."""
    t = (np.arange(size, dtype=np.float64) + 0.5) / size
    x, y = np.meshgrid(t, t)
    return x, y


def fbm(
    x: Field,
    y: Field,
    rng: np.random.Generator,
    period: tuple[int, int],
    octaves: int,
    mode: str = "fbm",
    gain: float = 0.5,
) -> Field:
    """Octaves of periodic noise over tile coordinates ``x``, ``y`` in [0, 1).

    ``period`` is (across, down) lattice cells of the first octave. ``mode``: ``fbm`` (signed
    sum), ``turbulence`` (sum of absolute values), ``ridged`` (sum of (1 − |n|)²). The result is
    scaled to about [-1, 1] (fbm) or [0, 1] (turbulence, ridged).
    """
    total = np.zeros_like(x)
    amp = 1.0
    norm = 0.0
    px, py = period
    for k in range(octaves):
        m = 2**k
        g = gradients(rng, py * m, px * m)
        # a random whole-tile phase per octave: lattice lines of the octaves no longer all
        # meet on the wrap edge (still periodic: the shift is in tile units)
        ox, oy = rng.uniform(0.0, 1.0, size=2)
        n = perlin((x + ox) * px * m, (y + oy) * py * m, g)
        if mode == "turbulence":
            n = np.abs(n)
        elif mode == "ridged":
            n = (1.0 - np.abs(n)) ** 2
        total += amp * n
        norm += amp
        amp *= gain
    return np.asarray(total / norm)


def normalise(h: Field) -> Field:
    """Min-max to [0, 1] (a flat field gives 0.5)."""
    lo, hi = float(h.min()), float(h.max())
    if hi - lo < 1e-12:
        return np.full_like(h, 0.5)
    return np.asarray((h - lo) / (hi - lo))
