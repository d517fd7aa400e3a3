"""QC: each rule reported with its value and limit, and fixed where it can be done safely."""

from __future__ import annotations

import re
from fractions import Fraction

from imagia.media.timecode import ms_to_frames
from imagia.speech.subtitles import profiles
from imagia.speech.subtitles.formats import srt
from imagia.speech.subtitles.qc import check, fix

R25 = Fraction(25)
BAD = """1
00:00:01,000 --> 00:00:01,400
Too short.

2
00:00:01,440 --> 00:00:04,000
This line is much longer than forty-two characters on screen

3
00:00:04,300 --> 00:00:13,000
Far too long on screen.

4
00:00:12,000 --> 00:00:14,000
We walked all the way to the
house on the hill.

5
00:00:14,400 --> 00:00:15,000
Short
line.

6
00:00:15,040 --> 00:00:16,000
This one says a great deal in a very short time.

7
00:00:20,160 --> 00:00:22,000
Near a cut.

8
00:00:30,000 --> 00:00:38,000
This subtitle holds far too many words for two lines
of forty-two characters, so it must be split in two.
"""


def rules(report: object) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for v in report.violations:  # type: ignore[attr-defined]
        out.setdefault(v.event, set()).add(v.rule)
    return out


def test_every_rule_is_reported_with_value_and_limit() -> None:
    p = profiles.get("netflix-en")
    report = check(srt.read(BAD), p, R25, shots=[20.0, 22.1])
    got = rules(report)
    assert "min_duration" in got[1] and "min_gap" in got[1]
    assert "chars_per_line" in got[2] and "gap_not_closed" in got[2]
    assert "max_duration" in got[3] and "overlap" in got[3]
    assert "line_break" in got[4]
    assert "unneeded_line_break" in got[5] and "min_duration" in got[5]
    assert "reading_speed" in got[6]
    assert {"shot_in_cue", "shot_out_cue"} <= got[7]
    assert {"chars_per_line", "max_duration"} <= got[8]
    v = next(v for v in report.violations if v.rule == "chars_per_line")
    assert (v.value, v.limit, v.event, v.at) == (60, 42, 2, "00:00:01:11")
    assert v.message_fr == "une ligne de 60 caractères"
    # every finding also in French, none left in English
    english = re.compile(r"\b(of|the|frames|line|event|speech|gap)\b")
    assert all(v.message_fr and not english.search(v.message_fr) for v in report.violations)
    assert report.events_ok == 0 and report.to_dict()["schema"] == "SubtitleQC.1"


def test_fix_corrects_what_is_safe_and_lists_the_rest() -> None:
    p = profiles.get("netflix-en")
    shots = [20.0, 22.1]
    result = fix(srt.read(BAD), p, R25, shots)
    left = rules(result.after)
    events = result.file.events
    assert all(len(line) <= 42 for e in events for line in e.lines)
    assert "We walked all the way\nto the house on the hill." in [e.text for e in events]
    assert "Short line." in [e.text for e in events]
    last = next(e for e in events if e.text == "Near a cut.")
    assert ms_to_frames(last.start, R25) == 500  # snapped to the cut at 20.0 s
    assert ms_to_frames(last.end, R25) == ms_to_frames(22100, R25) - 2
    # what is left needs a person: condense event 2, and event 5 is squeezed between two
    # events that need all their time
    assert left == {2: {"reading_speed"}, 5: {"min_duration"}}, left
    assert result.after.share_ok > result.before.share_ok
    assert "event 8: split into 2 events to fit 2x42 characters" in result.fixed
    assert len(result.fixed_fr) == len(result.fixed)
    assert "sous-titre 8 : coupé en 2 sous-titres pour tenir en 2 x 42 caractères" in (
        result.fixed_fr
    )
    assert all(e.duration <= 7000 for e in events)


def test_french_profile_and_user_profile(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "house.yaml"
    path.write_text("base: netflix-fr\nmax_chars_per_line: 30\n", encoding="utf-8")
    p = profiles.get(path)
    assert p.id == "house" and p.max_cps == 17.0 and p.max_chars_per_line == 30
    sf = srt.read("1\n00:00:01,000 --> 00:00:04,000\nIl est parti dans la grande maison\n")
    sf.language = "fr"
    result = fix(sf, p, R25)
    # the file's last event closes its sentence: the fixer gives it its full stop
    assert result.file.events[0].lines == ["Il est parti", "dans la grande maison."]
    assert result.after.violations == []
