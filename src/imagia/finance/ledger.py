"""The payments ledger: what was actually paid to each beneficiary (``payments.csv`` in the work
folder, kept by the accountant, one row per payment).

Columns: ``date`` (ISO, 2026-09-30), ``beneficiary`` (a party id), ``amount`` (in the work's
currency, a dot before at most two decimals, no thousands separator: 1234.56), ``reference``
(unique: the bank transfer's or cheque's), ``method`` (transfer, cheque, offset, reversal) and,
optionally, ``statement`` (the number of the statement it settles), ``currency`` (must be the
work's) and ``note``. A reversal (a payment sent back) is the only negative amount.

"Paid before" on a statement is read from here, never recomputed from earlier statements.
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

from imagia.core.errors import BadFile
from imagia.core.textfile import is_file, read_text
from imagia.finance.money import ZERO

NAME = "payments.csv"
COLUMNS = ("date", "beneficiary", "amount", "reference", "method")
OPTIONAL = ("statement", "currency", "note")
METHODS = ("transfer", "cheque", "offset", "reversal")
_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Payment:
    row: int
    date: date
    beneficiary: str
    amount: Decimal
    reference: str
    method: str
    statement: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "date": self.date.isoformat(),
            "beneficiary": self.beneficiary,
            "amount": str(self.amount),
            "reference": self.reference,
            "method": self.method,
            "statement": self.statement,
            "note": self.note,
        }


@dataclass
class Ledger:
    payments: list[Payment]
    source: str = NAME

    def paid(self, party: str, upto: date) -> tuple[Decimal, list[Payment]]:
        """What ``party`` was paid on or before ``upto``, and the payments that make it."""
        got = [p for p in self.payments if p.beneficiary == party and p.date <= upto]
        return sum((p.amount for p in got), ZERO), got


def load(root: Path, parties: list[str], currency: str) -> Ledger:
    """The ledger of the work folder ``root`` (empty when it has no payments.csv)."""
    path = Path(root) / NAME
    if not is_file(path):
        return Ledger([])
    records = list(csv.reader(io.StringIO(read_text(path), newline="")))
    if not records:
        return Ledger([])
    header = [h.strip() for h in records[0]]
    for col in COLUMNS:
        if col not in header:
            raise BadFile(path, f"column {col!r} missing", hint=f"columns: {', '.join(COLUMNS)}")
    for h in header:
        if h not in COLUMNS + OPTIONAL:
            raise BadFile(path, f"unknown column {h!r}", hint=f"columns: {', '.join(COLUMNS)}")
    out: list[Payment] = []
    seen: dict[str, int] = {}
    for n, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        out.append(_payment(path, n, row, parties, currency, seen))
    return Ledger(out)


def _payment(
    path: Path,
    n: int,
    row: dict[str, str],
    parties: list[str],
    currency: str,
    seen: dict[str, int],
) -> Payment:
    def bad(col: str, problem: str) -> BadFile:
        return BadFile(path, f"row {n}, {col}: {problem}")

    try:
        d = date.fromisoformat(row["date"])
    except ValueError:
        raise bad("date", f"{row['date']!r} is not a date like 2026-09-30") from None
    if row["beneficiary"] not in parties:
        raise bad("beneficiary", f"unknown party {row['beneficiary']!r} ({', '.join(parties)})")
    if not _AMOUNT.match(row["amount"]):
        raise bad(
            "amount",
            f"{row['amount']!r} is not an amount like 1234.56 (a dot, at most two decimals, "
            "no thousands separator)",
        )
    amount = Decimal(row["amount"])
    method = row["method"]
    if method not in METHODS:
        raise bad("method", f"{method!r} is not one of {', '.join(METHODS)}")
    if amount == 0 or (amount < 0) != (method == "reversal"):
        raise bad("amount", f"{amount}: positive for a payment, negative only for a reversal")
    ref = row["reference"]
    if not ref:
        raise bad("reference", "empty (the transfer's or cheque's reference)")
    if ref in seen:
        raise bad("reference", f"{ref!r} already used on row {seen[ref]}")
    seen[ref] = n
    cur = row.get("currency", "").upper()
    if cur and cur != currency:
        raise bad("currency", f"{cur} is not the work's currency {currency}")
    return Payment(
        n,
        d,
        row["beneficiary"],
        amount,
        ref,
        method,
        row.get("statement", ""),
        row.get("note", ""),
    )
