"""The media index's HTTP API and pages, in process: moment search with thumbnail and media URLs,
the original media streamed with HTTP Range, people named and merged, the rights register.

The index is built by inserting rows with ``IndexStore.add`` over a real 6 s clip made with
ffmpeg lavfi (so the media route serves real bytes); its thumbnails are outputs of a recorded
job, as ``index-add`` makes them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs
from imagia.core.provenance import sha256_file
from imagia.core.workspace import Workspace
from imagia.index.store import (
    AssetRecord,
    Face,
    Findings,
    Shot,
    SoundSpan,
    Window,
    open_index,
)
from tests.conftest import csrf_headers
from tests.test_api import error

CAR_START = 3.6  # the word "car" in the clip's second transcript window
REGISTER = """schema: RightsRegister.1
titles:
  - title: Les Nuits
    match: rushes.webm
    fps: 25
    grants:
      - id: ww-social
        territories: [WW]
        exclude: [US]
        channels: [social, press, tv]
        start: 2026-01-01
        end: 2027-12-31
        max_seconds: 90
        formats: {social: 60}
    music:
      - {name: Song X, start: "00:00:03", end: "00:00:05", cleared: [tv]}
    people:
      - {name: Jane Doe, channels: [social]}
"""


@dataclass(frozen=True)
class Indexed:
    clip: Path
    sha256: str
    job: str
    people: tuple[int, int]

    @property
    def media_url(self) -> str:
        return f"/api/index/media/{self.sha256}"

    def thumb_url(self, name: str) -> str:
        return f"/api/jobs/{self.job}/outputs/thumbs/{name}"


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args], check=True)


THUMBS = (
    ("s1.jpg", "1.5", "scale=240:-2"),
    ("s2.jpg", "4.5", "scale=240:-2"),
    ("face1.jpg", "1", "crop=90:90:20:20"),
    ("face2.jpg", "4", "crop=90:90:200:60"),
)


def make_media(folder: Path) -> Path:
    """A 6 s WebM clip (two shots of 3 s at 25 fps, a tone) and its thumbnails, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    clip = folder / "rushes.webm"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=320x180:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        "smptebars=s=320x180:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:d=6",
        "-filter_complex",
        "[0:v][1:v]concat=n=2:v=1:a=0[v]",
        "-map",
        "[v]",
        "-map",
        "2:a",
        "-c:v",
        "libvpx",
        "-b:v",
        "300k",
        "-g",
        "25",
        "-deadline",
        "realtime",
        "-c:a",
        "libopus",
        "-t",
        "6",
        str(clip),
    )
    for name, at, vf in THUMBS:
        _ffmpeg("-ss", at, "-i", str(clip), "-frames:v", "1", "-vf", vf, str(folder / name))
    return folder


def build_index(ws: Workspace, media: Path) -> Indexed:
    """The clip of ``media`` (:func:`make_media`) copied into the workspace and indexed with two
    transcript windows, two faces in two unnamed people and a music span; its thumbnails are
    outputs of a recorded ``index-add`` job."""
    clip = ws.files_dir / "rushes.webm"
    clip.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(media / clip.name, clip)
    job = jobs.submit(ws, "index-add", {"media": str(clip)}, [clip])
    ctx = jobs.JobContext(ws, job.id, None)
    thumbs = ctx.output_dir / "thumbs"
    thumbs.mkdir(parents=True)
    for name, _, _ in THUMBS:
        shutil.copy(media / name, thumbs / name)
        ctx.add_output(thumbs / name, "image/thumbnail")
    with ws.connect() as con:
        con.execute("UPDATE jobs SET status='done', progress=1 WHERE id=?", (job.id,))

    rel = f"outputs/{job.id}/thumbs"
    sha = sha256_file(clip)
    store = open_index(ws)
    words = (("the", 3.3, 3.45), ("red", 3.45, 3.6), ("car", 3.6, 3.9), ("arrives", 3.9, 4.5))
    store.add(
        AssetRecord(sha, str(clip.resolve()), 6.0, Fraction(25), 320, 180, "vp8", "opus", 1, "en"),
        [Shot(0, 75, f"{rel}/s1.jpg"), Shot(75, 150, f"{rel}/s2.jpg")],
        [
            Window(
                0.5,
                2.5,
                "hello and welcome to the night shoot",
                (("hello", 0.5, 0.9), ("and", 0.9, 1.0), ("welcome", 1.0, 1.5)),
            ),
            Window(3.3, 4.5, "the red car arrives", words),
        ],
        Findings(
            faces=[
                Face(1.0, 20, 20, 90, 90, 0.99, None, f"{rel}/face1.jpg"),
                Face(4.0, 200, 60, 90, 90, 0.97, None, f"{rel}/face2.jpg"),
            ],
            sounds=[SoundSpan(3.0, 5.0, "music", 0.8)],
        ),
    )
    with store.connect() as con:
        a = int(con.execute("INSERT INTO people(name, created) VALUES(NULL, 0)").lastrowid or 0)
        b = int(con.execute("INSERT INTO people(name, created) VALUES(NULL, 0)").lastrowid or 0)
        con.execute("UPDATE faces SET person_id=? WHERE t=1.0", (a,))
        con.execute("UPDATE faces SET person_id=? WHERE t=4.0", (b,))
    return Indexed(clip, sha, job.id, (a, b))


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_media(tmp_path_factory.mktemp("media"))


