"""Job entries of the index tools (thin adapters over :mod:`ingest` and :mod:`store`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext
from imagia.core.provenance import atomic_write
from imagia.index.ingest import STEPS, IngestOptions, index_paths
from imagia.index.shots import ShotOptions
from imagia.index.store import Hit, open_index


def thumbnail_url(path: str | None) -> str | None:
    """``outputs/<job>/thumbs/x.jpg`` -> the job output download route."""
    if not path or not path.startswith("outputs/"):
        return None
    _, job_id, rest = path.split("/", 2)
    return f"/api/jobs/{job_id}/outputs/{rest}"


def hit_dict(hit: Hit) -> dict[str, Any]:
    return {**hit.to_dict(), "thumbnail_url": thumbnail_url(hit.thumbnail)}


def _paths(value: Any) -> list[Path]:
    if isinstance(value, str):
        value = [v for v in value.splitlines() if v.strip()]
    if not value:
        raise BadValue("media", "", reason="give at least one file or folder")
    return [Path(v) for v in value]


def steps_param(value: Any) -> tuple[str, ...]:
    """``"shots,faces"`` or a list -> the steps, checked; empty -> every step."""
    if not value:
        return tuple(STEPS)
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value)
             if v.strip()]
    for n in names:
        if n not in STEPS:
            raise BadValue("steps", n, tuple(STEPS))
    return tuple(dict.fromkeys(names))


def _write(job: JobContext, name: str, data: dict[str, Any]) -> None:
    out = job.output_dir / name
    with atomic_write(out) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    job.add_output(out, "report/json")


def run_add(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    language = params.get("language") or None
    steps = steps_param(params.get("steps"))
    if not params.get("transcribe", True):
        steps = tuple(s for s in steps if s != "transcript")
    options = IngestOptions(
        shots=ShotOptions(engine=str(params.get("engine", "content")),
                          threshold=float(params.get("threshold", 27.0))),
        steps=steps,
        model=str(params.get("model", "base")),
        language=None if language == "auto" else language)
    store = open_index(job.ws)
    report = index_paths(store, _paths(params.get("media")), job.output_dir / "thumbs",
                         job.ws.root, options, job.progress)
    for thumb in sorted((job.output_dir / "thumbs").glob("*.jpg")):
        job.add_output(thumb, "image/thumbnail")
    for m in report.models:
        job.use_model(m)
    for f in report.failed:
        job.log(f"failed: {f['error']}", "warning")
    data = report.to_dict()
    shots = {a["sha256"]: [{"n": k + 1, "start_frame": s.start_frame, "end_frame": s.end_frame,
                            "thumbnail_url": thumbnail_url(s.thumbnail)}
                           for k, s in enumerate(store.shots(a["sha256"]))]
             for a in report.added}
    _write(job, "index-report.json", {
        "schema": "IndexReport.1", **data, "index": str(store.path.relative_to(job.ws.root)),
        "shots": shots,
        "provenance": {"tool": "index-add", "engine": f"imagia.index ({options.shots.engine} "
                       "shots, ffmpeg thumbnails, faster-whisper transcript)",
                       "models": report.models}})
    return {"added": len(report.added), "skipped": len(report.skipped),
            "failed": report.failed, "assets": [
                {k: a[k] for k in ("asset", "duration", "fps", "shots", "windows", "notes")}
                for a in report.added],
            "x_real_time": data["x_real_time"]}


def run_search(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    query = str(params.get("query", "")).strip()
    limit = int(params.get("limit", 20))
    hits = [hit_dict(h) for h in open_index(job.ws).search(query, limit)]
    job.progress(1.0, f"{len(hits)} hit(s)")
    _write(job, "index-search.json", {"schema": "IndexSearch.1", "query": query, "hits": hits,
                                      "provenance": {"tool": "index-search",
                                                     "engine": "SQLite FTS5, BM25"}})
    return {"query": query, "hits": len(hits),
            "top": [{k: h[k] for k in ("asset", "timecode", "text")} for h in hits[:5]]}
