"""Text helpers the catalogue's modules share: accent folding for search, slugs for ids."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Accent- and case-insensitive form of a text, for search and matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("œ", "oe").replace("æ", "ae").replace("’", "'")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-' (for profession ids and the like)."""
    plain = fold(text)
    out = []
    word = []
    for ch in plain:
        if ch.isalnum():
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return "-".join(out)
