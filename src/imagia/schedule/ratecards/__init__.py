"""Dated wage cards (``WageCard.1`` YAML): published French minimum wages a budget is built on.

One file per salary agreement (``fr-cinema-technicians-2008.yaml``...), shipped in this folder
or written by the user. Each line is one job: its title in French and English, the basis it is
paid on (``week`` or ``day``), the hours that basis covers (35, 39, 8...), the amount, the
currency, its source (the text, the annex and the date of the salary agreement), the date from
which it applies and whether it was ``verified`` (read in a stored copy of the published grid);
an unverified line must say why in ``note`` and ``note_fr``. Lines take ``source``,
``valid_from`` and ``currency`` from the card when they do not give their own, so every loaded
line has them.

A line may carry ``check: {hours: 39, amount: 877.87}``: the same minimum as the grid states it
for another weekly basis; the reader recomputes it from the line (hours over 35 paid +25 %) and
refuses the file when the two differ by more than a cent, so a figure mistyped while copying a
grid is caught.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, NotFound
from imagia.core.textfile import load_yaml

SCHEMA = "WageCard.1"
BASES = ("week", "day")
CATEGORIES = ("technician", "actor", "worker")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(1_000_000)


@dataclass(frozen=True)
class WageLine:
    """One job's minimum on one card."""

    id: str
    title_fr: str
    title_en: str
    category: str
    basis: str  # "week" or "day"
    hours: Decimal  # hours the amount pays for (35, 39 a week; 8 a day)
    amount: Decimal
    currency: str
    source: str
    valid_from: dt.date
    verified: bool
    note: str = ""
    hourly_base: Decimal | None = None  # when the grid states it (actors: 27.40)
    note_fr: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title_fr": self.title_fr,
            "title_en": self.title_en,
            "category": self.category,
            "basis": self.basis,
            "hours": float(self.hours),
            "amount": float(self.amount),
            "currency": self.currency,
            "source": self.source,
            "valid_from": self.valid_from.isoformat(),
            "verified": self.verified,
            "note": self.note,
            "note_fr": self.note_fr,
        }


@dataclass(frozen=True)
class WageCard:
    """A dated card: the agreement, its date, its lines."""

    id: str
    title_fr: str
    title_en: str
    agreement: str
    valid_from: dt.date
    valid_to: dt.date | None
    currency: str
    source: str
    path: Path
    lines: dict[str, WageLine] = field(default_factory=dict)
    missing: str = ""  # jobs of the grid left out, and why
    missing_fr: str = ""

    def line(self, line_id: str) -> WageLine:
        if line_id not in self.lines:
            raise NotFound(f"line of wage card {self.id}", line_id, sorted(self.lines))
        return self.lines[line_id]

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title_fr": self.title_fr,
            "title_en": self.title_en,
            "agreement": self.agreement,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "lines": len(self.lines),
            "unverified": sum(1 for x in self.lines.values() if not x.verified),
            "missing": self.missing,
            "missing_fr": self.missing_fr,
        }


def folder() -> Path:
    return Path(str(resources.files("imagia.schedule") / "ratecards"))


def shipped() -> dict[str, Path]:
    """The shipped wage cards by id (the file name without ``.yaml``)."""
    return {p.stem: p for p in sorted(folder().glob("*.yaml"))}


def load(ref: str, near: Path | None = None) -> WageCard:
    """A wage card by shipped id, or by path: with ``near`` (a rate card), a relative path in
    the rate card's folder or below it (so a card uploaded to a workspace reads nothing
    outside it); without, any path."""
    cards = shipped()
    if ref in cards:
        return read(cards[ref])
    path = Path(ref)
    if near is not None:
        base = near.parent.resolve()
        path = (base / path).resolve()
        if Path(ref).is_absolute() or not path.is_relative_to(base):
            raise NotFound("wage card (a shipped id or a path next to the rate card)", ref, cards)
    if ref.endswith((".yaml", ".yml")) and path.is_file():
        return read(path)
    raise NotFound("wage card", ref, sorted(cards))


