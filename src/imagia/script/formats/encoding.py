"""Bytes to text for the text formats (Fountain, plain text) and for format detection: the
project's rule (:func:`imagia.core.textfile.decode`: UTF-8 with or without BOM, UTF-16 with a
BOM, Windows-1252), else Latin-1; binary data is refused."""

from __future__ import annotations

from pathlib import Path

from imagia.core import textfile
from imagia.core.errors import BadFile


def decode(path: Path, data: bytes) -> str:
    text = textfile.decode(data)
    if text is not None:
        return text
    if b"\x00" in data[:4096]:
        raise BadFile(
            path,
            "binary data, not a screenplay",
            hint="give a .fountain, .fdx, .pdf or .txt screenplay",
        )
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def decode_text(data: bytes, source: str = "") -> str:
    return decode(Path(source or "<text>"), data)
