"""Statements as XLSX (openpyxl) and PDF (fpdf2), in French or English."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from imagia.core.errors import MissingDependency
from imagia.core.provenance import atomic_write
from imagia.finance.labels import channel, day, method, percent, t, typo_fr
from imagia.finance.statements import Statement

_MONEY_FMT = "#,##0.00"


def _summary(st: Statement) -> list[tuple[str, str]]:
    lg = st.lang
    rows = [
        (t("work", lg), st.work_title),
        (t("beneficiary", lg), st.beneficiary_name),
        (t("period", lg), f"{day(st.period.start, lg)} – {day(st.period.end, lg)}"),
        (t("currency", lg), st.currency),
        (t("accountant", lg), st.accountant),
        (t("issued", lg), day(st.issued, lg)),
    ]
    if st.number:
        rows.insert(0, (t("number", lg), st.number))
    if st.corrects:
        rows.insert(1, (t("corrects", lg), st.corrects))
    if st.payment_date:
        rows.append((t("payment_date", lg), day(st.payment_date, lg)))
    return rows


def _taxes(st: Statement) -> list[tuple[str, Decimal]]:
    """The VAT and withholding lines and the amount payable, where they apply."""
    lg = st.lang
    out = []
    if st.vat_rate:
        out.append((t("vat", lg, rate=percent(st.vat_rate, lg)), st.vat))
    if st.withholding_rate:
        out.append((t("withheld", lg, rate=percent(st.withholding_rate, lg)), -st.withheld))
    if out:
        out.append((t("payable", lg), st.payable))
    return out


def _payments(st: Statement) -> tuple[list[str], list[list[str]]]:
    """The ledger's payments counted as paid before, as table rows."""
    lg = st.lang
    head = [t("date", lg), t("reference", lg), t("method", lg), t("amount", lg)]
    rows = [
        [day(p["date"], lg), p["reference"], method(p["method"], lg), st.money(_num(p["amount"]))]
        for p in st.payments
    ]
    return head, rows


def _owes(st: Statement) -> tuple[list[str], list[list[str]]]:
    """The owner's summary: what it owes each beneficiary."""
    lg = st.lang
    head = [t("beneficiary", lg), t("total_entitled", lg), t("paid_before", lg), t("due", lg)]
    rows = [
        [o["beneficiary"], st.money(o["entitled"]), st.money(o["paid_before"]), st.money(o["due"])]
        for o in st.owes
    ]
    return head, rows


def _late(st: Statement) -> tuple[list[str], list[list[str]]]:
    """Receipts reported late, with their original date and the day they are booked on."""
    lg = st.lang
    head = [t("source", lg), t("date", lg), t("booked", lg), t("channel", lg), t("amount", lg)]
    rows = [
        [
            r["source"],
            day(r["date"], lg),
            day(r["booked"], lg),
            f"{channel(r['channel'], lg)} {r['territory']}",
            st.money(_num(r["amount"])),
        ]
        for r in st.late
    ]
    return head, rows


def _terms(st: Statement) -> tuple[list[str], list[list[str]]]:
    """The beneficiary's rates, their base and what they earned (period and cumulative)."""
    lg = st.lang
    head = [
        t("term", lg),
        f"{t('base', lg)} — {t('in_period', lg)}",
        f"{t('base', lg)} — {t('cumulative', lg)}",
        f"{t('earned_col', lg)} — {t('in_period', lg)}",
        f"{t('earned_col', lg)} — {t('cumulative', lg)}",
    ]
    rows = [
        [
            x["label"],
            st.money(x["base_period"]),
            st.money(x["base"]),
            st.money(x["earned_period"]),
            st.money(x["earned"]),
        ]
        for x in st.terms
    ]
    return head, rows


# From gross to RNPP, per agreement: (key, label key, cumulative only).
_AGREEMENT_ROWS = (
    ("gross", "gross", False),
    ("fee", "fee", False),
    ("expenses_recouped", "expenses", False),
    ("mg_recouped", "mg_recouped", False),
    ("cross_given", "cross_given", False),
    ("overage", "overage", False),
    ("payments", "payments", False),
    ("rnpp", "rnpp", False),
    ("expenses_to_recoup", "expenses_to_recoup", True),
    ("mg_to_recoup", "mg_to_recoup", True),
    ("cross_received", "cross_received", False),
)


