"""The HTTP API and the pages behind it, in process: every endpoint, every bad request."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs
from imagia.core.filekinds import sniff_head
from imagia.core.workspace import Workspace
from imagia.faces.uploads import safe_name
from tests.conftest import csrf_headers

LIMIT = 1024 * 1024


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws, max_upload_bytes=LIMIT, sse_interval=0.05)) as c:
        yield c


@pytest.fixture
def wav_in_ws(ws: Workspace, sine_wav: Path) -> str:
    shutil.copy(sine_wav, ws.files_dir / "tone.wav")
    return "files/tone.wav"


def error(resp: Any, status: int, kind: str) -> dict[str, Any]:
    """The one error shape, with the expected status and kind."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = resp.json()
    assert body["error"] == kind
    assert isinstance(body["message"], str) and body["message"]
    assert "hint" in body
    return body


def wait_done(client: TestClient, job_id: str, timeout: float = 30) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed", "interrupted"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']}")


# -- catalogue ----------------------------------------------------------------------------------
def test_catalogue_lists_every_card(client: TestClient) -> None:
    body = client.get("/api/catalogue").json()
    assert body["count"] == len(body["usecases"]) >= 60
    assert body["assessment"] == "2024-01"
    ids = {u["id"] for u in body["usecases"]}
    assert {"subtitling", "audio-post", "matchmaking"} <= ids


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("sector=games", lambda u: "games" in u["sectors"]),
        (
            "sector=cinema_av&stage=postproduction",
            lambda u: "postproduction" in u["stages"]["cinema_av"],
        ),
        ("maturity=4", lambda u: u["maturity"]["level"] == 4),
        ("impact=1", lambda u: u["impact"]["level"] == 1),
        ("group=broadcast", lambda u: u["group"] == "broadcast"),
        ("interest=cost_reduction", lambda u: "cost_reduction" in u["interests"]),
        (
            "profession=sound-editors",
            lambda u: "sound-editors" in [p["id"] for p in u["professions"]],
        ),
        ("status=imagia", lambda u: u["status"] in ("runs", "partial")),
    ],
)
def test_catalogue_filters(client: TestClient, query: str, check: Any) -> None:
    body = client.get(f"/api/catalogue?{query}").json()
    assert body["count"] > 0
    assert all(check(u) for u in body["usecases"])


@pytest.mark.parametrize(
    ("query", "param", "valid"),
    [
        ("sector=film", "sector", "cinema_av"),
        ("stage=shooting", "stage", "postproduction"),
        ("sector=games&stage=theatres", "stage", "post_launch"),
        ("profession=astronaut", "profession", "sound-editors"),
        ("group=misc", "group", "broadcast"),
        ("maturity=7", "maturity", "4"),
        ("maturity=high", "maturity", "1"),
        ("impact=0", "impact", "2"),
        ("interest=fun", "interest", "time_saving"),
        ("status=maybe", "status", "not_yet"),
    ],
)
def test_bad_filter_is_422_with_the_valid_values(
    client: TestClient, query: str, param: str, valid: str
) -> None:
    body = error(client.get(f"/api/catalogue?{query}"), 422, "bad_value")
    assert body["param"] == param
    assert valid in body["valid"]


def test_one_card_with_its_history(client: TestClient) -> None:
    card = client.get("/api/catalogue/subtitling").json()
    assert card["id"] == "subtitling" and card["name_fr"]
    assert card["history"][0]["date"] == "2024-01"
    audio = client.get("/api/catalogue/audio-post").json()
    assert audio["status"] == "partial"
    assert "audio-loudness" in [t["id"] for t in audio["imagia_tools"]]


def test_unknown_card_is_404_with_suggestions(client: TestClient) -> None:
    body = error(client.get("/api/catalogue/subtitlin"), 404, "not_found")
    assert "subtitling" in body["suggestions"]


