"""OCR for scanned (image-only) screenplay PDFs.

A page without a text layer is rendered with pypdfium2 (``DPI`` dots an inch) and read by
RapidOCR (``rapidocr_onnxruntime`` 1.4.4: PP-OCRv4 detection and recognition, ONNX models inside
its wheel, nothing downloaded; the engine is the one :mod:`imagia.media.ocr` shares). Its lines
become the typeset rows the PDF reader classifies (:class:`~imagia.script.formats.layout.RLine`:
column, text, page):

- **skew**: the median slope of the long lines' boxes is measured and every point is turned
  back by it, so a page scanned a little askew keeps its columns;
- **columns**: a screenplay is typed in a monospaced font (Courier 12: 0.6 em, 10 characters an
  inch), so the character pitch is measured on the page (median distance between neighbouring
  characters of a word, from RapidOCR's per-character boxes, ``return_word_box``) and a line's
  column is its left edge divided by the pitch;
- **spaces**: RapidOCR drops spaces between words (``EXT.HARBOUR-QUAYSIDE-NIGHT``); each
  character is put back in its column from its own box, so a gap of two pitches is one space
  (``EXT. HARBOUR - QUAYSIDE - NIGHT``). Where the per-character boxes do not match the text,
  the line's width in pitches tells how many spaces are missing and they are put back after
  ``.``/``,``/``;``/``:``/``?``/``!`` and around ``-`` first;
- **rows**: lines are grouped by their centre height; the gap to the previous row, in line
  heights (measured on the page), says how many blank rows lie between them.

Full-width punctuation of the Chinese-English model (``（``, ``，``) is folded to ASCII (NFKC).
Italics (lyrics) cannot be seen: a sung line is read as dialogue.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from typing import Any

from imagia.script.formats.layout import RLine
from imagia.script.model import HEADING_START, is_upper_line

DPI = 150
MIN_SCORE = 0.5
BOX_THRESH = 0.3
MODEL = "RapidOCR PP-OCRv4"
NOTE = "read by OCR (" + MODEL + ")"


@dataclass
class OcrLine:
    """One line read on a page, in page pixels after deskewing."""

    text: str
    x0: float
    x1: float
    yc: float  # centre height
    height: float
    score: float
    chars: list[tuple[str, float]]  # (character, centre x) from RapidOCR's boxes, or []


def available() -> bool:
    """True when RapidOCR and pypdfium2 can be imported."""
    try:
        import pypdfium2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def model_info() -> dict[str, object]:
    """The model's provenance record (as ``job.use_model`` takes it)."""
    from imagia.media.ocr import model_info as info

    return info()


def note(page: int) -> str:
    return f"page {page} {NOTE}, check the text"


def ocr_pages(sp_warnings: list[str]) -> list[int]:
    """Page numbers a parse result says were read by OCR."""
    out = []
    for w in sp_warnings:
        m = re.match(r"page (\d+) " + re.escape(NOTE), w)
        if m:
            out.append(int(m[1]))
    return out


def render(data: bytes, pages: list[int], dpi: int = DPI) -> list[Any]:
    """BGR images (numpy) of the 0-based ``pages`` of a PDF."""
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    out = []
    try:
        for i in pages:
            bitmap = doc[i].render(scale=dpi / 72, grayscale=True)
            arr = bitmap.to_numpy()
            if arr.ndim == 3:
                arr = arr[:, :, 0]
            out.append(np.ascontiguousarray(np.stack([arr] * 3, axis=-1)))
    finally:
        doc.close()
    return out


def _fold(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch)
    return out.replace("\u3002", ".").replace("\u3001", ",")


def _skew(result: list[Any]) -> float:
    """The page's skew (radians): median slope of the top edges of boxes wider than 8 heights."""
    slopes = []
    for r in result:
        q = r[0]
        dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
        h = abs(q[3][1] - q[0][1]) or 1
        if dx > 8 * h:
            slopes.append(math.atan2(dy, dx))
    return statistics.median(slopes) if slopes else 0.0


