"""Interactions of users with items (a rating or a play, at a time), read from CSV.

Columns: ``user``, ``item`` (required), ``rating`` (a number; absent: a play counts 1),
``time`` (Unix seconds or an ISO date). Every interaction is taken as a positive signal, as
RecBole's general recommenders do; ratings are kept for the reader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from imagia.broadcast import table
from imagia.core.errors import BadFile
from imagia.core.textfile import read_text

MAX_ROWS = 20_000_000


@dataclass
class Interactions:
    """Columns of equal length; ``users``/``items`` hold the external ids in index order."""

    user: np.ndarray  # int32 user index
    item: np.ndarray  # int32 item index
    rating: np.ndarray  # float32
    time: np.ndarray  # float64 seconds
    users: list[str]
    items: list[str]

    def __len__(self) -> int:
        return int(self.user.size)

    @classmethod
    def from_rows(
        cls,
        rows: list[tuple[str, str, float, float]],
        items: list[str] | None = None,
    ) -> Interactions:
        """Build from (user, item, rating, time) rows; ``items`` fixes the item index order."""
        users: dict[str, int] = {}
        index: dict[str, int] = {k: i for i, k in enumerate(items or [])}
        u = np.empty(len(rows), dtype=np.int32)
        it = np.empty(len(rows), dtype=np.int32)
        r = np.empty(len(rows), dtype=np.float32)
        t = np.empty(len(rows), dtype=np.float64)
        for n, (user, item, rating, time) in enumerate(rows):
            u[n] = users.setdefault(user, len(users))
            it[n] = index.setdefault(item, len(index))
            r[n] = rating
            t[n] = time
        return cls(u, it, r, t, list(users), list(index))


def _time(value: str) -> float:
    v = value.strip()
    if not v:
        return 0.0
    try:
        x = float(v)
    except ValueError:
        return datetime.fromisoformat(v).timestamp()
    if not math.isfinite(x):
        raise ValueError(f"time {value!r} is not a number")
    return x


def parse(
    text: str, source: str = "<interactions>", items: list[str] | None = None
) -> Interactions:
    """Interactions of a CSV text; BadFile naming the row on a bad value."""
    aliases = {"user_id": "user", "item_id": "item", "timestamp": "time"}
    found: list[tuple[str, str, float, float]] = []
    known = set(items) if items is not None else None
    for n, row in table.rows(
        text, source, ("user", "item"), "interactions file", aliases, max_rows=MAX_ROWS
    ):
        user = str(row.get("user") or "").strip()
        item = str(row.get("item") or "").strip()
        if not user or not item:
            raise BadFile(source, f"row {n}: empty user or item")
        try:
            rating = float(str(row.get("rating") or 1))
            if not math.isfinite(rating):
                raise ValueError(f"rating {row.get('rating')!r} is not a number")
            time = _time(str(row.get("time") or ""))
        except (ValueError, OverflowError) as exc:
            raise BadFile(source, f"row {n}: {exc}") from None
        if known is not None and item not in known:
            raise BadFile(source, f"row {n}: item {item!r} is not in the catalogue")
        found.append((user, item, rating, time))
    return Interactions.from_rows(found, items)


def read(path: Path | str, items: list[str] | None = None) -> Interactions:
    """Interactions of the file at ``path``; ``items`` fixes the item index order."""
    return parse(read_text(path), str(path), items)
