"""Exports of a ``ShootingSchedule.1`` document: JSON, XLSX (stripboard, DOOD, call sheets,
costs), ICS (one all-day event per shooting day, RFC 5545 written by hand) and PDF (reportlab).

Stripboard colours follow the usual convention: INT/DAY white, EXT/DAY yellow, INT/NIGHT blue,
EXT/NIGHT green (INT/EXT counts as EXT).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from imagia.core.provenance import atomic_write

STRIP_COLOURS = {
    ("INT", "DAY"): "FFFFFF",
    ("EXT", "DAY"): "FFF2A8",
    ("INT", "NIGHT"): "A9C8F0",
    ("EXT", "NIGHT"): "B5E3B0",
}
FORMATS = ("json", "xlsx", "ics", "pdf")


def strip_colour(int_ext: str, day_night: str) -> str:
    return STRIP_COLOURS[("INT" if int_ext == "INT" else "EXT", day_night)]


def write_json(doc: dict[str, Any], path: Path) -> Path:
    with atomic_write(path) as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False, default=str)
    return path


def _scenes(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["scene"]: s for s in doc["problem"]["scenes"]}


def write_xlsx(doc: dict[str, Any], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    scenes = _scenes(doc)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Stripboard"
    bold = Font(bold=True)
    ws.append(
        [
            "Day",
            "Date",
            "Scene",
            "I/E",
            "D/N",
            "Set",
            "Location",
            "Pages",
            "Cast",
            "Description",
            "Episode",
        ]
    )
    for c in ws[1]:
        c.font = bold
    n = 0
    for day in doc["days"]:
        if not day["scenes"]:
            continue
        n += 1
        for sid in day["scenes"]:
            s = scenes[sid]
            ws.append(
                [
                    n,
                    day["date"],
                    sid,
                    s["int_ext"],
                    s["day_night"],
                    s["set"],
                    s["location"],
                    s["pages"],
                    ", ".join(s["cast"]),
                    s["description"],
                    s.get("episode", ""),
                ]
            )
            fill = PatternFill("solid", fgColor=strip_colour(s["int_ext"], s["day_night"]))
            for c in ws[ws.max_row]:
                c.fill = fill
        ws.append(
            [
                f"End of day {n}",
                day["date"],
                "",
                "",
                "",
                "",
                ", ".join(day["locations"]),
                day["pages"],
                "",
                "",
                "",
            ]
        )
        for c in ws[ws.max_row]:
            c.font = bold
            c.fill = PatternFill("solid", fgColor="404040")
            c.font = Font(bold=True, color="FFFFFF")
    for col, width in zip("ABCDEFGHIJK", (10, 12, 7, 8, 7, 16, 16, 7, 30, 40, 8), strict=True):
        ws.column_dimensions[col].width = width

    dood = doc["dood"]
    wd = wb.create_sheet("DOOD")
    wd.append(["Actor", "Name", *dood["dates"], "Work", "Hold", "Paid days", "Daily cost", "Cost"])
    for c in wd[1]:
        c.font = bold
    for r in dood["actors"]:
        wd.append(
            [
                r["actor"],
                r["name"],
                *[r["codes"].get(d, "") for d in dood["dates"]],
                r["work"],
                r["hold"],
                r["paid_days"],
                r["daily_cost"],
                r["cost"],
            ]
        )
    t = dood["totals"]
    wd.append(["Total", "", *[""] * len(dood["dates"]), t["work"], t["hold"], t["paid_days"]])

    wc = wb.create_sheet("Call sheets")
    for sheet in doc["call_sheets"]:
        wc.append(
            [
                f"Day {sheet['day']} of {sheet['of']}",
                sheet["date"],
                f"Crew call {sheet['crew_call']}",
                "Locations: " + ", ".join(sheet["locations"]),
            ]
        )
        wc[wc.max_row][0].font = bold
        for s in sheet["scenes"]:
            wc.append(
                [
                    "",
                    s["scene"],
                    f"{s['int_ext']} {s['set']} - {s['day_night']}",
                    s["pages"],
                    ", ".join(s["cast"]),
                    s["description"],
                ]
            )
        wc.append(
            [
                "",
                "Cast called: "
                + ", ".join(f"{c['actor']} (sc. {c['first_scene']})" for c in sheet["cast"]),
            ]
        )
        for note in sheet["notes"]:
            wc.append(["", "Note: " + note])
        wc.append([])

    wk = wb.create_sheet("Costs")
    cur = doc["summary"].get("currency", "EUR")
    wk.append(["Term", f"Cost ({cur})"])
    for k, v in doc["costs"].items():
        wk.append([k, v])
    s = doc["solver"]
    wk.append([])
    for k in ("engine", "status", "optimal", "objective", "bound", "gap", "seconds", "time_limit"):
        wk.append([f"solver {k}", s[k]])
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
    return path


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets (RFC 5545 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    cur = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not parts else 74):
            parts.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    parts.append(cur.decode("utf-8"))
    return "\r\n ".join(parts)


def to_ics(doc: dict[str, Any], title: str = "Shoot") -> str:
    """One all-day VEVENT per shooting day (scenes, pages, locations, cast in the description)."""
    scenes = _scenes(doc)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//imagia//schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for sheet in doc["call_sheets"]:
        day = dt.date.fromisoformat(sheet["date"])
        desc = [f"Crew call {sheet['crew_call']}; {sheet['pages']} pages"]
        for s in sheet["scenes"]:
            sc = scenes[s["scene"]]
            desc.append(
                f"Sc. {s['scene']} {sc['int_ext']} {sc['set']} {sc['day_night']} "
                f"({sc['pages']} p) - {', '.join(sc['cast'])}"
            )
        desc += [f"Note: {n}" for n in sheet["notes"]]
        key = ",".join(s["scene"] for s in sheet["scenes"]).encode()
        uid = f"{day.isoformat()}-{hashlib.sha1(key).hexdigest()[:10]}@imagia"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            "SUMMARY:"
            + _ics_escape(
                f"{title} day {sheet['day']}/{sheet['of']}: sc. "
                + ", ".join(s["scene"] for s in sheet["scenes"])
            ),
            "LOCATION:" + _ics_escape(", ".join(sheet["locations"])),
            "DESCRIPTION:" + _ics_escape("\n".join(desc)),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def write_ics(doc: dict[str, Any], path: Path, title: str = "Shoot") -> Path:
    with atomic_write(path, "w") as fh:
        fh.write(to_ics(doc, title))
    return path


def write_pdf(doc: dict[str, Any], path: Path, title: str = "Shooting schedule") -> Path:
    """A landscape PDF: stripboard, DOOD and cost summary."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    scenes = _scenes(doc)
    styles = getSampleStyleSheet()
    story: list[Any] = [Paragraph(title, styles["Title"])]
    s = doc["summary"]
    story.append(
        Paragraph(
            f"{s['scenes']} scenes, {s['pages']} pages, {s['shooting_days']} shooting days "
            f"({s['first_day']} to {s['last_day']}). Cost {doc['costs']['total']} {s['currency']} "
            f"({doc['solver']['status'].lower()}, gap {doc['solver']['gap']:.1%}). "
            "Draft made by imagia: check before use.",
            styles["Normal"],
        )
    )
    story.append(Spacer(1, 8))
    rows: list[list[str]] = [
        ["Day", "Date", "Sc.", "I/E", "D/N", "Set", "Location", "Pages", "Cast"]
    ]
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]
    n = 0
    for day in doc["days"]:
        if not day["scenes"]:
            continue
        n += 1
        for sid in day["scenes"]:
            sc = scenes[sid]
            rows.append(
                [
                    str(n),
                    day["date"],
                    sid,
                    sc["int_ext"],
                    sc["day_night"],
                    sc["set"],
                    sc["location"],
                    sc["pages"],
                    ", ".join(sc["cast"]),
                ]
            )
            style.append(
                (
                    "BACKGROUND",
                    (0, len(rows) - 1),
                    (-1, len(rows) - 1),
                    colors.HexColor("#" + strip_colour(sc["int_ext"], sc["day_night"])),
                )
            )
        rows.append([f"End day {n}", day["date"], "", "", "", "", "", day["pages"], ""])
        style += [
            ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.black),
            ("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), colors.white),
        ]
    t = Table(rows, repeatRows=1)
    t.setStyle(TableStyle(style))
    story += [t, PageBreak(), Paragraph("Day Out Of Days", styles["Heading2"])]
    dood = doc["dood"]
    drows = [["Actor", *[d[5:] for d in dood["dates"]], "W", "H", "Paid"]]
    for r in dood["actors"]:
        drows.append(
            [
                r["actor"],
                *[r["codes"].get(d, "") for d in dood["dates"]],
                str(r["work"]),
                str(r["hold"]),
                str(r["paid_days"]),
            ]
        )
    dt_ = Table(drows, repeatRows=1)
    dt_.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    story += [dt_, Spacer(1, 8), Paragraph("Costs", styles["Heading2"])]
    ct = Table([[k, str(v)] for k, v in doc["costs"].items()])
    ct.setStyle(
        TableStyle(
            [("FONTSIZE", (0, 0), (-1, -1), 8), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]
        )
    )
    story.append(ct)
    with atomic_write(path, "wb") as fh:
        SimpleDocTemplate(fh, pagesize=landscape(A4), title=title, author="imagia").build(story)
    return path


def write(
    doc: dict[str, Any], out_dir: Path, stem: str, formats: tuple[str, ...] = FORMATS
) -> dict[str, Path]:
    """Write the requested formats; returns format -> path."""
    writers = {"json": write_json, "xlsx": write_xlsx, "ics": write_ics, "pdf": write_pdf}
    out = {}
    for f in formats:
        out[f] = writers[f](doc, out_dir / f"{stem}.schedule.{f}")
    return out
