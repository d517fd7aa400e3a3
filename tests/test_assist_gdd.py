"""GDD check on a design document written here: missing sections, undefined terms, the same
quantity given two values; the template passes its own section check; bad files are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.assist import gdd
from imagia.core.errors import BadFile

DOC = """# Tide Runner

## High concept
A co-op platformer for up to 4 players where the tide rises every MoonCycle.

## Gameplay
Players collect shells to buy upgrades. Each run lasts 10 minutes.
The game supports 2 players in local co-op and 6 players online.

## Levels
There are 40 levels in five worlds. Beating them all unlocks the ShellForge.

## Art direction
Hand-drawn, warm colours; the HUD shows the tide's height.

## Glossary
- MoonCycle: the 3-minute period after which the tide rises.
"""


def test_a_gdd_is_read_against_the_standard(tmp_path: Path) -> None:
    p = tmp_path / "gdd.md"
    p.write_text(DOC, encoding="utf-8")
    found = gdd.check(gdd.read(p))
    missing = {f.en for f in found if f.kind == "missing"}
    assert "missing section: Controls" in missing and "missing section: Sound and music" in missing
    assert not any("Gameplay" in m or "Overview" in m or "Art" in m for m in missing)
    undefined = [f for f in found if f.kind == "undefined"]
    assert [f.en.split("'")[1] for f in undefined] == ["ShellForge"] and undefined[0].lines == [11]
    numbers = [f for f in found if f.kind == "numbers"]
    assert len(numbers) == 1 and "'player' has 3 different values" in numbers[0].en
    assert numbers[0].lines == [4, 8, 8] and "valeurs différentes" in numbers[0].fr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_template_has_every_required_section(tmp_path: Path, lang: str) -> None:
    p = tmp_path / "t.md"
    p.write_text(gdd.template(lang, "Tide Runner"), encoding="utf-8")
    assert [f for f in gdd.check(gdd.read(p)) if f.kind == "missing"] == []


def test_bad_files_are_named(tmp_path: Path) -> None:
    p = tmp_path / "gdd.md"
    p.write_bytes(b"")
    with pytest.raises(BadFile, match="empty"):
        gdd.read(p)
    p.write_bytes(b"# Jeu\n\xe9t\xe9\n")
    with pytest.raises(BadFile, match="UTF-8"):
        gdd.read(p)
