"""The planned grid as rows (CSV), a workbook (one sheet a week, days as columns, colour by
genre, and the quota report) and the table the web view draws."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

GENRE_COLOURS = {  # light fills a printed grid stays readable with
    "film": "F4CCCC",
    "series": "CFE2F3",
    "documentary": "D9EAD3",
    "animation": "FFF2CC",
    "magazine": "EAD1DC",
    "game": "FCE5CD",
    "news": "D9D9D9",
}
FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def week_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Weeks of the grid: ``{"days": [...], "times": [...], "cells": {time: {day: row}}}``."""
    weeks: dict[str, dict[str, Any]] = {}
    for r in rows:
        week = r["week"]
        w = weeks.setdefault(
            week, {"week": week, "days": [], "times": [], "cells": defaultdict(dict)}
        )
        if r["day"] not in w["days"]:
            w["days"].append(r["day"])
        if r["slot"] not in w["times"]:
            w["times"].append(r["slot"])
        w["cells"][r["slot"]][r["day"]] = r
    out = []
    for w in weeks.values():
        w["times"].sort(key=lambda t: (t < "06:00", t))
        w["cells"] = dict(w["cells"])
        w["weekdays"] = [_weekday(d) for d in w["days"]]
        out.append(w)
    return out


def xlsx(rows: list[dict[str, Any]], quotas: list[dict[str, Any]], channel: str) -> bytes:
    """The workbook: a sheet a week (days as columns) and the quota report."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    first = True
    for w in week_table(rows):
        ws: Any = wb.active if first else wb.create_sheet()
        first = False
        ws.title = f"Semaine {w['week']}"[:31]
        ws.append([channel] + [f"{FR_DAYS[_weekday(d)]} {d}" for d in w["days"]])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for t in w["times"]:
            line: list[Any] = [t]
            for d in w["days"]:
                r = w["cells"][t].get(d)
                line.append(
                    f"{r['title']} ({r['age_rating']})"
                    if r and r["age_rating"] != "TP"
                    else (r["title"] if r else "")
                )
            ws.append(line)
            for col, d in enumerate(w["days"], start=2):
                r = w["cells"][t].get(d)
                if r:
                    c = ws.cell(row=ws.max_row, column=col)
                    c.fill = PatternFill("solid", fgColor=GENRE_COLOURS.get(r["genre"], "FFFFFF"))
                    c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions["A"].width = 8
        for col in range(2, len(w["days"]) + 2):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 22
    q: Any = wb.create_sheet("Quotas")
    q.append(
        [
            "règle / rule",
            "exigé / required",
            "atteint / achieved",
            "marge / margin",
            "respecté / met",
            "base",
            "source",
        ]
    )
    for quota in quotas:
        q.append(
            [
                quota["rule"],
                quota["required"],
                quota["achieved"],
                quota["margin"],
                "oui / yes" if quota["ok"] else "NON / NO",
                quota["basis"],
                quota["source"],
            ]
        )
    for cell in q[1]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _weekday(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).weekday()
