"""Text in images with RapidOCR, a service shared by the index (on-screen text) and the
script tools (scanned screenplays).

``rapidocr_onnxruntime`` 1.4.4: PP-OCRv4 detection and recognition, PP-OCR v2 direction
classifier, ONNX models inside its wheel, nothing downloaded. One engine per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from imagia.core.errors import MissingDependency

MIN_SCORE = 0.6
CONTEXT = 128  # detector input pixels around a region (the network sees that far)
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels


@dataclass(frozen=True)
class Line:
    """One line read on one sample; ``box`` ``(x, y, w, h)`` in source pixels."""

    text: str
    box: tuple[int, int, int, int]
    score: float


@lru_cache(maxsize=1)
def engine() -> Any:
    """One RapidOCR engine per process."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise MissingDependency(
            "rapidocr_onnxruntime is not installed",
            hint="pip install --no-deps rapidocr_onnxruntime==1.4.4 "
            "opencv-python-headless onnxruntime",
        ) from None
    return RapidOCR()


def model_info() -> dict[str, object]:
    """The model's provenance record (as ``job.use_model`` takes it)."""
    from importlib.metadata import version

    import rapidocr_onnxruntime

    return {
        "model": "rapidocr-ppocrv4",
        "where": "package",
        "path": str(Path(rapidocr_onnxruntime.__file__).parent / "models"),
        "licence": "Apache-2.0",
        "version": version("rapidocr_onnxruntime"),
    }


def read(image: Any, scale: float = 1.0) -> list[Line]:
    """Lines of text in a BGR ``image`` with confidence >= ``MIN_SCORE``; boxes divided by
    ``scale`` (to go back to source pixels)."""
    result, _ = engine()(image)
    return _lines([(quad, text, score) for quad, text, score in result or []], scale)


def _lines(result: list[tuple[Any, Any, Any]], scale: float) -> list[Line]:
    out: list[Line] = []
    for quad, text, score in result:
        text = " ".join(str(text).split())
        if float(score) < MIN_SCORE or not text:
            continue
        xs = [p[0] / scale for p in quad]
        ys = [p[1] / scale for p in quad]
        x, y = int(min(xs)), int(min(ys))
        out.append(Line(text, (x, y, int(max(xs)) - x, int(max(ys)) - y), float(score)))
    return out


def read_parts(image: Any, regions: list[Box], scale: float = 1.0) -> list[Line]:
    """Lines of text inside ``regions`` (``(x0, y0, x1, y1)`` pixels of ``image``), read as a
    whole-frame :func:`read` would read them for the cost of the regions only.

    RapidOCR's own steps (``rapidocr_onnxruntime`` 1.4.4) are run in its order: the frame is
    resized for the detector as a whole (cheap); the detector network runs on the
    part of that input around each region, cut on its 32-pixel grid so the convolutions see the
    same pixels at the same places as on the whole frame (a part resized on its own is seen at
    another scale and its lines split differently: "RUE" + "DELAPAIX" for "RUE DE LA PAIX");
    boxes touching a cut edge are dropped (a line running out of the part; the regions are
    padded and grown to whole lines so none is expected); then the direction classifier and
    the recogniser run on the boxes cut from the frame itself."""
    import numpy as np

    eng = engine()
    det = eng.text_det
    h, w = image.shape[:2]
    pre = det.get_preprocess(max(h, w))
    resized = pre.resize(image)
    if resized is None or not regions:
        return []
    rh, rw = resized.shape[:2]
    fy, fx = rh / h, rw / w
    boxes: list[Any] = []
    for x0, y0, x1, y1 in regions:
        cx0 = max(0, (int(x0 * fx) - CONTEXT) // 32 * 32)
        cy0 = max(0, (int(y0 * fy) - CONTEXT) // 32 * 32)
        cx1 = min(rw, -(-(int(x1 * fx) + 1 + CONTEXT) // 32) * 32)
        cy1 = min(rh, -(-(int(y1 * fy) + 1 + CONTEXT) // 32) * 32)
        if cx1 - cx0 < 32 or cy1 - cy0 < 32:
            continue
        part = np.ascontiguousarray(  # normalised per pixel: the part of the whole's input
            pre.permute(pre.normalize(resized[cy0:cy1, cx0:cx1]))[None], dtype=np.float32
        )
        pred = det.infer(part)[0]
        found, _ = det.postprocess_op(pred, ((cy1 - cy0) / fy, (cx1 - cx0) / fx))
        for box in found:
            bx, by = box[:, 0] * fx, box[:, 1] * fy  # back in the part's detector pixels
            if (
                (cx0 > 0 and bx.min() <= 2)
                or (cy0 > 0 and by.min() <= 2)
                or (cx1 < rw and bx.max() >= cx1 - cx0 - 2)
                or (cy1 < rh and by.max() >= cy1 - cy0 - 2)
            ):
                continue
            boxes.append(box.astype(np.float32) + np.array([cx0 / fx, cy0 / fy], dtype=np.float32))
    if not boxes:
        return []
    kept = det.filter_tag_det_res(np.array(boxes), (h, w))
    if not len(kept):
        return []
    ordered = eng.sorted_boxes(kept.astype(np.float32))
    crops = eng.get_crop_img_list(image, ordered)
    crops, _, _ = eng.text_cls(crops)
    rec, _ = eng.text_rec(crops)
    return _lines([(box.tolist(), r[0], r[1]) for box, r in zip(ordered, rec, strict=True)], scale)