def agreement_rows(st: Statement) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Per agreement (its party's name): each figure from gross to RNPP, with what is still to
    recoup, for the period and cumulative; a pool's lines only where the agreement is in one."""
    lg = st.lang
    out = []
    for a in st.agreements:
        rows = []
        licence = a.get("kind") == "licence"
        for key, label, cum_only in _AGREEMENT_ROWS:
            if key.startswith("cross_") and not a.get("cross_pool"):
                continue
            if licence and key in ("mg_recouped", "overage", "expenses_to_recoup"):
                continue  # a flat licence: paid on its dates, nothing recouped
            if licence and key == "mg_to_recoup":
                label = "licence_to_receive"
            period = "" if cum_only else st.money(a[f"{key}_period"])
            rows.append((t(label, lg), period, st.money(a[key])))
        name = a["party"]
        if a.get("cross_pool"):
            name += f" — {t('cross_pool', lg)} {a['cross_pool']}"
        out.append((name, rows))
    return out


def agreements_table(pdf: Any, st: Statement, txt: Any) -> None:
    """The section from gross to RNPP: one block per agreement, then the totals."""
    from fpdf.fonts import FontFace

    lg = st.lang
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=(100, 40, 40),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        line_height=4.5,
        first_row_as_headings=True,
    ) as tb:
        head = tb.row()
        for cell in (t("line", lg), t("in_period", lg), t("cumulative", lg)):
            head.cell(txt(cell))
        for name, rows in agreement_rows(st):
            tb.row().cell(txt(name), style=bold, colspan=3)
            for label, period, cum in rows:
                r = tb.row()
                for cell in (label, period, cum):
                    r.cell(txt(cell))
        for key, (p, c) in (("rnpp", st.rnpp), ("excluded", st.excluded)):
            r = tb.row()
            r.cell(txt(t(key, lg)), style=bold)
            r.cell(txt(st.money(p)), style=bold)
            r.cell(txt(st.money(c)), style=bold)


def write_xlsx(st: Statement, path: Path) -> Path:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise MissingDependency(
            "writing XLSX needs openpyxl", hint="pip install 'imagia[finance]'"
        ) from None
    lg = st.lang
    wb = Workbook()
    ws = wb.active
    ws.title = t("statement", lg)[:31]
    bold = Font(bold=True)
    ws.append([t("statement", lg)])
    ws["A1"].font = Font(bold=True, size=14)
    for k, v in _summary(st):
        ws.append([k, v])
    ws.append([])
    ws.append(
        [
            t("position", lg),
            t("clause", lg),
            t("in_period", lg),
            t("cumulative", lg),
            t("threshold", lg),
            t("recouped", lg),
            t("to_recoup", lg),
        ]
    )
    for c in ws[ws.max_row]:
        c.font = bold
    for p in st.positions:
        ws.append([p.label, p.clause, p.period, p.cumulative, p.threshold, p.recouped, p.to_recoup])
    if st.terms:
        ws.append([])
        head, _ = _terms(st)
        ws.append([head[0], None, *head[1:]])
        for c in ws[ws.max_row]:
            c.font = bold
        for x in st.terms:
            ws.append(
                [x["label"], None, x["base_period"], x["base"], x["earned_period"], x["earned"]]
            )
    ws.append([])
    for key, val in (
        ("total_entitled", st.entitled),
        ("paid_before", st.paid_before),
        ("due", st.due),
    ):
        ws.append([t(key, lg), None, None, val])
        ws.cell(ws.max_row, 1).font = bold
    for label, val in _taxes(st):
        ws.append([label, None, None, val])
    if st.carried:
        ws.append([t("carried", lg), None, None, st.carried])
    if st.nothing_due:
        ws.append([t("nothing_due", lg)])
        ws.cell(ws.max_row, 1).font = bold
    for reason in st.reasons:
        ws.append([reason])
    sections = [("payments_made", _payments(st)), ("late", _late(st)), ("owes", _owes(st))]
    for title, (heads, cells) in sections:
        if not cells and (title != "payments_made" or st.is_owner):
            continue
        ws.append([])
        ws.append([t(title, lg)])
        ws.cell(ws.max_row, 1).font = bold
        ws.append(heads)
        for line in cells or [[t("no_payment", lg)]]:
            ws.append(line)
    ws.append([])
    ws.append([t("rounding", lg)])
    ws.append([t("generated", lg)])
    for row in ws.iter_rows(min_row=1):
        for c in row[2:]:
            if isinstance(c.value, int | float | Decimal):
                c.number_format = _MONEY_FMT
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 40
    for col in "CDEFG":
        ws.column_dimensions[col].width = 16

    rs = wb.create_sheet(t("sheet_receipts", lg))
    rs.append(
        [
            t("agreement", lg),
            t("beneficiary", lg),
            t("channel", lg),
            t("territory", lg),
            t("in_period", lg),
            t("cumulative", lg),
        ]
    )
    for r in st.receipts:
        rs.append(
            [
                r["agreement"],
                r["party"],
                r["channel_label"],
                r["territory"],
                r["period"],
                r["cumulative"],
            ]
        )
    ag = wb.create_sheet("RNPP")
    cols = ["gross", "fee", "expenses_recouped", "mg_recouped", "overage", "payments", "rnpp"]
    if any(a.get("cross_pool") for a in st.agreements):  # cross-collateralised MGs
        cols[4:4] = ["cross_given", "cross_received"]
    names = {"expenses_recouped": "expenses", "rnpp": "rnpp"}
    ag.append(
        [t("agreement", lg), t("beneficiary", lg)]
        + [f"{t(names.get(k, k), lg)} — {t('in_period', lg)}" for k in cols]
        + [f"{t(names.get(k, k), lg)} — {t('cumulative', lg)}" for k in cols]
        + [t("expenses_to_recoup", lg), t("mg_to_recoup", lg)]
    )
    for a in st.agreements:
        ag.append(
            [a["agreement"], a["party"]]
            + [a[f"{k}_period"] for k in cols]
            + [a[k] for k in cols]
            + [a["expenses_to_recoup"], a["mg_to_recoup"]]
        )
    gap = [None] * (len(cols) - 1)
    ag.append([t("rnpp", lg), None, *gap, st.rnpp[0], *gap, st.rnpp[1]])
    ag.append([t("excluded", lg), None, *gap, st.excluded[0], *gap, st.excluded[1]])
    au = wb.create_sheet(t("audit", lg)[:31])
    au.append(["id", t("figure", lg), t("amount", lg), t("clause", lg), "", "←", t("sources", lg)])
    for a in st.audit:
        au.append(
            [
                a["figure"],
                a["label"],
                _num(a["amount"]),
                a["clause"],
                a["clause_text"],
                ", ".join(a["from"]),
                a["sources"],
            ]
        )
    if st.rates:
        au.append([])
        au.append([t("rates", lg)])
        for r in st.rates:
            au.append([r["currency"], r["date"], _num(r["rate"]), r["source"]])
    for sheet in (rs, ag, au):
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, Decimal):
                    c.number_format = _MONEY_FMT
        for c in sheet[1]:
            c.font = bold
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
    return path


