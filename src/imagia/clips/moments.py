"""Finding moments to clip: the one place that asks the index.

:func:`find_moments` runs the index's fused search (:func:`imagia.index.search.search`: words,
meaning across languages, on-screen text, with the ``person``/``sound`` filters) and turns each
hit into moments: a transcript window found by its words is cut into sentences and each sentence
saying the words is a moment; a window found by its meaning only gives its sentence closest in
meaning to the query (the USE multilingual vectors the search uses); an on-screen text span
found alone is a moment over the span. Each moment carries the search's reasons (``why``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from imagia.clips.model import Moment
from imagia.core.workspace import Workspace
from imagia.index.store import IndexStore, fold, open_index

Word = tuple[str, float, float]
Spans = dict[int, list[tuple[float, float]]]
_TOKEN = re.compile(r"\w+", re.UNICODE)
PAUSE = 1.0  # seconds of silence between two words that end a sentence


@dataclass(frozen=True)
class Found(Moment):
    """A moment found by the search, with the reasons it was found (``"words: ..."``,
    ``"meaning 0.43"``, ``"on screen: ..."``, ``"person: ..."``, ``"sound: ..."``)."""

    why: tuple[str, ...] = ()


def sentences(words: tuple[Word, ...]) -> list[tuple[Word, ...]]:
    """Words cut into sentences: after ``.``, ``?``, ``!`` or a pause of ``PAUSE`` s."""
    out: list[tuple[Word, ...]] = []
    cur: list[Word] = []
    for k, w in enumerate(words):
        cur.append(w)
        nxt = words[k + 1] if k + 1 < len(words) else None
        if (
            nxt is None
            or w[0].rstrip("\"'»”)").endswith((".", "?", "!", "…"))
            or nxt[1] - w[2] >= PAUSE
        ):
            out.append(tuple(cur))
            cur = []
    return out


def _matches(sentence: tuple[Word, ...], query: str) -> bool:
    """Whether every word of ``query`` is said in ``sentence`` (the last one as a prefix),
    accents and case folded, as the index search matches a window."""
    said = [t for w in sentence for t in _TOKEN.findall(fold(w[0]))]
    tokens = [fold(t) for t in _TOKEN.findall(query)]
    return bool(tokens) and all(
        any(s == t or (k == len(tokens) - 1 and s.startswith(t)) for s in said)
        for k, t in enumerate(tokens)
    )


def _text(sentence: tuple[Word, ...]) -> str:
    return " ".join(w[0] for w in sentence)


def closest_in_meaning(parts: list[tuple[Word, ...]], query: str) -> tuple[Word, ...]:
    """The sentence of ``parts`` whose USE multilingual vector is closest to the query's
    (the first one on a tie)."""
    from imagia.index.vectors import embed, embed_query

    sims = embed([_text(s) for s in parts]) @ embed_query(query)
    return parts[int(sims.argmax())]


def _asset(con: sqlite3.Connection, path: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = con.execute(
        "SELECT id, sha256, duration, language FROM assets WHERE path=?", (path,)
    ).fetchone()
    return row


def _window(con: sqlite3.Connection, asset_id: int, hit: Any) -> sqlite3.Row | None:
    """The transcript window a window hit of the search came from (same asset and end, the
    hit starting inside it, same text once spaces are normalised)."""
    rows = con.execute(
        "SELECT start, end, text, words FROM windows WHERE asset_id=? AND abs(end - ?) < 1e-6 "
        "AND start <= ? + 1e-6 ORDER BY start DESC",
        (asset_id, hit.end, hit.start),
    ).fetchall()
    return next(
        (r for r in rows if " ".join(str(r["text"]).split()) == hit.text), rows[0] if rows else None
    )


def _intersect(a: Spans, b: Spans) -> Spans:
    return {
        aid: res
        for aid in a.keys() & b.keys()
        if (
            res := sorted(
                (max(s1, s2), min(e1, e2))
                for s1, e1 in a[aid]
                for s2, e2 in b[aid]
                if max(s1, s2) < min(e1, e2)
            )
        )
    }


def _filter_spans(
    store: IndexStore, con: sqlite3.Connection, person: str | None, sound: str | None
) -> Spans | None:
    """Where the person is seen and/or the sound is heard, by asset id (None: no filter)."""
    from imagia.index.search import person_spans, sound_spans

    spans: Spans | None = None
    if person and person.strip():
        spans = person_spans(store, con, person.strip())[0]
    if sound and sound.strip():
        ss = sound_spans(con, sound)[0]
        spans = ss if spans is None else _intersect(spans, ss)
    return spans


def _inside(spans: Spans | None, aid: int, start: float, end: float) -> bool:
    return spans is None or any(s < end and e > start for s, e in spans.get(aid, ()))


def find_moments(
    ws: Workspace, query: str, limit: int = 50, person: str | None = None, sound: str | None = None
) -> list[Found]:
    """Moments for ``query``, best first, by the index's fused search (words, meaning across
    languages, on-screen text), narrowed to where ``person`` is seen and/or ``sound`` heard.

    A window found by its words is cut into sentences and each sentence saying the words is a
    moment (none does alone: the window); a window found by its meaning only gives its sentence
    closest in meaning to the query (the window when it has one sentence); an on-screen text
    span found alone is a moment over the span. With a filter, a sentence must itself overlap
    the person's sightings or the sound (none does: the window, which the search checked)."""
    from imagia.index.search import Query, search

    store = open_index(ws)
    hits = search(store, Query(text=query, person=person, sound=sound, limit=limit))
    out: list[Found] = []
    with store.connect() as con:
        spans = _filter_spans(store, con, person, sound) if hits else None
        for hit in hits:
            a = _asset(con, hit.path)
            base = Found(
                asset=hit.asset,
                path=hit.path,
                start=hit.start,
                end=hit.end,
                fps=Fraction(hit.fps),
                sha256=hit.sha256,
                text=hit.text,
                language=a["language"] if a else None,
                asset_duration=a["duration"] if a else None,
                why=tuple(hit.why),
            )
            by_words = any(y.startswith("words: ") for y in hit.why)
            by_meaning = any(y.startswith("meaning ") for y in hit.why)
            aid = int(a["id"]) if a is not None else -1
            w = _window(con, aid, hit) if by_words or by_meaning else None
            if w is None:  # on-screen text alone (or a window gone since)
                out.append(base)
                continue
            words = tuple((str(x[0]), float(x[1]), float(x[2])) for x in json.loads(w["words"]))
            parts = sentences(words)
            seen = [s for s in parts if _inside(spans, aid, s[0][1], s[-1][2])]
            if by_words:
                picked = [s for s in seen if _matches(s, query)]
            elif len(parts) > 1 and seen:
                picked = [closest_in_meaning(seen, query)]
            else:
                picked = []
            if not picked:  # the window itself
                out.append(replace(base, start=float(w["start"]), end=float(w["end"]), words=words))
            for s in picked:
                out.append(replace(base, start=s[0][1], end=s[-1][2], text=_text(s), words=s))
    return out


