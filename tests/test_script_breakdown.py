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
from imagia.script.formats import loads

NO_NLP = bdm.BreakdownOptions(nlp=False)


def _items(text: str, nlp: bool = False) -> list[bdm.Item]:
    """The elements of the first scene of a screenplay written in Fountain."""
    bd = bdm.break_down(loads(text.encode(), "fountain"), bdm.BreakdownOptions(nlp=nlp))
    return bd.scenes[0].items


def _found(text: str) -> set[tuple[str, str]]:
    return {(i.category, i.name) for i in _items(text)}


EN = "INT. HOUSE - NIGHT\n\n{}\n\nRUTH\nWell.\n"
FR = "INT. MAISON - NUIT\n\n{}\n\nRUTH\nBon, alors on y va, je crois que c'est le moment.\n"


@pytest.mark.parametrize(
    ("frame", "action", "category", "name"),
    [
        (EN, "Ruth talks to MARGOT (60s) by the door.", "cast", "MARGOT"),
        (FR, "Ruth parle avec MARGOT (60 ans) près de la porte.", "cast", "MARGOT"),
        (EN, "A crowd of passengers waits on the platform.", "extras", "passenger"),
        (FR, "Des badauds regardent la vitrine, puis Ruth sort.", "extras", "badaud"),
        (EN, "Ruth dives through the window and rolls down the bank.", "stunts", "dives"),
        (FR, "Ruth plonge dans le canal et se bat avec le voleur.", "stunts", "plonge"),
        (EN, "A battered Land Rover stops in the yard.", "vehicles", "land rover"),
        (FR, "Une vieille calèche attend devant la grille du château.", "vehicles", "calèche"),
        (EN, "Ruth loads a shotgun and checks the window.", "weapons", "shotgun"),
        (FR, "Ruth cache un poignard dans sa botte et sort.", "weapons", "poignard"),
        (EN, "A horse grazes behind the fence while Ruth waits.", "animals", "horse"),
        (FR, "Un renard traverse le jardin pendant que Ruth attend.", "animals", "renard"),
        (EN, "Ruth fills the kettle and sets out two mugs.", "props", "kettle"),
        (FR, "Ruth remplit la bouilloire et sort deux tasses du placard.", "props", "bouilloire"),
        (EN, "An old sofa faces the fireplace; Ruth sits down.", "set_dressing", "sofa"),
        (FR, "Un vieux buffet occupe le mur du fond ; Ruth entre.", "set_dressing", "buffet"),
        (EN, "Ruth, in a long overcoat, waits by the door.", "wardrobe", "overcoat"),
        (FR, "Ruth, en blouse blanche, attend près de la porte.", "wardrobe", "blouse blanche"),
        (EN, "Ruth wipes the blood from a scar on her chin.", "makeup", "blood"),
        (FR, "Ruth essuie le sang sur son arcade, une cicatrice au menton.", "makeup", "sang"),
        (EN, "Thick fog rolls in from the river; Ruth waits.", "sfx", "fog"),
        (FR, "Un épais brouillard monte de la rivière ; Ruth attend.", "sfx", "brouillard"),
        (EN, "A hologram of the city turns above the desk.", "vfx", "hologram"),
        (FR, "Un hologramme de la ville tourne au-dessus du bureau.", "vfx", "hologramme"),
        (EN, "A siren in the street. Ruth looks out.", "sound", "siren"),
        (FR, "Une sirène dans la rue. Ruth regarde dehors.", "sound", "sirène"),
        (EN, "An old piano in the corner; Ruth hums a tune.", "music", "piano"),
        (FR, "Un accordéon joue au loin ; Ruth écoute.", "music", "accordéon"),
        (EN, "DRONE SHOT over the roofs as Ruth runs.", "equipment", "drone"),
        (FR, "Plan en grue au-dessus des toits ; Ruth court.", "equipment", "grue"),
    ],
)
def test_each_category_in_english_and_french(
    frame: str, action: str, category: str, name: str
) -> None:
    found = _found(frame.format(action))
    assert (category, name) in found, sorted(found)


def test_descriptive_characters_in_capitals() -> None:
    items = _items(
        FR.format("Un HOMME EN COSTUME attend. TWO POLICE OFFICERS entrent.").replace(
            "RUTH", "HOMME EN COSTUME", 1
        )
    )
    got = {(i.category, i.name): i for i in items}
    assert ("cast", "HOMME EN COSTUME") in got and ("wardrobe", "costume") in got
    en = {(i.category, i.name): i for i in _items(EN.format("A STRANGER IN A RAINCOAT knocks."))}
    assert ("cast", "STRANGER IN A RAINCOAT") in en and ("wardrobe", "raincoat") in en
    officers = _items(EN.format("TWO POLICE OFFICERS come in."))
    assert next((i.name, i.count) for i in officers if i.name != "RUTH") == (
        "POLICE OFFICERS",
        2,
    )


