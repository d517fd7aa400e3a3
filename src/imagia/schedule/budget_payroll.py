"""The crew, cast and social-charges lines of a budget whose rate card has a ``labour``
section: people paid on dated minimum wages (``ratecards``) through ``payroll``.

A rate card names the wage cards it uses (``wages: [fr-cinema-technicians-2008, ...]``:
shipped ids or paths next to the card) and each crew position or the cast refers to a line
with ``wage: CARD/LINE``. A negotiated fee (``daily`` of a position, ``cast.daily`` of an actor,
the schedule's ``daily_cost``) is kept when it is above the minimum; under it, the minimum is
paid and the budget says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.schedule import payroll
from imagia.schedule.ratecards import WageCard, WageLine, load

CREW_KEYS = {
    "base": ("base hours", "heures de base"),
    "overtime-1": ("overtime, 1st tier", "heures supplémentaires, 1re tranche"),
    "overtime-2": ("overtime, 2nd tier", "heures supplémentaires, 2e tranche"),
    "overtime-3": ("overtime, 3rd tier", "heures supplémentaires, 3e tranche"),
    "night": ("night premium", "majoration de nuit"),
    "sunday": ("Sunday and holiday premium", "majoration dimanche et jours fériés"),
    "prep": ("prep and wrap days", "préparation et rangement"),
}


@dataclass
class Row:
    """A line of the budget, before budget.py makes it a ``Line``."""

    item: str
    item_fr: str
    quantity: float
    unit: str
    rate: float
    amount: Decimal


@dataclass
class People:
    crew: list[Row] = field(default_factory=list)
    cast: list[Row] = field(default_factory=list)
    charges: list[Row] = field(default_factory=list)
    heads: int = 0
    warnings: list[dict[str, str]] = field(default_factory=list)
    lines_used: dict[str, WageLine] = field(default_factory=dict)
    cards_used: dict[str, WageCard] = field(default_factory=dict)
    labour: payroll.Labour | None = None


def wage_cards(card: dict[str, Any], near: Path | None = None) -> dict[str, WageCard]:
    """The wage cards ``card`` names in ``wages``, by id."""
    refs = card.get("wages") or []
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise BadValue("wages", _clip(refs), reason="expected a list of wage card ids")
    out: dict[str, WageCard] = {}
    for ref in refs:
        wc = load(ref, near)
        out[wc.id] = wc
    return out


def wage_line(cards: dict[str, WageCard], ref: Any, where: str) -> WageLine:
    """The line ``CARD/LINE`` of one of ``cards``."""
    if not isinstance(ref, str) or ref.count("/") != 1:
        raise BadValue(
            where,
            _clip(ref),
            reason="expected CARD/LINE, e.g. fr-cinema-actors-2013/long-metrage-jour",
        )
    cid, lid = ref.split("/")
    if cid not in cards:
        raise BadValue(
            where,
            ref,
            valid=sorted(cards),
            reason="a wage card the rate card's 'wages' does not list",
        )
    if lid not in cards[cid].lines:
        raise BadValue(where, ref, valid=sorted(f"{cid}/{x}" for x in cards[cid].lines))
    return cards[cid].lines[lid]


def check_references(card: dict[str, Any], near: Path | None) -> None:
    """Every ``wage`` reference and the ``labour`` section of ``card``, checked up front."""
    cards = wage_cards(card, near)
    acc = card["accounts"]
    payroll.Labour.from_card(card.get("labour"))
    cast = acc.get("cast") or {}
    if cast.get("wage") is not None:
        line = wage_line(cards, cast["wage"], "accounts.cast.wage")
        if line.basis != "day":
            raise BadValue("accounts.cast.wage", cast["wage"], reason="expected a daily minimum")
    for i, p in enumerate((acc.get("crew") or {}).get("positions") or []):
        if p.get("wage") is not None:
            line = wage_line(cards, p["wage"], f"accounts.crew.positions.{i}.wage")
            if line.basis != "week":
                raise BadValue(
                    f"accounts.crew.positions.{i}.wage",
                    p["wage"],
                    reason="expected a weekly minimum",
                )


def people(
    schedule: dict[str, Any], card: dict[str, Any], span: int, num: Any, near: Path | None = None
) -> People:
    """Crew, cast and charges lines; ``num(where, value)`` reads a figure of the card."""
    out = People()
    cards = card.get("_wage_cards") or wage_cards(card, near)
    out.labour = labour = payroll.Labour.from_card(card["labour"], _holidays(schedule))
    acc = card["accounts"]
    days = payroll.shooting_days(schedule)
    by_date = {d.date.isoformat(): d for d in days}
    # crew
    crew = acc.get("crew") or {}
    prep = int(num("crew.prep_days", crew.get("prep_days") or 0))
    wrap = int(num("crew.wrap_days", crew.get("wrap_days") or 0))
    gross_crew = Decimal(0)
    for i, p in enumerate(crew.get("positions", []) or []):
        count = int(num("crew.positions.count", p.get("count", 1)))
        out.heads += count
        role, role_fr = str(p.get("role", "?")), str(p.get("role_fr") or p.get("role", "?"))
        if p.get("wage") is None:  # a position on a daily rate, no payroll
            rate = Decimal(str(num("crew.positions.daily", p.get("daily", 0))))
            n = span + (prep if p.get("prep") else 0) + (wrap if p.get("wrap") else 0)
            amount = payroll.money(rate * n * count)
            out.crew.append(
                Row(
                    f"{role} ×{count}", f"{role_fr} ×{count}", n * count, "day", float(rate), amount
                )
            )
            gross_crew += amount
            continue
        line = wage_line(cards, p["wage"], f"accounts.crew.positions.{i}.wage")
        out.lines_used[f"{_card_of(cards, line)}/{line.id}"] = line
        if p.get("daily") is not None:  # an agreed daily fee: a week is five of them
            agreed = Decimal(str(num("crew.positions.daily", p["daily"])))
            if agreed * 5 > line.amount:
                line = replace(line, amount=agreed * 5)
            elif agreed * 5 < line.amount:
                out.warnings.append(_under(role, role_fr, agreed, line.amount / 5, line))
        extra = (prep if p.get("prep") else 0) + (wrap if p.get("wrap") else 0)
        for pay in payroll.technician(line, days, extra, labour):
            en, fr = CREW_KEYS.get(pay.key, (pay.key, pay.key))
            amount = pay.amount * count
            out.crew.append(
                Row(
                    f"{role} ×{count}: {en}",
                    f"{role_fr} ×{count} : {fr}",
                    float(pay.quantity * count),
                    pay.unit,
                    float(pay.rate),
                    amount,
                )
            )
            gross_crew += amount
    # cast
    cast = acc.get("cast") or {}
    minimum = wage_line(cards, cast["wage"], "accounts.cast.wage") if cast.get("wage") else None
    if minimum is not None:
        out.lines_used[f"{_card_of(cards, minimum)}/{minimum.id}"] = minimum
    constraints = (schedule.get("problem") or {}).get("constraints") or {}
    costs = {
        str(k): (v or {}).get("daily_cost") for k, v in (constraints.get("actors") or {}).items()
    }
    rates = {str(k): v for k, v in (cast.get("daily") or {}).items()}
    gross_cast = Decimal(0)
    for r in schedule["dood"]["actors"]:
        a = r["actor"]
        fee = Decimal(
            str(num(f"cast.daily.{a}", rates.get(a, costs.get(a) or cast.get("default_daily", 0))))
        )
        codes = r.get("codes") if isinstance(r.get("codes"), dict) else {}
        work = [by_date[d] for d, c in codes.items() if c != "H" and d in by_date]
        if minimum is None:
            line = WageLine(
                a,
                a,
                a,
                "actor",
                "day",
                Decimal(8),
                fee or Decimal(1),
                "",
                "",
                dt.date.min,
                True,
                hourly_base=fee / 8,
            )
        else:
            line = minimum
            if fee < minimum.amount:
                out.warnings.append(_under(a, a, fee, minimum.amount, minimum))
                fee = minimum.amount
        w, h = int(r["work"]), int(r["hold"])
        for pay in payroll.actor(line, fee, work, w, h, labour):
            if pay.key == "fee":
                en, fr = f"{a}: {w} work + {h} hold days", f"{a} : {w} tournage + {h} attente"
            else:
                en, fr = CREW_KEYS.get(pay.key, (pay.key, pay.key))
                if pay.key == "overtime-1":
                    en, fr = (
                        "hours over 8 a contract day, +25 %",
                        "heures au-delà de 8 par jour de contrat, +25 %",
                    )
                en, fr = f"{a}: {en}", f"{a} : {fr}"
            out.cast.append(Row(en, fr, float(pay.quantity), pay.unit, float(pay.rate), pay.amount))
            gross_cast += pay.amount
    # charges
    for what, gross, rate, en, fr in (
        (
            "crew",
            gross_crew,
            labour.charges_technicians,
            "Employer's charges on crew pay",
            "Charges patronales sur les salaires de l'équipe",
        ),
        (
            "cast",
            gross_cast,
            labour.charges_actors,
            "Employer's charges on cast pay",
            "Charges patronales sur les cachets des comédiens",
        ),
    ):
        spec = acc.get(what) or {}
        if spec.get("social_charges") is not None:
            rate = Decimal(str(num(f"{what}.social_charges", spec["social_charges"])))
        if gross and rate:
            out.charges.append(
                Row(en, fr, float(rate), "share", float(gross), payroll.money(gross * rate))
            )
    out.cards_used = {
        c.id: c for c in cards.values() if any(k.startswith(c.id + "/") for k in out.lines_used)
    }
    return out


def _card_of(cards: dict[str, WageCard], line: WageLine) -> str:
    return next(c.id for c in cards.values() if c.lines.get(line.id) is line)


def _under(who: str, who_fr: str, agreed: Any, floor: Decimal, line: WageLine) -> dict[str, str]:
    a, f = f"{Decimal(str(agreed)):.2f}", f"{floor:.2f}"
    return {
        "en": (
            f"{who}: the agreed {a} a day is under the minimum ({f} a day, {line.title_en}); "
            "the minimum is paid"
        ),
        "fr": (
            f"{who_fr} : le tarif convenu de {a.replace('.', ',')} par jour est sous le minimum "
            f"({f.replace('.', ',')} par jour, {line.title_fr}) ; le minimum est payé"
        ),
    }


def _holidays(schedule: dict[str, Any]) -> frozenset[dt.date]:
    cal = ((schedule.get("problem") or {}).get("constraints") or {}).get("calendar") or {}
    out = set()
    for d in cal.get("holidays") or [] if isinstance(cal, dict) else []:
        try:
            out.add(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)))
        except ValueError:
            continue
    return frozenset(out)


def _clip(v: Any) -> Any:
    r = repr(v)
    return v if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"
