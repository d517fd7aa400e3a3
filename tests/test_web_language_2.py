"""The second half of the pages of the language walk (tests/test_web_language.py holds the
first half and says what is checked): the same checks over its own walk, so that two test
workers share the walk."""

from __future__ import annotations

import pytest

from imagia.core import workspace as wsmod
from tests import web_walk
from tests.test_web_browser import CHROMIUM
from tests.test_web_language import (  # the same checks, run over this file's walk
    half,
    test_axe_finds_no_violation,
    test_every_page_was_walked,
    test_no_horizontal_scroll,
    test_one_language_at_a_time,
    test_pending_views_still_need_their_translation,
    test_the_checks_catch_the_canary_faults,
)
from tests.web_walk import Walk

pytestmark = pytest.mark.browser
HALF = 1

__all__ = [
    "test_axe_finds_no_violation",
    "test_every_page_was_walked",
    "test_no_horizontal_scroll",
    "test_one_language_at_a_time",
    "test_pending_views_still_need_their_translation",
    "test_the_checks_catch_the_canary_faults",
]


@pytest.fixture(scope="module")
def pages(demo_ws: wsmod.Workspace) -> list[tuple[str, str]]:
    return half(demo_ws, HALF)


@pytest.fixture(scope="module")
def walk(demo_ws: wsmod.Workspace, pages: list[tuple[str, str]]) -> Walk:
    pytest.importorskip("playwright.async_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    return web_walk.walk(demo_ws, pages, web_walk.shots_folder())
