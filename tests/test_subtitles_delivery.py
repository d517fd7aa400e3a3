"""Delivery-grade subtitles (issue 17): timing to speech and cuts, speaker turns, text style,
condensation, the QC's new checks and a fixer measured by the independent checker."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
from benchmarks.subtitle_checker import check as independent
from benchmarks.subtitle_checker import read_srt

from imagia.media.timecode import ms_to_frames
from imagia.speech.subtitles import profiles, turns
from imagia.speech.subtitles.condense import condense_events, shorter
from imagia.speech.subtitles.formats import srt
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.qc import check, fix
from imagia.speech.subtitles.segment import TimedWord, build, retime
from imagia.speech.subtitles.style import restyle, restyle_text

R25 = Fraction(25)
EN = profiles.get("netflix-en")
FR = profiles.get("netflix-fr")


def f(ms: int) -> int:
    return ms_to_frames(ms, R25)


def said(text: str, start: float, per_word: float = 0.3, speaker: str | None = None) -> list:
    return [
        TimedWord(
            w, round(start + k * per_word, 3), round(start + (k + 1) * per_word - 0.02, 3), speaker
        )
        for k, w in enumerate(text.split())
    ]


# -- the independent checker ---------------------------------------------------------------


def test_checker_reads_srt_itself_and_flags_each_rule() -> None:
    source = Path("benchmarks/subtitle_checker.py").read_text(encoding="utf-8")
    assert "imagia" not in source.split('"""', 2)[2]  # no import of what it judges
    text = (
        "1\n00:00:01,000 --> 00:00:01,400\nhello there\n\n"  # short, casing, early
        "2\n00:00:01,440 --> 00:00:04,000\nThis line is much longer than forty-two characters "
        "here.\n\n"
        "3\n00:00:04,800 --> 00:00:06,200\n- Yes.\n- No.\n\n"  # English wants "-Yes."
        "4\n00:00:07,000 --> 00:00:08,600\nI have 3 cats.\n"
    )
    truth = {
        "language": "en",
        "rate": "25",
        "cuts": [100],  # 4.0 s: event 2 ends on it, event 3's out-cue is fine
        "sentences": [
            {"start": 1.5, "end": 2.0, "speaker": "A", "text": "Hello there."},
            {"start": 4.8, "end": 5.2, "speaker": "A", "text": "Yes."},
            {"start": 5.4, "end": 5.9, "speaker": "B", "text": "No."},
            {"start": 7.0, "end": 8.0, "speaker": "A", "text": "I have three cats."},
        ],
    }
    r = independent(text, truth)
    assert len(read_srt(text)) == r.events == 4
    assert {"min_duration", "min_gap", "casing", "in_cue", "reading_speed"} <= set(r.bad[1])
    assert {"chars_per_line", "out_cue_cut"} <= set(r.bad[2])
    assert r.bad[3] == ["dialogue_dash"]
    assert r.bad[4] == ["numbers"]
    fr_truth = {**truth, "language": "fr"}
    assert "dialogue_dash" not in independent(text, fr_truth).bad.get(3, [])


# -- timing ----------------------------------------------------------------------------------


def test_in_cue_is_not_pulled_early_for_reading_speed_without_a_cut() -> None:
    # 37 characters need 48 frames at 20 cps; only 38 fit before the next event: the in-cue
    # stays on the speech (frame 50) and the event is left for condensation, not 10 frames early
    evs = [Event(2000, 3040, "We must leave this town before night."), Event(3600, 5000, "Why?")]
    retime(evs, EN, R25)
    assert f(evs[0].start) >= 50 - 1


def test_in_cue_snaps_to_a_cut_the_previous_event_covers() -> None:
    evs = [Event(1000, 3400, "The first line is long enough."), Event(3480, 5000, "Second.")]
    retime(evs, EN, R25, shots=[3.2])  # cut at frame 80; speech of event 2 starts at frame 87
    assert f(evs[1].start) == 80
    assert f(evs[0].end) == 78  # trimmed: ends 2 frames before the cut


def test_no_cue_hangs_a_few_frames_over_a_cut() -> None:
    # ends 4 frames after the cut at frame 100; the next event starts 6 frames later
    evs = [Event(2000, 4160, "Speech that runs past the cut."), Event(4400, 6000, "Next one.")]
    retime(evs, EN, R25, shots=[4.0])
    end = f(evs[0].end)
    assert end == 98 or end >= 112
    assert not [v for v in check(SubtitleFile(evs), EN, R25, [4.0]).violations if "cut" in v.rule]


def test_out_cue_twelve_frames_into_the_next_shot_passes_our_own_qc() -> None:
    # the need reaches past the cut: the out-cue goes to cut + 12, which the QC accepts
    ev = [Event(3000, 3800, "A line that needs more time.")]  # needs 35 frames: to frame 110
    retime(ev, EN, R25, shots=[4.0])
    assert f(ev[0].end) == 100 + 12
    report = check(SubtitleFile(ev), EN, R25, [4.0])
    assert not [v for v in report.violations if v.rule in ("shot_out_cue", "over_cut")]


def test_next_speaker_is_not_appended_to_a_sentence_fragment() -> None:
    a = said(
        "I stayed at the station until three in the morning because the last train was "
        "cancelled again.",
        1.0,
        0.22,
        "A",
    )
    b = said("Really? Why?", a[-1].end + 0.25, 0.3, "B")
    events = build(a + b, EN, R25)
    for e in events:
        if e.text.startswith("-"):
            first = e.lines[0].lstrip("- ")
            assert first[:1].isupper(), e.text  # a dialogue holds whole turns
    assert events[-1].text.endswith("Really? Why?")


