"""Job entry of the upgraded ``index-search`` tool (a thin adapter over :mod:`search`)."""

from __future__ import annotations

from typing import Any

from imagia.core.jobs import JobContext
from imagia.index.jobs import thumbnail_url
from imagia.index.search import MIN_SIMILARITY, RRF_K, Moment, Query, search
from imagia.index.store import open_index

SCHEMA = "IndexSearch.2"


def moment_dict(m: Moment) -> dict[str, Any]:
    return {**m.to_dict(), "thumbnail_url": thumbnail_url(m.thumbnail)}


def _text(params: dict[str, Any], key: str) -> str | None:
    value = params.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def query_from(params: dict[str, Any]) -> Query:
    """A :class:`Query` from job/API parameters (empty strings mean "not given")."""
    return Query(
        text=str(params.get("query") or "").strip(),
        person=_text(params, "person"),
        sound=_text(params, "sound"),
        asset=_text(params, "asset"),
        lang=_text(params, "lang"),
        limit=int(params.get("limit") or 20),
        semantic=bool(params.get("semantic", True)),
    )


def run_search2(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    from imagia.index.vectors import model_info

    q = query_from(params)
    moments = [moment_dict(m) for m in search(open_index(job.ws), q)]
    semantic = bool(q.text) and q.semantic
    model = model_info() if semantic else None
    if model:
        job.use_model(model)
    job.progress(1.0, f"{len(moments)} moment(s)")
    filters = {k: v for k, v in vars(q).items() if k != "text"}
    data = {"schema": SCHEMA, "query": q.text, "filters": filters, "moments": moments}
    job.write_json(
        "index-search.json",
        data,
        "report/json",
        details={
            "engine": f"SQLite FTS5 BM25 + cosine of sentence embeddings, reciprocal rank fusion "
            f"(k={RRF_K}, similarity >= {MIN_SIMILARITY})",
            "embedding_model": model,
        },
        indent=1,
    )
    return {
        "query": q.text,
        "moments": len(moments),
        "top": [{k: m[k] for k in ("asset", "timecode", "why", "text")} for m in moments[:5]],
    }