def _aligned(text: str, n: int) -> list[str]:
    """The characters of ``text`` that RapidOCR gave a box each (``n`` boxes, sorted left to
    right): every character when it boxed the spaces it kept, else the non-space ones; nothing
    when neither count matches. (Its own per-box contents list Chinese-class characters such
    as brackets first, so they are not used.)"""
    if len(text) == n:
        return list(text)
    bare = [c for c in text if not c.isspace()]
    return bare if len(bare) == n else []


def read_image(image: Any) -> list[OcrLine]:
    """RapidOCR's lines on a BGR page image, deskewed, with their per-character boxes."""
    from imagia.media.ocr import engine

    # no direction classifier: pages are upright, and it turned some short lines upside down
    # a lower box threshold keeps lone scene numbers ("1" in the margin)
    result, _ = engine()(image, use_cls=False, return_word_box=True, box_thresh=BOX_THRESH)
    result = result or []
    angle = _skew(result)
    cy, cx = image.shape[0] / 2, image.shape[1] / 2
    cos, sin = math.cos(-angle), math.sin(-angle)

    def turn(x: float, y: float) -> tuple[float, float]:
        return (cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos)

    lines: list[OcrLine] = []
    for r in result:
        quad, text, score = r[0], str(r[1]), float(r[2])
        if score < MIN_SCORE or not text.strip():
            continue
        pts = [turn(float(p[0]), float(p[1])) for p in quad]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        chars: list[tuple[str, float]] = []
        boxes = r[3] if len(r) > 3 and isinstance(r[3], list) else []
        centres = []
        for b in boxes:
            bx = [turn(float(p[0]), float(p[1]))[0] for p in b]
            centres.append((min(bx) + max(bx)) / 2)
        centres.sort()
        seq = _aligned(text, len(centres))
        if seq:
            chars = list(zip(seq, centres, strict=True))
        lines.append(
            OcrLine(
                text, min(xs), max(xs), (min(ys) + max(ys)) / 2, max(ys) - min(ys), score, chars
            )
        )
    return lines + _margin_numbers(image, lines, angle)


_NUMBER = re.compile(r"^\d{1,4}[A-Z]{0,2}\.?$")
# a heading whose "." was lost: EXTHARBOUR-QUAYSIDE-NIGHT
_LOOSE_HEADING = re.compile(r"^(?:INT|EXT|EST|I/E)\W*[A-Z]")


def _margin_numbers(image: Any, lines: list[OcrLine], angle: float) -> list[OcrLine]:
    """Scene numbers the detector missed (a lone digit in the margin is its weakest case):
    beside each heading with nothing read on its left or its right, the ink in that band is
    cropped and read by the recogniser alone."""
    import numpy as np

    from imagia.media.ocr import engine

    cw = pitch(lines)
    if cw is None:
        return []
    grey = image[:, :, 0]
    height, width = grey.shape
    found: list[OcrLine] = []
    for ln in lines:
        if not (HEADING_START.match(ln.text) or _LOOSE_HEADING.match(ln.text)) or not is_upper_line(
            ln.text
        ):
            continue
        same = [o for o in lines if o is not ln and abs(o.yc - ln.yc) < 0.5 * ln.height]
        sides = []
        if not any(o.x1 <= ln.x0 for o in same):
            sides.append((max(0.0, ln.x0 - 14 * cw), ln.x0 - 0.5 * cw))
        if not any(o.x0 >= ln.x1 for o in same):
            sides.append((ln.x1 + 2 * cw, float(width)))
        for a, b in sides:
            # the band follows the page's skew: its centre height at the band's middle
            yc = ln.yc + math.tan(angle) * ((a + b) / 2 - (ln.x0 + ln.x1) / 2)
            y0, y1 = int(max(0, yc - 0.8 * ln.height)), int(min(height, yc + 0.8 * ln.height))
            x0, x1 = int(max(0, a)), int(min(width, b))
            if x1 - x0 < cw or y1 - y0 < 4:
                continue
            ink = np.where(grey[y0:y1, x0:x1] < 128)
            if len(ink[1]) < 8:
                continue
            lo, hi = int(ink[1].min()), int(ink[1].max())
            if hi - lo > 6 * cw:  # more than a scene number: not ours to guess
                continue
            pad = int(cw)
            cx0, cx1 = max(0, x0 + lo - pad), min(width, x0 + hi + pad)
            crop = np.ascontiguousarray(image[y0:y1, cx0:cx1])
            res, _ = engine()(crop, use_det=False, use_cls=False)
            text, score = (str(res[0][0]).strip(), float(res[0][1])) if res else ("", 0.0)
            if _NUMBER.match(text) and score >= MIN_SCORE:
                found.append(
                    OcrLine(text, float(x0 + lo), float(x0 + hi), yc, ln.height, score, [])
                )
    return found


