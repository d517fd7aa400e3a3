"""Typeset screenplays on pages and read typeset pages back, shared by the plain-text and PDF
formats.

*Typesetting* lays the model out in 10-pitch character columns, US or French style:

=============  =====================  ==========================================
               US (Final Draft-like)   French (common French templates)
=============  =====================  ==========================================
heading        col 15, numbers both    col 15, ``12. INT. ...`` numbered inline
               sides (col 8 and 77)
action         col 15, 60 wide         col 15, 60 wide
character      col 37                  centred on the page
parenthetical  col 31, 25 wide         col 30, 24 wide
dialogue       col 25, 35 wide         col 27, 32 wide
transition     right-aligned at 75     right-aligned at 75
page number    top right ``12.``       bottom centre ``- 12 -``
page break     ``(MORE)`` / ``(CONT'D)``  ``(À SUIVRE)`` / ``(SUITE)``
=============  =====================  ==========================================

*Reading* classifies each line by its indentation relative to the action margin and by its
case (upper-case lines indented past the dialogue column are cues, etc.), drops page numbers,
``CONTINUED`` headers and ``(MORE)`` marks, and joins a speech split across pages.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass

from imagia.script.model import (
    HEADING_START,
    SPEECH_KINDS,
    Element,
    Scene,
    Screenplay,
    is_upper_line,
    normalise_name,
)

PAGE_WIDTH = 85  # 8.5 in at 10 characters an inch
BODY_LINES = 55


@dataclass(frozen=True)
class Style:
    name: str
    action: int = 15
    width: int = 60
    dialogue: int = 25
    dialogue_width: int = 35
    paren: int = 31
    paren_width: int = 25
    cue: int | None = 37  # None: centred
    more: str = "(MORE)"
    contd: str = "CONT'D"
    numbers_inline: bool = False
    page_number_top: bool = True


US = Style("us")
FR = Style(
    "fr",
    dialogue=27,
    dialogue_width=32,
    paren=30,
    paren_width=24,
    cue=None,
    more="(À SUIVRE)",
    contd="SUITE",
    numbers_inline=True,
    page_number_top=False,
)
STYLES = {"us": US, "fr": FR}


@dataclass
class TLine:
    """A typeset line: column, text, and how it should look (for PDF)."""

    col: int
    text: str
    bold: bool = False
    italic: bool = False


# ---------------------------------------------------------------- typesetting


def _blocks(sp: Screenplay, st: Style) -> list[tuple[str, list[TLine], str | None]]:
    """(kind, lines, speaker) blocks; speeches are one block each."""
    out: list[tuple[str, list[TLine], str | None]] = []
    flows: list[tuple[Scene | None, list[Element]]] = [(None, sp.preamble)]
    flows += [(s, s.elements) for s in sp.scenes]
    for scene, elements in flows:
        if scene is not None:
            h = scene.clean_heading.upper()
            if scene.number and st.numbers_inline:
                out.append(("heading", [TLine(st.action, f"{scene.number}. {h}", bold=True)], None))
            elif scene.number:
                text = h.ljust(st.width)
                out.append(
                    (
                        "heading",
                        [TLine(st.action - 7, f"{scene.number:<7}{text}  {scene.number}")],
                        None,
                    )
                )
            else:
                out.append(("heading", [TLine(st.action, h)], None))
        speech: list[TLine] | None = None
        speaker = None
        for e in elements:
            if e.kind == "page_break":
                out.append(("page_break", [], None))
                continue
            if e.kind in ("note", "section", "synopsis"):
                continue
            if e.kind == "character":
                cue = e.text.strip()
                col = st.cue if st.cue is not None else max(st.action, (PAGE_WIDTH - len(cue)) // 2)
                speech = [TLine(col, cue)]
                speaker = e.name
                out.append(("speech", speech, speaker))
                continue
            if e.kind in SPEECH_KINDS and speech is not None:
                if e.kind == "parenthetical":
                    for w in textwrap.wrap(e.text, st.paren_width) or [""]:
                        speech.append(TLine(st.paren, w))
                else:
                    for para in e.text.split("\n"):
                        for w in textwrap.wrap(para, st.dialogue_width) or [""]:
                            speech.append(TLine(st.dialogue, w, italic=e.kind == "lyrics"))
                continue
            speech = None
            if e.kind == "transition":
                t = e.text.upper()
                out.append(("transition", [TLine(75 - len(t), t)], None))
            elif e.kind == "centered":
                out.append(
                    (
                        "action",
                        [
                            TLine(max(st.action, (PAGE_WIDTH - len(w)) // 2), w)
                            for w in textwrap.wrap(e.text, st.width)
                        ],
                        None,
                    )
                )
            else:
                lines: list[TLine] = []
                for para in e.text.split("\n"):
                    lines += [TLine(st.action, w) for w in textwrap.wrap(para, st.width) or [""]]
                out.append(("action", lines, None))
    return out


def typeset(
    sp: Screenplay, style: str = "us", lines_per_page: int = BODY_LINES
) -> list[list[TLine | None]]:
    """Pages of lines (``None`` is a blank line); the title page, when any, comes first."""
    st = STYLES[style]
    pages: list[list[TLine | None]] = []
    if sp.title_page:
        tp: list[TLine | None] = [None] * 18
        for k, v in sp.title_page.items():
            for part in v.split("\n"):
                if k.lower() in ("contact", "notes", "draft date", "date"):
                    tp.append(TLine(st.action, part))
                else:
                    tp.append(TLine((PAGE_WIDTH - len(part)) // 2, part))
            tp.append(None)
        pages.append(tp)
    page: list[TLine | None] = []

    def new_page() -> None:
        nonlocal page
        while page and page[-1] is None:
            page.pop()
        pages.append(page)
        page = []

    for kind, lines, _speaker in _blocks(sp, st):
        if kind == "page_break":
            if page:
                new_page()
            continue
        need = len(lines) + (1 if page else 0)
        room = lines_per_page - len(page)
        if kind == "heading":
            need += 2  # never leave a heading alone at the bottom
        if need > room and page:
            if kind == "speech" and room >= 4 and len(lines) >= 4:
                # split the speech: keep cue + at least 2 lines here, (MORE), CONT'D overleaf
                cue = lines[0]
                keep = room - 2  # blank before + (MORE)
                head, tail = lines[:keep], lines[keep:]
                if tail and head[-1].col == st.paren:
                    head, tail = head[:-1], [head[-1], *tail]
                page.append(None)
                page.extend(head)
                page.append(
                    TLine(
                        cue.col if st.cue is not None else (PAGE_WIDTH - len(st.more)) // 2, st.more
                    )
                )
                new_page()
                name = cue.text
                contd = f"{name} ({st.contd})"
                col = st.cue if st.cue is not None else (PAGE_WIDTH - len(contd)) // 2
                page.append(TLine(col, contd))
                page.extend(tail)
                continue
            new_page()
        if page:
            page.append(None)
        page.extend(lines)
    if page:
        new_page()
    return pages


def render_text(
    pages: list[list[TLine | None]], style: str = "us", title_page: bool = False
) -> str:
    """Plain text pages separated by form feeds, with page numbers."""
    st = STYLES[style]
    out: list[str] = []
    for i, page in enumerate(pages):
        number = i + (0 if title_page else 1)
        rows = [" " * ln.col + ln.text if ln else "" for ln in page]
        if number >= 2 and st.page_number_top:
            rows = [f"{number}.".rjust(75), "", *rows]
        elif number >= 2:
            rows = [*rows, "", f"- {number} -".center(PAGE_WIDTH).rstrip()]
        out.append("\n".join(r.rstrip() for r in rows))
    return "\f\n".join(out) + "\n"


# ---------------------------------------------------------------- reading

_PAGE_NO = re.compile(r"^(?:-\s*)?(?:page\s+)?\d+\s*\.?(?:\s*-)?(?:\s*/\s*\d+)?$", re.I)
_MORE = re.compile(r"^\((?:MORE|PLUS|À SUIVRE|A SUIVRE|SUITE PAGE SUIVANTE|\.\.\.|…)\)$", re.I)
_CONTINUED = re.compile(
    r"^\(?(?:CONTINUED|CONTINUÉ|CONTINUE|SUITE)\)?\s*:?$|"
    r"^\d+\s+CONTINUED:?(?:\s+\(\d+\))?\s*\d*$"
)
_CONTD = re.compile(r"CONT'?D|CONT\.|CONTINUED|SUITE|\(SUITE\)", re.I)
_NUMBERED = re.compile(r"^(?P<n>\d{1,6}[A-Z]{0,2})\.?\s{2,}(?P<h>.+?)(?:\s{2,}(?P=n)\.?)?$")
_BOTH = re.compile(r"^(?P<n>\d{1,6}[A-Z]{0,2})\.?\s+(?P<h>.+?)\s+(?P=n)\.?$")
# Page furniture and numbered headings are short lines; the patterns above backtrack over runs
# of spaces (quadratic on a long line), so they are only tried on lines this long or shorter.
_SHORT = 160
_INLINE_NUM = re.compile(r"^\d+[A-Z]{0,2}\.\s+[^\W\d]")
_TRANS = re.compile(
    r"(?:TO:|À:|A:)$|^(?:FADE|FONDU|CUT|COUPE|DISSOLVE|SMASH|MATCH|"
    r"ENCHAÎN|OUVERTURE|FERMETURE|IRIS|WIPE)\b"
)


@dataclass
class RLine:
    indent: int
    text: str
    page: int
    italic: bool = False


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _running_lines(pages: list[list[RLine | None]]) -> set[str]:
    """Texts (digits masked) that open or close most pages: running headers and footers."""
    seen: Counter[str] = Counter()
    for page in pages:
        rows = [r for r in page if r is not None]
        for r in {id(x): x for x in rows[:1] + rows[-1:]}.values():
            seen[_edge_key(r.text)] += 1
    if len(pages) < 3:
        return set()
    return {k for k, v in seen.items() if v >= max(3, len(pages) // 2)}


def _strip_furniture(pages: list[list[RLine | None]]) -> list[list[RLine | None]]:
    out: list[list[RLine | None]] = []
    running = _running_lines(pages)
    for page in pages:
        rows = list(page)
        for ends in (0, -1):
            for _ in range(2):
                idx = [i for i, r in enumerate(rows) if r is not None]
                if not idx:
                    break
                i = idx[ends]
                r = rows[i]
                assert r is not None
                if (
                    len(r.text) <= _SHORT and (_PAGE_NO.match(r.text) or _CONTINUED.match(r.text))
                ) or _edge_key(r.text) in running:
                    rows[i] = None
        out.append(rows)
    return out


def _title_page(rows: list[RLine | None]) -> dict[str, str]:
    texts = [r.text for r in rows if r is not None]
    tp: dict[str, str] = {}
    if not texts:
        return tp
    tp["Title"] = texts[0]
    rest = texts[1:]
    if rest and re.match(
        r"^(written by|by|screenplay by|scénario de|scénario|écrit par|de)$", rest[0], re.I
    ):
        tp["Credit"] = rest[0]
        rest = rest[1:]
        if rest:
            tp["Author"] = rest[0]
            rest = rest[1:]
    if rest:
        tp["Contact"] = "\n".join(rest)
    return tp


def parse_pages(pages: list[list[RLine | None]]) -> Screenplay:
    """Rebuild a screenplay from typeset pages (lines with their indentation in characters)."""
    pages = _strip_furniture(pages)
    sp = Screenplay()
    # a first page without any heading nor cue is a title page
    first = [r for r in pages[0] if r is not None] if pages else []
    if (
        pages
        and len(pages) > 1
        and not any(HEADING_START.match(r.text) for r in first)
        and len(first) < 20
    ):
        sp.title_page = _title_page(pages[0])
        pages = pages[1:]
    rows: list[RLine | None] = []
    for page in pages:
        rows.extend(page)
        rows.append(None)
    lines = [r for r in rows if r is not None]
    if not lines:
        return sp
    long_ = [r.indent for r in lines if len(r.text) > 40]
    margin = Counter(long_ or [r.indent for r in lines]).most_common(1)[0][0]

    flow = sp.preamble
    i = 0
    n = len(rows)
    pending_more = False
    speaker: str | None = None
    last_speech_kind: str | None = None

    def block_end(j: int) -> int:
        while j < n and rows[j] is not None:
            j += 1
        return j

    while i < n:
        r = rows[i]
        if r is None:
            i += 1
            continue
        text = r.text.strip()
        rel = r.indent - margin
        number = None
        both = False
        short = len(text) <= _SHORT
        m = _BOTH.match(text) if short else None  # "12  INT. HOUSE - DAY  12" (US: both sides)
        if m and is_upper_line(m["h"]):
            number, text, both = m["n"], m["h"].strip(), True
        elif short and (m := _NUMBERED.match(text)) and HEADING_START.match(m["h"]):
            number, text = m["n"], m["h"].strip()
        elif (
            _INLINE_NUM.match(text)
            and i + 1 < n
            and rows[i + 1] is None
            and not HEADING_START.match(text)
        ):  # French "8. FLASHBACK - ..."
            number, _, text = text.partition(".")
            text, both = text.strip(), True
        if (HEADING_START.match(text) or both) and is_upper_line(text) and rel <= 2:
            scene = Scene.from_heading(text, page=r.page)
            if number:
                scene.number = number
            sp.scenes.append(scene)
            flow = scene.elements
            speaker = None
            i += 1
            continue
        nxt = rows[i + 1] if i + 1 < n else None
        if is_upper_line(text) and rel >= 30 - 15 and nxt is None and _TRANS.search(text):
            flow.append(Element("transition", text, page=r.page))
            i += 1
            continue
        if (
            is_upper_line(text)
            and rel >= 12
            and len(text) < 50
            and nxt is not None
            and nxt.indent - margin >= 5
        ):
            name, ext = normalise_name(text)
            end = block_end(i + 1)
            cont = pending_more and name == speaker and ext is not None and _CONTD.search(ext)
            if not cont:
                cue = Element("character", text, name=name, extension=ext, page=r.page)
                flow.append(cue)
                speaker = name
                last_speech_kind = None
            pending_more = False
            j = i + 1
            while j < end:
                q = rows[j]
                assert q is not None
                t = q.text.strip()
                if _MORE.match(t):
                    pending_more = True
                    j += 1
                    continue
                if t.startswith("(") or (
                    last_speech_kind == "parenthetical" and not flow[-1].text.endswith(")")
                ):
                    if last_speech_kind == "parenthetical" and not flow[-1].text.endswith(")"):
                        flow[-1].text += " " + t
                    else:
                        flow.append(Element("parenthetical", t, page=q.page))
                    last_speech_kind = "parenthetical"
                else:
                    kind = "lyrics" if q.italic else "dialogue"
                    if last_speech_kind == kind:
                        flow[-1].text += ("\n" if kind == "lyrics" else " ") + t
                    else:
                        flow.append(Element(kind, t, page=q.page))
                    last_speech_kind = kind
                j += 1
            # a speech broken by a page: the block continues after the page's blank line
            i = end
            if pending_more:
                i += 1
                while i < n and rows[i] is None:
                    i += 1
            continue
        end = block_end(i)
        para = " ".join(q.text.strip() for q in rows[i:end] if q is not None)
        flow.append(Element("action", para, page=r.page))
        speaker = None
        pending_more = False
        i = end
    # dual dialogue cannot be seen in a one-column layout; flag nothing
    return sp


def looks_laid_out(text: str) -> bool:
    """True when the text is indented like a typeset screenplay (cues far from the margin)."""
    lines = [ln for ln in text.replace("\t", "    ").split("\n") if ln.strip()]
    if len(lines) < 5:
        return False
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in lines]
    deep = sum(1 for x in indents if x >= 10)
    return deep / len(lines) > 0.2


def text_to_pages(text: str) -> list[list[RLine | None]]:
    pages: list[list[RLine | None]] = []
    for p, chunk in enumerate(text.replace("\r\n", "\n").split("\f"), 1):
        rows: list[RLine | None] = []
        for raw in chunk.expandtabs(8).split("\n"):
            if not raw.strip():
                rows.append(None)
            else:
                rows.append(RLine(len(raw) - len(raw.lstrip(" ")), raw.strip(), p))
        pages.append(rows)
    return pages
