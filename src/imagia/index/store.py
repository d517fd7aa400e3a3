"""The index database: one SQLite file in the workspace (``index/index.db``, schema ``Index.3``).

Assets are keyed by the SHA-256 of their bytes (re-adding a file already indexed is a no-op).
An asset and everything found in it (shots, transcript windows and their embeddings, faces,
on-screen text, sound classes) are written in one transaction, so a crash never leaves an asset
half-indexed. Transcript windows and on-screen text are searchable through FTS5 tables with
accent folding (``unicode61 remove_diacritics 2``): "ete" finds "été". Faces are grouped into
``people`` across the whole index; a person gets a name once, from the user.

``Index.1`` and ``Index.2`` files are upgraded in place when opened (tables and columns added).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.core.workspace import Workspace

SCHEMA = "Index.3"
# older schemas this version upgrades in place (Index.1 -> 2 added tables; 2 -> 3 added the
# shots' transition columns)
_UPGRADES = ("Index.1", "Index.2")
_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS assets(
  id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL,
  duration REAL, fps TEXT NOT NULL, width INTEGER, height INTEGER, vcodec TEXT, acodec TEXT,
  channels INTEGER, language TEXT, metadata TEXT NOT NULL, notes TEXT NOT NULL,
  added REAL NOT NULL);
CREATE TABLE IF NOT EXISTS shots(
  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE, n INTEGER NOT NULL,
  start_frame INTEGER NOT NULL, end_frame INTEGER NOT NULL, thumbnail TEXT,
  transition TEXT NOT NULL DEFAULT 'cut', transition_frames INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(asset_id, n));
CREATE INDEX IF NOT EXISTS shots_start ON shots(asset_id, start_frame);
CREATE TABLE IF NOT EXISTS windows(
  id INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  start REAL NOT NULL, end REAL NOT NULL, text TEXT NOT NULL, words TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS windows_fts USING fts5(
  text, content='windows', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS windows_ai AFTER INSERT ON windows BEGIN
  INSERT INTO windows_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER IF NOT EXISTS windows_ad AFTER DELETE ON windows BEGIN
  INSERT INTO windows_fts(windows_fts, rowid, text) VALUES('delete', old.id, old.text); END;
CREATE TABLE IF NOT EXISTS vectors(
  window_id INTEGER PRIMARY KEY REFERENCES windows(id) ON DELETE CASCADE,
  model TEXT NOT NULL, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS people(
  id INTEGER PRIMARY KEY, name TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS faces(
  id INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  t REAL NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL,
  h INTEGER NOT NULL, score REAL NOT NULL, embedding BLOB, thumbnail TEXT,
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS faces_asset ON faces(asset_id, t);
CREATE INDEX IF NOT EXISTS faces_person ON faces(person_id);
CREATE TABLE IF NOT EXISTS texts(
  id INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  start REAL NOT NULL, end REAL NOT NULL, text TEXT NOT NULL, box TEXT, score REAL);
CREATE VIRTUAL TABLE IF NOT EXISTS texts_fts USING fts5(
  text, content='texts', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS texts_ai AFTER INSERT ON texts BEGIN
  INSERT INTO texts_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER IF NOT EXISTS texts_ad AFTER DELETE ON texts BEGIN
  INSERT INTO texts_fts(texts_fts, rowid, text) VALUES('delete', old.id, old.text); END;
CREATE TABLE IF NOT EXISTS sounds(
  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  start REAL NOT NULL, end REAL NOT NULL, label TEXT NOT NULL, score REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sounds_label ON sounds(label, asset_id);
"""
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Shot:
    """Frames ``[start_frame, end_frame)`` at the asset's rate; ``transition``: how the shot
    begins (cut, dissolve, fade-in, fade-out: :data:`imagia.media.shots.TRANSITIONS`), over its
    first ``transition_frames`` frames."""

    start_frame: int
    end_frame: int
    thumbnail: str | None = None
    transition: str = "cut"
    transition_frames: int = 0


@dataclass(frozen=True)
class Window:
    """A stretch of transcript (seconds) with its words as ``[text, start, end]``; ``vector``:
    its sentence embedding as float32 bytes (see :mod:`imagia.index.vectors`)."""

    start: float
    end: float
    text: str
    words: tuple[tuple[str, float, float], ...] = ()
    vector: bytes | None = None


@dataclass(frozen=True)
class Face:
    """A face seen at ``t`` seconds, box in source pixels; ``embedding``: float32 bytes (128-d
    dlib descriptor); ``thumbnail``: workspace-relative crop."""

    t: float
    x: int
    y: int
    w: int
    h: int
    score: float
    embedding: bytes | None = None
    thumbnail: str | None = None


