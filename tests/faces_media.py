"""Test clips with real faces: scikit-image's astronaut (Eileen Collins) and faces of its
Labeled Faces in the Wild subset (25 x 25 grey, upscaled), shown as still shots made with
ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from tests.media_cache import session_media

# LFW subset images of two people the dlib descriptor tells apart from each other and from the
# astronaut (descriptor distances 0.80 to 0.85 at 640x360).
LFW_B = 2
LFW_C = 78
Shot = tuple[str | None, float]  # who ("astronaut", "lfw:N" or None for no face), seconds


def _astronaut() -> np.ndarray:
    from skimage import data

    return np.asarray(data.astronaut(), np.uint8)


def _lfw(n: int) -> np.ndarray:
    import cv2
    from skimage import data

    face = (np.asarray(data.lfw_subset()[n]) * 255).round().astype(np.uint8)
    big = cv2.resize(face, (150, 150), interpolation=cv2.INTER_CUBIC)
    big = cv2.copyMakeBorder(big, 45, 45, 45, 45, cv2.BORDER_REPLICATE)
    return np.stack([big] * 3, axis=-1)


def person(who: str) -> np.ndarray:
    """An RGB photo of ``who``: ``astronaut`` or ``lfw:N``."""
    if who == "astronaut":
        return _astronaut()
    if who.startswith("lfw:"):
        return _lfw(int(who[4:]))
    raise ValueError(who)


def frame(who: str | None, size: tuple[int, int] = (640, 360), x: float = 0.5) -> np.ndarray:
    """A grey frame with ``who``'s photo scaled to 80 % of its height, centred at ``x``."""
    import cv2

    w, h = size
    out = np.full((h, w, 3), 96, np.uint8)
    if who is None:
        return out
    img = person(who)
    ph = int(h * 0.8)
    pw = round(img.shape[1] * ph / img.shape[0])
    img = cv2.resize(img, (pw, ph), interpolation=cv2.INTER_AREA)
    x0 = min(max(0, round(x * w - pw / 2)), w - pw)
    y0 = (h - ph) // 2
    out[y0 : y0 + ph, x0 : x0 + pw] = img
    return out


@session_media
def still_clip(
    path: Path, shots: list[Shot], size: tuple[int, int] = (640, 360), rate: int = 25
) -> Path:
    """An H.264 clip of still shots (each ``who`` for ``seconds``), no audio."""
    import cv2

    inputs: list[str] = []
    for k, (who, seconds) in enumerate(shots):
        png = path.with_name(f".{path.stem}-{k}.png")
        cv2.imwrite(str(png), cv2.cvtColor(frame(who, size), cv2.COLOR_RGB2BGR))
        inputs += ["-loop", "1", "-framerate", str(rate), "-t", str(seconds), "-i", str(png)]
    n = len(shots)
    graph = "".join(f"[{k}:v]" for k in range(n)) + f"concat=n={n}:v=1:a=0,format=yuv420p[v]"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            *inputs,
            "-filter_complex",
            graph,
            "-map",
            "[v]",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "20",
            "-r",
            str(rate),
            str(path),
        ],
        check=True,
    )
    for k in range(n):
        path.with_name(f".{path.stem}-{k}.png").unlink()
    return path


def spans(shots: list[Shot]) -> dict[str, list[tuple[float, float]]]:
    """Where each person is on screen: ``who -> [(start, end)]`` in seconds."""
    out: dict[str, list[tuple[float, float]]] = {}
    t = 0.0
    for who, seconds in shots:
        if who is not None:
            out.setdefault(who, []).append((t, t + seconds))
        t += seconds
    return out