def pitch(lines: list[OcrLine]) -> float | None:
    """The character pitch in pixels (monospaced type): the median distance between the
    starts of neighbouring characters, refined to the pitch that puts every character of every
    line nearest to a whole column (a periodogram over +-8 %)."""
    import numpy as np

    heights = [ln.height for ln in lines]
    if not heights:
        return None
    guess = 0.6 * statistics.median(heights)
    steps = []
    for ln in lines:
        for (_, a), (_, b) in itertools.pairwise(ln.chars):
            if 0.5 * guess < b - a < 1.5 * guess:
                steps.append(b - a)
    if len(steps) < 10:
        widths = [(ln.x1 - ln.x0) / len(ln.text) for ln in lines if len(ln.text) >= 8]
        return statistics.median(widths) if widths else None
    # the box edges are quantised (the recogniser's columns): a trimmed mean, not the median
    steps.sort()
    cut = len(steps) // 10
    first = statistics.mean(steps[cut : len(steps) - cut])
    offsets = np.concatenate(
        [np.array([x for _, x in ln.chars]) - ln.chars[0][1] for ln in lines if len(ln.chars) >= 2]
    )
    cands = first * np.linspace(0.92, 1.08, 161)
    power = np.abs(np.exp(2j * np.pi * offsets[None, :] / cands[:, None]).sum(axis=1))
    return float(cands[int(np.argmax(power))])


_BREAK = re.compile(r"(?<=[.,;:?!])(?=[^\s.,;:?!)'\"])|(?<=\w)(?=-\w)|(?<=\w-)(?=\w)")


_CASE = re.compile(r"[A-Za-z]{2,}")
_GLUED_I = re.compile(r"(?<=[a-z])I(?=[\s,.;:!?']|$)")


def _case(m: re.Match[str]) -> str:
    """Courier's c o s u v w x z look the same in both cases: in a word of capitals they are
    capitals (``DoG``, ``sTuNT`` -> ``DOG``, ``STUNT``)."""
    w = m[0]
    upper = sum(c.isupper() for c in w)
    if upper >= 2 and all(c.isupper() or c in "cosuvwxz" for c in w):
        return w.upper()
    return w


def _columns(ln: OcrLine, cw: float, ref: float | None = None) -> list[int]:
    """The column of each boxed character, counted from the x position ``ref`` (default: the
    line's mean): the line's grid phase is the one that puts its characters nearest whole
    columns, so one misplaced box does not shift the others, and counting from a near
    reference keeps a small pitch error from adding up across the page."""
    xs = [x for _, x in ln.chars]
    ref = statistics.mean(xs) if ref is None else ref
    rel = [(x - ref) / cw for x in xs]
    z = sum(complex(math.cos(2 * math.pi * r), math.sin(2 * math.pi * r)) for r in rel)
    phase = math.atan2(z.imag, z.real) / (2 * math.pi)
    return [round(r - phase) for r in rel]


def _start(ln: OcrLine, cw: float) -> float:
    """The left edge of the line's first character."""
    return ln.chars[0][1] - cw / 2 if ln.chars else ln.x0


