"""Faces found in clips of real photos, grouped into people across assets, named once."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("dlib")
pytest.importorskip("cv2")
pytest.importorskip("skimage", reason="the test faces are scikit-image's sample data")

from imagia.core import workspace as wsmod
from imagia.core.errors import BadValue, NotFound
from imagia.index import people
from imagia.index.analysis import IngestOptions
from imagia.index.faces import FaceOptions, detect_faces, face_chip
from imagia.index.ingest import index_paths
from imagia.index.store import IndexStore
from tests.faces_media import LFW_B, LFW_C, Shot, frame, person, spans, still_clip
from tests.test_cli import app, imagia, runner

A, B, C = "astronaut", f"lfw:{LFW_B}", f"lfw:{LFW_C}"
# Shots last whole frames at 25 fps, with cuts between samples (every 0.5 s).
ONE: list[Shot] = [(A, 1.6), (B, 1.6), (None, 1.2), (A, 1.6)]
TWO: list[Shot] = [(C, 1.6), (A, 1.6)]
THREE: list[Shot] = [(None, 0.4), (A, 1.6)]
FPS = 2.0


@dataclass
class Built:
    root: Path
    clips: dict[str, Path]
    truth: dict[str, dict[str, list[tuple[float, float]]]]

    def store(self, dest: Path) -> IndexStore:
        """A private copy of the index (tests change it), with its thumbnails."""
        shutil.copytree(self.root / "thumbs", dest / "thumbs", dirs_exist_ok=True)
        (dest / "index").mkdir(parents=True, exist_ok=True)
        shutil.copy(self.root / "index.db", dest / "index" / "index.db")
        return IndexStore(dest / "index" / "index.db")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Two clips indexed (faces only, 2 samples a second) and clustered; a third made."""
    root = tmp_path_factory.mktemp("faces")
    shots = {"one.mp4": ONE, "two.mp4": TWO, "three.mp4": THREE}
    clips = {n: still_clip(root / n, s) for n, s in shots.items()}
    store = IndexStore(root / "index.db")
    rep = index_paths(
        store,
        [clips["one.mp4"], clips["two.mp4"]],
        root / "thumbs",
        root,
        IngestOptions(steps=("faces",), sample_fps=FPS),
    )
    assert not rep.failed, rep.failed
    model = rep.models[0]
    assert model["model"] == "dlib-face-resnet-v1" and len(model["files"][1]["sha256"]) == 64
    people.cluster(store)
    return Built(root, clips, {n: spans(s) for n, s in shots.items()})


def _faces(store: IndexStore) -> list[dict[str, Any]]:
    with store.connect() as con:
        return [
            dict(r)
            for r in con.execute(
                "SELECT a.name AS asset, f.* FROM faces f JOIN assets a ON a.id=f.asset_id "
                "ORDER BY a.name, f.t"
            )
        ]


def _who(built: Built, asset: str, t: float) -> str | None:
    for who, spans_ in built.truth[asset].items():
        if any(s - 1e-6 <= t < e for s, e in spans_):
            return who
    return None


def test_detect_faces_on_photos() -> None:
    astro = detect_faces(person(A))
    assert len(astro) == 1  # the mission patch (HOG score 0.12) is dropped by min_score
    x, y, _w, h = astro[0].box
    assert 160 < x < 200 and 60 < y < 100 and 80 < h < 110  # Eileen Collins' face
    assert astro[0].descriptor.shape == (128,) and astro[0].descriptor.dtype == np.float32
    lfw = detect_faces(frame(B))
    assert len(lfw) == 1
    assert float(np.linalg.norm(astro[0].descriptor - lfw[0].descriptor)) > 0.7
    assert detect_faces(frame(None)) == []
    big = detect_faces(frame(A, (1920, 1080)))  # downscaled to 720 lines, box in source px
    small = detect_faces(frame(A, (640, 360)))
    assert len(big) == 1 and abs(big[0].box[3] / small[0].box[3] - 3.0) < 0.4
    assert float(np.linalg.norm(big[0].descriptor - small[0].descriptor)) < 0.3
    assert face_chip(frame(A), small[0]).shape == (96, 96, 3)
    assert detect_faces(frame(A), FaceOptions(min_height=60)) == []  # 53-px face
    with pytest.raises(BadValue, match="image"):
        detect_faces(np.zeros((10, 10), np.uint8))


def test_faces_are_found_in_their_shots(built: Built) -> None:
    store = IndexStore(built.root / "index.db")
    faces = _faces(store)
    for f in faces:
        who = _who(built, f["asset"], f["t"])
        assert who is not None, f
        assert len(f["embedding"]) == 128 * 4
        assert (built.root / f["thumbnail"]).is_file()
    # every shot with a face is seen: at its first sample and its last
    for asset, by_who in built.truth.items():
        if asset == "three.mp4":
            continue
        for spans_ in by_who.values():
            for s, e in spans_:
                ts = [f["t"] for f in faces if f["asset"] == asset and s - 1e-6 <= f["t"] < e]
                assert ts and min(ts) - s < 1 / FPS and e - max(ts) <= 1 / FPS + 1e-6, (asset, s)
    # one track per shot, one thumbnail per track, faces kept no more than 2 s apart
    assert len({f["thumbnail"] for f in faces}) == 5
    assert len(faces) == 10  # of 17 samples with a face


