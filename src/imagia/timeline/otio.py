"""OpenTimelineIO: convert to and from :class:`~imagia.timeline.model.Timeline`, read and write
``.otio`` (OTIO JSON) files.

A timeline becomes one track of clips and gaps with ``global_start_time`` at its first
timecode; each clip has an ``ExternalReference`` to its file URL (with the file's available
range when known), its source range in the file's own time (start timecode included), its
comment as a marker on its first frame, and ``metadata["imagia"]`` with the clip's name and
comment. An event beginning with a dissolve or a fade has an OTIO ``Transition``
(``SMPTE_Dissolve``) before its clip, as OpenTimelineIO's EDL reader makes them: at the cut,
``in_offset`` 0 and ``out_offset`` its length, its kind in ``metadata["imagia"]``. The
timeline's notes and metadata (provenance) are in its ``metadata["imagia"]``, the rate there
as an exact fraction (``"24000/1001"``; OTIO's own rates are floats, ``24000/1001`` to the
last bit, never rounded to 23.976).
"""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from imagia.core.errors import BadFile, BadValue, MissingDependency
from imagia.media.timecode import parse_rate
from imagia.timeline.model import TRANSITIONS, Event, Source, Timeline


def _otio() -> Any:
    try:
        import opentimelineio
    except ImportError:
        raise MissingDependency(
            "OpenTimelineIO is not installed", hint="pip install 'imagia[index]'"
        ) from None
    return opentimelineio


def to_otio(timeline: Timeline) -> Any:
    """An ``opentimelineio.schema.Timeline`` of ``timeline``."""
    otio = _otio()
    timeline.check()
    rate = timeline.rate.numerator / timeline.rate.denominator  # the nearest float, unrounded

    def rt(frames: int) -> Any:
        return otio.opentime.RationalTime(frames, rate)

    def rng(start: int, duration: int) -> Any:
        return otio.opentime.TimeRange(rt(start), rt(duration))

    any_video = any(s.has_video for s in timeline.sources()) or not timeline.events
    track = otio.schema.Track(
        name="V1" if any_video else "A1",
        kind=otio.schema.TrackKind.Video if any_video else otio.schema.TrackKind.Audio,
    )
    at = timeline.start
    for e in timeline.events:
        if e.record_in > at:
            track.append(otio.schema.Gap(source_range=rng(0, e.record_in - at)))
        src = e.source
        if src.url:
            available = rng(src.start, src.duration) if src.duration else None
            ref = otio.schema.ExternalReference(target_url=src.url, available_range=available)
        else:
            ref = otio.schema.MissingReference()
        if e.transition != "cut" and e.transition_frames > 0:
            track.append(
                otio.schema.Transition(
                    name=e.transition,
                    transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                    in_offset=rt(0),
                    out_offset=rt(e.transition_frames),
                    metadata={"imagia": {"kind": e.transition}},
                )
            )
        clip = otio.schema.Clip(
            name=src.name, media_reference=ref, source_range=rng(e.source_in, e.length)
        )
        clip.metadata["imagia"] = {
            "source": src.name,
            "path": src.path,
            "has_audio": src.has_audio,
            "comment": e.comment,
        }
        if e.comment:
            clip.markers.append(
                otio.schema.Marker(
                    name=e.comment, marked_range=rng(e.source_in + e.marker_offset, 1)
                )
            )
        track.append(clip)
        at = e.record_out
    out = otio.schema.Timeline(name=timeline.name, global_start_time=rt(timeline.start))
    out.tracks.append(track)
    out.metadata["imagia"] = {
        "rate": str(timeline.rate),
        "drop_frame": timeline.is_drop_frame,
        "size": list(timeline.size) if timeline.size else None,
        "notes": list(timeline.notes),
        **timeline.metadata,
    }
    return out


def _frames(t: Any, rate: Fraction) -> int:
    return round(t.rescaled_to(float(rate)).value)


