"""A channel's programme catalogue for the grid: works with their rights and flags, from CSV.

Columns: ``id``, ``title``, ``duration`` (minutes) are required; ``genre``, ``kind`` (``film``
for a cinema film, ``audiovisual`` for a work counted by the quotas — fiction, documentary,
animation —, ``other`` for news, magazines, games, sport), ``eof``, ``european``,
``age_rating`` (TP, -10, -12, -16, -18), ``financed`` (a film the channel financed),
``art_house`` (on the CNC's art-house list), ``rights_start`` and ``rights_end`` (ISO dates),
``runs`` (broadcasts left), ``appeal`` (0 to 1, the programme's expected pull) are optional.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from imagia.broadcast import table
from imagia.broadcast.items import _flag, rating
from imagia.core.errors import BadFile
from imagia.core.textfile import read_text

KINDS = ("film", "audiovisual", "other")
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    duration: int  # minutes
    genre: str = ""
    kind: str = "audiovisual"
    eof: bool = False
    european: bool = False
    age_rating: str = "TP"
    financed: bool = False
    art_house: bool = False
    rights_start: date | None = None
    rights_end: date | None = None
    runs: int = 1
    appeal: float = 0.5


def parse(text: str, source: str = "<programmes>") -> list[Programme]:
    """Programmes of a CSV text; BadFile naming the row and column on a bad value."""
    seen: set[str] = set()
    required = ("id", "title", "duration")
    return [
        _programme(row, n, source, seen)
        for n, row in table.rows(text, source, required, "programme catalogue", max_rows=MAX_ROWS)
    ]


def _programme(row: table.Row, n: int, source: str, seen: set[str]) -> Programme:
    def cell(name: str) -> str:
        return table.cell(row, name)

    column = "id"
    try:
        pid = table.unique_id(row, seen)
        column = "duration"
        duration = int(float(cell("duration").replace(",", ".")))
        if not 1 <= duration <= 600:
            raise ValueError(f"duration {duration} min out of 1..600")
        column = "kind"
        kind = cell("kind").lower() or "audiovisual"
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        column = "age_rating"
        age = rating(cell("age_rating"))
        flags = {}
        for column in ("eof", "european", "financed", "art_house"):
            flags[column] = _flag(cell(column))
        column = "rights_start"
        start = date.fromisoformat(cell("rights_start")) if cell("rights_start") else None
        column = "rights_end"
        end = date.fromisoformat(cell("rights_end")) if cell("rights_end") else None
        if start and end and end < start:
            raise ValueError(f"rights end {end} before start {start}")
        column = "runs"
        runs = int(cell("runs")) if cell("runs") else 1
        if not 0 <= runs <= 1000:
            raise ValueError(f"runs {runs} out of 0..1000")
        column = "appeal"
        appeal = float(cell("appeal").replace(",", ".")) if cell("appeal") else 0.5
        if not 0 <= appeal <= 1:
            raise ValueError(f"appeal {appeal} out of 0..1")
    except ValueError as exc:
        raise BadFile(source, f"row {n} column {column}: {exc}") from None
    return Programme(
        id=pid,
        title=cell("title") or pid,
        duration=duration,
        genre=cell("genre").lower(),
        kind=kind,
        eof=flags["eof"],
        european=flags["european"] or flags["eof"],
        age_rating=age,
        financed=flags["financed"],
        art_house=flags["art_house"],
        rights_start=start,
        rights_end=end,
        runs=runs,
        appeal=appeal,
    )


def read(path: Path | str) -> list[Programme]:
    return parse(read_text(path), str(path))


def to_csv(programmes: list[Programme]) -> str:
    """The catalogue as CSV (the format :func:`parse` reads)."""
    cols = [
        "id", "title", "duration", "genre", "kind", "eof", "european", "age_rating",
        "financed", "art_house", "rights_start", "rights_end", "runs", "appeal",
    ]  # fmt: skip
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for p in programmes:
        w.writerow(
            [
                p.id,
                p.title,
                p.duration,
                p.genre,
                p.kind,
                "yes" if p.eof else "no",
                "yes" if p.european else "no",
                p.age_rating,
                "yes" if p.financed else "no",
                "yes" if p.art_house else "no",
                p.rights_start or "",
                p.rights_end or "",
                p.runs,
                p.appeal,
            ]
        )
    return buf.getvalue()
