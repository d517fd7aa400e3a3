"""Demo example of the assistant tools: questions about the shipped sample screenplay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[1] / "script" / "samples" / "night-ferry.fountain"


def ask_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    return (
        {"script": str(SAMPLE), "questions": "Who is waiting at the hospice?", "top": 3},
        [SAMPLE],
    )


def continuity_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    return ({"script": str(SAMPLE), "model": "none"}, [SAMPLE])


BARKS = """characters:
  - name: Old Marek
    lang: en
    description: a grumpy ferryman who has seen everything
    examples: ["Pay first, cry later.", "The river does not wait for you."]
triggers: [the player finds treasure]
"""


def barks_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    sheets = ws.files_dir / "barks-characters.yaml"
    if not sheets.exists():
        sheets.parent.mkdir(parents=True, exist_ok=True)
        sheets.write_text(BARKS, encoding="utf-8")
    return ({"sheets": str(sheets), "variants": 2, "limit": 80}, [sheets])


WORLD = """name: Marek
persona: You are the old ferryman of Lowmere, gruff but honest.
lang: en
facts:
  - The ferry crosses the Grey River from Lowmere to Saltby at dawn and at dusk.
  - A crossing costs three silver coins; children cross for free.
  - The inn at Saltby is the Drowned Lantern, kept by a woman named Ilsa.
"""


def npc_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    world = ws.files_dir / "ferryman.yaml"
    if not world.exists():
        world.parent.mkdir(parents=True, exist_ok=True)
        world.write_text(WORLD, encoding="utf-8")
    lines = "How much is a crossing?\nWho is the king of this land?"
    return ({"world": str(world), "lines": lines}, [world])


GDD = """# Tide Runner

## High concept
A co-op platformer for up to 4 players where the tide rises every MoonCycle.

## Gameplay
Players collect shells to buy upgrades. The game supports 6 players online.

## Glossary
- MoonCycle: the 3-minute period after which the tide rises.
"""


def gdd_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    doc = ws.files_dir / "tide-runner-gdd.md"
    if not doc.exists():
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(GDD, encoding="utf-8")
    return ({"gdd": str(doc)}, [doc])


MEETING = """CLAIRE: We shoot the harbour scenes on the twelfth and the thirteenth. That's decided.
MARC: I will send the revised schedule to the crew by Friday.
SOPHIE: I don't know yet if the rain machine is available.
"""


def minutes_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    doc = ws.files_dir / "meeting.txt"
    if not doc.exists():
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(MEETING, encoding="utf-8")
    return ({"transcript": str(doc)}, [doc])


def concept_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    brief = (
        "A cosy co-op game for two players who run a night ferry between islands, "
        "delivering letters and listening to the passengers' stories."
    )
    return ({"brief": brief}, [])
