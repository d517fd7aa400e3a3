"""Every page and every result view of the demo workspace in a real Chromium, in French and in
English, at 1366 and 390 px wide: one language at a time (no string of the other one), no
horizontal scroll, axe-core without violations (tests/web_walk.py says how). The pages are split
in two halves, one per test file (this one and test_web_language_2.py), so that two test workers
share the walk; each check is its own test over its file's walk.

Screenshots go to ``$IMAGIA_TEST_OUTPUT/pages`` when it is set, never the repo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from imagia.core import workspace as wsmod
from imagia.web import i18n
from tests import web_walk
from tests.test_web_browser import ARGS, CHROMIUM, serve
from tests.web_walk import PENDING, Walk, foreign

__all__ = ["browser", "foreign", "serve"]  # other test files import them from here

pytestmark = pytest.mark.browser
HALF = 0  # this file walks pages 0, 2, 4...; test_web_language_2.py pages 1, 3, 5...


def half(ws: wsmod.Workspace, which: int) -> list[tuple[str, str]]:
    """One half of the pages of ``ws``: the two halves hold every page once."""
    return web_walk.pages_of(ws)[which::2]


@pytest.fixture(scope="module")
def pages(demo_ws: wsmod.Workspace) -> list[tuple[str, str]]:
    return half(demo_ws, HALF)


@pytest.fixture(scope="module")
def walk(demo_ws: wsmod.Workspace, pages: list[tuple[str, str]]) -> Walk:
    pytest.importorskip("playwright.async_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    return web_walk.walk(demo_ws, pages, web_walk.shots_folder())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium (sync API) for the test files that import it from here."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_every_page_was_walked(walk: Walk, pages: list[tuple[str, str]]) -> None:
    assert not walk.errors, "\n".join(walk.errors)
    assert len(pages) >= 20 and walk.pages == len(i18n.LANGS) * len(pages)
    assert walk.axe_pages == len(pages)  # axe-core once per page


def test_one_language_at_a_time(walk: Walk) -> None:
    assert not walk.foreign, f"{len(walk.foreign)} strings:\n" + "\n".join(walk.foreign)


def test_pending_views_still_need_their_translation(walk: Walk) -> None:
    done = sorted(set(PENDING) - set(walk.pending))
    assert not done, f"now in one language: remove from PENDING: {done}"


def test_no_horizontal_scroll(walk: Walk) -> None:
    assert not walk.scroll, "\n".join(walk.scroll)


def test_axe_finds_no_violation(walk: Walk) -> None:
    assert not walk.axe, f"{len(walk.axe)}:\n" + "\n".join(walk.axe)


def test_the_checks_catch_the_canary_faults(walk: Walk) -> None:
    """The canary page (one fault of each kind) went through the same checks and each one
    reported its fault: the other language's string, not its own; the scroll at both widths;
    axe's missing text alternative."""
    strings = {"fr": "Aucune tâche pour les fichiers.", "en": "No jobs with the files."}
    for lang in i18n.LANGS:
        caught = "\n".join(walk.canary[lang])
        other = next(s for k, s in strings.items() if k != lang)
        assert repr(other) in caught and repr(strings[lang]) not in caught, caught
        assert "at 1366 px" in caught and "at 390 px" in caught, caught
        assert "image-alt:" in caught, caught


def test_halves_hold_every_page_once(demo_ws: wsmod.Workspace) -> None:
    pages = web_walk.pages_of(demo_ws)
    both = half(demo_ws, 0) + half(demo_ws, 1)
    assert sorted(both) == sorted(pages) and len(pages) >= 40


def test_detector_flags_the_other_language() -> None:
    """The detector itself: a catalogue message or a common word of the other language is
    flagged, the page's own language and proper nouns are not."""
    assert foreign("Aucune tâche pour l'instant.", "fr") is None
    assert foreign("No job yet.", "fr")
    assert foreign("3 players rated", "fr")
    assert foreign("Tâches", "en")
    assert foreign("Cartographie CNC / BearingPoint", "fr") is None
    assert foreign("1.5e+03", "en") == "scientific notation"
    assert foreign("12.5 dB", "fr") == "decimal point"
    assert foreign("12,5 dB", "fr") is None
    assert foreign("True", "fr")
    assert foreign("Rôles · confiance 100 % · « Nora and Sam sit on a bench. »", "fr") is None


def test_detector_union_finds_what_each_message_finds() -> None:
    """The one-search union of the messages flags a string exactly when one of them does: every
    message's own text, and the page's own messages (flagged by none or by some)."""
    pairs = i18n.messages()
    for mine, (lang, detect) in enumerate(web_walk.DETECT.items()):
        assert len(detect.messages) > 100
        for pat in detect.messages:
            text = pat.pattern.replace("(?<![\\w-])", "").replace("(?![\\w-])", "")
            assert detect.any_message.search(re.sub(r"\\(.)", r"\1", text.strip("^$"))), pat
        for text in [p[mine] for p in pairs][:60]:
            one = any(p.search(text) for p in detect.messages)
            assert bool(detect.any_message.search(text)) == one, (lang, text)
