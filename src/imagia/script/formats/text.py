"""Plain text laid out like a screenplay (what "save as text" or ``pdftotext -layout`` gives).

Reading: when the text is indented like a typeset page (cues far right of the action margin)
lines are classified by indentation and case (:mod:`imagia.script.formats.layout`); flush-left
text is read with the Fountain rules (without forcing marks it is the same convention).
Writing: a US-style typeset page, 55 lines, page numbers, ``(MORE)``/``(CONT'D)``.
"""

from __future__ import annotations

from imagia.script.formats import fountain
from imagia.script.formats.encoding import decode_text
from imagia.script.formats.layout import (
    looks_laid_out,
    parse_pages,
    render_text,
    text_to_pages,
    typeset,
)
from imagia.script.model import Screenplay

__all__ = ["dumps", "loads", "looks_laid_out"]


def loads(data: bytes, source: str = "") -> Screenplay:
    text = decode_text(data, source)
    if looks_laid_out(text):
        return parse_pages(text_to_pages(text))
    return fountain.loads(data, source)


def dumps(sp: Screenplay, style: str = "us") -> bytes:
    pages = typeset(sp, style)
    return render_text(pages, style, title_page=bool(sp.title_page)).encode("utf-8")
