"""The local server against the browser: Host allow-list (DNS rebinding), CSRF (Origin, Referer,
per-session token), the token over /openapi.json and /docs, the cap on bodies that are not
uploads, and `imagia serve` refusing a non-local address without a token (docs/web.md)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core.errors import WorkspaceError
from imagia.core.workspace import Workspace
from imagia.faces import security
from tests.conftest import csrf_headers

ROOT = Path(__file__).resolve().parents[1]
PREDICT = "/api/games/predict"
TEAMS = {"teams": [["a"], ["b"]]}
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nBonjour\n"


def error(resp: Any, status: int, kind: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = resp.json()
    assert body["error"] == kind and body["message"] and "hint" in body
    return body


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws)) as c:
        yield c


def _token_in(html: str) -> str:
    m = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert m, "no csrftoken field in the form"
    return m.group(1)


# -- Host allow-list ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8000", "LOCALHOST.:8000", "127.0.0.1:8000", "127.0.0.2", "[::1]:8000"],
)
def test_local_hosts_are_served(ws: Workspace, host: str) -> None:
    with TestClient(create_app(ws, allowed_hosts=())) as c:
        assert c.get("/api/catalogue/stats", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example",
        "attacker.example:8000",
        "localhost.attacker.example",
        "testserver",
        "192.168.1.5:8000",
        "127.0.0.1@attacker.example",
        "localhost:80:80",
        "[::1",
    ],
)
def test_other_hosts_are_refused_with_one_line(ws: Workspace, host: str) -> None:
    with TestClient(create_app(ws, allowed_hosts=())) as c:
        body = error(c.get("/api/catalogue", headers={"Host": host}), 400, "bad_host")
        assert "--allow-host" in body["hint"]
        page = c.get("/chain", headers={"Host": host})
        assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
        assert "Bad host" in page.text and "<nav" not in page.text and len(page.text) < 600
        assert "imagia_csrf" not in page.headers.get("set-cookie", "")
        assert page.headers["x-frame-options"] == "DENY"
        assert c.get("/static/app.css", headers={"Host": host}).status_code == 400
        post = c.post(PREDICT, json=TEAMS, headers={"Host": host})
        assert post.status_code == 400


def test_allowed_names_and_the_bind_address(ws: Workspace) -> None:
    with TestClient(create_app(ws, allowed_hosts=["studio.lan", "10.0.0.7:8000"])) as c:
        for host in ("studio.lan", "Studio.Lan:8080", "10.0.0.7:8000", "localhost:1"):
            assert c.get("/api/tools", headers={"Host": host}).status_code == 200, host
        for host in ("10.0.0.8", "other.lan"):
            assert c.get("/api/tools", headers={"Host": host}).status_code == 400, host
    # bound to every address: any IP address (no name: DNS rebinding needs one)
    with TestClient(create_app(ws, allowed_hosts=["0.0.0.0"])) as c:
        for host in ("192.168.1.5:8000", "[fe80::1]:8000", "localhost"):
            assert c.get("/api/tools", headers={"Host": host}).status_code == 200, host
        assert c.get("/api/tools", headers={"Host": "evil.example"}).status_code == 400


def test_allowed_hosts_default_to_the_environment(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGIA_ALLOWED_HOSTS", "a.lan, b.lan")
    with TestClient(create_app(ws), base_url="http://b.lan") as c:
        assert c.get("/api/tools").status_code == 200
        assert c.get("/api/tools", headers={"Host": "testserver"}).status_code == 400
    monkeypatch.delenv("IMAGIA_ALLOWED_HOSTS")
    with TestClient(create_app(ws)) as c:  # only the local names: not TestClient's own
        error(c.get("/api/tools"), 400, "bad_host")


def test_host_names() -> None:
    assert security.host_name("[::1]:8000") == "::1"
    assert security.host_name("Example.ORG.:443") == "example.org"
    assert security.host_name("a b") is None and security.host_name("") is None
    assert security.split_hosts(["a.lan,b.lan c.lan", ""]) == ["a.lan", "b.lan", "c.lan"]
    assert security.is_local("127.0.0.1") and security.is_local("::1")
    assert security.is_local("localhost") and not security.is_local("0.0.0.0")
    assert not security.is_local("192.168.1.5") and not security.is_local("example.org")


# -- CSRF: the token, the Origin ----------------------------------------------------------------
def test_pages_give_a_session_token_in_a_lax_cookie_and_every_form(client: TestClient) -> None:
    page = client.get("/files")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("imagia_csrf=") and "samesite=lax" in cookie.lower()
    assert "httponly" in cookie.lower()
    token = client.cookies["imagia_csrf"]
    assert _token_in(page.text) == token
    assert f'<meta name="csrf-token" content="{token}">' in page.text
    again = client.get("/usecases/audio-post")  # the same token for the whole session
    assert "set-cookie" not in again.headers
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>\s*<input[^>]*>", again.text)
    assert forms and all(f'name="csrftoken" value="{token}"' in f for f in forms)


def test_a_second_page_load_keeps_the_first_pages_form_valid(
    client: TestClient, ws: Workspace
) -> None:
    """Two tabs: the second page load (here reached by a link from another site, which sends a
    Lax cookie and not a Strict one) keeps the session's token, so the first page's form still
    posts; with a Strict cookie the second load made a new token and the first form got a 403."""
    first = client.get("/files")
    first_token = _token_in(first.text)
    assert "samesite=lax" in first.headers["set-cookie"].lower()
    navigate = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    for second in (client.get("/files"), client.get("/usecases/audio-post", headers=navigate)):
        assert second.status_code == 200
        assert "set-cookie" not in second.headers  # the cookie is not replaced
        assert _token_in(second.text) == first_token
    resp = client.post(
        "/files",
        files={"file": ("tab1.srt", SRT)},
        data={"csrftoken": first_token},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and (ws.files_dir / "tab1.srt").is_file()


def test_form_post_needs_the_token(client: TestClient, ws: Workspace) -> None:
    token = _token_in(client.get("/files").text)  # the browser now holds the cookie
    upload = {"file": ("sub.srt", SRT)}
    same = {"Origin": "http://testserver"}
    other = token[:-1] + ("A" if token[-1] != "A" else "B")
    for data in ({}, {"csrftoken": "x" * 43}, {"csrftoken": other}):
        resp = client.post("/files", files=upload, data=data, headers=same)
        assert resp.status_code == 403 and "CSRF" in resp.text
    assert not (ws.files_dir / "sub.srt").exists()
    resp = client.post(
        "/files", files=upload, data={"csrftoken": token}, headers=same, follow_redirects=False
    )
    assert resp.status_code == 303 and (ws.files_dir / "sub.srt").is_file()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null"},
        {"Origin": "http://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "http://localhost:9999"},
        {"Referer": "http://evil.example/page"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},
    ],
)
def test_cross_origin_writes_are_refused_even_with_the_token(
    client: TestClient, ws: Workspace, headers: dict[str, str]
) -> None:
    token = csrf_headers(client)
    resp = client.post(
        "/files",
        files={"file": ("sub.srt", SRT)},
        data={"csrftoken": token["X-CSRF-Token"]},
        headers=headers,
    )
    assert resp.status_code == 403 and "another site" in resp.text
    error(client.post(PREDICT, json=TEAMS, headers={**token, **headers}), 403, "forbidden")
    client.cookies.clear()  # a cross-site request carries no Strict cookie: refused all the same
    error(
        client.post("/api/files", files={"file": ("s.srt", SRT)}, headers=headers), 403, "forbidden"
    )
    assert list(ws.files_dir.iterdir()) == []


def test_the_run_form_starts_a_job_with_its_token(client: TestClient, sine_wav: Path) -> None:
    token = _token_in(client.get("/usecases/audio-post").text)
    form = {"tool": "audio-loudness", "media": "", "spec": "ebu-r128"}
    wav = {"media__upload": ("mix.wav", sine_wav.read_bytes())}
    refused = client.post("/usecases/audio-post/run", data=form, files=wav)
    assert refused.status_code == 403
    assert client.get("/api/jobs").json() == []
    resp = client.post(
        "/usecases/audio-post/run",
        data={"csrftoken": token, **form},
        files=wav,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text  # the token is not taken for a tool's parameter
    job = client.get("/api/jobs").json()[0]
    assert "csrftoken" not in job["params"]
    deadline = time.monotonic() + 30
    while job["status"] not in ("done", "failed", "interrupted"):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
        job = client.get(f"/api/jobs/{job['id']}").json()
    assert job["status"] == "done", job


def test_api_from_a_browser_needs_the_header(client: TestClient, ws: Workspace) -> None:
    headers = csrf_headers(client)  # a page was opened: the client holds the cookie
    error(client.post(PREDICT, json=TEAMS), 403, "forbidden")
    error(client.post(PREDICT, json=TEAMS, headers={"X-CSRF-Token": "nope"}), 403, "forbidden")
    assert client.post(PREDICT, json=TEAMS, headers=headers).status_code == 200
    resp = client.post("/api/files", files={"file": ("a.srt", SRT)}, headers=headers)
    assert resp.status_code == 201
    client.cookies.clear()
    client.cookies.set("imagia_csrf", "short")  # a cookie, but not a token of ours
    bogus = client.post(PREDICT, json=TEAMS, headers={"X-CSRF-Token": "short"})
    error(bogus, 403, "forbidden")


def test_scripts_without_cookies_need_no_csrf_token(client: TestClient) -> None:
    assert client.post(PREDICT, json=TEAMS).status_code == 200
    assert client.post("/api/files", files={"file": ("a.srt", SRT)}).status_code == 201


def test_a_bearer_token_exempts_from_the_csrf_token(ws: Workspace) -> None:
    with TestClient(create_app(ws, token="s3cret")) as c:
        assert c.get("/files?token=s3cret").status_code == 200  # cookies: token and CSRF
        assert {"imagia_token", "imagia_csrf"} <= set(c.cookies.keys())
        error(c.post(PREDICT, json=TEAMS), 403, "forbidden")  # the token cookie is not enough
        ok = c.post(PREDICT, json=TEAMS, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert c.post(PREDICT, json=TEAMS, headers=csrf_headers(c)).status_code == 200
        wrong = c.post(PREDICT, json=TEAMS, headers={"Authorization": "Bearer nope"})
        error(wrong, 401, "unauthorized")
        bad_origin = {"Authorization": "Bearer s3cret", "Origin": "null"}
        error(c.post(PREDICT, json=TEAMS, headers=bad_origin), 403, "forbidden")


# -- the token covers the schema and the reference ----------------------------------------------
def test_openapi_and_docs_need_the_token(ws: Workspace) -> None:
    with TestClient(create_app(ws, token="s3cret")) as c:
        error(c.get("/openapi.json"), 401, "unauthorized")
        assert c.get("/docs").status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        schema = c.get("/openapi.json", headers=auth).json()
        assert PREDICT in schema["paths"] and "/openapi.json" not in schema["paths"]
        assert c.get("/docs", headers=auth).status_code == 200
    with TestClient(create_app(ws)) as c:  # no token: open, as every route
        assert c.get("/openapi.json").status_code == 200


# -- bodies that are not uploads ----------------------------------------------------------------
def test_json_bodies_have_their_own_cap(ws: Workspace) -> None:
    with TestClient(create_app(ws, max_body_bytes=1000)) as c:
        big = {"teams": [["a" * 50], ["b"]], "ratings": {f"p{i}": {} for i in range(200)}}
        body = error(c.post(PREDICT, json=big), 413, "too_large")
        assert body["limit_bytes"] == 1000 and "request body" in body["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
            yield b'{"teams": [["a"], ["b"]], "pad": "'
            for _ in range(10):
                yield b"x" * 200
            yield b'"}'

        chunked = c.post(PREDICT, content=chunks(), headers={"content-type": "application/json"})
        error(chunked, 413, "too_large")
        assert c.post(PREDICT, json=TEAMS).status_code == 200
        # uploads keep the upload limit
        upload = c.post("/api/files", files={"file": ("big.srt", SRT * 100)})
        assert upload.status_code == 201, upload.text
        page = c.post("/people/merge", data={"keep": "1", "other": "x" * 2000})
        assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")


def test_body_cap_comes_from_the_workspace_config(ws: Workspace) -> None:
    assert create_app(ws).state.max_body_bytes == 2 * 1024 * 1024
    text = ws.config_path.read_text()
    ws.config_path.write_text(text.replace("max_body_mb = 2", "max_body_mb = 0.5"))
    assert create_app(ws).state.max_body_bytes == 512 * 1024
    ws.config_path.write_text(text.replace("max_body_mb = 2", "max_body_mb = -1"))
    with pytest.raises(WorkspaceError):
        create_app(ws)


def test_a_large_body_without_the_token_gets_401_not_the_page(ws: Workspace) -> None:
    with TestClient(create_app(ws, token="s3cret", max_body_bytes=100)) as c:
        resp = c.post("/people/merge", data={"keep": "1", "other": "x" * 500})
        assert resp.status_code == 401
        big = c.post(PREDICT, json={"pad": "x" * 500}, headers={"Authorization": "Bearer s3cret"})
        error(big, 413, "too_large")


# -- imagia serve -------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_serve_beyond_this_machine_needs_a_token(host: str, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "imagia", "serve", "--host", host, "--port", "1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert out.returncode == 1, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "--token" in lines[0] and "IMAGIA_TOKEN" in lines[0], lines
