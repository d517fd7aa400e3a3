"""Scene edit detection: the cuts of an edited programme as a timeline.

The programme's shots (:func:`imagia.media.shots.detect`, frame-exact) become one event each,
taken from the programme itself and placed at the same time: source and record timecodes are
equal and start at the file's start timecode (00:00:00:00 when it has none); a shot that
begins with a dissolve or a fade keeps it (EDL ``D`` events, OTIO transitions). Written as an EDL,
OTIO or FCPXML, the programme can then be cut up in an editing system ("scene edit detection").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.timeline.media import facts
from imagia.timeline.model import Event, Timeline


@dataclass(frozen=True)
class CutOptions:
    """``threshold``: mean colour change (0-255) that makes a cut; ``min_seconds``: shortest
    shot; ``engine``: ``content`` (built in) or ``scenedetect``."""

    threshold: float = 27.0
    min_seconds: float = 0.5
    engine: str = "content"


def detect_cuts(
    media: Path,
    options: CutOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Timeline:
    """The shots of ``media`` as a timeline of one event per shot."""
    from imagia.media.shots import ShotOptions, detect

    o = options or CutOptions()
    f = facts(media)
    if f.rate is None or not f.source.has_video:
        raise BadFile(media, "has no video stream: cut detection needs pictures")
    if progress:
        progress(0.05, f"detecting cuts in {media.name}")
    shots = detect(
        media,
        f.rate,
        options=ShotOptions(engine=o.engine, threshold=o.threshold, min_seconds=o.min_seconds),
    )
    total = shots[-1].end_frame if shots else 0
    src = replace(f.source, duration=total)  # the frames decoded, not the container's guess
    t0 = src.start
    events = [
        Event(
            src,
            t0 + s.start_frame,
            t0 + s.end_frame,
            t0 + s.start_frame,
            t0 + s.end_frame,
            transition=s.transition,
            transition_frames=min(s.transition_frames, s.end_frame - s.start_frame),
        )
        for s in shots
        if s.end_frame > s.start_frame
    ]
    # a start timecode written ``HH:MM:SS;FF`` is drop-frame, ``HH:MM:SS:FF`` is not; without
    # one, 29.97 and 59.94 are drop-frame (the broadcast habit)
    drop = any(c in f.timecode for c in ";,") if f.timecode else None
    if progress:
        progress(0.9, f"{len(events)} shot(s)")
    return Timeline(
        name=media.stem, rate=f.rate, events=events, start=t0, drop_frame=drop, size=f.size
    ).check()
