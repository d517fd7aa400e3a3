"""The production cost account and the financing plan (schema ``CostAccount.1``), from two
simple ledgers in the work folder:

- ``costs.csv``: ``date``, ``category`` (see :data:`CATEGORIES`), ``description``, ``amount``
  and optionally ``ref`` (the invoice);
- ``financing.csv``: ``source`` (who), ``kind`` (see :data:`FINANCING`), ``amount`` and
  optionally ``date`` and ``ref``.

Amounts are in the work's currency, written ``1234.56`` (a dot, at most two decimals). The
account gives the cost per heading, the financing per kind with its share of the total, and the
gap between them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError
from imagia.core.textfile import is_file, read_text
from imagia.finance.money import ZERO

SCHEMA = "CostAccount.1"
# Headings of a production cost account (French, English), in the order the account lists them.
CATEGORIES: dict[str, tuple[str, str]] = {
    "development": ("Développement", "Development"),
    "rights": ("Droits artistiques", "Rights"),
    "crew": ("Personnel", "Crew"),
    "cast": ("Interprétation", "Cast"),
    "social_charges": ("Charges sociales", "Social charges"),
    "sets_costumes": ("Décors et costumes", "Sets and costumes"),
    "travel": ("Transports, défraiements, régie", "Travel and location costs"),
    "equipment": ("Moyens techniques", "Technical equipment"),
    "post_production": ("Postproduction", "Post-production"),
    "insurance_finance": ("Assurances et frais financiers", "Insurance and financial costs"),
    "overheads": ("Frais généraux", "Overheads"),
    "contingency": ("Imprévus", "Contingency"),
}
FINANCING: dict[str, tuple[str, str]] = {
    "producer": ("Apport du producteur", "Producer's contribution"),
    "coproduction": ("Apports des coproducteurs", "Co-producers' contributions"),
    "cnc_support": ("Soutien du CNC", "CNC support"),
    "regional": ("Aides régionales", "Regional support"),
    "sofica": ("SOFICA", "SOFICA"),
    "pre_purchase": ("Préachats des diffuseurs", "Broadcasters' pre-purchases"),
    "presale": ("Préventes et minima garantis", "Pre-sales and minimum guarantees"),
    "tax_credit": ("Crédit d'impôt", "Tax credit"),
    "other": ("Autres", "Other"),
}
_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Row:
    row: int
    key: str  # category or financing kind
    label: str  # description or source
    amount: Decimal
    date: date | None = None
    ref: str = ""


def _read(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    records = list(csv.reader(io.StringIO(read_text(path), newline="")))
    header = [h.strip() for h in (records[0] if records else [])]
    for col in required:
        if col not in header:
            raise BadFile(path, f"column {col!r} missing", hint=f"columns: {', '.join(required)}")
    for h in header:
        if h not in required + optional:
            raise BadFile(path, f"unknown column {h!r}", hint=f"columns: {', '.join(required)}")
    return [
        (n, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
        for n, cells in enumerate(records[1:], start=2)
        if any(c.strip() for c in cells)
    ]


def _rows(path: Path, key: str, label: str, keys: dict[str, tuple[str, str]]) -> list[Row]:
    required = (key, label, "amount") if key == "category" else ("source", "kind", "amount")
    out = []
    for n, r in _read(path, required, ("date", "ref")):
        k = r[key]
        if k not in keys:
            raise BadFile(path, f"row {n}, {key}: {k!r} is not one of {', '.join(keys)}")
        if not _AMOUNT.match(r["amount"]):
            raise BadFile(path, f"row {n}, amount: {r['amount']!r} is not an amount like 1234.56")
        d = None
        if r.get("date"):
            try:
                d = date.fromisoformat(r["date"])
            except ValueError:
                raise BadFile(path, f"row {n}, date: {r['date']!r} is not a date") from None
        out.append(Row(n, k, r[label], Decimal(r["amount"]), d, r.get("ref", "")))
    return out


def account(root: Path, currency: str) -> dict[str, Any]:
    """The ``CostAccount.1`` of the work folder ``root`` (costs.csv and financing.csv)."""
    root = Path(root)
    cpath, fpath = root / "costs.csv", root / "financing.csv"
    if not is_file(cpath):
        raise ImagiaError(
            f"{root}: no costs.csv", hint="columns: date, category, description, amount, ref"
        )
    costs = _rows(cpath, "category", "description", CATEGORIES)
    financing = _rows(fpath, "kind", "source", FINANCING) if is_file(fpath) else []
    total_cost = sum((c.amount for c in costs), ZERO)
    total_fin = sum((f.amount for f in financing), ZERO)

    def line(r: Row) -> dict[str, Any]:
        return {
            "row": r.row,
            "label": r.label,
            "amount": str(r.amount),
            "date": r.date.isoformat() if r.date else None,
            "ref": r.ref,
        }

    headings = []
    for k, (fr, en) in CATEGORIES.items():
        mine = [c for c in costs if c.key == k]
        if mine:
            amount = sum((c.amount for c in mine), ZERO)
            share = (amount / total_cost * 100).quantize(Decimal("0.1")) if total_cost else ZERO
            headings.append(
                {
                    "category": k,
                    "label_fr": fr,
                    "label_en": en,
                    "amount": str(amount),
                    "share_percent": str(share),
                    "lines": [line(c) for c in mine],
                }
            )
    plan = []
    for k, (fr, en) in FINANCING.items():
        mine = [f for f in financing if f.key == k]
        if mine:
            amount = sum((f.amount for f in mine), ZERO)
            share = (amount / total_fin * 100).quantize(Decimal("0.1")) if total_fin else ZERO
            plan.append(
                {
                    "kind": k,
                    "label_fr": fr,
                    "label_en": en,
                    "amount": str(amount),
                    "share_percent": str(share),
                    "sources": [line(f) for f in mine],
                }
            )
    return {
        "schema": SCHEMA,
        "currency": currency,
        "cost": {"total": str(total_cost), "headings": headings},
        "financing": {"total": str(total_fin), "plan": plan},
        "gap": str(total_fin - total_cost),
        "rows": {"costs.csv": len(costs), "financing.csv": len(financing)},
    }


def write_xlsx(data: dict[str, Any], path: Path, lang: str) -> Path:
    """The account as a workbook: one sheet for the costs, one for the financing plan."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from imagia.core.provenance import atomic_write

    fr = lang == "fr"
    lab = "label_fr" if fr else "label_en"
    wb = Workbook()
    ws = wb.active
    ws.title = "Compte de production" if fr else "Production cost account"
    bold = Font(bold=True)
    for k, v in (
        ("Compte n°" if fr else "Account no.", data.get("number")),
        ("Œuvre" if fr else "Work", data.get("work", {}).get("title")),
        ("Producteur délégué" if fr else "Lead producer", data.get("producer")),
        ("Établi le" if fr else "Drawn up on", data.get("date")),
    ):
        if v:
            ws.append([k, v])
    ws.append(["Poste" if fr else "Heading", "Détail" if fr else "Detail", "Réf." if fr else "Ref.",
               f"{'Montant' if fr else 'Amount'} ({data['currency']})"])  # fmt: skip
    for h in data["cost"]["headings"]:
        ws.append([h[lab], None, None, Decimal(h["amount"])])
        ws.cell(ws.max_row, 1).font = bold
        for ln in h["lines"]:
            ws.append([None, ln["label"], ln["ref"], Decimal(ln["amount"])])
    ws.append(["Coût total" if fr else "Total cost", None, None, Decimal(data["cost"]["total"])])
    ws.cell(ws.max_row, 1).font = bold
    fs = wb.create_sheet("Plan de financement" if fr else "Financing plan")
    fs.append(["Nature" if fr else "Kind", "Financeur" if fr else "Source",
               f"{'Montant' if fr else 'Amount'} ({data['currency']})", "%"])  # fmt: skip
    for f in data["financing"]["plan"]:
        fs.append([f[lab], None, Decimal(f["amount"]), Decimal(f["share_percent"])])
        fs.cell(fs.max_row, 1).font = bold
        for src in f["sources"]:
            fs.append([None, src["label"], Decimal(src["amount"])])
    fs.append(["Total", None, Decimal(data["financing"]["total"])])
    gap = "Écart financement - coût" if fr else "Financing less cost"
    fs.append([gap, None, Decimal(data["gap"])])
    for sheet in (ws, fs):
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, Decimal):
                    c.number_format = "#,##0.00"
        for c in fs[1]:
            c.font = bold
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 40
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
    return path
