"""FCPXML 1.9 (Final Cut Pro, DaVinci Resolve): write, and read back our own kind of file.

The structure is FCPXML's: ``resources`` hold one ``format`` (``frameDuration`` a rational such
as ``1001/30000s``, the picture size) and one ``asset`` per source file with its
``media-rep kind="original-media"`` file URL; ``library/event/project/sequence/spine`` holds the
edit as ``asset-clip`` elements whose ``offset`` (place in the sequence, which starts at
``tcStart``), ``start`` (in point in the source's own time, including its start timecode) and
``duration`` are rationals of seconds written at the sequence's timescale (``3003/30000s``), with
``gap`` elements between them (the primary storyline has no holes). An event that begins with a
dissolve or a fade is preceded by a ``transition`` element (Final Cut's built-in Cross Dissolve,
declared once as an ``effect`` resource) starting on the edit (``offset`` = the event's record
in, ``duration`` its transition's length; the clip before lends the handle). An event's comment
is a ``marker`` on its first frame; the timeline's notes (provenance) are the sequence's
``note``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from imagia.core import xmlsafe
from imagia.core.errors import BadFile, BadValue
from imagia.core.provenance import atomic_write
from imagia.core.textfile import read_text
from imagia.media.timecode import parse_rate
from imagia.timeline.model import Event, Source, Timeline, sanitise_line

VERSION = "1.9"
# Final Cut Pro's built-in Cross Dissolve (an FxPlug effect; Resolve maps it to its own).
CROSS_DISSOLVE = ("Cross Dissolve", "FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265")
_RATE_CODES = {
    Fraction(24000, 1001): "2398",
    Fraction(30000, 1001): "2997",
    Fraction(60000, 1001): "5994",
}
_SIZES = {
    (1920, 1080): "1080",
    (1280, 720): "720",
    (3840, 2160): "3840x2160",
    (4096, 2160): "4096x2160",
}


def rational(frames: int, rate: Fraction) -> str:
    """``frames`` at ``rate`` as FCPXML time: ``0s``, ``2s``, ``52/25s``, ``3003/30000s``."""
    if frames == 0:
        return "0s"
    num = frames * rate.denominator
    den = rate.numerator
    if num % den == 0:
        return f"{num // den}s"
    return f"{num}/{den}s"


def parse_rational(text: str | None, where: str = "FCPXML") -> Fraction:
    """``"3003/30000s"`` -> seconds as a fraction."""
    if not text:
        return Fraction(0)
    body = text.strip()
    if not body.endswith("s"):
        raise BadFile(where, f"time {text!r} is not a rational of seconds like 1001/30000s")
    try:
        if "/" in body:
            n, d = body[:-1].split("/", 1)
            return Fraction(int(n), int(d))
        return Fraction(body[:-1])
    except (ValueError, ZeroDivisionError):
        raise BadFile(where, f"time {text!r} is not a rational of seconds") from None


def _frames(text: str | None, rate: Fraction, where: str) -> int:
    value = parse_rational(text, where) * rate
    n = round(value)
    if abs(value - n) > Fraction(1, 100):
        raise BadFile(where, f"time {text} is not on a frame boundary at {float(rate):.3f} fps")
    return int(n)


def format_name(rate: Fraction, size: tuple[int, int]) -> str | None:
    """Final Cut's name for a standard format (``FFVideoFormat1080p25``), None otherwise."""
    sz = _SIZES.get(size)
    if sz is None:
        return None
    code = _RATE_CODES.get(rate) or (str(int(rate)) if rate.denominator == 1 else None)
    return f"FFVideoFormat{sz}p{code}" if code else None


