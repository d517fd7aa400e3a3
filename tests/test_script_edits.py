"""Breakdown edits (``BreakdownEdits.1``): recorded, kept in the workspace, carried to the
breakdown of a new draft where a scene was renumbered, changed or cut."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile, BadValue
from imagia.core.workspace import Workspace
from imagia.script import edits as ed
from imagia.script.breakdown import Breakdown, SceneBreakdown
from imagia.script.elements import Item

DRAFT1 = """Title: The Kettle

INT. KITCHEN - DAY #1#

ANNA (40s) fills a kettle at the sink. Her cat jumps onto the table.

ANNA
Tea?

EXT. STREET - NIGHT #2#

A Land Rover parks under a lamp. TOM (30s) gets out with a shotgun.

TOM
Nobody move.

INT. KITCHEN - NIGHT #3#

Anna reads a letter by candlelight.
"""
# Draft 2: a new first scene (everything renumbered), the kitchen scene rewritten, the street
# unchanged, the night kitchen cut.
DRAFT2 = """Title: The Kettle

INT. HALLWAY - DAY #1#

Anna hangs up her coat.

INT. KITCHEN - DAY #2#

ANNA (40s) fills a kettle at the sink, humming. Her cat jumps onto the table and purrs.

ANNA
Tea, anyone?

EXT. STREET - NIGHT #3#

A Land Rover parks under a lamp. TOM (30s) gets out with a shotgun.

