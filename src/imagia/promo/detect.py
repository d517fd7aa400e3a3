"""Face detectors for tracking: dlib's HOG (default) or OpenCV Haar cascades (frontal + both
profiles).

Both run on a downscaled grey copy of the frame and answer boxes in that copy's pixels; the
tracker scales them back. ``hog`` (dlib's frontal HOG + linear SVM) is the default: measured in
docs/promo.md, it finds the test faces on every sampled frame at a quarter of the Haar set's
CPU cost on a busy background, and from smaller faces (about 70 px in the analysed copy against
about 80). ``haar`` adds profile faces (the cascades run on the image and its mirror), at that
higher cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from imagia.core.errors import BadValue, MissingDependency

DETECTORS = ("hog", "haar")


@dataclass(frozen=True)
class Box:
    """A face: top-left corner, size, detector confidence (higher is surer)."""

    x: float
    y: float
    w: float
    h: float
    score: float = 1.0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def area(self) -> float:
        return self.w * self.h

    def scaled(self, s: float) -> Box:
        return Box(self.x * s, self.y * s, self.w * s, self.h * s, self.score)


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0.0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    inter = ix * iy
    union = a.area + b.area - inter
    return inter / union if union > 0 else 0.0


def suppress(boxes: list[Box], overlap: float = 0.3) -> list[Box]:
    """Keep the best-scored box of each group overlapping by more than ``overlap`` IoU."""
    kept: list[Box] = []
    for b in sorted(boxes, key=lambda b: (-b.score, -b.area)):
        if all(iou(b, k) <= overlap for k in kept):
            kept.append(b)
    return kept


class Detector(Protocol):
    name: str

    def params(self) -> dict[str, Any]: ...

    def model_info(self) -> dict[str, Any]: ...

    def __call__(self, grey: np.ndarray) -> list[Box]: ...


class HaarDetector:
    """OpenCV's ``haarcascade_frontalface_alt2`` plus ``haarcascade_profileface`` run on the
    image and on its mirror (the cascade only knows faces turned one way)."""

    name = "opencv-haar"

    def __init__(self, min_size: int = 24, neighbours: int = 4, scale: float = 1.1) -> None:
        import cv2

        root = cv2.data.haarcascades  # type: ignore[attr-defined]
        self.frontal = cv2.CascadeClassifier(root + "haarcascade_frontalface_alt2.xml")
        self.profile = cv2.CascadeClassifier(root + "haarcascade_profileface.xml")
        if self.frontal.empty() or self.profile.empty():
            raise MissingDependency(
                "OpenCV's Haar cascades are missing",
                hint="pip install 'opencv-python-headless>=4.8,<5'",
            )
        self.min_size, self.neighbours, self.scale = min_size, neighbours, scale

    def params(self) -> dict[str, Any]:
        return {
            "cascades": ["haarcascade_frontalface_alt2", "haarcascade_profileface"],
            "min_size": self.min_size,
            "min_neighbours": self.neighbours,
            "scale_factor": self.scale,
        }

    def model_info(self) -> dict[str, Any]:
        """The cascades' provenance (the job records it as the model used)."""
        import cv2

        root = cv2.data.haarcascades  # type: ignore[attr-defined]
        return {
            "model": "haar-face",
            "where": "package",
            "path": root,
            "files": ["haarcascade_frontalface_alt2.xml", "haarcascade_profileface.xml"],
            "licence": "BSD-3-Clause (OpenCV; cascades under the Intel licence)",
            "version": cv2.__version__,
        }

    def _run(self, cascade: Any, grey: np.ndarray, weight: float) -> list[Box]:
        rects, counts = cascade.detectMultiScale2(
            grey,
            scaleFactor=self.scale,
            minNeighbors=self.neighbours,
            minSize=(self.min_size, self.min_size),
        )
        return [
            Box(float(x), float(y), float(w), float(h), weight * float(c))
            for (x, y, w, h), c in zip(rects, counts, strict=True)
        ]

    def __call__(self, grey: np.ndarray) -> list[Box]:
        import cv2

        g = cv2.equalizeHist(grey)
        width = g.shape[1]
        boxes = self._run(self.frontal, g, 1.0)
        boxes += self._run(self.profile, g, 0.8)
        boxes += [
            Box(width - b.x - b.w, b.y, b.w, b.h, b.score)
            for b in self._run(self.profile, np.ascontiguousarray(g[:, ::-1]), 0.8)
        ]
        return suppress(boxes)


class HogDetector:
    """dlib's ``get_frontal_face_detector`` (HOG features + linear SVM, 5 poses)."""

    name = "dlib-hog"

    def __init__(self, upsample: int = 0, threshold: float = 0.0) -> None:
        try:
            import dlib
        except ImportError:
            raise MissingDependency(
                "dlib is not installed", hint="pip install 'imagia[index]' (dlib-bin)"
            ) from None
        self.det = dlib.get_frontal_face_detector()
        self.upsample, self.threshold = upsample, threshold

    def params(self) -> dict[str, Any]:
        return {"upsample": self.upsample, "adjust_threshold": self.threshold}

    def model_info(self) -> dict[str, Any]:
        import dlib

        return {
            "model": "dlib-hog-face",
            "where": "package (built into dlib)",
            "path": None,
            "licence": "BSL-1.0",
            "version": dlib.__version__,
        }

    def __call__(self, grey: np.ndarray) -> list[Box]:
        rects, scores, _ = self.det.run(grey, self.upsample, self.threshold)
        return suppress(
            [
                Box(
                    float(r.left()),
                    float(r.top()),
                    float(r.width()),
                    float(r.height()),
                    1.0 + float(s),
                )
                for r, s in zip(rects, scores, strict=True)
            ]
        )


def make_detector(name: str = "hog") -> Detector:
    if name == "haar":
        return HaarDetector()
    if name == "hog":
        return HogDetector()
    raise BadValue("detector", name, DETECTORS)
