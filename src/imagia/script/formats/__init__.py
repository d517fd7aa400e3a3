"""Screenplay formats, the pysubs2 way: one module per format with ``read``/``write``, a registry
keyed by extension and by id, and autodetection that fails loudly.

``read(path)`` picks the format from the extension, or from the content when the extension says
nothing (``.txt`` that is really Fountain, a PDF without extension...).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, cast

from imagia.core.errors import BadFile, BadValue
from imagia.script.formats.encoding import decode
from imagia.script.formats.layout import looks_laid_out
from imagia.script.model import Screenplay, finish

# extension -> format id
EXTENSIONS: dict[str, str] = {
    ".fountain": "fountain",
    ".spmd": "fountain",
    ".ftn": "fountain",
    ".fdx": "fdx",
    ".pdf": "pdf",
    ".txt": "text",
    ".text": "text",
}
# format id -> module (imported on first use: pdf pulls pdfplumber)
FORMATS: dict[str, str] = {
    "fountain": "imagia.script.formats.fountain",
    "fdx": "imagia.script.formats.fdx",
    "pdf": "imagia.script.formats.pdf",
    "text": "imagia.script.formats.text",
}


class FormatModule(Protocol):
    def loads(self, data: bytes, source: str = "") -> Screenplay: ...

    def dumps(self, sp: Screenplay) -> bytes: ...


def module(fmt: str) -> FormatModule:
    if fmt not in FORMATS:
        raise BadValue("format", fmt, FORMATS)
    return cast(FormatModule, importlib.import_module(FORMATS[fmt]))


def guess_format(path: Path, data: bytes) -> str:
    """The format of ``data``: by content signature first, then by extension."""
    head = data[:4096]
    found: list[str] = []
    if head.startswith(b"%PDF"):
        found.append("pdf")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<FinalDraft"):
        if b"<FinalDraft" in data[:20000]:
            found.append("fdx")
        else:
            raise BadFile(path, "XML but not a Final Draft document (no <FinalDraft> root)")
    if len(found) > 1:
        raise BadFile(path, f"matches several formats: {', '.join(found)}")
    if found:
        return found[0]
    ext = path.suffix.lower()
    if ext in EXTENSIONS and EXTENSIONS[ext] not in ("pdf", "fdx"):
        return EXTENSIONS[ext]
    if ext in EXTENSIONS:
        raise BadFile(path, f"extension {ext} but the content is not {EXTENSIONS[ext].upper()}")
    if b"\x00" in head:
        raise BadFile(
            path,
            "binary data, not a screenplay",
            hint="give a .fountain, .fdx, .pdf or .txt screenplay",
        )
    return "text" if looks_laid_out(decode(path, data)) else "fountain"


def loads(
    data: bytes, fmt: str, source: str = "", aliases: dict[str, str] | None = None
) -> Screenplay:
    """Parse ``data`` in format ``fmt``; ``aliases`` maps character names to the one to keep."""
    sp = module(fmt).loads(data, source)
    sp.source_format = fmt
    sp.source = source or None
    finish(sp, aliases)
    if not sp.scenes:
        kinds: dict[str, int] = {}
        for e in sp.preamble:
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
        found = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no text"
        raise BadFile(
            source or "<input>",
            f"no scene heading found ({found}): this does not "
            "look like a screenplay (expected lines such as 'INT. HOUSE - DAY')",
        )
    return sp


def read(
    path: str | Path, fmt: str | None = None, aliases: dict[str, str] | None = None
) -> Screenplay:
    """Read a screenplay from ``path`` (format from ``fmt``, else detected); ``aliases`` maps
    character names to the one to keep (``{"DR. OKAFOR": "OKAFOR"}``)."""
    p = Path(path)
    if not p.is_file():
        raise BadFile(p, "file not found")
    data = p.read_bytes()
    if not data.strip():
        raise BadFile(p, "empty file")
    fmt = fmt or guess_format(p, data)
    return loads(data, fmt, str(p), aliases)


def dumps(sp: Screenplay, fmt: str) -> bytes:
    return module(fmt).dumps(sp)


def write(sp: Screenplay, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``sp`` to ``path`` (format from ``fmt``, else from the extension), atomically."""
    from imagia.core.provenance import atomic_write

    p = Path(path)
    fmt = fmt or EXTENSIONS.get(p.suffix.lower())
    if fmt is None:
        raise BadValue(
            "format",
            p.suffix or str(p),
            FORMATS,
            reason="cannot tell the format from the extension",
        )
    data = dumps(sp, fmt)
    with atomic_write(p, "wb") as fh:
        fh.write(data)
    return p


Reader = Callable[[bytes, str], Screenplay]
__all__: list[Any] = ["EXTENSIONS", "FORMATS", "dumps", "guess_format", "loads", "read", "write"]
