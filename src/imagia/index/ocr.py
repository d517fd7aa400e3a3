"""On-screen text for the index: RapidOCR on frames sampled from the video.

Frames are decoded by ffmpeg at ``sample_fps`` (default 1 a second), scaled down to at most
``MAX_WIDTH`` pixels wide, and piped as raw BGR. RapidOCR (``rapidocr_onnxruntime`` 1.4.4:
PP-OCRv4 detection and recognition, PP-OCR v2 direction classifier, ONNX models inside its
wheel, nothing downloaded) reads each sample; lines under ``MIN_SCORE`` confidence are dropped.
A line read again on the next sample (same text after case/accent/space folding, or, with
overlapping boxes, 85 % similar or sharing a run of 70 % of the shorter text) extends the same
:class:`ScreenText` span, as do pieces of one line read apart on one sample; the span runs from
its first sample to one sample period after its last, its text is the fullest reading (summed
confidence times length), its box the union of the boxes. A sample almost identical to
the one before (mean absolute difference under 1 grey level) reuses its reading.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, MissingDependency
from imagia.index.store import ScreenText, fold

MIN_SCORE = 0.6
MAX_WIDTH = 1280
SIMILAR = 0.85


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
        raise MissingDependency("rapidocr_onnxruntime is not installed",
                                hint="pip install --no-deps rapidocr_onnxruntime==1.4.4 "
                                     "opencv-python-headless onnxruntime") from None
    return RapidOCR()


def model_info() -> dict[str, object]:
    from importlib.metadata import version

    import rapidocr_onnxruntime

    return {"model": "rapidocr-ppocrv4", "where": "package",
            "path": str(Path(rapidocr_onnxruntime.__file__).parent / "models"),
            "licence": "Apache-2.0", "version": version("rapidocr_onnxruntime")}


def frames(media: Path, fps: float, width: int, height: int) -> Iterator[tuple[float, Any]]:
    """``(time, BGR frame)`` every ``1/fps`` s, at most ``MAX_WIDTH`` wide (ffmpeg pipe)."""
    import numpy as np

    w = min(width, MAX_WIDTH)
    h = max(2, round(height * w / width / 2) * 2)
    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(media), "-map", "0:v:0", "-an",
           "-vf", f"fps={fps},scale={w}:{h}", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"]
    size = w * h * 3
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    k = 0
    try:
        while True:
            buf = proc.stdout.read(size)
            if len(buf) < size:
                break
            yield k / fps, np.frombuffer(buf, dtype=np.uint8).reshape(h, w, 3)
            k += 1
    finally:
        proc.stdout.close()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        code = proc.wait()
    if code != 0 and k == 0:
        raise BadFile(media, f"ffmpeg could not decode the video ({err.strip()[:200]})")


def read(image: Any, scale: float = 1.0) -> list[Line]:
    """Lines of text in a BGR ``image`` with confidence >= ``MIN_SCORE``; boxes divided by
    ``scale`` (to go back to source pixels)."""
    result, _ = engine()(image)
    out: list[Line] = []
    for quad, text, score in result or []:
        text = " ".join(str(text).split())
        if float(score) < MIN_SCORE or not text:
            continue
        xs = [p[0] / scale for p in quad]
        ys = [p[1] / scale for p in quad]
        x, y = int(min(xs)), int(min(ys))
        out.append(Line(text, (x, y, int(max(xs)) - x, int(max(ys)) - y), float(score)))
    return out


_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", fold(text)).strip()


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and \
        b[1] < a[1] + a[3]


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]
           ) -> tuple[int, int, int, int]:
    x, y = min(a[0], b[0]), min(a[1], b[1])
    return x, y, max(a[0] + a[2], b[0] + b[2]) - x, max(a[1] + a[3], b[1] + b[3]) - y


def _close_text(a: str, b: str) -> bool:
    """85 % similar, or one sharing a run of 70 % of the shorter's characters (a word dropped
    or misread on a busy background: "scene 42 take" / "42 take3")."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() >= SIMILAR:
        return True
    short = min(len(a), len(b))
    return short >= 3 and sm.find_longest_match(0, len(a), 0, len(b)).size >= 0.7 * short


@dataclass
class _Open:
    start: float
    last: int  # sample number last seen
    texts: dict[str, float]  # reading -> summed confidence
    box: tuple[int, int, int, int]  # union of the boxes seen
    scores: list[float]

    def same(self, key: str, box: tuple[int, int, int, int]) -> bool:
        """The same text: a reading with the same key, or, boxes overlapping, a close one."""
        keys = {_key(t) for t in self.texts}
        if key in keys:
            return True
        return _overlap(self.box, box) and any(_close_text(k, key) for k in keys)

    def add(self, line: Line, k: int) -> None:
        self.last = k
        self.texts[line.text] = self.texts.get(line.text, 0.0) + line.score
        self.box = _union(self.box, line.box)
        self.scores.append(line.score)

    def close(self, period: float, duration: float | None) -> ScreenText:
        end = (self.last + 1) * period
        if duration:
            end = min(end, duration)
        # the fullest reading wins: confidence summed over samples, times its length
        text = max(self.texts.items(), key=lambda kv: (kv[1] * len(kv[0]), kv[1]))[0]
        return ScreenText(round(self.start, 3), round(max(end, self.start), 3), text, self.box,
                          round(sum(self.scores) / len(self.scores), 4))


def merge(samples: list[tuple[int, list[Line]]], period: float,
          duration: float | None = None) -> list[ScreenText]:
    """Spans from per-sample readings (``(sample number, lines)``, in order). A line goes on
    a span read on the sample before, or joins a span already continued on this sample (the
    same line read in pieces), or starts a new span."""
    done: list[ScreenText] = []
    live: list[_Open] = []
    for k, lines in samples:
        keep: list[_Open] = []
        for line in lines:
            key = _key(line.text)
            match = next((o for o in keep if o.same(key, line.box)), None)
            if match is None:
                match = next((o for o in live if o.same(key, line.box)), None)
                if match is None:
                    match = _Open(k * period, k, {}, line.box, [])
                else:
                    live.remove(match)
                keep.append(match)
            match.add(line, k)
        done += [o.close(period, duration) for o in live]
        live = keep
    done += [o.close(period, duration) for o in live]
    return sorted(done, key=lambda s: (s.start, s.box[1] if s.box else 0, s.text))


def screen_text(media: Path, width: int, height: int, sample_fps: float = 1.0,
                duration: float | None = None) -> list[ScreenText]:
    """On-screen text spans of a video."""
    import numpy as np

    scale = min(width, MAX_WIDTH) / width
    samples: list[tuple[int, list[Line]]] = []
    prev: Any = None
    lines: list[Line] = []
    for k, (_, img) in enumerate(frames(media, sample_fps, width, height)):
        small = img[::8, ::8].astype(np.int16)
        if prev is None or float(np.abs(small - prev).mean()) >= 1.0:
            lines = read(img, scale)
        prev = small
        samples.append((k, lines))
    return merge(samples, 1.0 / sample_fps, duration)


def text_step(work: Any) -> None:
    """Fill ``work.findings.texts`` (an :class:`imagia.index.ingest.AssetWork`)."""
    if not work.width or not work.height:
        work.notes.append("no on-screen text: the video stream has no size")
        return
    work.findings.texts = screen_text(work.media, int(work.width), int(work.height),
                                      float(work.options.sample_fps), work.duration)
    work.use_model(model_info())


__all__ = ["MIN_SCORE", "Line", "engine", "merge", "read", "screen_text", "text_step"]
