"""CMX3600 edit decision lists: read and write (cuts and dissolves, one video track).

Written as editors' tools expect them::

    TITLE: Selects
    FCM: NON-DROP FRAME

    001  CLIP_A   V     C        00:00:01:00 00:00:03:00 01:00:00:00 01:00:02:00
    * FROM CLIP NAME: clip a.mov
    * FROM CLIP: /rushes/clip a.mov
    * COMMENT: why this moment

Reel names are CMX3600's: at most 8 characters, letters, digits and ``_`` (upper case), made from
the file name and kept unique; the clip's real name and path are in the comments, as DaVinci
Resolve, Avid and OpenTimelineIO read them. Timecodes come from :mod:`imagia.media.timecode`
(drop-frame, ``;``, at 29.97 and 59.94). An EDL has no frame rate: give it to :func:`read`.

An event beginning with a dissolve or a fade is written as CMX3600 writes a dissolve: a
zero-length cut line on the outgoing source at the record in (the event before, or ``BL``,
black, when there is none), then the event's line with ``D`` and the length in frames::

    002  CLIP_A   V     C        00:00:04:00 00:00:04:00 00:00:04:00 00:00:04:00
    002  CLIP_A   V     D    012 00:00:04:00 00:00:09:00 00:00:04:00 00:00:09:00
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from imagia.core.errors import BadFile, BadValue
from imagia.core.provenance import atomic_write
from imagia.core.textfile import read_text
from imagia.media.timecode import is_drop_frame_rate, timecode_to_frames
from imagia.timeline.model import Event, Source, Timeline, sanitise_line

_TC = r"\d{2}:\d{2}:\d{2}[:;.,]\d{2}"
_EVENT = re.compile(
    rf"^(?P<num>\d{{3,4}})\s+(?P<reel>\S+)\s+(?P<track>\S+)\s+(?P<trans>[A-Z]\d*)\s+"
    rf"(?:(?P<dur>\d{{3}})\s+)?(?P<sin>{_TC})\s+(?P<sout>{_TC})\s+(?P<rin>{_TC})\s+"
    rf"(?P<rout>{_TC})\s*$"
)
_COMMENT = re.compile(
    r"^\*\s*(?P<key>FROM CLIP NAME|FROM CLIP|FROM FILE|SOURCE FILE|COMMENT|"
    r"IMAGIA)\s*:\s*(?P<body>.*)$"
)
MAX_REEL = 8
BLACK = "BL"  # CMX3600's black source


def reel_name(name: str) -> str:
    """A CMX3600 reel: the file name's stem in upper case, letters/digits/``_``, 8 at most
    (``AX``, the auxiliary source, when nothing is left)."""
    stem = Path(name).stem if "." in name else name
    text = re.sub(r"[^A-Z0-9_]+", "_", stem.upper()).strip("_")
    return text[:MAX_REEL] or "AX"


def reels(timeline: Timeline) -> dict[Source, str]:
    """One unique reel name per source (a numbered tail when two names collide)."""
    out: dict[Source, str] = {}
    used: set[str] = {BLACK}
    for src in timeline.sources():
        reel = reel_name(src.name)
        k = 1
        while reel in used:
            k += 1
            tail = str(k)
            reel = reel_name(src.name)[: MAX_REEL - len(tail)] + tail
        used.add(reel)
        out[src] = reel
    return out


def _track(src: Source) -> str:
    return "V" if src.has_video else "A"


def to_string(timeline: Timeline) -> str:
    """The EDL text of ``timeline``."""
    timeline.check()
    tc = timeline.timecode
    names = reels(timeline)
    lines = [
        f"TITLE: {sanitise_line(timeline.name)[:70] or 'UNTITLED'}",
        "FCM: DROP FRAME" if timeline.is_drop_frame else "FCM: NON-DROP FRAME",
        "",
    ]
    prev: Event | None = None
    for k, e in enumerate(timeline.events, 1):
        if e.transition != "cut" and e.transition_frames > 0:
            joined = prev is not None and prev.record_out == e.record_in
            reel, out = (names[prev.source], prev.source_out) if joined and prev else (BLACK, 0)
            lines.append(
                f"{k:03d}  {reel:<8} {_track(e.source):<5} C        "
                f"{tc(out)} {tc(out)} {tc(e.record_in)} {tc(e.record_in)}"
            )
            trans = f"D    {min(e.transition_frames, 999):03d}"
        else:
            trans = "C       "
        lines.append(
            f"{k:03d}  {names[e.source]:<8} {_track(e.source):<5} {trans} "
            f"{tc(e.source_in)} {tc(e.source_out)} {tc(e.record_in)} "
            f"{tc(e.record_out)}"
        )
        prev = e
        lines.append(f"* FROM CLIP NAME: {sanitise_line(e.source.name)}")
        if e.source.path:
            lines.append(f"* FROM CLIP: {sanitise_line(e.source.path)}")
        if e.comment:
            lines.append(f"* COMMENT: {sanitise_line(e.comment)}")
        if k == 1:
            # Comment lines before the first event break some readers (OpenTimelineIO's):
            # the timeline's notes (provenance) go with event 1.
            lines += [f"* IMAGIA: {sanitise_line(n)}" for n in timeline.notes]
        lines.append("")
    return "\n".join(lines)


def write(timeline: Timeline, path: Path) -> Path:
    """Write ``timeline`` as a CMX3600 EDL at ``path`` (atomically)."""
    text = to_string(timeline)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def from_string(text: str, rate: Fraction | None = None, where: str = "EDL") -> Timeline:
    """Parse EDL text. ``rate`` None: 29.97 when the EDL says ``FCM: DROP FRAME``, else 25."""
    title = ""
    drop: bool | None = None
    rows: list[tuple[re.Match[str], dict[str, str], int, tuple[str, int]]] = []
    notes: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("TITLE:"):
            title = line[6:].strip()
        elif line.startswith("FCM:"):
            fcm = line[4:].strip().upper()
            if drop is None:
                drop = fcm.startswith("DROP")
        elif line.startswith("*"):
            m = _COMMENT.match(line)
            if m is None or not rows:
                continue
            key, body = m["key"], m["body"].strip()
            if key == "IMAGIA":
                notes.append(body)
            else:
                rows[-1][1].setdefault(key, body)
        elif line[0].isdigit():
            m = _EVENT.match(line)
            if m is None:
                raise BadFile(where, f"line {n}: not a CMX3600 event line: {line[:60]!r}")
            if m["trans"] not in ("C", "D"):
                raise BadFile(
                    where,
                    f"line {n}: transition {m['trans']!r}: only cuts (C) and dissolves (D) "
                    "are read",
                )
            trans = ("cut", 0)
            if m["trans"] == "D":
                # the outgoing side is the zero-length line of the same event just before
                before = rows[-1][0] if rows else None
                if before is None or before["num"] != m["num"] or before["sin"] != before["sout"]:
                    raise BadFile(where, f"line {n}: a dissolve without its outgoing cut line")
                rows.pop()
                kind = "fade-in" if before["reel"].upper() in (BLACK, "BLK") else "dissolve"
                trans = (kind, int(m["dur"] or 0))
            rows.append((m, {}, n, trans))
        elif line.upper().startswith(("SPLIT", "M2", ">>>")):
            raise BadFile(where, f"line {n}: {line.split()[0]} is not supported (cuts only)")
    if rate is None:
        rate = Fraction(30000, 1001) if drop else Fraction(25)
    if drop and not is_drop_frame_rate(rate):
        raise BadFile(
            where,
            f"says DROP FRAME but the rate given is {float(rate):.3f}",
            hint="drop-frame exists only at 29.97 and 59.94",
        )
    sources: dict[tuple[str, str, str], Source] = {}
    events: list[Event] = []
    for m, com, n, (kind, dur) in rows:
        name = com.get("FROM CLIP NAME") or m["reel"]
        path = com.get("FROM CLIP") or com.get("SOURCE FILE") or com.get("FROM FILE")
        key = (m["reel"], name, path or "")
        src = sources.setdefault(
            key, Source(name=name, path=path, has_video="V" in m["track"].upper())
        )
        try:
            f = [timecode_to_frames(m[k], rate) for k in ("sin", "sout", "rin", "rout")]
        except BadValue as exc:
            raise BadFile(where, f"line {n}: {exc.message}") from None
        events.append(
            Event(
                src,
                f[0],
                f[1],
                f[2],
                f[3],
                com.get("COMMENT", ""),
                transition=kind if dur > 0 else "cut",
                transition_frames=dur,
            )
        )
    tl = Timeline(
        name=title,
        rate=rate,
        events=events,
        start=min((e.record_in for e in events), default=0),
        drop_frame=bool(drop) if is_drop_frame_rate(rate) else None,
        notes=notes,
    )
    try:
        return tl.check()
    except BadValue as exc:
        raise BadFile(where, exc.message) from None


def read(path: Path, rate: Fraction | None = None) -> Timeline:
    """Read a CMX3600 EDL (cuts and dissolves); see :func:`from_string` for ``rate``."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    return from_string(read_text(path), rate, str(path))  # UTF-8, UTF-16, Windows-1252
