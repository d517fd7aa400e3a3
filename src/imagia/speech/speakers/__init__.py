"""Speaker labels (diarization): who speaks when, with names and genders from the person.

``diarize(path, SpeakerOptions(...))`` gives a :class:`SpeakerResult` (turns, speakers with
time, share, sample and pitch register); :mod:`.rttm` reads and writes RTTM; :mod:`.names`
reads the person's answers (names, confirmed genders)."""

from __future__ import annotations

from imagia.speech.speakers.diarize import SpeakerOptions, diarize
from imagia.speech.speakers.model import Speaker, SpeakerResult, SpeakerTurn

__all__ = ["Speaker", "SpeakerOptions", "SpeakerResult", "SpeakerTurn", "diarize"]