def test_workspace_assessment_rescores_and_diffs(ws: Workspace, client: TestClient) -> None:
    (ws.assessments_dir / "2026-06.yaml").write_text(
        "schema: Assessment.1\ndate: 2026-06\nusecases:\n"
        "  subtitling: {maturity: 4, rationale: open models now subtitle well}\n",
        encoding="utf-8",
    )
    assert [a["date"] for a in client.get("/api/assessments").json()] == ["2024-01", "2026-06"]
    card = client.get("/api/catalogue/subtitling").json()
    assert card["assessment"] == "2026-06" and card["maturity"]["level"] == 4
    assert card["history"][-1]["rationale"] == "open models now subtitle well"
    old = client.get("/api/catalogue?at=2024-01").json()
    assert old["assessment"] == "2024-01"
    changes = client.get("/api/assessments/diff?before=2024-01&after=2026-06").json()
    if changes:  # only when the study's level differed
        assert changes[0]["usecase"] == "subtitling"
    error(client.get("/api/assessments/diff?before=2024-01&after=2030-01"), 404, "not_found")
    error(client.get("/api/catalogue?at=1999-01"), 404, "not_found")


def test_search(client: TestClient) -> None:
    body = client.get("/api/catalogue/search", params={"q": "sous-titrage"}).json()
    assert body["results"][0]["id"] == "subtitling"
    assert body["results"][0]["score"] > 0
    assert client.get("/api/catalogue/search?q=zzzzqqq").json()["count"] == 0
    error(client.get("/api/catalogue/search?q=a"), 422, "bad_value")
    body = error(client.get("/api/catalogue/search"), 422, "bad_value")
    assert body["param"] == "q"


def test_stats_and_professions(client: TestClient) -> None:
    rows = client.get("/api/catalogue/stats").json()
    assert {r["sector"] for r in rows} == {"cinema_av", "games"}
    assert all({"stage", "cards", "study", "explanation"} <= set(r) for r in rows)
    profs = client.get("/api/professions").json()
    sound = next(p for p in profs if p["id"] == "sound-editors")
    assert "audio-post" in [u["id"] for u in sound["usecases"]]


def test_advise(client: TestClient) -> None:
    body = client.get(
        "/api/advise?sector=cinema_av&stage=postproduction&goal=time&budget=low&limit=5"
    ).json()
    assert 0 < len(body["recommendations"]) <= 5
    scores = [r["score"] for r in body["recommendations"]]
    assert scores == sorted(scores, reverse=True)
    assert body["request"]["budget"] == "low"


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("sector=space", "sector"),
        ("sector=games&budget=huge", "budget"),
        ("sector=games&goal=fame", "goal"),
        ("sector=games&stage=theatres", "stage"),
        ("sector=games&genre=opera", "genre"),
        ("goal=time", "sector"),
        ("sector=games&limit=0", "limit"),
    ],
)
def test_advise_bad_request_is_422(client: TestClient, query: str, param: str) -> None:
    body = error(client.get(f"/api/advise?{query}"), 422, "bad_value")
    assert body["param"] == param


def test_tools(client: TestClient) -> None:
    tools = client.get("/api/tools").json()
    loud = next(t for t in tools if t["id"] == "audio-loudness")
    assert loud["usecase"] == "audio-post"
    assert [p["name"] for p in loud["params"]][:2] == ["media", "spec"]
    assert client.get("/api/tools/audio-loudness").json()["id"] == "audio-loudness"
    error(client.get("/api/tools/audio-loudnes"), 404, "not_found")


# -- files --------------------------------------------------------------------------------------
def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("evil.sh", "rm -rf /")
    return buf.getvalue()


