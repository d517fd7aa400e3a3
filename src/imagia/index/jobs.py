"""Job entries of the index tools (thin adapters over :mod:`ingest` and :mod:`store`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext
from imagia.core.jobs import get as get_job
from imagia.index.analysis import STEPS, IngestOptions
from imagia.index.engines import EngineOptions
from imagia.index.ingest import index_paths
from imagia.index.store import Hit, open_index
from imagia.media.shots import ENGINES as SHOT_ENGINES
from imagia.media.shots import ShotOptions


def drop_orphan_thumbnails(job: JobContext) -> None:
    """Thumbnails no asset of the index points to (an asset that failed, or one interrupted
    before its transaction) are removed: every thumbnail left is a registered output."""
    registered = {o["path"] for o in get_job(job.ws, job.id).outputs}
    for thumb in (job.output_dir / "thumbs").glob("*.jpg"):
        if thumb.resolve().relative_to(job.ws.root.resolve()).as_posix() not in registered:
            thumb.unlink(missing_ok=True)


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


def steps_param(value: Any, skip: Any = None) -> tuple[str, ...]:
    """``"shots,faces"`` or a list -> the steps, checked; empty -> every step; ``skip`` (same
    forms) removes steps from them."""

    def names(v: Any, param: str) -> list[str]:
        out = [x.strip() for x in (v.split(",") if isinstance(v, str) else v or []) if x.strip()]
        for n in out:
            if n not in STEPS:
                raise BadValue(param, n, tuple(STEPS))
        return out

    steps = names(value, "steps") or list(STEPS)
    drop = set(names(skip, "skip"))
    return tuple(n for n in dict.fromkeys(steps) if n not in drop)


def _shots_and_engine(params: dict[str, Any]) -> tuple[str, str]:
    """(shot detector, execution engine). Jobs saved before the execution engines kept the shot
    detector under ``engine``: a shot detector's name there still means it."""
    engine = str(params.get("engine") or "local")
    shots = str(params.get("shots") or "content")
    if engine in SHOT_ENGINES:
        if not params.get("shots"):
            shots = engine
        engine = "local"
    return shots, engine


def _number(params: dict[str, Any], key: str) -> float | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise BadValue(key, value, reason="a number") from None


def run_add(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    language = params.get("language") or None
    steps = steps_param(params.get("steps"), params.get("skip"))
    if not params.get("transcribe", True):
        steps = tuple(s for s in steps if s != "transcript")
    shots, engine = _shots_and_engine(params)
    workers = _number(params, "workers")
    options = IngestOptions(
        shots=ShotOptions(engine=shots, threshold=_number(params, "threshold")),
        steps=steps,
        model=str(params.get("model", "base")),
        language=None if language == "auto" else language,
    )
    run_on = EngineOptions(
        engine, int(workers) if workers else None, str(params.get("ray_address") or "") or None
    )
    store = open_index(job.ws)
    thumbs = job.output_dir / "thumbs"

    def register_thumbnails(sha256: str) -> None:  # as each asset lands in the index
        for thumb in sorted(thumbs.glob(f"{sha256[:12]}-*.jpg")):
            job.add_output(thumb, "image/thumbnail")

    report = index_paths(
        store,
        _paths(params.get("media")),
        thumbs,
        job.ws.root,
        options,
        job.progress,
        run_on,
        register_thumbnails,
    )
    drop_orphan_thumbnails(job)
    for m in report.models:
        job.use_model(m)
    for f in report.failed:
        job.log(f"failed: {f['error']}", "warning")
    data = report.to_dict()
    shots_of = {
        a["sha256"]: [
            {
                "n": k + 1,
                "start_frame": s.start_frame,
                "end_frame": s.end_frame,
                "thumbnail_url": thumbnail_url(s.thumbnail),
            }
            for k, s in enumerate(store.shots(a["sha256"]))
        ]
        for a in report.added
    }
    where = (
        f"Ray ({run_on.ray_address or 'RAY_ADDRESS or local'})"
        if engine == "ray"
        else f"{report.workers} local process(es)"
    )
    job.write_json(
        "index-report.json",
        {
            "schema": "IndexReport.1",
            **data,
            "index": str(store.path.relative_to(job.ws.root)),
            "shots": shots_of,
        },
        "report/json",
        details={
            "engine": f"imagia.index ({shots} shots, ffmpeg thumbnails, steps "
            f"{', '.join(steps)}; run on {where})"
        },
        indent=1,
    )
    return {
        "added": len(report.added),
        "skipped": len(report.skipped),
        "failed": report.failed,
        "assets": [
            {
                k: a.get(k)
                for k in (
                    "asset",
                    "duration",
                    "fps",
                    "shots",
                    "windows",
                    "faces",
                    "texts",
                    "sounds",
                    "language",
                    "notes",
                    "seconds",
                )
            }
            for a in report.added
        ],
        "x_real_time": data["x_real_time"],
        "seconds": data["seconds"],
        "step_seconds": data["step_seconds"],
        "engine": engine,
        "shots": shots,
        "workers": report.workers,
        "steps": list(steps),
    }
