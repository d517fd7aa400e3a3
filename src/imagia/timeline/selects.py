"""Selects: moments found in the rushes (by search...) as a timeline to cut from.

A moment is (asset path, fps, start seconds, end seconds, label). Each becomes one event of
its file, widened by ``handles`` seconds on both sides (within the file), placed one after the
other from 01:00:00:00, with its label as a comment/marker on the moment's first frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.media.timecode import is_drop_frame_rate, parse_rate, timecode_to_frames
from imagia.timeline.model import Event, Source, Timeline


@dataclass(frozen=True)
class Moment:
    """``start``/``end`` in seconds from the file's first frame; ``fps`` its frame rate."""

    path: str
    fps: Fraction
    start: float
    end: float
    label: str = ""


MomentLike = Moment | Mapping[str, Any] | Sequence[Any]


def as_moment(m: MomentLike) -> Moment:
    """A :class:`Moment` from itself, a dict (``path`` or ``asset``, ``fps``, ``start``,
    ``end``, ``label`` or ``why`` or ``text``) or a tuple ``(path, fps, start, end[, label])``."""
    if isinstance(m, Moment):
        return m
    try:
        if isinstance(m, Mapping):
            path = m.get("path") or m.get("asset")
            label = m.get("label") or m.get("why") or m.get("text") or ""
            fps, start, end = m["fps"], m["start"], m["end"]
        else:
            path, fps, start, end = m[0], m[1], m[2], m[3]
            label = m[4] if len(m) > 4 else ""
    except (KeyError, IndexError, TypeError):
        raise BadValue("moment", m, reason="needs path, fps, start, end (and a label)") from None
    if not path:
        raise BadValue("moment", m, reason="needs the asset's path")
    start_f, end_f = float(start), float(end)
    if start_f < 0 or end_f <= start_f:
        raise BadValue("moment", m, reason="needs 0 <= start < end (seconds)")
    return Moment(str(path), parse_rate(fps), start_f, end_f, str(label))


def _source(
    path: Path, rate: Fraction, cache: dict[str, tuple[Source, tuple[int, int] | None]]
) -> tuple[Source, tuple[int, int] | None]:
    from imagia.timeline.media import facts

    key = str(path)
    if key not in cache:
        if path.is_file():
            f = facts(path, rate)
            cache[key] = (f.source, f.size)
        else:  # moved or on another machine: the EDL still names it for relinking
            cache[key] = (Source(name=path.name, path=str(path)), None)
    return cache[key]


def selects_timeline(
    moments: Iterable[MomentLike],
    handles: float = 0.0,
    name: str = "Selects",
    rate: Fraction | str | None = None,
) -> Timeline:
    """The timeline of ``moments`` at ``rate`` (default: the first moment's fps; moments of
    other rates are converted through seconds), each widened by ``handles`` seconds."""
    ms = [as_moment(m) for m in moments]
    if not ms:
        raise BadValue("moments", "[]", reason="no moment to write")
    if handles < 0:
        raise BadValue("handles", handles, reason="must be >= 0 seconds")
    r = parse_rate(rate) if rate is not None else ms[0].fps
    sep = ";" if is_drop_frame_rate(r) else ":"
    at = start = timecode_to_frames(f"01:00:00{sep}00", r)
    h = round(Fraction(str(handles)) * r)
    cache: dict[str, tuple[Source, tuple[int, int] | None]] = {}
    events: list[Event] = []
    size = None
    for m in ms:
        src, sz = _source(Path(m.path), r, cache)
        size = size or sz
        first = math.floor(Fraction(str(m.start)) * r)
        last = max(math.ceil(Fraction(str(m.end)) * r), first + 1)
        if src.duration is not None:
            if first >= src.duration:
                raise BadFile(m.path, f"moment at {m.start:.3f} s is past the end of the file")
            last = min(last, src.duration)
        lo = max(0, first - h)
        hi = last + h if src.duration is None else min(src.duration, last + h)
        events.append(
            Event(src, src.start + lo, src.start + hi, at, at + hi - lo, m.label, first - lo)
        )
        at += hi - lo
    return Timeline(name=name, rate=r, events=events, start=start, size=size).check()


def write_selects(
    moments: Iterable[MomentLike],
    path: Path,
    fmt: str | None = None,
    handles: float = 0.0,
    name: str = "Selects",
    notes: Sequence[str] = (),
) -> Path:
    """Write ``moments`` as a selects timeline at ``path``; returns ``path``.

    ``moments``: :class:`Moment`s, dicts ``{"path" (or "asset"), "fps", "start", "end",
    "label" (or "why")}`` or tuples ``(path, fps, start, end, label)``; times in seconds
    from the file's first frame, fps like ``25``, ``"29.97"`` or ``"24000/1001"``.
    ``fmt``: ``edl``, ``otio`` or ``fcpxml``; None takes it from the suffix (.edl, .otio,
    .fcpxml). ``handles``: seconds added before and after each moment (within the file).
    ``notes``: lines stored in the file (provenance). Existing files are probed for their start
    timecode, length and picture size; a missing file is still written (to relink later)."""
    from imagia.timeline.io import write
    from imagia.timeline.model import format_for

    f = format_for(path, fmt)
    tl = selects_timeline(moments, handles, name)
    tl.notes = list(notes)
    return write(tl, path, f)
