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
    try:
        rel = connect().execute("SELECT * FROM read_parquet(?)", [str(path)])
    except Exception as exc:
        raise BadFile(path, f"not a readable Parquet file ({exc})") from None
    cols = [d[0] for d in rel.description]
    out = Events()
    for n, row in enumerate(rel.fetchall(), 1):
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
