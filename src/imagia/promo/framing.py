"""The crop window over time: size, target centre from the subject, dead zone, zero-lag
smoothing and a safety tube that keeps the face inside, reset at every shot cut.

Per shot: frames without a face hold the nearest known position (a shot without any face is
centred); a dead zone keeps the window still while the face moves less than ``dead_zone`` of the
crop width from where the window looks (run forwards and backwards and averaged, so the window
does not trail a moving face); a Gaussian smoothing (``smooth_seconds``, centred: no
lag) removes jitter; then the centre is projected into the *tube* of positions that keep the face
box inside the crop with a margin and the crop inside the frame, and smoothed again; three
rounds, ending on the projection (so the face is always inside when it fits in the crop).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from imagia.core.errors import BadValue
from imagia.promo.detect import Box

ASPECTS = ("9:16", "1:1", "4:5", "16:9")


def parse_aspect(text: str) -> Fraction:
    """``"9:16"`` (or ``9/16``, ``0.5625``) -> width/height; one-line error otherwise."""
    raw = str(text).strip().replace("/", ":").replace("x", ":")
    try:
        if ":" in raw:
            a, b = (int(v) for v in raw.split(":", 1))
            ratio = Fraction(a, b)
        else:
            ratio = Fraction(raw).limit_denominator(1000)
    except (ValueError, ZeroDivisionError):
        raise BadValue(
            "aspect", text, ASPECTS, reason="expected W:H with whole numbers, e.g. 9:16"
        ) from None
    if not Fraction(1, 4) <= ratio <= 4:
        raise BadValue("aspect", text, ASPECTS, reason="width:height must lie between 1:4 and 4:1")
    return ratio


def source_aspect(width: int, height: int) -> Fraction:
    return Fraction(width, height)


def even(v: float) -> int:
    return max(2, round(float(v) / 2) * 2)


@dataclass(frozen=True)
class FramingOptions:
    """``aspect``: width/height of the crop (None: the source's, for smart-camera framing);
    ``face_fraction``: for smart-camera framing, the face height as a share of the crop height
    (0.25 is a medium close-up), the crop never tighter than ``min_crop`` of the frame height;
    ``headroom``: where the face centre sits, from the crop top, as a share of its height;
    ``dead_zone``: share of the crop width (height) the face may move without the window
    following; ``smooth_seconds``: Gaussian smoothing sigma; ``margin``: space kept between the
    face and the crop edge, as a share of the crop size."""

    aspect: Fraction | None = Fraction(9, 16)
    smart_camera: bool = False
    face_fraction: float = 0.25
    min_crop: float = 0.35
    headroom: float = 0.38
    dead_zone: float = 0.06
    smooth_seconds: float = 0.5
    size_smooth_seconds: float = 1.0
    margin: float = 0.04

    def to_dict(self) -> dict[str, object]:
        d = dict(self.__dict__)
        d["aspect"] = (
            None if self.aspect is None else f"{self.aspect.numerator}:{self.aspect.denominator}"
        )
        return d


@dataclass
class CropTrack:
    """Per frame crop windows (integer pixels, even sizes) and what happened per shot."""

    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    h: np.ndarray
    notes: list[str]
    shots_without_face: list[int]


def _gauss(values: np.ndarray, sigma: float) -> np.ndarray:
    if sigma < 0.5 or len(values) < 3:
        return values.astype(float)
    r = min(int(3 * sigma), len(values) - 1)
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    # odd reflection continues a pan past the shot's ends: no bias towards the edge value
    padded = np.pad(values.astype(float), r, mode="reflect", reflect_type="odd")
    return np.convolve(padded, k, mode="valid")


def _dead_zone(target: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """A window centre that moves only when the target leaves ``zone`` around it."""
    out = np.empty_like(target, dtype=float)
    c = float(target[: max(1, min(len(target), 5))].mean())
    for i, t in enumerate(target):
        if t - c > zone[i]:
            c = t - zone[i]
        elif c - t > zone[i]:
            c = t + zone[i]
        out[i] = c
    return out


def _fill(values: list[float | None], default: float) -> np.ndarray:
    """Forward fill then back fill the gaps; all-None -> ``default``."""
    arr = np.array([np.nan if v is None else v for v in values], dtype=float)
    if np.isnan(arr).all():
        return np.full(len(arr), default)
    idx = np.where(~np.isnan(arr), np.arange(len(arr)), 0)
    np.maximum.accumulate(idx, out=idx)
    arr = arr[idx]
    first = int(np.argmax(~np.isnan(arr)))
    arr[:first] = arr[first]
    return arr


def _follow(
    target: np.ndarray, lo: np.ndarray, hi: np.ndarray, zone: np.ndarray, sigma: float
) -> np.ndarray:
    """Dead zone (run forwards and backwards, averaged: no lag behind a moving subject),
    smoothing, then alternate projection into [lo, hi] and smoothing."""
    held = (_dead_zone(target, zone) + _dead_zone(target[::-1], zone[::-1])[::-1]) / 2
    c = _gauss(held, sigma)
    for _ in range(3):
        c = np.clip(c, lo, hi)
        c = _gauss(c, sigma)
    return np.clip(c, lo, hi)


def _axis(
    centre: np.ndarray,
    size: np.ndarray,
    face_lo: np.ndarray,
    face_hi: np.ndarray,
    has_face: np.ndarray,
    frame: int,
    o: FramingOptions,
    sigma: float,
) -> np.ndarray:
    """Smoothed crop start along one axis (x or y) for one shot."""
    half = size / 2
    m = o.margin * size
    lo = np.maximum(half, np.where(has_face, face_hi + m - half, half))
    hi = np.minimum(frame - half, np.where(has_face, face_lo - m + half, frame - half))
    bad = lo > hi  # the face (with margin) is larger than the crop: centre on it
    mid = np.clip(centre, half, frame - half)
    lo = np.where(bad, mid, lo)
    hi = np.where(bad, mid, hi)
    c = _follow(centre, lo, hi, o.dead_zone * size, sigma)
    return c - half


def frame_crops(
    subject: Sequence[Box | None],
    shots: Sequence[tuple[int, int]],
    width: int,
    height: int,
    fps: float,
    o: FramingOptions,
) -> CropTrack:
    """The crop window on every frame (see the module doc)."""
    n = len(subject)
    xs, ys = np.zeros(n), np.zeros(n)
    ws, hs = np.zeros(n), np.zeros(n)
    notes: list[str] = []
    empty: list[int] = []
    aspect = source_aspect(width, height) if o.aspect is None or o.smart_camera else o.aspect
    if width / height > aspect:
        full_h, full_w = float(height), height * float(aspect)
    else:
        full_w, full_h = float(width), width / float(aspect)
    for k, (a, b) in enumerate(shots, 1):
        b = min(b, n)
        if b <= a:
            continue
        boxes = subject[a:b]
        has = np.array([bx is not None for bx in boxes])
        if not has.any():
            empty.append(k)
            notes.append(f"shot {k} (frames {a}-{b - 1}): no face found, crop centred")
        if o.smart_camera and has.any():
            want = _fill([bx.h / o.face_fraction if bx else None for bx in boxes], full_h)
            want = np.clip(_gauss(want, o.size_smooth_seconds * fps), o.min_crop * full_h, full_h)
            hh = want
        else:
            hh = np.full(b - a, full_h)
        ww = hh * (full_w / full_h)
        cx = _fill([bx.cx if bx else None for bx in boxes], width / 2)
        cy_face = _fill([bx.cy if bx else None for bx in boxes], height / 2)
        cy = np.where(has.any(), cy_face + (0.5 - o.headroom) * hh, height / 2)
        x1 = _fill([bx.x if bx else None for bx in boxes], width / 2)
        x2 = _fill([bx.x + bx.w if bx else None for bx in boxes], width / 2)
        y1 = _fill([bx.y if bx else None for bx in boxes], height / 2)
        y2 = _fill([bx.y + bx.h if bx else None for bx in boxes], height / 2)
        sigma = o.smooth_seconds * fps
        ws[a:b], hs[a:b] = ww, hh
        xs[a:b] = _axis(cx, ww, x1, x2, has, width, o, sigma)
        ys[a:b] = _axis(cy, hh, y1, y2, has, height, o, sigma)
    w_i = np.array([even(v) for v in ws], dtype=int)
    h_i = np.array([even(v) for v in hs], dtype=int)
    w_i = np.minimum(w_i, width // 2 * 2)
    h_i = np.minimum(h_i, height // 2 * 2)
    x_i = np.clip(np.round(xs + (ws - w_i) / 2), 0, width - w_i).astype(int)
    y_i = np.clip(np.round(ys + (hs - h_i) / 2), 0, height - h_i).astype(int)
    return CropTrack(x_i, y_i, w_i, h_i, notes, empty)
