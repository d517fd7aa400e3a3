"""SubRip (.srt): numbered cues, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, text lines, blank line."""

from __future__ import annotations

import re

from imagia.core.errors import BadFile
from imagia.speech.subtitles.model import Event, SubtitleFile

ID = "srt"
EXTENSIONS = (".srt",)
BINARY = False
_TIME = r"(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})"
_CUE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")


def _ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f.ljust(3, "0")[:3])


def fmt_time(ms: int) -> str:
    ms = max(ms, 0)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


def sniff(text: str) -> bool:
    return any(_CUE.match(line) for line in text.splitlines()[:20]) and "WEBVTT" not in text[:10]


def read(text: str, name: str = "<srt>") -> SubtitleFile:
    sf = SubtitleFile()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        m = _CUE.match(lines[i])
        if not m:
            i += 1
            continue
        start, end = _ms(*m.groups()[:4]), _ms(*m.groups()[4:])
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip():
            if _CUE.match(lines[i]):  # a cue with no blank line before the next one
                if body and body[-1].strip().isdigit():
                    body.pop()
                break
            body.append(lines[i].rstrip())
            i += 1
        sf.events.append(Event(start, end, "\n".join(body)))
    if not sf.events and text.strip():
        raise BadFile(name, "no SRT cue found (expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm')")
    return sf


def write(sf: SubtitleFile) -> str:
    out = []
    for n, e in enumerate(sf.events, 1):
        out.append(f"{n}\n{fmt_time(e.start)} --> {fmt_time(e.end)}\n{e.text}\n")
    return "\n".join(out)
