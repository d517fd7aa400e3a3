"""Revenue and expense lines imported from distributors' statements (CSV or XLSX) through a
column mapping saved once per distributor (schema ``Mapping.1``).

Every line keeps its source file and row, so each figure of the waterfall can be traced back to
it. Errors name the file and the row or the field.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from imagia.core.errors import BadFile
from imagia.core.textfile import is_file, load_yaml, read_bytes, read_text
from imagia.core.xlsx import read_sheet
from imagia.finance.contracts import CHANNELS, LINE_KINDS
from imagia.finance.money import CURRENCIES, Rates, cents, column_rule, parse_amount

MAPPING_SCHEMA = "Mapping.1"
FIELDS = (
    "date",
    "amount",
    "kind",
    "channel",
    "territory",
    "currency",
    "reason",
    "description",
    "ref",
    "work",
)
REQUIRED = ("date", "amount", "kind", "channel", "territory", "currency")
# Why an amount may be negative: a correction of an earlier line, returned copies, a refund.
REASONS = ("return", "refund", "correction", "chargeback", "cancellation")


class Mapping(BaseModel):
    """How one distributor's statement columns map to imagia's line fields."""

    model_config = ConfigDict(extra="forbid")
    schema_: str = Field(alias="schema")
    id: str
    party: str
    columns: dict[str, str] = Field(default_factory=dict)
    constants: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    skip_kinds: list[str] = Field(default_factory=list)
    date_format: str = "%Y-%m-%d"
    decimal_comma: bool | None = None
    rounding: bool = False  # amounts with more than two decimals: rounded (half up), not refused
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    sheet: str | None = None
    header_row: int = Field(1, ge=1, le=10_000)

    @field_validator("delimiter")
    @classmethod
    def _delimiter(cls, v: str) -> str:
        if len(v) != 1 or v in '\r\n"':
            raise ValueError(f"the delimiter is one character, not {v!r}")
        return v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str) -> str:
        try:
            info = codecs.lookup(v)
        except (LookupError, ValueError):
            raise ValueError(f"unknown encoding {v!r} (utf-8, cp1252, latin-1...)") from None
        if not getattr(info, "_is_text_encoding", True):
            raise ValueError(f"{v!r} is not a text encoding")
        return v


_Day = date  # the type, under a name the field ``Line.date`` does not hide


@dataclass(slots=True)
class Line:
    """One normalised line; ``amount`` is in the work's currency, ``original`` as stated."""

    source: str
    row: int
    party: str
    date: date
    channel: str
    territory: str
    kind: str
    original: Decimal
    currency: str
    amount: Decimal
    rate: Decimal | None = None
    reason: str | None = None
    description: str = ""
    ref: str = ""
    period: str | None = None
    # The day the line counts from when it was reported late (dated in a period already
    # closed, or before the period of the statement that reports it); None: its own date.
    booked: _Day | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.row}"

    @property
    def on(self) -> _Day:
        """The date the line is accounted on: its booking date if it came late, else its date."""
        return self.booked or self.date

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "row": self.row,
            "party": self.party,
            "date": self.date.isoformat(),
            "channel": self.channel,
            "territory": self.territory,
            "kind": self.kind,
            "original": str(self.original),
            "currency": self.currency,
            "amount": str(self.amount),
            "rate": None if self.rate is None else str(self.rate),
            "reason": self.reason,
            "description": self.description,
            "ref": self.ref,
            "period": self.period,
            "booked": None if self.booked is None else self.booked.isoformat(),
        }


def load_mapping(path: Path) -> Mapping:
    path = Path(path)
    if not is_file(path):
        raise BadFile(path, "mapping file not found")
    raw = load_yaml(path)
    if not isinstance(raw, dict) or raw.get("schema") != MAPPING_SCHEMA:
        raise BadFile(path, f"schema: expected {MAPPING_SCHEMA!r}")
    try:
        m = Mapping.model_validate(raw)
    except ValidationError as exc:
        e = exc.errors()[0]
        msg = str(e["msg"]).removeprefix("Value error, ")
        raise BadFile(path, f"{'.'.join(map(str, e['loc']))}: {msg}") from None
    for f in list(m.columns) + list(m.constants):
        if f not in FIELDS:
            raise BadFile(
                path, f"columns: unknown field {f!r}", hint=f"fields: {', '.join(FIELDS)}"
            )
    missing = [f for f in REQUIRED if f not in m.columns and f not in m.constants]
    if missing:
        raise BadFile(path, f"field {missing[0]!r} has neither a column nor a constant")
    return m