@dataclass(frozen=True)
class ScreenText:
    """Text read on screen from ``start`` to ``end`` seconds; ``box`` as ``[x, y, w, h]``."""

    start: float
    end: float
    text: str
    box: tuple[int, int, int, int] | None = None
    score: float = 1.0


@dataclass(frozen=True)
class SoundSpan:
    """A sound class (``speech``, ``music``, ``applause``...) heard from ``start`` to ``end``."""

    start: float
    end: float
    label: str
    score: float


@dataclass
class Findings:
    """Everything found in one asset, written with it in one transaction."""

    shots: list[Shot] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    faces: list[Face] = field(default_factory=list)
    texts: list[ScreenText] = field(default_factory=list)
    sounds: list[SoundSpan] = field(default_factory=list)
    vector_model: str | None = None


@dataclass
class AssetRecord:
    sha256: str
    path: str
    duration: float | None
    fps: Fraction
    width: int | None = None
    height: int | None = None
    vcodec: str | None = None
    acodec: str | None = None
    channels: int | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    asset: str
    path: str
    fps: Fraction
    start: float
    end: float
    text: str
    score: float
    shot: int | None
    thumbnail: str | None

    @property
    def timecode(self) -> str:
        from imagia.media.timecode import frames_to_timecode

        return frames_to_timecode(int(self.start * self.fps + Fraction(1, 1000)), self.fps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "asset": self.asset,
            "path": self.path,
            "timecode": self.timecode,
            "fps": str(self.fps),
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "score": round(self.score, 4),
            "shot": self.shot,
            "thumbnail": self.thumbnail,
        }


def index_path(ws: Workspace) -> Path:
    return ws.root / "index" / "index.db"


def fold(text: str) -> str:
    """Lower case without accents (what the FTS tokenizer does)."""
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def _first_match(words: list[list[Any]], query: str, default: float) -> float:
    """Start of the first word of the window that matches a word of the query."""
    tokens = [fold(t) for t in _TOKEN.findall(query)]
    for w in words:
        for tok in _TOKEN.findall(fold(str(w[0]))):
            if any(tok == t or tok.startswith(t) for t in tokens):
                return float(w[1])
    return default


