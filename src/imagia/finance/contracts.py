"""A work's contracts as data (schema ``Contract.1``), validated with errors naming file and field.

One YAML/JSON file per work: the parties, the agreements that grant rights (channel, territory,
window) with their terms (distribution fees by channel and tier, recoupable expenses and their
cap, minimum guarantee or flat licence fee and when it is paid), the authors' remuneration
(percentage of the producer's net receipts with an advance), and the producer's recoupment plan
(corridors, priorities, pari passu shares) with what it excludes (public support, tax credits).
"""

from __future__ import annotations

import graphlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from imagia.core.errors import BadFile, ImagiaError
from imagia.core.textfile import is_file, parse_json, parse_yaml, read_text
from imagia.finance.money import CURRENCIES, check_amount
from imagia.finance.periods import FREQUENCIES

SCHEMA = "Contract.1"
CHANNELS = (
    "theatrical",
    "video",
    "tvod",
    "svod",
    "avod",
    "free_tv",
    "pay_tv",
    "non_commercial",
    "international",
    "other",
)
ROLES = (
    "producer",
    "coproducer",
    "distributor",
    "sales_agent",
    "broadcaster",
    "platform",
    "author",
    "financier",
    "public_body",
)
LINE_KINDS = (
    "receipt",
    "expense",
    "fee",
    "remittance",
    "total",
    "public_support",
    "tax_credit",
    "public_price",
)
WORLD = "WW"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _years(cls, v: Any) -> Any:
        """Dates from 1900 to 2999 (periods and windows are computed around them)."""
        if isinstance(v, date) and not 1900 <= v.year <= 2999:
            raise ValueError(f"date {v} outside the years 1900 to 2999")
        return v


def _rate(v: Any) -> Decimal:
    """``0.25``, ``"25%"``, ``"0.25"`` or ``"1/3"`` as a Decimal fraction in [0, 1]."""
    s = str(v).strip()
    try:
        if "/" in s:
            num, _, den = s.partition("/")
            d = Decimal(num.strip()) / Decimal(den.strip())
        else:
            d = Decimal(s[:-1].strip()) / 100 if s.endswith("%") else Decimal(s)
    except (ArithmeticError, ValueError):
        raise ValueError(f"not a rate: {_short(v)} (write 25%, 0.25 or 1/3)") from None
    if not d.is_finite() or not Decimal(0) <= d <= Decimal(1):
        raise ValueError(f"rate {_short(v)} outside 0..100%")
    return d


def _short(v: Any) -> str:
    """``v`` for a message, cut to a readable length."""
    r = repr(v)
    return r if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _decimal(v: Any) -> Decimal:
    """A number or numeric text as a Decimal; ValueError (what pydantic reports) otherwise."""
    if isinstance(v, bool) or not isinstance(v, int | float | str | Decimal):
        raise ValueError(f"not a number: {_short(v)}")
    if isinstance(v, str) and len(v) > 60:
        raise ValueError(f"not a number: {_short(v)}")
    try:
        return Decimal(repr(v) if isinstance(v, float) else v)
    except ArithmeticError:
        raise ValueError(f"not a number: {_short(v)}") from None


def _money(v: Any) -> Decimal:
    d = _decimal(v)
    try:
        check_amount(d)
    except ValueError as exc:
        raise ValueError(f"{_short(v)}: {exc}") from None
    if d < 0:
        raise ValueError(f"negative amount {v!r} not allowed here")
    return d


class Work(_M):
    id: str
    title: str
    original_title: str | None = None
    release: date
    currency: str = "EUR"
    country: str = "FR"

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        if v.upper() not in CURRENCIES:
            raise ValueError(f"unknown currency {v!r} (ISO 4217)")
        return v.upper()


class Party(_M):
    id: str
    name: str
    role: Literal[
        "producer",
        "coproducer",
        "distributor",
        "sales_agent",
        "broadcaster",
        "platform",
        "author",
        "financier",
        "public_body",
    ]
    lang: Literal["fr", "en"] = "fr"
    address: str | None = None
    # Added to what is due to them (VAT they invoice) / withheld from it (tax at source).
    vat: Decimal | None = None
    withholding: Decimal | None = None
    _v = field_validator("vat", "withholding", mode="before")(
        classmethod(lambda cls, v: None if v is None else _rate(v))
    )


