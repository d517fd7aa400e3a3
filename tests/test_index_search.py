"""``imagia search``: words, meaning across languages, people, sounds, on-screen text, filters.

The index is filled directly through :meth:`IndexStore.add` with known windows (embedded with
the real USE multilingual model), faces of named people, sound spans and on-screen text."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadValue, NotFound
from imagia.index.search import Query, reason_parts, search
from imagia.index.store import (
    AssetRecord,
    Face,
    Findings,
    IndexStore,
    ScreenText,
    Shot,
    SoundSpan,
    Window,
    open_index,
)
from imagia.index.vectors import MODEL, embed
from tests.test_cli import imagia

FR = [
    (0.0, 4.0, "La voiture rouge est garée devant la maison."),
    (4.0, 8.0, "Il fait beau aujourd'hui, allons nous promener."),
]
EN = [
    (0.0, 3.0, "I bought fresh bread at the bakery this morning."),
    (3.0, 6.0, "The car broke down on the highway last night."),
    (6.0, 9.0, "My grandmother plays the piano every Sunday."),
    (9.0, 12.0, "We should schedule the meeting for next week."),
]


def _windows(lines: list[tuple[float, float, str]]) -> list[Window]:
    vecs = embed([t for _, _, t in lines])
    out = []
    for (s, e, t), v in zip(lines, vecs, strict=True):
        words = t.split()
        step = (e - s) / len(words)
        out.append(
            Window(
                s,
                e,
                t,
                tuple((w, s + k * step, s + (k + 1) * step) for k, w in enumerate(words)),
                v.tobytes(),
            )
        )
    return out


def _fill(store: IndexStore) -> None:
    fr = AssetRecord("a" * 64, "/rushes/street_fr.mov", 8.0, Fraction(25), language="fr")
    en = AssetRecord(
        "b" * 64, "/rushes/interview_en.mov", 12.0, Fraction(24000, 1001), language="en"
    )
    store.add(
        fr,
        [Shot(0, 100, "outputs/j/thumbs/a-1.jpg"), Shot(100, 200, None)],
        _windows(FR),
        Findings(
            faces=[Face(t, 10, 10, 50, 50, 0.9) for t in (0.0, 1.0, 2.0)],
            texts=[
                ScreenText(1.0, 3.0, "RUE DE LA PAIX", (100, 150, 350, 34), 0.92),
                ScreenText(5.0, 7.0, "BOULANGERIEDUPONT", (80, 40, 300, 30), 0.9),
            ],
            sounds=[SoundSpan(0.0, 8.0, "speech", 0.9)],
            vector_model=MODEL,
        ),
    )
    store.add(
        en,
        [Shot(0, 144), Shot(144, 288)],
        _windows(EN),
        Findings(
            faces=[Face(t, 10, 10, 50, 50, 0.9) for t in (3.0, 4.0, 5.0)],
            sounds=[SoundSpan(0.0, 6.0, "speech", 0.95), SoundSpan(6.0, 9.0, "music", 0.8)],
            vector_model=MODEL,
        ),
    )
    with store.connect() as con:  # the people, named as a user would
        for name, aid in (("Marc", 1), ("Élodie Martin", 2)):
            pid = con.execute("INSERT INTO people(name, created) VALUES(?, 0)", (name,)).lastrowid
            con.execute("UPDATE faces SET person_id=? WHERE asset_id=?", (pid, aid))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> IndexStore:
    s = IndexStore(tmp_path_factory.mktemp("ix") / "index.db")
    _fill(s)
    return s


def test_keyword_search_finds_the_words_with_timecode_and_shot(store: IndexStore) -> None:
    m = search(store, Query("voiture", semantic=False))
    assert len(m) == 1 and m[0].asset == "street_fr.mov"
    assert m[0].why == ["words: voiture"]
    assert m[0].to_dict()["reasons"] == [{"code": "words", "value": "voiture"}]
    assert m[0].start == pytest.approx(4.0 / 8)  # the word's own time
    assert m[0].timecode == "00:00:00:12" and m[0].shot == 1
    assert m[0].thumbnail == "outputs/j/thumbs/a-1.jpg"
    assert search(store, Query("GARÉE", semantic=False))[0].text == FR[0][2]


def test_cross_language_meaning_ranks_the_car_window_first(store: IndexStore) -> None:
    m = search(store, Query("voiture", asset="interview_en.mov"))
    assert m and m[0].text == EN[1][2]
    assert m[0].why[0].startswith("meaning ") and float(m[0].why[0].split()[1]) >= 0.1
    # words and meaning together: the French window said "voiture" comes first
    both = search(store, Query("voiture"))
    assert both[0].asset == "street_fr.mov"
    assert both[0].why[0] == "words: voiture" and both[0].why[1].startswith("meaning")
    assert {x.text for x in both[:2]} == {FR[0][2], EN[1][2]}
    assert search(store, Query("piano lessons for grandma"))[0].text == EN[2][2]


def test_person_filter_and_listing(store: IndexStore) -> None:
    spans = search(store, Query(person="elodie"))
    assert [(x.asset, x.start, x.end) for x in spans] == [("interview_en.mov", 3.0, 6.0)]
    assert spans[0].why == ["person: Élodie Martin"] and "car broke down" in spans[0].text
    m = search(store, Query("car", person="Élodie Martin"))
    assert m[0].text == EN[1][2] and "person: Élodie Martin" in m[0].why
    assert all(x.asset == "interview_en.mov" and x.start < 6.0 and x.end > 3.0 for x in m)
    assert search(store, Query("bread", person="Élodie", semantic=False)) == []
    with pytest.raises(NotFound, match="person"):
        search(store, Query(person="Nobody"))


def test_person_filter_without_the_people_module(
    store: IndexStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "imagia.index.people" else real(name, *a),
    )
    spans = search(store, Query(person="élodie martin"))
    assert [(x.start, x.end, x.why) for x in spans] == [(3.0, 6.0, ["person: Élodie Martin"])]
    with pytest.raises(NotFound, match="person"):
        search(store, Query(person="Nobody"))


def test_sound_filter_and_listing(store: IndexStore) -> None:
    m = search(store, Query(sound="music"))
    assert [(x.asset, x.start, x.end, x.why) for x in m] == [
        ("interview_en.mov", 6.0, 9.0, ["sound: music"])
    ]
    assert search(store, Query("piano", sound="music"))[0].text == EN[2][2]
    assert search(store, Query("car", sound="music", semantic=False)) == []
    both = search(store, Query(person="Marc", sound="speech"))
    assert [(x.asset, x.start, x.end) for x in both] == [("street_fr.mov", 0.0, 3.0)]
    assert both[0].why == ["person: Marc", "sound: speech"]
    with pytest.raises(BadValue, match="sound"):
        search(store, Query(sound="bagpipes"))


def test_asset_and_language_filters(store: IndexStore) -> None:
    assert search(store, Query("voiture", asset="interview*", semantic=False)) == []
    assert {x.asset for x in search(store, Query("car", asset="aaaa"))} == {"street_fr.mov"}
    assert {x.asset for x in search(store, Query("car", lang="en"))} == {"interview_en.mov"}
    with pytest.raises(NotFound, match="asset"):
        search(store, Query("car", asset="nothing*.mxf"))
    with pytest.raises(NotFound, match="language"):
        search(store, Query("car", lang="de"))


def test_on_screen_text_joins_the_moment_it_overlaps(store: IndexStore) -> None:
    m = search(store, Query("rue de la paix"))
    hit = next(x for x in m if any(w.startswith("on screen") for w in x.why))
    assert "on screen: RUE DE LA PAIX" in hit.why and hit.asset == "street_fr.mov"
    assert hit.start < 3.0 and hit.end > 1.0
    only = search(store, Query("paix", semantic=False))
    assert [(x.start, x.end, x.text, x.why) for x in only] == [
        (1.0, 3.0, "RUE DE LA PAIX", ["on screen: RUE DE LA PAIX"])
    ]
    glued = search(store, Query("dupont boulangerie", semantic=False))  # spaces lost by OCR
    assert [(x.start, x.end, x.why) for x in glued] == [
        (5.0, 7.0, ["on screen: BOULANGERIEDUPONT"])
    ]
    assert search(store, Query("dupont", semantic=False, asset="interview*")) == []


def test_bad_queries(store: IndexStore) -> None:
    with pytest.raises(BadValue, match="query"):
        search(store, Query(""))
    with pytest.raises(BadValue, match="query"):
        search(store, Query("?!"))
    with pytest.raises(BadValue, match="limit"):
        search(store, Query("car", limit=0))


def test_job_entry_writes_versioned_moments(tmp_path: Path) -> None:
    from imagia.core.registry import get_tool
    from imagia.index.search_jobs import run_search2

    ws = wsmod.init(tmp_path / "w")
    _fill(open_index(ws))
    job = jobs.create(ws, get_tool("index-search"), {"query": "voiture"}, [])
    ctx = jobs.JobContext(ws, job.id, None)
    r = run_search2({"query": "voiture", "asset": "interview*", "person": ""}, ctx)
    assert r["moments"] >= 1 and r["top"][0]["text"] == EN[1][2]
    data = json.loads((ctx.output_dir / "index-search.json").read_text())
    assert data["schema"] == "IndexSearch.2" and data["query"] == "voiture"
    assert data["filters"]["asset"] == "interview*" and data["filters"]["person"] is None
    assert data["provenance"]["details"]["embedding_model"]["name"] == MODEL
    assert data["provenance"]["schema"] == "Provenance.1"
    assert data["moments"][0]["why"][0].startswith("meaning")


def test_cli_search_json_and_errors(tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    _fill(open_index(ws))
    r = imagia(
        "search", "voiture", "--lang", "en", "-w", str(ws.root), "--format", "json", cwd=tmp_path
    )
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["text"] == EN[1][2] and rows[0]["timecode"] == "00:00:02:23"
    r = imagia("search", "--sound", "music", "-w", str(ws.root), "--format", "csv", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.splitlines()[0] == "asset,timecode,why,text,thumbnail"
    edl = tmp_path / "selects.edl"
    r = imagia(
        "search",
        "car",
        "--limit",
        "2",
        "--selects",
        str(edl),
        "-w",
        str(ws.root),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    text = edl.read_text()
    assert "FROM CLIP NAME: interview_en.mov" in text and " 00:00:03:07 " in text
    assert "words: car" in text
    r = imagia("search", "--person", "Zoé", "-w", str(ws.root), cwd=tmp_path)
    assert r.returncode == 1 and "Zoé" in r.stderr and "Traceback" not in r.stderr


def test_vectors_step_embeds_every_window(tmp_path: Path) -> None:
    import numpy as np

    from imagia.index.analysis import AssetWork, IngestOptions
    from imagia.index.vectors import vectors_step

    work = AssetWork(
        tmp_path / "x.wav",
        "e" * 64,
        IngestOptions(),
        tmp_path,
        tmp_path,
        Fraction(25),
        8.0,
        None,
        None,
        False,
        True,
    )
    work.findings.windows = [
        Window(0.0, 2.0, "The car broke down."),
        Window(2.0, 4.0, "La voiture est en panne."),
    ]
    vectors_step(work)
    vecs = [np.frombuffer(w.vector or b"", dtype=np.float32) for w in work.findings.windows]
    assert [v.shape for v in vecs] == [(512,), (512,)]
    assert np.linalg.norm(vecs[0]) == pytest.approx(1.0, abs=1e-4)
    assert float(vecs[0] @ vecs[1]) > 0.5  # the same sentence in two languages
    assert work.findings.vector_model == MODEL
    assert work.models and work.models[0]["name"] == MODEL


def test_reason_parts_name_each_reason_for_a_page() -> None:
    assert reason_parts("meaning 0.81") == {"code": "meaning", "value": "0.81"}
    assert reason_parts("on screen: RUE DE LA PAIX") == {
        "code": "on_screen",
        "value": "RUE DE LA PAIX",
    }
    assert reason_parts("person: Nora") == {"code": "person", "value": "Nora"}
    assert reason_parts("sound: Music") == {"code": "sound", "value": "Music"}
    assert reason_parts("something else") == {"code": "other", "value": "something else"}
