"""People: the faces of the whole index grouped by who they are; the user names a group once.

Clustering is incremental: a face not yet in a person joins the person whose faces closer than
``threshold`` (0.6, dlib's same-person distance between 128-d descriptors) weigh most, each by
``1 - distance / threshold``, repeated until nothing moves; the faces left form new people by
Chinese whispers (dlib's ``chinese_whispers``) over the graph of pairs closer than
``threshold``, weighted the same way. Named people are never taken apart: their faces stay
theirs, also when ``rebuild=True`` regroups every unnamed face. People left without faces are
removed. Every function returns plain dicts and lists (web and CLI).
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from collections import Counter
from typing import Any

import numpy as np

from imagia.core.errors import BadValue, NotFound
from imagia.index.store import IndexStore, fold

THRESHOLD = 0.6
MERGE_GAP = 2.0
_DIM = 128
_BLOCK = 1 << 22  # distance-matrix cells computed at once


def _matrix(blobs: list[bytes]) -> np.ndarray:
    if not blobs:
        return np.zeros((0, _DIM), np.float32)
    return np.stack([np.frombuffer(b, np.float32) for b in blobs])


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distances between the rows of ``a`` and ``b``."""
    sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    return np.sqrt(np.maximum(sq, 0.0))


def whispers(x: np.ndarray, threshold: float = THRESHOLD) -> list[int]:
    """Chinese-whispers labels of the rows of ``x`` (dlib's ``chinese_whispers``,
    deterministic): the graph joins rows closer than ``threshold``, each edge weighted by
    ``1 - distance / threshold``, so a label follows its closest neighbours and a few pairs of
    look-alikes near the threshold do not chain two people together."""
    n = len(x)
    if n == 0:
        return []
    import dlib

    edges: list[tuple[int, int, float]] = [(i, i, 0.0) for i in range(n)]
    step = max(1, _BLOCK // n)
    for s in range(0, n, step):
        d = _distances(x[s : s + step], x)
        ii, jj = np.nonzero(d < threshold)
        keep = ii + s < jj
        edges += [
            (int(i) + s, int(j), float(1.0 - d[i, j] / threshold))
            for i, j in zip(ii[keep], jj[keep], strict=True)
        ]
    return [int(v) for v in dlib.chinese_whispers(edges)]


def _check_threshold(threshold: float) -> float:
    if not 0.0 < threshold < 2.0:
        raise BadValue(
            "threshold",
            threshold,
            reason="a descriptor distance between 0 and 2 (dlib: 0.6 tells people apart)",
        )
    return float(threshold)


def cluster(
    store: IndexStore, threshold: float = THRESHOLD, rebuild: bool = False
) -> dict[str, Any]:
    """Put every face without a person into one (see the module doc); ``rebuild``: regroup
    all faces of unnamed people too (ids reused where most of a group's faces had one). Safe
    to run any time: one write transaction."""
    thr = _check_threshold(threshold)
    t0 = time.perf_counter()
    with store.connect() as con:
        con.execute("BEGIN IMMEDIATE")
        before: dict[int, int] = {}
        if rebuild:
            before = {
                r[0]: r[1]
                for r in con.execute(
                    "SELECT f.id, f.person_id FROM faces f JOIN people p ON p.id=f.person_id "
                    "WHERE p.name IS NULL"
                )
            }
            con.execute(
                "UPDATE faces SET person_id=NULL WHERE person_id IN "
                "(SELECT id FROM people WHERE name IS NULL)"
            )
        rows = con.execute(
            "SELECT id, person_id, embedding FROM faces WHERE embedding IS NOT NULL ORDER BY id"
        ).fetchall()
        old = [r for r in rows if r["person_id"] is not None]
        new = [r for r in rows if r["person_id"] is None]
        joined = _grow(con, old, new, thr)
        rest = [r for r in new if r["id"] not in joined]
        groups = _new_people(con, rest, thr, before)
        con.execute(
            "DELETE FROM people WHERE id NOT IN "
            "(SELECT DISTINCT person_id FROM faces WHERE person_id IS NOT NULL)"
        )
        people = con.execute("SELECT count(*) FROM people").fetchone()[0]
        named = con.execute("SELECT count(*) FROM people WHERE name IS NOT NULL").fetchone()[0]
    return {
        "faces": len(rows),
        "placed": len(new),
        "joined_existing": len(joined),
        "new_people": groups,
        "people": people,
        "named": named,
        "threshold": thr,
        "rebuild": rebuild,
        "seconds": round(time.perf_counter() - t0, 3),
    }


def _votes(
    x: np.ndarray, ref: np.ndarray, ref_person: np.ndarray, thr: float
) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``x``: the person whose faces within ``thr`` weigh most (each face
    ``1 - distance / thr``), and that weight (0: no face within ``thr``)."""
    people_, col = np.unique(ref_person, return_inverse=True)
    best = np.zeros(len(x), np.int64)
    weight = np.zeros(len(x), np.float64)
    if len(x) == 0 or len(ref) == 0:
        return best, weight
    step = max(1, _BLOCK // max(len(ref), len(people_)))
    for s in range(0, len(x), step):
        d = _distances(x[s : s + step], ref)
        ii, jj = np.nonzero(d < thr)
        score = np.zeros((len(d), len(people_)))
        np.add.at(score, (ii, col[jj]), 1.0 - d[ii, jj] / thr)
        best[s : s + step] = people_[score.argmax(1)]
        weight[s : s + step] = score.max(1)
    return best, weight


def _grow(
    con: sqlite3.Connection, old: list[sqlite3.Row], new: list[sqlite3.Row], thr: float
) -> dict[int, int]:
    """New faces join the person whose faces within ``thr`` weigh most (see :func:`_votes`),
    round after round (a face that joined can bring its neighbours). Returns face -> person."""
    joined: dict[int, int] = {}
    if not old or not new:
        return joined
    xn = _matrix([r["embedding"] for r in new])
    ref = _matrix([r["embedding"] for r in old])
    ref_person = np.array([r["person_id"] for r in old], np.int64)
    pending = np.arange(len(new))
    while len(pending):
        person_, weight = _votes(xn[pending], ref, ref_person, thr)
        hit = weight > 0
        if not hit.any():
            break
        for k, p in zip(pending[hit], person_[hit], strict=True):
            joined[int(new[k]["id"])] = int(p)
        ref = np.concatenate([ref, xn[pending[hit]]])
        ref_person = np.concatenate([ref_person, person_[hit]])
        pending = pending[~hit]
    con.executemany("UPDATE faces SET person_id=? WHERE id=?", [(p, f) for f, p in joined.items()])
    return joined


def _new_people(
    con: sqlite3.Connection, rows: list[sqlite3.Row], thr: float, before: dict[int, int]
) -> int:
    """Faces no person took form new people (Chinese whispers); a group gets back the id most
    of its faces had before a rebuild, when that id is still free."""
    labels = whispers(_matrix([r["embedding"] for r in rows]), thr)
    groups: dict[int, list[int]] = {}
    for r, lab in zip(rows, labels, strict=True):
        groups.setdefault(lab, []).append(int(r["id"]))
    taken = {
        r[0]
        for r in con.execute("SELECT DISTINCT person_id FROM faces WHERE person_id IS NOT NULL")
    }
    now = time.time()
    for faces in sorted(groups.values(), key=lambda g: (-len(g), g[0])):
        votes = Counter(before[f] for f in faces if f in before)
        pid = next((p for p, _ in votes.most_common() if p not in taken), None)
        if pid is None:
            pid = int(
                con.execute("INSERT INTO people(name, created) VALUES(NULL, ?)", (now,)).lastrowid
                or 0
            )
        taken.add(pid)
        con.executemany("UPDATE faces SET person_id=? WHERE id=?", [(pid, f) for f in faces])
    return len(groups)


# --- reading and naming ----------------------------------------------------------------------


def _people_ids(con: sqlite3.Connection) -> list[int]:
    return [r[0] for r in con.execute("SELECT id FROM people ORDER BY id")]


def _check_person(con: sqlite3.Connection, person_id: int) -> sqlite3.Row:
    row = con.execute("SELECT * FROM people WHERE id=?", (int(person_id),)).fetchone()
    if row is None:
        raise NotFound("person", str(person_id), [str(i) for i in _people_ids(con)])
    return row


def list_people(store: IndexStore) -> list[dict[str, Any]]:
    """Every person with faces, most seen first: ``id``, ``name`` (or None), ``faces``,
    ``assets`` (names), ``first_asset``/``first_time`` (earliest asset indexed, then time),
    ``thumbnail`` (workspace-relative: their clearest face)."""
    with store.connect() as con:
        people = con.execute("SELECT id, name FROM people ORDER BY id").fetchall()
        faces = con.execute(
            "SELECT f.person_id, f.t, f.h, f.score, f.thumbnail, a.name AS asset, a.added, "
            "a.id AS aid FROM faces f JOIN assets a ON a.id=f.asset_id "
            "WHERE f.person_id IS NOT NULL ORDER BY a.added, a.id, f.t"
        ).fetchall()
    by: dict[int, list[sqlite3.Row]] = {}
    for f in faces:
        by.setdefault(f["person_id"], []).append(f)
    out = []
    for p in people:
        fs = by.get(p["id"], [])
        if not fs:
            continue
        assets = list(dict.fromkeys(f["asset"] for f in fs))
        thumbs = [f for f in fs if f["thumbnail"]]
        best = max(thumbs, key=lambda f: f["h"] * min(f["score"], 2.0)) if thumbs else None
        out.append(
            {
                "id": p["id"],
                "name": p["name"],
                "faces": len(fs),
                "assets": assets,
                "first_asset": fs[0]["asset"],
                "first_time": round(fs[0]["t"], 3),
                "thumbnail": best["thumbnail"] if best else None,
            }
        )
    out.sort(key=lambda r: (-r["faces"], r["id"]))
    return out


def person(store: IndexStore, person_id: int) -> dict[str, Any]:
    """One person: what :func:`list_people` says, and the moments they are on screen
    (``asset``, ``start``, ``end``)."""
    with store.connect() as con:
        _check_person(con, person_id)
        names = {r[0]: r[1] for r in con.execute("SELECT id, name FROM assets")}
    row = next((p for p in list_people(store) if p["id"] == int(person_id)), None)
    if row is None:
        row = {
            "id": int(person_id),
            "name": None,
            "faces": 0,
            "assets": [],
            "first_asset": None,
            "first_time": None,
            "thumbnail": None,
        }
    row["moments"] = [
        {"asset": names.get(a), "start": s, "end": e}
        for a, s, e in person_moments(store, [int(person_id)])
    ]
    return row


def _clean_name(name: str | None) -> str:
    clean = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not clean:
        raise BadValue("name", name, reason="give the person's name")
    if len(clean) > 200:
        raise BadValue("name", clean[:40] + "...", reason="at most 200 characters")
    return clean


def name_person(store: IndexStore, person_id: int, name: str) -> dict[str, Any]:
    """Give a person a name (it stays with their faces across re-clustering)."""
    clean = _clean_name(name)
    with store.connect() as con:
        _check_person(con, person_id)
        con.execute("UPDATE people SET name=? WHERE id=?", (clean, int(person_id)))
    return {"id": int(person_id), "name": clean}


def merge_people(store: IndexStore, keep_id: int, other_id: int) -> dict[str, Any]:
    """Move every face of ``other_id`` to ``keep_id`` and remove ``other_id``; ``keep_id``
    keeps its name, or takes the other's when it had none."""
    if int(keep_id) == int(other_id):
        raise BadValue("other", other_id, reason="a person cannot be merged with itself")
    with store.connect() as con:
        keep = _check_person(con, keep_id)
        other = _check_person(con, other_id)
        name = keep["name"] or other["name"]
        moved = con.execute(
            "UPDATE faces SET person_id=? WHERE person_id=?", (int(keep_id), int(other_id))
        ).rowcount
        con.execute("UPDATE people SET name=? WHERE id=?", (name, int(keep_id)))
        con.execute("DELETE FROM people WHERE id=?", (int(other_id),))
        faces = con.execute(
            "SELECT count(*) FROM faces WHERE person_id=?", (int(keep_id),)
        ).fetchone()[0]
    dropped = other["name"] if other["name"] and other["name"] != name else None
    return {
        "id": int(keep_id),
        "name": name,
        "merged": int(other_id),
        "moved": moved,
        "faces": faces,
        "dropped_name": dropped,
    }


def find_person(store: IndexStore, name: str) -> list[int]:
    """Ids of the people called ``name``, accents and case ignored ("elodie" finds "Élodie");
    when none is, those whose name holds it as whole words ("elodie" finds "Élodie Martin").
    Raises :class:`NotFound` with close names otherwise."""
    query = " ".join(fold(name or "").split())
    if not query:
        raise BadValue("name", name, reason="give a person's name")
    with store.connect() as con:
        named = [
            (r[0], r[1])
            for r in con.execute("SELECT id, name FROM people WHERE name IS NOT NULL ORDER BY id")
        ]
    folded = [(i, " ".join(fold(n).split()), n) for i, n in named]
    exact = [i for i, f, _ in folded if f == query]
    if exact:
        return exact
    words = query.split()
    part = [
        i
        for i, f, _ in folded
        if any(f.split()[k : k + len(words)] == words for k in range(len(f.split())))
    ]
    if part:
        return part
    import difflib

    err = NotFound("person", name, [])
    close = difflib.get_close_matches(query, [f for _, f, _ in folded], n=3, cutoff=0.5)
    err.suggestions = list(dict.fromkeys(n for _, f, n in folded if f in close))
    if err.suggestions:
        err.hint = f"did you mean: {', '.join(err.suggestions)}?"
    elif not named:
        err.hint = "nobody is named yet: imagia people list, then imagia people name ID NAME"
    raise err


def person_moments(
    store: IndexStore, person_ids: list[int], gap: float = MERGE_GAP
) -> list[tuple[int, float, float]]:
    """When these people are on screen: ``(asset_id, start, end)`` in seconds, sightings
    closer than ``gap`` seconds merged, by asset then time."""
    ids = [int(i) for i in person_ids]
    if not ids:
        return []
    with store.connect() as con:
        for i in ids:
            _check_person(con, i)
        marks = ",".join("?" * len(ids))
        rows = con.execute(
            f"SELECT asset_id, t FROM faces WHERE person_id IN ({marks}) ORDER BY asset_id, t", ids
        ).fetchall()
    out: list[list[Any]] = []
    for aid, t in rows:
        if out and out[-1][0] == aid and t - out[-1][2] <= gap + 1e-9:
            out[-1][2] = max(out[-1][2], t)
        else:
            out.append([aid, t, t])
    return [(int(a), round(float(s), 3), round(float(e), 3)) for a, s, e in out]


__all__ = [
    "MERGE_GAP",
    "THRESHOLD",
    "cluster",
    "find_person",
    "list_people",
    "merge_people",
    "name_person",
    "person",
    "person_moments",
    "whispers",
]