def _num(s: str) -> Decimal:
    return Decimal(s)


_LATIN = str.maketrans(
    {
        "’": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "—": "-",
        "–": "-",
        "…": "...",
        "€": "EUR",
        "\u202f": " ",
        "\u00a0": " ",
        "←": "<-",
    }
)


# Beyond the fonts' coverage: the narrow no-break space and arrows.
_UNICODE = str.maketrans({"\u202f": "\u00a0", "←": "<-", "→": "->"})
_FONTS: list[tuple[str, str]] = [
    ("Vera.ttf", "VeraBd.ttf"),  # Bitstream Vera, shipped with reportlab
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),  # the usual system font on Linux
]


def unicode_font() -> tuple[Path, Path] | None:
    """A TrueType font with French letters (Œ, œ, « », €): reportlab's Bitstream Vera when
    installed, else the system's DejaVu Sans; None: the PDF falls back to Helvetica (Latin-1)."""
    dirs: list[Path] = []
    try:
        import reportlab

        dirs.append(Path(reportlab.__file__).parent / "fonts")
    except ImportError:
        pass
    dirs.append(Path("/usr/share/fonts/truetype/dejavu"))
    for d in dirs:
        for regular, bold in _FONTS:
            if (d / regular).is_file() and (d / bold).is_file():
                return d / regular, d / bold
    return None


def _pdf_text(s: str, unicode: bool = False) -> str:
    if unicode:
        return s.translate(_UNICODE)
    s = s.translate(_LATIN).replace("Œ", "OE").replace("œ", "oe")
    return s.encode("latin-1", "replace").decode("latin-1")


