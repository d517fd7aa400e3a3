"""The programme grid in a real browser: swapping two programmes re-checks the rules at once
(a film in a one-hour slot breaks the duration rule), swapping back makes the grid whole again;
the re-check route refuses what is not the job's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.broadcast import gridsynth, programmes
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from tests.test_web_browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def grid_job(tmp_path_factory: pytest.TempPathFactory) -> tuple[wsmod.Workspace, str]:
    from datetime import date

    ws = wsmod.init(tmp_path_factory.mktemp("grid") / "ws")
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    cat = ws.files_dir / "programmes.csv"
    cat.write_text(programmes.to_csv(gridsynth.catalogue(300, date(2027, 1, 4), 1, seed=7)))
    job = jobmod.submit(
        ws, "grid-plan", {"programmes": str(cat), "days": 1, "time_limit": 5, "method": "cp-sat"}
    )
    done = jobmod.run(ws, job.id)
    assert done.status == "done", done.error
    return ws, job.id


@pytest.fixture(scope="module")
def page(grid_job: tuple[wsmod.Workspace, str]) -> Iterator[tuple[Any, str, str]]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    ws, job_id = grid_job
    url, srv, thread = serve(ws)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page()
        yield tab, url, job_id
        browser.close()
    srv.should_exit = True
    thread.join(5)


def test_moving_a_programme_rechecks_the_rules(page: tuple[Any, str, str]) -> None:
    tab, url, job_id = page
    tab.goto(f"{url}/lang/fr")
    tab.goto(f"{url}/jobs/{job_id}")
    morning = tab.locator('button[data-start$="T06:00"]').first
    prime = tab.locator('button[data-start$="T21:00"]').first
    film = prime.get_attribute("data-programme")
    morning.click()
    prime.click()  # a two-hour programme into a one-hour slot, and the reverse
    status = tab.locator("[data-grid-status]")
    status.filter(has_text="non respectée").wait_for(timeout=20_000)
    assert tab.locator('button[data-start$="T06:00"]').first.get_attribute("data-programme") == film
    assert "durée" in tab.locator("[data-grid-findings]").inner_text()  # in the page's language
    tab.locator('button[data-start$="T06:00"]').first.click()
    tab.locator('button[data-start$="T21:00"]').first.click()  # back as planned
    status.filter(has_text="Toutes les règles tiennent").wait_for(timeout=20_000)
    assert "audience attendue" in status.inner_text()


def test_recheck_route_refuses_what_is_not_the_jobs(grid_job: tuple[wsmod.Workspace, str]) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    ws, job_id = grid_job
    with TestClient(create_app(ws), base_url="http://localhost") as c:
        token = c.get("/").cookies.get("imagia_csrf") or ""
        h = {"X-CSRF-Token": token, "Origin": "http://localhost"}
        bad = {"job": job_id, "grid": [{"start": "2027-01-04T06:07", "programme": "P00001"}]}
        r = c.post("/api/broadcast/grid/check", json=bad, headers=h)
        assert r.status_code == 422 and "not the start of a slot" in r.text
        bad = {"job": job_id, "grid": [{"start": "2027-01-04T06:00", "programme": "nope"}]}
        r = c.post("/api/broadcast/grid/check", json=bad, headers=h)
        assert r.status_code == 422 and "not in the job's catalogue" in r.text


def test_new_user_walk_from_a_catalogue_file_to_the_xmltv(
    page: tuple[Any, str, str], tmp_path: Path
) -> None:
    """In French: the catalogue uploaded in the run form, a grid planned, its XMLTV one click
    away; then a malformed catalogue fails with the row named."""
    from datetime import date

    tab, url, _job = page
    cat = tmp_path / "catalogue-chaine.csv"
    cat.write_text(programmes.to_csv(gridsynth.catalogue(250, date(2027, 1, 4), 1, seed=9)))
    tab.goto(f"{url}/lang/fr")
    tab.goto(f"{url}/usecases/programme-grid")
    tab.set_input_files("#u-grid-plan-programmes", str(cat))
    tab.fill("#f-grid-plan-days", "1")
    tab.fill("#f-grid-plan-time_limit", "3")
    tab.click("#tool-grid-plan button[type=submit]")
    tab.wait_for_url("**/jobs/*")
    tab.wait_for_selector("#results table[data-quotas]", timeout=120_000)
    assert "Quotas" in tab.locator("#results").inner_text()
    assert tab.locator('a[href$="grid.xmltv.xml"]').count() >= 1
    bad = tmp_path / "mauvais.csv"
    bad.write_text(cat.read_text().replace(",TP,", ",PG,", 1))
    tab.goto(f"{url}/usecases/programme-grid")
    tab.set_input_files("#u-grid-plan-programmes", str(bad))
    tab.click("#tool-grid-plan button[type=submit]")
    tab.wait_for_url("**/jobs/*")
    err = tab.locator(".error, [role=alert]").first
    err.wait_for(timeout=60_000)
    text = err.inner_text()
    assert "mauvais.csv" in text and "age_rating" in text and "PG" in text