def _path(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else url


def from_otio(tl: Any, rate: Fraction | None = None, where: str = "OTIO") -> Timeline:
    """A :class:`Timeline` from the first video track (else the first track) of an OTIO
    timeline; ``rate`` defaults to the timeline's own (from its clips)."""
    otio = _otio()
    if isinstance(tl, otio.schema.SerializableCollection):
        found = list(tl.find_children(descended_from_type=otio.schema.Timeline))
        if not found:
            raise BadFile(where, "holds no timeline")
        tl = found[0]
    if not isinstance(tl, otio.schema.Timeline):
        raise BadFile(where, f"holds a {type(tl).__name__}, not a timeline")
    tracks = list(tl.tracks)
    if not tracks:
        raise BadFile(where, "the timeline has no track")
    track = next((t for t in tracks if t.kind == otio.schema.TrackKind.Video), tracks[0])
    meta = dict(tl.metadata.get("imagia", {}))
    if rate is None:
        first = next((c for c in track if c.source_range is not None), None)
        raw = meta.get("rate") or (first.source_range.duration.rate if first else 25)
        try:
            rate = parse_rate(raw)
        except BadValue as exc:
            raise BadFile(where, exc.message) from None
    start = _frames(tl.global_start_time, rate) if tl.global_start_time is not None else 0
    at = start
    events: list[Event] = []
    sources: dict[tuple[str, str], Source] = {}
    trans: tuple[str, int] = ("cut", 0)
    for item in track:
        if isinstance(item, otio.schema.Transition):
            kind = str(dict(item.metadata.get("imagia", {})).get("kind", "dissolve"))
            length = _frames(item.in_offset, rate) + _frames(item.out_offset, rate)
            trans = (kind if kind in TRANSITIONS else "dissolve", length)
            continue
        dur = _frames(item.trimmed_range().duration, rate)
        if isinstance(item, otio.schema.Clip):
            ref = item.media_reference
            url = getattr(ref, "target_url", None)
            avail = getattr(ref, "available_range", None)
            extra = dict(item.metadata.get("imagia", {}))
            key = (item.name, url or "")
            if key not in sources:
                sources[key] = Source(
                    name=item.name,
                    path=_path(url),
                    start=_frames(avail.start_time, rate) if avail else 0,
                    duration=_frames(avail.duration, rate) if avail else None,
                    has_video=track.kind == otio.schema.TrackKind.Video,
                    has_audio=bool(extra.get("has_audio", True)),
                )
            sin = _frames(item.trimmed_range().start_time, rate)
            marker = item.markers[0] if item.markers else None
            comment = extra.get("comment") or (marker.name if marker else "")
            offset = _frames(marker.marked_range.start_time, rate) - sin if marker else 0
            events.append(
                Event(
                    sources[key],
                    sin,
                    sin + dur,
                    at,
                    at + dur,
                    str(comment),
                    max(0, offset),
                    transition=trans[0] if trans[1] > 0 else "cut",
                    transition_frames=min(trans[1], dur),
                )
            )
            trans = ("cut", 0)
        elif not isinstance(item, otio.schema.Gap):
            raise BadFile(
                where,
                f"a {type(item).__name__} in the track: this reader takes clips, gaps and "
                "transitions",
            )
        at += dur
    size = meta.pop("size", None)
    notes = [str(n) for n in meta.pop("notes", [])]
    drop = meta.pop("drop_frame", None)
    meta.pop("rate", None)
    result = Timeline(
        name=tl.name,
        rate=rate,
        events=events,
        start=start,
        drop_frame=bool(drop) if drop is not None else None,
        size=(int(size[0]), int(size[1])) if size else None,
        notes=notes,
        metadata=meta,
    )
    try:
        return result.check()
    except BadValue as exc:
        raise BadFile(where, exc.message) from None


def write(timeline: Timeline, path: Path) -> Path:
    """Write ``timeline`` as OTIO JSON at ``path``: through OTIO's own writer into a temp file
    beside it, renamed into place when complete."""
    otio = _otio()
    data = to_otio(timeline)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        otio.adapters.write_to_file(data, tmp, adapter_name="otio_json")
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read(path: Path, rate: Fraction | None = None) -> Timeline:
    """Read a ``.otio`` file (or any file an installed OTIO adapter reads, by suffix)."""
    otio = _otio()
    if not path.is_file():
        raise BadFile(path, "file not found")
    try:
        data = otio.adapters.read_from_file(str(path))
    except Exception as exc:  # OTIO raises many kinds for a bad file
        raise BadFile(
            path, f"OpenTimelineIO cannot read it ({type(exc).__name__}: {str(exc)[:160]})"
        ) from None
    return from_otio(data, rate, str(path))
