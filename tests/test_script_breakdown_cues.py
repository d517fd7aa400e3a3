"""Breakdown elements the lexicons do not list, found by their context (imagia.script.cues), and
the rules that keep the grown lexicons from stepping on each other. Lexicons only: fast."""

from __future__ import annotations

import pytest

from imagia.script import breakdown as bdm
from imagia.script import cues
from imagia.script.analysis import ReportOptions, analyse
from imagia.script.formats import loads

EN = "INT. HOUSE - NIGHT\n\n{}\n\nRUTH\nWell.\n"
FR = "INT. MAISON - NUIT\n\n{}\n\nRUTH\nBon, alors on y va, je crois que c'est le moment.\n"


def _items(frame: str, action: str) -> list[bdm.Item]:
    text = frame.format(action)
    return (
        bdm.break_down(loads(text.encode(), "fountain"), bdm.BreakdownOptions(nlp=False))
        .scenes[0]
        .items
    )


def _found(frame: str, action: str) -> set[tuple[str, str]]:
    return {(i.category, i.name) for i in _items(frame, action)}


@pytest.mark.parametrize(
    ("frame", "action", "category", "name"),
    [
        # names no lexicon lists, told by the verb
        (EN, "Ruth parks the Hispano-Suiza by the gate.", "vehicles", "hispano-suiza"),
        (EN, "Ruth loads the Purdey and waits.", "weapons", "purdey"),
        (EN, "Behind the wheel of a Zastava, Ruth smokes.", "vehicles", "zastava"),
        (FR, "Ruth gare sa Zastava devant la grange.", "vehicles", "zastava"),
        (FR, "Au volant de sa Zastava, Ruth fume.", "vehicles", "zastava"),
        (FR, "Ruth dégaine son Manhurin et attend.", "weapons", "manhurin"),
        # compounds ending with a listed word
        (EN, "Ruth climbs a stepladder to the loft.", "props", "stepladder"),
        (EN, "A racehorse stamps in the yard.", "animals", "racehorse"),
    ],
)
def test_unlisted_elements_by_their_context(
    frame: str, action: str, category: str, name: str
) -> None:
    found = _found(frame, action)
    assert (category, name) in found, sorted(found)
    assert next(i for i in _items(frame, action) if i.name == name).method in (
        "context",
        "compound",
    )


@pytest.mark.parametrize(
    ("frame", "action", "name", "count"),
    [
        (FR, "Une vingtaine de cueilleurs remontent le chemin.", "cueilleurs", 20),
        (FR, "Une foule de curistes attend devant les thermes.", "curistes", None),
        (EN, "A gaggle of schoolteachers waits at the gate.", "schoolteachers", None),
        (EN, "A crowd of angry ratepayers fills the hall.", "ratepayers", None),
    ],
)
def test_unlisted_people_gathered_are_extras(
    frame: str, action: str, name: str, count: int | None
) -> None:
    extras = {i.name: i.count for i in _items(frame, action) if i.category == "extras"}
    assert name in extras and extras[name] == count, extras


def test_gathered_things_are_not_people() -> None:
    found = _found(EN, "A row of bollards lines the quay. Dozens of pebbles cover the path.")
    assert not any(c == "extras" for c, _ in found), found


def test_issue_examples_in_both_languages() -> None:
    """The examples of issue 19: a Land Rover, a shotgun, a kettle, "une dizaine de passants"
    (extras, 10), a cat's jump that is no stunt, "HOMME EN COSTUME" a character."""
    en = _found(EN, "A battered Land Rover stops. Ruth loads a shotgun and fills the kettle.")
    assert {("vehicles", "land rover"), ("weapons", "shotgun"), ("props", "kettle")} <= en
    fr = _items(FR, "Une dizaine de passants regardent. Le chat saute sur la table.")
    assert {(i.name, i.count) for i in fr if i.category == "extras"} == {("passant", 10)}
    assert not any(i.category == "stunts" for i in fr)
    cast = _found(FR, "Un HOMME EN COSTUME attend sur le quai, une Land Rover derrière lui.")
    assert ("cast", "HOMME EN COSTUME") in cast and ("vehicles", "land rover") in cast


