"""Seamless procedural textures (stone, wood, fabric, terrain) and their derived maps.

Classic procedural texturing, no generative model: a preset turns periodic noise (fBm,
turbulence, ridged noise, domain warp: ``imagia.gamedev.noise``) into a height field in
[0, 1]; from it come the tangent-space normal map (OpenGL convention, +Y up: green grows
towards the top of the image), the roughness map and the albedo (a colour ramp per preset).
Everything is periodic over the tile, so each map tiles without a seam.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from imagia.core.errors import BadValue
from imagia.gamedev.noise import Field, fbm, grid, normalise

PRESETS = ("stone", "wood", "fabric", "terrain")
MIN_SIZE, MAX_SIZE = 32, 2048
#: light direction of the lit preview (towards the light, tangent space, +Y up)
LIGHT = (-0.45, 0.55, 0.70)

# colour ramps: (height, (r, g, b)) stops, heights ascending
RAMPS: dict[str, tuple[tuple[float, tuple[int, int, int]], ...]] = {
    "stone": ((0.0, (52, 50, 48)), (0.45, (112, 106, 98)), (0.8, (150, 144, 134)),
              (1.0, (186, 180, 170))),
    "wood": ((0.0, (92, 52, 24)), (0.5, (146, 92, 48)), (1.0, (196, 144, 88))),
    "fabric": ((0.0, (40, 52, 92)), (0.6, (70, 88, 140)), (1.0, (120, 136, 182))),
    "terrain": ((0.0, (32, 64, 120)), (0.3, (58, 106, 160)), (0.33, (196, 182, 128)),
                (0.4, (86, 130, 60)), (0.65, (60, 98, 44)), (0.8, (116, 104, 92)),
                (0.92, (236, 236, 240)), (1.0, (250, 250, 252))),
}  # fmt: skip
# roughness: value at height 0 and at height 1 (crevices rougher for stone, water smooth...)
ROUGHNESS = {"stone": (0.95, 0.7), "wood": (0.75, 0.55), "fabric": (0.98, 0.85),
             "terrain": (0.2, 0.9)}  # fmt: skip
# normal strength: height units per pixel-width of slope
STRENGTH = {"stone": 6.0, "wood": 2.0, "fabric": 4.0, "terrain": 8.0}


@dataclass(frozen=True)
class Options:
    """What to make: a preset, a square size in pixels and a seed."""

    preset: str = "stone"
    size: int = 512
    seed: int = 0

    def check(self) -> None:
        if self.preset not in PRESETS:
            raise BadValue("preset", self.preset, ", ".join(PRESETS))
        if not MIN_SIZE <= self.size <= MAX_SIZE:
            raise BadValue("size", self.size, f"an integer from {MIN_SIZE} to {MAX_SIZE}")
        if self.seed < 0:
            raise BadValue("seed", self.seed, "an integer ≥ 0")


@dataclass(frozen=True)
class Maps:
    """A texture's maps, each ``size × size``: height and roughness in [0, 1], the unit
    tangent-space normals (x right, y up, z out) and the albedo as 8-bit RGB."""

    height: Field
    normal: Field
    roughness: Field
    albedo: NDArray[np.uint8]


def _stone(x: Field, y: Field, rng: np.random.Generator) -> Field:
    wx = fbm(x, y, rng, (4, 4), 3)
    wy = fbm(x, y, rng, (4, 4), 3)
    warped = fbm(x + 0.08 * wx, y + 0.08 * wy, rng, (6, 6), 5)
    cracks = fbm(x + 0.05 * wy, y + 0.05 * wx, rng, (5, 5), 4, mode="ridged")
    grain = fbm(x, y, rng, (32, 32), 2, mode="turbulence")
    return 0.55 * warped - 0.5 * cracks**4 + 0.12 * grain


def _wood(x: Field, y: Field, rng: np.random.Generator) -> Field:
    bend = fbm(x, y, rng, (2, 3), 3)
    rings = np.sin(2 * np.pi * (9 * x + 0.6 * bend)) * 0.5 + 0.5
    grain = fbm(x, y, rng, (48, 3), 3)  # fine across, long down: fibres along the board
    return 0.75 * rings**1.5 + 0.25 * grain


def _fabric(x: Field, y: Field, rng: np.random.Generator) -> Field:
    threads = 24  # an integer count across the tile keeps the weave periodic
    fibre = fbm(x, y, rng, (96, 96), 2, mode="turbulence")
    warp = np.abs(np.sin(np.pi * threads * x)) * (0.5 + 0.5 * np.sin(np.pi * threads * y))
    weft = np.abs(np.sin(np.pi * threads * y)) * (0.5 - 0.5 * np.sin(np.pi * threads * x))
    slub = fbm(x, y, rng, (3, 3), 3)
    return np.maximum(warp, weft) + 0.15 * fibre + 0.1 * slub


def _terrain(x: Field, y: Field, rng: np.random.Generator) -> Field:
    wx = fbm(x, y, rng, (3, 3), 3)
    wy = fbm(x, y, rng, (3, 3), 3)
    base = fbm(x + 0.1 * wx, y + 0.1 * wy, rng, (3, 3), 6)
    ridges = fbm(x, y, rng, (4, 4), 5, mode="ridged")
    return base + 0.5 * ridges * normalise(base)


_MAKERS = {"stone": _stone, "wood": _wood, "fabric": _fabric, "terrain": _terrain}


def height(options: Options) -> Field:
    """The preset's height field in [0, 1], periodic over the tile."""
    options.check()
    rng = np.random.default_rng([options.seed, PRESETS.index(options.preset)])
    x, y = grid(options.size)
    return normalise(_MAKERS[options.preset](x, y, rng))


