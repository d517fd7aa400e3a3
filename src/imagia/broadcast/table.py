"""CSV tables of the broadcast domain (catalogues, interactions, programmes): one reader for
what they share — encoding, separator (``,``, ``;`` or tab), a header with required columns,
a bounded number of rows — so each file's module only reads its own columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from imagia.core.errors import BadFile

MAX_ROWS = 20_000_000


def rows(
    text: str,
    source: str,
    required: tuple[str, ...],
    what: str,
    aliases: dict[str, str] | None = None,
    max_rows: int = MAX_ROWS,
) -> Iterator[tuple[int, dict[str | None, str | list[str] | None]]]:
    """``(row number, {column: cell})`` for each data row of ``text`` (columns lower-cased,
    ``name:type`` suffixes and ``aliases`` mapped); BadFile naming ``source`` on an empty
    file, a missing column, too many rows, an unreadable CSV or a header with no row."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise BadFile(source, f"empty {what}: expected a header row and rows")
    first = text.splitlines()[0]
    reader = csv.DictReader(
        io.StringIO(text, newline=""), delimiter=max((",", ";", "\t"), key=first.count)
    )
    try:
        names = reader.fieldnames or []
    except csv.Error as exc:
        raise BadFile(source, f"not a readable CSV ({exc})") from None
    header = [(h or "").strip().lower().split(":")[0] for h in names]
    header = [(aliases or {}).get(h, h) for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise BadFile(source, f"missing column(s) {', '.join(missing)} (header: {first[:80]!r})")
    reader.fieldnames = header
    n = 1
    try:
        for n, row in enumerate(reader, start=2):
            if n > max_rows + 1:
                raise BadFile(source, f"more than {max_rows:,} rows")
            yield n, row
    except csv.Error as exc:
        raise BadFile(source, f"not a readable CSV ({exc})") from None
    if n == 1:
        raise BadFile(source, f"no row in the {what} (only a header row)")


Row = dict[str | None, str | list[str] | None]


def cell(row: Row, name: str) -> str:
    """The stripped text of a cell ("" when absent)."""
    v = row.get(name)
    return v.strip() if isinstance(v, str) else ""


def unique_id(row: Row, seen: set[str]) -> str:
    """The row's ``id``, which must be there and not repeat (ValueError says which)."""
    key = cell(row, "id")
    if not key:
        raise ValueError("empty id")
    if key in seen:
        raise ValueError(f"id {key!r} appears twice")
    seen.add(key)
    return key
