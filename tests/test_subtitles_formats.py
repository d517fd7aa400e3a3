"""Round trips through every format, format and encoding detection, bad files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.speech.subtitles import formats
from imagia.speech.subtitles.formats import stl
from imagia.speech.subtitles.model import Event, SubtitleFile


def sample() -> SubtitleFile:
    # frame-aligned at 25 fps (40 ms) so every format, STL included, keeps the times
    return SubtitleFile(
        [
            Event(1000, 2480, "Bonjour « l'été » à\nl'œuvre, ça va ?", speaker="Léa"),
            Event(3000, 4200, "- Oui.\n- Non, merci !", speaker="Paul"),
            Event(3_600_040, 3_601_000, "Une heure plus tard…"),
        ],
        language="fr",
        rate=Fraction(25),
        title="Démo",
    )


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_round_trip(fmt: str, tmp_path: Path) -> None:
    sf = sample()
    path = formats.save(sf, tmp_path / f"demo{formats.module(fmt).EXTENSIONS[0]}")
    back = formats.load(path)
    assert back.meta["format"] == fmt
    want = [(e.start, e.end, e.text) for e in sf.events]
    got = [(e.start, e.end, e.text) for e in back.events]
    if fmt == "stl":  # ISO 6937 has no ellipsis character: written as three dots
        want[2] = (want[2][0], want[2][1], "Une heure plus tard...")
    assert got == want
    if fmt in ("vtt", "ttml", "ass"):
        assert [e.speaker for e in back.events] == ["Léa", "Paul", None]
    if fmt in ("ttml", "stl"):
        assert back.language == "fr" and back.rate == 25


def test_round_trip_keeps_milliseconds() -> None:
    sf = SubtitleFile([Event(1, 59_999, "a"), Event(3_599_999, 36_000_001, "b")])
    for fmt in ("srt", "vtt", "ttml"):
        mod = formats.module(fmt)
        back = mod.read(mod.write(sf))
        assert [(e.start, e.end) for e in back.events] == [(1, 59_999), (3_599_999, 36_000_001)]


def test_stl_structure_and_30fps() -> None:
    sf = sample()
    sf.rate = Fraction(30000, 1001)
    data = stl.write_bytes(sf)
    assert data[3:11] == b"STL30.01" and len(data) == 1024 + 128 * 3
    assert data[1024 + 16 : 1024 + 18] == b"Bo"
    assert stl.read_bytes(data).events[1].start == 3000


def test_ttml_reads_frames_and_offsets() -> None:
    text = """<?xml version="1.0"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
    ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001" ttp:tickRate="10000000">
 <body><div>
  <p begin="00:00:01:12" end="00:00:02:00">frames</p>
  <p begin="3.5s" dur="1500ms">offset <span>with span</span></p>
  <p begin="40000000t" end="50000000t">ticks<br/>two lines</p>
 </div></body></tt>"""
    sf = formats.module("ttml").read(text)
    assert [(e.start, e.end, e.text) for e in sf.events] == [
        (1500, 2000, "frames"),
        (3500, 5000, "offset with span"),
        (4000, 5000, "ticks\ntwo lines"),
    ]
    assert sf.rate == Fraction(24000, 1001)


def test_srt_tolerates_missing_blank_lines_and_dots() -> None:
    text = "1\n00:00:01.000 --> 00:00:02,500\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n"
    sf = formats.module("srt").read(text)
    assert [(e.start, e.end, e.text) for e in sf.events] == [(1000, 2500, "A"), (3000, 4000, "B")]


def test_detects_format_by_content(tmp_path: Path) -> None:
    p = tmp_path / "subs.txt"
    p.write_text(formats.module("vtt").write(sample()), encoding="utf-8")
    assert formats.load(p).meta["format"] == "vtt"
    p.write_text("hello world\n", encoding="utf-8")
    with pytest.raises(BadFile, match="no known subtitle format"):
        formats.load(p)


def test_legacy_encoding_is_detected_and_said(tmp_path: Path) -> None:
    p = tmp_path / "old.srt"
    p.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nÇa été déjà\n".encode("cp1252"))
    sf = formats.load(p)
    assert sf.meta["encoding"] == "cp1252" and sf.events[0].text == "Ça été déjà"
    p.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\n\x81\x8d\xe9\n")
    with pytest.raises(BadFile, match="old.srt: unknown text encoding"):
        formats.load(p)
    assert formats.load(p, encoding="latin-1").events[0].text.endswith("é")


def test_bad_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="missing.srt: subtitle file not found"):
        formats.load(tmp_path / "missing.srt")
    bad = tmp_path / "broken.ttml"
    bad.write_text("<tt xmlns='http://www.w3.org/ns/ttml'><body>", encoding="utf-8")
    with pytest.raises(BadFile, match="broken.ttml: not well-formed XML"):
        formats.load(bad)
    short = tmp_path / "short.stl"
    short.write_bytes(b"850STL25.01" + b" " * 100)
    with pytest.raises(BadFile, match="short.stl: not EBU-STL"):
        formats.load(short)
    with pytest.raises(BadValue, match="extension"):
        formats.save(sample(), tmp_path / "out.doc")
    assert not (tmp_path / "out.doc").exists()
