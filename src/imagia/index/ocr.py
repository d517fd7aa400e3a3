"""On-screen text for the index: RapidOCR on frames sampled from the video.

Frames are decoded by ffmpeg at ``sample_fps`` (default 1 a second), scaled down to at most
``MAX_WIDTH`` pixels wide, and piped as raw BGR. RapidOCR (the shared engine of
:mod:`imagia.media.ocr`) reads each sample; lines under its ``MIN_SCORE`` confidence are dropped.
A line read again on the next sample (same text after case/accent/space folding, or, with
overlapping boxes, 85 % similar or sharing a run of 70 % of the shorter text) extends the same
:class:`ScreenText` span, as do pieces of one line read apart on one sample; the span runs from
its first sample to one sample period after its last, its text is the fullest reading (summed
confidence times length), its box the union of the boxes.

OCR is the costly part, so a sample is only read where it changed (:func:`read_samples`): a
sample whose every 8x8 cell is within ``DIFF_LEVEL`` grey levels of what was last read there
carries the previous reading forward; when the changed regions are small, only they are read
and the lines elsewhere are carried; otherwise the whole frame is read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.index.store import ScreenText, fold
from imagia.media.ocr import Box, Line, model_info, read, read_parts

MAX_WIDTH = 1280
SIMILAR = 0.85
CELL = 8  # pixels (decoded frame) per cell of the change map
DIFF_LEVEL = 8.0  # grey levels: a cell whose mean changed this much since it was read changed
PAD = 24  # pixels of context read around a changed region
FULL_AREA = 0.5  # changed regions over this share of the frame: the whole frame is read


def frames(media: Path, fps: float, width: int, height: int) -> Iterator[tuple[float, Any]]:
    """``(time, BGR frame)`` every ``1/fps`` s, at most ``MAX_WIDTH`` wide (ffmpeg pipe)."""
    from imagia.media.frames import decode

    w = min(width, MAX_WIDTH)
    h = max(2, round(height * w / width / 2) * 2)
    for k, img in decode(media, w, h, f"fps={fps}"):
        yield k / fps, img


_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", fold(text)).strip()


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
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
        return ScreenText(
            round(self.start, 3),
            round(max(end, self.start), 3),
            text,
            self.box,
            round(sum(self.scores) / len(self.scores), 4),
        )


def merge(
    samples: list[tuple[int, list[Line]]], period: float, duration: float | None = None
) -> list[ScreenText]:
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


def _grey(img: Any) -> Any:
    """The frame as a grey image ``CELL`` times smaller (mean of each cell), float32."""
    import cv2

    h, w = img.shape[0] // CELL, img.shape[1] // CELL
    grey = cv2.cvtColor(img[: h * CELL, : w * CELL], cv2.COLOR_BGR2GRAY)
    return cv2.resize(grey, (w, h), interpolation=cv2.INTER_AREA).astype("float32")


def _hits(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _join(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def changed_regions(changed: Any, lines: list[Box], width: int, height: int) -> list[Box]:
    """Regions to read again: the changed cells' bounding boxes (8-connected), padded by
    ``PAD``, grown to hold every line already read that they touch (a line partly changed is
    read whole), overlapping ones joined."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(changed.astype(np.uint8), connectivity=8)
    regions: list[Box] = []
    for x, y, w, h, _area in stats[1:n]:
        regions.append(
            (
                max(0, int(x) * CELL - PAD),
                max(0, int(y) * CELL - PAD),
                min(width, int(x + w) * CELL + PAD),
                min(height, int(y + h) * CELL + PAD),
            )
        )
    grown = True
    while grown:
        grown = False
        for k, r in enumerate(regions):
            for box in lines:
                if _hits(r, box) and _join(r, box) != r:
                    r = regions[k] = _join(r, box)
                    grown = True
            for j in range(k + 1, len(regions)):
                if _hits(r, regions[j]):
                    regions[k] = _join(r, regions.pop(j))
                    grown = True
                    break
            if grown:
                break
    return regions


def read_samples(
    media: Path, width: int, height: int, sample_fps: float = 1.0
) -> Iterator[tuple[int, list[Line], str]]:
    """``(sample number, lines, how)`` for each sample; ``how`` is ``"full"`` (the whole frame
    read), ``"parts"`` (only changed regions read, the other lines carried) or ``"same"``
    (nothing changed: the lines carried).

    Each sample's grey image, ``CELL`` times smaller, is compared with what was last read at
    each place: cells whose mean changed by ``DIFF_LEVEL`` grey levels or more have changed.
    No cell changed: the reading is carried forward (text stays on still frames). Changed
    regions (padded, grown to whole lines) covering under ``FULL_AREA`` of the frame: only
    they are read (:func:`read_parts`: detector and recogniser as on the whole frame) and the
    lines outside them carried; otherwise the whole frame is read."""
    scale = min(width, MAX_WIDTH) / width
    ref: Any = None
    lines: list[Line] = []
    for k, (_, img) in enumerate(frames(media, sample_fps, width, height)):
        grey = _grey(img)
        h, w = img.shape[:2]
        if ref is None:
            lines, how, ref = read(img, scale), "full", grey
            yield k, lines, how
            continue
        changed = abs(grey - ref) >= DIFF_LEVEL
        if not changed.any():
            yield k, lines, "same"
            continue
        boxes = [
            (int(x * scale), int(y * scale), int((x + bw) * scale) + 1, int((y + bh) * scale) + 1)
            for x, y, bw, bh in (ln.box for ln in lines)
        ]
        regions = changed_regions(changed, boxes, w, h)
        if sum((r[2] - r[0]) * (r[3] - r[1]) for r in regions) > FULL_AREA * w * h:
            lines, ref = read(img, scale), grey
            yield k, lines, "full"
            continue
        kept = [
            ln for ln, b in zip(lines, boxes, strict=True) if not any(_hits(b, r) for r in regions)
        ]
        kept += read_parts(img, regions, scale)
        for x0, y0, x1, y1 in regions:
            c0, c1 = y0 // CELL, -(-y1 // CELL)
            ref[c0:c1, x0 // CELL : -(-x1 // CELL)] = grey[c0:c1, x0 // CELL : -(-x1 // CELL)]
        lines = sorted(kept, key=lambda ln: (ln.box[1], ln.box[0]))
        yield k, lines, "parts"


def screen_text(
    media: Path, width: int, height: int, sample_fps: float = 1.0, duration: float | None = None
) -> list[ScreenText]:
    """On-screen text spans of a video."""
    samples = [(k, lines) for k, lines, _ in read_samples(media, width, height, sample_fps)]
    return merge(samples, 1.0 / sample_fps, duration)


def text_step(work: Any) -> None:
    """Fill ``work.findings.texts`` (an :class:`imagia.index.ingest.AssetWork`)."""
    if not work.width or not work.height:
        work.notes.append("no on-screen text: the video stream has no size")
        return
    work.findings.texts = screen_text(
        work.media, int(work.width), int(work.height), float(work.options.sample_fps), work.duration
    )
    work.use_model(model_info())


__all__ = ["changed_regions", "merge", "read_samples", "screen_text", "text_step"]