@pytest.fixture
def indexed(ws: Workspace, media: Path) -> Indexed:
    return build_index(ws, media)


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws, max_upload_bytes=1024 * 1024)) as c:
        yield c


def _register(tmp_path: Path, text: str = REGISTER, name: str = "rights.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- search -------------------------------------------------------------------------------------
def test_search_gives_moments_with_thumbnail_and_media_urls(
    client: TestClient, indexed: Indexed
) -> None:
    body = client.get("/api/index/search", params={"q": "car"}).json()
    assert body["count"] == len(body["moments"]) >= 1
    m = body["moments"][0]
    assert m["asset"] == "rushes.webm"
    assert m["sha256"] == indexed.sha256
    assert m["start"] == pytest.approx(CAR_START)
    assert m["timecode"] == "00:00:03:15"
    assert m["shot"] == 2
    assert any(w.startswith("words") for w in m["why"])
    assert "car" in m["text"]
    assert m["media_url"] == indexed.media_url
    assert m["thumbnail_url"] == indexed.thumb_url("s2.jpg")
    thumb = client.get(m["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.content[:2] == b"\xff\xd8"  # a JPEG


def test_search_filters_and_bad_requests(client: TestClient, indexed: Indexed) -> None:
    music = client.get("/api/index/search", params={"sound": "music"}).json()
    assert music["count"] == 1
    assert music["moments"][0]["start"] == pytest.approx(3.0)
    assert any("music" in w for w in music["moments"][0]["why"])
    both = client.get("/api/index/search", params={"q": "welcome", "sound": "music"}).json()
    assert both["count"] == 0  # said at 1 s, the music plays from 3 s
    by_asset = client.get(
        "/api/index/search", params={"q": "car", "asset": indexed.sha256[:12]}
    ).json()
    assert by_asset["count"] == 1
    error(client.get("/api/index/search"), 422, "bad_value")
    error(client.get("/api/index/search", params={"q": "car", "lang": "de"}), 422, "bad_value")
    error(client.get("/api/index/search", params={"q": "car", "limit": 0}), 422, "bad_value")
    error(client.get("/api/index/search", params={"person": "Nobody"}), 404, "not_found")
    error(
        client.get("/api/index/search", params={"q": "car", "asset": "none.mov"}), 404, "not_found"
    )


def test_without_an_index_lists_are_empty(client: TestClient, ws: Workspace) -> None:
    assert client.get("/api/index/search", params={"q": "car"}).json()["count"] == 0
    assert client.get("/api/index/assets").json() == []
    assert client.get("/api/index/people").json() == []
    assert not (ws.root / "index" / "index.db").exists()  # reading never creates it


def test_assets(client: TestClient, indexed: Indexed) -> None:
    (asset,) = client.get("/api/index/assets").json()
    assert asset["name"] == "rushes.webm" and asset["shots"] == 2
    assert asset["media_url"] == indexed.media_url


# -- media, with HTTP Range ---------------------------------------------------------------------
def test_media_is_served_whole_and_by_ranges(client: TestClient, indexed: Indexed) -> None:
    data = indexed.clip.read_bytes()
    size = len(data)
    whole = client.get(indexed.media_url)
    assert whole.status_code == 200
    assert whole.content == data
    assert whole.headers["content-type"] == "video/webm"
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-disposition"].startswith("inline")

    part = client.get(indexed.media_url, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-1099/{size}"
    assert part.content == data[100:1100]
    tail = client.get(indexed.media_url, headers={"Range": "bytes=-64"})
    assert tail.status_code == 206 and tail.content == data[-64:]
    rest = client.get(indexed.media_url, headers={"Range": f"bytes={size - 10}-"})
    assert rest.status_code == 206 and rest.content == data[-10:]
    upper = client.get(
        indexed.media_url.upper().replace("/API/INDEX/MEDIA/", "/api/index/media/"),
        headers={"Range": "bytes=0-0"},
    )
    assert upper.status_code == 206 and upper.content == data[:1]

    outside = client.get(indexed.media_url, headers={"Range": f"bytes={size}-"})
    error(outside, 416, "range_not_satisfiable")
    assert outside.headers["content-range"] == f"bytes */{size}"
    error(client.get(indexed.media_url, headers={"Range": "lines=1-2"}), 400, "bad_request")
    error(client.get(indexed.media_url, headers={"Range": "bytes=9-3"}), 400, "bad_request")


def test_media_serves_only_indexed_files(
    client: TestClient, indexed: Indexed, ws: Workspace
) -> None:
    body = error(client.get("/api/index/media/" + "0" * 64), 404, "not_found")
    assert body["message"].startswith("unknown indexed asset")
    error(client.get("/api/index/media/not-a-checksum"), 404, "not_found")
    error(client.get("/api/index/media/..%2F..%2Fetc%2Fpasswd"), 404, "not_found")
    (ws.root / "elsewhere").mkdir()
    indexed.clip.rename(ws.root / "elsewhere" / indexed.clip.name)
    moved = error(client.get(indexed.media_url), 404, "not_found")
    assert "no longer where it was indexed" in moved["message"] and moved["hint"]


def test_media_needs_the_token(ws: Workspace, indexed: Indexed) -> None:
    with TestClient(create_app(ws, token="s3cret")) as c:
        error(c.get(indexed.media_url), 401, "unauthorized")
        ok = c.get(indexed.media_url + "?token=s3cret", headers={"Range": "bytes=0-9"})
        assert ok.status_code == 206 and len(ok.content) == 10


# -- people -------------------------------------------------------------------------------------
def test_people_named_and_merged(client: TestClient, indexed: Indexed) -> None:
    a, b = indexed.people
    people = client.get("/api/index/people").json()
    assert {p["id"] for p in people} == {a, b}
    first = next(p for p in people if p["id"] == a)
    assert first["name"] is None and first["faces"] == 1
    assert first["thumbnail_url"] == indexed.thumb_url("face1.jpg")

    named = client.post(f"/api/index/people/{a}/name", json={"name": "  Ana   Duval "})
    assert named.status_code == 200, named.text
    assert named.json()["name"] == "Ana Duval"
    listed = {p["id"]: p["name"] for p in client.get("/api/index/people").json()}
    assert listed[a] == "Ana Duval"
    found = client.get("/api/index/search", params={"person": "ana duval"}).json()
    assert found["count"] == 1 and found["moments"][0]["start"] == pytest.approx(1.0)

    error(client.post("/api/index/people/999/name", json={"name": "X"}), 404, "not_found")
    error(client.post(f"/api/index/people/{a}/name", json={"name": "  "}), 422, "bad_value")
    error(client.post(f"/api/index/people/{a}/name", json={"nom": "X"}), 422, "bad_value")
    error(client.post("/api/index/people/merge", json={"keep": a, "other": a}), 422, "bad_value")
    merged = client.post("/api/index/people/merge", json={"keep": a, "other": b})
    assert merged.status_code == 200, merged.text
    assert merged.json()["name"] == "Ana Duval" and merged.json()["faces"] == 2
    assert [p["id"] for p in client.get("/api/index/people").json()] == [a]
    error(client.post("/api/index/people/merge", json={"keep": a, "other": b}), 404, "not_found")


# -- rights -------------------------------------------------------------------------------------
def test_rights_register_imported_and_listed(
    client: TestClient, ws: Workspace, tmp_path: Path
) -> None:
    empty = client.get("/api/index/rights").json()
    assert empty["register"] is False and empty["rows"] == []

    path = _register(tmp_path)
    with path.open("rb") as fh:
        resp = client.post("/api/index/rights", files={"file": ("rights.yaml", fh)})
    assert resp.status_code == 201, resp.text
    body = client.get("/api/index/rights").json()
    assert body["register"] is True
    assert [t["title"] for t in body["titles"]] == ["Les Nuits"]
    kinds = sorted(r["kind"] for r in body["rows"])
    assert kinds == ["grant", "music", "person"]
    grant = next(r for r in body["rows"] if r["kind"] == "grant")
    assert grant["id"] == "ww-social" and "social" in grant["channels"]
    assert body["imported"][0]["file"] == "rights.yaml"
    assert (ws.root / "rights" / "register.yaml").is_file()

    bad = _register(
        tmp_path,
        REGISTER.replace("channels: [social, press, tv]", "channels: [telepathy]"),
        "bad.yaml",
    )
    with bad.open("rb") as fh:
        err = error(
            client.post("/api/index/rights", files={"file": ("bad.yaml", fh)}), 400, "bad_file"
        )
    assert "line" in err["message"] and "\n" not in err["message"]
    assert [t["title"] for t in client.get("/api/index/rights").json()["titles"]] == [
        "Les Nuits"
    ]  # unchanged


# -- the pages ----------------------------------------------------------------------------------
def test_media_page_lists_moments(client: TestClient, indexed: Indexed) -> None:
    page = client.get("/media", params={"q": "car"}, headers={"accept-language": "en"})
    assert page.status_code == 200
    html = page.text
    assert 'class="moment"' in html and "rushes.webm" in html
    assert indexed.thumb_url("s2.jpg") in html
    assert f'data-start="{CAR_START}"' in html and "00:00:03:15" in html
    assert "/static/media.js" in html and "<script>" not in html and "style=" not in html
    idle = client.get("/media", headers={"accept-language": "fr"})
    assert idle.status_code == 200 and "Recherche dans les médias" in idle.text
    bad = client.get("/media", params={"q": "car", "lang": "xx"})
    assert bad.status_code == 422 and "error-box" in bad.text


def test_people_page_names_and_merges(client: TestClient, indexed: Indexed) -> None:
    a, b = indexed.people
    h = csrf_headers(client, "/people")  # the browser opened the page: its forms carry the token
    resp = client.post(f"/people/{a}/name", data={"name": "Ana"}, headers=h, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/people?saved=")
    assert "Ana" in client.get("/people").text
    resp = client.post("/people/merge", data={"keep": str(a), "other": "x"}, headers=h)
    assert resp.status_code == 422 and "error-box" in resp.text
    resp = client.post(
        "/people/merge", data={"keep": str(b), "other": str(a)}, headers=h, follow_redirects=False
    )
    assert resp.status_code == 303
    (person,) = client.get("/api/index/people").json()
    assert person["id"] == b and person["name"] == "Ana"
    cross = client.post(
        f"/people/{b}/name", data={"name": "Z"}, headers={**h, "origin": "http://evil.example"}
    )
    assert cross.status_code == 403


def test_rights_page_imports_and_shows_errors(client: TestClient, tmp_path: Path) -> None:
    page = client.get("/rights", headers={"accept-language": "en"})
    assert page.status_code == 200 and "No register imported yet." in page.text
    bad = _register(tmp_path, "schema: RightsRegister.1\ntitles: []\n", "empty.yaml")
    h = csrf_headers(client)
    with bad.open("rb") as fh:
        resp = client.post("/rights", files={"file": ("empty.yaml", fh)}, headers=h)
    assert resp.status_code == 400 and "error-box" in resp.text
    assert "the register lists no title" in resp.text
    with _register(tmp_path).open("rb") as fh:
        resp = client.post(
            "/rights", files={"file": ("rights.yaml", fh)}, headers=h, follow_redirects=False
        )
    assert resp.status_code == 303
    page = client.get(resp.headers["location"])
    assert "Les Nuits" in page.text and "ww-social" in page.text and "Jane Doe" in page.text


def test_clip_tool_reachable_from_its_use_case_page(client: TestClient) -> None:
    from imagia.core.registry import tools_for

    assert "clips-make" in [t.id for t in tools_for("clipping")]
    page = client.get("/usecases/clipping")
    assert page.status_code == 200 and 'id="tool-clips-make"' in page.text
