"""Fitted recommenders kept in memory for the HTTP API, keyed by their data and model, so a
request costs a ranking (milliseconds), not a fit (seconds)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from imagia.broadcast import data, recommend
from imagia.broadcast.recommend import Recommender

MAX_FITTED = 4
_cache: OrderedDict[tuple[object, ...], Recommender] = OrderedDict()
_lock = threading.Lock()


def _key(path: Path | None) -> tuple[object, ...]:
    if path is None:
        return (None,)
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns)


def fitted(catalogue: Path | None, interactions: Path | None, model: str) -> Recommender:
    """The recommender for these files (None, None: MovieLens 100k), fitted once."""
    key = (*_key(catalogue), *_key(interactions), model)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    items, inter, _source = data.load(catalogue, interactions)
    rec = recommend.fit(items, inter, model)
    with _lock:
        _cache[key] = rec
        while len(_cache) > MAX_FITTED:
            _cache.popitem(last=False)
    return rec
