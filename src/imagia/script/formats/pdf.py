"""PDF of a typeset screenplay.

Reading (pdfplumber): each page's words with their x position and font are put back on a grid
of character columns and text rows (column width and row height measured on the page), then
the lines are classified by :mod:`imagia.script.formats.layout` (US and French layouts). Page
numbers, ``CONTINUED`` headers and ``(MORE)``/``(CONT'D)`` page-break marks are dropped, and a
speech split across pages is joined. Italic lines inside a speech are read as lyrics. A PDF
with no text layer (a scan) is read by OCR page by page (:mod:`imagia.script.ocr_pdf`, a
warning names each page so read); without OCR installed, or an encrypted PDF, it is refused with
a message saying so.

Writing (reportlab): Courier 12, 10 characters an inch, 6 lines an inch, US or French layout.
"""

from __future__ import annotations

import io
import itertools
import statistics
from typing import Any

from imagia.core.errors import BadFile, MissingDependency
from imagia.script.formats.layout import STYLES, RLine, TLine, parse_pages, typeset
from imagia.script.model import Screenplay

CHAR_W = 7.2  # Courier 12: 10 characters an inch
LINE_H = 12.0  # 6 lines an inch
TOP = 72.0
MAX_ROWS = 2000  # text rows on one page: a typeset page has 66; more is a broken page box


def _pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - depends on the install
        raise MissingDependency(
            "reading PDF screenplays needs pdfplumber", hint="pip install 'imagia[script]'"
        ) from None
    return pdfplumber


def _page_rows(words: list[dict[str, Any]], page_no: int) -> list[RLine | None]:
    if not words:
        return []
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 3]
    cw = statistics.median(widths) if widths else CHAR_W
    tops = sorted({round(w["top"], 1) for w in words})
    gaps = [b - a for a, b in itertools.pairwise(tops) if b - a > 2]
    lh = min(gaps) if gaps else LINE_H
    lh = statistics.median([g for g in gaps if g < lh * 1.5]) if gaps else lh
    first = tops[0]
    grid: dict[int, list[dict[str, Any]]] = {}
    for w in words:
        grid.setdefault(round((w["top"] - first) / lh), []).append(w)
    if max(grid) >= MAX_ROWS:
        raise ValueError(f"page {page_no}: text spread over {max(grid) + 1} rows")
    rows: list[RLine | None] = [None] * (max(grid) + 1)
    for r, ws in grid.items():
        ws.sort(key=lambda w: w["x0"])
        text = ""
        col0 = round(ws[0]["x0"] / cw)
        for w in ws:
            col = round(w["x0"] / cw) - col0
            if text:
                text += " " * max(1, col - len(text))
            else:
                text = ""
            text += w["text"]
        italic = all(
            ("Oblique" in str(w.get("fontname", "")) or "Italic" in str(w.get("fontname", "")))
            for w in ws
        )
        rows[r] = RLine(col0, text, page_no, italic=italic)
    return rows


def _pdfium_words(data: bytes) -> list[list[dict[str, Any]]] | None:
    """Text runs with positions and font, per page, with pypdfium2 (20x faster than
    pdfplumber); None when pypdfium2 is not installed."""
    try:
        import ctypes

        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c
    except ImportError:
        return None
    doc = pdfium.PdfDocument(data)
    pages: list[list[dict[str, Any]]] = []
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    try:
        for i in range(len(doc)):
            page = doc[i]
            height = page.get_height()
            tp = page.get_textpage()
            words = []
            for r in range(tp.count_rects()):
                left, bottom, right, top = tp.get_rect(r)
                text = tp.get_text_bounded(left, bottom, right, top).replace("\r", "")
                text = text.replace("\n", " ").rstrip()
                if not text.strip():
                    continue
                lead = len(text) - len(text.lstrip())
                idx = tp.get_index(left + 1, (bottom + top) / 2, 2, 2)
                font = ""
                x0, base = left, bottom
                if idx >= 0:
                    pdfium_c.FPDFText_GetFontInfo(tp.raw, idx, buf, 128, ctypes.byref(flags))
                    font = buf.value.decode("latin-1", "replace")
                    # the baseline origin of the first glyph: exact, unlike glyph boxes
                    if pdfium_c.FPDFText_GetCharOrigin(
                        tp.raw, idx, ctypes.byref(ox), ctypes.byref(oy)
                    ):
                        x0, base = ox.value, oy.value
                words.append(
                    {
                        "x0": x0,
                        "x1": right,
                        "top": height - base,
                        "text": text.lstrip(),
                        "lead": lead,
                        "fontname": font,
                    }
                )
            pages.append(words)
    finally:
        doc.close()
    return pages


