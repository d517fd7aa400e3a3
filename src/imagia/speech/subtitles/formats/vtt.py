"""WebVTT (.vtt): ``WEBVTT`` header, cues with ``[HH:]MM:SS.mmm`` times, ``<v Name>`` voices."""

from __future__ import annotations

import re

from imagia.core.errors import BadFile
from imagia.speech.subtitles.model import Event, SubtitleFile

ID = "vtt"
EXTENSIONS = (".vtt",)
BINARY = False
_TIME = r"(?:(\d{1,3}):)?(\d{2}):(\d{2})\.(\d{3})"
_CUE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?P<settings>.*)$")
# the name starts after the spaces, so the spaces are matched one way only (linear)
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<name>[^>\s][^>]*)>(?P<rest>.*?)(?:</v>)?$")


def _ms(h: str | None, m: str, s: str, f: str) -> int:
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def fmt_time(ms: int) -> str:
    ms = max(ms, 0)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("WEBVTT")


def read(text: str, name: str = "<vtt>") -> SubtitleFile:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("WEBVTT"):
        raise BadFile(name, "not WebVTT: the first line must start with 'WEBVTT'")
    sf = SubtitleFile()
    for block in re.split(r"\n\s*\n", text)[1:]:
        lines = [ln for ln in block.split("\n") if ln.strip() != ""]
        if not lines or lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        if not _CUE.match(lines[0]):
            lines = lines[1:]  # cue identifier
        if not lines:
            continue
        m = _CUE.match(lines[0])
        if not m:
            continue
        g = m.groups()
        ev = Event(_ms(*g[:4]), _ms(*g[4:8]), "")
        body = []
        for ln in lines[1:]:
            v = _VOICE.match(ln)
            if v:
                ev.speaker = ev.speaker or v["name"].strip()
                ln = v["rest"]
            body.append(ln)
        ev.text = "\n".join(body)
        if m["settings"].strip():
            ev.meta["vtt_settings"] = m["settings"].strip()
        sf.events.append(ev)
    return sf


def write(sf: SubtitleFile) -> str:
    out = ["WEBVTT" + (f" - {sf.title}" if sf.title else "") + "\n"]
    for e in sf.events:
        settings = e.meta.get("vtt_settings")
        head = f"{fmt_time(e.start)} --> {fmt_time(e.end)}" + (f" {settings}" if settings else "")
        text = f"<v {e.speaker}>{e.text}" if e.speaker else e.text
        out.append(f"{head}\n{text}\n")
    return "\n".join(out)