class FeeTier(_M):
    """Distribution fee on gross receipts of ``channel`` (``*``: every channel) from
    ``from_gross`` (cumulative gross of that channel) on."""

    channel: str = "*"
    rate: Decimal
    from_gross: Decimal = Decimal(0)
    _r = field_validator("rate", mode="before")(classmethod(lambda cls, v: _rate(v)))
    _f = field_validator("from_gross", mode="before")(classmethod(lambda cls, v: _money(v)))


class Payment(_M):
    date: date
    amount: Decimal
    channel: str | None = None
    _a = field_validator("amount", mode="before")(classmethod(lambda cls, v: _money(v)))


class Agreement(_M):
    """Rights granted to ``party`` and the financial terms of the grant."""

    id: str
    party: str
    kind: Literal["distribution", "sales", "licence"] = "distribution"
    channels: list[str]
    territories: list[str] = Field(default_factory=lambda: ["FR"])
    exclude_territories: list[str] = Field(default_factory=list)
    start: date
    end: date | None = None
    currency: str = "EUR"
    fees: list[FeeTier] = Field(default_factory=list)
    expenses_cap: Decimal | None = None
    mg: Decimal = Decimal(0)
    payments: list[Payment] = Field(default_factory=list)
    reporting: Literal["none", "annual", "semiannual", "quarterly", "monthly"] = "semiannual"
    clause: str | None = None
    # Cross-collateralisation: the pool (named alike in each work's contract of the catalogue)
    # whose minimum guarantees this agreement's receipts recoup beyond its own.
    cross_pool: str | None = Field(None, min_length=1, max_length=80)
    _c = field_validator("expenses_cap", "mg", mode="before")(
        classmethod(lambda cls, v: None if v is None else _money(v))
    )

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if c not in CHANNELS]
        if bad:
            raise ValueError(f"unknown channel {bad[0]!r} (valid: {', '.join(CHANNELS)})")
        return v

    def grants(self, channel: str, territory: str) -> bool:
        t_ok = (WORLD in self.territories or territory in self.territories) and (
            territory not in self.exclude_territories
        )
        return channel in self.channels and t_ok

    def in_window(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


class Share(_M):
    party: str
    share: Decimal
    _s = field_validator("share", mode="before")(classmethod(lambda cls, v: _rate(v)))


class Step(_M):
    """One step of the recoupment plan: takes ``rate`` of what reaches it (cumulatively), up to
    ``cap``, split pari passu between ``shares``; the rest flows to the next step."""

    id: str
    kind: Literal["corridor", "priority", "split"]
    label: str | None = None
    rate: Decimal = Decimal(1)
    cap: Decimal | None = None
    shares: list[Share]
    after: list[str] = Field(default_factory=list)
    # A financier's premium on top of its investment (the cap): an amount, or "20%" of the cap.
    premium: Decimal | None = None
    _r = field_validator("rate", mode="before")(classmethod(lambda cls, v: _rate(v)))
    _c = field_validator("cap", mode="before")(
        classmethod(lambda cls, v: None if v is None else _money(v))
    )

    @field_validator("premium", mode="before")
    @classmethod
    def _premium(cls, v: Any, info: Any) -> Decimal | None:
        if v is None:
            return None
        cap = info.data.get("cap")
        if cap is None:
            raise ValueError("a premium is on top of an investment: give the step a cap")
        if isinstance(v, str) and v.strip().endswith("%"):
            return _money((cap * _rate(v)).quantize(Decimal("0.01")))
        return _money(v)


class Remuneration(_M):
    """An author's (or other) percentage, with an advance: of the producer's net receipts
    (``base: rnpp``), or of the public price reported per channel (``base: public_price``,
    ``public_price`` lines), with a rate per channel where the contract sets one."""

    id: str
    party: str
    rate: Decimal
    base: Literal["rnpp", "public_price"] = "rnpp"
    channels: list[str] | None = None
    channel_rates: dict[str, Decimal] = Field(default_factory=dict)
    advance: Decimal = Decimal(0)
    payer: str
    agreements: list[str] | None = None
    clause: str | None = None
    _r = field_validator("rate", mode="before")(classmethod(lambda cls, v: _rate(v)))
    _a = field_validator("advance", mode="before")(classmethod(lambda cls, v: _money(v)))

    @field_validator("channel_rates", mode="before")
    @classmethod
    def _crates(cls, v: Any) -> dict[str, Decimal]:
        if not isinstance(v, dict):
            raise ValueError("channel_rates maps a channel to a rate")
        return {str(k): _rate(x) for k, x in v.items()}

    @field_validator("channels")
    @classmethod
    def _chans(cls, v: list[str] | None) -> list[str] | None:
        bad = [c for c in v or [] if c not in CHANNELS]
        if bad:
            raise ValueError(f"unknown channel {bad[0]!r} (valid: {', '.join(CHANNELS)})")
        return v


class Rate(_M):
    currency: str
    date: date
    rate: Decimal
    source: str | None = None

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        if v.upper() not in CURRENCIES:
            raise ValueError(f"unknown currency {v!r} (ISO 4217)")
        return v.upper()

    @field_validator("rate", mode="before")
    @classmethod
    def _pos(cls, v: Any) -> Decimal:
        d = _decimal(v)
        if not d.is_finite() or d <= 0 or d >= 10**9:
            raise ValueError("a rate must be positive (and under a billion)")
        return d


class Waterfall(_M):
    owner: str
    exclude: list[Literal["public_support", "tax_credit"]] = Field(
        default_factory=lambda: ["public_support", "tax_credit"]  # type: ignore[arg-type]
    )
    remunerations: list[Remuneration] = Field(default_factory=list)
    steps: list[Step]


class Accounting(_M):
    frequency: Literal["annual", "semiannual", "quarterly", "monthly"] = "semiannual"
    first_period: str | None = None
    # Days between a statement's date and the payment of what it says is due (None: not shown).
    payment_days: int | None = Field(None, ge=0, le=365)


class Contract(_M):
    schema_: Literal["Contract.1"] = Field(alias="schema")
    work: Work
    parties: list[Party]
    agreements: list[Agreement]
    waterfall: Waterfall
    rates: list[Rate] = Field(default_factory=list)
    accounting: Accounting = Accounting()
    metadata: dict[str, Any] = Field(default_factory=dict)

    def party(self, pid: str) -> Party:
        for p in self.parties:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def party_ids(self) -> list[str]:
        return [p.id for p in self.parties]

    def ordered_steps(self) -> list[Step]:
        """Steps in recoupment order: the listed order, moved where ``after`` requires.
        Raises ``graphlib.CycleError`` on a circular order."""
        steps = self.waterfall.steps
        graphlib.TopologicalSorter({s.id: s.after for s in steps}).prepare()
        done: set[str] = set()
        order: list[Step] = []
        left = list(steps)
        while left:
            nxt = next(s for s in left if all(a in done for a in s.after))
            order.append(nxt)
            done.add(nxt.id)
            left.remove(nxt)
        return order


def _loc(loc: tuple[Any, ...], raw: dict[str, Any]) -> str:
    """``agreements.distfr.fees.0.rate``: list items named by their id where they have one
    (dots, not brackets: a terminal would read ``[id]`` as markup)."""
    out = ""
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = item.get("id") if isinstance(item, dict) else None
            out += f".{name or part}"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def parse(raw: Any, path: Path | str = "<contract>") -> Contract:
    """Validate a contract mapping; every error names the file and the field."""
    if not isinstance(raw, dict):
        raise BadFile(path, "a contract file must be a mapping with schema: Contract.1")
    if raw.get("schema") != SCHEMA:
        raise BadFile(path, f"schema: expected {SCHEMA!r}, found {raw.get('schema')!r}")
    try:
        c = Contract.model_validate(raw)
    except ValidationError as exc:
        e = exc.errors()[0]
        msg = str(e["msg"]).removeprefix("Value error, ")
        raise BadFile(path, f"{_loc(tuple(e['loc']), raw)}: {msg}") from None
    _check_refs(c, path)
    return c


def _check_refs(c: Contract, path: Path | str) -> None:
    ids = c.party_ids()

    def need(pid: str, where: str) -> None:
        if pid not in ids:
            raise BadFile(
                path, f"{where}: unknown party {pid!r}", hint=f"parties: {', '.join(ids)}"
            )

    seen: set[str] = set()
    for p in c.parties:
        if p.id in seen:
            raise BadFile(path, f"parties.{p.id}: party id declared twice")
        seen.add(p.id)
    for a in c.agreements:
        need(a.party, f"agreements.{a.id}.party")
        if a.currency not in CURRENCIES:
            raise BadFile(path, f"agreements.{a.id}.currency: unknown currency {a.currency!r}")
        for i, f in enumerate(a.fees):
            if f.channel != "*" and f.channel not in a.channels:
                raise BadFile(
                    path,
                    f"agreements.{a.id}.fees.{i}.channel: {f.channel!r} is "
                    "not a channel of this agreement",
                )
        if a.kind == "licence" and a.fees:
            raise BadFile(path, f"agreements.{a.id}.fees: a flat licence takes no fee")
        if a.cross_pool is not None and a.kind == "licence":
            raise BadFile(
                path,
                f"agreements.{a.id}.cross_pool: a flat licence has no minimum guarantee "
                "to cross-collateralise",
            )
        paid = sum((p.amount for p in a.payments), Decimal(0))
        if a.kind != "licence" and a.payments and paid != a.mg:
            raise BadFile(
                path,
                f"agreements.{a.id}.payments: they add up to {paid}, "
                f"the minimum guarantee (mg) is {a.mg}",
            )
    w = c.waterfall
    need(w.owner, "waterfall.owner")
    for r in w.remunerations:
        need(r.party, f"waterfall.remunerations.{r.id}.party")
        need(r.payer, f"waterfall.remunerations.{r.id}.payer")
        if r.base == "rnpp" and (r.channels or r.channel_rates):
            raise BadFile(
                path,
                f"waterfall.remunerations.{r.id}.channel_rates: rates per "
                "channel apply to base: public_price",
            )
        if r.base == "public_price" and r.agreements:
            raise BadFile(
                path,
                f"waterfall.remunerations.{r.id}.agreements: a public-price "
                "base is chosen by channels, not agreements",
            )
        for ch in r.channel_rates:
            if ch not in CHANNELS:
                raise BadFile(
                    path, f"waterfall.remunerations.{r.id}.channel_rates: unknown channel {ch!r}"
                )
        for aid in r.agreements or []:
            if aid not in {a.id for a in c.agreements}:
                raise BadFile(
                    path, f"waterfall.remunerations.{r.id}.agreements: unknown agreement {aid!r}"
                )
    step_ids = [s.id for s in w.steps]
    if len(set(step_ids)) != len(step_ids):
        raise BadFile(path, "waterfall.steps: step ids must be unique")
    for s in w.steps:
        for sh in s.shares:
            need(sh.party, f"waterfall.steps.{s.id}.shares")
        total = sum((sh.share for sh in s.shares), Decimal(0))
        if abs(total - 1) > Decimal("1e-12"):  # thirds written 1/3 add up to 0.999...
            raise BadFile(path, f"waterfall.steps.{s.id}.shares: they add up to {total}, not 100%")
        for dep in s.after:
            if dep not in step_ids:
                raise BadFile(path, f"waterfall.steps.{s.id}.after: unknown step {dep!r}")
    try:
        c.ordered_steps()
    except graphlib.CycleError as exc:
        cycle = " -> ".join(exc.args[1]) if len(exc.args) > 1 else "?"
        raise BadFile(path, f"waterfall.steps: circular recoupment order ({cycle})") from None
    if c.accounting.first_period:
        from imagia.finance.periods import parse as parse_period

        try:
            parse_period(c.accounting.first_period)
        except ImagiaError:
            raise BadFile(
                path,
                f"accounting.first_period: {c.accounting.first_period!r} is "
                "not a period like 2025-H1",
            ) from None
    assert c.accounting.frequency in FREQUENCIES


def load(path: Path) -> Contract:
    """Read and validate a contract file (YAML or JSON)."""
    path = Path(path)
    if not is_file(path):
        raise BadFile(path, "file not found")
    text = read_text(path)
    raw = parse_json(text, path) if path.suffix == ".json" else parse_yaml(text, path, "YAML/JSON")
    return parse(raw, path)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``Contract.1`` (for editors and other tools)."""
    return Contract.model_json_schema(by_alias=True)