def people_on_screen(ws: Workspace, path: str, start: float, end: float) -> tuple[str, ...]:
    """Names of the named people whose faces the index saw in ``[start, end]`` seconds of the
    asset (faces are sampled: a person seen only between two samples can be missed; the
    sampling rate is the index's ``sample_fps``)."""
    with open_index(ws).connect() as con:
        rows = con.execute(
            "SELECT DISTINCT p.name FROM faces f JOIN people p ON p.id=f.person_id "
            "JOIN assets a ON a.id=f.asset_id WHERE a.path=? AND p.name IS NOT NULL "
            "AND f.t>=? AND f.t<=? ORDER BY p.name",
            (path, start, end),
        ).fetchall()
    return tuple(r[0] for r in rows)


def words_between(
    ws: Workspace, moment: Moment, start: float, end: float
) -> list[tuple[str, float, float]]:
    """Every transcript word of the moment's asset said within ``[start, end]`` seconds
    (neighbouring windows included, for clips with handles)."""
    with open_index(ws).connect() as con:
        rows = con.execute(
            "SELECT w.words FROM windows w JOIN assets a ON a.id=w.asset_id WHERE a.path=? "
            "AND w.end>? AND w.start<? ORDER BY w.start",
            (moment.path, start, end),
        ).fetchall()
    words = [(str(x[0]), float(x[1]), float(x[2])) for r in rows for x in json.loads(r[0])]
    if not rows:
        words = list(moment.words)
    return [w for w in words if w[2] > start and w[1] < end]
