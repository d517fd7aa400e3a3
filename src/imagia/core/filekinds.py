"""File kinds by content: what imagia reads, whatever a file's name says.

Uploads are typed with this (a file is stored only when its bytes are a kind imagia reads) and so
are tool parameters that take files (a ``Param`` lists the kinds it accepts), so the web form,
the API, the CLI and the demo refuse the same files with the same message.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from imagia.core.textfile import CP1252_HOLES, has_control, text_encodings

CHUNK = 1 << 20
SNIFF_BYTES = 64

# Kinds we accept, with the MIME type they are served as (always as an attachment).
KINDS: dict[str, str] = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
    "mxf": "application/mxf",
    "aiff": "audio/aiff",
    "stl": "application/octet-stream",
    "parquet": "application/vnd.apache.parquet",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/xml",
    "text": "text/plain; charset=utf-8",
}

# Groups a tool parameter may accept (``Param.accept``), by sniffed kind.
GROUPS: dict[str, frozenset[str]] = {
    # Media with sound (a video file usually has some: ffprobe decides when it is read).
    "audio": frozenset({"wav", "mp3", "flac", "ogg", "aiff", "mp4", "mkv", "avi", "mxf"}),
    "video": frozenset({"mp4", "mkv", "avi", "mxf"}),
    "subtitles": frozenset({"text", "xml", "stl"}),
    "parquet": frozenset({"parquet"}),
    "pdf": frozenset({"pdf"}),
    "text": frozenset({"text", "xml"}),
    "xml": frozenset({"xml"}),
    "xlsx": frozenset({"xlsx"}),
}

# How a group is named in a message.
GROUP_NAMES: dict[str, str] = {
    "audio": "audio or video",
    "video": "video",
    "subtitles": "subtitles",
    "parquet": "Parquet",
    "pdf": "PDF",
    "text": "text",
    "xml": "XML",
    "xlsx": "XLSX",
}


def sniff_head(head: bytes) -> str | None:
    """Kind of a file from its first bytes, for the binary formats with a signature."""
    if head[:4] in (b"RIFF", b"RF64", b"BW64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[:4] == b"\x06\x0e\x2b\x34":  # SMPTE universal label (MXF partition pack)
        return "mxf"
    if head[:4] == b"PAR1":
        return "parquet"
    if head[:3].isdigit() and head[3:6] == b"STL":
        return "stl"  # EBU Tech 3264 GSI block: code page then "STLxx.01"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0
    ):
        return "mp3"
    if head[4:8] == b"ftyp" or head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "mkv"
    if head[:5] == b"%PDF-":
        return "pdf"
    return None


def _is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _text_kind(path: Path, limit: int | None = None) -> str | None:
    """``xml`` or ``text`` when the file (or its first ``limit`` bytes) is text in one of the
    encodings imagia's readers take, without control bytes, else None."""
    for encoding in _text_encodings(path):
        kind = _decodes_as_text(path, encoding, limit)
        if kind:
            return kind
    return None


def _text_encodings(path: Path) -> tuple[str, ...]:
    """The encodings to try (:func:`imagia.core.textfile.text_encodings`, the readers' rule)."""
    with path.open("rb") as fh:
        head = fh.read(2)
    return text_encodings(head)


def _decodes_as_text(path: Path, encoding: str, limit: int | None) -> str | None:
    dec = codecs.getincrementaldecoder(encoding)()
    first = ""
    read = 0
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            read += len(block)
            if limit is not None and read > limit:
                return "xml" if first.lstrip().startswith("<") else "text"
            if encoding == "cp1252" and not CP1252_HOLES.isdisjoint(block):
                return None
            try:
                text = dec.decode(block)
            except UnicodeDecodeError:
                return None
            if has_control(text):
                return None
            if len(first) < 256:
                first += text[:256]
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "xml" if first.lstrip().startswith("<") else "text"


def sniff(path: Path, text_limit: int | None = None) -> str | None:
    """Kind of a stored file by its content (see :data:`KINDS`), or None when refused.
    Text is checked whole unless ``text_limit`` bounds the bytes read."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head:
        return None
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 BOM, which MP3's sync also matches
        text = _text_kind(path, text_limit)
        if text:
            return text
    kind = sniff_head(head)
    if kind:
        return kind
    if head[:4] == b"PK\x03\x04":
        return "xlsx" if _is_xlsx(path) else None
    return _text_kind(path, text_limit)