def to_element(timeline: Timeline) -> ET.Element:
    """The ``fcpxml`` element of ``timeline``."""
    timeline.check()
    rate = timeline.rate

    def t(frames: int) -> str:
        return rational(frames, rate)

    size = timeline.size or (1920, 1080)
    tc_format = "DF" if timeline.is_drop_frame else "NDF"
    root = ET.Element("fcpxml", version=VERSION)
    resources = ET.SubElement(root, "resources")
    fmt = ET.SubElement(resources, "format", id="r1")
    name = format_name(rate, size)
    if name:
        fmt.set("name", name)
    fmt.set("frameDuration", rational(1, rate))
    fmt.set("width", str(size[0]))
    fmt.set("height", str(size[1]))
    ids: dict[Source, str] = {}
    for k, src in enumerate(timeline.sources(), 2):
        ids[src] = f"r{k}"
        end = max(e.source_out for e in timeline.events if e.source == src)
        dur = src.duration if src.duration is not None else end - src.start
        asset = ET.SubElement(
            resources,
            "asset",
            id=f"r{k}",
            name=sanitise_line(src.name),
            start=t(src.start),
            duration=t(max(dur, end - src.start)),
            hasVideo="1" if src.has_video else "0",
        )
        if src.has_video:
            asset.set("format", "r1")
        if src.has_audio:
            asset.set("hasAudio", "1")
            asset.set("audioSources", "1")
            asset.set("audioChannels", str(src.channels or 2))
            asset.set("audioRate", str(src.sample_rate or 48000))
        # FCPXML needs a media-rep; a source known only by name (read from an EDL without
        # its path) gets its name, for the editor to relink
        ET.SubElement(asset, "media-rep", kind="original-media", src=src.url or quote(src.name))
    fx = f"r{len(ids) + 2}"
    if any(e.transition != "cut" and e.transition_frames > 0 for e in timeline.events):
        ET.SubElement(resources, "effect", id=fx, name=CROSS_DISSOLVE[0], uid=CROSS_DISSOLVE[1])
    library = ET.SubElement(root, "library")
    event = ET.SubElement(library, "event", name="imagia")
    project = ET.SubElement(event, "project", name=sanitise_line(timeline.name) or "Timeline")
    seq = ET.SubElement(
        project,
        "sequence",
        format="r1",
        duration=t(timeline.duration),
        tcStart=t(timeline.start),
        tcFormat=tc_format,
        audioLayout="stereo",
        audioRate="48k",
    )
    if timeline.notes:
        ET.SubElement(seq, "note").text = "\n".join(sanitise_line(n) for n in timeline.notes)
    spine = ET.SubElement(seq, "spine")
    at = timeline.start
    for e in timeline.events:
        if e.record_in > at:
            ET.SubElement(
                spine, "gap", name="Gap", offset=t(at), start="3600s", duration=t(e.record_in - at)
            )
        if e.transition != "cut" and e.transition_frames > 0:
            trans = ET.SubElement(
                spine,
                "transition",
                name=CROSS_DISSOLVE[0],
                offset=t(e.record_in),
                duration=t(e.transition_frames),
            )
            ET.SubElement(trans, "filter-video", ref=fx, name=CROSS_DISSOLVE[0])
        clip = ET.SubElement(
            spine,
            "asset-clip",
            ref=ids[e.source],
            offset=t(e.record_in),
            name=sanitise_line(e.source.name),
            start=t(e.source_in),
            duration=t(e.length),
            tcFormat=tc_format,
        )
        if e.source.has_video:
            clip.set("format", "r1")
        if e.comment:
            ET.SubElement(
                clip,
                "marker",
                start=t(e.source_in + e.marker_offset),
                duration=t(1),
                value=sanitise_line(e.comment),
            )
        at = e.record_out
    return root


def to_string(timeline: Timeline) -> str:
    root = to_element(timeline)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n\n{body}\n'