def fts_query(text: str) -> str:
    """Words of ``text`` as an FTS5 query: every word must match (a prefix for the last one)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise BadValue("query", text, reason="give at least one word")
    quoted = [f'"{t}"' for t in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


class IndexStore:
    """The index of one workspace; open with :func:`open_index`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = self._connect()
            with con:
                con.executescript(_DDL)
                row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    con.execute("INSERT INTO meta VALUES('schema', ?)", (SCHEMA,))
                elif row[0] in _UPGRADES:
                    cols = {r[1] for r in con.execute("PRAGMA table_info(shots)")}
                    if "transition" not in cols:
                        con.execute(
                            "ALTER TABLE shots ADD COLUMN transition TEXT NOT NULL DEFAULT 'cut'"
                        )
                        con.execute(
                            "ALTER TABLE shots ADD COLUMN transition_frames INTEGER NOT NULL "
                            "DEFAULT 0"
                        )
                    con.execute("UPDATE meta SET value=? WHERE key='schema'", (SCHEMA,))
                    con.execute("INSERT OR REPLACE INTO meta VALUES('upgraded_from', ?)", (row[0],))
                elif row[0] != SCHEMA:
                    raise BadFile(path, f"index schema {row[0]}, this imagia reads {SCHEMA}")
            con.close()
        except sqlite3.DatabaseError as exc:
            raise BadFile(
                path,
                f"not a readable index database ({exc})",
                hint="move it aside and run imagia index add again",
            ) from None

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA foreign_keys=ON")
        return con

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            with con:
                yield con
        finally:
            con.close()

    def has(self, sha256: str) -> bool:
        with self.connect() as con:
            return (
                con.execute("SELECT 1 FROM assets WHERE sha256=?", (sha256,)).fetchone() is not None
            )

    def add(
        self,
        asset: AssetRecord,
        shots: list[Shot],
        windows: list[Window],
        findings: Findings | None = None,
    ) -> int:
        """Store an asset with its shots, windows and other findings in one transaction;
        returns its id."""
        import time

        f = findings or Findings()

        with self.connect() as con:
            cur = con.execute(
                "INSERT INTO assets(sha256, path, name, duration, fps, width, height, vcodec, "
                "acodec, channels, language, metadata, notes, added) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    asset.sha256,
                    asset.path,
                    Path(asset.path).name,
                    asset.duration,
                    str(asset.fps),
                    asset.width,
                    asset.height,
                    asset.vcodec,
                    asset.acodec,
                    asset.channels,
                    asset.language,
                    json.dumps(asset.metadata),
                    json.dumps(asset.notes),
                    time.time(),
                ),
            )
            aid = int(cur.lastrowid or 0)
            con.executemany(
                "INSERT INTO shots(asset_id, n, start_frame, end_frame, thumbnail, transition, "
                "transition_frames) VALUES(?,?,?,?,?,?,?)",
                [
                    (
                        aid,
                        k + 1,
                        s.start_frame,
                        s.end_frame,
                        s.thumbnail,
                        s.transition,
                        s.transition_frames,
                    )
                    for k, s in enumerate(shots)
                ],
            )
            for w in windows:
                wid = con.execute(
                    "INSERT INTO windows(asset_id, start, end, text, words) VALUES(?,?,?,?,?)",
                    (aid, w.start, w.end, w.text, json.dumps([list(x) for x in w.words])),
                ).lastrowid
                if w.vector is not None:
                    con.execute(
                        "INSERT INTO vectors VALUES(?,?,?)",
                        (wid, f.vector_model or "unknown", w.vector),
                    )
            con.executemany(
                "INSERT INTO faces(asset_id, t, x, y, w, h, score, embedding, thumbnail) "
                "VALUES(?,?,?,?,?,?,?,?,?)",
                [
                    (aid, x.t, x.x, x.y, x.w, x.h, x.score, x.embedding, x.thumbnail)
                    for x in f.faces
                ],
            )
            con.executemany(
                "INSERT INTO texts(asset_id, start, end, text, box, score) VALUES(?,?,?,?,?,?)",
                [
                    (aid, x.start, x.end, x.text, json.dumps(x.box) if x.box else None, x.score)
                    for x in f.texts
                ],
            )
            con.executemany(
                "INSERT INTO sounds(asset_id, start, end, label, score) VALUES(?,?,?,?,?)",
                [(aid, x.start, x.end, x.label, x.score) for x in f.sounds],
            )
        return aid

    def assets(self) -> list[dict[str, Any]]:
        """Every asset with its metadata and how many shots, transcript windows, faces,
        on-screen texts and sound spans were found in it."""
        counts = ", ".join(
            f"(SELECT count(*) FROM {t} x WHERE x.asset_id=a.id) AS {t}"
            for t in ("shots", "windows", "faces", "texts", "sounds")
        )
        with self.connect() as con:
            rows = con.execute(f"SELECT a.*, {counts} FROM assets a ORDER BY a.name").fetchall()
        return [
            {
                "name": r["name"],
                "path": r["path"],
                "sha256": r["sha256"],
                "duration": r["duration"],
                "fps": r["fps"],
                "width": r["width"],
                "height": r["height"],
                "vcodec": r["vcodec"],
                "acodec": r["acodec"],
                "language": r["language"],
                "shots": r["shots"],
                "windows": r["windows"],
                "faces": r["faces"],
                "texts": r["texts"],
                "sounds": r["sounds"],
                "notes": json.loads(r["notes"]),
            }
            for r in rows
        ]

    def shots(self, sha256: str) -> list[Shot]:
        with self.connect() as con:
            rows = con.execute(
                "SELECT s.* FROM shots s JOIN assets a ON a.id=s.asset_id WHERE a.sha256=? "
                "ORDER BY s.n",
                (sha256,),
            ).fetchall()
        return [
            Shot(
                r["start_frame"],
                r["end_frame"],
                r["thumbnail"],
                r["transition"],
                r["transition_frames"],
            )
            for r in rows
        ]

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """Transcript windows matching every word of ``text`` (accents and case folded), best
        first (BM25), each with the shot it starts in."""
        q = fts_query(text)
        with self.connect() as con:
            rows = con.execute(
                "SELECT w.start, w.end, w.text, w.words, a.name, a.path, a.fps, a.id AS aid, "
                "bm25(windows_fts) AS score FROM windows_fts "
                "JOIN windows w ON w.id=windows_fts.rowid JOIN assets a ON a.id=w.asset_id "
                "WHERE windows_fts MATCH ? ORDER BY score LIMIT ?",
                (q, limit),
            ).fetchall()
            hits = []
            for r in rows:
                fps = Fraction(r["fps"])
                start = _first_match(json.loads(r["words"]), text, r["start"])
                frame = int(start * fps)
                shot = con.execute(
                    "SELECT n, thumbnail FROM shots WHERE asset_id=? AND start_frame<=? "
                    "ORDER BY start_frame DESC LIMIT 1",
                    (r["aid"], frame),
                ).fetchone()
                hits.append(
                    Hit(
                        r["name"],
                        r["path"],
                        fps,
                        start,
                        r["end"],
                        r["text"],
                        -float(r["score"]),
                        shot["n"] if shot else None,
                        shot["thumbnail"] if shot else None,
                    )
                )
        return hits


def open_index(ws: Workspace) -> IndexStore:
    return IndexStore(index_path(ws))