def normals(h: Field, strength: float) -> Field:
    """Unit tangent-space normals from the height's periodic central differences.

    OpenGL convention (+Y up): image rows go down, so dh/dy(up) = −dh/drow.
    ``strength`` scales the slope (height units per pixel, times the size / 256)."""
    scale = strength * h.shape[0] / 256.0
    dx = (np.roll(h, -1, axis=1) - np.roll(h, 1, axis=1)) / 2.0 * scale
    dy_up = -(np.roll(h, -1, axis=0) - np.roll(h, 1, axis=0)) / 2.0 * scale
    n = np.stack([-dx, -dy_up, np.ones_like(h)], axis=-1)
    return np.asarray(n / np.linalg.norm(n, axis=-1, keepdims=True))


def ramp(h: Field, preset: str) -> NDArray[np.uint8]:
    """The preset's colour ramp over the height: 8-bit RGB."""
    stops = RAMPS[preset]
    at = np.array([s[0] for s in stops])
    rgb = np.stack([np.interp(h, at, [s[1][c] for s in stops]) for c in range(3)], axis=-1)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def make(options: Options) -> Maps:
    """Every map of one texture."""
    h = height(options)
    lo, hi = ROUGHNESS[options.preset]
    return Maps(
        height=h,
        normal=normals(h, STRENGTH[options.preset]),
        roughness=np.asarray(lo + (hi - lo) * h),
        albedo=ramp(h, options.preset),
    )


def lit(albedo: NDArray[np.uint8], normal: Field, light: tuple[float, ...] = LIGHT) -> Field:
    """Lambert shading of the albedo on a flat plane facing the viewer: 8-bit-range RGB."""
    d = np.asarray(light, dtype=np.float64)
    d = d / np.linalg.norm(d)
    shade = 0.2 + 0.8 * np.clip(normal @ d, 0.0, 1.0)
    return np.asarray(albedo.astype(np.float64) * shade[..., None])


def tile2x2(a: NDArray[np.generic]) -> NDArray[np.generic]:
    """The image repeated twice across and down (a seam would show as a cross)."""
    reps = (2, 2) + (1,) * (a.ndim - 2)
    return np.tile(a, reps)


def png(a: NDArray[np.generic], sixteen: bool = False) -> bytes:
    """PNG bytes: floats in [0, 1] as 8-bit (or 16-bit grey with ``sixteen``), uint8 as is,
    normals (x, y, z in [-1, 1]) must be encoded by the caller."""
    from PIL import Image

    if a.dtype == np.uint8:
        img = Image.fromarray(a)
    elif sixteen:
        img = Image.fromarray(np.rint(np.clip(a, 0, 1) * 65535).astype(np.uint16))
    else:
        img = Image.fromarray(np.rint(np.clip(a, 0, 1) * 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def encode_normal(n: Field) -> NDArray[np.uint8]:
    """Normals to 8-bit RGB: (n + 1) / 2 · 255, the usual normal-map encoding."""
    return np.clip(np.rint((n + 1.0) * 127.5), 0, 255).astype(np.uint8)