def read(path: Path) -> WageCard:
    """Read and check a ``WageCard.1`` file; every problem is a BadFile naming it."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    stamp = path.stat()
    return _read(path.resolve(), stamp.st_mtime_ns, stamp.st_size)


@cache
def _read(path: Path, _mtime: int, _size: int) -> WageCard:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise BadFile(path, f"a wage card is a mapping with schema: {SCHEMA}")
    if data.get("schema") != SCHEMA:
        raise BadFile(path, f"schema: expected {SCHEMA}")

    def text(where: str, v: Any, required: bool = True) -> str:
        if v is None and not required:
            return ""
        if not isinstance(v, str) or (required and not v.strip()):
            raise BadFile(path, f"{where}: expected text")
        return v.strip()

    def date(where: str, v: Any) -> dt.date:
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        try:
            return dt.date.fromisoformat(str(v))
        except ValueError:
            raise BadFile(path, f"{where}: expected a date YYYY-MM-DD") from None

    def amount(where: str, v: Any) -> Decimal:
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            raise BadFile(path, f"{where}: expected an amount")
        try:
            x = Decimal(str(v))
        except InvalidOperation:
            raise BadFile(path, f"{where}: expected an amount") from None
        if not x.is_finite() or not 0 < x <= MAX_AMOUNT:
            raise BadFile(path, f"{where}: expected an amount above 0 and up to {MAX_AMOUNT}")
        return x

    card_id = text("id", data.get("id"))
    currency = text("currency", data.get("currency"))
    source = text("source", data.get("source"))
    valid_from = date("valid_from", data.get("valid_from"))
    valid_to = date("valid_to", data["valid_to"]) if data.get("valid_to") else None
    rows = data.get("lines")
    if not isinstance(rows, list) or not rows:
        raise BadFile(path, "lines: expected a list of jobs")
    lines: dict[str, WageLine] = {}
    for i, row in enumerate(rows):
        where = f"lines.{i}"
        if not isinstance(row, dict):
            raise BadFile(path, f"{where}: expected a mapping")
        lid = text(f"{where}.id", row.get("id"))
        where = f"lines.{lid}"
        if lid in lines:
            raise BadFile(path, f"{where}: the id is used twice")
        basis = row.get("basis")
        if basis not in BASES:
            raise BadFile(path, f"{where}.basis: expected one of {', '.join(BASES)}")
        category = row.get("category", "technician")
        if category not in CATEGORIES:
            raise BadFile(path, f"{where}.category: expected one of {', '.join(CATEGORIES)}")
        hours = amount(f"{where}.hours", row.get("hours"))
        if hours > 80:
            raise BadFile(path, f"{where}.hours: expected at most 80")
        verified = row.get("verified")
        if not isinstance(verified, bool):
            raise BadFile(path, f"{where}.verified: expected true or false")
        note = text(f"{where}.note", row.get("note"), required=not verified)
        note_fr = text(f"{where}.note_fr", row.get("note_fr"), required=not verified)
        hb = row.get("hourly_base")
        line = WageLine(
            id=lid,
            title_fr=text(f"{where}.title_fr", row.get("title_fr")),
            title_en=text(f"{where}.title_en", row.get("title_en")),
            category=str(category),
            basis=str(basis),
            hours=hours,
            amount=amount(f"{where}.amount", row.get("amount")),
            currency=text(f"{where}.currency", row.get("currency", currency)),
            source=text(f"{where}.source", row.get("source", source)),
            valid_from=date(f"{where}.valid_from", row.get("valid_from", valid_from)),
            verified=verified,
            note=note,
            hourly_base=amount(f"{where}.hourly_base", hb) if hb is not None else None,
            note_fr=note_fr,
        )
        if row.get("check") is not None:
            _check(path, where, line, row["check"], amount)
        lines[lid] = line
    return WageCard(
        id=card_id,
        title_fr=text("title_fr", data.get("title_fr")),
        title_en=text("title_en", data.get("title_en")),
        agreement=text("agreement", data.get("agreement")),
        valid_from=valid_from,
        valid_to=valid_to,
        currency=currency,
        source=source,
        path=path,
        lines=lines,
        missing=text("missing", data.get("missing"), required=False),
        missing_fr=text("missing_fr", data.get("missing_fr"), required=False),
    )


def weekly_at(line: WageLine, hours: Decimal) -> Decimal:
    """The weekly minimum of ``line`` on another weekly basis, hours over 35 at +25 %."""
    base = hourly(line)
    over = max(hours - 35, Decimal(0))
    return ((min(hours, Decimal(35)) + over * Decimal("1.25")) * base).quantize(CENT, ROUND_HALF_UP)


def hourly(line: WageLine) -> Decimal:
    """The base hourly rate of ``line``: stated by the grid, or the amount over its hours with
    the hours over 35 counted at +25 % (a 39-hour week is 35 + 4 x 1.25 = 40 paid hours)."""
    if line.hourly_base is not None:
        return line.hourly_base
    over = max(line.hours - 35, Decimal(0))
    return line.amount / (min(line.hours, Decimal(35)) + over * Decimal("1.25"))


def _check(path: Path, where: str, line: WageLine, check: Any, amount: Any) -> None:
    if not isinstance(check, dict) or line.basis != "week":
        raise BadFile(path, f"{where}.check: expected {{hours: 39, amount: ...}} on a weekly line")
    hours = amount(f"{where}.check.hours", check.get("hours"))
    want = amount(f"{where}.check.amount", check.get("amount"))
    got = weekly_at(line, hours)
    if abs(got - want) > CENT:
        raise BadFile(
            path,
            f"{where}: {line.amount} for {line.hours} h gives {got} for {hours} h, "
            f"not {want} as the grid states",
        )
