"""The timeline every format module reads and writes: one video track of events at one rate.

Frames are whole frames at ``Timeline.rate`` (an exact fraction: 29.97 is 30000/1001). Source
frames are absolute: they include the source's start timecode (``Source.start``), as an EDL's
source timecodes do. Record frames are absolute too (a timeline starting at 01:00:00:00 at 25 fps
has its first event at record frame 90000). Ranges are ``[in, out)``: ``out`` is the first frame
after the event, as in CMX3600 and OpenTimelineIO.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.media.timecode import frames_to_timecode, is_drop_frame_rate

FORMATS = ("edl", "otio", "fcpxml")
TRANSITIONS = ("cut", "dissolve", "fade-in", "fade-out")
SUFFIXES = {".edl": "edl", ".otio": "otio", ".fcpxml": "fcpxml"}


@dataclass(frozen=True)
class Source:
    """A media file events take frames from. ``start``: frame number of its first frame (its
    start timecode, 0 when it has none); ``duration``: its length in frames when known."""

    name: str
    path: str | None = None
    start: int = 0
    duration: int | None = None
    has_video: bool = True
    has_audio: bool = True
    channels: int | None = None
    sample_rate: int | None = None

    @property
    def url(self) -> str | None:
        """``file://`` URL of the path (what FCPXML and OTIO reference)."""
        if not self.path:
            return None
        if "://" in self.path:
            return self.path
        return Path(self.path).absolute().as_uri()


@dataclass(frozen=True)
class Event:
    """Frames ``[source_in, source_out)`` of ``source`` placed at ``[record_in, record_out)``;
    ``comment``: a marker or note text (why a select was chosen), marked ``marker_offset``
    frames after ``source_in`` (past the handle of a select); ``transition``: how the event
    begins (one of :data:`TRANSITIONS`), over its first ``transition_frames`` frames (0 for a
    cut): a dissolve from the event before it, or from black when it does not follow one."""

    source: Source
    source_in: int
    source_out: int
    record_in: int
    record_out: int
    comment: str = ""
    marker_offset: int = 0
    transition: str = "cut"
    transition_frames: int = 0

    @property
    def length(self) -> int:
        return self.source_out - self.source_in


@dataclass
class Timeline:
    """A single-track edit: events in record order, without overlaps (gaps are allowed).

    ``start`` is the record frame where the timeline begins (its first timecode);
    ``drop_frame`` None means drop-frame at 29.97/59.94, non-drop elsewhere; ``size`` the
    picture size (width, height) when known; ``notes`` are free lines (provenance) and
    ``metadata`` JSON-able data carried by OTIO and FCPXML."""

    name: str
    rate: Fraction
    events: list[Event] = field(default_factory=list)
    start: int = 0
    drop_frame: bool | None = None
    size: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_drop_frame(self) -> bool:
        return is_drop_frame_rate(self.rate) if self.drop_frame is None else self.drop_frame

    @property
    def end(self) -> int:
        return max((e.record_out for e in self.events), default=self.start)

    @property
    def duration(self) -> int:
        return self.end - self.start

    def timecode(self, frames: int) -> str:
        return frames_to_timecode(frames, self.rate, self.is_drop_frame)

    def sources(self) -> list[Source]:
        """Distinct sources in order of first use."""
        seen: dict[Source, None] = {}
        for e in self.events:
            seen.setdefault(e.source, None)
        return list(seen)

    def check(self) -> Timeline:
        """Raise :class:`BadValue` for an event that cannot be written: empty, negative,
        record length other than source length (no speed changes), or overlapping the one
        before."""
        if self.drop_frame and not is_drop_frame_rate(self.rate):
            raise BadValue(
                "drop_frame",
                True,
                reason=f"drop-frame exists only at 29.97 and 59.94, not {float(self.rate):.3f}",
            )
        prev = self.start
        for k, e in enumerate(self.events, 1):
            where = f"event {k} ({e.source.name})"
            if e.source_in < 0 or e.record_in < 0:
                raise BadValue(where, e.source_in, reason="negative frame")
            if e.source_out <= e.source_in:
                raise BadValue(where, f"{e.source_in}-{e.source_out}", reason="empty range")
            if e.record_out - e.record_in != e.length:
                raise BadValue(
                    where,
                    f"{e.record_in}-{e.record_out}",
                    reason="record length differs from source length",
                )
            if e.transition not in TRANSITIONS:
                raise BadValue(f"{where} transition", e.transition, TRANSITIONS)
            if not (0 < e.transition_frames <= e.length if e.transition != "cut" else True):
                raise BadValue(
                    where,
                    e.transition_frames,
                    reason=f"a {e.transition} lasts 1 frame or more, within the event",
                )
            if not 0 <= e.marker_offset < e.length:
                raise BadValue(where, e.marker_offset, reason="marker outside the event")
            if e.record_in < prev:
                raise BadValue(
                    where,
                    e.record_in,
                    reason="overlaps the previous event or starts before the timeline",
                )
            prev = e.record_out
        return self


def format_for(path: Path, fmt: str | None = None) -> str:
    """``fmt`` checked, or the format named by ``path``'s suffix."""
    if fmt:
        f = fmt.lower().lstrip(".")
        if f not in FORMATS:
            raise BadValue("timeline format", fmt, FORMATS)
        return f
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise BadValue("timeline file suffix", path.suffix or path.name, list(SUFFIXES)) from None


def sanitise_line(text: str) -> str:
    """One printable line (EDL comments and XML attributes hold no line breaks)."""
    return " ".join(str(text).split())
