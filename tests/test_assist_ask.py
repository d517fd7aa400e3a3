"""Questions about a screenplay: retrieval by meaning and names, the real local model answering
with [N] citations (0.5B, fixed seed), citations checked, prompts as editable data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.assist import passages, prompts, retrieve
from imagia.assist.ask import ask, citations
from imagia.core import llm
from imagia.core.errors import BadFile, BadValue
from imagia.script import formats

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "imagia" / "script" / "samples"


@pytest.fixture(scope="module")
def ferry():  # type: ignore[no-untyped-def]
    return formats.read(SAMPLES / "night-ferry.fountain")


def test_citations_are_read_in_order_without_repeats() -> None:
    assert citations("In [5] he shows it, again [5], see [scène 2] and [Scene 12A].") == [
        "5",
        "2",
        "12A",
    ]
    assert citations("No scene says so.") == []


def test_retrieval_puts_the_scene_with_the_answer_first(ferry) -> None:  # type: ignore[no-untyped-def]
    pas = passages.from_screenplay(ferry)
    assert [p.number for p in pas][:3] == ["1", "2", "3"]
    assert "JOSEPH" in pas[4].characters and "JOSEPH: " in pas[4].text
    hit = retrieve.search("What does Joseph pull from under his pillow?", pas, top=2)
    assert hit[0].passage.number == "5"
    # across languages: a French question finds the English scene
    hit = retrieve.search("Qu'est-ce que Sam donne à boire à Nora ?", pas, top=3)
    assert "2" in [h.passage.number for h in hit]


def test_the_model_answers_with_a_checked_citation(ferry) -> None:  # type: ignore[no-untyped-def]
    eng = llm.engine(
        llm.LlmSettings(model="qwen-0.5b", timeout_s=900, threads=1, n_ctx=2048, max_tokens=80)
    )
    streamed: list[str] = []
    a = ask(
        ferry,
        "What does Joseph pull from under his pillow?",
        top=3,
        engine=eng,
        on_token=streamed.append,
    )
    assert "".join(streamed).strip() == a.text
    assert "ticket" in a.text.lower()
    assert "5" in a.cited and not a.stray
    assert a.model["model"] == "qwen2.5-coder-0.5b" and a.lang == "en"


def test_prompts_are_files_a_user_can_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = prompts.load("ask", "fr")
    assert "{scenes}" in shipped.user and shipped.source.name == "ask.yaml"
    (tmp_path / "ask.yaml").write_text(
        "en:\n  system: Be brief.\n  user: 'Q: {question} S: {scenes}'\n", encoding="utf-8"
    )
    monkeypatch.setenv("IMAGIA_PROMPTS", str(tmp_path))
    own = prompts.load("ask", "en")
    assert (
        own.system == "Be brief."
        and own.messages(question="Why?", scenes="[1]")[1]["content"] == "Q: Why? S: [1]"
    )
    with pytest.raises(BadFile, match="no 'fr' entry"):
        prompts.load("ask", "fr")


def test_bad_questions_are_refused(ferry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadValue, match="question"):
        ask(ferry, "   ")
    with pytest.raises(BadValue, match="top"):
        ask(ferry, "Who is Sam?", top=0)


def test_an_uncited_answer_is_matched_to_the_scene_that_holds_it(ferry) -> None:  # type: ignore[no-untyped-def]
    from imagia.assist.ask import attribute

    hits = retrieve.search(
        "What does Joseph pull from under his pillow?", passages.from_screenplay(ferry), top=3
    )
    assert attribute("He pulls a faded ferry ticket from under his pillow.", hits) == "5"
    assert attribute("Nobody knows anything about dragons here.", hits) is None
