"""A channel's own audience history, and the audience model fitted on it.

The history is a CSV of past airings: ``date`` (ISO), ``start`` (HH:MM; before 06:00 it belongs
to the previous broadcast day), ``genre`` and ``audience`` (thousands of viewers) are required,
``programme`` is optional. A share alone is refused: turning a share into viewers needs the
total television audience of each hour, which the file does not give.

Each airing is put in the slot of the template whose hours hold its start, and counted in the
cell slot x genre x day type (weekday, Saturday, Sunday), its audience divided by the synthetic
model's season factor. A slot's expected audience for a genre is then the cell's mean shrunk
towards the synthetic model (``audience.py``) by ``SHRINK`` pseudo-airings:
``(n x mean + SHRINK x prior) / (n + SHRINK)``, so a cell seen twice moves little from the prior
and a cell seen fifty times follows the data; times the season factor and (0.5 + appeal), as in
the synthetic model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from imagia.broadcast import table
from imagia.broadcast.audience import SEASON, expected
from imagia.broadcast.gridrules import DAY_START, Slot, Template
from imagia.broadcast.programmes import Programme
from imagia.core.errors import BadFile
from imagia.core.textfile import read_text

SHRINK = 5.0  # pseudo-airings of the synthetic prior in every cell
MAX_ROWS = 500_000
_PRIOR_WORDS = (
    "synthetic model (broadcast/audience.py): documented shapes, not measured on any channel",
    "modèle fictif (broadcast/audience.py) : formes documentées, mesurées sur aucune chaîne",
)


@dataclass(frozen=True)
class PastAiring:
    day: date  # broadcast day
    start: time
    genre: str
    audience: float  # thousands of viewers
    programme: str = ""


def parse(text: str, source: str = "<history>") -> list[PastAiring]:
    """Past airings of a CSV text; BadFile naming the row and the column on a bad value."""
    head = text.split("\n", 1)[0].lower()
    if "share" in head and "audience" not in head:
        raise BadFile(
            source,
            "missing column audience (thousands of viewers): a share alone cannot be turned "
            "into viewers without the total TV audience of each hour",
        )
    out = []
    for n, row in table.rows(
        text, source, ("date", "start", "genre", "audience"), "audience history", max_rows=MAX_ROWS
    ):
        column = "date"
        try:
            cal = date.fromisoformat(table.cell(row, "date"))
            column = "start"
            h, m = table.cell(row, "start").split(":")[:2]
            start = time(int(h) % 24, int(m))
            column = "audience"
            aud = float(table.cell(row, "audience").replace(",", "."))
            if not 0 <= aud <= 100_000:
                raise ValueError(f"audience {aud} out of 0..100000 (thousands of viewers)")
        except ValueError as exc:
            raise BadFile(source, f"row {n} column {column}: {exc}") from None
        day = cal - timedelta(days=1) if start < DAY_START else cal
        out.append(
            PastAiring(
                day, start, table.cell(row, "genre").lower(), aud, table.cell(row, "programme")
            )
        )
    if not out:
        raise BadFile(source, "no airing in the audience history")
    return out


def read(path: Path | str) -> list[PastAiring]:
    return parse(read_text(path), str(path))


def day_type(d: date) -> str:
    return ("weekday", "weekday", "weekday", "weekday", "weekday", "saturday", "sunday")[
        d.weekday()
    ]


def _slot_of(t: time, template: Template) -> str | None:
    """The template slot (its start, HH:MM) whose hours hold ``t``."""
    minute = (t.hour * 60 + t.minute - DAY_START.hour * 60) % 1440
    for spec in template.slots:
        first = (spec.start.hour * 60 + spec.start.minute - DAY_START.hour * 60) % 1440
        if first <= minute < first + spec.minutes:
            return f"{spec.start:%H:%M}"
    return None


@dataclass
class HistoryModel:
    """Expected audience from the channel's history, shrunk towards the synthetic model."""

    cells: dict[tuple[str, str, str], tuple[int, float]]  # slot, genre, day type -> n, mean
    source: str
    airings: int
    outside: int  # airings in no slot of the template
    shrink: float = SHRINK

    def __call__(self, p: Programme, s: Slot) -> float:
        n, mean = self.cells.get((f"{s.start:%H:%M}", p.genre, day_type(s.day)), (0, 0.0))
        prior = expected(Programme("prior", "prior", p.duration, p.genre, appeal=0.5), s)
        prior /= SEASON[s.start.month]
        base = (n * mean + self.shrink * prior) / (n + self.shrink)
        return base * SEASON[s.start.month] * (0.5 + p.appeal)

    def describe(self) -> dict[str, object]:
        seen = sum(1 for n, _ in self.cells.values() if n)
        n_fr = f"{self.airings:,}".replace(",", "\u202f")
        return {
            "model": "history",
            "source": self.source,
            "airings": self.airings,
            "cells": seen,
            "shrinkage": self.shrink,
            "en": (
                f"the channel's own history ({self.source}: {self.airings:,} airings, {seen} "
                f"slot x genre x day-type cells), shrunk towards the synthetic model by "
                f"{self.shrink:g} airings per cell"
            ),
            "fr": (
                f"l'historique de la chaîne ({self.source} : {n_fr} diffusions, "
                f"{seen} cases créneau x genre x type de jour), rapproché du modèle fictif "
                f"à hauteur de {self.shrink:g} diffusions par case"
            ),
        }


