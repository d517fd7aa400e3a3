"""The timed audio description script (``ADScript.1``): one line per slot with its timecodes,
the words that fit, the shot's thumbnail, shot changes, on-screen text when the media is indexed,
and the describer's text. Read and written as JSON and as DOCX (WordprocessingML made with the
standard library). imagia times the descriptions; a person writes them (no captioning model
ships).
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from imagia.access.slots import SlotReport
from imagia.core.errors import BadFile
from imagia.media.timecode import frames_to_timecode

SCHEMA = "ADScript.1"
MAX_LINES = 5000


@dataclass
class Line:
    n: int
    start: float
    end: float
    tc_in: str
    tc_out: str
    words_fit: int
    thumbnail: str | None = None
    cuts: list[float] = field(default_factory=list)
    screen_text: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def duration(self) -> float:
        return round(self.end - self.start, 3)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "duration": self.duration}


@dataclass
class ADScript:
    media: str
    lang: str
    wpm: float
    fps: str
    lines: list[Line]
    notes: list[str] = field(default_factory=list)
    # the dialogue (start, end) the slots were found between: the mix checks against it
    dialogue: list[tuple[float, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "media": self.media,
            "lang": self.lang,
            "wpm": self.wpm,
            "fps": self.fps,
            "lines": [ln.to_dict() for ln in self.lines],
            "notes": self.notes,
            "dialogue": [[round(a, 3), round(b, 3)] for a, b in self.dialogue],
        }


def tc(seconds: float, rate: Fraction) -> str:
    return frames_to_timecode(max(round(seconds * rate), 0), rate)


def template(report: SlotReport, thumbnails: dict[int, str] | None = None) -> ADScript:
    """An empty script for ``report``'s slots (texts for the describer to write)."""
    rate = report.fps or Fraction(25)
    thumbs = thumbnails or {}
    lines = [
        Line(
            s.n,
            s.start,
            s.end,
            tc(s.start, rate),
            tc(s.end, rate),
            s.words,
            thumbs.get(s.n),
            list(s.cuts),
        )
        for s in report.slots
    ]
    return ADScript(
        report.media,
        report.lang,
        report.wpm,
        str(rate),
        lines,
        list(report.notes),
        list(report.dialogue),
    )


# --- JSON -------------------------------------------------------------------------------------


