"""Text exports of the descriptions: WebVTT for a ``<track kind="descriptions">`` and TTML
following W3C DAPT (Dubbing and Audio description Profiles of TTML2), an audio description script
whose events carry the text and its times."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

from imagia.access.mix import Placed
from imagia.speech.subtitles.formats.vtt import fmt_time as vtt_time

TT = "http://www.w3.org/ns/ttml"
TTP = "http://www.w3.org/ns/ttml#parameter"
DAPTM = "http://www.w3.org/ns/ttml/profile/dapt#metadata"
XML = "http://www.w3.org/XML/1998/namespace"
DAPT_CONTENT = "http://www.w3.org/ns/ttml/profile/dapt1.0/content"


def _said(lines: list[Placed]) -> list[Placed]:
    return [p for p in lines if p.start is not None and p.end is not None]


def webvtt(lines: list[Placed], title: str = "") -> str:
    """WebVTT of the descriptions placed in the mix, for ``<track kind="descriptions">``."""
    out = ["WEBVTT" + (f" - {title}" if title else ""), "", 'NOTE kind="descriptions"', ""]
    for p in _said(lines):
        text = " ".join(p.text.replace("-->", "→").split())
        out += [
            f"d{p.n}",
            f"{vtt_time(round((p.start or 0) * 1000))} --> {vtt_time(round((p.end or 0) * 1000))}",
            text,
            "",
        ]
    return "\n".join(out)


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def ttml(lines: list[Placed], lang: str, rate: Fraction | None = None) -> str:
    """A DAPT audio description script: one ``div`` per description (``visual.nonText``) with
    its text in a ``p``, times in media time."""
    ET.register_namespace("", TT)
    ET.register_namespace("ttp", TTP)
    ET.register_namespace("daptm", DAPTM)
    attrs = {
        f"{{{XML}}}lang": lang,
        f"{{{TTP}}}timeBase": "media",
        f"{{{TTP}}}contentProfiles": DAPT_CONTENT,
        f"{{{DAPTM}}}scriptRepresents": "visual.nonText",
        f"{{{DAPTM}}}scriptType": "asRecorded",
    }
    if rate is not None:
        attrs[f"{{{TTP}}}frameRate"] = str(round(rate))
    root = ET.Element(f"{{{TT}}}tt", attrs)
    ET.SubElement(root, f"{{{TT}}}head")
    body = ET.SubElement(root, f"{{{TT}}}body")
    for p in _said(lines):
        div = ET.SubElement(
            body,
            f"{{{TT}}}div",
            {
                f"{{{XML}}}id": f"d{p.n}",
                "begin": _clock(p.start or 0.0),
                "end": _clock(p.end or 0.0),
                f"{{{DAPTM}}}represents": "visual.nonText",
            },
        )
        para = ET.SubElement(div, f"{{{TT}}}p", {f"{{{DAPTM}}}langSrc": lang})
        para.text = " ".join(p.text.split())
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
