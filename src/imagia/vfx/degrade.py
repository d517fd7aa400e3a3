"""Test material for restoration: a clean clip damaged in known ways, reproducibly (seeded).

Each damage is optional: gaussian ``noise`` (sigma in 8-bit levels), ``flicker`` (per-frame
gain drawn in 1 ± flicker), ``shake`` (per-frame offsets up to ± shake pixels, borders
reflected), ``dust`` (that many dark or bright specks of radius 1-3 px per frame, each on one
frame only) and ``scratches`` (probability per frame of a 1-2 px vertical line). Written as
FFV1 (lossless) so a measurement sees the damage and nothing else."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imagia.media.frames import decode
from imagia.vfx.pipe import Writer, video_shape


@dataclass(frozen=True)
class Damage:
    """What to do to each frame; all off by default."""

    noise: float = 0.0
    flicker: float = 0.0
    shake: int = 0
    dust: int = 0
    scratches: float = 0.0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def damage_frame(frame: Any, d: Damage, rng: Any) -> Any:
    """One damaged copy of ``frame`` (RGB uint8)."""
    import cv2
    import numpy as np

    img = frame.astype(np.float32)
    h, w = img.shape[:2]
    if d.shake:
        dx, dy = (float(v) for v in rng.integers(-d.shake, d.shake + 1, size=2))
        m = np.array([[1, 0, dx], [0, 1, dy]], dtype=np.float32)
        img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REFLECT)
    if d.flicker:
        img *= 1.0 + rng.uniform(-d.flicker, d.flicker)
    if d.noise:
        img += rng.normal(0.0, d.noise, img.shape).astype(np.float32)
    for _ in range(d.dust):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        value = 0.0 if rng.random() < 0.5 else 255.0
        cv2.circle(img, (x, y), int(rng.integers(1, 4)), (value, value, value), -1)
    if d.scratches and rng.random() < d.scratches:
        x = int(rng.integers(0, w - 2))
        value = 235.0 if rng.random() < 0.7 else 20.0
        img[:, x : x + int(rng.integers(1, 3))] = value
    return np.clip(img, 0, 255).astype(np.uint8)


def degrade(src: Path, output: Path, d: Damage) -> int:
    """Write ``src`` damaged by ``d`` into ``output`` (FFV1 .mkv); returns the frame count."""
    import numpy as np

    width, height, rate = video_shape(src)
    rng = np.random.default_rng(d.seed)
    n = 0
    with Writer(output, width, height, rate) as out:
        for _, frame in decode(src, width, height, pix_fmt="rgb24"):
            out.write(damage_frame(frame, d, rng))
            n += 1
    return n
