"""Scene lists and constraints: formats read, and one clear message per kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.schedule.scenes import parse_constraints, read_scenes, scenes_from_rows

CSV = """scene,pages,cast,location,int_ext,day_night
1,1 3/8,ANA;BOB,HOUSE,INT,DAY
2,4/8,BOB,PARK,EXT,N
3,2,,PARK,EXT,JOUR
"""


def _cons(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"calendar": {"start": "2026-03-02", "days": 5}}
    data.update(over)
    return data


def test_csv_pages_aliases_and_defaults(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(CSV, encoding="utf-8")
    s = read_scenes(f)
    assert [x.eighths for x in s] == [11, 4, 16]
    assert s[0].cast == ("ANA", "BOB") and s[2].cast == ()
    assert s[1].day_night == "NIGHT" and s[2].day_night == "DAY"
    assert s[0].pages == "1 3/8" and s[0].set == "HOUSE"


def test_semicolon_csv_french_headers_json_and_xlsx(tmp_path: Path) -> None:
    f = tmp_path / "fr.csv"
    f.write_text(
        "séquence;huitièmes;rôles;décor;effet\n12A;6;MARIE, PAUL;GARE;NUIT\n", encoding="utf-8"
    )
    s = read_scenes(f)
    assert s[0].id == "12A" and s[0].cast == ("MARIE", "PAUL") and s[0].night
    j = tmp_path / "s.json"
    j.write_text(
        json.dumps({"scenes": [{"scene": 1, "eighths": 3, "cast": ["A"], "location": "X"}]})
    )
    assert read_scenes(j)[0].id == "1"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Scene", "Eighths", "Cast", "Location", "Day_Night"])
    ws.append([7, 9, "A; B", "X", "DAY"])
    wb.save(tmp_path / "s.xlsx")
    x = read_scenes(tmp_path / "s.xlsx")
    assert x[0].id == "7" and x[0].eighths == 9 and x[0].cast == ("A", "B")


def test_missing_columns_are_named(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("scene,cast\n1,A\n")
    with pytest.raises(BadFile, match=r"bad.csv: missing column\(s\): location, eighths"):
        read_scenes(f)


def test_negative_eighths_names_row_and_scene() -> None:
    with pytest.raises(BadFile, match=r"row 3 \(scene 2\): negative eighths \(-3\)"):
        scenes_from_rows(
            [
                {"scene": 1, "eighths": 2, "cast": "A", "location": "X"},
                {"scene": 2, "eighths": -3, "cast": "A", "location": "X"},
            ]
        )


def test_bad_values_in_rows() -> None:
    base = {"scene": 1, "eighths": 2, "cast": "A", "location": "X"}
    with pytest.raises(BadFile, match="day_night 'NOON'"):
        scenes_from_rows([{**base, "day_night": "noon"}])
    with pytest.raises(BadFile, match="appears twice"):
        scenes_from_rows([base, base])
    with pytest.raises(BadFile, match="empty location"):
        scenes_from_rows([{**base, "location": ""}])
    with pytest.raises(BadFile, match="not a number"):
        scenes_from_rows([{**base, "eighths": "lots"}])


def test_unknown_actor_in_constraints() -> None:
    scenes = scenes_from_rows([{"scene": 1, "eighths": 2, "cast": "ANA", "location": "X"}])
    with pytest.raises(BadValue, match="actors.ANNA") as exc:
        parse_constraints(_cons(actors={"ANNA": {"daily_cost": 5}}), scenes)
    assert "in no scene" in str(exc.value) and "ANA" in str(exc.value)


def test_dates_outside_the_calendar() -> None:
    scenes = scenes_from_rows([{"scene": 1, "eighths": 2, "cast": "ANA", "location": "X"}])
    with pytest.raises(
        BadValue,
        match=r"must_shoot \(scene 1\).date.*2026-03-07.*not a "
        "shooting day",
    ):
        parse_constraints(_cons(must_shoot=[{"scene": 1, "date": "2026-03-07"}]), scenes)
    with pytest.raises(BadValue, match="calendar.start"):
        parse_constraints({"calendar": {"start": "March", "days": 3}}, scenes)


def test_unknown_scene_and_location_references() -> None:
    scenes = scenes_from_rows([{"scene": 1, "eighths": 2, "cast": "ANA", "location": "X"}])
    with pytest.raises(BadValue, match="together.*'9'.*no such scene"):
        parse_constraints(_cons(together=[["1", "9"]]), scenes)
    with pytest.raises(BadValue, match="locations.Y"):
        parse_constraints(
            _cons(locations={"Y": {"available": [["2026-03-02", "2026-03-03"]]}}), scenes
        )
    with pytest.raises(BadFile, match="calendar.start is missing"):
        parse_constraints({"calendar": {"days": 3}}, scenes)


def test_calendar_skips_weekends_and_holidays() -> None:
    scenes = scenes_from_rows([{"scene": 1, "eighths": 2, "cast": "ANA", "location": "X"}])
    c = parse_constraints(
        {"calendar": {"start": "2026-05-07", "days": 3, "holidays": ["2026-05-08"]}}, scenes
    )
    assert [d.isoformat() for d in c.dates] == ["2026-05-07", "2026-05-11", "2026-05-12"]
