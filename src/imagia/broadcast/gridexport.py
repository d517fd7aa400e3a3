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


_PDF_WORDS = {  # French, English
    "title": ("Grille des programmes", "Programme grid"),
    "week": ("Semaine", "Week"),
    "time": ("heure", "time"),
    "quotas": ("Quotas", "Quotas"),
    "rule": ("règle", "rule"),
    "required": ("exigé", "required"),
    "achieved": ("atteint", "achieved"),
    "margin": ("marge", "margin"),
    "met": ("respecté", "met"),
    "basis": ("base", "basis"),
    "yes": ("oui", "yes"),
    "no": ("NON", "NO"),
    "nothing": ("rien à compter", "nothing to count"),
    "audience": ("Audience attendue", "Expected audience"),
    "model": ("Modèle d'audience", "Audience model"),
}
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GENRE_WORDS = {
    "film": ("film", "film"),
    "series": ("série", "series"),
    "documentary": ("documentaire", "documentary"),
    "animation": ("animation", "animation"),
    "magazine": ("magazine", "magazine"),
    "game": ("jeu", "game show"),
    "news": ("information", "news"),
}


def _font() -> tuple[str, str]:
    """reportlab's Bitstream Vera (French letters, œ included) when present, else Helvetica."""
    from pathlib import Path

    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = Path(reportlab.__file__).parent / "fonts"
    if (fonts / "Vera.ttf").is_file() and (fonts / "VeraBd.ttf").is_file():
        if "GridVera" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("GridVera", str(fonts / "Vera.ttf")))
            pdfmetrics.registerFont(TTFont("GridVeraBd", str(fonts / "VeraBd.ttf")))
        return "GridVera", "GridVeraBd"
    return "Helvetica", "Helvetica-Bold"


def pdf(
    rows: list[dict[str, Any]],
    quotas: list[dict[str, Any]],
    channel: str,
    lang: str = "fr",
    notes: tuple[str, ...] = (),
) -> bytes:
    """The grid as a PDF in ``lang`` (fr or en): a landscape page a week (one column a day,
    each slot's title, genre, rating and EOF mark, coloured by genre), then the quota report
    and ``notes`` (the audience, the model it came from)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.flowables import Flowable

    fr = lang == "fr"
    i = 0 if fr else 1

    def w(key: str) -> str:
        return _PDF_WORDS[key][i]

    regular, bold = _font()
    body = ParagraphStyle("cell", fontName=regular, fontSize=6.5, leading=7.8)
    head = ParagraphStyle("head", fontName=bold, fontSize=13, leading=16, spaceAfter=4)
    small = ParagraphStyle("small", fontName=regular, fontSize=8, leading=10)

    def esc(s: object) -> str:
        return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A4), leftMargin=8 * mm, rightMargin=8 * mm,
        topMargin=8 * mm, bottomMargin=8 * mm, title=f"{w('title')} — {channel}",
        author="imagia", creator="imagia grid-plan", invariant=1,
    )  # fmt: skip
    story: list[Flowable] = []
    names = FR_DAYS if fr else EN_DAYS
    for n, week in enumerate(week_table(rows)):
        if n:
            story.append(PageBreak())
        story.append(Paragraph(esc(f"{channel} — {w('week')} {week['week']}"), head))
        header = [Paragraph(esc(w("time")), body)] + [
            Paragraph(f"<b>{esc(names[_weekday(d)])}</b> {d[8:]}/{d[5:7]}", body)
            for d in week["days"]
        ]
        data: list[list[Any]] = [header]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ]
        for r_i, t in enumerate(week["times"], start=1):
            line: list[Any] = [Paragraph(f"<b>{t}</b>", body)]
            for c_i, d in enumerate(week["days"], start=1):
                r = week["cells"][t].get(d)
                if not r:
                    line.append("")
                    continue
                marks = [GENRE_WORDS.get(r["genre"], (r["genre"], r["genre"]))[i]]
                if r["age_rating"] != "TP":
                    marks.append(r["age_rating"])
                if r["eof"]:
                    marks.append("EOF")
                elif r["european"]:
                    marks.append("EU" if not fr else "europ.")
                line.append(Paragraph(f"{esc(r['title'])}<br/>{esc(' · '.join(marks))}", body))
                colour = GENRE_COLOURS.get(r["genre"])
                if colour:
                    style.append(
                        ("BACKGROUND", (c_i, r_i), (c_i, r_i), colors.HexColor(f"#{colour}"))
                    )
            data.append(line)
        width = (landscape(A4)[0] - 16 * mm - 14 * mm) / max(len(week["days"]), 1)
        table = Table(data, colWidths=[14 * mm] + [width] * len(week["days"]), repeatRows=1)
        table.setStyle(TableStyle(style))
        story.append(table)
    story += [PageBreak(), Paragraph(esc(f"{channel} — {w('quotas')}"), head)]
    qdata: list[list[Any]] = [
        [Paragraph(f"<b>{esc(w(k))}</b>", small) for k in ("rule", "required", "achieved")]
        + [Paragraph(f"<b>{esc(w(k))}</b>", small) for k in ("margin", "met", "basis")]
        + [Paragraph("<b>source</b>", small)]
    ]

    def pct(v: float | None) -> str:
        if v is None:
            return w("nothing")
        s = f"{v * 100:.1f} %"
        return s.replace(".", ",") if fr else s

    for q in quotas:
        basis = str(q["basis"]).replace("broadcasts", "diffusions" if fr else "broadcasts")
        qdata.append(
            [
                Paragraph(esc(q.get("label_fr" if fr else "label_en") or q["rule"]), small),
                Paragraph(pct(q["required"]), small),
                Paragraph(pct(q["achieved"]), small),
                Paragraph(pct(q["margin"]), small),
                Paragraph(w("yes") if q["ok"] else w("no"), small),
                Paragraph(esc(basis), small),
                Paragraph(esc(q["source"]), small),
            ]
        )
    qt = Table(qdata, colWidths=[55 * mm, 18 * mm, 18 * mm, 22 * mm, 18 * mm, 30 * mm, 110 * mm])
    qt.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    story.append(qt)
    for note in notes:
        story += [Spacer(1, 3 * mm), Paragraph(esc(note), small)]
    doc.build(story)
    return buf.getvalue()