def write(timeline: Timeline, path: Path) -> Path:
    """Write ``timeline`` as FCPXML at ``path`` (atomically)."""
    text = to_string(timeline)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def _path_of(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else url


def _count(el: ET.Element, attr: str, where: str) -> int:
    """A whole-number attribute (0 when absent); a BadFile naming ``where`` when not one."""
    value = el.get(attr, "0")
    if not value.isascii() or not value.strip().isdigit() or len(value) > 12:
        raise BadFile(where, f"{attr}={value[:40]!r}: not a whole number")
    return int(value)


def from_string(text: str, where: str = "FCPXML") -> Timeline:
    """Read the first project of an FCPXML document: its primary storyline's ``asset-clip``s
    (and ``clip``s wrapping one ``video``), gaps, transitions (a dissolve after a clip, a fade-in
    after a gap or at the start: FCPXML does not say more), markers and note."""
    root = xmlsafe.parse(text, where)  # no entities, bounded depth; BadFile naming ``where``
    if root.tag != "fcpxml":
        raise BadFile(where, f"root element is <{root.tag}>, not <fcpxml>")
    formats = {f.get("id"): f for f in root.iterfind("./resources/format")}
    project = root.find(".//project")
    seq = project.find("sequence") if project is not None else None
    if project is None or seq is None:
        raise BadFile(where, "no project with a sequence")
    fmt = formats.get(seq.get("format"))
    if fmt is None or not fmt.get("frameDuration"):
        raise BadFile(where, "the sequence's format has no frameDuration")
    try:
        rate = parse_rate(1 / parse_rational(fmt.get("frameDuration"), where))
    except BadValue as exc:
        raise BadFile(where, exc.message) from None
    sources: dict[str, Source] = {}
    for a in root.iterfind("./resources/asset"):
        rep = a.find("media-rep")
        url = rep.get("src") if rep is not None else a.get("src")
        sources[a.get("id", "")] = Source(
            name=a.get("name", ""),
            path=_path_of(url),
            start=_frames(a.get("start"), rate, where),
            duration=_frames(a.get("duration"), rate, where) if a.get("duration") else None,
            has_video=a.get("hasVideo", "0") == "1",
            has_audio=a.get("hasAudio", "0") == "1",
            channels=_count(a, "audioChannels", where) or None,
            sample_rate=_count(a, "audioRate", where) or None,
        )
    spine = seq.find("spine")
    events: list[Event] = []
    after_clip = False  # the item before is a clip (a transition from it is a dissolve)
    pending: tuple[str, int] | None = None  # a transition beginning the next clip
    for item in list(spine) if spine is not None else []:
        if item.tag == "gap":
            after_clip, pending = False, None
            continue
        if item.tag == "transition":
            frames = _frames(item.get("duration"), rate, where)
            pending = ("dissolve" if after_clip else "fade-in", frames) if frames > 0 else None
            continue
        ref = item.get("ref")
        if item.tag == "clip" and item.find("video") is not None:
            ref = item.find("video").get("ref")  # type: ignore[union-attr]
        elif item.tag != "asset-clip":
            raise BadFile(
                where,
                f"<{item.tag}> in the storyline: this reader takes asset-clip, clip, gap and "
                "transition",
            )
        src = sources.get(ref or "")
        if src is None:
            raise BadFile(where, f"clip {item.get('name')!r} refers to unknown asset {ref!r}")
        rin = _frames(item.get("offset"), rate, where)
        sin = _frames(item.get("start"), rate, where)
        dur = _frames(item.get("duration"), rate, where)
        marker = item.find("marker")
        comment = marker.get("value", "") if marker is not None else ""
        offset = (
            max(0, _frames(marker.get("start"), rate, where) - sin) if marker is not None else 0
        )
        kind, frames = pending if pending is not None else ("cut", 0)
        events.append(
            Event(src, sin, sin + dur, rin, rin + dur, comment, offset, kind, min(frames, dur))
        )
        after_clip, pending = True, None
    note = seq.find("note")
    size = (_count(fmt, "width", where), _count(fmt, "height", where))
    tl = Timeline(
        name=project.get("name", ""),
        rate=rate,
        events=events,
        start=_frames(seq.get("tcStart"), rate, where),
        drop_frame=seq.get("tcFormat") == "DF" if seq.get("tcFormat") else None,
        size=size if all(size) else None,
        notes=[n for n in (note.text or "").splitlines() if n] if note is not None else [],
    )
    try:
        return tl.check()
    except BadValue as exc:
        raise BadFile(where, exc.message) from None


def read(path: Path) -> Timeline:
    if not path.is_file():
        raise BadFile(path, "file not found")
    return from_string(read_text(path), str(path))