def write_pdf(st: Statement, path: Path) -> Path:
    try:
        from fpdf import FPDF
        from fpdf.enums import XPos, YPos
    except ImportError:
        raise MissingDependency(
            "writing PDF needs fpdf2", hint="pip install 'imagia[finance]'"
        ) from None
    lg = st.lang
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    found = unicode_font()
    family = "Helvetica"
    if found is not None:
        family = "Body"
        pdf.add_font(family, "", str(found[0]))
        pdf.add_font(family, "B", str(found[1]))
        pdf.add_font(family, "I", str(found[0]))  # no italic file: the regular one
    uni = found is not None

    def txt(s: str) -> str:
        return _pdf_text(typo_fr(s) if lg == "fr" else s, uni)

    pdf.set_title(txt(f"{t('statement', lg)} - {st.work_title} - {st.beneficiary_name}"))
    pdf.set_creator("imagia finance-statements")
    pdf.add_page()
    pdf.set_font(family, "B", 15)
    pdf.cell(0, 9, txt(t("statement", lg)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(family, "", 9)
    for k, v in _summary(st):
        pdf.cell(40, 5, txt(k))
        pdf.cell(0, 5, txt(str(v)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    m = st.money

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font(family, "B", 11)
        pdf.cell(0, 7, txt(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(family, "", 8)

    def table(head: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
        with pdf.table(
            col_widths=widths,
            text_align=("LEFT",) + ("RIGHT",) * (len(head) - 1),
            line_height=4.5,
            first_row_as_headings=True,
        ) as tb:
            for r in [head, *rows]:
                row = tb.row()
                for cell in r:
                    row.cell(txt(cell))

    heading(t("position", lg))
    table(
        [
            t("position", lg),
            t("in_period", lg),
            t("cumulative", lg),
            t("threshold", lg),
            t("to_recoup", lg),
        ],
        [
            [
                p.label,
                m(p.period),
                m(p.cumulative),
                "" if p.threshold is None else m(p.threshold),
                "" if p.to_recoup is None else m(p.to_recoup),
            ]
            for p in st.positions
        ],
        (60, 30, 30, 30, 30),
    )
    if st.terms:
        heading(t("terms", lg))
        head, rows = _terms(st)
        table(head, rows, (70, 27, 27, 27, 27))
    pdf.ln(2)
    pdf.set_font(family, "B", 10)
    for key, val in (
        ("total_entitled", st.entitled),
        ("paid_before", st.paid_before),
        ("due", st.due),
    ):
        pdf.cell(120, 6, txt(t(key, lg)))
        pdf.cell(0, 6, txt(m(val)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for label, val in _taxes(st):
        pdf.cell(120, 6, txt(label))
        pdf.cell(0, 6, txt(m(val)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if st.carried:
        pdf.cell(120, 6, txt(t("carried", lg)))
        pdf.cell(0, 6, txt(m(st.carried)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(family, "", 9)
    if st.nothing_due:
        pdf.set_font(family, "B", 10)
        pdf.cell(0, 6, txt(t("nothing_due", lg)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(family, "", 9)
    for reason in st.reasons:
        pdf.multi_cell(0, 5, txt(f"- {reason}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not st.is_owner:
        heading(t("payments_made", lg))
        head, rows = _payments(st)
        if rows:
            table(head, rows, (35, 60, 40, 40))
        else:
            pdf.cell(0, 5, txt(t("no_payment", lg)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    head, rows = _late(st)
    if rows:
        heading(t("late", lg))
        table(head, rows, (50, 30, 30, 35, 30))
    head, rows = _owes(st)
    if rows:
        heading(t("owes", lg))
        table(head, rows, (60, 40, 40, 40))

    heading(t("agreements", lg))
    agreements_table(pdf, st, txt)
    heading(t("receipts", lg))
    table(
        [t("channel", lg), t("territory", lg), t("in_period", lg), t("cumulative", lg)],
        [
            [
                f"{r['channel_label']} – {r['party']}",
                r["territory"],
                m(r["period"]),
                m(r["cumulative"]),
            ]
            for r in st.receipts
        ],
        (80, 25, 35, 35),
    )
    heading(t("audit", lg))
    pdf.set_font(family, "", 7)
    for a in st.audit:
        if _num(a["amount"]) == 0:  # the XLSX audit sheet keeps every figure
            continue
        src = f" <- {a['sources']}" if a["sources"] else ""
        clause = f" [{a['clause_text']}]" if a["clause_text"] else ""  # no internal paths
        pdf.multi_cell(
            0,
            3.6,
            txt(f"{a['label']} : {m(_num(a['amount']))}{clause}{src}")
            if lg == "fr"
            else txt(f"{a['label']}: {m(_num(a['amount']))}{clause}{src}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    if st.rates:
        heading(t("rates", lg))
        for r in st.rates:
            pdf.cell(
                0,
                4,
                txt(f"1 {r['currency']} = {r['rate']} {st.currency} ({r['date']}) {r['source']}"),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
    pdf.ln(3)
    pdf.set_font(family, "I", 7)
    pdf.multi_cell(
        0,
        3.6,
        txt(t("rounding", lg) + " " + t("generated", lg)),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    data = bytes(pdf.output())
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return path
