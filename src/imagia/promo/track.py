"""Face tracks over a video: detect on a downscaled copy of every k-th frame, associate the
detections into tracks (IoU, else centre distance), pick the main subject, interpolate between
the samples.

Tracks never cross a shot cut (``cuts``): a face in the next shot starts a new track. The main
subject of a shot is the track with the largest sum of face heights over its samples in that
shot, which favours faces both large and persistent.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.promo.detect import DETECTORS, Box, iou, make_detector
from imagia.promo.media import VideoInfo, frames, video_info

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class TrackOptions:
    """``sample_fps``: detections per second of media; ``analysis_width``: width of the copy the
    detector sees (pixels); ``max_gap_seconds``: how long a track lives without a detection;
    ``min_hits``: tracks detected fewer times are dropped as false alarms."""

    detector: str = "hog"
    sample_fps: float = 5.0
    analysis_width: int = 640
    max_gap_seconds: float = 1.0
    min_hits: int = 2
    match_iou: float = 0.1
    # when the boxes do not overlap: how far a face may have moved, in face widths, plus so
    # many face widths per second between the two samples (sparse sampling, fast subjects)
    match_distance: float = 1.0
    match_speed: float = 3.0

    def check(self) -> None:
        if self.detector not in DETECTORS:
            raise BadValue("detector", self.detector, DETECTORS)
        if not 0.1 <= self.sample_fps <= 60:
            raise BadValue("sample_fps", self.sample_fps, reason="between 0.1 and 60 per second")
        if not 64 <= self.analysis_width <= 4096:
            raise BadValue(
                "analysis_width", self.analysis_width, reason="between 64 and 4096 pixels"
            )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Track:
    """One face followed over sampled frames: ``samples`` maps frame number -> box (full-size
    pixels)."""

    id: int
    samples: dict[int, Box] = field(default_factory=dict)
    hold: int = 0  # frames the track is extended past its first and last samples
    _keys: list[int] = field(default_factory=list, repr=False)

    @property
    def first(self) -> int:
        return min(self.samples)

    @property
    def last(self) -> int:
        return max(self.samples)

    def box_at(self, frame: int) -> Box | None:
        """The box at ``frame``: a sample, linear between two samples, held ``hold`` frames
        past the ends, else None."""
        if frame in self.samples:
            return self.samples[frame]
        if len(self._keys) != len(self.samples):
            self._keys = sorted(self.samples)
        keys = self._keys
        if frame < keys[0]:
            return self.samples[keys[0]] if keys[0] - frame <= self.hold else None
        if frame > keys[-1]:
            return self.samples[keys[-1]] if frame - keys[-1] <= self.hold else None
        i = bisect.bisect_left(keys, frame)
        before, after = keys[i - 1], keys[i]
        a, b = self.samples[before], self.samples[after]
        t = (frame - before) / (after - before)
        return Box(
            a.x + (b.x - a.x) * t,
            a.y + (b.y - a.y) * t,
            a.w + (b.w - a.w) * t,
            a.h + (b.h - a.h) * t,
            min(a.score, b.score),
        )


@dataclass
class TrackResult:
    """Every sampled frame's detections, the tracks, and the facts of the run."""

    info: VideoInfo
    detector: str
    detector_params: dict[str, Any]
    options: TrackOptions
    every: int
    frames: int  # frames decoded (the sampled ones times ``every``, about)
    sampled: list[int]
    detections: dict[int, list[Box]]
    tracks: list[Track]
    seconds: float
    model: dict[str, Any] = field(default_factory=dict)

    def subject(self, shots: Sequence[tuple[int, int]], total: int) -> list[Box | None]:
        """The main subject's box on each of ``total`` frames, chosen per shot; frames where
        the main track is absent take another track present then, or None."""
        out: list[Box | None] = [None] * total
        for a, b in shots:
            inside = [t for t in self.tracks if t.first < b and t.last >= a]
            if not inside:
                continue
            ranked = sorted(
                inside, key=lambda t: -sum(bx.h for f, bx in t.samples.items() if a <= f < b)
            )
            for f in range(a, min(b, total)):
                for t in ranked:
                    box = t.box_at(f)
                    if box is not None:
                        out[f] = box
                        break
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.detector,
            "params": self.detector_params,
            "sample_every_frames": self.every,
            "sampled_frames": len(self.sampled),
            "frames_with_face": sum(1 for f in self.sampled if self.detections.get(f)),
            "tracks": len(self.tracks),
            "seconds": round(self.seconds, 2),
            "model": self.model,
        }


