"""XMLTV, the listing format of electronic programme guides (xmltv.dtd): one ``<channel>`` and
one ``<programme>`` per airing, times as ``YYYYMMDDhhmmss +hhmm``."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

from imagia.broadcast.gridcheck import Airing
from imagia.broadcast.programmes import Programme


def _stamp(t: datetime, zone: str) -> str:
    """``YYYYMMDDhhmmss +hhmm`` of a local time in ``zone`` (summer time included)."""
    try:
        from zoneinfo import ZoneInfo

        return t.replace(tzinfo=ZoneInfo(zone)).strftime("%Y%m%d%H%M%S %z")
    except Exception:  # no time-zone database on this machine: Paris winter time
        return t.strftime("%Y%m%d%H%M%S") + " +0100"


def write(
    airings: list[Airing], programmes: list[Programme], channel: str, zone: str = "Europe/Paris"
) -> str:
    """The XMLTV document of ``airings`` (French titles: ``lang="fr"``)."""
    by_id = {p.id: p for p in programmes}
    tv = ET.Element("tv", {"generator-info-name": "imagia"})
    plain = unicodedata.normalize("NFKD", channel).encode("ascii", "ignore").decode()
    cid = "".join(c for c in plain.lower() if c.isalnum()) or "channel"
    ch = ET.SubElement(tv, "channel", {"id": f"{cid}.imagia"})
    ET.SubElement(ch, "display-name", {"lang": "fr"}).text = channel
    for a in sorted(airings, key=lambda x: x.start):
        p = by_id[a.programme]
        stop = a.start + timedelta(minutes=p.duration)
        el = ET.SubElement(
            tv,
            "programme",
            {
                "start": _stamp(a.start, zone),
                "stop": _stamp(stop, zone),
                "channel": f"{cid}.imagia",
            },
        )
        ET.SubElement(el, "title", {"lang": "fr"}).text = p.title
        if p.genre:
            ET.SubElement(el, "category", {"lang": "en"}).text = p.genre
        ET.SubElement(el, "length", {"units": "minutes"}).text = str(p.duration)
        if p.age_rating != "TP":
            r = ET.SubElement(el, "rating", {"system": "CSA"})
            ET.SubElement(r, "value").text = p.age_rating
    ET.indent(tv)
    body = ET.tostring(tv, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n' + body + "\n"
    )
