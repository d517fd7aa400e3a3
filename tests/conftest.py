"""Shared fixtures: tmp workspaces and media made with ffmpeg at test time."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.core import workspace as wsmod

# The language model in tests: one llama.cpp thread per test worker (its threads wait by
# spinning, so two per worker on two cores fight), and a time-out a loaded machine can meet.
os.environ.setdefault("IMAGIA_LLM_THREADS", "1")
os.environ.setdefault("IMAGIA_LLM_TIMEOUT", "900")
from tests.media_cache import STATS, session_media

_SEED = Path("shared") / "seed" / "000_03ac46406364cde0.txt"
_CANDIDATES = [Path(__file__).resolve().parents[2] / _SEED, Path("/work") / _SEED]
STUDY = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0])


@pytest.fixture(scope="session", autouse=True)
def _cli_command_once() -> Iterator[None]:
    """Typer's CliRunner turns the Typer app into its Click command on every ``invoke`` (a third
    of a second with a hundred commands): build it once per app (apps are complete once
    imported; no test adds a command to one afterwards)."""
    import typer.testing

    build = typer.testing._get_command
    built: dict[int, tuple[Any, Any]] = {}

    def once(app: Any) -> Any:
        held = built.get(id(app))
        if held is None or held[0] is not app:
            held = built[id(app)] = (app, build(app))
        return held[1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typer.testing, "_get_command", once)
        yield


@pytest.fixture(scope="session", autouse=True)
def _testclient_host() -> Iterator[None]:
    """Apps the tests make answer TestClient's Host ``testserver``: ``create_app`` without
    ``allowed_hosts`` reads ``$IMAGIA_ALLOWED_HOSTS`` (``imagia serve`` always passes its own
    list, so a served app never allows that name)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IMAGIA_ALLOWED_HOSTS", "testserver")
        yield


def csrf_headers(client: TestClient, page: str = "/files") -> dict[str, str]:
    """What a browser sends with a POST once it has opened one of imagia's pages: the page's
    CSRF token (from the ``imagia_csrf`` cookie the page set) in the ``X-CSRF-Token`` header.
    Opens ``page`` first when the client has no such cookie yet. Needed by a TestClient that
    holds cookies (a page opened, a language chosen): without any cookie, Origin or Referer a
    request is a script's and needs no CSRF token (docs/web.md, Security)."""
    if "imagia_csrf" not in client.cookies:
        assert client.get(page).status_code == 200
    return {"X-CSRF-Token": client.cookies["imagia_csrf"]}


@pytest.fixture
def ws(tmp_path: Path) -> wsmod.Workspace:
    return wsmod.init(tmp_path / "ws")


@session_media
def make_audio(path: Path, lavfi: str, seconds: float = 5.0, channels: int = 1) -> Path:
    """Render an ffmpeg lavfi source to a 48 kHz WAV."""
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            lavfi,
            "-t",
            str(seconds),
            "-ac",
            str(channels),
            "-ar",
            "48000",
            "-c:a",
            "pcm_s16le",
            str(path),
        ],
        check=True,
    )
    return path


@pytest.fixture
def sine_wav(tmp_path: Path) -> Path:
    """A 1 kHz mono sine at -20 dBFS peak: -23.0 LUFS by BS.1770's definition."""
    return make_audio(tmp_path / "sine.wav", "sine=frequency=1000:sample_rate=48000,volume=0.8")


@pytest.fixture(autouse=True)
def _no_error_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail any test that logs an ERROR it did not expect (PySceneDetect's habit)."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> wsmod.Workspace:
    """The demo workspace with one finished job of every tool, built once per session (about a
    minute): tests that need finished jobs of real tools read it instead of running them again.
    Read it, do not change it."""
    import fcntl

    from imagia.demo import build

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # one build for every worker of this run, not one each
    target = root / "demo-shared" / "demo"
    with open(root / "demo-shared.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait and read
        if not (root / "demo-shared" / "built").exists():
            build(target, strict=True)
            (root / "demo-shared" / "built").touch()
    return wsmod.Workspace(target)


@pytest.fixture
def study_text() -> str:
    if not STUDY.exists():
        pytest.skip("the study text (../shared/seed) is not beside this checkout")
    return STUDY.read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How often a generated clip was reused instead of rendered again (tests/media_cache.py)."""
    if STATS["made"] or STATS["reused"]:
        terminalreporter.write_line(
            f"test media: {STATS['made']} rendered, {STATS['reused']} reused from this session"
        )
