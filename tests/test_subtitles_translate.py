"""Translation: timing kept, text re-fitted to the target profile, condensing, flags, chrF.
The LLM is replaced by a scripted engine here; the real one runs where llama-cpp-python is
installed (marked slow)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from imagia.core.errors import BadValue
from imagia.speech.subtitles.formats import srt
from imagia.speech.subtitles.translate import TranslateOptions, chrf, translate_file

FR = """1
00:00:01,000 --> 00:00:03,000
Bonsoir à tous.

2
00:00:03,500 --> 00:00:05,000
Le maire a présenté un projet.

3
00:00:05,100 --> 00:00:06,000
Il pleut.

4
00:00:06,100 --> 00:00:07,000
Merci.
"""


class Scripted:
    """Answers from a table; records the prompts it got."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.prompts: list[tuple[str, str]] = []

    def complete(self, system: str, user: str, max_tokens: int) -> str:
        self.prompts.append((system, user))
        if system.startswith("You edit"):
            return self.answers.get("short:" + user, user)
        return self.answers[user]


def test_translation_keeps_timing_and_fits_the_profile() -> None:
    eng = Scripted(
        {
            "Bonsoir à tous.": "Good evening, everyone.",
            "Le maire a présenté un projet.": '"Translation: The mayor of our fine city has '
            'presented a brand new and very ambitious project."',
            "short:The mayor of our fine city has presented a brand new and very ambitious "
            "project.": "The mayor presented a project.",
            "Il pleut.": "It is raining cats and dogs all over the whole wide country tonight.",
            "Merci.": "Thank you.",
        }
    )
    sf = srt.read(FR)
    out = translate_file(sf, TranslateOptions("en", source="fr"), Fraction(25), eng)
    texts = [e.text for e in out.file.events]
    assert texts[0] == "Good evening, everyone."
    assert texts[1] == "The mayor presented a project."  # condensed to fit 1.5 s at 20 cps
    assert out.condensed == [2] and out.flagged == [3]  # the third could not be condensed
    assert out.file.events[0].start == 1000 and out.file.language == "en"
    assert all(len(line) <= 42 for e in out.file.events for line in e.lines)
    assert "from French to English" in eng.prompts[0][0]
    assert sf.events[0].text == "Bonsoir à tous."  # the input is untouched


def test_translation_refuses_bad_languages() -> None:
    sf = srt.read(FR)
    with pytest.raises(BadValue, match="source language"):
        translate_file(sf, TranslateOptions("en"), Fraction(25), Scripted({}))
    with pytest.raises(BadValue, match="same as the source"):
        translate_file(sf, TranslateOptions("fr", source="fr"), Fraction(25), Scripted({}))
    with pytest.raises(BadValue, match="target language 'xx'"):
        translate_file(sf, TranslateOptions("xx", source="fr"), Fraction(25), Scripted({}))


def test_chrf() -> None:
    assert chrf("The cat sleeps.", "The cat sleeps.") == pytest.approx(100.0)
    assert chrf("", "The cat sleeps.") == 0.0
    close = chrf("The cat is sleeping.", "The cat sleeps.")
    assert 40 < close < 100 and chrf("Dogs bark loudly.", "The cat sleeps.") < close


def test_real_llm_translates_french() -> None:
    # the dev set-up installs the engine and the 0.5B model: no skip (docs/assist.md)
    out = translate_file(
        srt.read(FR), TranslateOptions("en", source="fr", model="qwen-0.5b"), Fraction(25)
    )
    text = " ".join(e.text for e in out.file.events).lower()
    # the 0.5B model is weak ("Bonsoir" came out as "Good morning"): check it is English
    assert "mayor" in text and "thank" in text and "maire" not in text
    starts = [e.start for e in out.file.events]  # same timing, on the 25 fps frame grid
    assert all(abs(a - b) <= 20 for a, b in zip(starts, [1000, 3500, 5100, 6100], strict=True))
