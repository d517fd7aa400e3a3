"""Dissolves and fades in timelines: CMX3600 ``D`` events, OTIO transitions at exact rates,
and the cuts of a programme with a dissolve and fades."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from imagia.core.errors import BadValue
from imagia.timeline import edl
from imagia.timeline import otio as otio_fmt
from imagia.timeline.cuts import detect_cuts
from imagia.timeline.io import read, write
from imagia.timeline.model import Event, Source, Timeline
from tests.test_media_shots import dissolve_clip, fade_clip

FILM = Fraction(24000, 1001)


def _timeline(rate: Fraction = Fraction(25)) -> Timeline:
    """Three events of one programme: a cut, a 12-frame dissolve, a 10-frame fade-in."""
    src = Source("prog.mov", "/rushes/prog.mov", 0, 300)
    return Timeline(
        "T",
        rate,
        [
            Event(src, 0, 100, 0, 100),
            Event(src, 100, 200, 100, 200, transition="dissolve", transition_frames=12),
            Event(src, 200, 300, 200, 300, transition="fade-in", transition_frames=10),
        ],
    )


def test_edl_dissolve_events(tmp_path: Path) -> None:
    tl = _timeline()
    text = edl.to_string(tl)
    lines = [ln for ln in text.splitlines() if ln[:1].isdigit()]
    assert (
        lines[1] == "002  PROG     V     C        00:00:04:00 00:00:04:00 00:00:04:00 00:00:04:00"
    )
    assert (
        lines[2] == "002  PROG     V     D    012 00:00:04:00 00:00:08:00 00:00:04:00 00:00:08:00"
    )
    assert lines[4].startswith("003  PROG     V     D    010 00:00:08:00")
    back = edl.from_string(text, Fraction(25))
    assert [(e.transition, e.transition_frames) for e in back.events] == [
        ("cut", 0),
        ("dissolve", 12),
        ("dissolve", 10),  # CMX3600 has dissolves only: a fade from the event before is one
    ]
    assert [(e.source_in, e.record_out) for e in back.events] == [(0, 100), (100, 200), (200, 300)]
    # OpenTimelineIO's reader sees the same dissolves
    path = write(tl, tmp_path / "t.edl")
    obj = otio.adapters.read_from_file(str(path), rate=25)
    track = obj.tracks[0]
    trans = [t for t in track if isinstance(t, otio.schema.Transition)]
    assert [t.transition_type for t in trans] == [otio.schema.TransitionTypes.SMPTE_Dissolve] * 2
    assert [round(t.out_offset.value) for t in trans] == [12, 10]
    clips = [c for c in track if isinstance(c, otio.schema.Clip)]
    assert [round(c.source_range.duration.value) for c in clips] == [100, 100, 100]


def test_edl_fade_in_from_black_first(tmp_path: Path) -> None:
    src = Source("bl.mov", "/r/bl.mov")
    tl = Timeline(
        "F", Fraction(25), [Event(src, 0, 50, 0, 50, transition="fade-in", transition_frames=20)]
    )
    text = edl.to_string(tl)
    assert "001  BL       V     C        00:00:00:00 00:00:00:00 00:00:00:00 00:00:00:00" in text
    assert "001  BL2      V     D    020 " in text  # a clip named BL is not the black reel
    back = edl.from_string(text, Fraction(25))
    assert (back.events[0].transition, back.events[0].transition_frames) == ("fade-in", 20)


def test_otio_transitions_and_exact_rates(tmp_path: Path) -> None:
    tl = _timeline(FILM)
    path = write(tl, tmp_path / "t.otio")
    raw = json.loads(path.read_text())
    assert raw["metadata"]["imagia"]["rate"] == "24000/1001"
    text = path.read_text()
    assert '"rate": 23.976023976023978' in text and '"rate": 23.976,' not in text
    obj = otio.adapters.read_from_file(str(path))
    track = obj.tracks[0]
    kinds = [type(c).__name__ for c in track]
    assert kinds == ["Clip", "Transition", "Clip", "Transition", "Clip"]
    t = track[1]
    assert t.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
    assert (t.in_offset.value, t.out_offset.value) == (0, 12)
    assert t.out_offset.rate == 24000 / 1001
    assert track[3].metadata["imagia"]["kind"] == "fade-in"
    back = otio_fmt.read(path)
    assert back.rate == FILM
    assert [(e.transition, e.transition_frames) for e in back.events] == [
        ("cut", 0),
        ("dissolve", 12),
        ("fade-in", 10),
    ]
    assert [(e.source_in, e.record_in) for e in back.events] == [(0, 0), (100, 100), (200, 200)]


def test_fcpxml_transitions_at_film_rate(tmp_path: Path) -> None:
    """A dissolve is a Cross Dissolve ``transition`` on the edit, at the sequence's exact
    rational time (24000/1001: 12 frames = 12012/24000 s); read back as the same dissolve."""
    import xml.etree.ElementTree as ET

    path = write(_timeline(FILM), tmp_path / "t.fcpxml")
    root = ET.parse(path).getroot()
    effects = root.findall("./resources/effect")
    assert [(e.get("name"), e.get("uid")) for e in effects] == [
        ("Cross Dissolve", "FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265")
    ]
    spine = root.find(".//spine")
    assert spine is not None
    assert [item.tag for item in spine] == [
        "asset-clip",
        "transition",
        "asset-clip",
        "transition",
        "asset-clip",
    ]
    trans = [item for item in spine if item.tag == "transition"]
    assert (trans[0].get("offset"), trans[0].get("duration")) == ("100100/24000s", "12012/24000s")
    assert trans[0].find("filter-video").get("ref") == effects[0].get("id")  # type: ignore[union-attr]
    back = read(path)
    assert [(e.transition, e.transition_frames) for e in back.events] == [
        ("cut", 0),
        ("dissolve", 12),
        ("dissolve", 10),  # a fade from the clip before reads as a dissolve, as in CMX3600
    ]
    assert [e.record_in for e in back.events] == [0, 100, 200]


def test_fcpxml_fade_in_after_a_gap(tmp_path: Path) -> None:
    src = Source("prog.mov", "/rushes/prog.mov", 0, 300)
    tl = Timeline(
        "T",
        Fraction(25),
        [Event(src, 50, 150, 25, 125, transition="fade-in", transition_frames=8)],
    )
    back = read(write(tl, tmp_path / "f.fcpxml"))
    assert [(e.transition, e.transition_frames, e.record_in) for e in back.events] == [
        ("fade-in", 8, 25)
    ]


def test_bad_transitions_are_refused() -> None:
    src = Source("a")
    with pytest.raises(BadValue, match="transition"):
        Timeline("x", Fraction(25), [Event(src, 0, 10, 0, 10, transition="wipe")]).check()
    with pytest.raises(BadValue, match="within the event"):
        Timeline(
            "x",
            Fraction(25),
            [Event(src, 0, 10, 0, 10, transition="dissolve", transition_frames=11)],
        ).check()


def test_cuts_of_a_programme_with_a_dissolve_and_fades(tmp_path: Path) -> None:
    tl = detect_cuts(dissolve_clip(tmp_path / "dissolve.mp4", 12))
    assert (tl.events[0].transition, tl.events[0].record_in) == ("cut", 0)
    (kind, frames) = (tl.events[1].transition, tl.events[1].transition_frames)
    assert len(tl.events) == 2 and kind == "dissolve" and abs(frames - 12) <= 2
    text = edl.to_string(tl)
    assert f"D    {frames:03d} " in text
    fades = detect_cuts(fade_clip(tmp_path / "fade.mp4"))
    assert [e.transition for e in fades.events] == ["cut", "fade-out", "fade-in"]
    back = otio_fmt.from_otio(otio_fmt.to_otio(fades))
    assert [e.transition for e in back.events] == ["cut", "fade-out", "fade-in"]
