"""The item catalogue of a platform or channel: one row a work, read from CSV.

Columns (a header row; ``,``, ``;`` or tabs): ``id`` and ``title`` are required; ``genres``
(separated by ``|``, ``;`` or spaces), ``year``, ``country``, ``language``, ``duration``
(minutes), ``eof`` (a French original work: "expression originale française"), ``european``,
``age_rating`` (the French signalétique: TP, -10, -12, -16, -18), ``director`` (names separated
by ``|``) and ``editorial`` (yes/no: an editor's pick, which the ``editorial`` quota places) are
optional. A bad value is
refused with its row number, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from imagia.broadcast import table
from imagia.core.errors import BadFile
from imagia.core.textfile import read_text

RATINGS = ("TP", "-10", "-12", "-16", "-18")  # tous publics, then the minimum ages
_RATING_ALIASES = {
    "tp": "TP",
    "tous publics": "TP",
    "all": "TP",
    "u": "TP",
    "": "TP",
    "10": "-10",
    "12": "-12",
    "16": "-16",
    "18": "-18",
}
_TRUE = {"1", "true", "yes", "oui", "y", "o", "x", "vrai"}
_FALSE = {"0", "false", "no", "non", "n", "", "faux"}
REQUIRED = ("id", "title")
MAX_ROWS = 2_000_000


@dataclass(frozen=True)
class Item:
    """One work of the catalogue."""

    id: str
    title: str
    genres: tuple[str, ...] = ()
    year: int | None = None
    country: str = ""
    language: str = ""
    duration: float | None = None  # minutes
    eof: bool = False  # French original work
    european: bool = False  # European work (EOF works are European)
    age_rating: str = "TP"
    directors: tuple[str, ...] = ()
    editorial: bool = False  # an editor's pick


def rating(value: str) -> str:
    """The canonical signalétique of ``value`` ("-12", "12", "TP"...); ValueError if none."""
    v = value.strip()
    if v in RATINGS:
        return v
    key = v.lower().lstrip("-").strip() if v.startswith("-") else v.lower()
    if key in _RATING_ALIASES:
        return _RATING_ALIASES[key]
    raise ValueError(f"unknown age rating {value!r} (expected one of {', '.join(RATINGS)})")


def rating_rank(value: str) -> int:
    """Order of a rating: TP 0, -10 1, ... -18 4."""
    return RATINGS.index(value)


def _flag(value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"expected yes/no, got {value!r}")


def _delimiter(head: str) -> str:
    counts = {d: head.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def parse(text: str, source: str = "<catalogue>") -> list[Item]:
    """Items of a catalogue CSV text; BadFile naming the row and the column on a bad value."""
    seen: set[str] = set()
    return [
        _item(row, n, source, seen)
        for n, row in table.rows(text, source, REQUIRED, "catalogue", max_rows=MAX_ROWS)
    ]


def _item(row: table.Row, n: int, source: str, seen: set[str]) -> Item:
    def cell(name: str) -> str:
        return table.cell(row, name)

    column = ""
    try:
        item_id = table.unique_id(row, seen)
        column = "year"
        year = int(cell("year")) if cell("year") else None
        if year is not None and not 1880 <= year <= 2100:
            raise ValueError(f"year {year} out of 1880..2100")
        column = "duration"
        duration = float(cell("duration").replace(",", ".")) if cell("duration") else None
        if duration is not None and not 0 < duration <= 24 * 60:
            raise ValueError(f"duration {duration} min out of (0, 1440]")
        column = "eof"
        eof = _flag(cell("eof"))
        column = "european"
        european = _flag(cell("european")) or eof
        column = "age_rating"
        age = rating(cell("age_rating"))
        column = "editorial"
        editorial = _flag(cell("editorial"))
    except ValueError as exc:
        where = f" column {column}" if column else ""
        raise BadFile(source, f"row {n}{where}: {exc}") from None
    genres = tuple(g for g in re.split(r"[|;/]+|\s{2,}", cell("genres")) if g.strip())
    return Item(
        id=item_id,
        title=cell("title") or item_id,
        genres=tuple(g.strip() for g in genres),
        year=year,
        country=cell("country").upper(),
        language=cell("language").lower(),
        duration=duration,
        eof=eof,
        european=european,
        age_rating=age,
        directors=tuple(d.strip() for d in cell("director").split("|") if d.strip()),
        editorial=editorial,
    )


def read(path: Path | str) -> list[Item]:
    """Items of the catalogue file at ``path``."""
    return parse(read_text(path), str(path))
