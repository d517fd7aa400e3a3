"""Drafts: a game concept one-pager from a brief (the real 0.5B model, schema-constrained), its
Markdown in both languages; a brief too short is refused."""

from __future__ import annotations

import pytest

from imagia.assist import drafts
from imagia.core import llm
from imagia.core.errors import BadValue


def test_a_concept_has_every_field_in_both_languages() -> None:
    eng = llm.engine(llm.LlmSettings(model="qwen-0.5b", timeout_s=900, threads=1, n_ctx=2048))
    c = drafts.concept(
        "A co-op game for two players who run a night ferry between islands, delivering "
        "letters and listening to the passengers' stories.",
        eng,
    )
    assert set(c) == set(drafts.CONCEPT_FIELDS)
    assert sum(bool(v) for v in c.values()) >= 8, c
    fr = drafts.concept_markdown(c, "fr")
    assert "**Boucle de jeu**" in fr and "**Risques**" in fr
    assert "**Core loop**" in drafts.concept_markdown(c, "en")


def test_a_brief_too_short_is_refused() -> None:
    with pytest.raises(BadValue, match="brief"):
        drafts.concept("a game", None)
