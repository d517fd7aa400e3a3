"""Index media files: checksums, then each new asset analysed (:mod:`imagia.index.analysis`)
by an engine (:mod:`imagia.index.engines`) and written here.

Each asset is analysed by :func:`~imagia.index.analysis.analyse` (no database: it can run in a
worker process or a Ray task) and written by :func:`store_work` in one transaction; an asset
already in the index (same SHA-256) is skipped; a file that fails is reported and the batch goes
on.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError
from imagia.core.provenance import sha256_file
from imagia.index import engines
from imagia.index.analysis import AssetWork, IngestOptions, analyse
from imagia.index.store import IndexStore
from imagia.media import shots as shotmod

MEDIA_EXTENSIONS = frozenset(
    [
        ".mov",
        ".mp4",
        ".m4v",
        ".mxf",
        ".mkv",
        ".avi",
        ".webm",
        ".mts",
        ".m2ts",
        ".ts",
        ".mpg",
        ".mpeg",
        ".dv",
        ".wav",
        ".mp3",
        ".m4a",
        ".aac",
        ".flac",
        ".ogg",
        ".opus",
        ".aif",
        ".aiff",
        ".bwf",
    ]
)
Progress = Callable[[float, str], None]


@dataclass
class IngestReport:
    """What a batch did: assets added (one dict each, in the order given), skipped (already in
    the index, or given twice), failed (path and one-line error); ``seconds`` is wall-clock,
    ``step_seconds`` the time of each step summed over assets (over all workers: with several
    workers it can exceed ``seconds``)."""

    added: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    media_seconds: float = 0.0
    seconds: float = 0.0
    models: list[dict[str, Any]] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)
    engine: str = "local"
    workers: int = 1

    def to_dict(self) -> dict[str, Any]:
        speed = self.media_seconds / self.seconds if self.seconds else None
        return {
            "added": self.added,
            "skipped": self.skipped,
            "failed": self.failed,
            "media_seconds": round(self.media_seconds, 3),
            "seconds": round(self.seconds, 3),
            "x_real_time": round(speed, 2) if speed else None,
            "step_seconds": {k: round(v, 3) for k, v in self.step_seconds.items()},
            "engine": self.engine,
            "workers": self.workers,
        }


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders walked for media files (by extension), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in MEDIA_EXTENSIONS
                and not f.name.startswith(".")
            )
        else:
            out.append(p)
    return out


def store_work(store: IndexStore, work: AssetWork, report: IngestReport) -> dict[str, Any]:
    """Write an analysed asset to the index (one transaction) and account for it."""
    assert work.record is not None
    f = work.findings
    store.add(work.record, f.shots, f.windows, f)
    report.media_seconds += work.duration or 0.0
    for m in work.models:
        if m not in report.models:
            report.models.append(m)
    for k, v in work.seconds.items():
        report.step_seconds[k] = report.step_seconds.get(k, 0.0) + v
    return {
        "asset": work.media.name,
        "sha256": work.sha256,
        "duration": work.duration,
        "fps": str(work.fps),
        "shots": len(f.shots),
        "windows": len(f.windows),
        "faces": len(f.faces),
        "texts": len(f.texts),
        "sounds": len(f.sounds),
        "language": work.language,
        "notes": work.notes,
        "seconds": {k: round(v, 3) for k, v in work.seconds.items()},
    }


def index_one(
    store: IndexStore,
    media: Path,
    sha: str,
    thumbs_dir: Path,
    root: Path,
    o: IngestOptions,
    report: IngestReport,
) -> dict[str, Any]:
    return store_work(store, analyse(media, sha, thumbs_dir, root, o), report)


def index_paths(
    store: IndexStore,
    paths: list[Path],
    thumbs_dir: Path,
    root: Path,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    engine: engines.EngineOptions | None = None,
    on_stored: Callable[[str], None] | None = None,
) -> IngestReport:
    """Index every file (folders walked); thumbnails go to ``thumbs_dir`` and are recorded
    relative to ``root`` (the workspace). Checksums are taken here first (10% of the progress),
    so files already indexed never reach a worker; the others are analysed by ``engine``
    (:mod:`imagia.index.engines`: serial by default) and written here, one transaction each,
    as they complete; ``on_stored(sha256)`` is called once each asset is in the index (its
    thumbnails can be registered at once, so an interrupted run loses none)."""
    o = options or IngestOptions()
    e = engine or engines.EngineOptions()
    engines.check(e)
    if "shots" in o.steps:
        shotmod.check(o.shots)
    report = IngestReport(engine=e.engine, workers=e.workers or (1 if e.engine == "local" else 0))
    t0 = time.perf_counter()
    files = expand(paths)
    tasks: list[engines.Task] = []
    seen: set[str] = set()
    for k, media in enumerate(files):
        if progress:
            progress(0.1 * k / max(len(files), 1), f"checksum {k + 1}/{len(files)} {media.name}")
        try:
            if not media.is_file():
                raise BadFile(media, "file not found")
            try:
                sha = sha256_file(media)
            except OSError as exc:
                raise BadFile(media, f"cannot be read ({exc.strerror or exc})") from None
        except ImagiaError as exc:
            report.failed.append({"path": str(media), "error": str(exc)})
            continue
        if sha in seen or store.has(sha):
            report.skipped.append(media.name)
            continue
        seen.add(sha)
        tasks.append(engines.Task(media, sha))
    thumbs_dir, root = thumbs_dir.resolve(), root.resolve()
    with closing(engines.run(tasks, thumbs_dir, root, o, e)) as results:
        for done, (task, out) in enumerate(results, 1):
            if isinstance(out, engines.Failure):
                report.failed.append({"path": str(task.media), "error": out.error})
            else:
                try:
                    report.added.append(store_work(store, out, report))
                    if on_stored:
                        on_stored(task.sha256)
                except (sqlite3.Error, ImagiaError) as exc:
                    if isinstance(exc, sqlite3.IntegrityError) and store.has(task.sha256):
                        report.skipped.append(task.media.name)  # another run indexed it
                    else:
                        report.failed.append(
                            {"path": str(task.media), "error": f"{task.media}: not written ({exc})"}
                        )
            if progress:
                progress(0.1 + 0.9 * done / len(tasks), f"{done}/{len(tasks)} {task.media.name}")
    rank = {t.sha256: k for k, t in enumerate(tasks)}
    report.added.sort(key=lambda a: rank.get(a["sha256"], 0))  # the order given
    if any(a.get("faces") for a in report.added):  # group the new faces into people
        from imagia.index.people import cluster

        cluster(store)
    report.seconds = time.perf_counter() - t0
    if progress:
        progress(
            1.0,
            f"{len(report.added)} added, {len(report.skipped)} already indexed, "
            f"{len(report.failed)} failed",
        )
    return report
