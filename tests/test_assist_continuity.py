"""Continuity rules on a screenplay written here: each kind of contradiction is found with both
citations, a clean screenplay gives none, and a bad bible is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.assist import continuity
from imagia.core.errors import BadFile
from imagia.script import formats

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "imagia" / "script" / "samples"

SCRIPT = """Title: THE ORCHARD

EXT. ORCHARD - DAY #1#

IRIS (20s, green eyes, straw hat) picks apples. Her uncle BASIL (60s, white hair) watches.

IRIS
The harvest is late.

INT. FARMHOUSE - NIGHT #2#

Basil dies in his armchair. Iris covers him with a blanket.

IRIS
Sleep now.

EXT. ORCHARD - DAWN #3#

IRIS (45, straw hat) wipes her brown eyes.

BASIL
Who left the gate open?

IRYS
Not me.

.FLASHBACK - THE ORCHARD - 1990 #4#

BASIL (30s) plants a tree.

BASIL
One day this will be yours.
"""


@pytest.fixture()
def orchard(tmp_path: Path):  # type: ignore[no-untyped-def]
    p = tmp_path / "orchard.fountain"
    p.write_text(SCRIPT, encoding="utf-8")
    return formats.read(p)


def test_each_kind_is_found_with_both_scenes(orchard) -> None:  # type: ignore[no-untyped-def]
    found = {(c.topic, c.a.scene, c.b.scene): c for c in continuity.check(orchard)}
    assert set(found) == {
        ("age", "1", "3"),
        ("eyes", "1", "3"),
        ("death", "2", "3"),
        ("name", "1", "3"),
    }, found
    death = found[("death", "2", "3")]
    assert death.subject == "BASIL" and "Basil dies" in death.a.quote
    assert "BASIL: Who left the gate open?" in death.b.quote
    assert "meurt" in death.fr and death.source == "rules"
    # the flashback's younger BASIL (30s) and his lines there are no contradiction


def test_the_bible_is_a_second_reference(orchard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bible = tmp_path / "bible.yaml"
    bible.write_text("characters:\n  IRIS: {age: 24, eyes: blue}\n  BASIL: {hair: white}\n")
    found = continuity.check(orchard, continuity.read_bible(bible))
    against = {(c.topic, c.b.scene) for c in found if c.a.scene == "bible"}
    assert against == {("age", "3"), ("eyes", "1"), ("eyes", "3")}


def test_clean_screenplays_give_nothing() -> None:
    for name in ("night-ferry.fountain", "dernier-tram.fountain", "held-out.fountain"):
        assert continuity.check(formats.read(SAMPLES / name)) == [], name


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("characters: [IRIS]\n", "expected 'characters:'"),
        ("characters:\n  IRIS: {age: old}\n", "IRIS.age"),
        ("characters: {IRIS: {age: 3\n", "not a readable YAML"),
    ],
)
def test_bad_bible_is_named(tmp_path: Path, text: str, problem: str) -> None:
    p = tmp_path / "bible.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(BadFile, match=problem) as e:
        continuity.read_bible(p)
    assert "bible.yaml" in str(e.value)
