"""Reframe a video around its main subject: social formats (9:16, 1:1, 4:5, 16:9) and
smart-camera framing (a tighter shot at the source aspect that follows the face).

:func:`plan` analyses (shots, face tracks, crop path); :func:`reframe` also writes the crop path
(``CropPath.1`` JSON + CSV) and renders the video. The source is only read.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.media.shots import ShotOptions, detect
from imagia.media.timecode import frames_to_timecode
from imagia.promo.detect import Box
from imagia.promo.framing import CropTrack, FramingOptions, even, frame_crops
from imagia.promo.media import VideoInfo, video_info
from imagia.promo.render import RenderOptions, render
from imagia.promo.track import TrackOptions, track_faces

Progress = Callable[[float, str], None]
SCHEMA = "CropPath.1"
CSV_COLUMNS = (
    "frame",
    "timecode",
    "shot",
    "x",
    "y",
    "w",
    "h",
    "face_x",
    "face_y",
    "face_w",
    "face_h",
)


@dataclass(frozen=True)
class ReframeOptions:
    """Everything :func:`reframe` needs; ``size`` ``(w, h)`` of the output, None for the
    default (short side 1080 for a social aspect, the source size for smart-camera)."""

    framing: FramingOptions = field(default_factory=FramingOptions)
    tracking: TrackOptions = field(default_factory=TrackOptions)
    shots: ShotOptions = field(default_factory=ShotOptions)
    size: tuple[int, int] | None = None
    crf: int = 20
    preset: str = "veryfast"


def parse_size(text: str | None) -> tuple[int, int] | None:
    """``"1080x1920"`` -> (1080, 1920); empty -> None."""
    if not text or not str(text).strip():
        return None
    try:
        w, h = (int(v) for v in str(text).lower().split("x", 1))
    except ValueError:
        raise BadValue("size", text, reason="expected WIDTHxHEIGHT, e.g. 1080x1920") from None
    if w % 2 or h % 2 or not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise BadValue("size", text, reason="even width and height between 16 and 8192")
    return w, h


def output_size(
    info: VideoInfo, o: FramingOptions, size: tuple[int, int] | None
) -> tuple[int, int]:
    if size:
        return size
    if o.smart_camera or o.aspect is None:
        return even(info.width), even(info.height)
    a = float(o.aspect)
    return (1080, even(1080 / a)) if a <= 1 else (even(1080 * a), 1080)


@dataclass
class CropPath:
    """The crop window on every frame of the source, the shots, and how they were found."""

    info: VideoInfo
    options: ReframeOptions
    size: tuple[int, int]
    shots: list[tuple[int, int]]
    crops: CropTrack
    subject: list[Box | None]
    tracking: dict[str, Any]
    analysis_seconds: float

    @property
    def mode(self) -> str:
        return "smart-camera" if self.options.framing.smart_camera else "reframe"

    def face_inside(self) -> tuple[int, int]:
        """(frames whose subject box lies inside the crop, frames with a subject)."""
        inside = total = 0
        for i, b in enumerate(self.subject):
            if b is None:
                continue
            total += 1
            x, y = self.crops.x[i], self.crops.y[i]
            if (
                b.x >= x - 1
                and b.y >= y - 1
                and b.x + b.w <= x + self.crops.w[i] + 1
                and b.y + b.h <= y + self.crops.h[i] + 1
            ):
                inside += 1
        return inside, total

    def stats(self) -> dict[str, Any]:
        import numpy as np

        inside, total = self.face_inside()
        step = np.abs(np.diff(self.crops.x)) if len(self.crops.x) > 1 else np.zeros(1)
        cuts = {a for a, _ in self.shots[1:]}
        within = [float(s) for i, s in enumerate(step, 1) if i not in cuts]
        return {
            "frames": len(self.crops.x),
            "frames_with_face": total,
            "face_inside_crop": inside,
            "face_inside_rate": round(inside / total, 4) if total else None,
            "max_step_px": round(max(within, default=0.0), 1),
            "shots": len(self.shots),
            "shots_without_face": self.crops.shots_without_face,
            "analysis_seconds": round(self.analysis_seconds, 2),
        }

    def to_dict(self) -> dict[str, Any]:
        fr = self.options.framing
        return {
            "schema": SCHEMA,
            "source": self.info.to_dict(),
            "mode": self.mode,
            "aspect": fr.to_dict()["aspect"]
            or aspect_text(Fraction(self.info.width, self.info.height)),
            "output": {"width": self.size[0], "height": self.size[1]},
            "detector": self.tracking,
            "framing": fr.to_dict(),
            "shots": [
                {
                    "n": k,
                    "start_frame": a,
                    "end_frame": b,
                    "face": k not in self.crops.shots_without_face,
                }
                for k, (a, b) in enumerate(self.shots, 1)
            ],
            "frames": [
                [
                    int(self.crops.x[i]),
                    int(self.crops.y[i]),
                    int(self.crops.w[i]),
                    int(self.crops.h[i]),
                ]
                for i in range(len(self.crops.x))
            ],
            "faces": [
                None if b is None else [round(b.x), round(b.y), round(b.w), round(b.h)]
                for b in self.subject
            ],
            "stats": self.stats(),
            "notes": self.crops.notes,
        }

    def csv_rows(self) -> Iterator[list[object]]:
        """One row per frame, in :data:`CSV_COLUMNS` order."""
        shot_of = [0] * len(self.crops.x)
        for k, (a, e) in enumerate(self.shots, 1):
            for f in range(a, min(e, len(shot_of))):
                shot_of[f] = k
        for i in range(len(self.crops.x)):
            b = self.subject[i]
            face: list[object] = (
                ["", "", "", ""] if b is None else [round(b.x), round(b.y), round(b.w), round(b.h)]
            )
            yield [
                i,
                frames_to_timecode(i, self.info.fps),
                shot_of[i],
                int(self.crops.x[i]),
                int(self.crops.y[i]),
                int(self.crops.w[i]),
                int(self.crops.h[i]),
                *face,
            ]

    def csv_text(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        w.writerows(self.csv_rows())
        return buf.getvalue()


def plan(
    path: Path, options: ReframeOptions | None = None, progress: Progress | None = None
) -> CropPath:
    """Shots, face tracks and the crop path of ``path`` (no rendering)."""
    o = options or ReframeOptions()
    say = progress or (lambda _f, _m: None)
    info = video_info(path)
    o.tracking.check()
    size = output_size(info, o.framing, o.size)
    t0 = time.monotonic()
    say(0.0, "finding shots")
    shots = [(s.start_frame, s.end_frame) for s in detect(path, info.fps, options=o.shots)]
    total = shots[-1][1]
    say(0.2, "tracking faces")
    tr = track_faces(
        path, o.tracking, [a for a, _ in shots[1:]], lambda f, m: say(0.2 + 0.7 * f, m), info
    )
    subject = tr.subject(shots, total)
    crops = frame_crops(subject, shots, info.width, info.height, float(info.fps), o.framing)
    say(1.0, "crop path ready")
    return CropPath(info, o, size, shots, crops, subject, tr.summary(), time.monotonic() - t0)


@dataclass
class ReframeResult:
    path: CropPath
    video: Path | None
    render_seconds: float

    def summary(self) -> dict[str, Any]:
        duration = len(self.path.crops.x) / float(self.path.info.fps)
        spent = self.path.analysis_seconds + self.render_seconds
        return {
            "mode": self.path.mode,
            "output": f"{self.path.size[0]}x{self.path.size[1]}",
            "video": str(self.video) if self.video else None,
            "detector": self.path.tracking["name"],
            **self.path.stats(),
            "render_seconds": round(self.render_seconds, 2),
            "x_real_time": round(duration / spent, 2) if spent > 0 else None,
        }


def reframe(
    path: Path,
    out_video: Path | None,
    options: ReframeOptions | None = None,
    progress: Progress | None = None,
) -> ReframeResult:
    """Plan the crop path, then render it to ``out_video`` (skipped when None)."""
    o = options or ReframeOptions()
    say = progress or (lambda _f, _m: None)
    if o.size:
        RenderOptions(*o.size, crf=o.crf, preset=o.preset).check()
    cp = plan(path, o, lambda f, m: say(f * (0.4 if out_video else 1.0), m))
    if out_video is None:
        return ReframeResult(cp, None, 0.0)
    r = render(
        cp.info,
        cp.crops,
        out_video,
        RenderOptions(*cp.size, crf=o.crf, preset=o.preset),
        lambda f, m: say(0.4 + 0.6 * f, m),
    )
    return ReframeResult(cp, r.path, r.seconds)


def smart_camera_options(face_fraction: float = 0.25) -> FramingOptions:
    """Framing for the smart-camera tool: source aspect, medium close-up around the face."""
    if not 0.05 <= face_fraction <= 0.8:
        raise BadValue("face_fraction", face_fraction, reason="between 0.05 and 0.8")
    return FramingOptions(aspect=None, smart_camera=True, face_fraction=face_fraction)


def aspect_text(aspect: Fraction | None) -> str:
    return "source" if aspect is None else f"{aspect.numerator}:{aspect.denominator}"
