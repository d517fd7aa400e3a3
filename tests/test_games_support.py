"""The support assistant answers from the FAQ with a citation, across FR/EN, and refuses
questions the FAQ does not answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.games.support import Assistant, evaluate, load_kb
from imagia.games.support_kb import QUESTIONS, write_demo_kb


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return Assistant(load_kb([write_demo_kb(tmp_path_factory.mktemp("kb"))]))


def test_kb_passages_from_markdown_and_html(tmp_path: Path) -> None:
    ids = [p.id for p in load_kb([write_demo_kb(tmp_path)])]
    assert "faq-en.md#refunds" in ids and "events.html#tournaments" in ids
    assert "faq-fr.md#transferer-sa-progression" in ids  # accents dropped from anchors
    assert not any("title" in i or i.endswith("#events") for i in ids)  # <title> is not a passage


def test_answers_cite_and_cross_languages(bot: Assistant) -> None:
    a = bot.ask("Comment me faire rembourser un achat ?")
    assert a.answered and a.citations == ["faq-en.md#refunds"]
    assert "[faq-en.md#refunds]" in a.text and "14 days" in a.text
    b = bot.ask("How can I change my username?")
    assert b.citations == ["faq-fr.md#changer-de-pseudo"]


def test_refuses_out_of_base_questions_with_a_way_to_a_human(bot: Assistant) -> None:
    a = bot.ask("What is the recipe for a chocolate cake?")
    assert not a.answered and not a.citations and "Contact us" in a.text
    b = bot.ask("Quel temps fera-t-il demain à Lyon ?")
    assert not b.answered and b.text.startswith("Je ne sais pas")


def test_question_set(bot: Assistant) -> None:
    score, _ = evaluate(bot, QUESTIONS)
    s = score.to_dict()
    assert s["refusal_rate_out_of_base"] == 1.0
    assert s["accuracy"] >= 0.85 and s["wrong"] <= 2


def test_bad_kb(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="not found"):
        load_kb([tmp_path / "nope"])
    (tmp_path / "empty.md").write_text("\n\n", encoding="utf-8")
    with pytest.raises(BadFile, match="no passage"):
        load_kb([tmp_path / "empty.md"])
    (tmp_path / "bin.md").write_bytes(b"\x81\x00bad")  # not text by the one decoding rule
    with pytest.raises(BadFile, match="UTF-8"):
        load_kb([tmp_path / "bin.md"])
    with pytest.raises(BadValue, match="min_similarity"):
        Assistant([], min_similarity=2)
