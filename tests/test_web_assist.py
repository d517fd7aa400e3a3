"""The screenplay assistant in a real browser (French page): the first job's answer cites its
scenes; another question typed on the result page streams its answer token by token and
shows the checked citations; the route refuses another tool's job."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from tests.test_web_browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "imagia" / "script" / "samples"


@pytest.fixture(scope="module")
def ask_job(tmp_path_factory: pytest.TempPathFactory) -> tuple[wsmod.Workspace, str]:
    ws = wsmod.init(tmp_path_factory.mktemp("assist") / "ws")
    job = jobmod.submit(
        ws,
        "assist-ask",
        {
            "script": str(SAMPLE / "night-ferry.fountain"),
            "questions": "What does Joseph pull from under his pillow?",
            "top": 3,
            "model": "qwen-0.5b",
        },
    )
    done = jobmod.run(ws, job.id)
    assert done.status == "done", done.error
    return ws, job.id


@pytest.fixture(scope="module")
def page(ask_job: tuple[wsmod.Workspace, str]) -> Iterator[tuple[Any, str, str]]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    ws, job_id = ask_job
    url, srv, thread = serve(ws)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page()
        yield tab, url, job_id
        browser.close()
    srv.should_exit = True
    thread.join(5)


def test_the_answer_streams_and_cites_its_scenes(page: tuple[Any, str, str]) -> None:
    tab, url, job_id = page
    tab.goto(f"{url}/lang/fr")
    tab.goto(f"{url}/jobs/{job_id}")
    first = tab.locator("[data-answer]").first.inner_text()
    assert "ticket" in first.lower() and "[5]" in first  # cited, in the French page's words
    assert "Séquences citées" in first
    seen: list[int] = []
    tab.expose_function("grown", lambda n: seen.append(n))
    tab.evaluate(
        """() => new MutationObserver(() => window.grown(
             document.getElementById('assist-answer').textContent.length))
           .observe(document.getElementById('assist-answer'),
                    {childList: true, characterData: true, subtree: true})"""
    )
    tab.fill("#assist-question", "Que boit Nora dans la cabane de Sam ?")
    tab.click("#assist-ask button")
    tab.locator('#assist-ask[data-state="done"]').wait_for(timeout=120_000)
    assert len(seen) > 3  # shown piece by piece, not at once
    assert tab.locator("#assist-answer").inner_text().strip()
    assert (
        tab.locator("#assist-cited")
        .inner_text()
        .startswith(("Séquences citées", "Aucune séquence citée"))
    )


def test_route_refuses_another_tools_job(ask_job: tuple[wsmod.Workspace, str]) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    ws, job_id = ask_job
    with TestClient(create_app(ws), base_url="http://localhost") as c:
        token = c.get("/").cookies.get("imagia_csrf") or ""
        h = {"X-CSRF-Token": token, "Origin": "http://localhost"}
        r = c.post("/api/assist/ask", json={"job": "nope", "question": "Why?"}, headers=h)
        assert r.status_code == 404
        r = c.post("/api/assist/ask", json={"job": job_id, "question": ""}, headers=h)
        assert r.status_code == 422
