"""In Chromium: a breakdown element edited in the page stays after a reload and is carried into
the breakdown of a new draft; "use in…" takes the breakdown's scene list to the stripboard
optimiser's run form with the file chosen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from tests.test_script_edits import DRAFT1, DRAFT2
from tests.test_web_browser import browser, page, serve, shots  # noqa: F401

pytestmark = pytest.mark.browser


def _breakdown(ws: wsmod.Workspace, name: str) -> str:
    job = jobs.submit(ws, "script-breakdown", {"file": str(ws.files_dir / name), "nlp": False})
    assert jobs.run(ws, job.id).status == "done"
    return job.id


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, wsmod.Workspace, str]]:
    ws = wsmod.init(tmp_path_factory.mktemp("bdweb") / "ws")
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    (ws.files_dir / "kettle.fountain").write_text(DRAFT1, encoding="utf-8")
    (ws.files_dir / "kettle-v2.fountain").write_text(DRAFT2, encoding="utf-8")
    job_id = _breakdown(ws, "kettle.fountain")
    url, srv, thread = serve(ws)
    yield url, ws, job_id
    srv.should_exit = True
    thread.join(5)


def _tag(tab: Any, row: int, name: str) -> Any:
    return tab.locator(f'tr[data-scene="{row}"] .bd-tag[data-name="{name}"]')


def test_edit_in_the_page_is_kept_and_carried(
    site: tuple[str, wsmod.Workspace, str],
    page: Any,  # noqa: F811
    shots: Path,  # noqa: F811
) -> None:
    url, ws, job_id = site
    page.goto(f"{url}/jobs/{job_id}")
    legend = page.locator(".bd-legend")
    assert legend.get_by_text("Props").count() == 1 and legend.get_by_text("Weapons").count() == 1
    # add an element to the kitchen scene
    form = page.locator('form.bd-add[data-scene="0"]')
    form.locator("input[name=name]").fill("teapot")
    form.locator("select[name=category]").select_option("props")
    form.get_by_role("button", name="Add").click()
    _tag(page, 0, "teapot").wait_for()
    # move the shotgun of the street scene to the props, remove the lamp
    _tag(page, 1, "shotgun").locator("select").select_option("props")
    page.locator('tr[data-scene="1"] .bd-tag.bd-props[data-name="shotgun"]').wait_for()
    lamp = _tag(page, 1, "lamp")
    had_lamp = lamp.count() == 1  # the detector's business: the edits hold either way
    if had_lamp:
        lamp.get_by_role("button", name="Remove lamp").click()
        lamp.wait_for(state="detached")
    page.locator("[data-bd-status]").get_by_text("Saved.").wait_for()
    page.screenshot(path=str(shots / "breakdown-edited.png"), full_page=True)
    page.reload()
    assert _tag(page, 0, "teapot").count() == 1
    assert page.locator('tr[data-scene="1"] .bd-tag.bd-props[data-name="shotgun"]').count() == 1
    assert _tag(page, 1, "lamp").count() == 0
    assert page.locator("[data-bd-n]").inner_text() == ("3" if had_lamp else "2")
    # a new draft: the kitchen scene rewritten and renumbered, the street unchanged
    job2 = _breakdown(ws, "kettle-v2.fountain")
    page.goto(f"{url}/jobs/{job2}")
    assert (
        "Edits carried over from an earlier draft" in page.locator("[data-bd-carried]").inner_text()
    )
    kitchen = page.locator("tr[data-scene]").filter(has_text="INT. KITCHEN - DAY")
    assert kitchen.locator('.bd-tag[data-name="teapot"]').count() == 1
    street = page.locator("tr[data-scene]").filter(has_text="EXT. STREET - NIGHT")
    assert street.locator('.bd-tag.bd-props[data-name="shotgun"]').count() == 1
    assert street.locator('.bd-tag[data-name="lamp"]').count() == 0


def test_use_in_takes_the_scene_list_to_the_optimiser(
    site: tuple[str, wsmod.Workspace, str],
    page: Any,  # noqa: F811
) -> None:
    url, ws, job_id = site
    scenes = next(o["path"] for o in jobs.get(ws, job_id).outputs if o["kind"] == "scenes/csv")
    page.goto(f"{url}/jobs/{job_id}")
    row = page.locator("tr").filter(has_text="kettle.scenes.csv").first
    row.locator("summary").click()
    row.locator('a[data-use-tool="schedule-optimise"]').click()
    page.wait_for_url("**/usecases/shooting-schedule?**")
    picker = page.locator("#f-schedule-optimise-scenes")
    deadline = time.monotonic() + 5
    while picker.input_value() != scenes and time.monotonic() < deadline:
        time.sleep(0.05)
    assert picker.input_value() == scenes
    assert picker.locator(f'option[value="{scenes}"]').inner_text().startswith("kettle.scenes.csv")
