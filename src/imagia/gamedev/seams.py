"""Tiling check of an image, read back from its file: is the wrap edge a seam?

Independent of how the texture was made. For each axis: the mean absolute difference between
the last and the first column (the pixels that meet when the image is tiled) against the mean
absolute difference between neighbouring columns inside the image (every interior pair); the
same for rows. A seamless image has a ratio near 1; a seam makes it grow (a texture cut from a
larger non-periodic field gives several times more). The figure is the larger of the two axes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from imagia.core.errors import BadFile


@dataclass(frozen=True)
class Seam:
    """Wrap-edge and interior mean absolute differences per axis, and their ratios."""

    wrap_x: float
    interior_x: float
    wrap_y: float
    interior_y: float

    @property
    def ratio_x(self) -> float:
        return self.wrap_x / max(self.interior_x, 1e-9)

    @property
    def ratio_y(self) -> float:
        return self.wrap_y / max(self.interior_y, 1e-9)

    @property
    def ratio(self) -> float:
        return max(self.ratio_x, self.ratio_y)

    def to_dict(self) -> dict[str, float]:
        return {
            "ratio": round(self.ratio, 4),
            "ratio_x": round(self.ratio_x, 4),
            "ratio_y": round(self.ratio_y, 4),
            "wrap_x": round(self.wrap_x, 4),
            "interior_x": round(self.interior_x, 4),
            "wrap_y": round(self.wrap_y, 4),
            "interior_y": round(self.interior_y, 4),
        }


def measure(a: np.ndarray) -> Seam:
    """Seam figures of an image array (H × W or H × W × C), in its own units."""
    f = np.asarray(a, dtype=np.float64)
    if f.ndim == 2:
        f = f[..., None]
    if f.shape[0] < 3 or f.shape[1] < 3:
        raise ValueError("an image of at least 3 × 3 pixels")
    wrap_x = float(np.abs(f[:, -1] - f[:, 0]).mean())
    interior_x = float(np.abs(np.diff(f, axis=1)).mean())
    wrap_y = float(np.abs(f[-1] - f[0]).mean())
    interior_y = float(np.abs(np.diff(f, axis=0)).mean())
    return Seam(wrap_x, interior_x, wrap_y, interior_y)


def measure_png(data: bytes, name: str | Path = "image") -> Seam:
    """Seam figures of a PNG (8- or 16-bit, grey or colour), read from its bytes."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            arr = np.asarray(img)
    except (UnidentifiedImageError, OSError) as exc:
        raise BadFile(name, f"not a readable image ({exc})") from exc
    if arr.ndim < 2 or arr.shape[0] < 3 or arr.shape[1] < 3:
        raise BadFile(name, "too small for a tiling check (at least 3 × 3 pixels)")
    return measure(arr)
