"""A transcript written by a job (with its provenance record) reads back as a transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.speech.transcript import SCHEMA, Segment, Transcript, Word


def _transcript() -> Transcript:
    words = [
        Word(" Bonjour", 0.5, 0.9, 0.98),
        Word(" à", 0.9, 1.0, 0.9),
        Word(" tous.", 1.0, 1.4, 0.95),
    ]
    return Transcript("a.wav", "fr", 0.99, 2.0, [Segment(1, 0.5, 1.4, "Bonjour à tous.", words)])


def test_transcript_with_provenance_reads_back(tmp_path: Path) -> None:
    data = _transcript().to_dict()
    data["provenance"] = {"schema": "Provenance.1", "tool": "speech-transcribe", "params": {}}
    path = tmp_path / "transcript.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    back = Transcript.load(path)
    assert back.schema == SCHEMA and back.language == "fr"
    assert [w.text for w in back.words()] == ["Bonjour", "à", "tous."]


def test_transcript_missing_field_is_refused(tmp_path: Path) -> None:
    data = _transcript().to_dict()
    del data["duration"]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadFile, match="t.json"):
        Transcript.load(path)


def test_transcribe_job_options_follow_the_vad_flag() -> None:
    """``--no-vad`` (noisy location sound, docs/speech.md) reaches the transcription."""
    from imagia.speech.jobs import _options

    assert _options({"lang": "fr", "vad": False}).vad is False
    assert _options({"lang": "auto"}).vad is True and _options({"lang": "auto"}).language is None