def fit(past: list[PastAiring], template: Template, source: str = "") -> HistoryModel:
    """The model of ``past`` on the slots of ``template`` (see the module's docstring)."""
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    outside = 0
    for a in past:
        slot = _slot_of(a.start, template)
        if slot is None:
            outside += 1
            continue
        cell = sums[slot, a.genre, day_type(a.day)]
        cell[0] += 1
        cell[1] += a.audience / SEASON[a.day.month]
    cells = {k: (int(n), total / n) for k, (n, total) in sums.items()}
    return HistoryModel(cells, source, len(past) - outside, outside)


def synthetic_description() -> dict[str, object]:
    return {"model": "synthetic", "en": _PRIOR_WORDS[0], "fr": _PRIOR_WORDS[1]}


def generate(
    template: Template, first: date, days: int, seed: int = 0
) -> list[tuple[str, str, str, str, float]]:
    """A generated history (documented, not a channel's): each slot of each day gets a genre
    drawn from those that fit its day part, and an audience from the synthetic model with this
    channel's own tilts (documentaries and series stronger, games weaker, news stronger at
    20:00) and log-normal noise (sigma 0.25). Rows: date, start, programme, genre, audience."""
    import random

    rng = random.Random(seed)
    tilt = {"documentary": 1.35, "series": 1.15, "game": 0.7, "magazine": 0.9}
    genres = ("film", "series", "documentary", "animation", "magazine", "game", "news")
    rows = []
    for d in range(days):
        day = first + timedelta(days=d)
        for spec in template.slots:
            cal = day if spec.start >= DAY_START else day + timedelta(days=1)
            genre = rng.choice(genres)
            slot = Slot(0, day, datetime.combine(cal, spec.start), spec.minutes, spec.daypart)
            aud = expected(Programme("h", "h", spec.minutes, genre, appeal=0.5), slot)
            aud *= tilt.get(genre, 1.0) * rng.lognormvariate(0.0, 0.25)
            if genre == "news" and spec.start.hour == 20:
                aud *= 1.6
            rows.append(
                (cal.isoformat(), f"{spec.start:%H:%M}", f"H{d:03d}{spec.start:%H%M}", genre, aud)
            )
    return rows


def to_csv(rows: list[tuple[str, str, str, str, float]]) -> str:
    lines = ["date,start,programme,genre,audience"]
    lines += [f"{d},{s},{p},{g},{a:.1f}" for d, s, p, g, a in rows]
    return "\n".join(lines) + "\n"
