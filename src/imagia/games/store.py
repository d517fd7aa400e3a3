"""Telemetry in an embedded analytical database (DuckDB): one table per event type.

``load`` takes checked events (``schema.read_events``), so a malformed line is reported with its
line number and never reaches the database. Parquet files are read and written through DuckDB.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, MissingDependency
from imagia.games.schema import Events, Problem, check

TABLES = {
    "player": "players",
    "session": "sessions",
    "match": "matches",
    "stats": "stats",
    "chat": "chat",
    "purchase": "purchases",
    "ticket": "tickets",
}


# The most events read from one Parquet file (a season of a mid-sized game's telemetry).
MAX_EVENTS = 2_000_000


def duckdb() -> Any:
    try:
        import duckdb as ddb
    except ImportError as exc:  # pragma: no cover - the games extra is in dev
        raise MissingDependency(
            "DuckDB is not installed", hint="pip install 'imagia[games]'"
        ) from exc
    return ddb


def connect(db: Path | None = None) -> Any:
    """A DuckDB connection (in memory when ``db`` is None)."""
    return duckdb().connect(str(db) if db else ":memory:")


def load(events: Events, db: Path | None = None) -> Any:
    """Create one table per event type present and return the connection."""
    con = connect(db)
    with tempfile.TemporaryDirectory() as tmp:
        for kind, rows in events.by_type.items():
            f = Path(tmp) / f"{kind}.jsonl"
            with f.open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            table = TABLES[kind]
            con.execute(f"DROP TABLE IF EXISTS {table}")
            con.execute(
                f"CREATE TABLE {table} AS SELECT * REPLACE (CAST(ts AS TIMESTAMP) AS ts) "
                f"FROM read_json(?, format='newline_delimited')",
                [str(f)],
            )
    return con


def write_parquet(jsonl: Path, out: Path) -> Path:
    """All events of a JSON Lines file as one Parquet file (columns are the union of fields)."""
    con = connect()
    tmp = out.with_name(f".{out.name}.tmp")
    con.execute(
        f"COPY (SELECT * FROM read_json(?, format='newline_delimited', union_by_name=true) "
        f"WHERE type IS NOT NULL) TO '{tmp}' (FORMAT parquet)",
        [str(jsonl)],
    )
    tmp.replace(out)
    return out


def read_parquet(path: Path) -> Events:
    """Events from a Parquet file (rows checked like JSON Lines lines; null fields dropped)."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    try:  # read whole inside the boundary: DuckDB may fail on a bad page only when fetching
        rel = connect().execute(
            f"SELECT * FROM read_parquet(?) LIMIT {MAX_EVENTS + 1}", [str(path)]
        )
        cols = [d[0] for d in rel.description]
        rows = rel.fetchall()
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise BadFile(path, f"not a readable Parquet file ({first})") from None
    if len(rows) > MAX_EVENTS:  # a few kilobytes of run-length encoding can hold billions
        raise BadFile(path, f"more than {MAX_EVENTS:,} events", hint="split the file by period")
    out = Events()
    for n, row in enumerate(rows, 1):
        # times come back as datetimes (ts, a session's start and end): the schema's text again
        e = {
            c: v.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(v, datetime) else v
            for c, v in zip(cols, row, strict=True)
            if v is not None
        }
        why = check(e)
        if why:
            out.problems.append(Problem(n, why))
            continue
        out.by_type.setdefault(e["type"], []).append(e)
    if out.count() == 0:
        raise BadFile(path, "no valid event")
    return out


def read_any(path: Path) -> Events:
    """Events from ``.jsonl``/``.json`` (JSON Lines) or ``.parquet``."""
    from imagia.games.schema import read_events

    if path.suffix.lower() == ".parquet":
        return read_parquet(path)
    return read_events(path)
