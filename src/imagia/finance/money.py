"""Money: decimals, the rounding rule, currencies and explicit conversion rates.

Rounding rule (documented in docs/finance.md):

- amounts read from statements are parsed exactly and rounded to the cent (half-up);
- an amount in another currency is converted line by line with the rate in force on the line's
  date (the latest rate dated on or before it), then rounded to the cent (half-up);
- every percentage a clause applies (fee, corridor, share, author's rate) is computed exactly on
  the cumulative base and rounded to the cent (half-up); what a clause does not take passes on
  to the next one, so the cents always add up;
- pari passu splits give each share its amount rounded down to the cent, then the cents left go
  one by one to the largest remainders (ties: the order of the contract), so shares add up exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from imagia.core.errors import BadValue

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount a statement or contract may state (a thousand billion): every sum and
# rounding of the waterfall then stays within Decimal's 28 significant digits.
MAX_AMOUNT = Decimal(10) ** 12

# ISO 4217 codes accepted in statements and rates (the currencies film statements use).
_ISO = (
    "EUR USD GBP CHF CAD AUD NZD JPY CNY HKD KRW TWD SGD INR BRL MXN ARS CLP COP ZAR SEK NOK "
    "DKK ISK PLN CZK HUF RON BGN TRY ILS AED SAR EGP MAD TND RUB UAH THB IDR MYR PHP VND"
)
CURRENCIES = frozenset(_ISO.split())

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half-up (the rule for every clause)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: object, decimal_comma: bool | None = None) -> Decimal:
    """Parse ``1 234,56``, ``1,234.56``, ``-12.5``, ``(12.50)`` or a number; raise ValueError.

    ``decimal_comma`` forces the convention; ``None`` guesses from the last separator.
    """
    if isinstance(text, Decimal | int | float) and not isinstance(text, bool):
        return check_amount(Decimal(repr(text)) if isinstance(text, float) else Decimal(text))
    s = _SPACES.sub("", str(text or "")).replace("€", "").replace("$", "").replace("£", "")
    neg = s.startswith("(") and s.endswith(")")
    if neg:
        s = s[1:-1]
    if not s:
        raise ValueError("empty amount")
    if decimal_comma is None:
        decimal_comma = "," in s and ("." not in s or s.rfind(",") > s.rfind("."))
    s = s.replace(".", "").replace(",", ".") if decimal_comma else s.replace(",", "")
    if len(s) > 60:
        raise ValueError(f"not an amount: {len(s)} characters")
    try:
        v = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    return check_amount(-v if neg else v)


def _clean(text: object) -> str:
    s = _SPACES.sub("", str(text or "")).replace("€", "").replace("$", "").replace("£", "")
    return s.strip("()-+")


def notation(text: object) -> str:
    """How an amount is written: ``comma`` (decimal comma: ``1.234,56``, ``1 234,56``,
    ``12,5``), ``point`` (``1,234.56``, ``12.5``), ``ambiguous`` (``1,234`` or ``1.234``: a
    thousands separator or three decimals) or ``plain`` (``1234``, a number from a spreadsheet)."""
    if isinstance(text, Decimal | int | float) and not isinstance(text, bool):
        return "plain"
    s = _clean(text)
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        return "comma" if s.rfind(",") > s.rfind(".") else "point"
    if commas or dots:
        sep, n = (",", commas) if commas else (".", dots)
        if n > 1:  # only a thousands separator repeats
            return "point" if sep == "," else "comma"
        if len(s) - s.rfind(sep) - 1 == 3:
            return "ambiguous"
        return "comma" if sep == "," else "point"
    return "plain"


def _rows_text(rows: list[int], limit: int = 5) -> str:
    head = ", ".join(map(str, rows[:limit]))
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"{'row' if len(rows) == 1 else 'rows'} {head}{more}"


def column_rule(
    values: list[tuple[int, object]], decimal_comma: bool | None
) -> tuple[bool, str | None]:
    """The decimal convention of an amount column: ``(decimal_comma, problem)``. An explicit
    ``decimal_comma`` holds unless rows contradict it; without one, the values decide when they
    agree and are unambiguous; otherwise ``problem`` names the rows that disagree."""
    by: dict[str, list[int]] = {"comma": [], "point": [], "ambiguous": []}
    example: dict[str, str] = {}
    for row, v in values:
        k = notation(v)
        if k in by:
            by[k].append(row)
            example.setdefault(k, str(v))
    if decimal_comma is not None:
        against = by["point"] if decimal_comma else by["comma"]
        if against:
            kind = "a decimal point" if decimal_comma else "a decimal comma"
            return decimal_comma, (
                f"{_rows_text(against)} {'is' if len(against) == 1 else 'are'} written with {kind} "
                f"({example['point' if decimal_comma else 'comma']!r}), against the mapping's "
                f"decimal_comma: {str(decimal_comma).lower()}"
            )
        return decimal_comma, None
    if by["comma"] and by["point"]:
        return False, (
            f"ambiguous column: {_rows_text(by['comma'])} with a decimal comma "
            f"({example['comma']!r}), {_rows_text(by['point'])} with a decimal point "
            f"({example['point']!r}); set decimal_comma in the mapping"
        )
    if by["ambiguous"] and not (by["comma"] or by["point"]):
        return False, (
            f"{_rows_text(by['ambiguous'])} ({example['ambiguous']!r}) can be read as "
            "thousands or as three decimals; set decimal_comma in the mapping"
        )
    return bool(by["comma"]), None


def check_amount(v: Decimal) -> Decimal:
    """``v`` when it is a finite amount under :data:`MAX_AMOUNT`; else ValueError."""
    if not v.is_finite():
        raise ValueError(f"not an amount: {v}")
    # adjusted(): the exponent of the first digit, which no decimal context can overflow
    # (abs() of 1e3000000 raises decimal.Overflow)
    if v.adjusted() >= len(str(MAX_AMOUNT)) or abs(v) >= MAX_AMOUNT:
        raise ValueError(f"amount {v:.3e} too large (at most {MAX_AMOUNT:,} in absolute value)")
    return v


def check_currency(code: str, where: str = "currency") -> str:
    c = (code or "").strip().upper()
    if c not in CURRENCIES:
        raise BadValue(where, code, sorted(CURRENCIES), reason="unknown currency (ISO 4217)")
    return c


@dataclass(frozen=True)
class Rate:
    """1 ``currency`` = ``rate`` units of the work's currency, from ``date`` on."""

    currency: str
    date: date
    rate: Decimal
    source: str = ""


