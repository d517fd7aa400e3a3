"""Drafts: a game concept one-pager's Markdown in both languages (the real model's concept runs in
the demo workspace, tests/test_demo.py); a brief too short is refused."""

from __future__ import annotations

import pytest

from imagia.assist import drafts
from imagia.core.errors import BadValue


def test_a_concept_reads_in_both_languages() -> None:
    c = {k: f"{k} text" for k in drafts.CONCEPT_FIELDS}
    assert set(drafts.CONCEPT_SCHEMA["required"]) == set(drafts.CONCEPT_FIELDS)
    fr = drafts.concept_markdown(c, "fr")
    assert fr.startswith("# title text") and "**Boucle de jeu** — core_loop text" in fr
    assert "**Risques** — risks text" in fr
    assert "**Core loop** — core_loop text" in drafts.concept_markdown(c, "en")


def test_a_brief_too_short_is_refused() -> None:
    with pytest.raises(BadValue, match="brief"):
        drafts.concept("a game", None)