def test_a_cat_that_jumps_is_not_a_stunt() -> None:
    cat = _found(EN.format("A ginger cat jumps from the dresser onto the table."))
    assert ("animals", "cat") in cat and not any(c == "stunts" for c, _ in cat)
    chat = _found(FR.format("Le chat saute sur la table et renverse le lait."))
    assert ("animals", "chat") in chat and not any(c == "stunts" for c, _ in chat)
    assert ("stunts", "jumps") in _found(EN.format("Ruth jumps from the roof onto a van."))


@pytest.mark.parametrize(
    ("frame", "action", "name", "count"),
    [
        (FR, "Une dizaine de figurants traversent la place.", "figurant", 10),
        (FR, "Une trentaine d'invités boivent du champagne.", "invité", 30),
        (EN, "A dozen truckers eat breakfast at the counter.", "trucker", 12),
        (EN, "About fifty guests fill the pews.", "guest", 50),
        (EN, "Twenty employees stare at their screens.", "employee", 20),
        (EN, "Two dock workers smoke by the gate.", "dock worker", 2),
    ],
)
def test_extras_head_counts(frame: str, action: str, name: str, count: int) -> None:
    extras = {i.name: i.count for i in _items(frame.format(action)) if i.category == "extras"}
    assert extras.get(name) == count, extras


def test_confidence_and_source_sentence_survive_json(tmp_path: Path) -> None:
    text = EN.format("Rain. A Volvo waits outside. Ruth takes the kettle from the stove.")
    bd = bdm.break_down(loads(text.encode(), "fountain"), NO_NLP)
    kettle = next(i for i in bd.scenes[0].items if i.name == "kettle")
    assert 0 < kettle.confidence <= 1
    assert kettle.mentions[0].sentence == "Ruth takes the kettle from the stove."
    rows = list(csv.DictReader(io.StringIO(bdm.elements_csv(bd))))
    assert next(r for r in rows if r["name"] == "kettle")["sentence"] == kettle.mentions[0].sentence
    path = tmp_path / "bd.json"
    path.write_text(json.dumps(bd.to_dict()), encoding="utf-8")
    again = bdm.load(path).scenes[0].items
    assert [i.to_dict() for i in again] == [i.to_dict() for i in bd.scenes[0].items]
    old = bd.to_dict()  # a Breakdown.1 file written before sentences and counts
    for s in old["scenes"]:
        for i in s["items"]:
            for m in i["mentions"]:
                m.pop("sentence")
    path.write_text(json.dumps(old), encoding="utf-8")
    assert bdm.load(path).scenes[0].items[0].mentions[0].sentence is None


def test_vehicle_of_the_scene_heading() -> None:
    found = _found("INT. MINIBUS - MOVING - DAY\n\nRuth sleeps against the window.\n")
    assert ("vehicles", "minibus") in found


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
    assert nlp["all"].recall >= lex["all"].recall
    assert nlp["all"].precision >= lex["all"].precision
    unlisted = _items(
        "INT. OFFICE - DAY\n\nRuth grabs the metronome and a pump-action shotgun.", True
    )
    assert ("props", "metronome", "object") in {(i.category, i.name, i.method) for i in unlisted}
    assert "pump-action shotgun" in {i.name for i in unlisted if i.category == "weapons"}
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


def test_lexicon_families_are_unique() -> None:
    """A family or category written twice would silently replace the first in YAML."""
    from importlib import resources

    import yaml

    text = (resources.files("imagia.script") / "lexicons.yaml").read_text(encoding="utf-8")

    def walk(node: yaml.Node, where: str) -> None:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            assert len(keys) == len(set(keys)), f"{where}: {sorted(keys)}"
            for k, v in node.value:
                walk(v, f"{where}/{k.value}")

    root = yaml.compose(text)
    assert root is not None
    walk(root, "lexicons")


def test_independent_scorer_matches_by_normalised_words() -> None:
    score = pytest.importorskip("benchmarks.breakdown_score")
    bd = {
        "scenes": [
            {
                "index": 1,
                "items": [
                    {"category": "weapons", "name": "pump-action shotguns"},
                    {"category": "weapons", "name": "shotgun"},  # a duplicate
                    {"category": "extras", "name": "figurants", "count": 10},
                    {"category": "props", "name": "kettle"},
                ],
            }
        ]
    }
    key = {1: {"weapons": ["shotgun"], "extras": ["figurant=10"], "props": ["fusil de chasse"]}}
    res = score.score(bd, key)
    w, x, p = (res.by_category[c] for c in ("weapons", "extras", "props"))
    assert (w.tp, w.fp, w.dup, x.tp, p.tp, p.fp, p.fn) == (1, 0, 1, 1, 0, 1, 1)
    assert (res.counts_right, res.counts_keyed) == (1, 1)
    assert score.matches("Fusils de chasse", ["fusil"]) and not score.matches("fusil", ["kettle"])
