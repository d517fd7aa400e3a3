"""The web stripboard at feature scale: on a 200-scene production, the live re-check behind each
drag (``POST /api/schedule/evaluate``, the independent checker on the edited board) answers in
under the 300 ms an assistant director can wait between two moves, and in a real headless
Chromium the page's own part (strip moved, answer drawn, next frame) takes at most half of that."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import workspace as wsmod
from imagia.schedule.synthetic import realistic_production
from tests.test_web_browser import browser, page, serve  # noqa: F401

EVALUATE = "/api/schedule/evaluate"
# the median re-check must stay under this (seconds); the figure for a live re-check
LIVE = 0.3
# the page's own part of it, at most half (the rest is the request, timed by the API test)
PAGE = LIVE / 2
N = 200


def run_job(client: TestClient, params: dict[str, Any]) -> dict[str, Any]:
    resp = client.post("/api/jobs", json={"tool": "schedule-optimise", "params": params})
    assert resp.status_code == 201, resp.text
    job_id = resp.json()["id"]
    end = time.monotonic() + 120
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed", "interrupted"):
            assert job["status"] == "done", job
            return job
        time.sleep(0.1)
    raise AssertionError("the schedule job did not finish")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[wsmod.Workspace, Any]]:
    """A workspace holding a finished schedule job of a 200-scene production: (ws, job)."""
    scenes, cons = realistic_production(N, seed=0)
    ws = wsmod.init(tmp_path_factory.mktemp("big") / "ws")
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    (ws.files_dir / "scenes.json").write_text(json.dumps([s.to_dict() for s in scenes]))
    (ws.files_dir / "cons.json").write_text(json.dumps(cons.raw, default=str))
    params = {
        "scenes": "files/scenes.json",
        "constraints": "files/cons.json",
        "time_limit": 1,
        "formats": "json",
    }
    with TestClient(create_app(ws)) as client:
        yield ws, run_job(client, params)


def test_the_recheck_of_a_200_scene_stripboard_is_live(
    big: tuple[wsmod.Workspace, dict[str, Any]],
) -> None:
    ws, job = big
    days = job["result"]["days"]
    used = [d for d in days if d["scenes"]]
    assert sum(len(d["scenes"]) for d in days) == N
    took = []
    with TestClient(create_app(ws)) as client:
        for k in range(8):  # drag a strip of one day onto another
            src, dst = used[k % len(used)], used[(k * 7 + 3) % len(used)]
            moves = [{"scene": src["scenes"][0], "day": dst["date"]}]
            t0 = time.perf_counter()
            resp = client.post(EVALUATE, json={"job": job["id"], "moves": moves})
            took.append(time.perf_counter() - t0)
            assert resp.status_code == 200, resp.text
            body = resp.json()
            assert body["moved"] and len(body["days"]) > len(used)
    median = statistics.median(took)
    print(
        f"API re-check at {N} scenes: median {median * 1000:.0f} ms, max {max(took) * 1000:.0f} ms"
    )
    assert median < LIVE, took


# In the page: choose ``day`` in the strip's "move to day" list (the keyboard path of a drag),
# then wait for the checker's answer to be drawn and the next frame: milliseconds, as the user
# waits them (the Playwright round trips left out).
MOVE_JS = """([sid, day]) => new Promise((done) => {
  const panel = document.getElementById('stripboard-edit');
  const select = document.querySelector(`select[data-sb-move='${sid}']`);
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    if (panel.hasAttribute('aria-busy')) return;
    watch.disconnect();
    requestAnimationFrame(() => {
      const net = performance.getEntriesByType('resource').filter(
        (e) => e.name.endsWith('/api/schedule/evaluate')).pop();
      done([performance.now() - t0, net ? net.responseEnd - net.startTime : 0]);
    });
  });
  watch.observe(panel, {attributes: true, attributeFilter: ['aria-busy']});
  select.value = day;
  select.dispatchEvent(new Event('change', {bubbles: true}));
})"""


@pytest.mark.browser
def test_moving_strips_on_a_200_scene_board_in_chromium_is_live(
    big: tuple[wsmod.Workspace, dict[str, Any]],
    page: Any,  # noqa: F811
) -> None:
    ws, job = big
    url, srv, thread = serve(ws)
    try:
        page.goto(f"{url}/jobs/{job['id']}")
        page.locator("#stripboard-edit").wait_for(state="visible")
        assert page.locator("tr.strip").count() == N
        used = [d for d in job["result"]["days"] if d["scenes"]]
        took: list[float] = []
        server: list[float] = []  # the request's own time, server and network
        for k in range(8):
            sid, day = used[k]["scenes"][0], used[-1 - k]["date"]
            total, fetch = page.evaluate(MOVE_JS, [sid, day])
            took.append(total / 1000)
            server.append(fetch / 1000)
            row = page.locator(f"tr.strip[data-scene='{sid}']")
            assert row.get_attribute("data-date") == day
            assert "moved" in (row.get_attribute("class") or "")
            assert page.locator("[data-sb-moved]").inner_text() == str(k + 1)
        # the rows stay in day order: each strip under its own day's end row
        order = page.evaluate(
            "() => [...document.querySelectorAll('tbody[data-stripboard] tr')]"
            ".map(r => r.getAttribute('data-date') || r.getAttribute('data-day'))"
        )
        assert order == sorted(order)
        median = statistics.median(took)
        page_ms = statistics.median(t - r for t, r in zip(took, server, strict=True))
        print(
            f"Chromium move + re-check at {N} scenes: median {median * 1000:.0f} ms, of which "
            f"the request {statistics.median(server) * 1000:.0f} ms (budget {LIVE * 1000:.0f} "
            f"ms, by the API test) and the page {page_ms * 1000:.0f} ms"
        )
        # the page's own part (redraw of 260 rows, layout, next frame): it once took seconds
        assert page_ms < PAGE, (took, server)
    finally:
        srv.should_exit = True
        thread.join(5)
