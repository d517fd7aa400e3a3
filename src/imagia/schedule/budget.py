"""Budget top sheet from a schedule and a rate card (``RateCard.1`` YAML the user edits).

Accounts, in the order and with the chapter numbers of the French feature-film budget (the
CNC's devis: 1 artistic rights, 2 crew, 3 cast, 4 social charges, 5 sets and costumes,
6 transport, travel and unit costs, 7 technical means, 8 film stock, laboratories and
post-production, 9 insurance, 10 overheads, 11 contingency): development and music (1.1, 1.2),
crew, cast, social charges, sets and locations, transport and catering (6.1, 6.2), equipment,
post-production, then insurance, overheads and contingency as percentages of the direct costs
(the sum of the accounts above them; contingency also counts insurance and overheads).

Quantities follow the schedule: cast from the DOOD's paid days (work + hold), crew, equipment
and transport from the shoot's span (first to last day, empty days included), catering from
the days with scenes, locations from the days each is used, transport from the company moves.

A rate card with a ``labour`` section pays people as French payroll does (``payroll.py``):
crew positions and cast refer to dated minimum wages (``wage: CARD/LINE``, wage cards in
``ratecards/``), hours and overtime per week, night and Sunday/holiday premiums, and the
employer's social charges in their own account (4). Each account has a low/likely/high range
from multipliers in the rate card. The budget is recomputed from the schedule document every
time, so a replanned schedule gives a new budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.textfile import load_yaml

SCHEMA = "BudgetTopSheet.2"
ACCOUNTS = (
    "development",
    "music",
    "crew",
    "cast",
    "social_charges",
    "sets_and_locations",
    "transport",
    "catering",
    "equipment",
    "post_production",
    "insurance",
    "overheads",
    "contingency",
)
TITLES = {
    "development": "Development",
    "cast": "Cast",
    "crew": "Crew",
    "sets_and_locations": "Sets and locations",
    "equipment": "Equipment",
    "transport": "Transport",
    "catering": "Catering",
    "post_production": "Post-production",
    "music": "Music",
    "insurance": "Insurance",
    "overheads": "Overheads",
    "contingency": "Contingency",
    "social_charges": "Employer's social charges",
}
TITLES_FR = {
    "development": "Développement",
    "cast": "Interprétation",
    "crew": "Équipe technique",
    "sets_and_locations": "Décors et lieux de tournage",
    "equipment": "Matériel",
    "transport": "Transports",
    "catering": "Restauration",
    "post_production": "Postproduction",
    "music": "Musique",
    "insurance": "Assurances",
    "overheads": "Frais généraux",
    "contingency": "Imprévus",
    "social_charges": "Charges sociales patronales",
}
# Chapter numbers of the CNC's feature-film budget (devis), sub-numbered where two accounts
# share a chapter.
NUMBERS = {
    "development": "1.1",
    "music": "1.2",
    "crew": "2",
    "cast": "3",
    "social_charges": "4",
    "sets_and_locations": "5",
    "transport": "6.1",
    "catering": "6.2",
    "equipment": "7",
    "post_production": "8",
    "insurance": "9",
    "overheads": "10",
    "contingency": "11",
}
PERCENT = ("insurance", "overheads", "contingency")


@dataclass
class Line:
    item: str
    quantity: float
    unit: str
    rate: float
    amount: float
    item_fr: str = ""  # the item in French ("" when the rate card gives none)

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "item_fr": self.item_fr,
            "quantity": self.quantity,
            "unit": self.unit,
            "rate": self.rate,
            "amount": round(self.amount, 2),
        }


_CHARGES, _CHARGES_FR = "Employer's social charges", "Charges sociales patronales"


def example_ratecard_path() -> Path:
    return Path(str(resources.files("imagia.schedule") / "examples" / "ratecard.yaml"))


def read_ratecard(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise BadFile(path, "file not found")
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), dict):
        raise BadFile(
            path,
            "a rate card needs an 'accounts' mapping",
            hint="start from: imagia schedule example DIR",
        )
    unknown = [str(a) for a in data["accounts"] if a not in ACCOUNTS]
    if unknown:
        raise BadFile(
            path,
            f"unknown rate card account {_clip(sorted(unknown)[0])!r}",
            hint=f"accounts: {', '.join(ACCOUNTS)}",
        )
    if not data.get("currency"):
        raise BadFile(path, "the rate card must state its currency (currency: EUR)")
    problem = _shape(data)
    if problem:
        raise BadFile(path, problem, hint="start from: imagia schedule example DIR")
    if data.get("labour") is not None or data.get("wages") is not None:
        from imagia.schedule.budget_payroll import check_references, wage_cards

        try:
            check_references(data, path)
            data["_wage_cards"] = wage_cards(data, path)
        except BadFile:
            raise  # a wage card's own problem names that file
        except ImagiaError as exc:
            raise BadFile(path, exc.message, hint=exc.hint) from None
    return data


# What each part of a rate card holds: ``{}`` a mapping, ``[]`` a list of mappings.
_SHAPE: dict[str, dict[str, Any]] = {
    "cast": {"daily": {}},
    "crew": {"positions": []},
    "sets_and_locations": {"location_day": {}, "items": []},
    "equipment": {"per_shooting_day": [], "items": []},
    "transport": {"per_shooting_day": [], "items": []},
    "catering": {"items": []},
    "development": {"items": []},
    "post_production": {"items": []},
    "music": {"items": []},
}


def _shape(card: dict[str, Any]) -> str | None:
    """What is of the wrong type in a rate card (``accounts.crew.positions: expected a list
    of mappings``), or None; the figures themselves are checked where they are used."""
    for key in ("currency", "label", "label_fr", "source"):
        if card.get(key) is not None and not isinstance(card[key], str):
            return f"{key}: expected text"
    if card.get("range") is not None and not isinstance(card["range"], dict):
        return "range: expected a mapping {low: 0.9, high: 1.2}"
    for acc, spec in card["accounts"].items():
        if spec is None:
            continue
        if not isinstance(spec, dict):
            return f"accounts.{acc}: expected a mapping"
        if spec.get("range") is not None and not isinstance(spec["range"], dict):
            return f"accounts.{acc}.range: expected a mapping {{low: 0.9, high: 1.2}}"
        for key, kind in _SHAPE.get(acc, {}).items():
            v = spec.get(key)
            if v is None:
                continue
            if isinstance(kind, dict) and not isinstance(v, dict):
                return f"accounts.{acc}.{key}: expected a mapping"
            if isinstance(kind, list) and not (
                isinstance(v, list) and all(isinstance(x, dict) for x in v)
            ):
                return f"accounts.{acc}.{key}: expected a list of mappings"
    return None


# The largest figure a rate card may hold.
MAX_FIGURE = 1e12


def _f(where: str, v: Any) -> float:
    if isinstance(v, bool):
        raise BadValue(where, v, reason="expected a number")
    try:
        x = float(v)
    except (TypeError, ValueError, OverflowError):
        raise BadValue(where, _clip(v), reason="expected a number") from None
    if not math.isfinite(x) or x > MAX_FIGURE:
        raise BadValue(where, _clip(v), reason=f"expected a number up to {MAX_FIGURE:g}")
    if x < 0:
        raise BadValue(where, v, reason="must not be negative")
    return x


def _n(where: str, v: Any) -> int:
    """A count (days, heads): a whole number, 0 when absent."""
    return int(_f(where, v or 0))


def _clip(v: Any) -> Any:
    """``v`` for a BadValue: itself when short, else the start of its text."""
    r = repr(v)
    return v if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _items(acc: str, spec: dict[str, Any]) -> list[Line]:
    return [
        Line(
            str(it.get("item", "?")),
            1,
            "allow",
            _f(f"{acc}.items", it.get("amount", 0)),
            _f(f"{acc}.items", it.get("amount", 0)),
            str(it.get("item_fr") or ""),
        )
        for it in spec.get("items", []) or []
    ]


def topsheet(schedule: dict[str, Any], card: dict[str, Any]) -> dict[str, Any]:
    """The ``BudgetTopSheet.2`` document for ``schedule`` (a ``ShootingSchedule.1`` dict)."""
    acc = card["accounts"]
    days_used = [d for d in schedule["days"] if d["scenes"]]
    n_days = len(days_used)
    idx = [i for i, d in enumerate(schedule["days"]) if d["scenes"]]
    span = idx[-1] - idx[0] + 1 if idx else 0  # crew and kit are hired for empty days too
    constraints = (schedule.get("problem") or {}).get("constraints") or {}
    actor_costs = {
        str(k): (v or {}).get("daily_cost") for k, v in (constraints.get("actors") or {}).items()
    }
    lines: dict[str, list[Line]] = {a: [] for a in ACCOUNTS}
    for a in ("development", "post_production", "music"):
        lines[a] += _items(a, acc.get(a) or {})
    pay = None
    if card.get("labour") is not None:  # French payroll on dated minimum wages
        from imagia.schedule.budget_payroll import people

        pay = people(schedule, card, span, _f)
        heads = pay.heads
        for acc_id, pay_rows in (
            ("crew", pay.crew),
            ("cast", pay.cast),
            ("social_charges", pay.charges),
        ):
            lines[acc_id] += [
                Line(r.item, r.quantity, r.unit, r.rate, float(r.amount), r.item_fr)
                for r in pay_rows
            ]
    else:
        heads = _people(schedule, acc, span, actor_costs, lines)
    sl = acc.get("sets_and_locations") or {}
    loc_rates = sl.get("location_day") or {}
    loc_days: dict[str, int] = {}
    for d in days_used:
        for loc in d["locations"]:
            loc_days[loc] = loc_days.get(loc, 0) + 1
    for loc, n in sorted(loc_days.items()):
        rate = _f(
            f"sets_and_locations.location_day.{loc}",
            loc_rates.get(loc, loc_rates.get("default", 0)),
        )
        lines["sets_and_locations"].append(
            Line(f"Location {loc}", n, "day", rate, n * rate, f"Décor {loc}")
        )
    lines["sets_and_locations"] += _items("sets_and_locations", sl)
    for a in ("equipment", "transport"):
        for it in (acc.get(a) or {}).get("per_shooting_day", []) or []:
            rate = _f(f"{a}.per_shooting_day", it.get("daily", 0))
            item, item_fr = str(it.get("item", "?")), str(it.get("item_fr") or "")
            lines[a].append(Line(item, span, "day", rate, span * rate, item_fr))
        lines[a] += _items(a, acc.get(a) or {})
    moves = 0
    prev: set[str] = set()
    for d in schedule["days"]:
        here = set(d["locations"])
        moves += len(here - prev)  # as in the schedule's cost (docs/schedule.md)
        prev = here
    tr = acc.get("transport") or {}
    if tr.get("per_company_move"):
        rate = _f("transport.per_company_move", tr["per_company_move"])
        lines["transport"].append(
            Line("Company moves", moves, "move", rate, moves * rate, "Déplacements d'équipe")
        )
    cat = acc.get("catering") or {}
    if cat.get("per_head_per_day"):
        rate = _f("catering.per_head_per_day", cat["per_head_per_day"])
        extra = _n("catering.extra_heads_per_day", cat.get("extra_heads_per_day"))
        meals = sum(heads + extra + len(d["cast"]) for d in days_used)
        lines["catering"].append(
            Line(
                f"Meals (crew {heads} + {extra} + cast of the day)",
                meals,
                "meal",
                rate,
                meals * rate,
                f"Repas (équipe {heads} + {extra} + comédiens du jour)",
            )
        )
        lines["catering"] += _items("catering", cat)
    default_range = card.get("range") or {"low": 1.0, "high": 1.0}
    rows = []
    totals = {"low": 0.0, "likely": 0.0, "high": 0.0}
    direct = {"low": 0.0, "likely": 0.0, "high": 0.0}
    for a in ACCOUNTS:
        spec = acc.get(a) or {}
        rng = spec.get("range") or default_range
        lo, hi = _f(f"{a}.range.low", rng.get("low", 1)), _f(f"{a}.range.high", rng.get("high", 1))
        if a in PERCENT:
            pct = _f(f"{a}.percent", spec.get("percent", 0)) / 100
            base = dict(direct) if a != "contingency" else dict(totals)
            amount = {k: round(base[k] * pct, 2) for k in ("low", "likely", "high")}
            what = "direct costs" if a != "contingency" else "the total above"
            what_fr = "des coûts directs" if a != "contingency" else "du total ci-dessus"
            pct_fr = f"{pct * 100:g}".replace(".", ",")
            detail = [
                Line(
                    f"{pct * 100:g}% of {what}",
                    pct,
                    "share",
                    base["likely"],
                    amount["likely"],
                    f"{pct_fr}\u00a0% {what_fr}",
                )
            ]
        else:
            likely = sum(line.amount for line in lines[a])
            amount = {"low": likely * lo, "likely": likely, "high": likely * hi}
            amount = {k: round(v, 2) for k, v in amount.items()}  # accounts add up to the cent
            detail = lines[a]
            for k in direct:
                direct[k] += amount[k]
        for k in totals:
            totals[k] += amount[k]
        rows.append(
            {
                "account": a,
                "number": NUMBERS[a],
                "title": TITLES[a],
                "title_fr": TITLES_FR[a],
                **{k: round(v, 2) for k, v in amount.items()},
                "lines": [line.to_dict() for line in detail],
            }
        )
    return {
        "schema": SCHEMA,
        "currency": card["currency"],
        "rate_card": {
            "label": card.get("label", ""),
            "label_fr": card.get("label_fr", ""),
            "source": card.get("source", ""),
        },
        "schedule": {
            "shooting_days": n_days,
            "shoot_span_days": span,
            "company_moves": moves,
            "first_day": schedule["summary"].get("first_day"),
            "last_day": schedule["summary"].get("last_day"),
        },
        "accounts": rows,
        "total": {k: round(v, 2) for k, v in totals.items()},
        **_payroll_summary(pay),
    }


def _payroll_summary(pay: Any) -> dict[str, Any]:
    """What a payroll budget adds: the labour parameters, the wage cards and lines used (with
    their sources and whether each was verified) and the warnings."""
    if pay is None:
        return {"labour": None, "wage_cards": [], "wage_lines": [], "warnings": []}
    return {
        "labour": pay.labour.to_dict(),
        "wage_cards": [c.summary() for c in pay.cards_used.values()],
        "wage_lines": [{"ref": k, **v.to_dict()} for k, v in sorted(pay.lines_used.items())],
        "warnings": pay.warnings,
    }


def _people(
    schedule: dict[str, Any],
    acc: dict[str, Any],
    span: int,
    actor_costs: dict[str, Any],
    lines: dict[str, list[Line]],
) -> int:
    """Cast and crew lines of a rate card without ``labour``: days times daily rates, charges
    as a share inside each account. Returns the crew's head count."""
    cast = acc.get("cast") or {}
    rates = {str(k): v for k, v in (cast.get("daily") or {}).items()}
    fees = 0.0
    for r in schedule["dood"]["actors"]:
        rate = _f(
            f"cast.daily.{r['actor']}",
            rates.get(r["actor"], actor_costs.get(r["actor"]) or cast.get("default_daily", 0)),
        )
        days = r["paid_days"] + _n("cast.rehearsal_days", cast.get("rehearsal_days"))
        rehearsals = bool(cast.get("rehearsal_days"))
        line = Line(
            f"{r['actor']} ({r['work']} work + {r['hold']} hold"
            f"{' + rehearsals' if rehearsals else ''})",
            days,
            "day",
            rate,
            days * rate,
            f"{r['actor']} ({r['work']} tournage + {r['hold']} attente"
            f"{' + répétitions' if rehearsals else ''})",
        )
        lines["cast"].append(line)
        fees += line.amount
    if cast.get("social_charges"):
        sc = _f("cast.social_charges", cast["social_charges"])
        lines["cast"].append(Line(_CHARGES, sc, "share", fees, fees * sc, _CHARGES_FR))
    crew = acc.get("crew") or {}
    prep, wrap = (
        _n("crew.prep_days", crew.get("prep_days")),
        _n("crew.wrap_days", crew.get("wrap_days")),
    )
    wages, heads = 0.0, 0
    for p in crew.get("positions", []) or []:
        count = int(_f("crew.positions.count", p.get("count", 1)))
        heads += count
        days = span + (prep if p.get("prep") else 0) + (wrap if p.get("wrap") else 0)
        rate = _f("crew.positions.daily", p.get("daily", 0))
        line = Line(
            f"{p.get('role', '?')} x{count}",
            days * count,
            "day",
            rate,
            days * count * rate,
            f"{p['role_fr']} ×{count}" if p.get("role_fr") else "",
        )
        lines["crew"].append(line)
        wages += line.amount
    if crew.get("social_charges"):
        sc = _f("crew.social_charges", crew["social_charges"])
        lines["crew"].append(Line(_CHARGES, sc, "share", wages, wages * sc, _CHARGES_FR))
    return heads


