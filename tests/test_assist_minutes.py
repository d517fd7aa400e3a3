"""Meeting minutes: the real local model (0.5B) answers in the schema from a transcript written
here, and its action items are grounded (an owner who did not take part, a due date never
said: left blank)."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.assist import minutes
from imagia.core import llm
from imagia.core.errors import BadFile

MEETING = """CLAIRE: We shoot the harbour scenes on the twelfth. That's decided.
MARC: I will send the revised schedule to the crew by Friday.
"""


def test_grounding_blanks_what_the_meeting_never_said() -> None:
    said = "marc: i will send the schedule by friday"
    a = minutes._ground({"owner": "Paul", "task": "send", "due": "Tuesday"}, ["MARC"], said)
    assert (a.owner, a.due) == ("", "") and len(a.notes) == 2
    b = minutes._ground({"owner": "Marc", "task": "send", "due": "Friday"}, ["MARC"], said)
    assert (b.owner, b.due, b.notes) == ("Marc", "Friday", [])


def test_minutes_from_a_transcript(tmp_path: Path) -> None:
    p = tmp_path / "meeting.txt"
    p.write_text(MEETING, encoding="utf-8")
    turns = minutes.read_transcript(p)
    assert turns[1] == ("MARC", "I will send the revised schedule to the crew by Friday.")
    m = minutes.write(
        turns, llm.engine(llm.LlmSettings(model="qwen-0.5b", timeout_s=900, threads=1, n_ctx=2048))
    )
    assert m.speakers == ["CLAIRE", "MARC"]
    # what the 0.5B model finds is measured by the benchmark (1/11 action items with the right
    # owner); here: it answers in the schema, and the grounding holds on whatever it says
    assert m.actions or m.decisions, m
    said = " ".join(words for _, words in turns).lower()
    for a in m.actions:
        assert a.owner.upper() in ("", "MARC", "CLAIRE"), a
        assert not a.due or all(w in said for w in a.due.lower().split() if len(w) > 2), a
    text = minutes.markdown(m, "meeting", "fr")
    assert "## Actions" in text and "Participants : CLAIRE, MARC" in text


def test_bad_transcripts_are_named(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("\n\n", encoding="utf-8")
    with pytest.raises(BadFile, match="empty transcript"):
        minutes.read_transcript(p)
    with pytest.raises(BadFile, match="file not found"):
        minutes.read_transcript(tmp_path / "nope.txt")