def spaced_text(ln: OcrLine, cw: float) -> str:
    """The line's text with the spaces RapidOCR dropped put back (each character in its own
    column), full-width punctuation folded and case slips fixed."""
    if ln.chars:
        cols = _columns(ln, cw)
        out = ""
        space = False  # a space RapidOCR read itself is kept
        for (ch, _), col in zip(ln.chars, cols, strict=True):
            if ch.isspace():
                space = bool(out)
                continue
            at = max(col - cols[0], len(out) + int(space))
            out += " " * min(at - len(out), 12) + _fold(ch)
            space = False
        text = out
    else:
        text = "".join(_fold(c) for c in ln.text)
        missing = round((ln.x1 - ln.x0) / cw) - len(text)
        if missing > 0:
            spots = [m.start() for m in _BREAK.finditer(text)][:missing]
            for pos in reversed(spots):
                text = text[:pos] + " " + text[pos:]
    # the pronoun glued to the word before ("MaybeI was"): a lower-case letter never precedes
    # a lone capital I inside a word
    text = _GLUED_I.sub(" I", text)
    return _CASE.sub(_case, text)


def page_rows(lines: list[OcrLine], page_no: int, scale: float) -> list[RLine | None]:
    """Rows of one page: ``scale`` is pixels per PDF point (column positions do not depend on
    it; the line height and pitch are measured on the page)."""
    cw = pitch(lines)
    if not lines or cw is None:
        return []
    lines = sorted(lines, key=lambda ln: ln.yc)
    rows: list[list[OcrLine]] = []
    for ln in lines:
        if rows and abs(ln.yc - statistics.mean(x.yc for x in rows[-1])) < 0.45 * ln.height:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    centres = [statistics.mean(x.yc for x in row) for row in rows]
    gaps = [b - a for a, b in itertools.pairwise(centres)]
    # the line height: 12 points (6 lines an inch) unless the page says otherwise
    lh = 12.0 * scale
    small = [g for g in gaps if g < 1.5 * lh]
    if len(small) >= 3:
        lh = statistics.median(small)
    out: list[RLine | None] = []
    for k, row in enumerate(rows):
        if k:
            blanks = round(gaps[k - 1] / lh) - 1
            out.extend([None] * max(0, min(blanks, 20)))
        row.sort(key=lambda ln: ln.x0)
        col0 = round(_start(row[0], cw) / cw)
        ref = _start(row[0], cw) + cw / 2
        text = ""
        last = -math.inf
        for ln in row:
            if ln.chars and ln.chars[0][1] < last + 0.6 * cw:
                # neighbouring boxes that both read the glyphs where they overlap
                keep = [(c, x) for c, x in ln.chars if x >= last + 0.6 * cw]
                if not keep:
                    continue
                ln = OcrLine(
                    "".join(c for c, _ in keep), keep[0][1], ln.x1, ln.yc, ln.height, ln.score, keep
                )
            piece = spaced_text(ln, cw)
            at = _columns(ln, cw, ref)[0] if ln.chars else round((ln.x0 + cw / 2 - ref) / cw)
            gap = at - len(text)
            if ln.chars and last > -math.inf:
                # the distance from the previous box's last character says it too (a lone
                # short box has no grid phase of its own)
                gap = max(gap, round((ln.chars[0][1] - last) / cw) - 1)
            if ln.chars:
                last = max(last, ln.chars[-1][1])
            if text and gap < 0 and text.endswith(piece[:-gap]):
                piece = piece[-gap:]  # the same characters read in both boxes
            elif text:
                piece = " " * max(0 if gap == 0 else 1, gap) + piece
            text += piece
        out.append(RLine(col0, _both_numbers(_heading_marks(text.strip())), page_no))
    return out


_RIGHT_NO = re.compile(r"^(?P<h>[^\d\s].*?\S)\s{8,}(?P<n>\d+[A-Z]{0,2})\.?$")


_PREFIX = re.compile(
    r"^(?P<n>\d+[A-Z]{0,2}\.?\s+)?(?P<p>INT|EXT|EST|I/E|INT\./EXT|EXT\./INT)"
    r"\s{2}(?=\S)"
)
_LOST_DASH = re.compile(r"(?<=\S) {3}(?=\S)")


