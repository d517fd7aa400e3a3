"""Budgets on dated French minimum wages: wage cards, payroll (overtime, night, Sunday,
charges), the CNC's account numbers, the XLSX export and the view.

The expected figures of the small schedule are computed by hand in the comments, from the
rules in docs/schedule.md, not by calling the code under test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadFile, ImagiaError
from imagia.schedule import budget as bmod
from imagia.schedule import ratecards

WAGES: dict[str, Any] = {
    "schema": "WageCard.1",
    "id": "test-wages",
    "title_fr": "Grille d'essai",
    "title_en": "Test grid",
    "agreement": "Accord d'essai",
    "currency": "EUR",
    "valid_from": "2026-01-01",
    "source": "Accord d'essai du 1er janvier 2026, annexe 1",
    "lines": [
        # 1,200.00 for 39 h = 35 h + 4 h x 1.25 = 40 paid hours: 30.00 an hour
        {"id": "tech", "title_fr": "Technicien", "title_en": "Technician", "basis": "week",
         "hours": 39, "amount": 1200.00, "verified": True},
        {"id": "actor", "title_fr": "Comédien", "title_en": "Actor", "category": "actor",
         "basis": "day", "hours": 8, "amount": 400.00, "hourly_base": 27.40, "verified": True},
        {"id": "guess", "title_fr": "Deviné", "title_en": "Guessed", "basis": "week",
         "hours": 35, "amount": 999.00, "verified": False, "note": "read nowhere",
         "note_fr": "lu nulle part"},
    ],
}  # fmt: skip


def _card(wages: str) -> dict[str, Any]:
    return {
        "schema": "RateCard.1",
        "label": "Test",
        "label_fr": "Essai",
        "currency": "EUR",
        "wages": [wages],
        "labour": {
            "day_hours": 12,
            "cast_day_hours": 11,
            "night_rate": 0.25,
            "sunday_rate": 1.0,
            "charges_technicians": 0.45,
            "charges_actors": 0.40,
        },
        "accounts": {
            "cast": {"wage": "test-wages/actor"},
            "crew": {
                "prep_days": 2,
                "positions": [
                    {"role": "Grip", "role_fr": "Machiniste", "wage": "test-wages/tech",
                     "count": 2, "prep": True},
                ],
            },
            "insurance": {"percent": 2},
            "contingency": {"percent": 10},
        },
    }  # fmt: skip


def _schedule() -> dict[str, Any]:
    """Mon 4, Tue 5 (half its pages at night), Wed 6, Sun 10 and Mon 11 May 2026 (a holiday);
    ANA works the 4th, 5th, 10th and 11th and is held the 6th."""
    dates = ["2026-05-04", "2026-05-05", "2026-05-06", "2026-05-10", "2026-05-11"]
    scenes = {"2026-05-05": ["2", "3"]}
    days = [
        {"date": d, "scenes": scenes.get(d, [f"s{d[-2:]}"]), "locations": ["A"], "cast": []}
        for d in dates
    ]
    rows = [{"scene": f"s{d[-2:]}", "eighths": 8, "day_night": "DAY"} for d in dates]
    rows += [{"scene": "2", "eighths": 4, "day_night": "NIGHT"}]
    rows += [{"scene": "3", "eighths": 4, "day_night": "DAY"}]
    codes = {"2026-05-04": "SW", "2026-05-05": "W", "2026-05-06": "H"}
    codes |= {"2026-05-10": "W", "2026-05-11": "WF"}
    return {
        "days": days,
        "summary": {"first_day": dates[0], "last_day": dates[-1]},
        "problem": {
            "scenes": rows,
            "constraints": {
                "actors": {"ANA": {"daily_cost": 350}},
                "calendar": {"holidays": ["2026-05-11"]},
            },
        },
        "dood": {
            "actors": [{"actor": "ANA", "codes": codes, "work": 4, "hold": 1, "paid_days": 5}]
        },
    }


def _files(tmp_path: Path, wages: dict[str, Any] | None = None) -> Path:
    (tmp_path / "wages.yaml").write_text(yaml.safe_dump(wages or WAGES), encoding="utf-8")
    card = tmp_path / "card.yaml"
    card.write_text(yaml.safe_dump(_card("wages.yaml")), encoding="utf-8")
    return card


def _acc(b: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in b["accounts"] if r["account"] == name)


def test_shipped_wage_cards_are_dated_and_sourced() -> None:
    cards = {k: ratecards.read(p) for k, p in ratecards.shipped().items()}
    assert {"fr-cinema-technicians-2008", "fr-cinema-technicians-2023"} <= set(cards)
    assert {"fr-cinema-actors-2013", "fr-audiovisual-2008"} <= set(cards)
    for card in cards.values():
        assert card.missing and card.missing_fr, card.id
        for line in card.lines.values():
            assert line.source and line.currency == "EUR", line
            assert dt.date(2000, 1, 1) < line.valid_from < dt.date(2027, 1, 1), line
            assert line.title_fr and line.title_en
            if not line.verified:
                assert line.note and line.note_fr, line
    t23 = cards["fr-cinema-technicians-2023"]
    assert t23.line("premier-assistant-operateur").amount == Decimal("1341.56")
    assert t23.line("second-assistant-operateur").amount == Decimal("1047.37")
    assert t23.line("premier-assistant-operateur-tournage").amount == Decimal("1139.25")
    # the source gives the hourly rates 33.54 and 26.18 (a 39-hour week is 40 paid hours)
    assert round(ratecards.hourly(t23.line("premier-assistant-operateur")), 2) == Decimal("33.54")
    assert round(ratecards.hourly(t23.line("second-assistant-operateur")), 2) == Decimal("26.18")


def test_actor_minimum_is_what_its_parts_add_to() -> None:
    """Annex III.1: 27.40 an hour x 8 h + 75 % short-engagement premium + 16.40 make-up hour;
    a week: 35 h + 5 h at +25 % + 5 make-up hours."""
    card = ratecards.load("fr-cinema-actors-2013")
    day, week = card.line("long-metrage-jour"), card.line("long-metrage-semaine")
    h, hmc = Decimal("27.40"), Decimal("16.40")
    assert day.amount == h * 8 * Decimal("1.75") + hmc
    assert week.amount == h * 35 + 5 * h * Decimal("1.25") + 5 * hmc


def test_small_schedule_budget_to_the_cent(tmp_path: Path) -> None:
    card = bmod.read_ratecard(_files(tmp_path))
    b = bmod.topsheet(_schedule(), card)
    assert b["schema"] == "BudgetTopSheet.2"
    # Crew, per grip (30.00 an hour, 12-hour days):
    #  ISO week 19: 4 days (4, 5, 6, 10 May) = 48 h -> 35 h base, 8 h at +25 %, 5 h at +50 %
    #  ISO week 20: 11 May = 12 h base.   base 47 h x 30 = 1,410.00
    #  overtime 8 h x 37.50 = 300.00 and 5 h x 45.00 = 225.00
    #  night: half of the 5th's pages -> 6 h x 7.50 = 45.00
    #  Sunday 10th and holiday 11th: 24 h x 30.00 = 720.00
    #  prep 2 days x 7 h = 14 h x 30 = 420.00          per grip 3,120.00, two grips 6,240.00
    crew = _acc(b, "crew")
    assert crew["likely"] == 6240.00
    by_item = {x["item"]: x for x in crew["lines"]}
    assert by_item["Grip ×2: overtime, 2nd tier"]["amount"] == 450.00
    assert by_item["Grip ×2: night premium"]["quantity"] == 12
    # Cast, ANA: 350 agreed is under the 400 minimum -> 5 paid days x 400 = 2,000.00
    #  hours over 8 a contract day: 4 x 11 - 5 x 8 = 4 h x 6.85 (25 % of 27.40) = 27.40
    #  night: 5.5 h x 6.85 = 37.675 -> 37.68; Sunday and holiday: 22 h x 27.40 = 602.80
    cast = _acc(b, "cast")
    assert cast["likely"] == 2667.88
    assert b["warnings"] and "ANA" in b["warnings"][0]["en"] and "400,00" in b["warnings"][0]["fr"]
    # Charges: 45 % of 6,240.00 = 2,808.00; 40 % of 2,667.88 = 1,067.152 -> 1,067.15
    assert _acc(b, "social_charges")["likely"] == 3875.15
    # Insurance 2 % of 12,783.03 = 255.66; contingency 10 % of 13,038.69 = 1,303.87
    assert _acc(b, "insurance")["likely"] == 255.66
    assert _acc(b, "contingency")["likely"] == 1303.87
    assert b["total"]["likely"] == 14342.56
    assert [r["number"] for r in b["accounts"]][:5] == ["1.1", "1.2", "2", "3", "4"]
    assert [w["ref"] for w in b["wage_lines"]] == ["test-wages/actor", "test-wages/tech"]


def test_a_negotiated_fee_above_the_minimum_is_kept(tmp_path: Path) -> None:
    card = bmod.read_ratecard(_files(tmp_path))
    card["accounts"]["cast"]["daily"] = {"ANA": 500}
    card["accounts"]["crew"]["positions"][0]["daily"] = 300  # 1,500 a week: 37.50 an hour
    b = bmod.topsheet(_schedule(), card)
    assert not b["warnings"]
    assert _acc(b, "cast")["lines"][0]["amount"] == 2500.00
    assert _acc(b, "crew")["lines"][0]["amount"] == 2 * 47 * 37.50


def test_xlsx_totals_add_up(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    card = bmod.read_ratecard(_files(tmp_path))
    card["accounts"]["crew"]["positions"].append(
        {"role": "Guess", "role_fr": "Deviné", "wage": "test-wages/guess", "count": 1}
    )
    b = bmod.topsheet(_schedule(), card)
    wb = load_workbook(bmod.write_xlsx(b, tmp_path / "b.xlsx"), read_only=True)
    assert wb.sheetnames == ["Top sheet", "Detail", "Wages"]
    top = list(wb["Top sheet"].iter_rows(min_row=3, values_only=True))
    accounts, total = top[:-1], top[-1]
    assert total[1] == "Total"
    for col in (3, 4, 5):
        assert round(sum(Decimal(str(r[col])) for r in accounts), 2) == Decimal(str(total[col]))
    detail = list(wb["Detail"].iter_rows(min_row=2, values_only=True))
    for number, _, _, _, likely, _ in accounts:
        lines = [Decimal(str(r[7])) for r in detail if r[0] == number]
        assert sum(lines) == Decimal(str(likely)), number
    wages = {r[0]: r for r in wb["Wages"].iter_rows(min_row=2, values_only=True)}
    assert wages["test-wages/guess"][7] == "NO" and wages["test-wages/guess"][9] == "read nowhere"
    assert wages["test-wages/tech"][7] == "yes"


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_view_says_which_minimum_is_unverified(tmp_path: Path, lang: str) -> None:
    from tests.test_script_french import _render, _visible
    from tests.test_web_language import foreign

    card = bmod.read_ratecard(_files(tmp_path))
    card["accounts"]["crew"]["positions"][0]["wage"] = "test-wages/guess"
    b = bmod.topsheet(_schedule(), card)
    texts = _visible(_render("budget-topsheet", lang, outputs_json={"budget/json": b}))
    assert not [(t, foreign(t, lang)) for t in texts if foreign(t, lang)]
    assert ("lu nulle part" if lang == "fr" else "read nowhere") in texts
    assert ("Majoration de nuit" if lang == "fr" else "Night premium") in texts
    assert ("999,00 €" if lang == "fr" else "€999.00") in texts  # the minimum used


BAD_WAGES = [
    ({"source": None}, "source: expected text"),
    ({"valid_from": "1er janvier"}, "valid_from: expected a date"),
    ({"schema": "WageCard.9"}, "schema: expected WageCard.1"),
    ({"lines": []}, "lines: expected a list"),
    ({"lines": [{**WAGES["lines"][2], "note": None}]}, "lines.guess.note: expected text"),
    ({"lines": [{**WAGES["lines"][0], "verified": "yes"}]}, "lines.tech.verified"),
    ({"lines": [{**WAGES["lines"][0], "amount": -3}]}, "lines.tech.amount"),
    ({"lines": [{**WAGES["lines"][0], "basis": "month"}]}, "lines.tech.basis"),
    (
        {"lines": [dict(WAGES["lines"][0]), dict(WAGES["lines"][0])]},
        "lines.tech: the id is used twice",
    ),
    (
        {"lines": [{**WAGES["lines"][0], "hours": 35, "check": {"hours": 39, "amount": 1300}}]},
        "gives 1371.43 for 39 h, not 1300",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_WAGES)
def test_bad_wage_card(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    path = tmp_path / "wages.yaml"
    path.write_text(yaml.safe_dump({**WAGES, **change}), encoding="utf-8")
    with pytest.raises(BadFile) as exc:
        ratecards.read(path)
    assert str(exc.value).startswith(f"{path}: ") and message in str(exc.value)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c.update(wages=["nope-2031"]), "unknown wage card 'nope-2031'"),
        (lambda c: c["accounts"]["cast"].update(wage="test-wages/lead"), "accounts.cast.wage"),
        (lambda c: c["accounts"]["cast"].update(wage="test-wages/tech"), "a daily minimum"),
        (lambda c: c["labour"].update(night_rate="x"), "labour.night_rate"),
        (lambda c: c["labour"].update(nigth_rate=0.5), "invalid labour 'nigth_rate'"),
        (lambda c: c["labour"].update(overtime=[{"rate": 0.25}, {"rate": 0.5}]), "last tier"),
    ],
)
def test_bad_rate_card_names_the_card(tmp_path: Path, edit: Any, message: str) -> None:
    path = _files(tmp_path)
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(card)
    path.write_text(yaml.safe_dump(card), encoding="utf-8")
    with pytest.raises(BadFile) as exc:
        bmod.read_ratecard(path)
    assert str(exc.value).startswith(f"{path}: ") and message in str(exc.value)


def test_a_broken_wage_card_is_named_not_the_rate_card(tmp_path: Path) -> None:
    path = _files(tmp_path, {**WAGES, "currency": ""})
    with pytest.raises(BadFile, match=r"wages\.yaml: currency: expected text"):
        bmod.read_ratecard(path)


def test_example_card_pays_crew_and_cast_on_dated_minimums() -> None:
    from tests.test_schedule_budget import _doc

    b = bmod.topsheet(_doc(), bmod.read_ratecard(bmod.example_ratecard_path()))
    refs = {w["ref"] for w in b["wage_lines"]}
    assert "fr-cinema-actors-2013/long-metrage-jour" in refs
    assert "fr-cinema-technicians-2023/premier-assistant-operateur" in refs
    assert all(w["source"] and w["valid_from"] for w in b["wage_lines"])
    assert {c["id"] for c in b["wage_cards"]} == {w["ref"].split("/")[0] for w in b["wage_lines"]}
    assert b["labour"]["sources"]["overtime"].startswith("code du travail")
    assert _acc(b, "social_charges")["likely"] > 0


def test_cli_lists_wage_cards() -> None:
    r = CliRunner().invoke(app, ["schedule", "wages"])
    assert r.exit_code == 0 and "fr-cinema-actors-2013" in r.output
    r = CliRunner().invoke(app, ["schedule", "wages", "fr-cinema-technicians-2023"])
    assert r.exit_code == 0 and "UNVERIFIED" in r.output and "1341.56" in r.output
    r = CliRunner().invoke(app, ["schedule", "wages", "fr-cinema-2099"])
    assert isinstance(r.exception, ImagiaError) and "unknown wage card" in str(r.exception)


def test_a_wage_card_path_stays_next_to_the_rate_card(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "outside.yaml").write_text(yaml.safe_dump(WAGES), encoding="utf-8")
    card = _card("../outside.yaml")
    (inner / "card.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    with pytest.raises(BadFile, match=r"card\.yaml: unknown wage card .*'\.\./outside\.yaml'"):
        bmod.read_ratecard(inner / "card.yaml")
    card["wages"] = [str(tmp_path / "outside.yaml")]
    (inner / "card.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    with pytest.raises(BadFile, match="unknown wage card"):
        bmod.read_ratecard(inner / "card.yaml")