def from_dict(data: Any, name: str) -> ADScript:
    """A script from its JSON data; every problem is a BadFile naming ``name`` and the field."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BadFile(name, f"not an audio description script (expected schema {SCHEMA})")
    raw = data.get("lines")
    if not isinstance(raw, list) or not raw:
        raise BadFile(name, "'lines' must be a non-empty list")
    if len(raw) > MAX_LINES:
        raise BadFile(name, f"{len(raw)} lines, more than {MAX_LINES}")
    lines = []
    for k, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise BadFile(name, f"line {k}: not an object")
        try:
            start, end = float(item["start"]), float(item["end"])
            text = item.get("text") or ""
            if not isinstance(text, str):
                raise TypeError("text")
            line = Line(
                int(item.get("n", k)),
                start,
                end,
                str(item.get("tc_in", "")),
                str(item.get("tc_out", "")),
                int(item.get("words_fit", 0)),
                item.get("thumbnail"),
                [float(c) for c in item.get("cuts") or []],
                [str(t) for t in item.get("screen_text") or []],
                text,
            )
        except KeyError as exc:
            raise BadFile(name, f"line {k}: missing field {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise BadFile(name, f"line {k}: a field has the wrong type ({exc})") from None
        if not 0 <= start < end:
            raise BadFile(name, f"line {k}: start {start} must be before end {end}, both >= 0")
        lines.append(line)
    lines.sort(key=lambda ln: ln.start)
    for a, b in itertools.pairwise(lines):
        if b.start < a.end:
            raise BadFile(name, f"line {b.n} starts at {b.start} s, inside line {a.n}")
    try:
        wpm = float(data.get("wpm") or 160.0)
        dialogue = [(float(a), float(b)) for a, b in data.get("dialogue") or []]
    except (TypeError, ValueError):
        raise BadFile(name, "'wpm' must be a number, 'dialogue' pairs of seconds") from None
    return ADScript(
        str(data.get("media", "")),
        str(data.get("lang", "en")),
        wpm,
        str(data.get("fps", "25")),
        lines,
        [str(n) for n in data.get("notes") or []],
        dialogue,
    )


def load(path: Path) -> ADScript:
    """A script from a JSON (``ADScript.1``) or DOCX file made by :func:`to_docx`."""
    from imagia.core.textfile import load_json

    path = Path(path)
    if not path.is_file():
        raise BadFile(path, "file not found")
    if zipfile.is_zipfile(path):
        return from_docx(path.read_bytes(), str(path))
    return from_dict(load_json(path), str(path))


def dumps(script: ADScript) -> str:
    return json.dumps(script.to_dict(), ensure_ascii=False, indent=2)


# --- DOCX (WordprocessingML, ECMA-376) ----------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
HEADERS = {
    "en": (
        "#",
        "TC in",
        "TC out",
        "Seconds",
        "Words that fit",
        "Shot changes",
        "On screen",
        "Description",
    ),
    "fr": (
        "#",
        "TC entrée",
        "TC sortie",
        "Secondes",
        "Mots possibles",
        "Changements de plan",
        "Texte à l'écran",
        "Description",
    ),
}
_TITLE = {"en": "Audio description script", "fr": "Script d'audiodescription"}
_HELP = {
    "en": "Write each description in the last column; keep the first column: imagia times the "
    "lines by it.",
    "fr": "Écrivez chaque description dans la dernière colonne ; gardez la première colonne : "
    "imagia cale les lignes par elle.",
}


def _para(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _cell(text: str, bold: bool = False) -> str:
    paras = "".join(_para(t, bold) for t in (text.split("\n") if text else [""]))
    return f"<w:tc>{paras}</w:tc>"


def to_docx(script: ADScript, lang: str = "en") -> bytes:
    """The script as a Word document: a title, a note to the describer, one table row a line."""
    lang = "fr" if lang == "fr" else "en"
    rows = ["<w:tr>" + "".join(_cell(h, True) for h in HEADERS[lang]) + "</w:tr>"]
    for ln in script.lines:
        cells = (
            str(ln.n),
            ln.tc_in,
            ln.tc_out,
            f"{ln.duration:.2f}",
            str(ln.words_fit),
            ", ".join(f"{c:.2f}" for c in ln.cuts),
            "\n".join(ln.screen_text),
            ln.text,
        )
        rows.append("<w:tr>" + "".join(_cell(c) for c in cells) + "</w:tr>")
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    body = (
        _para(f"{_TITLE[lang]} — {Path(script.media).name}", True)
        + _para(_HELP[lang])
        + f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}'
        f"</w:tblBorders></w:tblPr>{''.join(rows)}</w:tbl>" + _para("")
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", doc)
        zf.writestr("word/imagia-script.json", dumps(script))
    return buf.getvalue()


def from_docx(data: bytes, name: str) -> ADScript:
    """A script from a DOCX made by :func:`to_docx` and filled in by a describer: timing from
    the copy imagia keeps inside the file, texts from the table's last column by line number."""
    from imagia.core.xmlsafe import parse

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names or "word/imagia-script.json" not in names:
                raise BadFile(name, "not an audio description script made by imagia (DOCX)")
            if zf.getinfo("word/document.xml").file_size > 50 << 20:
                raise BadFile(name, "document.xml larger than 50 MB")
            doc = zf.read("word/document.xml")
            kept = zf.read("word/imagia-script.json").decode("utf-8")
    except (zipfile.BadZipFile, UnicodeDecodeError, KeyError) as exc:
        raise BadFile(name, f"not a readable DOCX ({exc})") from None
    from imagia.core.textfile import parse_json

    script = from_dict(parse_json(kept, name), name)
    root = parse(doc, name)
    texts: dict[int, str] = {}
    for tr in root.iter(f"{{{_W}}}tr"):
        cells = [
            "\n".join(
                "".join(t.text or "" for t in p.iter(f"{{{_W}}}t")) for p in tc.iter(f"{{{_W}}}p")
            ).strip()
            for tc in tr.findall(f"{{{_W}}}tc")
        ]
        if len(cells) >= 2 and cells[0].isdigit():
            texts[int(cells[0])] = cells[-1]
    for ln in script.lines:
        if ln.n in texts:
            ln.text = texts[ln.n]
    return script
