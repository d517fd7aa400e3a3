"""Subtitle formats: one module per format with ``read``/``write``, a registry keyed by id and
by extension, content sniffing that fails loudly on zero or several matches, and text decoding
that says which encoding it found.

A format module exposes ``ID``, ``EXTENSIONS``, ``BINARY``, ``sniff(text)``, ``read(text, name)``
and ``write(sf) -> str`` (binary formats: ``sniff_bytes``, ``read_bytes``, ``write_bytes``).
"""

from __future__ import annotations

import codecs
import importlib
from pathlib import Path
from types import ModuleType

from imagia.core.errors import BadFile, BadValue
from imagia.core.provenance import atomic_write
from imagia.core.textfile import CP1252_HOLES
from imagia.speech.subtitles.model import SubtitleFile

FORMATS: dict[str, str] = {
    "srt": "imagia.speech.subtitles.formats.srt",
    "vtt": "imagia.speech.subtitles.formats.vtt",
    "ttml": "imagia.speech.subtitles.formats.ttml",
    "ass": "imagia.speech.subtitles.formats.ass",
    "stl": "imagia.speech.subtitles.formats.stl",
}
EXTENSIONS: dict[str, str] = {
    ".srt": "srt",
    ".vtt": "vtt",
    ".ttml": "ttml",
    ".dfxp": "ttml",
    ".xml": "ttml",
    ".ass": "ass",
    ".ssa": "ass",
    ".stl": "stl",
}


def module(fmt: str) -> ModuleType:
    if fmt not in FORMATS:
        raise BadValue("subtitle format", fmt, FORMATS)
    return importlib.import_module(FORMATS[fmt])


def format_for(path: Path) -> str:
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        raise BadValue(
            "subtitle file extension",
            ext or "(none)",
            list(EXTENSIONS),
            reason=f"cannot tell the format of {path.name}; pass --format",
        )
    return EXTENSIONS[ext]


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding used). BOMs first, then strict UTF-8, then Windows-1252 (the
    usual legacy encoding of French and English subtitles); anything else fails and says so."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeError, LookupError) as exc:
            raise BadFile(name, f"cannot decode as {encoding} ({exc})") from None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise BadFile(
                    name,
                    f"starts with a {enc} byte order mark but is not {enc} ({exc.reason} at "
                    f"byte {exc.start})",
                    hint="convert it to UTF-8 or pass --encoding",
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise BadFile(
            name,
            "unknown text encoding (NUL bytes: binary or UTF-16 without BOM)",
            hint="pass --encoding (e.g. utf-16-le)",
        )
    if CP1252_HOLES.isdisjoint(data):
        return data.decode("cp1252"), "cp1252"
    raise BadFile(
        name,
        "unknown text encoding: neither UTF-8 nor Windows-1252",
        hint="convert it to UTF-8 or pass --encoding (e.g. latin-1, cp850, mac_roman)",
    )


def detect(text: str, name: str) -> str:
    """The one text format whose sniffer accepts ``text``; fails on zero or several."""
    hits = [f for f in FORMATS if not getattr(module(f), "BINARY", False) and module(f).sniff(text)]
    if len(hits) != 1:
        what = "no known subtitle format" if not hits else f"several formats ({', '.join(hits)})"
        raise BadFile(name, f"content matches {what}", hint="pass --format")
    return hits[0]


def load(path: Path, fmt: str | None = None, encoding: str | None = None) -> SubtitleFile:
    """Read a subtitle file; ``sf.meta['format']`` and ``sf.meta['encoding']`` say what was
    found."""
    path = Path(path)
    if not path.is_file():
        raise BadFile(path, "subtitle file not found")
    data = path.read_bytes()
    if fmt is None:
        ext_fmt = EXTENSIONS.get(path.suffix.lower())
        if ext_fmt is not None and getattr(module(ext_fmt), "BINARY", False):
            fmt = ext_fmt
    if fmt is not None and getattr(module(fmt), "BINARY", False):
        sf: SubtitleFile = module(fmt).read_bytes(data, str(path))
        sf.meta.update(format=fmt)
        return sf
    text, enc = decode(data, str(path), encoding)
    if fmt is None:
        ext_fmt = EXTENSIONS.get(path.suffix.lower())
        fmt = ext_fmt if ext_fmt and module(ext_fmt).sniff(text) else detect(text, str(path))
    sf = module(fmt).read(text, str(path))
    sf.meta.update(format=fmt, encoding=enc)
    return sf


def dumps(sf: SubtitleFile, fmt: str) -> bytes:
    mod = module(fmt)
    if getattr(mod, "BINARY", False):
        data: bytes = mod.write_bytes(sf)
        return data
    text: str = mod.write(sf)
    return text.encode("utf-8")


def save(sf: SubtitleFile, path: Path, fmt: str | None = None) -> Path:
    """Write ``sf`` to ``path`` (format from ``fmt`` or the extension), atomically, in UTF-8."""
    path = Path(path)
    data = dumps(sf, fmt or format_for(path))
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return path
