"""TTML / IMSC 1.1 Text profile (.ttml, .xml, .dfxp).

Writes clock times (``HH:MM:SS.mmm``) with ``ttp:frameRate`` when the rate is known; reads clock
times, ``HH:MM:SS:FF`` frame times, and offset times (``h m s ms f t``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction

from imagia.core import xmlsafe
from imagia.core.errors import BadFile
from imagia.speech.subtitles.model import Event, SubtitleFile

ID = "ttml"
EXTENSIONS = (".ttml", ".dfxp", ".xml")
BINARY = False
TT = "http://www.w3.org/ns/ttml"
TTP = "http://www.w3.org/ns/ttml#parameter"
TTS = "http://www.w3.org/ns/ttml#styling"
TTM = "http://www.w3.org/ns/ttml#metadata"
XML = "http://www.w3.org/XML/1998/namespace"
IMSC_TEXT = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"
# Digits are bounded: a time of 10**4300 hours is not a time (and int() refuses it).
_CLOCK = re.compile(r"^(\d{1,6}):(\d{2}):(\d{2})(?:\.(\d{1,9})|:(\d{1,9})(?:\.\d{1,9})?)?$")
_OFFSET = re.compile(r"^(\d{1,12}(?:\.\d{1,9})?)(h|ms|m|s|f|t)$")
_RATE = re.compile(r"^\d{1,9}(?:\.\d{1,9})?$")


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff")[:3000]
    return "<tt" in head and TT in head


def fmt_time(ms: int) -> str:
    ms = max(ms, 0)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def _positive(value: str, what: str, name: str) -> Fraction:
    v = value.strip()
    if not _RATE.match(v) or Fraction(v) <= 0:
        raise BadFile(name, f"bad TTML {what} {value[:40]!r} (expected a positive number)")
    return Fraction(v)


class _Clock:
    def __init__(self, root: ET.Element, name: str = "<ttml>") -> None:
        fr = _positive(root.get(f"{{{TTP}}}frameRate", "30"), "ttp:frameRate", name)
        mult = root.get(f"{{{TTP}}}frameRateMultiplier")
        if mult:
            parts = mult.split()
            if len(parts) != 2:
                raise BadFile(
                    name, f"bad TTML ttp:frameRateMultiplier {mult[:40]!r} (expected 'num den')"
                )
            what = "ttp:frameRateMultiplier"
            fr *= _positive(parts[0], what, name) / _positive(parts[1], what, name)
        self.rate = fr
        self.explicit_rate = root.get(f"{{{TTP}}}frameRate") is not None
        self.tick = _positive(root.get(f"{{{TTP}}}tickRate", "1"), "ttp:tickRate", name)

    def ms(self, value: str, name: str) -> int:
        v = value.strip()
        m = _CLOCK.match(v)
        if m:
            h, mi, s, frac, frames = m.groups()
            secs = Fraction(int(h) * 3600 + int(mi) * 60 + int(s))
            if frac:
                secs += Fraction(int(frac), 10 ** len(frac))
            if frames:
                secs += Fraction(int(frames)) / self.rate
            return round(secs * 1000)
        o = _OFFSET.match(v)
        if o:
            n, unit = Fraction(o[1]), o[2]
            secs = {
                "h": n * 3600,
                "m": n * 60,
                "s": n,
                "ms": n / 1000,
                "f": n / self.rate,
                "t": n / self.tick,
            }[unit]
            return round(secs * 1000)
        raise BadFile(name, f"bad TTML time expression {value[:40]!r}")


def _text(el: ET.Element) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag == "span":
            parts.append(_text(child))  # depth bounded by xmlsafe.MAX_DEPTH
        parts.append(child.tail or "")
    return "".join(parts)


def read(text: str, name: str = "<ttml>") -> SubtitleFile:
    # parsed as the text it is: the bytes were decoded already, so the XML declaration's
    # encoding is not read again (an unknown one would otherwise fail the parse)
    root = xmlsafe.parse(text.lstrip("\ufeff"), name)
    if root.tag != f"{{{TT}}}tt":
        raise BadFile(name, "not TTML: the root element is not <tt> in the TTML namespace")
    clock = _Clock(root, name)
    sf = SubtitleFile(language=root.get(f"{{{XML}}}lang") or None)
    if clock.explicit_rate:
        sf.rate = clock.rate
    title = root.find(f"{{{TT}}}head/{{{TT}}}metadata/{{{TTM}}}title")
    if title is not None and title.text:
        sf.title = title.text
    agents: dict[str, str] = {}
    for agent in root.iter(f"{{{TTM}}}agent"):
        aname = agent.find(f"{{{TTM}}}name")
        if aname is not None and aname.text:
            agents[agent.get(f"{{{XML}}}id", "")] = aname.text
    for p in root.iter(f"{{{TT}}}p"):
        begin = p.get("begin")
        if begin is None:
            continue
        start = clock.ms(begin, name)
        if p.get("end") is not None:
            end = clock.ms(p.get("end", ""), name)
        elif p.get("dur") is not None:
            end = start + clock.ms(p.get("dur", ""), name)
        else:
            raise BadFile(name, f"<p begin={begin[:40]!r}> has neither end nor dur")
        body = "\n".join(line.strip() for line in _text(p).strip().split("\n"))
        ref = p.get(f"{{{TTM}}}agent")
        speaker = agents.get(ref, ref) if ref else None
        sf.events.append(Event(start, end, body, speaker=speaker))
    return sf


def write(sf: SubtitleFile) -> str:
    ET.register_namespace("", TT)
    ET.register_namespace("ttp", TTP)
    ET.register_namespace("tts", TTS)
    ET.register_namespace("ttm", TTM)
    attrs = {
        f"{{{XML}}}lang": sf.language or "",
        f"{{{TTP}}}timeBase": "media",
        f"{{{TTP}}}profile": IMSC_TEXT,
    }
    if sf.rate is not None:
        attrs[f"{{{TTP}}}frameRate"] = str(round(sf.rate))
        if sf.rate.denominator != 1:
            attrs[f"{{{TTP}}}frameRateMultiplier"] = "1000 1001"
    root = ET.Element(f"{{{TT}}}tt", attrs)
    head = ET.SubElement(root, f"{{{TT}}}head")
    speakers = list(dict.fromkeys(e.speaker for e in sf.events if e.speaker))
    agent_ids = {name: f"a{i}" for i, name in enumerate(speakers, 1)}
    if sf.title or speakers:
        meta = ET.SubElement(head, f"{{{TT}}}metadata")
        if sf.title:
            ET.SubElement(meta, f"{{{TTM}}}title").text = sf.title
        for name, aid in agent_ids.items():
            agent = ET.SubElement(
                meta, f"{{{TTM}}}agent", {f"{{{XML}}}id": aid, "type": "character"}
            )
            ET.SubElement(agent, f"{{{TTM}}}name", {"type": "full"}).text = name
    styling = ET.SubElement(head, f"{{{TT}}}styling")
    ET.SubElement(
        styling,
        f"{{{TT}}}style",
        {
            f"{{{XML}}}id": "s1",
            f"{{{TTS}}}color": "white",
            f"{{{TTS}}}fontFamily": "proportionalSansSerif",
            f"{{{TTS}}}fontSize": "100%",
            f"{{{TTS}}}textAlign": "center",
            f"{{{TTS}}}textOutline": "black 5%",
        },
    )
    layout = ET.SubElement(head, f"{{{TT}}}layout")
    ET.SubElement(
        layout,
        f"{{{TT}}}region",
        {
            f"{{{XML}}}id": "bottom",
            f"{{{TTS}}}origin": "10% 10%",
            f"{{{TTS}}}extent": "80% 80%",
            f"{{{TTS}}}displayAlign": "after",
        },
    )
    body = ET.SubElement(root, f"{{{TT}}}body", {"region": "bottom", "style": "s1"})
    div = ET.SubElement(body, f"{{{TT}}}div")
    for n, e in enumerate(sf.events, 1):
        pa = {f"{{{XML}}}id": f"e{n}", "begin": fmt_time(e.start), "end": fmt_time(e.end)}
        if e.speaker:
            pa[f"{{{TTM}}}agent"] = agent_ids[e.speaker]
        p = ET.SubElement(div, f"{{{TT}}}p", pa)
        lines = e.text.split("\n")
        p.text = lines[0]
        for line in lines[1:]:
            br = ET.SubElement(p, f"{{{TT}}}br")
            br.tail = line
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
