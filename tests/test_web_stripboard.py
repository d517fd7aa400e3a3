"""The stripboard editor in a real headless Chromium: a small schedule job's page, a strip moved
with its keyboard "move to day" list and by drag and drop, the cost change shown, a broken
constraint named, reset, and save as a new schedule.

Screenshots go to ``$IMAGIA_TEST_OUTPUT/screenshots`` (or the test's tmp folder).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import workspace as wsmod
from tests.test_api_schedule import run_schedule_job, write_problem
from tests.test_web_browser import _free_port, browser, page, shots  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server on a workspace holding one finished schedule-optimise job: (url, job id)."""
    import uvicorn

    ws = wsmod.init(tmp_path_factory.mktemp("stripboard") / "ws")
    app = create_app(ws, sse_interval=0.1)
    with TestClient(app) as client:
        job = run_schedule_job(client, write_problem(ws))
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", job["id"]
    srv.should_exit = True
    thread.join(5)


def _cost(tab: Any) -> str:
    return str(tab.locator("[data-sb-cost]").inner_text()).replace("\u202f", "").replace(",", "")


def _wait_cost(tab: Any, value: str) -> None:
    tab.wait_for_function(
        "v => { const el = document.querySelector('[data-sb-cost]');"
        " return el && el.textContent.replace(/[^0-9]/g, '') === v"
        " && !document.getElementById('stripboard-edit').hasAttribute('aria-busy'); }",
        arg=value,
    )


def test_move_strips_and_see_the_cost(
    served: tuple[str, str],
    page: Any,  # noqa: F811
    shots: Path,  # noqa: F811
) -> None:
    url, job_id = served
    page.goto(f"{url}/jobs/{job_id}")
    panel = page.locator("#stripboard-edit")
    panel.wait_for(state="visible")
    assert _cost(page) == "1410"
    board = page.locator("table.stripboard")
    assert board.locator("tr.strip").count() == 4
    assert board.locator("tr.strip-end").count() == 4  # every calendar day is a drop target
    assert board.locator("tr.strip[draggable=true]").count() == 4
    day_1 = board.locator("tr.strip[data-scene='1']").get_attribute("data-date")
    day_b = board.locator("tr.strip[data-scene='2']").get_attribute("data-date")
    assert day_1 == "2026-03-02" and day_b != day_1

    # keyboard: scene 3 to the B day with its list
    select = page.locator("select[data-sb-move='3']")
    select.focus()
    select.select_option(day_b)
    _wait_cost(page, "2490")
    delta = page.locator("[data-sb-delta]")
    assert delta.inner_text().replace("\u202f", "").replace(",", "") == "+1080"
    assert "delta-up" in (delta.get_attribute("class") or "")
    assert board.locator("tr.strip[data-scene='3']").get_attribute("data-date") == day_b
    assert "moved" in (board.locator("tr.strip[data-scene='3']").get_attribute("class") or "")
    assert page.locator("[data-sb-moved]").inner_text() == "1"
    assert page.locator("[data-sb-violations] p.ok").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-sb-move')") == "3"
    assert "overtime 80 (+80)" in page.locator("[data-sb-breakdown]").inner_text()
    page.screenshot(path=str(shots / "20-stripboard-moved.png"), full_page=True)

    # drag and drop: scene 3 back onto scene 1's strip (before it, so the order 1 -> 3 breaks)
    page.locator("tr.strip[data-scene='3']").drag_to(page.locator("tr.strip[data-scene='1']"))
    _wait_cost(page, "1410")
    assert board.locator("tr.strip[data-scene='3']").get_attribute("data-date") == day_1
    assert page.locator("[data-sb-violations] li").all_inner_texts() == [
        "scene 1 must come before scene 3"
    ]
    assert page.locator("[data-sb-save]").is_disabled()
    # ... then onto the end of its day: the order holds again
    page.locator("tr.strip[data-scene='3']").drag_to(
        page.locator(f"tr.strip-end[data-day='{day_1}']")
    )
    page.wait_for_selector("[data-sb-violations] p.ok")
    assert page.locator("[data-sb-delta]").inner_text() == "0"

    # a broken constraint is named, in red
    page.locator("select[data-sb-move='2']").select_option("2026-03-05")
    page.wait_for_selector("[data-sb-violations] li")
    assert "BOB, unavailable" in page.locator("[data-sb-violations]").inner_text()
    page.screenshot(path=str(shots / "21-stripboard-violation.png"), full_page=True)

    # reset, then a valid move saved as a new schedule
    page.click("[data-sb-reset]")
    _wait_cost(page, "1410")
    assert page.locator("tr.strip.moved").count() == 0
    assert page.locator("[data-sb-delta]").inner_text() == "0"
    page.locator("select[data-sb-move='4']").select_option(day_1)
    page.wait_for_function("() => !document.querySelector('[data-sb-save]').disabled")
    page.click("[data-sb-save]")
    link = page.locator("[data-sb-status] a")
    link.wait_for()
    assert link.inner_text() == "files/small.edited.schedule.json"
    page.screenshot(path=str(shots / "22-stripboard-saved.png"), full_page=True)
