"""Screenplays: one model for Fountain, Final Draft FDX, PDF and plain text drafts, breakdown,
analysis and draft comparison (use cases ``script-analysis``, ``budgeting``,
``shooting-schedule``).

Python API::

    from imagia.script import read
    sp = read("draft.fountain")          # Screenplay
    sp.scenes[0].location, sp.characters()[0].dialogue_words
"""

from __future__ import annotations

from imagia.script.formats import read, write
from imagia.script.model import Character, Element, Scene, Screenplay

__all__ = ["Character", "Element", "Scene", "Screenplay", "read", "write"]
