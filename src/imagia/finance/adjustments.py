"""Adjustments the accountant records beside the statements received (``adjustments.yaml``,
schema ``Adjustments.1``), each booked on the day it happens so that no closed period changes.

- ``lines``: a received line disputed (taken out from the day the dispute is raised), then
  resolved, ``accepted`` (counted again from the day of the decision) or ``rejected`` (stays out),
  always with a reason;
- ``reserves``: an amount of receipts held back against returns from a date, released on its
  release date;
- ``corrections``: a line the statements missed or got wrong, with its reason;
- ``findings``: an anomaly finding reviewed (``accepted`` as it is or ``rejected``), with a reason:
  its status becomes ``resolved``.

Each adjustment becomes one or two lines of source ``adjustments.yaml`` (row: its position,
counted over the file), so the audit trail reaches it like any statement row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from imagia.core.errors import BadFile
from imagia.core.textfile import is_file, load_yaml
from imagia.finance.contracts import CHANNELS, LINE_KINDS
from imagia.finance.lines import REASONS, Line
from imagia.finance.money import cents

NAME = "adjustments.yaml"
SCHEMA = "Adjustments.1"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _money(v: Any) -> Decimal:
    s = str(v).strip()
    try:
        d = Decimal(s)
    except ArithmeticError:
        raise ValueError(f"{s!r} is not an amount like 1234.56") from None
    if not d.is_finite() or d != cents(d) or "," in s:
        raise ValueError(f"{s!r} is not an amount like 1234.56 (at most two decimals)")
    return d


class Dispute(_M):
    line: str  # "statements/dist-2026-H1.csv:3"
    disputed: date
    reason: str = Field(min_length=1)
    decision: Literal["accepted", "rejected"] | None = None
    resolved: date | None = None
    resolution: str = ""


class Reserve(_M):
    id: str = Field(min_length=1)
    party: str
    channel: str
    territory: str
    amount: Decimal
    held: date
    release: date
    reason: str = Field(min_length=1)

    _amount = field_validator("amount", mode="before")(_money)


class Correction(_M):
    id: str = Field(min_length=1)
    party: str
    date: date
    kind: str
    channel: str
    territory: str
    amount: Decimal
    reason: str = Field(min_length=1)
    code: str | None = None  # the reason code a negative amount needs (return, correction...)

    _amount = field_validator("amount", mode="before")(_money)


class Review(_M):
    finding: str  # "duplicate-line@statements/dist-2025-H2.csv:3"
    decision: Literal["accepted", "rejected"]
    reason: str = Field(min_length=1)
    on: date

    @model_validator(mode="before")
    @classmethod
    def _on_key(cls, v: Any) -> Any:
        """YAML 1.1 reads an unquoted ``on:`` key as ``true``: it is the field ``on``."""
        if isinstance(v, dict) and True in v and "on" not in v:
            v = {("on" if k is True else k): x for k, x in v.items()}
        return v


class Adjustments(_M):
    schema_: Literal["Adjustments.1"] = Field(alias="schema")
    lines: list[Dispute] = Field(default_factory=list)
    reserves: list[Reserve] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    findings: list[Review] = Field(default_factory=list)


@dataclass
class Loaded:
    data: Adjustments
    lines: list[Line]


def load(root: Path, lines: list[Line], parties: list[str], currency: str) -> Loaded:
    """The adjustments of the work folder ``root`` and the lines they make (none without file)."""
    path = Path(root) / NAME
    if not is_file(path):
        return Loaded(Adjustments.model_validate({"schema": SCHEMA}), [])
    raw = load_yaml(path)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise BadFile(path, f"schema: expected {SCHEMA!r}")
    try:
        data = Adjustments.model_validate(raw)
    except ValidationError as exc:
        e = exc.errors()[0]
        msg = str(e["msg"]).removeprefix("Value error, ")
        raise BadFile(path, f"{'.'.join(map(str, e['loc']))}: {msg}") from None
    by_where = {ln.where: ln for ln in lines}
    out: list[Line] = []
    row = 0

    def add(ln: Line) -> None:
        out.append(ln)

    def bad(where: str, problem: str) -> BadFile:
        return BadFile(path, f"{where}: {problem}")

    for i, d in enumerate(data.lines):
        row += 1
        where = f"lines[{i}]"
        src = by_where.get(d.line)
        if src is None:
            raise bad(where, f"line {d.line!r} is not a line of a statement received")
        if (d.decision is None) != (d.resolved is None):
            raise bad(where, "a decision needs its date (resolved) and a date its decision")
        if d.resolved is not None and d.resolved < d.disputed:
            raise bad(where, f"resolved on {d.resolved}, before the dispute ({d.disputed})")
        note = f"dispute of {d.line}: {d.reason}"
        out_day = max(src.on, d.disputed)
        add(_mirror(src, row, out_day, -1, note))
        if d.decision == "accepted" and d.resolved is not None:
            add(_mirror(src, row, max(src.on, d.resolved), 1, f"{note}; accepted: {d.resolution}"))
    for i, r in enumerate(data.reserves):
        row += 1
        where = f"reserves[{i}] ({r.id})"
        _check(bad, where, r.party, r.channel, "receipt", parties)
        if r.amount <= 0:
            raise bad(where, f"amount {r.amount}: a reserve holds back a positive amount")
        if r.release <= r.held:
            raise bad(where, f"released on {r.release}, not after it is held ({r.held})")
        terr = r.territory.upper()
        for day, sign, what in ((r.held, -1, "held"), (r.release, 1, "released")):
            add(
                _line(
                    row,
                    r.party,
                    day,
                    r.channel,
                    terr,
                    "receipt",
                    sign * r.amount,
                    currency,
                    reason="return",
                    description=f"reserve {r.id} {what} (release {r.release}): {r.reason}",
                    ref=r.id,
                )
            )
    for i, c in enumerate(data.corrections):
        row += 1
        where = f"corrections[{i}] ({c.id})"
        _check(bad, where, c.party, c.channel, c.kind, parties)
        if c.amount < 0 and c.code not in REASONS:
            raise bad(where, f"a negative amount needs a code: {', '.join(REASONS)}")
        add(
            _line(
                row,
                c.party,
                c.date,
                c.channel,
                c.territory.upper(),
                c.kind,
                c.amount,
                currency,
                reason=c.code or "correction",
                description=f"correction {c.id}: {c.reason}",
                ref=c.id,
            )
        )
    return Loaded(data, out)


def key(ln: Line) -> str:
    """How a closing statement records an adjustment line it covered (see work.py)."""
    return f"{NAME}#{ln.ref}:{ln.date.isoformat()}:{ln.amount}"


def _line(
    row: int,
    party: str,
    day: date,
    channel: str,
    territory: str,
    kind: str,
    amount: Decimal,
    currency: str,
    **more: Any,
) -> Line:
    return Line(NAME, row, party, day, channel, territory, kind, amount, currency, amount, **more)


def _mirror(src: Line, row: int, day: date, sign: int, note: str) -> Line:
    """A line that takes ``src`` out (sign -1) or puts it back (+1) on ``day``."""
    ln = _line(
        row,
        src.party,
        day,
        src.channel,
        src.territory,
        src.kind,
        sign * src.original,
        src.currency,
        reason="correction",
        description=note,
        ref=src.where,
    )
    ln.amount, ln.rate = sign * src.amount, src.rate
    return ln


def _check(bad: Any, where: str, party: str, channel: str, kind: str, parties: list[str]) -> None:
    if party not in parties:
        raise bad(where, f"unknown party {party!r} ({', '.join(parties)})")
    if channel not in CHANNELS:
        raise bad(where, f"{channel!r} is not a channel ({', '.join(CHANNELS)})")
    if kind not in LINE_KINDS:
        raise bad(where, f"{kind!r} is not a line kind ({', '.join(LINE_KINDS)})")


def add_review(root: Path, finding: str, decision: str, reason: str, on: date) -> Review:
    """Record a finding reviewed (accepted or rejected, with a reason) in ``adjustments.yaml``,
    appended to the file as written (comments and earlier entries kept); a finding is reviewed
    once."""
    import yaml

    from imagia.core.provenance import atomic_write
    from imagia.core.textfile import parse_yaml, read_text

    path = Path(root) / NAME
    try:
        new = Review.model_validate(
            {"finding": finding, "decision": decision, "reason": reason.strip(), "on": on}
        )
    except ValidationError as exc:
        e = exc.errors()[0]
        msg = str(e["msg"]).removeprefix("Value error, ")
        raise BadFile(path, f"findings: {'.'.join(map(str, e['loc']))}: {msg}") from None
    text = read_text(path) if is_file(path) else f"schema: {SCHEMA}\n"
    if is_file(path):
        raw = load_yaml(path)
        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
            raise BadFile(path, f"schema: expected {SCHEMA!r}")
        old = raw.get("findings") or []
        if any(isinstance(r, dict) and r.get("finding") == finding for r in old):
            raise BadFile(path, f"findings: {finding!r} was already reviewed")
    item = yaml.safe_dump(
        {"finding": finding, "decision": decision, "reason": new.reason, "on": on.isoformat()},
        default_flow_style=True,
        allow_unicode=True,
        width=10_000,
    ).strip()
    lines = text.rstrip("\n").split("\n")
    tops = [i for i, ln in enumerate(lines) if ln and not ln[0].isspace() and ln[0] not in "#-"]
    at = next((i for i in tops if lines[i].split(":")[0].strip() == "findings"), None)
    if at is None:
        out = f"{text.rstrip(chr(10))}\nfindings:\n  - {item}\n"
    elif at == tops[-1] and lines[at].strip() == "findings:":
        items = [ln for ln in lines[at + 1 :] if ln.lstrip().startswith("- ")]
        indent = (len(items[0]) - len(items[0].lstrip())) if items else 2
        out = "\n".join(lines) + f"\n{' ' * indent}- {item}\n"
    else:  # findings written another way (flow style, not last): the file is written anew
        raw = load_yaml(path)
        raw["findings"] = [*(raw.get("findings") or []), parse_yaml(item, path, "YAML")]
        out = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    try:
        check = Adjustments.model_validate(parse_yaml(out, path, "YAML"))
    except (ValidationError, BadFile) as exc:  # never leave a broken file
        raise BadFile(path, f"findings: could not add the review ({exc})") from None
    assert check.findings[-1] == new
    with atomic_write(path) as fh:
        fh.write(out)
    return new