def test_people_are_clustered_across_assets(built: Built) -> None:
    store = IndexStore(built.root / "index.db")
    faces = _faces(store)
    by_person: dict[int, Counter[str]] = {}
    for f in faces:
        who = _who(built, f["asset"], f["t"])
        by_person.setdefault(f["person_id"], Counter())[str(who)] += 1
    assert sorted(sorted(c) for c in by_person.values()) == [[A], [B], [C]]  # purity 1.0
    rows = {r["id"]: r for r in people.list_people(store)}
    astro = next(p for p, c in by_person.items() if A in c)
    assert rows[astro]["assets"] == ["one.mp4", "two.mp4"] and rows[astro]["faces"] == 6
    assert rows[astro]["first_asset"] == "one.mp4" and rows[astro]["first_time"] == 0.0
    assert rows[astro]["name"] is None and rows[astro]["thumbnail"].endswith(".jpg")
    with store.connect() as con:
        ids = {r["name"]: r["id"] for r in con.execute("SELECT id, name FROM assets")}
    moments = people.person_moments(store, [astro])
    assert moments == [
        (ids["one.mp4"], 0.0, 1.5),
        (ids["one.mp4"], 4.5, 5.5),
        (ids["two.mp4"], 2.0, 3.0),
    ]


def test_names_stay_through_reclustering_and_new_assets(built: Built, tmp_path: Path) -> None:
    store = built.store(tmp_path)
    astro = max(people.list_people(store), key=lambda p: p["faces"])["id"]
    assert people.name_person(store, astro, "  Élodie ") == {"id": astro, "name": "Élodie"}
    assert people.find_person(store, "elodie") == [astro]
    assert people.find_person(store, "ÉLODIE") == [astro]
    r = people.cluster(store, rebuild=True)
    assert r["people"] == 3 and r["named"] == 1 and r["placed"] == 4
    assert people.find_person(store, "Elodie") == [astro]
    before = {p["id"] for p in people.list_people(store)}
    index_paths(
        store,
        [built.clips["three.mp4"]],
        tmp_path / "thumbs",
        tmp_path,
        IngestOptions(steps=("faces",), sample_fps=FPS),
    )
    with store.connect() as con:  # the ingest grouped the new faces itself
        assert con.execute("SELECT count(*) FROM faces WHERE person_id IS NULL").fetchone()[0] == 0
    r = people.cluster(store)
    assert r["placed"] == 0 and r["new_people"] == 0
    rows = {p["id"]: p for p in people.list_people(store)}
    assert set(rows) == before and rows[astro]["name"] == "Élodie"
    assert rows[astro]["assets"] == ["one.mp4", "two.mp4", "three.mp4"]
    people.name_person(store, astro, "Élodie Martin")
    assert people.find_person(store, "elodie") == [astro]
    with pytest.raises(NotFound, match="unknown person 'elodi martin'") as err:
        people.find_person(store, "elodi martin")
    assert "Élodie Martin" in str(err.value)


def test_merge_people(built: Built, tmp_path: Path) -> None:
    store = built.store(tmp_path)
    small = sorted(p["id"] for p in people.list_people(store) if p["faces"] == 2)
    people.name_person(store, small[1], "Paul")
    r = people.merge_people(store, small[0], small[1])
    assert r == {
        "id": small[0],
        "name": "Paul",
        "merged": small[1],
        "moved": 2,
        "faces": 4,
        "dropped_name": None,
    }
    rows = {p["id"]: p for p in people.list_people(store)}
    assert small[1] not in rows and rows[small[0]]["faces"] == 4
    assert people.find_person(store, "paul") == [small[0]]
    r = people.cluster(store, rebuild=True)  # a merge made by the user is kept
    assert r["people"] == 2


def test_bad_inputs_are_one_line_errors(built: Built, tmp_path: Path) -> None:
    store = built.store(tmp_path)
    with pytest.raises(NotFound, match="unknown person '99'"):
        people.name_person(store, 99, "Élodie")
    with pytest.raises(BadValue, match="name"):
        people.name_person(store, 1, "   ")
    with pytest.raises(BadValue, match="itself"):
        people.merge_people(store, 1, 1)
    with pytest.raises(NotFound, match="unknown person '42'"):
        people.merge_people(store, 1, 42)
    with pytest.raises(NotFound, match="nobody is named yet"):
        people.find_person(store, "Élodie")
    with pytest.raises(BadValue, match="threshold"):
        people.cluster(store, threshold=0)
    with pytest.raises(NotFound):
        people.person_moments(store, [77])


def test_people_commands(built: Built, tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    built.store(ws.root)
    r = imagia("people", "list", "-w", str(ws.root), "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [p["faces"] for p in rows] == [6, 2, 2]
    assert all(Path(p["thumbnail"]).is_file() for p in rows)
    pid = rows[0]["id"]
    r = imagia("people", "name", str(pid), "Élodie", "-w", str(ws.root), cwd=tmp_path)
    assert r.returncode == 0 and f"person {pid} is Élodie" in r.stdout, r.stderr
    r = imagia("people", "name", "99", "Élodie", "-w", str(ws.root), cwd=tmp_path)
    assert r.returncode == 1 and "unknown person '99'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    out = runner.invoke(
        app, ["people", "merge", str(rows[1]["id"]), str(rows[2]["id"]), "-w", str(ws.root)]
    )
    assert out.exit_code == 0 and "4 face(s)" in out.stdout, out.output
    out = runner.invoke(
        app, ["people", "cluster", "--threshold", "0.55", "-w", str(ws.root), "--json"]
    )
    assert out.exit_code == 0 and json.loads(out.stdout)["people"] == 2, out.output
    out = runner.invoke(app, ["people", "list", "-w", str(ws.root), "--format", "csv"])
    assert out.stdout.splitlines()[0] == "id,name,faces,assets,first_seen,thumbnail"
    assert f'{pid},Élodie,6,"one.mp4, two.mp4",one.mp4 @ 0.0 s,' in out.stdout
