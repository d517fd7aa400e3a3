"""The media index's pages in a real headless Chromium: a moment found by its words shows its
shot's thumbnail and, clicked, plays in the page's player from its start; a cluster of faces is
named and keeps its name after a reload; an imported rights register lists its title.

Screenshots go to ``$IMAGIA_TEST_OUTPUT/screenshots`` (or the test's tmp folder).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from imagia.app import create_app
from imagia.core import workspace as wsmod
from tests.test_api_index import CAR_START, REGISTER, Indexed, build_index, make_media
from tests.test_web_browser import TIMEOUT_MS, _free_port, browser, shots  # noqa: F401

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Site:
    url: str
    indexed: Indexed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    import uvicorn

    ws = wsmod.init(tmp_path_factory.mktemp("web-index") / "ws")
    indexed = build_index(ws, make_media(tmp_path_factory.mktemp("media")))
    port = _free_port()
    config = uvicorn.Config(
        create_app(ws),
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
    yield Site(f"http://127.0.0.1:{port}", indexed)
    srv.should_exit = True
    thread.join(5)


@pytest.fixture
def expected_errors() -> list[str]:
    """Console errors a test causes on purpose (a page answering 400 to a bad upload)."""
    return []


@pytest.fixture
def page(browser: Any, expected_errors: list[str]) -> Iterator[Any]:  # noqa: F811
    """An English-speaking tab that fails the test on any console error it did not expect (a
    CSP violation, a missing asset, a script error)."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    unexpected = [e for e in errors if not any(x in e for x in expected_errors)]
    assert not unexpected, unexpected


def test_search_shows_the_moment_and_the_player_seeks_to_it(
    site: Site,
    page: Any,
    shots: Path,  # noqa: F811
) -> None:
    page.goto(site.url + "/media")
    assert page.locator("h1").inner_text() == "Media search"
    page.fill("#m-q", "car")
    page.click(".media-form button[type=submit]")
    page.wait_for_url("**/media?q=car*")
    moment = page.locator("li.moment").first
    assert "rushes.webm" in moment.inner_text()
    assert moment.locator(".moment-tc").inner_text() == "00:00:03:15"
    img = moment.locator("img")
    assert img.get_attribute("src") == site.indexed.thumb_url("s2.jpg")
    assert img.get_attribute("alt")
    page.wait_for_function(
        "() => { const i = document.querySelector('li.moment img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )

    assert page.locator("#player").is_hidden()
    # Playback would move the position on; keep the player still to read where it seeked to.
    page.evaluate("HTMLMediaElement.prototype.play = function () { return Promise.resolve(); }")
    moment.locator("a.moment-link").click()
    page.wait_for_function(
        "start => { const v = document.querySelector('#player');"
        " return v.readyState >= 1 && Math.abs(v.currentTime - start) < 0.1; }",
        arg=CAR_START,
    )
    assert page.locator("#player").is_visible()
    assert page.evaluate("document.querySelector('#player').currentSrc").startswith(
        site.url + site.indexed.media_url
    )
    assert page.locator("#player-asset").inner_text() == "rushes.webm"
    page.wait_for_function(
        "() => document.querySelector('#player-tc').textContent === '00:00:03:15'"
    )
    assert moment.locator("a.moment-link").get_attribute("aria-current") == "true"
    page.screenshot(path=str(shots / "20-media-search.png"), full_page=True)

    # Keyboard: the moment's link is reachable and seeks again with Enter.
    page.evaluate("document.querySelector('#player').currentTime = 0")
    page.wait_for_function(
        "() => document.querySelector('#player-tc').textContent === '00:00:00:00'"
    )
    moment.locator("a.moment-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "start => Math.abs(document.querySelector('#player').currentTime - start) < 0.1",
        arg=CAR_START,
    )


def test_people_page_names_a_cluster(site: Site, page: Any, shots: Path) -> None:  # noqa: F811
    a, _ = site.indexed.people
    page.goto(site.url + "/people")
    assert page.locator("li.person").count() == 2
    card = page.locator(f"#person-{a}")
    assert card.locator("img").get_attribute("alt")
    page.fill(f"#pn-{a}", "Ana Duval")
    card.locator("button[type=submit]").click()
    page.wait_for_url("**/people?saved=*")
    assert page.locator("[role=status]").is_visible()
    page.reload()
    assert "Ana Duval" in page.locator(f"#person-{a} h2").inner_text()
    assert page.locator(f"#pn-{a}").input_value() == "Ana Duval"
    page.screenshot(path=str(shots / "21-people.png"), full_page=True)

    # The name is now a search filter on the media page.
    page.goto(site.url + "/media")
    page.select_option("#m-person", "Ana Duval")
    page.click(".media-form button[type=submit]")
    page.wait_for_selector("li.moment")
    assert page.locator("li.moment").count() == 1


def test_rights_page_imports_a_register_and_lists_its_title(
    site: Site,
    page: Any,
    shots: Path,  # noqa: F811
    tmp_path: Path,
    expected_errors: list[str],
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        REGISTER.replace("channels: [social, press, tv]", "channels: [radio]"), encoding="utf-8"
    )
    good = tmp_path / "rights.yaml"
    good.write_text(REGISTER, encoding="utf-8")

    page.goto(site.url + "/rights")
    assert page.get_by_text("No register imported yet.").is_visible()
    expected_errors.append("status of 400 (Bad Request)")  # the form page, with the error
    page.set_input_files("#rights-file", str(bad))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector(".error-box")
    assert "bad.yaml" in page.locator(".error-box").inner_text()

    page.set_input_files("#rights-file", str(good))
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/rights?imported=*")
    assert page.locator("table[data-titles] tbody th").first.inner_text() == "Les Nuits"
    assert page.locator("table[data-grants] tbody tr").count() == 1
    assert "Jane Doe" in page.locator("table[data-restrictions]").inner_text()
    page.screenshot(path=str(shots / "22-rights.png"), full_page=True)
