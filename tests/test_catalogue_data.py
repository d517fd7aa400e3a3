"""The catalogue's content checked against the study: count, groups, ids, sample cards."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from imagia.catalogue.loader import data_dir, packaged_usecases
from imagia.catalogue.schema import GROUPS
from imagia.catalogue.text import fold

NOTES = Path(__file__).resolve().parents[1] / "notes" / "catalogue-ids.md"
CARDS = {c.id: c for c in packaged_usecases()}


def test_sixty_two_use_cases_in_seven_groups() -> None:
    assert len(CARDS) == 62
    counts = Counter(c.group for c in CARDS.values())
    # The study's list: 12 development, 13 shooting & post, 18 animation/VFX/game dev,
    # 5 distribution & marketing, 5 broadcast, 3 catalogue, 6 game life cycle.
    assert counts == {
        "development": 12,
        "shooting_post": 13,
        "animation_vfx_games": 18,
        "distribution_marketing": 5,
        "broadcast": 5,
        "catalogue": 3,
        "game_lifecycle": 6,
    }
    assert set(counts) == set(GROUPS)


def test_ids_match_the_fixed_table() -> None:
    rows = re.findall(r"^\| (\d+) \| ([a-z0-9-]+) \| (\w+) \|", NOTES.read_text(), re.M)
    assert len(rows) == 62
    for _, uc_id, group in rows:
        assert CARDS[uc_id].group == group, uc_id


def test_every_name_is_in_the_study(study_text: str) -> None:
    folded = fold(study_text).replace("'", "'")
    for card in CARDS.values():
        name = fold(card.name_fr)
        # Titles wrap across lines in the slides: check the first words.
        head = " ".join(name.split()[:3])
        assert head in folded, card.id


def test_every_field_filled_or_explicitly_unknown() -> None:
    for card in CARDS.values():
        assert card.sectors and card.interests, card.id
        for sector in card.sectors:
            # Two cards name a second sector without a stage for it: stated, not silent.
            assert sector in card.stages or card.id in {"compliance", "virtual-product-placement"}
        for lvl in (card.impact, card.maturity):
            assert (lvl.level is None) == (lvl.basis == "unknown"), card.id
        assert card.description.fr != card.description.en


def test_sources_are_the_studys_numbers() -> None:
    for card in CARDS.values():
        assert all(1 <= s <= 200 for s in card.sources), card.id


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", fold(text))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_sentences_are_ours_not_the_studys(study_text: str) -> None:
    """Facts carry over, sentences do not: no 10-word run of our texts is in the study."""
    study = _ngrams(study_text, 10)
    for card in CARDS.values():
        for text in (
            card.description.fr,
            card.adoption.fr,
            *(e.fr for e in card.examples),
            card.perception.fr if card.perception else "",
        ):
            copied = _ngrams(text, 10) & study
            assert not copied, (card.id, " ".join(next(iter(copied))))


@pytest.mark.parametrize(
    ("uc_id", "expected"),
    [
        (
            "subtitling",
            {
                "name_fr": "Automatisation du sous-titrage",
                "group": "shooting_post",
                "sectors": ["cinema_av"],
                "stages": {"cinema_av": ["postproduction"]},
                "professions": ["Monteurs vidéo", "Monteurs son", "Traducteurs"],
                "interests": ["time_saving", "cost_reduction"],
                "maturity": 4,
                "tools": {"Whisper", "DeepL"},
                "sources": {63, 64, 65},
            },
        ),
        (
            "script-analysis",
            {
                "name_fr": "Analyse sémantique de scénarios",
                "group": "development",
                "sectors": ["cinema_av"],
                "stages": {"cinema_av": ["development"]},
                "professions": ["Auteurs-scénaristes", "Producteurs"],
                "interests": ["time_saving", "quality"],
                "maturity": 4,
                "tools": {"StoryFit", "RivetAI"},
                "sources": {4, 5, 11},
            },
        ),
    ],
)
def test_sample_cards_field_by_field(uc_id: str, expected: dict) -> None:
    c = CARDS[uc_id]
    assert c.name_fr == expected["name_fr"]
    assert c.group == expected["group"]
    assert list(c.sectors) == expected["sectors"]
    assert {k: list(v) for k, v in c.stages.items()} == expected["stages"]
    assert [p.fr for p in c.professions] == expected["professions"]
    assert list(c.interests) == expected["interests"]
    assert c.maturity.level == expected["maturity"]
    assert expected["tools"] <= set(c.tools_cited)
    assert expected["sources"] <= set(c.sources)


def test_matchmaking_card() -> None:
    c = CARDS["matchmaking"]
    assert c.sectors == ["games"]
    assert c.stages == {"games": ["development"]}
    assert c.group == "animation_vfx_games"


def test_data_files_carry_their_schema() -> None:
    for f in sorted((data_dir() / "usecases").glob("*.yaml")):
        assert f.read_text(encoding="utf-8").startswith("schema: UseCase.1"), f.name
