"""Index media files: technical metadata, shots with thumbnails, transcript windows.

One asset at a time, each stored in one transaction; an asset already in the index (same
SHA-256) is skipped; a file that fails is reported and the batch goes on.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError
from imagia.core.provenance import sha256_file
from imagia.index import shots as shotmod
from imagia.index.store import AssetRecord, IndexStore, Shot, Window
from imagia.media.probe import probe

MEDIA_EXTENSIONS = frozenset(
    [".mov", ".mp4", ".m4v", ".mxf", ".mkv", ".avi", ".webm", ".mts", ".m2ts", ".ts", ".mpg",
     ".mpeg", ".dv", ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus", ".aif", ".aiff",
     ".bwf"])
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class IngestOptions:
    """``transcribe``: run speech-to-text when the speech extra is installed; ``model`` and
    ``language`` go to :mod:`imagia.speech.transcribe`; ``fps`` is the rate of audio-only
    assets' timecodes."""

    shots: shotmod.ShotOptions = field(default_factory=shotmod.ShotOptions)
    transcribe: bool = True
    model: str = "base"
    language: str | None = None
    fps: str = "25"


@dataclass
class IngestReport:
    added: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    media_seconds: float = 0.0
    seconds: float = 0.0
    models: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        speed = self.media_seconds / self.seconds if self.seconds else None
        return {"added": self.added, "skipped": self.skipped, "failed": self.failed,
                "media_seconds": round(self.media_seconds, 3),
                "seconds": round(self.seconds, 3),
                "x_real_time": round(speed, 2) if speed else None}


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
    from imagia.media.timecode import parse_rate

    for key in ("avg_frame_rate", "r_frame_rate"):
        val = stream.get(key)
        if val and val not in ("0/0", "0/1"):
            try:
                return parse_rate(val)
            except ImagiaError:
                continue
    return parse_rate(default)


def _windows(media: Path, o: IngestOptions, notes: list[str],
             report: IngestReport) -> tuple[list[Window], str | None]:
    if not o.transcribe:
        return [], None
    if importlib.util.find_spec("faster_whisper") is None:
        notes.append("no transcript: the speech extra is not installed "
                     "(pip install 'imagia[speech]')")
        return [], None
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    t = transcribe(media, TranscribeOptions(model=o.model, language=o.language))
    if t.model and t.model not in report.models:
        report.models.append(t.model)
    out = [Window(s.start, s.end, s.text,
                  tuple((w.text.strip(), w.start, w.end) for w in s.words))
           for s in t.segments if s.text.strip()]
    return out, t.language


def index_one(store: IndexStore, media: Path, sha: str, thumbs_dir: Path, root: Path,
              o: IngestOptions, report: IngestReport) -> dict[str, Any]:
    info = probe(media)
    video = next((s for s in info.raw.get("streams", []) if s.get("codec_type") == "video"
                  and not s.get("disposition", {}).get("attached_pic")), None)
    audio = next((s for s in info.raw.get("streams", []) if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise BadFile(media, "no audio or video stream")
    fps = _fps(video or {}, o.fps)
    notes: list[str] = []
    shots: list[Shot] = []
    if video is not None:
        for k, s in enumerate(shotmod.detect(media, fps, options=o.shots)):
            mid = float((s.start_frame + s.end_frame) / 2 / fps)
            thumb = shotmod.thumbnail(media, mid, thumbs_dir / f"{sha[:12]}-{k + 1:04d}.jpg")
            shots.append(Shot(s.start_frame, s.end_frame, str(thumb.relative_to(root))))
    windows: list[Window] = []
    language = None
    if audio is not None:
        windows, language = _windows(media, o, notes, report)
    fmt = info.raw.get("format", {})
    tags = {**fmt.get("tags", {}), **(video or {}).get("tags", {})}
    meta = {"format": fmt.get("format_name"), "bit_rate": fmt.get("bit_rate"),
            "timecode": tags.get("timecode"), "creation_time": tags.get("creation_time"),
            "audio_streams": info.audio_streams, "sample_rate": info.sample_rate,
            "channel_layout": (audio or {}).get("channel_layout"),
            "pix_fmt": (video or {}).get("pix_fmt")}
    rec = AssetRecord(sha, str(media.resolve()), info.duration, fps,
                      (video or {}).get("width"), (video or {}).get("height"),
                      (video or {}).get("codec_name"), (audio or {}).get("codec_name"),
                      info.channels, language, meta, notes)
    store.add(rec, shots, windows)
    report.media_seconds += info.duration or 0.0
    return {"asset": media.name, "sha256": sha, "duration": info.duration, "fps": str(fps),
            "shots": len(shots), "windows": len(windows), "language": language,
            "notes": notes}


def index_paths(store: IndexStore, paths: list[Path], thumbs_dir: Path, root: Path,
                options: IngestOptions | None = None,
                progress: Progress | None = None) -> IngestReport:
    """Index every file (folders walked); thumbnails go to ``thumbs_dir`` and are recorded
    relative to ``root`` (the workspace)."""
    o = options or IngestOptions()
    report = IngestReport()
    t0 = time.perf_counter()
    files = expand(paths)
    for k, media in enumerate(files):
        if progress:
            progress(k / max(len(files), 1), f"{k + 1}/{len(files)} {media.name}")
        try:
            if not media.is_file():
                raise BadFile(media, "file not found")
            sha = sha256_file(media)
            if store.has(sha):
                report.skipped.append(media.name)
                continue
            report.added.append(index_one(store, media, sha, thumbs_dir, root, o, report))
        except ImagiaError as exc:
            report.failed.append({"path": str(media), "error": str(exc)})
    report.seconds = time.perf_counter() - t0
    if progress:
        progress(1.0, f"{len(report.added)} added, {len(report.skipped)} already indexed, "
                 f"{len(report.failed)} failed")
    return report