TOM
Nobody move.
"""


def _scene(number: str, heading: str, fp: str, *items: tuple[str, str]) -> SceneBreakdown:
    place = heading.rsplit(" - ", 1)[0].split(". ", 1)[-1]
    return SceneBreakdown(
        number,
        int(number),
        heading,
        heading.split(".")[0],
        place,
        None,
        heading.rsplit(" - ", 1)[-1],
        None,
        8,
        fp,
        [Item(c, n, "lexicon", 0.7) for c, n in items],
    )


def _bd(*scenes: SceneBreakdown) -> Breakdown:
    return Breakdown("The Kettle", "en", list(scenes))


def _names(scene: SceneBreakdown) -> set[tuple[str, str]]:
    return {(i.category, i.name) for i in scene.items}


def _draft1() -> Breakdown:
    return _bd(
        _scene("1", "INT. KITCHEN - DAY", "aaa", ("props", "kettle"), ("stunts", "jumps")),
        _scene("2", "EXT. STREET - NIGHT", "bbb", ("vehicles", "land rover")),
        _scene("3", "INT. KITCHEN - NIGHT", "ccc", ("props", "letter")),
    )


def _draft2() -> Breakdown:
    return _bd(
        _scene("1", "INT. HALLWAY - DAY", "ddd", ("wardrobe", "coat")),
        _scene("2", "INT. KITCHEN - DAY", "eee", ("props", "kettle"), ("stunts", "jumps")),
        _scene("3", "EXT. STREET - NIGHT", "bbb", ("vehicles", "land rover")),
    )


def _edits(bd: Breakdown) -> ed.Edits:
    kept = ed.Edits("the-kettle")
    ed.record(kept, ed.make_edit(bd, 0, "remove", "jumps", "stunts"))
    ed.record(kept, ed.make_edit(bd, 0, "add", "Teapot", "props"))
    ed.record(kept, ed.make_edit(bd, 1, "recategorise", "land rover", "props", "vehicles"))
    ed.record(kept, ed.make_edit(bd, 2, "add", "candles", "set_dressing", count=None))
    return kept


def test_edits_carry_to_a_renumbered_changed_draft() -> None:
    kept = _edits(_draft1())
    new = _draft2()
    result = ed.apply(new, kept)
    hall, kitchen, street = new.scenes
    assert ("stunts", "jumps") not in _names(kitchen)  # removed stays removed
    assert ("props", "Teapot") in _names(kitchen)  # added, its scene changed and renumbered
    assert ("props", "land rover") in _names(street)  # recategorised keeps its category
    assert ("vehicles", "land rover") not in _names(street)
    assert _names(hall) == {("wardrobe", "coat")}
    assert result.carried == 3 and len(result.lost) == 1  # the night kitchen was cut
    assert result.lost[0]["name"] == "candles"
    assert result.to_dict()["lost"] == 1


def test_repeated_headings_keep_their_rank() -> None:
    kept = ed.Edits("x")
    d1 = _bd(
        _scene("1", "INT. KITCHEN - DAY", "a1", ("props", "cup")),
        _scene("2", "INT. KITCHEN - DAY", "a2", ("props", "cup")),
    )
    ed.record(kept, ed.make_edit(d1, 1, "remove", "cup", "props"))
    d2 = _bd(
        _scene("1", "EXT. YARD - DAY", "zz"),
        _scene("2", "INT. KITCHEN - DAY", "b1", ("props", "cup")),
        _scene("3", "INT. KITCHEN - DAY", "b2", ("props", "cup")),
    )
    ed.apply(d2, kept)
    assert _names(d2.scenes[1]) == {("props", "cup")}
    assert _names(d2.scenes[2]) == set()


def _do(kept: ed.Edits, op: str, name: str, category: str, previous: str | None = None) -> None:
    """An edit made as the web view makes it: on the breakdown with the edits so far."""
    bd = _draft1()
    ed.apply(bd, kept)
    ed.record(kept, ed.make_edit(bd, 0, op, name, category, previous))


def test_record_folds_edits() -> None:
    kept = ed.Edits("k")
    _do(kept, "add", "spoon", "props")
    _do(kept, "remove", "Spoon", "props")
    assert kept.edits == []  # adding then removing leaves nothing to carry
    _do(kept, "recategorise", "kettle", "set_dressing", "props")
    _do(kept, "recategorise", "kettle", "sfx", "set_dressing")
    assert [(e.op, e.previous, e.category) for e in kept.edits] == [
        ("recategorise", "props", "sfx")
    ]
    _do(kept, "recategorise", "kettle", "props", "sfx")
    assert kept.edits == []  # back where the detector put it
    _do(kept, "recategorise", "kettle", "sfx", "props")
    _do(kept, "remove", "kettle", "sfx")
    assert [(e.op, e.category) for e in kept.edits] == [("remove", "props")]
    _do(kept, "add", "kettle", "props")  # adding back what was removed
    assert kept.edits == []


def test_bad_edits_are_refused() -> None:
    bd = _draft1()
    with pytest.raises(BadValue, match="category"):
        ed.make_edit(bd, 0, "add", "x", "furniture")
    with pytest.raises(BadValue, match="op"):
        ed.make_edit(bd, 0, "rename", "x", "props")
    with pytest.raises(BadValue, match="scene"):
        ed.make_edit(bd, 9, "add", "x", "props")
    with pytest.raises(BadValue, match="not in scene 1"):
        ed.make_edit(bd, 0, "remove", "anvil", "props")
    with pytest.raises(BadValue, match="name"):
        ed.make_edit(bd, 0, "add", "  ", "props")
    with pytest.raises(BadValue, match="count"):
        ed.make_edit(bd, 0, "add", "crowd", "extras", count=0)


def test_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    kept = _edits(_draft1())
    path = ed.write(ed.path_for(tmp_path, "the-kettle"), kept)
    assert path == tmp_path / "edits" / "breakdown" / "the-kettle.json"
    back = ed.read(path)
    assert back.to_dict() == kept.to_dict()
    assert ed.read(tmp_path / "none.json", "k").edits == []
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "Other.1"}')
    with pytest.raises(BadFile, match=r"bad\.json: not a BreakdownEdits\.1"):
        ed.read(bad)
    data = kept.to_dict()
    data["edits"][1]["category"] = "furniture"
    bad.write_text(json.dumps(data))
    with pytest.raises(BadFile, match=r"bad\.json: edit 2: .*category"):
        ed.read(bad)
    data["edits"][1] = {**kept.edits[1].to_dict(), "scene": "kitchen"}
    bad.write_text(json.dumps(data))
    with pytest.raises(BadFile, match="edit's scene"):
        ed.read(bad)
    bad.write_text("{not json")
    with pytest.raises(BadFile, match=r"bad\.json"):
        ed.read(bad)


@pytest.mark.parametrize(
    ("title", "name", "key"),
    [
        ("The Kettle", "anything.fountain", "the-kettle"),
        (None, "film-v2.fountain", "film"),
        (None, "film draft 3.pdf", "film"),
        (None, "La Nuit_v3_final.txt", "la-nuit"),
        (None, "1917.fountain", "1917"),
    ],
)
def test_screenplay_key(title: str | None, name: str, key: str) -> None:
    assert ed.screenplay_key(title, name) == key


def test_breakdown_job_carries_the_workspace_edits(ws: Workspace) -> None:
    """The job (web, API and CLI alike) reads the edits kept for the screenplay."""
    d1 = ws.files_dir / "kettle.fountain"
    d1.parent.mkdir(parents=True, exist_ok=True)
    d1.write_text(DRAFT1)
    job = jobs.submit(ws, "script-breakdown", {"file": str(d1), "nlp": False})
    done = jobs.run(ws, job.id)
    assert done.result["edits_carried"] == 0
    out = ws.root / next(o["path"] for o in done.outputs if o["kind"] == "breakdown/json")
    bd = Breakdown.from_dict(json.loads(out.read_text()))
    kitchen = bd.scenes[0]
    first = kitchen.items[-1]
    key = ed.screenplay_key(bd.title, d1.name)
    ed.save(ws.root, key, bd.title, ed.make_edit(bd, 0, "remove", first.name, first.category))
    ed.save(ws.root, key, bd.title, ed.make_edit(bd, 0, "add", "teapot", "props"))
    ed.save(ws.root, key, bd.title, ed.make_edit(bd, 2, "add", "candles", "set_dressing"))
    d2 = ws.files_dir / "kettle-v2.fountain"
    d2.write_text(DRAFT2)
    job2 = jobs.run(ws, jobs.submit(ws, "script-breakdown", {"file": str(d2), "nlp": False}).id)
    assert job2.status == "done", job2.error
    assert job2.result["edits_carried"] == 2 and job2.result["edits_not_carried"] == 1
    data = json.loads(
        (
            ws.root / next(o["path"] for o in job2.outputs if o["kind"] == "breakdown/json")
        ).read_text()
    )
    assert data["edits"]["carried"] == 2 and data["edits"]["file"].startswith("edits/")
    kitchen2 = next(s for s in data["scenes"] if s["heading"] == "INT. KITCHEN - DAY")
    names = {(i["category"], i["name"]) for i in kitchen2["items"]}
    assert ("props", "teapot") in names and (first.category, first.name) not in names
    assert kitchen2["scene"] == "2"
    inputs = [i["path"] for i in data["provenance"]["inputs"]]
    assert any(p.endswith("edits/breakdown/the-kettle.json") for p in inputs)


def test_the_cli_carries_the_workspace_edits(tmp_path: Path) -> None:
    """``imagia script breakdown`` reads the edits kept in its workspace, as the web does."""
    from tests.test_script_cli import imagia

    wsdir = wsmod.init(tmp_path / "ws").root
    d2 = tmp_path / "kettle-v2.fountain"
    d2.write_text(DRAFT2)
    anchor = ed.Anchor("1", "INT. KITCHEN - DAY", "a-fingerprint-of-draft-1")
    ed.save(wsdir, "the-kettle", "The Kettle", ed.Edit("add", anchor, "teapot", "props"))
    r = imagia("script", "breakdown", str(d2), "--no-nlp", "--workspace", str(wsdir), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "edits carried over from edits/breakdown/the-kettle.json: 1" in r.stdout
    assert "teapot" in r.stdout