def _similarity(a: Box, b: Box, o: TrackOptions, gap_seconds: float) -> float:
    """IoU when the boxes overlap enough, else a small score falling with centre distance
    (in face widths, the allowance growing with the time between the samples); 0 when too
    far apart or of too different sizes."""
    v = iou(a, b)
    if v >= o.match_iou:
        return 1.0 + v
    if max(a.w, b.w) > 2 * min(a.w, b.w):
        return 0.0
    dist = ((a.cx - b.cx) ** 2 + (a.cy - b.cy) ** 2) ** 0.5 / max(a.w, b.w, 1.0)
    return max(0.0, 1.0 - dist / (o.match_distance + o.match_speed * gap_seconds))


def associate(
    detections: dict[int, list[Box]], every: int, cuts: Sequence[int], o: TrackOptions, fps: float
) -> list[Track]:
    """Greedy frame-to-frame association of ``detections`` (frame -> boxes) into tracks."""
    max_gap = max(every, round(o.max_gap_seconds * fps))
    cut_set = sorted(cuts)
    tracks: list[Track] = []
    active: list[Track] = []
    for frame in sorted(detections):
        active = [
            t
            for t in active
            if frame - t.last <= max_gap and not any(t.last < c <= frame for c in cut_set)
        ]
        pairs = sorted(
            (
                (_similarity(t.samples[t.last], d, o, (frame - t.last) / fps), i, j)
                for i, t in enumerate(active)
                for j, d in enumerate(detections[frame])
            ),
            reverse=True,
        )
        used_t: set[int] = set()
        used_d: set[int] = set()
        for score, i, j in pairs:
            if score <= 0 or i in used_t or j in used_d:
                continue
            active[i].samples[frame] = detections[frame][j]
            used_t.add(i)
            used_d.add(j)
        for j, d in enumerate(detections[frame]):
            if j not in used_d:
                t = Track(len(tracks) + 1, {frame: d}, hold=every)
                tracks.append(t)
                active.append(t)
    kept = [t for t in tracks if len(t.samples) >= o.min_hits]
    for k, t in enumerate(kept, 1):
        t.id = k
    return kept


def track_faces(
    path: Path,
    options: TrackOptions | None = None,
    cuts: Sequence[int] = (),
    progress: Progress | None = None,
    info: VideoInfo | None = None,
) -> TrackResult:
    """Detect and track faces in ``path`` (see the module doc)."""
    import cv2

    o = options or TrackOptions()
    o.check()
    info = info or video_info(path)
    det = make_detector(o.detector)
    fps = float(info.fps)
    every = max(1, round(fps / o.sample_fps))
    aw = min(o.analysis_width, info.width) // 2 * 2
    ah = max(2, round(info.height * aw / info.width) // 2 * 2)
    scale = info.width / aw
    t0 = time.monotonic()
    detections: dict[int, list[Box]] = {}
    last = 0
    for n, img in frames(path, aw, ah, every):
        grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        detections[n] = [b.scaled(scale) for b in det(grey)]
        last = n
        if progress and n % (every * 10) == 0:
            progress(min(0.99, n / max(1, info.frames)), f"faces {n}/{info.frames} frames")
    tracks = associate(detections, every, cuts, o, fps)
    return TrackResult(
        info,
        det.name,
        det.params(),
        o,
        every,
        last + every,
        sorted(detections),
        detections,
        tracks,
        time.monotonic() - t0,
        det.model_info(),
    )
