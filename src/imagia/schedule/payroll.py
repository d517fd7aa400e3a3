"""Pay of crew and cast from a schedule and dated wage cards: hours, overtime, night and
Sunday/holiday premiums, employer's social charges.

Crew (technicians paid on a weekly minimum): each position works ``day_hours`` on every
shooting day; hours are counted per calendar week (ISO, Monday to Sunday); the first
``basis_hours`` (35) are paid at the base hourly rate, the hours beyond at the ``overtime``
tiers (+25 % for the 8 hours from the 36th to the 43rd, +50 % beyond, the legal default of the
French labour code); prep and wrap days are paid ``basis_hours / 5`` each at the base rate. The
base hourly rate is the line's weekly amount over its paid hours (a 39-hour week pays 35 + 4 x
1.25 = 40 hours). Night hours (the share of a day's pages in NIGHT scenes times its hours) get
``night_rate`` on top, every hour of a Sunday or holiday ``sunday_rate``.

Cast (actors from the schedule's Day Out Of Days): each paid day (work and hold) at the actor's
daily fee, which is never under the daily minimum of the wage card; hours over 8 per contract
day, counted over the whole engagement (work days x ``cast_day_hours`` - paid days x 8), are
paid +25 % of the card's base hourly rate (IDCC 3097, titre III); night and Sunday premiums as
for the crew, on the base hourly rate.

Every amount is a Decimal rounded to the cent once per line, so totals add up exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from imagia.core.errors import BadValue
from imagia.schedule.ratecards import WageLine, hourly

CENT = Decimal("0.01")
ZERO = Decimal(0)

# Defaults of the ``labour`` section of a rate card, with where each comes from (shown in
# docs/schedule.md and in the budget document).
DEFAULTS: dict[str, Any] = {
    "day_hours": "10",
    "cast_day_hours": None,  # same as day_hours
    "basis_hours": "35",
    "overtime": [{"hours": "8", "rate": "0.25"}, {"rate": "0.50"}],
    "night_rate": "0.25",
    "sunday_rate": "1.00",
    "charges_technicians": "0.45",
    "charges_actors": "0.45",
}
SOURCES = {
    "day_hours": "assumption: a 10-hour shooting day (set your own)",
    "basis_hours": "legal weekly duration of work in France: 35 hours (code du travail L3121-27)",
    "overtime": (
        "code du travail L3121-36 (no agreement): +25 % for the first 8 overtime hours, "
        "+50 % beyond"
    ),
    "night_rate": "assumption, not checked against the agreement: set your agreement's rate",
    "sunday_rate": "assumption, not checked against the agreement: set your agreement's rate",
    "charges": (
        "planning assumption of about 45 % of gross pay for intermittent staff; one part is "
        "verified: employer unemployment insurance 9.05 % (+0.50 % for a CDDU of 3 months "
        "or less) from 1 January 2018 (Unédic circular on annexes 8 and 10)"
    ),
}
SOURCES_FR = {
    "day_hours": "hypothèse : une journée de tournage de 10 heures (à régler)",
    "basis_hours": "durée légale du travail en France : 35 heures (code du travail L3121-27)",
    "overtime": (
        "code du travail L3121-36 (à défaut d'accord) : +25 % pour les 8 premières heures "
        "supplémentaires, +50 % au-delà"
    ),
    "night_rate": "hypothèse non vérifiée sur la convention : indiquez le taux de votre accord",
    "sunday_rate": "hypothèse non vérifiée sur la convention : indiquez le taux de votre accord",
    "charges": (
        "hypothèse de travail d'environ 45 % du brut pour les intermittents ; une part est "
        "vérifiée : assurance chômage part patronale 9,05 % (+0,50 % pour un CDDU de 3 mois "
        "ou moins) au 1er janvier 2018 (circulaire Unédic sur les annexes 8 et 10)"
    ),
}


def money(x: Decimal) -> Decimal:
    return x.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Labour:
    """The ``labour`` parameters of a rate card."""

    day_hours: Decimal
    cast_day_hours: Decimal
    basis_hours: Decimal
    overtime: tuple[tuple[Decimal | None, Decimal], ...]  # (hours in the tier or None, rate)
    night_rate: Decimal
    sunday_rate: Decimal
    charges_technicians: Decimal
    charges_actors: Decimal
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_card(cls, spec: Any, holidays: frozenset[dt.date] = frozenset()) -> Labour:
        if not isinstance(spec, dict):
            raise BadValue("labour", _clip(spec), reason="expected a mapping")
        raw = {**DEFAULTS, **{k: v for k, v in spec.items() if v is not None}}
        unknown = sorted(str(k) for k in spec if k not in DEFAULTS and k != "holidays")
        if unknown:
            raise BadValue("labour", unknown[0], valid=[*DEFAULTS, "holidays"])
        day = _dec("labour.day_hours", raw["day_hours"], 24)
        tiers = raw["overtime"]
        if not isinstance(tiers, list) or not tiers or not all(isinstance(t, dict) for t in tiers):
            raise BadValue("labour.overtime", _clip(tiers), reason="expected a list of tiers")
        ot: list[tuple[Decimal | None, Decimal]] = []
        for i, t in enumerate(tiers):
            h = t.get("hours")
            last = i == len(tiers) - 1
            if h is None and not last:
                raise BadValue(f"labour.overtime.{i}.hours", None, reason="only the last tier")
            ot.append(
                (
                    None if h is None else _dec(f"labour.overtime.{i}.hours", h, 168),
                    _dec(f"labour.overtime.{i}.rate", t.get("rate"), 10),
                )
            )
        listed = spec.get("holidays") or []
        if not isinstance(listed, list):
            raise BadValue("labour.holidays", _clip(listed), reason="expected a list of dates")
        extra = {_date("labour.holidays", d) for d in listed}
        return cls(
            day_hours=day,
            cast_day_hours=(
                _dec("labour.cast_day_hours", raw["cast_day_hours"], 24)
                if raw["cast_day_hours"] is not None
                else day
            ),
            basis_hours=_dec("labour.basis_hours", raw["basis_hours"], 60),
            overtime=tuple(ot),
            night_rate=_dec("labour.night_rate", raw["night_rate"], 10),
            sunday_rate=_dec("labour.sunday_rate", raw["sunday_rate"], 10),
            charges_technicians=_dec("labour.charges_technicians", raw["charges_technicians"], 2),
            charges_actors=_dec("labour.charges_actors", raw["charges_actors"], 2),
            holidays=frozenset(holidays | extra),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "day_hours": float(self.day_hours),
            "cast_day_hours": float(self.cast_day_hours),
            "basis_hours": float(self.basis_hours),
            "overtime": [
                {"hours": None if h is None else float(h), "rate": float(r)}
                for h, r in self.overtime
            ],
            "night_rate": float(self.night_rate),
            "sunday_rate": float(self.sunday_rate),
            "charges_technicians": float(self.charges_technicians),
            "charges_actors": float(self.charges_actors),
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "sources": SOURCES,
            "sources_fr": SOURCES_FR,
        }


@dataclass(frozen=True)
class Day:
    """A shooting day: its date and the share of its hours at night."""

    date: dt.date
    night_share: Decimal


@dataclass
class Pay:
    """One line of pay: ``quantity`` ``unit`` at ``rate``, ``amount`` to the cent."""

    key: str  # base, overtime-1, night, sunday, prep, fee, hold...
    quantity: Decimal
    unit: str
    rate: Decimal
    amount: Decimal


def shooting_days(schedule: dict[str, Any]) -> list[Day]:
    """The days with scenes, each with the share of its pages (eighths) in NIGHT scenes."""
    scenes: dict[str, tuple[int, bool]] = {}
    for s in (schedule.get("problem") or {}).get("scenes") or []:
        if isinstance(s, dict) and isinstance(s.get("eighths"), int) and s["eighths"] >= 0:
            scenes[str(s.get("scene"))] = (s["eighths"], s.get("day_night") == "NIGHT")
    out = []
    for d in schedule["days"]:
        if not d["scenes"]:
            continue
        known = [scenes[s] for s in d["scenes"] if s in scenes]
        total = sum(e for e, _ in known)
        night = sum(e for e, n in known if n)
        share = Decimal(night) / Decimal(total) if total else ZERO
        out.append(Day(dt.date.fromisoformat(d["date"]), share))
    return out


def technician(line: WageLine, days: list[Day], prep: int, labour: Labour) -> list[Pay]:
    """Pay of one technician on ``line`` for ``days`` plus ``prep`` prep/wrap days."""
    rate = hourly(line)
    weeks: dict[tuple[int, int], int] = {}
    for d in days:
        iso = d.date.isocalendar()
        weeks[(iso[0], iso[1])] = weeks.get((iso[0], iso[1]), 0) + 1
    base_h = ZERO
    tier_h = [ZERO] * len(labour.overtime)
    for n in weeks.values():
        hours = labour.day_hours * n
        base_h += min(hours, labour.basis_hours)
        over = max(hours - labour.basis_hours, ZERO)
        for i, (size, _) in enumerate(labour.overtime):
            take = over if size is None else min(over, size)
            tier_h[i] += take
            over -= take
    out = [Pay("base", base_h, "hour", rate, money(base_h * rate))]
    for i, (_, r) in enumerate(labour.overtime):
        if tier_h[i]:
            out.append(Pay(f"overtime-{i + 1}", tier_h[i], "hour", rate * (1 + r), ZERO))
            out[-1].amount = money(tier_h[i] * rate * (1 + r))
    out += _premiums(rate, days, labour.day_hours, labour)
    if prep:
        hours = labour.basis_hours / 5 * prep
        out.append(Pay("prep", hours, "hour", rate, money(hours * rate)))
    return [p for p in out if p.quantity]


def actor(
    line: WageLine, fee: Decimal, work: list[Day], n_work: int, hold: int, labour: Labour
) -> list[Pay]:
    """Pay of one actor: ``n_work`` work days (``work``: those the schedule dates, for the
    premiums) and ``hold`` hold days at ``fee`` a day."""
    rate = line.hourly_base if line.hourly_base is not None else hourly(line)
    paid = n_work + hold
    out = [Pay("fee", Decimal(paid), "day", fee, money(fee * paid))]
    over = max(labour.cast_day_hours * n_work - line.hours * paid, ZERO)
    if over:
        out.append(Pay("overtime-1", over, "hour", rate * Decimal("0.25"), ZERO))
        out[-1].amount = money(over * rate * Decimal("0.25"))
    out += _premiums(rate, work, labour.cast_day_hours, labour)
    return out


def _premiums(rate: Decimal, days: list[Day], hours: Decimal, labour: Labour) -> list[Pay]:
    night = sum((hours * d.night_share for d in days), ZERO)
    sunday = sum((hours for d in days if d.date.weekday() == 6 or d.date in labour.holidays), ZERO)
    out = []
    if night and labour.night_rate:
        r = rate * labour.night_rate
        out.append(Pay("night", night, "hour", r, money(night * r)))
    if sunday and labour.sunday_rate:
        r = rate * labour.sunday_rate
        out.append(Pay("sunday", sunday, "hour", r, money(sunday * r)))
    return out


def _dec(where: str, v: Any, most: float) -> Decimal:
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise BadValue(where, _clip(v), reason="expected a number")
    try:
        x = Decimal(str(v))
    except InvalidOperation:
        raise BadValue(where, _clip(v), reason="expected a number") from None
    if not x.is_finite() or x < 0 or x > Decimal(str(most)):
        raise BadValue(where, _clip(v), reason=f"expected a number from 0 to {most:g}")
    return x


def _date(where: str, v: Any) -> dt.date:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise BadValue(where, _clip(v), reason="expected a date YYYY-MM-DD") from None


def _clip(v: Any) -> Any:
    r = repr(v)
    return v if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"