ACCEPTED = [
    ("take.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32), "wav"),
    ("song.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(32), "mp3"),
    ("raw.mp3", b"\xff\xfb\x90\x64" + bytes(32), "mp3"),
    ("a.flac", b"fLaC\x00\x00\x00\x22" + bytes(32), "flac"),
    ("a.ogg", b"OggS\x00\x02" + bytes(32), "ogg"),
    ("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(32), "mp4"),
    ("clip.mov", b"\x00\x00\x00\x14ftypqt  " + bytes(32), "mp4"),
    ("clip.mkv", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + bytes(32), "mkv"),
    ("old.avi", b"RIFF\x00\x00\x00\x00AVI LIST" + bytes(32), "avi"),
    ("script.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
    ("film.fountain", "INT. CAFÉ - JOUR\n\nMARIE\nBonjour, ça va ?\n".encode(), "text"),
    ("subs.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHello\n", "text"),
    # Legacy encodings that the screenplay and subtitle readers take: Windows-1252, UTF-16.
    ("latin1.srt", "1\n00:00:01,000 --> 00:00:02,000\nCafé crème\n".encode("cp1252"), "text"),
    ("utf16.srt", "1\n00:00:01,000 --> 00:00:02,000\nÉté\n".encode("utf-16"), "text"),
    ("subs.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "text"),
    ("budget.csv", b"\xef\xbb\xbfline,amount\nfood,12\n", "text"),
    ("plan.yaml", b"schema: X.1\nitems: []\n", "text"),
    ("data.json", b'{"a": 1}', "text"),
    ("draft.fdx", b'<?xml version="1.0" encoding="UTF-8"?>\n<FinalDraft/>', "xml"),
    ("subs.ttml", b'<tt xmlns="http://www.w3.org/ns/ttml"></tt>', "xml"),
    ("sheet.xlsx", _xlsx(), "xlsx"),
]


@pytest.mark.parametrize(("name", "data", "kind"), ACCEPTED)
def test_upload_accepts_by_content(
    client: TestClient, ws: Workspace, name: str, data: bytes, kind: str
) -> None:
    resp = client.post("/api/files", files={"file": (name, data, "application/octet-stream")})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body == {"name": name, "path": f"files/{name}", "kind": kind, "bytes": len(data)}
    assert (ws.files_dir / name).read_bytes() == data


REFUSED = [
    ("tool.wav", b"\x7fELF\x02\x01\x01" + bytes(64)),  # an executable named as audio
    ("img.png", b"\x89PNG\r\n\x1a\n" + bytes(32)),
    ("archive.xlsx", _zip()),  # a zip that is not a workbook
    ("nul.txt", b"hello\x00world"),
    ("latin1.bin", "Caf\x81 cr\x8dme\n".encode("latin-1")),  # bytes cp1252 leaves undefined
    ("page.html", b"\x00<html><script>alert(1)</script>"),
    ("empty.txt", b""),
]


@pytest.mark.parametrize(("name", "data"), REFUSED)
def test_upload_refuses_other_content_with_415(
    client: TestClient, ws: Workspace, name: str, data: bytes
) -> None:
    body = error(
        client.post("/api/files", files={"file": (name, data, "audio/wav")}),
        415,
        "unsupported_type",
    )
    assert "wav" in body["accepted"]
    assert list(ws.files_dir.iterdir()) == []  # nothing left behind, not even a temp file


def test_upload_over_the_limit_is_413(client: TestClient, ws: Workspace) -> None:
    big = b"RIFF\x00\x00\x00\x00WAVE" + bytes(LIMIT)
    body = error(client.post("/api/files", files={"file": ("big.wav", big)}), 413, "too_large")
    assert body["limit_bytes"] == LIMIT
    assert list(ws.files_dir.iterdir()) == []


def test_upload_over_the_limit_without_content_length_is_413(client: TestClient) -> None:
    boundary = "xyzzy"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="big.wav"\r\nContent-Type: audio/wav\r\n\r\n'
    ).encode()

    def chunks() -> Iterator[bytes]:
        yield head + b"RIFF\x00\x00\x00\x00WAVE"
        for _ in range(LIMIT // 8192 + 200):
            yield bytes(8192)
        yield f"\r\n--{boundary}--\r\n".encode()

    resp = client.post(
        "/api/files",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    error(resp, 413, "too_large")


def test_upload_limit_comes_from_the_workspace_config(ws: Workspace) -> None:
    ws.config_path.write_text(ws.config_path.read_text().replace("512", "1"))
    app = create_app(ws)
    assert app.state.max_upload_bytes == 1024 * 1024


def test_upload_without_a_file_is_422(client: TestClient) -> None:
    error(client.post("/api/files", data={"note": "x"}), 422, "bad_value")


def test_upload_name_is_sanitised_and_never_overwrites(
    client: TestClient, ws: Workspace, sine_wav: Path
) -> None:
    data = sine_wav.read_bytes()
    first = client.post("/api/files", files={"file": ("../../evil.wav", data)}).json()
    assert first["path"] == "files/evil.wav"
    second = client.post("/api/files", files={"file": ("..\\..\\evil.wav", data)}).json()
    assert second["path"] == "files/evil-1.wav"
    assert not (ws.root.parent / "evil.wav").exists()
    assert safe_name(".bashrc") == "bashrc"
    assert safe_name("Scène 1 / prise 2.WAV") == "prise_2.WAV"
    assert safe_name("") == "upload"


def test_files_list_and_download(client: TestClient, wav_in_ws: str, ws: Workspace) -> None:
    listing = client.get("/api/files").json()
    assert listing == [
        {
            "name": "tone.wav",
            "path": "files/tone.wav",
            "bytes": (ws.files_dir / "tone.wav").stat().st_size,
            "kind": "wav",
        }
    ]
    resp = client.get("/api/files/tone.wav")
    assert resp.status_code == 200
    assert resp.content == (ws.files_dir / "tone.wav").read_bytes()
    assert resp.headers["content-disposition"].startswith("attachment")
    assert resp.headers["x-content-type-options"] == "nosniff"
    error(client.get("/api/files/none.wav"), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "..%2Fimagia.toml",
        "%2e%2e/%2e%2e/etc/passwd",
        "/etc/passwd",
        "sub/..%2F..%2Fimagia.sqlite",
        "%2e%2e",
    ],
)
def test_download_traversal_is_400(client: TestClient, path: str) -> None:
    error(client.get(f"/api/files/{path}"), 400, "unsafe_path")


def test_sniff_head_signatures() -> None:
    assert sniff_head(b"RIFF\x00\x00\x00\x00WAVE") == "wav"
    assert sniff_head(b"\xff\xf1\x50\x80") is None  # AAC ADTS (layer 0) is not MP3
    assert sniff_head(b"GIF89a") is None


# -- jobs ---------------------------------------------------------------------------------------
def test_job_runs_to_the_end(client: TestClient, wav_in_ws: str) -> None:
    resp = client.post(
        "/api/jobs",
        json={"tool": "audio-loudness", "params": {"media": wav_in_ws, "spec": "ebu-r128"}},
    )
    assert resp.status_code == 201, resp.text
    created = resp.json()
    assert created["tool"] == "audio-loudness" and created["usecase"] == "audio-post"
    assert created["links"]["events"] == f"/api/jobs/{created['id']}/events"
    job = wait_done(client, created["id"])
    assert job["status"] == "done", job["error"]
    assert job["progress"] == 1
    assert abs(job["result"]["integrated"] - (-23.0)) < 0.3
    assert job["provenance"]["inputs"][0]["sha256"]

    listed = client.get("/api/jobs").json()
    assert created["id"] in [j["id"] for j in listed]
    assert client.get("/api/jobs?tool=other-tool").json() == []

    report = next(o for o in job["outputs"] if o["kind"] == "report/json")
    resp = client.get(report["url"])
    assert resp.status_code == 200 and resp.headers["content-disposition"].startswith("attachment")
    assert json.loads(resp.content)["schema"] == "LoudnessReport.1"
    assert client.get(f"/api/jobs/{job['id']}/outputs/{report['path']}").status_code == 200
    error(client.get(f"/api/jobs/{job['id']}/outputs/../../imagia.toml"), 404, "not_found")
    error(client.get(f"/api/jobs/{job['id']}/outputs/other.json"), 404, "not_found")

    assert isinstance(client.get(f"/api/jobs/{job['id']}/logs").json(), list)

    with client.stream("GET", f"/api/jobs/{job['id']}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    assert "event: progress" in text and "event: end" in text
    last = json.loads(text.strip().split("data: ")[-1])
    assert last["status"] == "done" and last["progress"] == 1


def test_events_follow_a_running_job(client: TestClient, ws: Workspace, wav_in_ws: str) -> None:
    job = jobs.submit(ws, "audio-loudness", {"media": str(ws.root / wav_in_ws)})
    jobs.start_in_thread(ws, job.id)
    with client.stream("GET", f"/api/jobs/{job.id}/events") as stream:
        text = "".join(stream.iter_text())
    events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
    assert events[-1]["status"] == "done" and events[-1]["progress"] == 1


def test_failed_job_reports_its_error(client: TestClient, ws: Workspace) -> None:
    # A text file is refused before any job is recorded: its content is not audio.
    (ws.files_dir / "notes.txt").write_text("not audio\n", encoding="utf-8")
    r = client.post(
        "/api/jobs", json={"tool": "audio-loudness", "params": {"media": "files/notes.txt"}}
    )
    assert r.status_code == 400 and r.json()["error"] == "bad_file"
    assert "notes.txt" in r.json()["message"] and client.get("/api/jobs").json() == []
    # A WAV header over junk passes the content check and fails in the job, with its error.
    (ws.files_dir / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    created = client.post(
        "/api/jobs", json={"tool": "audio-loudness", "params": {"media": "files/broken.wav"}}
    ).json()
    job = wait_done(client, created["id"])
    assert job["status"] == "failed" and "broken.wav" in job["error"]
    logs = client.get(f"/api/jobs/{job['id']}/logs").json()
    assert logs and logs[-1]["level"] == "error"


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"tool": "nope", "params": {}}, 404, "not_found"),
        ({"tool": "audio-loudness", "params": {"media": "../../etc/passwd"}}, 400, "unsafe_path"),
        ({"tool": "audio-loudness", "params": {"media": "/etc/passwd"}}, 400, "unsafe_path"),
        ({"tool": "audio-loudness", "params": {"media": "files/missing.wav"}}, 404, "not_found"),
        ({"tool": "audio-loudness", "params": {}}, 422, "bad_value"),
        (
            {"tool": "audio-loudness", "params": {"media": "files/tone.wav", "spec": "loud"}},
            422,
            "bad_value",
        ),
        (
            {"tool": "audio-loudness", "params": {"media": "files/tone.wav", "gain": 3}},
            422,
            "bad_value",
        ),
        ({"params": {}}, 422, "bad_value"),
        ({"tool": "audio-loudness", "params": "media"}, 422, "bad_value"),
    ],
)
def test_bad_job_requests(
    client: TestClient, wav_in_ws: str, body: dict[str, Any], status: int, kind: str
) -> None:
    error(client.post("/api/jobs", json=body), status, kind)


def test_job_body_must_be_json(client: TestClient) -> None:
    resp = client.post(
        "/api/jobs", content=b"tool=audio-loudness", headers={"content-type": "application/json"}
    )
    error(resp, 422, "bad_value")


def test_unknown_job_is_404(client: TestClient) -> None:
    for url in (
        "/api/jobs/nope",
        "/api/jobs/nope/events",
        "/api/jobs/nope/logs",
        "/api/jobs/nope/outputs/x.json",
    ):
        error(client.get(url), 404, "not_found")


# -- errors, token, OpenAPI ---------------------------------------------------------------------
def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    error(client.get("/api/nothing-here"), 404, "not_found")
    error(client.delete("/api/catalogue"), 405, "method_not_allowed")


def test_token_protects_the_api(ws: Workspace) -> None:
    with TestClient(create_app(ws, token="s3cret")) as c:
        resp = c.get("/api/catalogue")
        error(resp, 401, "unauthorized")
        assert resp.headers["www-authenticate"] == "Bearer"
        error(
            c.get("/api/catalogue", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized"
        )
        error(c.post("/api/files", files={"file": ("a.srt", b"1\n")}), 401, "unauthorized")
        ok = c.get("/api/catalogue", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert c.get("/static/app.css").status_code == 200
        assert c.get("/chain").status_code == 401
        assert c.get("/api/tools?token=s3cret").status_code == 200
        c.cookies.clear()
        page = c.get("/chain?token=s3cret")
        assert page.status_code == 200 and "imagia_token=s3cret" in page.headers["set-cookie"]
        assert c.get("/api/catalogue").status_code == 200  # the browser's cookie


def test_cross_site_writes_are_refused(client: TestClient) -> None:
    resp = client.post(
        "/api/files", files={"file": ("a.srt", b"1\n")}, headers={"Origin": "http://evil.example"}
    )
    error(resp, 403, "forbidden")
    same = client.post(
        "/api/files",
        files={"file": ("a.srt", b"1\n")},
        headers={"Origin": "http://testserver", **csrf_headers(client)},  # a browser: its token
    )
    assert same.status_code == 201


def test_openapi_and_offline_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/catalogue",
        "/api/catalogue/{usecase_id}",
        "/api/catalogue/search",
        "/api/catalogue/stats",
        "/api/advise",
        "/api/assessments",
        "/api/tools",
        "/api/jobs",
        "/api/jobs/{job_id}",
        "/api/jobs/{job_id}/events",
        "/api/jobs/{job_id}/logs",
        "/api/jobs/{job_id}/outputs/{name}",
        "/api/files",
        "/api/files/{path}",
    ):
        assert path in schema["paths"], path
    assert "multipart/form-data" in schema["paths"]["/api/files"]["post"]["requestBody"]["content"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/jobs/{job_id}/events" in docs.text
    assert "cdn" not in docs.text.lower()


# -- pages (same app, same core functions) ------------------------------------------------------
PAGES = [
    "/",
    "/chain?sector=games",
    "/matrix",
    "/professions",
    "/usecases/audio-post",
    "/usecases/subtitling",
    "/advisor",
    "/advisor?sector=games&goal=quality&budget=high",
    "/search?q=doublage",
    "/search",
    "/jobs",
    "/files",
    "/docs",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_offline_in_both_languages(client: TestClient, url: str) -> None:
    for lang, header in (("fr", "fr-FR,fr;q=0.9,en;q=0.5"), ("en", "en-GB,en;q=0.8")):
        resp = client.get(url, headers={"Accept-Language": header})
        assert resp.status_code == 200, resp.text
        html = resp.text
        assert f'<html lang="{lang}">' in html
        assert 'href="#main"' in html and 'id="main"' in html
        assert 'src="http' not in html and 'href="http' not in html.replace(
            'href="http://www.w3.org', ""
        )
        assert "content-security-policy" in resp.headers


def test_language_is_remembered_and_redirects_stay_local(client: TestClient) -> None:
    resp = client.get("/lang/fr?next=/matrix", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/matrix"
    assert "imagia_lang=fr" in resp.headers["set-cookie"]
    page = client.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in page.text and "Chaîne de valeur" in page.text
    client.get("/lang/en", follow_redirects=False)
    assert "Value chain" in client.get("/").text
    for bad in (
        "//evil.example/x",
        "/\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
    ):
        resp = client.get("/lang/en", params={"next": bad}, follow_redirects=False)
        assert resp.headers["location"] == "/"


def test_page_errors_are_pages(client: TestClient) -> None:
    resp = client.get("/usecases/subtitlin", headers={"Accept-Language": "en"})
    assert resp.status_code == 404 and "text/html" in resp.headers["content-type"]
    assert "/usecases/subtitling" in resp.text
    assert client.get("/chain?sector=opera").status_code == 422
    resp = client.get("/advisor?sector=games&budget=huge")
    assert resp.status_code == 422 and "huge" in resp.text


def test_upload_from_the_files_page(client: TestClient, ws: Workspace, sine_wav: Path) -> None:
    resp = client.post(
        "/files", files={"file": ("prise 1.wav", sine_wav.read_bytes())}, follow_redirects=False
    )
    assert resp.status_code == 303
    assert (ws.files_dir / "prise_1.wav").is_file()
    assert "prise_1.wav" in client.get(resp.headers["location"]).text
    bad = client.post(
        "/files", files={"file": ("x.wav", b"\x7fELF" + bytes(20))}, headers=csrf_headers(client)
    )
    assert bad.status_code == 415 and "x.wav" in bad.text


def test_run_from_the_use_case_page_and_see_the_result(client: TestClient, sine_wav: Path) -> None:
    page = client.get("/usecases/audio-post").text
    assert 'action="/usecases/audio-post/run"' in page and 'name="media__upload"' in page
    resp = client.post(
        "/usecases/audio-post/run",
        data={"tool": "audio-loudness", "media": "", "spec": "ebu-r128"},
        files={"media__upload": ("mix.wav", sine_wav.read_bytes())},
        headers=csrf_headers(client),
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    job_id = resp.headers["location"].rsplit("/", 1)[-1]
    assert wait_done(client, job_id)["status"] == "done"
    html = client.get(f"/jobs/{job_id}", headers={"Accept-Language": "en"}).text
    assert 'id="results"' in html and "Integrated loudness" in html
    assert '<svg class="chart curve"' in html and "<polyline" in html
    assert job_id in client.get("/usecases/audio-post").text  # past results

    missing = client.post(
        "/usecases/audio-post/run",
        data={"tool": "audio-loudness", "media": "", "spec": "ebu-r128"},
        headers=csrf_headers(client),
    )
    assert missing.status_code == 422 and "Champ obligatoire" in missing.text  # at the field


def test_every_interface_string_exists_in_both_languages() -> None:
    import re

    from imagia.web import i18n, pages

    used: set[str] = set()
    for tpl in pages.TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z0-9_.:-]+)'\)", tpl.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if not i18n.has(k))
    assert not missing, missing
    assert i18n.t("nav.chain", "fr") != i18n.t("nav.chain", "en")
    assert i18n.accept_language("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7") == "fr"
    assert i18n.accept_language("en;q=0.5,fr;q=0.4") == "en"
    assert i18n.accept_language("de") is None
