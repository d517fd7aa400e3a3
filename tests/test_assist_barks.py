"""Game barks: variants sampled by the real local model (0.5B, one seed each), near-duplicates
and over-limit lines set aside with the reason, a string table keyed for engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.assist import barks
from imagia.core import llm
from imagia.core.errors import BadFile, BadValue

SHEETS = """characters:
  - name: Old Marek
    lang: en
    description: a grumpy ferryman who has seen everything
    examples: ["Pay first, cry later.", "The river does not wait for you."]
triggers: [the player finds treasure]
"""


def test_similarity_folds_case_accents_and_punctuation() -> None:
    assert barks.similar("Pay first, cry later!", "pay FIRST cry later") == 1.0
    assert barks.similar("Éteins la lampe.", "eteins la lampe") == 1.0
    assert barks.similar("Pay first, cry later.", "The river is cold tonight.") < 0.3
    assert barks.clean('MAREK: "Gold? Mine now."') == "Gold? Mine now."


def test_variants_are_kept_or_set_aside_with_a_reason(tmp_path: Path) -> None:
    p = tmp_path / "sheets.yaml"
    p.write_text(SHEETS, encoding="utf-8")
    sheets, triggers = barks.read_sheets(p)
    eng = llm.engine(llm.LlmSettings(model="qwen-0.5b", timeout_s=900, threads=1, n_ctx=1024))
    out = barks.generate(sheets, triggers, eng, variants=2, limit=80)
    assert [b.key for b in out] == [f"OLD_MAREK_THE_PLAYER_FINDS_TREASURE_0{n}" for n in (1, 2)]
    kept = [b for b in out if b.kept]
    assert kept, [b.text for b in out]
    for b in out:
        assert b.kept or b.dropped in ("duplicate", "too long", "empty", "rating")
        assert not b.kept or 0 < len(b.text) <= 80
    for i, a in enumerate(kept):
        assert all(barks.similar(a.text, b.text) < 0.6 for b in kept[i + 1 :])
    again = barks.generate(sheets, triggers, eng, variants=1, limit=80)
    assert again[0].text == out[0].text  # seeded: reproducible
    short = barks.generate(sheets, triggers, eng, variants=1, limit=10)
    assert short[0].kept is False and short[0].dropped in ("too long", "empty")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("triggers: [x]\n", "'characters:' must list"),
        ("characters: [{name: A}]\ntriggers: x\n", "'triggers:' must list"),
        ("characters: [{name: A, lang: de}]\ntriggers: [x]\n", "lang must be en or fr"),
        ("characters: [{description: b}]\ntriggers: [x]\n", "needs a name"),
    ],
)
def test_bad_sheets_are_named(tmp_path: Path, text: str, problem: str) -> None:
    p = tmp_path / "sheets.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(BadFile, match=problem):
        barks.read_sheets(p)


def test_absurd_counts_are_refused() -> None:
    sheet = barks.CharacterSheet("A", "", ())
    with pytest.raises(BadValue, match="variants"):
        barks.generate([sheet], ["x"], None, variants=0)
    with pytest.raises(BadValue, match="limit"):
        barks.generate([sheet], ["x"], None, limit=5000)
