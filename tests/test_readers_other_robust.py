"""The other readers of users' files take text by the project's one decoding rule
(imagia.core.textfile) and refuse hostile input with a BadFile naming the file (issue 15):
rights registers, FAQ folders, EDL and FCPXML timelines, shot lists, cast sheets, transcripts,
breakdowns, loudness specs and subtitle profiles."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from imagia.clips.read_csv import read_csv as read_rights_csv
from imagia.clips.read_yaml import read_yaml as read_rights_yaml
from imagia.core.errors import BadFile
from imagia.games.support import load_kb
from imagia.post.loudness import load_spec
from imagia.script.analysis import read_cast_sheet
from imagia.script.breakdown import load as load_breakdown
from imagia.speech.subtitles import profiles
from imagia.speech.subtitles import shots as shotlist
from imagia.speech.transcript import Transcript
from imagia.timeline import edl, fcpxml
from tests.test_readers_robust import BILLION_LAUGHS, RIGHTS_CSV, RIGHTS_YAML, _timeline
from tests.test_readers_text_robust import LAUGHS

NOT_TEXT = b"\x81\x00\x01 binary\n"


def _refused(tmp_path: Path, name: str, data: bytes, read: Callable[[Path], object]) -> str:
    """``read`` of a file ``name`` holding ``data``: a one-line BadFile naming it, within 2 s of
    CPU."""
    p = tmp_path / name
    p.write_bytes(data)
    t0 = time.process_time()
    with pytest.raises(BadFile) as exc:
        read(p)
    assert time.process_time() - t0 < 2
    msg = str(exc.value)
    assert name in msg and "\n" not in msg.strip(), msg
    return msg


def test_rights_registers_in_windows_1252_and_utf16_are_read(tmp_path: Path) -> None:
    for enc in ("cp1252", "utf-16"):
        y = tmp_path / f"{enc}.yaml"
        y.write_bytes(RIGHTS_YAML.replace("Les Nuits", "Été").encode(enc))
        assert read_rights_yaml(y).titles[0].title == "Été"
        c = tmp_path / f"{enc}.csv"
        c.write_bytes(RIGHTS_CSV.replace("Les Nuits", "Été").encode(enc))
        assert read_rights_csv(c).titles[0].title == "Été"
    _refused(tmp_path, "bin.yaml", NOT_TEXT, read_rights_yaml)
    _refused(tmp_path, "bin.csv", NOT_TEXT, read_rights_csv)


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("laughs.yaml", BILLION_LAUGHS, "alias *a not accepted"),
        ("int.yaml", "schema: RightsRegister.1\nn: " + "9" * 4301 + "\n", "4300 digits"),
        ("deep.yaml", "schema: x\nn: " + "[" * 1000 + "]" * 1000 + "\n", "nested deeper"),
    ],
)
def test_rights_yaml_bombs(tmp_path: Path, name: str, text: str, says: str) -> None:
    assert says in _refused(tmp_path, name, text.encode(), read_rights_yaml)


def test_faq_files_by_the_decoding_rule_and_in_linear_time(tmp_path: Path) -> None:
    faq = tmp_path / "faq.md"
    faq.write_bytes("# Remboursement\nUn achat est remboursé sous 14 jours.\n".encode("cp1252"))
    assert load_kb([faq])[0].text == "Un achat est remboursé sous 14 jours."
    _refused(tmp_path, "bin.md", NOT_TEXT, lambda p: load_kb([p]))
    # 200,000 small tags under one heading: the text was joined again at each (quadratic)
    page = tmp_path / "many.html"
    page.write_text("<h2>T</h2>" + "<b>x</b>" * 200_000, encoding="utf-8")
    t0 = time.process_time()
    (passage,) = load_kb([page])
    assert passage.title == "T" and passage.text == " ".join(["x"] * 200_000)
    assert time.process_time() - t0 < 15  # linear: about 5 s on a loaded 2-core machine


EDL = (
    "TITLE: démo\nFCM: NON-DROP FRAME\n\n"
    "001  AX       V     C        00:00:00:00 00:00:02:00 00:00:00:00 00:00:02:00\n"
    "* FROM CLIP NAME: été.mp4\n"
)


def test_timelines(tmp_path: Path) -> None:
    p = tmp_path / "legacy.edl"
    p.write_bytes(EDL.encode("cp1252"))
    tl = edl.read(p, None)
    assert tl.events[0].source.name == "été.mp4"
    _refused(tmp_path, "bin.edl", NOT_TEXT, edl.read)
    body = "<fcpxml version='1.9'>" + "<a>" * 2000 + "</a>" * 2000 + "</fcpxml>"
    assert "nested deeper" in _refused(tmp_path, "deep.fcpxml", body.encode(), fcpxml.read)
    laughs = LAUGHS + "<fcpxml version='1.9'>&lol3;</fcpxml>"
    assert "entit" in _refused(tmp_path, "laughs.fcpxml", laughs.encode(), fcpxml.read)
    _refused(tmp_path, "bin.fcpxml", NOT_TEXT, fcpxml.read)
    good = _timeline("fcpxml").decode()
    for attr in ('width="', 'audioChannels="', 'audioRate="'):  # ValueError from int()
        bad = good.replace(attr, attr + "*a", 1).encode()
        assert "not a whole number" in _refused(tmp_path, "n.fcpxml", bad, fcpxml.read)


def test_shot_lists_and_cast_sheets(tmp_path: Path) -> None:
    from fractions import Fraction

    shots = tmp_path / "shots.txt"
    shots.write_bytes("# plans de la scène\n00:00:01:00\n3\n".encode("cp1252"))
    assert shotlist.read(shots, Fraction(25)) == [1.0, 3.0]
    _refused(tmp_path, "bin.txt", NOT_TEXT, lambda p: shotlist.read(p, Fraction(25)))
    for n, line in enumerate((b"1e100000000", b"9" * 5000 + b"f", b"1." + b"9" * 5000)):
        _refused(tmp_path, f"huge{n}.txt", line + b"\n", lambda p: shotlist.read(p, Fraction(25)))
    cast = tmp_path / "cast.csv"
    cast.write_bytes("name,gender\nHÉLÈNE,f\n".encode("cp1252"))
    assert read_cast_sheet(cast) == {"HÉLÈNE": "female"}
    _refused(tmp_path, "bin.csv", NOT_TEXT, read_cast_sheet)
    long = b'name,gender\n"' + b"x" * 140_000 + b'",f\n'
    assert "CSV" in _refused(tmp_path, "long.csv", long, read_cast_sheet)


@pytest.mark.parametrize(
    "data", [b"[1, 2]", b"[" * 100_000, b'{"schema": "Transcript.1", "segments": [5]}', NOT_TEXT]
)
def test_transcripts_and_breakdowns(tmp_path: Path, data: bytes) -> None:
    _refused(tmp_path, "t.json", data, Transcript.load)
    if b"Transcript" not in data:
        _refused(tmp_path, "b.json", data, load_breakdown)


@pytest.mark.parametrize(
    ("data", "says"),
    [(BILLION_LAUGHS.encode(), "alias"), (NOT_TEXT, "not text"), (b"a: [" * 1000, "")],
)
def test_loudness_specs_and_subtitle_profiles(tmp_path: Path, data: bytes, says: str) -> None:
    assert says in _refused(tmp_path, "spec.yaml", data, lambda p: load_spec(str(p)))
    assert says in _refused(tmp_path, "profile.yaml", data, lambda p: profiles.get(p))
