"""The media search's sound filter takes the user's words: French names ("musique",
"applaudissements", "parole"), plurals, accents and case ignored; the French page offers them."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core.errors import BadValue
from imagia.index.search import Query, search
from imagia.index.sounds import LABEL_IDS, NAMES_FR, canonical
from imagia.index.store import AssetRecord, Findings, IndexStore, SoundSpan


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("musique", "music"),
        ("Musique", "music"),
        ("applaudissements", "applause"),
        ("APPLAUDISSEMENT", "applause"),
        ("parole", "speech"),
        ("voix", "speech"),
        ("sirènes", "siren"),
        ("Sirene", "siren"),
        ("coup de feu", "gunshot/explosion"),
        ("pluie", "weather/water"),
        ("music", "music"),
        ("speech", "speech"),
    ],
)
def test_a_typed_word_names_its_label(typed: str, label: str) -> None:
    assert canonical(typed) == label


def test_every_label_has_a_french_name_that_finds_it() -> None:
    assert set(NAMES_FR) == set(LABEL_IDS)
    for label, name in NAMES_FR.items():
        assert canonical(name) == label, name
    assert canonical("Cornemuse") == "cornemuse"  # unknown words pass through unchanged


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    s = IndexStore(tmp_path / "index.db")
    rec = AssetRecord("c" * 64, "/rushes/concert.mov", 20.0, Fraction(25), language="fr")
    sounds = [
        SoundSpan(0.0, 6.0, "speech", 0.9),
        SoundSpan(6.0, 14.0, "music", 0.8),
        SoundSpan(14.0, 18.0, "applause", 0.7),
    ]
    s.add(rec, [], [], Findings(sounds=sounds))
    return s


def test_the_sound_filter_takes_french_words(store: IndexStore) -> None:
    for fr, en in (("musique", "music"), ("applaudissements", "applause"), ("Parole", "speech")):
        got = [(m.start, m.end) for m in search(store, Query(sound=fr))]
        assert got and got == [(m.start, m.end) for m in search(store, Query(sound=en))], fr
    assert search(store, Query(sound="musique"))[0].start == pytest.approx(6.0)
    with pytest.raises(BadValue, match="sound"):
        search(store, Query(sound="cornemuse"))
