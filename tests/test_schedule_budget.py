"""Budget top sheet: lines follow the schedule and the rate card."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagia.core.errors import BadFile, BadValue
from imagia.schedule import budget as bmod
from tests.test_schedule_reports import DATES, DAYS, _setup

CARD: dict[str, Any] = {
    "currency": "EUR",
    "label": "EXAMPLE",
    "range": {"low": 0.9, "high": 1.2},
    "accounts": {
        "development": {"items": [{"item": "Script", "amount": 1000}]},
        "cast": {"default_daily": 50, "daily": {"CAT": 200}, "social_charges": 0.5},
        "crew": {
            "prep_days": 2,
            "positions": [
                {"role": "Director", "daily": 100, "count": 1, "prep": True},
                {"role": "Grip", "daily": 10, "count": 2},
            ],
        },
        "sets_and_locations": {"location_day": {"default": 30, "PARK": 70}},
        "equipment": {"per_shooting_day": [{"item": "Camera", "daily": 40}]},
        "transport": {"per_company_move": 5},
        "catering": {"per_head_per_day": 1},
        "insurance": {"percent": 10},
        "contingency": {"percent": 10},
    },
}


def _doc() -> dict[str, Any]:
    from imagia.schedule.model import Plan
    from imagia.schedule.reports import document

    scenes, cons = _setup()
    plan = Plan(DATES, DAYS, "OPTIMAL", True, 0, 0, 0.1, 5.0, {"total": 0})
    return document(plan, scenes, cons)


def _acc(b: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in b["accounts"] if r["account"] == name)


def test_lines_follow_the_schedule() -> None:
    b = bmod.topsheet(_doc(), CARD)
    assert [r["account"] for r in b["accounts"]] == list(bmod.ACCOUNTS)
    cast = _acc(b, "cast")
    # ANA 3 paid days at the constraints' 100; BOB 1 and DAN 1 at 50; CAT 3 at 200; +50 %
    assert cast["likely"] == (300 + 50 + 600 + 50) * 1.5
    crew = _acc(b, "crew")
    assert crew["likely"] == 100 * (4 + 2) + 10 * 2 * 4  # span of 4 days (one empty) + prep
    assert _acc(b, "sets_and_locations")["likely"] == 30 * 2 + 70  # HOUSE 2 days, PARK 1
    assert _acc(b, "equipment")["likely"] == 40 * 4
    # moves: HOUSE (day 1), PARK (day 2), HOUSE again after an empty day
    assert _acc(b, "transport")["likely"] == 5 * 3
    assert _acc(b, "catering")["likely"] == (3 + 2) + (3 + 2) + (3 + 3)
    direct = sum(_acc(b, a)["likely"] for a in bmod.ACCOUNTS if a not in bmod.PERCENT)
    assert _acc(b, "insurance")["likely"] == pytest.approx(direct * 0.1)
    assert _acc(b, "contingency")["likely"] == pytest.approx(direct * 1.1 * 0.1)
    assert b["total"]["likely"] == pytest.approx(direct * 1.1 * 1.1)
    assert b["total"]["low"] < b["total"]["likely"] < b["total"]["high"]
    assert _acc(b, "development")["low"] == 900


def test_lines_follow_rate_card_changes() -> None:
    doc = _doc()
    before = bmod.topsheet(doc, CARD)
    card = copy.deepcopy(CARD)
    card["accounts"]["cast"]["daily"]["CAT"] = 400
    card["accounts"]["sets_and_locations"]["location_day"]["PARK"] = 170
    after = bmod.topsheet(doc, card)
    assert _acc(after, "cast")["likely"] - _acc(before, "cast")["likely"] == 3 * 200 * 1.5
    assert (
        _acc(after, "sets_and_locations")["likely"]
        == _acc(before, "sets_and_locations")["likely"] + 100
    )
    assert _acc(after, "crew") == _acc(before, "crew")


def test_example_rate_card_is_labelled_with_currency() -> None:
    card = bmod.read_ratecard(bmod.example_ratecard_path())
    assert card["currency"] == "EUR" and "EXAMPLE" in card["label"]
    assert "IDCC 3097" in card["source"]
    b = bmod.topsheet(_doc(), card)
    assert b["total"]["likely"] > 0 and b["currency"] == "EUR"


def test_bad_rate_cards(tmp_path: Path) -> None:
    f = tmp_path / "card.yaml"
    f.write_text(yaml.safe_dump({"accounts": {}}))
    with pytest.raises(BadFile, match="currency"):
        bmod.read_ratecard(f)
    f.write_text(yaml.safe_dump({"currency": "EUR", "accounts": {"catring": {}}}))
    with pytest.raises(BadFile, match="card.yaml: unknown rate card account .catring"):
        bmod.read_ratecard(f)
    card = copy.deepcopy(CARD)
    card["accounts"]["equipment"]["per_shooting_day"][0]["daily"] = -4
    with pytest.raises(BadValue, match="equipment.per_shooting_day"):
        bmod.topsheet(_doc(), card)


def test_exports(tmp_path: Path) -> None:
    b = bmod.topsheet(_doc(), CARD)
    x = bmod.write_xlsx(b, tmp_path / "b.xlsx")
    p = bmod.write_pdf(b, tmp_path / "b.pdf")
    from openpyxl import load_workbook

    wb = load_workbook(x)
    assert wb.sheetnames == ["Top sheet", "Detail"]
    assert p.read_bytes()[:5] == b"%PDF-"


def test_accounts_and_lines_in_french_too() -> None:
    """Every account has a French title; the lines the code writes have a French text, those
    of the rate card theirs when the card gives one, and the example card gives them all."""
    b = bmod.topsheet(_doc(), CARD)
    assert all(r["title_fr"] and r["title_fr"] != r["title"] for r in b["accounts"])
    assert _acc(b, "cast")["lines"][-1]["item_fr"] == "Charges sociales patronales"
    assert _acc(b, "insurance")["lines"][0]["item_fr"] == "10\u00a0% des coûts directs"
    assert any("tournage" in x["item_fr"] for x in _acc(b, "cast")["lines"])
    assert _acc(b, "development")["lines"][0]["item_fr"] == ""  # this card gives none
    card = bmod.read_ratecard(bmod.example_ratecard_path())
    ex = bmod.topsheet(_doc(), card)
    assert ex["rate_card"]["label_fr"].startswith("Grille tarifaire d'EXEMPLE")
    for r in ex["accounts"]:
        for line in r["lines"]:
            assert line["item_fr"] and line["item_fr"] != line["item"], line


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_topsheet_view_in_one_language(lang: str) -> None:
    from tests.test_script_french import _render, _visible
    from tests.test_web_language import foreign

    b = bmod.topsheet(_doc(), bmod.read_ratecard(bmod.example_ratecard_path()))
    html = _render("budget-topsheet", lang, outputs_json={"budget/json": b})
    texts = _visible(html)
    assert len(texts) > 40
    assert not [(t, foreign(t, lang)) for t in texts if foreign(t, lang)]
    assert ("Équipe technique" if lang == "fr" else "Crew") in texts
    assert ("Charges sociales patronales" if lang == "fr" else "Employer's social charges") in texts
