"""Finding moments to clip: the one place that asks the index (swap :func:`find_moments` for a
richer search without touching the rest)."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any

from imagia.clips.model import Moment
from imagia.core.workspace import Workspace
from imagia.index.store import IndexStore, fold, open_index

Word = tuple[str, float, float]
_TOKEN = re.compile(r"\w+", re.UNICODE)
PAUSE = 1.0  # seconds of silence between two words that end a sentence


def sentences(words: tuple[Word, ...]) -> list[tuple[Word, ...]]:
    """Words cut into sentences: after ``.``, ``?``, ``!`` or a pause of ``PAUSE`` s."""
    out: list[tuple[Word, ...]] = []
    cur: list[Word] = []
    for k, w in enumerate(words):
        cur.append(w)
        nxt = words[k + 1] if k + 1 < len(words) else None
        if nxt is None or w[0].rstrip("\"'»”)").endswith((".", "?", "!", "…")) \
                or nxt[1] - w[2] >= PAUSE:
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
        for k, t in enumerate(tokens))


def _window(store: IndexStore, path: str, start: float, text: str) -> dict[str, Any] | None:
    """The transcript window a hit came from, with its asset's checksum and duration."""
    with store.connect() as con:
        row = con.execute(
            "SELECT w.start, w.end, w.words, a.sha256, a.duration, a.language FROM windows w "
            "JOIN assets a ON a.id=w.asset_id WHERE a.path=? AND w.text=? AND w.start<=? + 1e-6 "
            "AND w.end>=? - 1e-6 ORDER BY w.start LIMIT 1", (path, text, start, start)).fetchone()
    return dict(row) if row else None


def find_moments(ws: Workspace, query: str, limit: int = 50) -> list[Moment]:
    """Moments whose words match ``query``, best first. A transcript window (a Whisper
    segment, up to ~30 s) is cut into sentences and each sentence saying the words is a
    moment; a window where no single sentence says them all is one moment."""
    store = open_index(ws)
    out: list[Moment] = []
    for hit in store.search(query, limit):
        w = _window(store, hit.path, hit.start, hit.text)
        spans: list[tuple[float, float, str, tuple[Word, ...]]] = [
            (hit.start, hit.end, hit.text, ())]
        sha = duration = language = None
        if w is not None:
            words = tuple((str(x[0]), float(x[1]), float(x[2])) for x in json.loads(w["words"]))
            sha, duration, language = w["sha256"], w["duration"], w["language"]
            spans = [(float(w["start"]), float(w["end"]), hit.text, words)]
            said = [s for s in sentences(words) if _matches(s, query)]
            if said:
                spans = [(s[0][1], s[-1][2], " ".join(x[0] for x in s), s) for s in said]
        for start, end, text, ws_words in spans:
            out.append(Moment(asset=hit.asset, path=hit.path, start=start, end=end,
                              fps=Fraction(hit.fps), sha256=sha, text=text, words=ws_words,
                              people=tuple(getattr(hit, "people", ()) or ()),
                              language=language, asset_duration=duration))
    return out


def people_on_screen(ws: Workspace, path: str, start: float, end: float) -> tuple[str, ...]:
    """Names of the named people whose faces the index saw in ``[start, end]`` seconds of the
    asset (faces are sampled: a person seen only between two samples can be missed; the
    sampling rate is the index's ``sample_fps``)."""
    with open_index(ws).connect() as con:
        rows = con.execute(
            "SELECT DISTINCT p.name FROM faces f JOIN people p ON p.id=f.person_id "
            "JOIN assets a ON a.id=f.asset_id WHERE a.path=? AND p.name IS NOT NULL "
            "AND f.t>=? AND f.t<=? ORDER BY p.name", (path, start, end)).fetchall()
    return tuple(r[0] for r in rows)


def words_between(ws: Workspace, moment: Moment, start: float,
                  end: float) -> list[tuple[str, float, float]]:
    """Every transcript word of the moment's asset said within ``[start, end]`` seconds
    (neighbouring windows included, for clips with handles)."""
    with open_index(ws).connect() as con:
        rows = con.execute(
            "SELECT w.words FROM windows w JOIN assets a ON a.id=w.asset_id WHERE a.path=? "
            "AND w.end>? AND w.start<? ORDER BY w.start", (moment.path, start, end)).fetchall()
    words = [(str(x[0]), float(x[1]), float(x[2])) for r in rows for x in json.loads(r[0])]
    if not rows:
        words = list(moment.words)
    return [w for w in words if w[2] > start and w[1] < end]