class Rates:
    """Explicit conversion rates; a missing rate is an error, never a guess."""

    def __init__(self, base: str, rates: list[Rate]) -> None:
        self.base = base
        self._by: dict[str, list[Rate]] = {}
        for r in sorted(rates, key=lambda r: r.date):
            self._by.setdefault(r.currency, []).append(r)

    def rate_for(self, currency: str, on: date) -> Rate | None:
        if currency == self.base:
            return None
        best = None
        for r in self._by.get(currency, []):
            if r.date <= on:
                best = r
        if best is None:
            known = ", ".join(str(r.date) for r in self._by.get(currency, [])) or "none"
            raise BadValue(
                "rate",
                f"{currency}->{self.base} on {on}",
                None,
                reason=f"no rate dated on or before it (rates known: {known}); add one to the "
                "contract's rates",
            )
        return best

    def convert(self, amount: Decimal, currency: str, on: date) -> tuple[Decimal, Rate | None]:
        r = self.rate_for(currency, on)
        if r is None:
            return amount, None
        return cents(amount * r.rate), r


def split_pari_passu(amount: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Split ``amount`` (cents) by ``shares`` (summing to 1) so the parts add up exactly."""
    if not shares:
        return []
    raw = [amount * s for s in shares]
    parts = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    left = int(((amount - sum(parts, ZERO)) / CENT).to_integral_value())
    step = CENT if left >= 0 else -CENT
    order = sorted(range(len(shares)), key=lambda i: (-(abs(raw[i] - parts[i])), i))
    for i in order[: abs(left)]:
        parts[i] += step
    return parts


def fmt_money(value: Decimal, currency: str, lang: str = "en") -> str:
    """``1 234,56 EUR`` (fr) or ``EUR 1,234.56`` (en)."""
    v = cents(value)
    s = f"{abs(v):,.2f}"
    sign = "-" if v < 0 else ""
    if lang == "fr":
        s = s.replace(",", " ").replace(".", ",")
        return f"{sign}{s} {currency}"
    return f"{sign}{currency} {s}"
