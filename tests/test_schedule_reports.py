"""DOOD codes on a hand-made case, call sheets, and the JSON / XLSX / ICS / PDF exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from imagia.schedule import export
from imagia.schedule.model import Plan
from imagia.schedule.reports import call_sheets, document, dood
from imagia.schedule.scenes import parse_constraints, scenes_from_rows

ROWS = [
    {"scene": "1", "eighths": 8, "cast": "ANA;CAT", "location": "HOUSE", "int_ext": "INT"},
    {
        "scene": "2",
        "eighths": 12,
        "cast": "BOB;CAT",
        "location": "PARK",
        "int_ext": "EXT",
        "day_night": "NIGHT",
        "description": "Le parc, la nuit; «virgule», oui",
    },
    {"scene": "3", "eighths": 4, "cast": "ANA;CAT", "location": "HOUSE"},
    {"scene": "4", "eighths": 4, "cast": "DAN", "location": "HOUSE"},
]
DATES = [
    dt.date(2026, 3, 2),
    dt.date(2026, 3, 3),
    dt.date(2026, 3, 4),
    dt.date(2026, 3, 5),
    dt.date(2026, 3, 6),
]
DAYS = [["1"], ["2"], [], ["3", "4"], []]


def _setup() -> tuple:
    scenes = scenes_from_rows(ROWS)
    cons = parse_constraints(
        {
            "calendar": {"start": "2026-03-02", "days": 5},
            "actors": {"ANA": {"daily_cost": 100, "name": "Ana"}},
            "currency": "EUR",
        },
        scenes,
    )
    return scenes, cons


def test_dood_codes_on_a_hand_made_case() -> None:
    scenes, cons = _setup()
    d = dood(scenes, DATES, DAYS, cons)
    assert d["dates"] == ["2026-03-02", "2026-03-03", "2026-03-05"]  # shooting days only
    rows = {r["actor"]: r for r in d["actors"]}
    assert list(rows["ANA"]["codes"].values()) == ["SW", "H", "WF"]
    assert (rows["ANA"]["work"], rows["ANA"]["hold"], rows["ANA"]["paid_days"]) == (2, 1, 3)
    assert rows["ANA"]["cost"] == 300
    assert list(rows["BOB"]["codes"].values()) == ["SWF"]
    assert list(rows["CAT"]["codes"].values()) == ["SW", "W", "WF"]
    assert rows["DAN"]["codes"] == {"2026-03-05": "SWF"}
    assert d["totals"] == {"work": 2 + 1 + 3 + 1, "hold": 1, "paid_days": 8}


def test_call_sheets() -> None:
    scenes, cons = _setup()
    sheets = call_sheets(scenes, cons, DATES, DAYS)
    assert [s["day"] for s in sheets] == [1, 2, 3] and sheets[0]["of"] == 3
    assert sheets[1]["notes"][0] == "company move to PARK"
    assert any("night" in n for n in sheets[1]["notes"])
    assert [c["actor"] for c in sheets[2]["cast"]] == ["ANA", "CAT", "DAN"]
    assert sheets[2]["pages"] == "1"


@pytest.fixture
def doc() -> dict:
    scenes, cons = _setup()
    plan = Plan(
        DATES,
        DAYS,
        "OPTIMAL",
        True,
        0,
        0,
        0.1,
        5.0,
        {
            "cast": 300,
            "company_moves": 0,
            "day_night_switches": 0,
            "overtime": 0,
            "shoot_span": 0,
            "total": 300,
        },
    )
    return document(plan, scenes, cons)


def test_json_roundtrip(tmp_path: Path, doc: dict) -> None:
    p = export.write_json(doc, tmp_path / "x.schedule.json")
    back = json.loads(p.read_text(encoding="utf-8"))
    assert back["schema"] == "ShootingSchedule.1" and back["summary"]["shooting_days"] == 3
    assert back["problem"]["scenes"][1]["description"].startswith("Le parc")


def test_xlsx_has_stripboard_colours_dood_and_call_sheets(tmp_path: Path, doc: dict) -> None:
    from openpyxl import load_workbook

    p = export.write_xlsx(doc, tmp_path / "x.xlsx")
    wb = load_workbook(p)
    assert wb.sheetnames == ["Stripboard", "DOOD", "Call sheets", "Costs"]
    ws = wb["Stripboard"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][2] == "1" and rows[3][2] == "2"
    assert ws.cell(row=4, column=1).fill.fgColor.rgb.endswith("B5E3B0")  # EXT/NIGHT green
    dood_rows = list(wb["DOOD"].iter_rows(values_only=True))
    assert dood_rows[1][:5] == ("ANA", "Ana", "SW", "H", "WF")


def test_ics_one_event_per_shooting_day(doc: dict) -> None:
    text = export.to_ics(doc, "Demo")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20260303" in text and "DTEND;VALUE=DATE:20260304" in text
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "Le parc" not in unfolded  # descriptions stay out; scenes and cast are listed
    assert "SUMMARY:Demo day 2/3: sc. 2" in unfolded
    assert "BOB\\, CAT" in unfolded  # commas escaped


def test_pdf(tmp_path: Path, doc: dict) -> None:
    p = export.write_pdf(doc, tmp_path / "x.pdf")
    assert p.read_bytes()[:5] == b"%PDF-" and p.stat().st_size > 1500