def _heading_marks(text: str) -> str:
    """Marks a poor scan loses in a heading, where the columns say one character is missing:
    ``EXT  HARBOUR`` -> ``EXT. HARBOUR``, ``HARBOUR   NIGHT`` -> ``HARBOUR - NIGHT``."""
    text = _PREFIX.sub(lambda m: f"{m['n'] or ''}{m['p']}. ", text)
    body = re.sub(r"^\d+[A-Z]{0,2}\.?\s+", "", text)
    if HEADING_START.match(body) and is_upper_line(body):
        text = _LOST_DASH.sub(" - ", text)
    return text


def _both_numbers(text: str) -> str:
    """A US heading whose left scene number was not read (a lone digit in the margin is the
    detector's weakest case) gets it back from the right one: ``12  INT. HOUSE - DAY  12``."""
    m = _RIGHT_NO.match(text)
    if m and HEADING_START.match(m["h"]) and is_upper_line(m["h"]):
        return f"{m['n']}  {m['h']}  {m['n']}"
    return text


def read_pages(data: bytes, pages: list[int], dpi: int = DPI) -> dict[int, list[RLine | None]]:
    """OCR the 0-based ``pages`` of a PDF: rows per page, keyed by the 0-based page index."""
    out: dict[int, list[RLine | None]] = {}
    for i, img in zip(pages, render(data, pages, dpi), strict=True):
        out[i] = page_rows(read_image(img), i + 1, dpi / 72)
    return out


def simulate_scan(
    pdf: bytes, dpi: int = 150, angle: float = 0.3, noise: float = 6.0, seed: int = 0
) -> bytes:
    """An image-only copy of ``pdf`` that looks scanned: each page rendered at ``dpi``, turned
    by ``angle`` degrees (alternating sign), with Gaussian grey noise of ``noise`` levels and a
    slight blur, saved as JPEG inside a PDF without any text (for tests and benchmarks)."""
    import io

    import cv2
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    try:
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_width(), page.get_height()
            grey = page.render(scale=dpi / 72, grayscale=True).to_numpy()
            if grey.ndim == 3:
                grey = grey[:, :, 0]
            rows, cols = grey.shape
            turn = cv2.getRotationMatrix2D((cols / 2, rows / 2), angle * (-1) ** i, 1.0)
            img = cv2.warpAffine(grey, turn, (cols, rows), flags=cv2.INTER_LINEAR, borderValue=255)
            img = cv2.GaussianBlur(img, (3, 3), 0.6)
            img = np.clip(img.astype(np.float32) + rng.normal(0, noise, img.shape), 0, 255)
            jpg = io.BytesIO()
            Image.fromarray(img.astype(np.uint8)).save(jpg, "JPEG", quality=80)
            jpg.seek(0)
            c.setPageSize((w, h))
            c.drawImage(ImageReader(jpg), 0, 0, w, h)
            c.showPage()
    finally:
        doc.close()
    c.save()
    return buf.getvalue()


def _words(text: str, fold_accents: bool) -> list[str]:
    from imagia.script.model import strip_accents

    text = text.lower().replace("\u2019", "'")
    if fold_accents:
        text = strip_accents(text)
    return re.findall(r"[\w']+", text)


def word_error_rate(ref: str, hyp: str, fold_accents: bool = False) -> float:
    """Word error rate of ``hyp`` against ``ref`` (edit distance over words, lower case,
    punctuation ignored; accents compared unless ``fold_accents``)."""
    a, b = _words(ref, fold_accents), _words(hyp, fold_accents)
    if not a:
        return float(bool(b))
    prev = list(range(len(b) + 1))
    for i, wa in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, wb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (wa != wb))
        prev = cur
    return prev[-1] / len(a)


def speech_text(sp: Any) -> str:
    """Everything spoken in a screenplay (dialogue and lyrics), in order."""
    return " ".join(e.text for e in sp.all_elements() if e.kind in ("dialogue", "lyrics"))


__all__ = [
    "DPI",
    "MODEL",
    "NOTE",
    "OcrLine",
    "available",
    "model_info",
    "note",
    "ocr_pages",
    "page_rows",
    "pitch",
    "read_image",
    "read_pages",
    "render",
    "simulate_scan",
    "spaced_text",
    "speech_text",
    "word_error_rate",
]
