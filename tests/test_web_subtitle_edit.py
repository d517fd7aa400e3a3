"""The cue editor in a real headless Chromium, on a subtitles-qc job of a generated clip (tone
bursts) and its SRT: open the editor, read the cues at 25 fps, change a cue's out-time so that
it overlaps the next (the QC finding appears) and back (it goes), lengthen a text past the line
limit and back, split a cue at the caret, merge two cues, save, reload the page and find the
saved version; the page in French shows the editor and its findings in French; axe-core finds
nothing wrong with the open editor and it fits 390 px."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.speech.subtitles import formats
from imagia.web import i18n
from tests.test_subtitles_edit import SRT, burst_clip
from tests.test_web_browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.browser
AXE = Path(str(__import__("axe_playwright_python").__file__)).parent / "axe.min.js"
AXE_RUN = (
    "async () => (await axe.run(document.querySelector('[data-subtitle-editor]'), "
    "{resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.help)"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    ws = wsmod.init(tmp_path_factory.mktemp("edit-web") / "ws")
    clip = burst_clip(ws.files_dir / "bursts.mp4")
    subs = ws.files_dir / "bursts.srt"
    subs.write_text(SRT, encoding="utf-8")
    params = {"subs": str(subs), "media": str(clip), "profile": "netflix-en", "shots": "none"}
    job = jobs.run(ws, jobs.submit(ws, "subtitles-qc", params, [subs, clip]).id)
    assert job.status == "done", job.error
    url, srv, thread = serve(ws)
    yield {"ws": ws, "job": job, "url": url}
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


def _tab(browser: Any, app: dict[str, Any], lang: str, errors: list[str]) -> Any:
    context = browser.new_context(
        locale="fr-FR" if lang == "fr" else "en-US",
        viewport={"width": 1366, "height": 900},
        bypass_csp=True,  # axe is injected as a script tag; the page's own CSP is tested apart
    )
    context.add_cookies([{"name": i18n.COOKIE, "value": lang, "url": app["url"]}])
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    return tab


def _open(tab: Any, app: dict[str, Any]) -> None:
    tab.goto(f"{app['url']}/jobs/{app['job'].id}")
    tab.click("[data-se-open]")
    tab.wait_for_selector("[data-subtitle-editor][data-se-ready]")


def _shot(tab: Any, name: str) -> None:
    """A screenshot of the open editor, kept as a test artefact when asked for."""
    if os.environ.get("IMAGIA_TEST_OUTPUT"):
        folder = Path(os.environ["IMAGIA_TEST_OUTPUT"]) / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        tab.locator("[data-subtitle-editor]").screenshot(path=str(folder / name))


def _cue(k: int, inner: str = "") -> str:
    return f'li[data-se-cue="{k}"] {inner}'.strip()


def _settled(tab: Any) -> None:
    """The last QC request has answered."""
    tab.wait_for_function("!document.querySelector('[data-subtitle-editor][data-se-busy]')")
    tab.wait_for_timeout(200)  # the debounce of the next edit, if any
    tab.wait_for_function("!document.querySelector('[data-subtitle-editor][data-se-busy]')")


def test_edit_split_merge_save_and_reload(browser: Any, app: dict[str, Any]) -> None:
    errors: list[str] = []
    tab = _tab(browser, app, "en", errors)
    _open(tab, app)
    assert tab.locator("li[data-se-cue]").count() == 3
    # 960 ms and 1960 ms at 25 fps: frames 24 and 49
    assert tab.input_value(_cue(0, "[data-se-in]")) == "00:00:00:24"
    assert tab.input_value(_cue(0, "[data-se-out]")) == "00:00:01:24"
    assert tab.locator(_cue(2, '[data-rule="casing"]')).count() == 1  # the job's own finding
    assert tab.locator(_cue(0, ".se-ok")).count() == 1
    # the waveform came and was drawn
    tab.wait_for_function("document.querySelector('[data-se-wave]').width > 100")
    # out-time over the next cue's in-time: an overlap, then back to where it was
    tab.fill(_cue(0, "[data-se-out]"), "00:00:02:15")
    tab.press(_cue(0, "[data-se-out]"), "Tab")
    tab.wait_for_selector(_cue(0, '[data-rule="overlap"]'))
    for _ in range(3):  # a frame at a time: 65 -> 62, the next cue's in-time: still over it
        tab.click(_cue(0, '[data-se-nudge="out:-1"]'))
    _settled(tab)
    assert tab.input_value(_cue(0, "[data-se-out]")) == "00:00:02:12"
    tab.click(_cue(0, '[data-se-nudge="out:-1"]'))  # 61: a 1-frame gap
    tab.wait_for_selector(_cue(0, '[data-rule="min_gap"]'))
    tab.wait_for_selector(_cue(0, '[data-rule="overlap"]'), state="detached")
    tab.fill(_cue(0, "[data-se-out]"), "00:00:01:24")
    tab.press(_cue(0, "[data-se-out]"), "Tab")
    tab.wait_for_selector(_cue(0, '[data-rule="min_gap"]'), state="detached")
    # a text past the profile's 42 characters, then fixed
    tab.fill(_cue(1, "[data-se-text]"), "And a second one that goes on, far past the limit")
    tab.wait_for_selector(_cue(1, '[data-rule="chars_per_line"]'))
    assert "line too long" in tab.inner_text(_cue(1, "[data-se-findings]"))
    tab.fill(_cue(1, "[data-se-text]"), "And a second one.")
    tab.wait_for_selector(_cue(1, '[data-rule="chars_per_line"]'), state="detached")
    # a bad timecode is refused at once, in words
    tab.fill(_cue(2, "[data-se-in]"), "00:00:05:31")
    tab.press(_cue(2, "[data-se-in]"), "Tab")
    assert tab.get_attribute(_cue(2, "[data-se-in]"), "aria-invalid") == "true"
    assert "HH:MM:SS:FF" in tab.inner_text("[data-se-status]")
    tab.fill(_cue(2, "[data-se-in]"), "00:00:05:00")
    tab.press(_cue(2, "[data-se-in]"), "Tab")
    # split "And a second| one." at the caret, then merge the first two cues
    tab.evaluate(
        "() => { const t = document.querySelector('li[data-se-cue=\"1\"] [data-se-text]');"
        " t.focus(); t.setSelectionRange(12, 12); }"
    )
    tab.click(_cue(1, "[data-se-split]"))
    assert tab.locator("li[data-se-cue]").count() == 4
    assert tab.input_value(_cue(1, "[data-se-text]")) == "And a second"
    assert tab.input_value(_cue(2, "[data-se-text]")) == "one."
    tab.click(_cue(0, "[data-se-merge]"))
    assert tab.locator("li[data-se-cue]").count() == 3
    assert tab.input_value(_cue(0, "[data-se-text]")) == "A first line.\nAnd a second"
    _settled(tab)
    assert re.search(r"of 3 cues meet the profile netflix-en", tab.inner_text("[data-se-summary]"))
    tab.locator("[data-se-save]").click()
    tab.wait_for_selector("[data-se-download]")
    saved = app["ws"].files_dir / "bursts.edited.srt"
    assert tab.get_attribute("[data-se-download]", "href") == "/api/files/bursts.edited.srt"
    events = formats.load(saved).events
    assert [e.text for e in events] == ["A first line.\nAnd a second", "one.", "the third."]
    assert events[0].start == 960 and events[2].start == 5000
    # reload: the editor opens on the saved version
    _open(tab, app)
    assert tab.locator("li[data-se-cue]").count() == 3
    assert tab.input_value(_cue(0, "[data-se-text]")) == "A first line.\nAnd a second"
    assert tab.locator("[data-se-version] option:checked").inner_text() == "bursts.edited.srt"
    tab.add_script_tag(path=str(AXE))
    assert tab.evaluate(AXE_RUN) == []
    _shot(tab, "subtitle-editor-1366.png")
    tab.set_viewport_size({"width": 390, "height": 844})
    assert tab.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    _shot(tab, "subtitle-editor-390.png")
    tab.context.close()
    assert not errors, errors


def test_the_editor_speaks_french(browser: Any, app: dict[str, Any]) -> None:
    errors: list[str] = []
    tab = _tab(browser, app, "fr", errors)
    tab.goto(f"{app['url']}/jobs/{app['job'].id}")
    assert tab.inner_text("[data-se-open]") == "Ouvrir l’éditeur de sous-titres"
    _open(tab, app)
    tab.select_option("[data-se-version]", "original")
    tab.wait_for_function(
        "document.querySelector('li[data-se-cue=\"1\"] [data-se-text]').value"
        " === 'And a second one.'"
    )
    tab.wait_for_selector(_cue(2, '[data-rule="casing"]'))
    finding = tab.inner_text(_cue(2, '[data-rule="casing"]'))
    assert finding.startswith("majuscules") and "écrire « The third. »" in finding
    assert "sous-titres conformes au profil" in tab.inner_text("[data-se-summary]")
    cps = tab.inner_text(_cue(1, "[data-se-cps]"))  # 17 characters in 28 frames
    assert cps == "15,2 car./s", cps  # a decimal comma
    tab.fill(_cue(1, "[data-se-out]"), "00:00:02:00")
    tab.press(_cue(1, "[data-se-out]"), "Tab")
    tab.wait_for_selector(_cue(1, '[data-rule="refused"]'))
    assert "la sortie 00:00:02:00 n’est pas après l’entrée" in tab.inner_text("[data-se-status]")
    tab.context.close()
    refused = "the server responded with a status of 422"  # the refusal, logged by Chromium
    assert [e for e in errors if refused not in e] == [], errors
