"""Advanced SubStation Alpha (.ass, .ssa): a styles section and ``Dialogue:`` lines with
centisecond times; ``\\N`` breaks lines; override tags ``{...}`` are dropped on reading."""

from __future__ import annotations

import re

from imagia.core.errors import BadFile
from imagia.speech.subtitles.model import Event, SubtitleFile

ID = "ass"
EXTENSIONS = (".ass", ".ssa")
BINARY = False
_TIME = re.compile(r"^(\d{1,6}):(\d{2}):(\d{2})[.:](\d{2})$")
_OVERRIDE = re.compile(r"\{[^{}]*\}")  # blocks do not nest: linear on runs of '{'
_NEEDED = ("Start", "End")
_FIELDS = [
    "Layer",
    "Start",
    "End",
    "Style",
    "Name",
    "MarginL",
    "MarginR",
    "MarginV",
    "Effect",
    "Text",
]


def _ms(t: str, name: str) -> int:
    m = _TIME.match(t.strip())
    if not m:
        raise BadFile(name, f"bad ASS time {t[:40]!r} (expected H:MM:SS.cc)")
    h, mi, s, cs = (int(x) for x in m.groups())
    return ((h * 60 + mi) * 60 + s) * 1000 + cs * 10


def fmt_time(ms: int) -> str:
    cs = (max(ms, 0) + 5) // 10
    h, rest = divmod(cs, 360_000)
    m, rest = divmod(rest, 6000)
    s, c = divmod(rest, 100)
    return f"{h}:{m:02d}:{s:02d}.{c:02d}"


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff")[:2000]
    return "[Script Info]" in head or "[Events]" in head


def read(text: str, name: str = "<ass>") -> SubtitleFile:
    sf = SubtitleFile()
    section = ""
    fmt = _FIELDS
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line.lower()
            continue
        if section == "[script info]" and line.startswith("Title:"):
            sf.title = line.split(":", 1)[1].strip()
        if section != "[events]":
            continue
        if line.startswith("Format:"):
            fmt = [f.strip() for f in line.split(":", 1)[1].split(",")]
            missing = [f for f in _NEEDED if f not in fmt]
            if missing:
                raise BadFile(
                    name,
                    f"[Events] Format line without {' and '.join(missing)}: {line[:60]!r}",
                    hint="a Format line lists the fields, e.g. 'Format: Layer, Start, End, "
                    "Style, Name, MarginL, MarginR, MarginV, Effect, Text'",
                )
        elif line.startswith("Dialogue:"):
            values = line.split(":", 1)[1].lstrip().split(",", len(fmt) - 1)
            if len(values) != len(fmt):
                raise BadFile(
                    name,
                    f"Dialogue line with {len(values)} fields, format has "
                    f"{len(fmt)}: {line[:60]!r}",
                )
            row = dict(zip(fmt, values, strict=True))
            body = _OVERRIDE.sub("", row.get("Text", ""))
            body = body.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")
            ev = Event(
                _ms(row["Start"], name),
                _ms(row["End"], name),
                body,
                speaker=row.get("Name", "").strip() or None,
                style=row.get("Style", "").strip() or None,
            )
            sf.events.append(ev)
    if not sf.events and "[Events]" not in text:
        raise BadFile(name, "no [Events] section: not an ASS/SSA file")
    return sf


_HEADER = """[Script Info]
; written by imagia
Title: {title}
ScriptType: v4.00+
WrapStyle: 2
ScaledBorderAndShadow: yes
PlayResX: 1920
PlayResY: 1080

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, \
Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,64,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,\
2,120,120,60,1

[Events]
Format: {fields}
"""


def write(sf: SubtitleFile) -> str:
    out = [_HEADER.format(title=sf.title or "imagia", fields=", ".join(_FIELDS))]
    for e in sf.events:
        text = e.text.replace("\n", "\\N")
        out.append(
            f"Dialogue: 0,{fmt_time(e.start)},{fmt_time(e.end)},{e.style or 'Default'},"
            f"{e.speaker or ''},0,0,0,,{text}\n"
        )
    return "".join(out)