def test_a_counted_description_in_capitals() -> None:
    officers = _items(EN, "Two CUSTOMS OFFICERS search the car.")
    assert ("CUSTOMS OFFICERS", 2) in {(i.name, i.count) for i in officers if i.category == "cast"}


def test_a_listed_phrase_in_capitals_is_not_a_character() -> None:
    found = _found(EN, "A crowd of PASSENGERS waves. A GERMAN SHEPHERD sleeps.")
    assert ("extras", "passenger") in found and ("animals", "german shepherd") in found
    assert not any(c == "cast" and n != "RUTH" for c, n in found), found


def test_set_dressing_stays_where_things_are_taken_from() -> None:
    found = _found(EN, "Ruth grabs the gold from the shelves. Then she grabs a chair.")
    assert ("set_dressing", "shelves") in found and ("props", "chair") in found


def test_irregular_plurals() -> None:
    assert ("props", "knife") in _found(EN, "Ruth lays three knives on the board.")


def test_cue_helpers_on_plain_text() -> None:
    found = list(cues.verb_objects("He drives the Moskvitch home.", "en", lambda w: False, set()))
    assert found == [("vehicles", "moskvitch", "Moskvitch", 14)]
    assert list(cues.crowds("a pair of scissors", "en", lambda w: None, set())) == []
    tails = {"sword": ("weapons", "sword")}
    assert [c[:2] for c in cues.compounds([("greatswords", 0), ("password", 9)], tails)] == [
        ("weapons", "greatsword")
    ]


def test_report_counts_scenes_with_weapons() -> None:
    text = EN.format("Ruth loads a shotgun.") + "\nEXT. YARD - DAY\n\nRuth waits.\n"
    rep = analyse(loads(text.encode(), "fountain"), ReportOptions(nlp=False))
    assert rep["production"]["scenes_with"]["weapons"] == ["1"]


def test_a_moving_place_is_a_vehicle_and_its_name_is_learned() -> None:
    text = (
        "INT. ZASTAVA YUGO - MOVING - NIGHT\n\nRuth drives.\n\n"
        "EXT. FARM - DAY\n\nRuth leaves the Yugo by the barn.\n\nRUTH\nWell.\n"
    )
    bd = bdm.break_down(loads(text.encode(), "fountain"), bdm.BreakdownOptions(nlp=False))
    assert bd.scenes[0].names("vehicles") == ["zastava yugo"]
    assert "zastava yugo" in bd.scenes[1].names("vehicles")


def test_introduced_full_name_then_first_name() -> None:
    text = (
        "INT. FLAT - DAY\n\nODILE VARENNE (45 ans) range des cartons.\n\n"
        "EXT. RUE - JOUR\n\nOdile descend l'escalier.\n\nMARC\nAttends-moi !\n"
    )
    bd = bdm.break_down(loads(text.encode(), "fountain"), bdm.BreakdownOptions(nlp=False))
    assert "ODILE VARENNE" in bd.scenes[1].names("cast")


@pytest.mark.parametrize(
    ("frame", "action", "category", "name", "count"),
    [
        (EN, "Forty ratepayers queue at the door.", "extras", "ratepayers", 40),
        (EN, "Customs officers walk the line.", "extras", "officers", None),
        (FR, "Ruth et deux ACCORDEURS règlent le piano.", "cast", "ACCORDEURS", 2),
    ],
)
def test_counted_and_bare_groups(
    frame: str, action: str, category: str, name: str, count: int | None
) -> None:
    got = {(i.category, i.name): i.count for i in _items(frame, action)}
    assert (category, name) in got and got[(category, name)] == count, got


def test_a_person_word_before_a_listed_thing_is_a_modifier() -> None:
    found = _found(EN, "Ruth, in a pirate hat, waves.")
    assert ("wardrobe", "hat") in found and not any(c == "extras" for c, _ in found)