def _words(data: bytes) -> list[list[dict[str, Any]]]:
    found = _pdfium_words(data)
    if found is not None:
        return found
    pdfplumber = _pdfplumber()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            p.extract_words(extra_attrs=["fontname"], keep_blank_chars=False) for p in pdf.pages
        ]


def loads(data: bytes, source: str = "") -> Screenplay:
    src = source or "<pdf>"
    pages: list[list[RLine | None]] = []
    try:
        for i, words in enumerate(_words(data), 1):
            pages.append(_page_rows(words, i))
    except BadFile:
        raise
    except Exception as exc:
        name = type(exc).__name__
        cause = f"{name} {type(exc.__cause__).__name__} {exc!r}"
        if b"/Encrypt" in data or "Password" in cause or "encrypt" in cause.lower():
            raise BadFile(
                src,
                "encrypted PDF: cannot read its text",
                hint="export an unprotected PDF or the FDX/Fountain",
            ) from None
        raise BadFile(src, f"not a readable PDF ({name}: {exc})") from None
    notes: list[str] = []
    bare = [i for i, p in enumerate(pages) if not any(r is not None for r in p)]
    if bare:
        try:
            notes = _ocr(data, src, pages, bare)
        except (BadFile, MissingDependency):
            raise
        except Exception as exc:
            raise BadFile(
                src, f"cannot read the scanned pages by OCR ({type(exc).__name__}: {exc})"
            ) from None
    sp = parse_pages(pages)
    sp.warnings.extend(notes)
    return sp


def _ocr(data: bytes, src: str, pages: list[list[RLine | None]], bare: list[int]) -> list[str]:
    """Read the pages without a text layer by OCR (in place); the notes saying so. A PDF with
    no text at all and no OCR installed is refused."""
    from imagia.script import ocr_pdf

    if not ocr_pdf.available():
        if len(bare) < len(pages):
            return [
                f"page {i + 1} has no text layer (a scan) and was skipped: OCR needs "
                "rapidocr_onnxruntime"
                for i in bare
            ]
        raise BadFile(
            src,
            f"no text layer in {len(pages)} page(s): a scanned (image-only) PDF, "
            "and OCR (rapidocr_onnxruntime) is not installed",
            hint="pip install --no-deps rapidocr_onnxruntime==1.4.4 onnxruntime "
            "opencv-python-headless, or export the PDF from the writing software",
        )
    read = ocr_pdf.read_pages(data, bare)
    for i, rows in read.items():
        pages[i] = rows
    if not any(any(r is not None for r in p) for p in pages):
        raise BadFile(
            src,
            f"no text layer in {len(pages)} page(s) and OCR found no text in them",
            hint="scan at 200-300 dpi, or export the PDF from the writing software",
        )
    return [ocr_pdf.note(i + 1) for i in bare if any(r is not None for r in read[i])]


def dumps(sp: Screenplay, style: str = "us", lines_per_page: int = 55) -> bytes:
    """A Courier 12 PDF of the screenplay, US or French layout."""
    try:
        from reportlab.lib.pagesizes import letter
        from reportlab.pdfgen import canvas
    except ImportError:  # pragma: no cover - depends on the install
        raise MissingDependency(
            "writing PDF screenplays needs reportlab", hint="pip install 'imagia[script]'"
        ) from None
    st = STYLES[style]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, pageCompression=0)
    c.setTitle(sp.title or "screenplay")
    height = letter[1]
    pages = typeset(sp, style, lines_per_page)
    has_tp = bool(sp.title_page)
    for i, page in enumerate(pages):
        number = i + (0 if has_tp else 1)
        if number >= 2:
            c.setFont("Courier", 12)
            if st.page_number_top:
                label = f"{number}."
                c.drawString((75 - len(label)) * CHAR_W, height - 36, label)
            else:
                label = f"- {number} -"
                c.drawString((85 - len(label)) / 2 * CHAR_W, 36, label)
        for row, line in enumerate(page):
            if line is None:
                continue
            _draw(c, line, height - TOP - row * LINE_H)
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw(c: Any, line: TLine, y: float) -> None:
    font = "Courier-Bold" if line.bold else "Courier-Oblique" if line.italic else "Courier"
    c.setFont(font, 12)
    c.drawString(line.col * CHAR_W, y, line.text)