def test_energy_edge_moves_a_word_timed_in_the_silence() -> None:
    sr = 16000
    audio = np.zeros(3 * sr, dtype=np.float32)
    t = np.arange(sr) / sr
    audio[sr : 2 * sr] = 0.3 * np.sin(2 * np.pi * 180 * t)  # speech from 1.0 s to 2.0 s
    ws = [TimedWord("Hello.", 0.2, 1.5)]  # Whisper put its start 0.8 s early
    moved = turns.edges(ws, audio)
    assert abs(moved[0].start - 1.0) <= 0.02
    assert abs(turns.speech_onsets(audio)[0] - 1.0) <= 0.02


def test_speakers_told_by_pitch() -> None:
    sr = 16000
    t = np.arange(sr) / sr

    def voice(f0: float) -> np.ndarray:
        harmonics = [0.2 / k * np.sin(2 * np.pi * f0 * k * t) for k in range(1, 5)]
        return np.sum(harmonics, axis=0).astype("float32")

    gap = np.zeros(sr // 2, dtype=np.float32)
    audio = np.concatenate([voice(110), gap, voice(220), gap, voice(112)])
    ws = [TimedWord("One.", 0.0, 1.0), TimedWord("Two.", 1.5, 2.5), TimedWord("Three.", 3.0, 4.0)]
    assert [w.speaker for w in turns.speakers(ws, audio)] == ["S1", "S2", "S1"]


# -- text style and condensation -------------------------------------------------------------


def test_style_numbers_casing_punctuation() -> None:
    en = restyle(
        [
            TimedWord("i", 0, 0.2),
            TimedWord("have", 0.2, 0.4),
            TimedWord("3", 0.4, 0.6),
            TimedWord("cats", 0.6, 0.8),
        ],
        "en",
    )
    assert " ".join(w.text for w in en) == "I have three cats."
    fr = restyle(
        [
            TimedWord("il", 0, 0.2),
            TimedWord("a", 0.2, 0.4),
            TimedWord("3", 0.4, 0.6),
            TimedWord("chats", 0.6, 0.8),
            TimedWord("et", 0.8, 1),
            TimedWord("12", 1, 1.2),
            TimedWord("chiens", 1.2, 1.4),
        ],
        "fr",
    )
    assert " ".join(w.text for w in fr) == "Il a trois chats et 12 chiens."
    assert restyle_text("-yes.\n-no, 2 of them.", "en") == "-Yes.\n-No, two of them."


def test_condensation_drops_fillers_and_repetitions_and_asks_for_review() -> None:
    assert shorter("Um, you know, I I think we should go.", "en") == "I think we should go."
    assert shorter("- Euh, je je crois, tu vois.", "fr") == "- Je crois."
    e = Event(0, 1400, "Um, you know, I I think we should go now.")
    condense_events([e], EN, R25, "en")
    assert e.text == "I think we should go now." and e.meta["review"] == "condensed"
    assert e.meta["original"].startswith("Um")
    report = check(SubtitleFile([e]), EN, R25)
    assert report.review and report.review[0]["why"] == "condensed"


# -- QC checks and the fixer ------------------------------------------------------------------


def test_qc_reports_dashes_casing_over_cut_and_audio_timing() -> None:
    sf = srt.read(
        "1\n00:00:01,000 --> 00:00:03,000\n- Are you coming?\n- In a minute.\n\n"
        "2\n00:00:03,400 --> 00:00:05,200\nthe car is outside.\n\n"
        "3\n00:00:06,000 --> 00:00:08,000\nWe leave now.\n"
    )
    got = {(v.event, v.rule) for v in check(sf, EN, R25, [5.0], onsets=[1.0, 3.4, 6.6]).violations}
    assert (1, "speaker_dash") in got  # English writes "-Are you coming?"
    assert (2, "casing") in got
    assert (2, "over_cut") in got  # 5 frames over the cut at 5.0 s
    assert (3, "in_cue_early") in got  # speech starts 15 frames after the in-cue
    fr = {(v.event, v.rule) for v in check(sf, FR, R25).violations}
    assert (1, "speaker_dash") not in fr


def test_fix_is_measured_by_the_independent_checker(tmp_path: Path) -> None:
    bad = (
        "1\n00:00:01,000 --> 00:00:02,600\nthe storm is coming.\n\n"
        "2\n00:00:02,640 --> 00:00:05,200\nWe have to close the shutters and bring the boats "
        "back.\n\n"
        "3\n00:00:05,600 --> 00:00:07,000\n- Now?\n- right now.\n"
    )
    truth = {
        "language": "en",
        "rate": "25",
        "cuts": [127],  # event 2 hangs 3 frames over it
        "sentences": [
            {"start": 1.0, "end": 2.2, "speaker": "A", "text": "The storm is coming."},
            {"start": 2.64, "end": 5.0, "speaker": "A", "text": "We have to close..."},
            {"start": 5.6, "end": 6.0, "speaker": "B", "text": "Now?"},
            {"start": 6.2, "end": 6.8, "speaker": "A", "text": "Right now."},
        ],
    }
    before = independent(bad, truth)
    result = fix(srt.read(bad), EN, R25, [127 / 25])
    after = independent(srt.write(result.file), truth)
    for rule in ("min_gap", "chars_per_line", "casing", "out_cue_cut", "dialogue_dash"):
        assert before.by_rule().get(rule, 0) > after.by_rule().get(rule, 0), (rule, after.bad)
    assert after.share > before.share
    (tmp_path / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
