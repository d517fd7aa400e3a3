"""The web app in a real headless Chromium: value chain, a card, the language switch, the advisor,
and a loudness job started from its use case page followed live to its result.

Screenshots go to ``$IMAGIA_TEST_OUTPUT/screenshots`` (or the test's tmp folder).
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.app import create_app
from imagia.core import workspace as wsmod

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(ws: wsmod.Workspace) -> tuple[str, Any, threading.Thread]:
    """The web app of ``ws`` on a free local port, in a thread: ``(url, server, thread)``."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        create_app(ws, sse_interval=0.1),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", srv, thread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, srv, thread = serve(wsmod.init(tmp_path_factory.mktemp("web") / "ws"))
    yield url
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    env = os.environ.get("IMAGIA_TEST_OUTPUT")
    folder = Path(env) / "screenshots" if env else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """An English-speaking tab that fails the test on any console error (a CSP violation, a
    missing asset, a script error)."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert not errors, errors


def test_value_chain_card_and_language_switch(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Value chain"
    assert page.locator(".stage").count() == 7
    assert page.locator(".legend").is_visible()
    page.screenshot(path=str(shots / "01-value-chain.png"), full_page=True)

    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.className") == "skip"

    page.click("a.uc[data-id='audio-post']")
    page.wait_for_url("**/usecases/audio-post")
    assert page.locator("h1").inner_text() == "AI-assisted sound post-production"
    assert page.locator("#tool-audio-loudness form").is_visible()
    page.screenshot(path=str(shots / "02-use-case.png"), full_page=True)

    page.click("nav.lang a[data-lang='fr']")
    page.wait_for_url("**/usecases/audio-post")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Post-production son assistée par l'IA"
    assert page.get_by_text("Enjeux juridiques et éthiques").is_visible()
    page.screenshot(path=str(shots / "03-use-case-fr.png"), full_page=True)

    page.goto(server + "/chain?sector=games")  # remembered
    assert page.locator("h1").inner_text() == "Chaîne de valeur"
    assert page.locator(".stage").count() == 5
    page.screenshot(path=str(shots / "04-value-chain-games-fr.png"), full_page=True)
    page.click("nav.lang a[data-lang='en']")
    page.wait_for_url("**/chain?sector=games")
    assert page.locator("h1").inner_text() == "Value chain"


def test_matrix_and_professions(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/matrix")
    assert page.locator("svg.matrix").count() >= 1
    page.locator("svg.matrix a").first.focus()
    page.screenshot(path=str(shots / "05-matrix.png"), full_page=True)
    page.goto(server + "/professions")
    assert page.locator(".prof").count() > 10
    page.screenshot(path=str(shots / "06-professions.png"))


def test_advisor(server: str, page: Any, shots: Path) -> None:
    page.goto(server + "/advisor")
    page.select_option("#adv-sector", "cinema_av")
    page.select_option("#adv-stage", "postproduction")
    page.select_option("#adv-goal", "time")
    page.select_option("#adv-budget", "low")
    page.click(".advisor-form button[type=submit]")
    page.wait_for_selector("#advice")
    assert page.locator("#advice li.rec").count() > 0
    first = page.locator("#advice li.rec .rec-name").first.inner_text()
    assert first
    page.screenshot(path=str(shots / "07-advisor.png"), full_page=True)
    # a cinema project is offered no game stage; switching to games offers post-launch
    games = page.locator("#adv-stage optgroup[data-sector=games]")
    assert games.evaluate("g => g.disabled") is True
    page.select_option("#adv-sector", "games")
    assert games.evaluate("g => g.disabled") is False
    assert page.input_value("#adv-stage") == ""  # the cinema stage was cleared
    page.select_option("#adv-stage", "post_launch")
    page.click(".advisor-form button[type=submit]")
    page.wait_for_selector("#advice")
    assert page.locator("#advice li.rec .rec-name").first.get_attribute("href") in {
        "/usecases/matchmaking",
        "/usecases/player-analytics",
    }
    # "run it" links to the use case's tools, not a command line to copy
    run = page.locator("#advice li.rec a[data-run]").first
    assert run.get_attribute("href", timeout=2000).endswith("#imagia-h")
    assert page.locator("#advice li.rec code").count() == 0


def test_loudness_job_from_the_use_case_page(
    server: str, page: Any, shots: Path, tmp_path: Path
) -> None:
    wav = tmp_path / "x.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=1000:duration=3",
            "-ar",
            "48000",
            str(wav),
        ],
        check=True,
    )
    page.goto(server + "/usecases/audio-post")
    page.set_input_files("#u-audio-loudness-media", str(wav))
    page.select_option("#f-audio-loudness-spec", "ebu-r128")
    page.click("#tool-audio-loudness button[type=submit]")
    page.wait_for_url("**/jobs/*")
    page.wait_for_function(
        "() => { const p = document.querySelector('#job-progress');"
        " return p !== null && p.value >= 1; }"
    )
    page.wait_for_selector("#results .figure-num")
    assert page.locator("[data-pct]").inner_text().replace("\u00a0", " ") == "100 %"
    assert "LUFS" in page.locator("#results").inner_text()
    assert page.locator("#results svg.curve polyline").count() >= 1
    assert page.locator("table.data a[download]").count() >= 2  # JSON report, CSV curve...
    page.screenshot(path=str(shots / "08-loudness-job.png"), full_page=True)

    page.goto(server + "/jobs")
    assert page.locator("table.data tbody tr").count() == 1
    page.goto(server + "/files")
    assert page.get_by_text("x.wav").is_visible()
    page.screenshot(path=str(shots / "09-files.png"))
