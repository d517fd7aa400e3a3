"""Finding things in the web app, in a real Chromium: the home page's two lines, the tools page
(every runnable tool by stage, a line of what it does, a link to its form), the search finding
tools by trade words in French and English, and the Jobs list following a job started through
the API without a reload (the page's one event stream)."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import all_tools
from imagia.web import toolbook
from tests.test_web_browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.browser
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, wsmod.Workspace]]:
    ws = wsmod.init(tmp_path_factory.mktemp("finding") / "ws")
    url, srv, thread = serve(ws)
    yield url, ws
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


def _tab(browser: Any, lang: str) -> Iterator[Any]:
    context = browser.new_context(
        locale="fr-FR" if lang == "fr" else "en-US", viewport={"width": 1366, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert not errors, errors


@pytest.fixture
def fr(browser: Any) -> Iterator[Any]:
    yield from _tab(browser, "fr")


@pytest.fixture
def en(browser: Any) -> Iterator[Any]:
    yield from _tab(browser, "en")


def test_home_says_what_imagia_is_and_where_to_start(
    site: tuple[str, wsmod.Workspace], fr: Any, en: Any
) -> None:
    url, _ = site
    en.goto(url + "/")
    assert "imagia makes the map of AI" in en.locator(".home-what").inner_text()
    links = en.locator(".home-start a")
    assert links.all_inner_texts() == ["Explore the study", "Run a tool on my file"]
    assert en.locator("h1").inner_text() == "Value chain"
    en.click("text=Run a tool on my file")
    en.wait_for_url("**/tools")
    fr.goto(url + "/")
    assert "cartographie de l'IA" in fr.locator(".home-what").inner_text()
    assert fr.locator(".home-start a").all_inner_texts() == [
        "Explorer l'étude",
        "Lancer un outil sur mon fichier",
    ]
    fr.goto(url + "/chain")  # the chain itself, without the home lines
    assert fr.locator(".home-intro").count() == 0


def test_tools_page_lists_every_tool_by_stage_with_its_form(
    site: tuple[str, wsmod.Workspace], fr: Any, en: Any
) -> None:
    url, _ = site
    en.goto(url + "/")
    en.click("nav.main-nav >> text=Tools")
    en.wait_for_url("**/tools")
    assert en.locator("h1").inner_text() == "Tools to run"
    hrefs = set(en.locator(".tool-card a.tool-name").evaluate_all("as => as.map(a => a.href)"))
    expected = {f"{url}/usecases/{t.usecase}#tool-{t.id}" for t in all_tools()}
    assert hrefs == expected  # every runnable tool, each linked to its run form
    stages = en.locator("#tools-cinema_av .tools-stage h3").all_inner_texts()
    assert [s.split("\n")[0].strip() for s in stages][:3] == [
        "Development",
        "Pre-production and shooting",
        "Post-production, visual effects and animation",
    ]
    card = en.locator(".tool-card", has=en.locator("a[href$='#tool-audio-loudness']")).first
    assert "Measures loudness against a delivery spec" in card.inner_text()
    assert len(en.locator("#tools-games .tool-card").all()) >= 9  # games tools and shared ones
    card.locator("a.tool-name").click()
    en.wait_for_url("**/usecases/audio-post#tool-audio-loudness")
    assert en.locator("#tool-audio-loudness form").is_visible()

    fr.goto(url + "/tools")
    assert fr.locator("h1").inner_text() == "Outils à lancer"
    card = fr.locator(".tool-card", has=fr.locator("a[href$='#tool-schedule-optimise']")).first
    assert "Construit le plan de travail optimisé" in card.inner_text()
    for lang, tab in (("fr", fr), ("en", en)):
        tab.goto(url + "/tools")
        lines = tab.locator(".tool-line").all_inner_texts()
        assert len(lines) >= len(all_tools()) and all(lines)
        assert toolbook.line(all_tools()[0], lang) in lines
        tab.set_viewport_size({"width": 390, "height": 844})
        width, inner = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert width <= inner, f"{lang}: horizontal scroll at 390 px"


QUERIES = [
    ("en", "loudness", "audio-loudness"),
    ("en", "R128", "audio-loudness"),
    ("en", "stripboard", "schedule-optimise"),
    ("en", "churn", "games-analytics"),
    ("en", "imagia schedule optimise", "schedule-optimise"),  # a command
    ("fr", "sous-titres", "subtitles-make"),
    ("fr", "SOUS TITRES", "subtitles-qc"),
    ("fr", "plan de travail", "schedule-optimise"),
    ("fr", "ronflette", "audio-dehum"),
    ("fr", "reddition", "finance-statements"),
]


def test_search_finds_tools(site: tuple[str, wsmod.Workspace], fr: Any, en: Any) -> None:
    url, _ = site
    for lang, query, tool in QUERIES:
        tab = fr if lang == "fr" else en
        tab.goto(url + "/tools")
        tab.fill("#q-top", query)
        tab.press("#q-top", "Enter")
        tab.wait_for_url("**/search?q=*")
        hits = tab.locator(".tool-hit a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert any(h.endswith(f"#tool-{tool}") for h in hits), (query, hits)
        heading = tab.locator("#sr-tools").inner_text()
        assert heading.startswith("Outils à lancer" if lang == "fr" else "Tools to run")


def test_search_says_when_no_tool_matches_and_keeps_use_cases(
    site: tuple[str, wsmod.Workspace], fr: Any
) -> None:
    url, _ = site
    fr.goto(url + "/search?q=%C3%A9talonnage")  # colour grading: a use case, no tool yet
    assert fr.locator(".tool-hit").count() == 0
    assert fr.get_by_text("Aucun outil ne correspond.").is_visible()
    assert fr.locator("a[href='/usecases/colour-grading']").count() == 1
    fr.goto(url + "/search?q=zzzzqx")
    assert re.match(r"^0 résultat pour", fr.locator("p.count").inner_text())


def _tone(path: Path) -> None:
    tone = ["-f", "lavfi", "-i", "sine=frequency=1000:duration=2", "-ar", "48000"]
    subprocess.run(["ffmpeg", "-y", "-v", "error", *tone, str(path)], check=True)


def _post_job(url: str, tool: str, params: dict[str, Any]) -> str:
    req = urllib.request.Request(
        url + "/api/jobs",
        data=json.dumps({"tool": tool, "params": params}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        job_id: str = json.load(resp)["id"]
    return job_id


def test_jobs_list_follows_a_job_started_through_the_api(
    site: tuple[str, wsmod.Workspace], fr: Any
) -> None:
    url, ws = site
    _tone(ws.root / "files" / "ton.wav")
    fr.goto(url + "/jobs")
    fr.evaluate("window.__drawn = true")  # gone if the page reloads
    before = fr.locator("#jobs-table tbody tr").count()
    job_id = _post_job(url, "audio-loudness", {"media": "files/ton.wav", "spec": "ebu-r128"})
    row = fr.locator(f"tr[data-job='{job_id}']")
    row.wait_for()
    fr.wait_for_function(
        f"() => document.querySelector(\"tr[data-job='{job_id}']\").dataset.status === 'done'"
    )
    assert fr.evaluate("window.__drawn") is True
    text = row.inner_text()
    assert "Loudness selon les normes de livraison" in text  # the tool named in French
    assert "ton.wav" in text and "terminée" in text and "100" in text
    assert re.search(r"\d+(,\d)?\u00a0s", text)  # its duration, in the locale
    assert fr.locator("#jobs-table tbody tr").count() == before + 1
    assert fr.locator("#jobs-table tbody tr").first.get_attribute("data-job") == job_id
    assert fr.locator("#jobs-none").is_hidden()


def test_a_row_already_listed_changes_in_place(site: tuple[str, wsmod.Workspace], en: Any) -> None:
    url, ws = site
    _tone(ws.root / "files" / "tone.wav")
    media = str(ws.root / "files" / "tone.wav")
    job = jobs.submit(ws, "audio-loudness", {"media": media, "spec": "ebu-r128"})
    en.goto(url + "/jobs")
    en.evaluate("window.__drawn = true")
    row = en.locator(f"tr[data-job='{job.id}']")
    assert row.get_attribute("data-status") == "queued" and "queued" in row.inner_text()
    jobs.start_in_thread(ws, job.id)
    en.wait_for_function(
        f"() => document.querySelector(\"tr[data-job='{job.id}']\").dataset.status === 'done'"
    )
    assert en.evaluate("window.__drawn") is True
    assert "done" in row.inner_text() and "Loudness to delivery specs" in row.inner_text()
    assert en.locator(f"tr[data-job='{job.id}']").count() == 1
