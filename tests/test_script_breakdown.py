"""Breakdown against the hand-annotated samples, its exports (scene list CSV for the schedule
tools, XLSX sheets, JSON) and corrections that survive a new draft."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.script import breakdown as bdm
from imagia.script import read
from imagia.script.demo import sample_path
from imagia.script.evaluate import answers, breakdown_scores

NO_NLP = bdm.BreakdownOptions(nlp=False)


@pytest.mark.parametrize(
    ("name", "precision", "recall"),
    [
        ("night-ferry.fountain", 0.8, 0.95),
        ("dernier-tram.fountain", 0.9, 0.9),
        ("held-out.fountain", 0.85, 0.6),  # written after the lexicons were frozen
        ("hors-echantillon.fountain", 0.9, 0.6),
    ],
)
def test_breakdown_against_annotations(name: str, precision: float, recall: float) -> None:
    bd = bdm.break_down(read(sample_path(name)), NO_NLP)
    s = breakdown_scores(bd, answers()[name]["breakdown"])["all"]
    assert s.precision >= precision and s.recall >= recall, s.to_dict()


def test_elements_carry_where_and_how() -> None:
    sp = read(sample_path("night-ferry.fountain"))
    bd = bdm.break_down(sp, NO_NLP)
    s1 = bd.scenes[0]
    ferry = next(i for i in s1.items if i.name == "ferry")
    assert (ferry.category, ferry.method, ferry.confidence) == ("vehicles", "caps", 0.85)
    assert ferry.mentions[0].text == "FERRY" and ferry.mentions[0].line is not None
    assert s1.names("cast") == ["NORA", "SAM"]
    s8 = bd.scenes[7]
    little = next(i for i in s8.items if i.name == "LITTLE NORA")
    assert little.note == "minor (8)"
    assert bd.scenes[4].day_night == "NIGHT"  # CONTINUOUS follows the scene before
    assert next(i for i in bd.scenes[4].items if i.category == "music").method == "lyrics"


def test_scene_list_csv_for_the_schedule_tools() -> None:
    bd = bdm.break_down(read(sample_path("dernier-tram.fountain")), NO_NLP)
    rows = list(csv.DictReader(io.StringIO(bdm.scene_list_csv(bd))))
    assert list(rows[0])[:6] == ["scene", "int_ext", "location", "time_of_day", "eighths", "cast"]
    assert rows[0]["scene"] == "1" and rows[0]["location"] == "PLACE DU MARCHÉ"
    assert rows[6]["cast"].split(";") == ["CAMILLE", "HÉLÈNE", "JÉRÔME", "LE PATRON"]
    assert all(int(r["eighths"]) >= 1 for r in rows)
    assert rows[5]["day_night"] == "NIGHT" and rows[0]["extras"]


def test_xlsx_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    bd = bdm.break_down(read(sample_path("night-ferry.fountain")), NO_NLP)
    out = bdm.to_xlsx(bd, tmp_path / "b.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Summary" and len(wb.sheetnames) == 1 + len(bd.scenes)
    sh = wb["Sc 1"]
    assert sh["A1"].value == "EXT. HARBOUR - QUAYSIDE - NIGHT"
    cast_row = next(r for r in sh.iter_rows(min_row=5) if r[0].value == "Cast")
    assert cast_row[0].fill.fgColor.rgb.endswith(bdm.COLOURS["cast"])
    csv_rows = list(csv.reader(io.StringIO(bdm.elements_csv(bd))))
    assert csv_rows[0][:4] == ["scene", "heading", "category", "name"]


def test_corrections_survive_a_new_draft(tmp_path: Path) -> None:
    v1 = read(sample_path("night-ferry.fountain"))
    bd1 = bdm.break_down(v1, NO_NLP)
    data = bd1.to_dict()
    # the user fixes scene 1 (the gangway is set, not a vehicle) and scene 3 (changed later)
    for s in data["scenes"]:
        if s["scene"] in ("1", "3"):
            s["items"] = [i for i in s["items"] if i["name"] != "gangway"]
            s["items"].append(
                {
                    "category": "equipment",
                    "name": "rain towers",
                    "method": "user",
                    "confidence": 1.0,
                    "mentions": [],
                }
            )
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    v2 = read(sample_path("night-ferry-v2.fountain"))
    bd2 = bdm.break_down(v2, NO_NLP)
    n = bdm.apply_corrections(bd2, bdm.load(edited))
    assert n == 3  # scenes 1, 2 and the flashback are unchanged
    s1 = bd2.scenes[0]
    assert s1.corrected and "rain towers" in s1.names("equipment")
    assert "gangway" not in s1.names("vehicles")
    s3 = next(s for s in bd2.scenes if s.heading.startswith("EXT. OPEN SEA"))
    assert not s3.corrected and "rain towers" not in s3.names("equipment")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "Other.1"}')
    with pytest.raises(BadFile, match="bad.json: schema 'Other.1'"):
        bdm.load(bad)


@pytest.mark.slow
def test_spacy_filters_verbs_and_finds_objects() -> None:
    pytest.importorskip("spacy")
    sp = read(sample_path("held-out.fountain"))
    lex = breakdown_scores(bdm.break_down(sp, NO_NLP), answers()["held-out.fountain"]["breakdown"])
    bd = bdm.break_down(sp, bdm.BreakdownOptions(nlp=True))
    assert bd.nlp and "spacy-en-sm" in bd.nlp
    nlp = breakdown_scores(bd, answers()["held-out.fountain"]["breakdown"])
    assert nlp["all"].recall > lex["all"].recall
    assert any(i.method == "object" for s in bd.scenes for i in s.items)
    ferry = bdm.break_down(
        read(sample_path("night-ferry.fountain")), bdm.BreakdownOptions(nlp=True)
    )
    assert "watch" not in ferry.scenes[0].names("props")  # "watches from his booth" is a verb


def test_the_schedule_domain_reads_the_scene_list(tmp_path: Path) -> None:
    scenes_mod = pytest.importorskip("imagia.schedule.scenes")
    bd = bdm.break_down(read(sample_path("night-ferry.fountain")), NO_NLP)
    path = tmp_path / "scenes.csv"
    path.write_text(bdm.scene_list_csv(bd), encoding="utf-8")
    scenes = scenes_mod.read_scenes(path)
    assert [s.id for s in scenes] == [str(i) for i in range(1, 9)]
    assert scenes[0].cast == ("NORA", "SAM") and scenes[0].day_night == "NIGHT"
    assert scenes[0].set == "HARBOUR - QUAYSIDE"
    assert sum(s.eighths for s in scenes) == sum(s.eighths for s in bd.scenes)
