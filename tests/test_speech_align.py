"""Alignment of an existing text to audio: word matching (no model) and on synthetic speech
with known sentence starts (real model, slow)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.segment import TimedWord
from tests.speech_media import needs_whisper, tts


def test_align_words_matches_replaces_and_interpolates() -> None:
    from imagia.speech.align import align_words

    heard = [
        TimedWord("Hello", 1.0, 1.4),
        TimedWord("Mister", 1.5, 1.9),
        TimedWord("Dashwod", 2.0, 2.6),
        TimedWord("how", 3.0, 3.2),
        TimedWord("you?", 3.6, 3.9),
    ]
    text = ["Hello,", "Mr", "Dashwood!", "How", "are", "you?"]
    words, matched = align_words(text, heard)
    assert [w.text for w in words] == text
    assert (words[0].start, words[0].end) == (1.0, 1.4)
    assert (words[2].start, words[3].start) == (2.0, 3.0)  # misheard words, same count
    assert 3.2 <= words[4].start < words[4].end <= 3.6  # "are" was not heard: interpolated
    assert words[5].start == 3.6 and matched == 5


def _sentences(tmp: Path) -> tuple[Path, list[float], list[str]]:
    sentences = [
        "The storm reached the coast at dawn.",
        "Nobody expected the river to rise so fast.",
        "By noon, the old bridge was closed.",
    ]
    starts, parts, t = [], [], 0.6
    for k, s in enumerate(sentences):
        raw = tts(tmp / f"raw{k}.wav", s, "en")
        clean = tmp / f"s{k}.wav"
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-v",
                "error",
                "-i",
                str(raw),
                "-af",
                "silenceremove=start_periods=1:start_threshold=-45dB,areverse,"
                "silenceremove=start_periods=1:start_threshold=-45dB,areverse",
                str(clean),
            ],
            check=True,
        )
        out = subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                str(clean),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        starts.append(t)
        parts.append(clean)
        t += float(out.stdout) + 0.9
    media = tmp / "story.wav"
    inputs = [x for p in parts for x in ("-i", str(p))]
    graph = "anullsrc=r=16000:cl=mono:d=0.6[l];" + "".join(
        f"[{k}:a]apad=pad_dur=0.9[a{k}];" for k in range(3)
    )
    graph += "[l][a0][a1][a2]concat=n=4:v=0:a=1[out]"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            *inputs,
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-ar",
            "16000",
            "-ac",
            "1",
            str(media),
        ],
        check=True,
    )
    return media, starts, sentences


@needs_whisper
@pytest.mark.slow
def test_align_text_and_subtitles_on_speech(tmp_path: Path) -> None:
    from imagia.speech.align import align, retime_file

    media, starts, sentences = _sentences(tmp_path)
    al = align(media, " ".join(sentences), "en")
    assert al.share_matched >= 0.85
    firsts = [0, len(sentences[0].split()), len(sentences[0].split()) + len(sentences[1].split())]
    for k, start in zip(firsts, starts, strict=True):
        assert abs(al.words[k].start - start) <= 0.2, (al.words[k], start)
    # a subtitle file with wrong times gets the audio's
    wrong = SubtitleFile([Event(0, 1000, s) for s in sentences], language="en")
    fixed, _ = retime_file(wrong, media)
    assert [e.text for e in fixed.events] == sentences
    for e, start in zip(fixed.events, starts, strict=True):
        assert abs(e.start / 1000 - start) <= 0.2 and e.end > e.start


def test_align_words_unheard_opening_words_get_time_not_one_instant() -> None:
    """The recogniser missed the script's first words: they go before the first heard word,
    sized by the speaking rate, each with a length (before: all at the first heard word's start,
    zero long)."""
    from imagia.speech.align import MIN_WORD_S, align_words

    heard = [
        TimedWord("river", 2.0, 2.4),
        TimedWord("rose", 2.45, 2.8),
        TimedWord("fast", 2.85, 3.2),
    ]
    text = ["Nobody", "expected", "the", "river", "rose", "fast"]
    words, matched = align_words(text, heard)
    assert matched == 3
    lead = words[:3]
    assert all(w.end - w.start >= MIN_WORD_S - 1e-9 for w in lead)
    assert lead[0].start < lead[1].start < lead[2].start < 2.0
    assert lead[-1].end == pytest.approx(2.0)
    assert 0.6 <= 2.0 - lead[0].start <= 2.0  # "Nobody expected the" at a speaking rate


def test_align_words_unheard_words_with_no_room_still_get_length() -> None:
    from imagia.speech.align import MIN_WORD_S, align_words

    heard = [TimedWord("one", 0.0, 0.3), TimedWord("four", 0.3, 0.6)]
    words, _ = align_words(["one", "two", "three", "four", "five"], heard)
    assert all(w.end - w.start >= MIN_WORD_S - 1e-9 for w in words)
    assert words[4].start >= words[3].end  # the trailing word after the last heard one


def test_align_words_misheard_run_takes_the_heard_span() -> None:
    from imagia.speech.align import align_words

    heard = [
        TimedWord("the", 0.0, 0.2),
        TimedWord("dash", 0.3, 0.5),
        TimedWord("wood", 0.5, 0.8),
        TimedWord("family", 0.9, 1.3),
    ]
    words, matched = align_words(["the", "Dashwood", "family"], heard)
    assert matched == 2
    assert (words[1].start, words[1].end) == (0.3, 0.8)
