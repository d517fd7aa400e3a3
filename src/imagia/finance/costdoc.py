"""The production cost account and financing plan as documents a producer hands to authors,
co-producers and financiers (PDF, French or English), and the register of the accounts drawn up
(schema ``CostAccounts.1``, ``finance/<work id>.costs.json`` in the workspace): each account gets
the next number of the work (``<work>-CP-0001``), its date, and the SHA-256 of each of its files
and of the ledgers it was made from, as issued statements do (register.py). Entries are only
added; a later account (final cost, an update) is a new number and the earlier ones stay.

What the account must hold (code du cinéma et de l'image animée, art. L.213-24 for films and
L.251-1 for audiovisual works): every expense of preparation, shooting and post-production, the
final cost of the work, and how it was financed; it goes to the co-producers, the financiers and
broadcasters who financed the work and the authors with a share of receipts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError, MissingDependency
from imagia.core.provenance import atomic_write, sha256_file
from imagia.core.textfile import is_file, load_json
from imagia.finance.labels import day, typo_fr
from imagia.finance.money import fmt_money

SCHEMA = "CostAccounts.1"

_T: dict[str, tuple[str, str]] = {
    "title": ("Compte de production", "Production cost account"),
    "work": ("Œuvre", "Work"),
    "producer": ("Producteur délégué", "Lead producer"),
    "number": ("Compte n°", "Account no."),
    "date": ("Établi le", "Drawn up on"),
    "currency": ("Devise", "Currency"),
    "cost": ("Coût définitif par poste", "Final cost by heading"),
    "heading": ("Poste", "Heading"),
    "amount": ("Montant", "Amount"),
    "share_cost": ("Part du coût", "Share of cost"),
    "detail": ("Détail des dépenses", "Expenses in detail"),
    "item": ("Dépense", "Expense"),
    "ref": ("Réf.", "Ref."),
    "when": ("Date", "Date"),
    "total_cost": ("Coût définitif de l'œuvre", "Final cost of the work"),
    "plan": ("Plan de financement", "Financing plan"),
    "kind": ("Nature", "Kind"),
    "source": ("Financeur", "Source"),
    "share_fin": ("Part du financement", "Share of financing"),
    "total_fin": ("Total des financements", "Total financing"),
    "gap": ("Écart financement - coût", "Financing less cost"),
    "uncovered": (
        "Coût non couvert par le plan de financement : {amount}, à la charge du producteur.",
        "Cost not covered by the financing plan: {amount}, borne by the producer.",
    ),
    "covered": (
        "Le plan de financement couvre le coût définitif.",
        "The financing plan covers the final cost.",
    ),
    "law": (
        "Compte établi selon le code du cinéma et de l'image animée (art. L.213-24 pour les "
        "œuvres cinématographiques, L.251-1 pour les œuvres audiovisuelles) : ensemble des "
        "dépenses de préparation, de tournage et de postproduction, coût définitif de l'œuvre "
        "et moyens de son financement.",
        "Account drawn up under the French code du cinéma et de l'image animée (art. L.213-24 "
        "for films, L.251-1 for audiovisual works): every expense of preparation, shooting and "
        "post-production, the final cost of the work and how it was financed.",
    ),
    "generated": (
        "Établi par imagia (outil finance-costs) à partir du registre des coûts (costs.csv) et "
        "du registre des financements (financing.csv) ; montants exacts au centime.",
        "Made by imagia (tool finance-costs) from the cost ledger (costs.csv) and the financing "
        "ledger (financing.csv); amounts exact to the cent.",
    ),
}


def text(key: str, lang: str, **kw: str) -> str:
    fr, en = _T[key]
    s = fr if lang == "fr" else en
    return s.format(**kw) if kw else s


def _pct(v: str, lang: str) -> str:
    return f"{v.replace('.', ',')}\u00a0%" if lang == "fr" else f"{v}%"


def write_pdf(data: dict[str, Any], path: Path, lang: str) -> Path:
    """The account (``CostAccount.1`` with ``work``, ``producer``, ``number``, ``date``) as a
    PDF in ``lang``: costs by heading with their share, each expense, the final cost, the
    financing plan with each share, the gap."""
    try:
        from fpdf import FPDF
        from fpdf.enums import XPos, YPos
        from fpdf.fonts import FontFace
    except ImportError:
        raise MissingDependency(
            "writing PDF needs fpdf2", hint="pip install 'imagia[finance]'"
        ) from None
    from imagia.finance.render import _pdf_text, unicode_font

    cur = data["currency"]
    lab = "label_fr" if lang == "fr" else "label_en"

    def m(v: str | Decimal) -> str:
        return fmt_money(Decimal(v), cur, lang)

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    found = unicode_font()
    family = "Helvetica"
    if found is not None:
        family = "Body"
        pdf.add_font(family, "", str(found[0]))
        pdf.add_font(family, "B", str(found[1]))
        pdf.add_font(family, "I", str(found[0]))

    def txt(s: str) -> str:
        return _pdf_text(typo_fr(s) if lang == "fr" else s, found is not None)

    title = text("title", lang)
    pdf.set_title(txt(f"{title} - {data['work']['title']}"))
    pdf.set_creator("imagia finance-costs")
    pdf.add_page()
    pdf.set_font(family, "B", 15)
    pdf.cell(
        0, 9, txt(f"{title} — {text('plan', lang).lower()}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(family, "", 9)
    head = [
        (text("number", lang), data.get("number", "")),
        (text("work", lang), data["work"]["title"]),
        (text("producer", lang), data.get("producer", "")),
        (text("date", lang), day(data["date"], lang) if data.get("date") else ""),
        (text("currency", lang), cur),
    ]
    for k, v in head:
        if v:
            pdf.cell(45, 5, txt(k))
            pdf.cell(0, 5, txt(v), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bold = FontFace(emphasis="BOLD")

    def heading(s: str) -> None:
        pdf.ln(3)
        pdf.set_font(family, "B", 11)
        pdf.cell(0, 7, txt(s), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(family, "", 8)

    def table(rows: list[list[str]], widths: tuple[int, ...], strong: set[int]) -> None:
        with pdf.table(
            col_widths=widths,
            text_align=("LEFT",) * (len(widths) - 2) + ("RIGHT", "RIGHT"),
            line_height=4.5,
            first_row_as_headings=True,
        ) as tb:
            for i, r in enumerate(rows):
                row = tb.row()
                for cell in r:
                    row.cell(txt(cell), style=bold if i in strong else None)

    cost = data["cost"]
    heading(text("cost", lang))
    rows = [[text("heading", lang), text("amount", lang), text("share_cost", lang)]]
    rows += [[h[lab], m(h["amount"]), _pct(h["share_percent"], lang)] for h in cost["headings"]]
    rows.append([text("total_cost", lang), m(cost["total"]), _pct("100.0", lang)])
    table(rows, (100, 45, 35), {len(rows) - 1})

    heading(text("plan", lang))
    rows = [
        [text("kind", lang), text("source", lang), text("amount", lang), text("share_fin", lang)]
    ]
    strong = set()
    for f in data["financing"]["plan"]:
        strong.add(len(rows))
        rows.append([f[lab], "", m(f["amount"]), _pct(f["share_percent"], lang)])
        rows += [["", s["label"], m(s["amount"]), ""] for s in f["sources"]]
    strong.add(len(rows))
    rows.append([text("total_fin", lang), "", m(data["financing"]["total"]), _pct("100.0", lang)])
    table(rows, (68, 50, 34, 28), strong)
    pdf.ln(2)
    pdf.set_font(family, "B", 10)
    pdf.cell(120, 6, txt(text("gap", lang)))
    pdf.cell(0, 6, txt(m(data["gap"])), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(family, "", 9)
    gap = Decimal(data["gap"])
    note = text("uncovered", lang, amount=m(-gap)) if gap < 0 else text("covered", lang)
    pdf.multi_cell(0, 5, txt(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    heading(text("detail", lang))
    rows = [
        [
            text("heading", lang),
            text("item", lang),
            text("ref", lang),
            text("when", lang),
            text("amount", lang),
        ]
    ]
    for h in cost["headings"]:
        for ln in h["lines"]:
            when = day(ln["date"], lang) if ln.get("date") else ""
            rows.append([h[lab], ln["label"], ln["ref"], when, m(ln["amount"])])
    with pdf.table(
        col_widths=(38, 62, 22, 30, 30),
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
        line_height=4.2,
        first_row_as_headings=True,
    ) as tb:
        for r in rows:
            row = tb.row()
            for cell in r:
                row.cell(txt(cell))
    pdf.ln(3)
    pdf.set_font(family, "I", 7)
    pdf.multi_cell(0, 3.6, txt(text("law", lang)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 3.6, txt(text("generated", lang)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    out = bytes(pdf.output())
    with atomic_write(path, "wb") as fh:
        fh.write(out)
    return path


@dataclass
class AccountRegister:
    """The cost accounts drawn up for a work, with the checksums of their files and inputs."""

    work: str
    path: Path
    entries: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, ws_root: Path, work_id: str) -> AccountRegister:
        path = Path(ws_root) / "finance" / f"{work_id}.costs.json"
        if not is_file(path):
            return cls(work_id, path)
        raw = load_json(path)
        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA or raw.get("work") != work_id:
            raise BadFile(path, f"schema: expected {SCHEMA!r} for work {work_id!r}")
        entries = raw.get("accounts")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise BadFile(path, "accounts: expected a list of entries")
        return cls(work_id, path, entries)

    def next_number(self) -> str:
        return f"{self.work}-CP-{len(self.entries) + 1:04d}"

    def verify(self, ws_root: Path) -> list[str]:
        """Each recorded file that is missing or no longer matches its checksum."""
        problems = []
        for e in self.entries:
            for f in e.get("files", []):
                p = Path(ws_root) / str(f.get("path", ""))
                if not p.is_file():
                    problems.append(f"{e.get('number')}: {f.get('path')} is missing")
                elif sha256_file(p) != f.get("sha256"):
                    problems.append(f"{e.get('number')}: {f.get('path')} changed since")
        return problems

    def append(self, entry: dict[str, Any], ws_root: Path) -> None:
        """Add an account (after checking every earlier one), written atomically."""
        problems = self.verify(ws_root)
        if problems:
            raise ImagiaError(
                f"cost accounts of {self.work} were altered: {problems[0]}",
                hint="restore them from a backup; a drawn-up account is never rewritten",
            )
        self.entries.append(entry)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"schema": SCHEMA, "work": self.work, "accounts": self.entries}
        with atomic_write(self.path) as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1))


def entry(number: str, on: date, files: list[dict[str, str]], root: Path) -> dict[str, Any]:
    """A register entry: the account's files and the SHA-256 of the ledgers it comes from."""
    inputs = {
        name: sha256_file(root / name)
        for name in ("costs.csv", "financing.csv")
        if is_file(root / name)
    }
    return {"number": number, "date": on.isoformat(), "files": files, "inputs": inputs}
