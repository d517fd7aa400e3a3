"""The subtitle builder on hand-made word timings: each profile rule has a case that would
break it and the check that the built events hold it."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from imagia.media.timecode import ms_to_frames
from imagia.speech.subtitles import profiles
from imagia.speech.subtitles.linebreak import NEVER, break_cost, wrap
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.qc import check
from imagia.speech.subtitles.segment import TimedWord, build, retime

R25 = Fraction(25)
R23 = Fraction(24000, 1001)
EN = (
    "Hello everyone, and welcome to the evening news. Tonight the mayor of the city "
    "announced a new plan for the river banks. The works will start in the spring and last "
    "two years. Many residents were pleased. Others said the cost was too high for a small "
    "town like ours."
)
FR = (
    "Bonsoir à tous et bienvenue dans le journal du soir. Ce soir, le maire de la ville a "
    "annoncé un nouveau projet pour les bords de la rivière. Les travaux commenceront au "
    "printemps et dureront deux ans. Beaucoup d'habitants sont contents. D'autres trouvent "
    "que le coût est bien trop élevé pour une petite ville comme la nôtre."
)


def speak(
    text: str,
    start: float = 0.5,
    per_char: float = 0.07,
    pause: float = 0.6,
    speaker: str | None = None,
) -> list[TimedWord]:
    out, t = [], start
    for w in text.split():
        d = per_char * len(w) + 0.08
        out.append(TimedWord(w, round(t, 3), round(t + d, 3), speaker))
        t += d + (pause if w.endswith((".", "?", "!")) else 0.04)
    return out


def frames(ms: int, rate: Fraction = R25) -> int:
    return ms_to_frames(ms, rate)


@pytest.mark.parametrize(
    ("text", "pid", "rate"),
    [
        (EN, "netflix-en", R23),
        (EN, "netflix-en-children", R25),
        (EN, "bbc", R25),
        (FR, "netflix-fr", R25),
        (FR, "netflix-fr-children", R23),
        (FR, "sdh-fr", Fraction(30000, 1001)),
    ],
)
def test_built_events_hold_the_profile(text: str, pid: str, rate: Fraction) -> None:
    p = profiles.get(pid)
    events = build(speak(text), p, rate, language=p.language)
    report = check(SubtitleFile(events, language=p.language), p, rate)
    assert report.violations == []
    assert " ".join(e.text.replace("\n", " ") for e in events) == text
    for e in events:  # on the frame grid
        assert frames(e.start, rate) * 1000 / rate == pytest.approx(e.start, abs=0.5)


def test_lines_never_split_article_and_noun() -> None:
    text = "I think that we should all go back to the house of my grandmother tonight."
    events = build(speak(text, per_char=0.03), profiles.get("netflix-en"), R25)
    for e in events:
        for line in e.lines[:-1]:
            assert break_cost(line.split()[-1], "x", "en") < NEVER, e.text
    assert wrap(["We", "went", "to", "the", "old", "house", "by", "the", "sea"], 20, 2, "en") == (
        ["We went to the old", "house by the sea"],  # the only fit, though "old | house"
        pytest.approx(4.0 + 0.02 * 2 + 0.1),  # splits an adjective from its noun
    )


def test_break_costs_en_and_fr() -> None:
    assert break_cost("news.", "Tonight", "en") == 0.0
    assert break_cost("the", "house", "en") == NEVER
    assert break_cost("Bonsoir,", "à", "fr") < 0.5
    assert break_cost("le", "maire", "fr") == NEVER
    assert break_cost("je", "pense", "fr") >= 4
    assert break_cost("ne", "sais", "fr") >= 4
    assert break_cost("John", "Smith", "en") >= 3
    assert break_cost("house", "and", "en") < 1.0  # before a conjunction is good
    assert break_cost("maison", "pour", "fr") < 1.0


def test_one_line_when_it_fits_two_when_not() -> None:
    p = profiles.get("netflix-en")
    short = build(speak("Just one short line."), p, R25)
    assert len(short) == 1 and short[0].lines == ["Just one short line."]
    long = build(speak("This sentence is far too long to be written on a single line."), p, R25)
    assert all(len(line) <= 42 for e in long for line in e.lines)
    assert len(long[0].lines) == 2


def test_reading_speed_extends_into_the_gap() -> None:
    p = profiles.get("netflix-fr")
    fast = speak("Je ne sais vraiment pas ce que tu racontes.", per_char=0.02) + speak(
        "Vraiment pas.", start=6.0
    )
    events = build(fast, p, R25, language="fr")
    first = events[0]
    assert first.chars / (first.duration / 1000) <= 17.0
    assert first.duration > round((fast[7].end - fast[0].start) * 1000)


def test_min_duration_and_max_duration() -> None:
    p = profiles.get("netflix-en")
    yes = build([TimedWord("Yes.", 1.0, 1.2)], p, R25)
    assert yes[0].duration >= 833
    slow = speak(
        "And then , after a very long while , nobody , really nobody , said anything "
        "at all about it .",
        per_char=0.15,
        pause=0.0,
    )
    events = build(slow, p, R25)
    assert len(events) > 1 and all(e.duration <= 7000 for e in events)


def test_gaps_kept_and_closed() -> None:
    p = profiles.get("netflix-en")
    # 1-frame gap (40 ms) and 8-frame gap (320 ms) between sentences at 25 fps
    ws = [
        TimedWord("First", 1.0, 1.5),
        TimedWord("sentence.", 1.5, 2.4),
        TimedWord("Second", 2.44, 2.9),
        TimedWord("one.", 2.9, 3.7),
        TimedWord("Third", 4.02, 4.5),
        TimedWord("one.", 4.5, 5.4),
    ]
    events = build(ws, p, R25)
    for a, b in itertools.pairwise(events):
        assert frames(b.start) - frames(a.end) == 2 or frames(b.start) - frames(a.end) > 12


def test_shot_changes_snap_in_and_out_cues() -> None:
    p = profiles.get("netflix-en")
    ws = [
        TimedWord("The", 2.2, 2.4),
        TimedWord("storm", 2.4, 2.9),
        TimedWord("is", 2.9, 3.0),
        TimedWord("coming.", 3.0, 3.7),
    ]
    # a cut 5 frames before the speech starts, another 4 frames after it ends (with the need)
    events = build(ws, p, R25, shots=[2.0, 3.88])
    assert frames(events[0].start) == 50  # snapped to the cut at 2.0 s
    assert frames(events[0].end) == 97 - 2  # 2 frames before the cut at 3.88 s (frame 97)
    assert check(SubtitleFile(events), p, R25, [2.0, 3.88]).violations == []


def test_speaker_change_makes_dialogue_or_new_event() -> None:
    ws = speak("Are you coming?", speaker="A") + speak("Yes.", start=1.8, speaker="B")
    netflix = build(ws, profiles.get("netflix-en"), R25)
    assert netflix[0].lines == ["-Are you coming?", "-Yes."]  # the English guide: no space
    french = build(ws, profiles.get("netflix-fr"), R25, language="fr")
    # the French guide: "- ", and French typography (a non-breaking space before "?")
    assert french[0].lines == ["- Are you coming\u00a0?", "- Yes."]
    bbc = build(ws, profiles.get("bbc"), R25)
    assert [e.text for e in bbc] == ["Are you coming?", "Yes."]


def test_retime_on_empty_and_overlapping() -> None:
    p = profiles.get("netflix-en")
    assert retime([], p, R25) == []
    evs = retime([Event(0, 2000, "a b c"), Event(1500, 3000, "d e f")], p, R25)
    assert frames(evs[1].start) - frames(evs[0].end) == 2