def _rows(path: Path, m: Mapping) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a person sees it, {header: value}) for each data row; the file is read
    whole first, so anything wrong with it is a BadFile before the first row."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = read_sheet(path, m.sheet, min_row=m.header_row)
        header = [str(h).strip() if h is not None else "" for h in (table[0] if table else ())]
        yield 0, {h: h for h in header}
        for n, values in enumerate(table[1:], start=m.header_row + 1):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            yield n, dict(zip(header, values, strict=False))
        return
    text = _statement_text(path, m)
    lines = io.StringIO(text, newline="")
    for _ in range(m.header_row - 1):
        next(lines, None)
    reader = csv.reader(lines, delimiter=m.delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise BadFile(path, f"line {reader.line_num}: not readable CSV ({exc})") from None
    names = [h.strip() for h in (records[0] if records else [])]
    yield 0, {h: h for h in names}
    for n, cells in enumerate(records[1:], start=m.header_row + 1):
        if not any(v.strip() for v in cells):
            continue
        yield n, dict(zip(names, cells, strict=False))


def _statement_text(path: Path, m: Mapping) -> str:
    """A CSV statement's text: UTF-8, UTF-16 or Windows-1252 when the mapping keeps the default
    encoding, else the mapping's encoding."""
    if codecs.lookup(m.encoding).name in ("utf-8", "utf-8-sig"):
        return read_text(path)
    data = read_bytes(path)
    try:
        return data.decode(m.encoding)
    except UnicodeDecodeError:
        raise BadFile(path, f"not {m.encoding} text; set encoding in the mapping") from None


def _short(v: Any) -> str:
    """``v`` for a message, cut to a readable length."""
    r = repr(v)
    return r if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _date(v: Any, fmt: str) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return datetime.strptime(str(v).strip(), fmt).date()


def _names(header: list[str]) -> str:
    """A file's column names on one line (a quoted name may hold line breaks), cut at 300."""
    text = ", ".join(" ".join(str(h).split()) for h in header) or "none"
    return text if len(text) <= 300 else text[:300] + "..."


def read_statement(
    path: Path,
    mapping: Mapping,
    rates: Rates | None = None,
    mapping_path: Path | str = "mapping",
    period: str | None = None,
    source: str | None = None,
    works: dict[str, str] | None = None,
    keep: str | None = None,
) -> list[Line]:
    """Read one statement file into lines, converting to ``rates.base`` when given.

    A statement covering many works maps a ``work`` column (id or title, translated by
    ``values.work`` like any field): ``works`` gives the known names (name -> work id; a row of
    another work is an error naming it) and ``keep`` the work whose lines are returned."""
    path = Path(path)
    if not is_file(path):
        raise BadFile(path, "statement file not found")
    src = source or path.name
    rows = _rows(path, mapping)
    _, head = next(rows, (0, {}))
    header = list(head)
    for fld, col in mapping.columns.items():
        if col not in header:
            raise BadFile(
                path,
                f"column {col!r} (field {fld!r} in {mapping_path}) not found",
                hint=f"columns in the file: {_names(header)}",
            )
    known = set(mapping.columns.values()) | set(mapping.ignore)
    unmapped = [h for h in header if h and h not in known]
    if unmapped:
        raise BadFile(
            path,
            f"column {unmapped[0]!r} is not mapped by {mapping_path}",
            hint="map it under columns or list it under ignore",
        )
    cols = mapping.columns
    consts = mapping.constants
    values = mapping.values
    body = list(rows)
    amounts = [
        (n, r.get(cols["amount"]) if "amount" in cols else consts.get("amount")) for n, r in body
    ]
    decimal_comma, problem = column_rule(amounts, mapping.decimal_comma)
    if problem:
        raise BadFile(path, f"amount (column {cols.get('amount', 'constant')!r}): {problem}")
    out: list[Line] = []
    for n, row in body:

        def get(fld: str, row: dict[str, Any] = row, n: int = n) -> Any:
            v = row.get(cols[fld]) if fld in cols else consts.get(fld)
            if isinstance(v, str):
                v = v.strip()
            if fld in values and v is not None and str(v) in values[fld]:
                v = values[fld][str(v)]
            return v

        def bad(fld: str, problem: str, n: int = n) -> BadFile:
            col = cols.get(fld, f"constant {fld}")
            return BadFile(path, f"row {n}, {fld} (column {col!r}): {problem}")

        if works is not None and ("work" in cols or "work" in consts):
            name = str(get("work") or "")
            wid = works.get(name)
            if wid is None:
                names = ", ".join(sorted(set(works.values())))
                raise bad("work", f"unknown work {name!r} (works: {names})")
            if keep is not None and wid != keep:
                continue
        kind = str(get("kind") or "")
        if kind in mapping.skip_kinds:
            continue
        if kind not in LINE_KINDS:
            raise bad(
                "kind",
                f"{kind!r} is not a line kind; map it under values.kind "
                f"to one of {', '.join(LINE_KINDS)}",
            )
        raw_amount = get("amount")
        try:
            exact = parse_amount(raw_amount, decimal_comma)
            amount = cents(exact)
        except (ValueError, ArithmeticError) as exc:
            why = "" if "not an amount" in str(exc) else f" ({exc})"
            raise bad("amount", f"{_short(raw_amount)} is not an amount{why}") from None
        if amount != exact and not mapping.rounding:
            raise bad(
                "amount",
                f"{_short(raw_amount)} has more than two decimals; set rounding: true in the "
                "mapping to round it to the cent",
            )
        try:
            d = _date(get("date"), mapping.date_format)
        except (ValueError, TypeError):
            raise bad(
                "date", f"{_short(get('date'))} does not match {mapping.date_format}"
            ) from None
        if not 1900 <= d.year <= 2999:
            raise bad("date", f"{d} is outside the years 1900 to 2999")
        channel = str(get("channel") or "")
        if channel not in CHANNELS:
            raise bad(
                "channel",
                f"{channel!r} is not a channel; map it under values.channel "
                f"to one of {', '.join(CHANNELS)}",
            )
        territory = str(get("territory") or "").upper()
        if not territory:
            raise bad("territory", "empty")
        currency = str(get("currency") or "").upper()
        if currency not in CURRENCIES:
            raise bad("currency", f"unknown currency {currency!r} (ISO 4217)")
        reason = get("reason") or None
        if reason is not None and reason not in REASONS:
            raise bad("reason", f"{reason!r} is not a reason code ({', '.join(REASONS)})")
        if amount < 0 and reason is None:
            raise bad(
                "amount", f"negative {kind} {amount} without a reason code ({', '.join(REASONS)})"
            )
        if amount < 0 and kind in ("remittance", "total", "fee"):
            raise bad("amount", f"a {kind} cannot be negative ({amount})")
        base_amount, rate = amount, None
        if rates is not None:
            try:
                base_amount, r = rates.convert(amount, currency, d)
            except Exception as exc:
                raise bad("currency", str(exc)) from None
            rate = r.rate if r else None
        out.append(
            Line(
                src,
                n,
                mapping.party,
                d,
                channel,
                territory,
                kind,
                amount,
                currency,
                base_amount,
                rate,
                reason,
                str(get("description") or ""),
                str(get("ref") or ""),
                period,
            )
        )
    return out


def write_lines_csv(lines: list[Line], fh: Any) -> None:
    """Normalised lines as CSV (one row per line, with its source file and row)."""
    w = csv.writer(fh)
    cols = [
        "source",
        "row",
        "party",
        "date",
        "channel",
        "territory",
        "kind",
        "original",
        "currency",
        "amount",
        "rate",
        "reason",
        "description",
        "ref",
        "period",
        "booked",
    ]
    w.writerow(cols)
    for ln in lines:
        d = ln.to_dict()
        w.writerow(["" if d[c] is None else d[c] for c in cols])
