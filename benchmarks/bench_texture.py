"""Procedural textures: time per texture at 256, 512 and 1,024 px for each preset (scale
behaviour), the seam ratio of every map over ten seeds (read back from the PNGs), and in the
same run the baselines: plain OpenSimplex noise over a square and a quarter cut from a bigger
tile (neither tiles), and the speed of opensimplex's own arrays (pure Python without numba).

``IMAGIA_BENCH_TEXTURE_MAX`` caps the largest size (a quick run: 512)."""

from __future__ import annotations

import os
import time

import numpy as np
from opensimplex import OpenSimplex

from imagia.gamedev import seams, texture
from imagia.gamedev.noise import fbm, grid

MAX = int(os.environ.get("IMAGIA_BENCH_TEXTURE_MAX", "1024"))
SEEDS = 10


def _worst_seam(m: texture.Maps) -> float:
    pngs = (
        texture.png(m.height, sixteen=True),
        texture.png(m.albedo),
        texture.png(texture.encode_normal(m.normal)),
        texture.png(m.roughness),
    )
    return max(seams.measure_png(p).ratio for p in pngs)


def run() -> None:
    print("texture: seconds per texture (all maps) by size")
    sizes = [s for s in (256, 512, 1024) if s <= MAX]
    print(f"  {'preset':<8}" + "".join(f"{s:>9} px" for s in sizes))
    for preset in texture.PRESETS:
        cells = []
        for s in sizes:
            t0 = time.perf_counter()
            texture.make(texture.Options(preset, s, 0))
            cells.append(f"{time.perf_counter() - t0:>10.2f}s")
        print(f"  {preset:<8}" + "".join(cells))
    print(f"texture: seam ratio (worst of 4 maps, from the PNGs) over {SEEDS} seeds at 256 px")
    for preset in texture.PRESETS:
        r = [_worst_seam(texture.make(texture.Options(preset, 256, s))) for s in range(SEEDS)]
        print(f"  {preset:<8} mean {np.mean(r):.2f}  max {max(r):.2f}  min {min(r):.2f}")
    a = np.linspace(0.0, 4.0, 128)
    t0 = time.perf_counter()
    plain = OpenSimplex(0).noise2array(a, a)
    t_os = (time.perf_counter() - t0) / plain.size
    cuts = [
        seams.measure(texture.height(texture.Options(p, 512, 0))[:256, :256]).ratio
        for p in texture.PRESETS
    ]
    print(f"  baseline plain OpenSimplex 128 px: {seams.measure(plain).ratio:.2f}")
    print(
        "  baseline quarter cut of a 512 px tile: "
        + ", ".join(f"{p} {c:.2f}" for p, c in zip(texture.PRESETS, cuts, strict=True))
    )
    x, y = grid(512)
    t0 = time.perf_counter()
    fbm(x, y, np.random.default_rng(0), (8, 8), 1)
    t_ours = (time.perf_counter() - t0) / x.size
    print(
        f"texture: one octave, µs a pixel: periodic numpy noise {t_ours * 1e6:.3f}, "
        f"opensimplex noise2array {t_os * 1e6:.2f} ({t_os / t_ours:.0f}× slower)"
    )