def write_xlsx(budget: dict[str, Any], path: Path) -> Path:
    """Top sheet, detail by account and the sources of the wages (values, not formulas: each
    account is the sum of its detail lines and the total the sum of the accounts, to the cent)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from imagia.core.provenance import atomic_write

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Top sheet"
    cur = budget["currency"]
    ws.append([budget["rate_card"]["label"]])
    ws.append(["No.", "Account", "Poste", f"Low ({cur})", f"Likely ({cur})", f"High ({cur})"])
    for c in ws[2]:
        c.font = bold
    for r in budget["accounts"]:
        ws.append(
            [r.get("number", ""), r["title"], r["title_fr"], r["low"], r["likely"], r["high"]]
        )
    t = budget["total"]
    ws.append(["", "Total", "Total", t["low"], t["likely"], t["high"]])
    for c in ws[ws.max_row]:
        c.font = bold
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=6):
        for c in row:
            c.number_format = "#,##0.00"
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 30
    wd = wb.create_sheet("Detail")
    wd.append(["No.", "Account", "Item", "Élément", "Quantity", "Unit", "Rate", f"Amount ({cur})"])
    for c in wd[1]:
        c.font = bold
    for r in budget["accounts"]:
        for line in r["lines"]:
            wd.append(
                [
                    r.get("number", ""),
                    r["title"],
                    line["item"],
                    line["item_fr"],
                    line["quantity"],
                    line["unit"],
                    line["rate"],
                    line["amount"],
                ]
            )
    wd.column_dimensions["C"].width = 44
    wd.column_dimensions["D"].width = 44
    if budget.get("wage_lines"):
        src = wb.create_sheet("Wages")
        src.append(
            [
                "Wage line",
                "Emploi",
                "Job",
                "Basis",
                "Hours",
                f"Minimum ({cur})",
                "Valid from",
                "Verified",
                "Source",
                "Note",
            ]
        )
        for c in src[1]:
            c.font = bold
        for w in budget["wage_lines"]:
            src.append(
                [
                    w["ref"],
                    w["title_fr"],
                    w["title_en"],
                    w["basis"],
                    w["hours"],
                    w["amount"],
                    w["valid_from"],
                    "yes" if w["verified"] else "NO",
                    w["source"],
                    w["note"],
                ]
            )
        for warning in budget.get("warnings") or []:
            src.append(["Warning", warning["fr"], warning["en"]])
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
    return path


def write_pdf(budget: dict[str, Any], path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from imagia.core.provenance import atomic_write

    styles = getSampleStyleSheet()
    cur = budget["currency"]
    rows = [["No.", "Account", f"Low ({cur})", f"Likely ({cur})", f"High ({cur})"]]
    rows += [
        [
            r.get("number", ""),
            r["title"],
            f"{r['low']:,.2f}",
            f"{r['likely']:,.2f}",
            f"{r['high']:,.2f}",
        ]
        for r in budget["accounts"]
    ]
    t = budget["total"]
    rows.append(["", "Total", f"{t['low']:,.2f}", f"{t['likely']:,.2f}", f"{t['high']:,.2f}"])
    table = Table(rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ]
        )
    )
    s = budget["schedule"]
    story = [
        Paragraph("Budget top sheet (draft)", styles["Title"]),
        Paragraph(budget["rate_card"]["label"], styles["Normal"]),
        Paragraph(
            f"{s['shooting_days']} shooting days, {s['company_moves']} company moves, "
            f"{s['first_day']} to {s['last_day']}.",
            styles["Normal"],
        ),
        Spacer(1, 10),
        table,
    ]
    for w in budget.get("wage_lines") or []:
        if not w["verified"]:
            story.append(Paragraph(f"Unverified minimum {w['ref']}: {w['note']}", styles["Normal"]))
    for warning in budget.get("warnings") or []:
        story.append(Paragraph(f"Warning: {warning['en']}", styles["Normal"]))
    with atomic_write(path, "wb") as fh:
        SimpleDocTemplate(fh, pagesize=A4, title="Budget top sheet", author="imagia").build(story)
    return path
