"""Timelines: cut detection, selects, and EDL / OTIO / FCPXML read back by OpenTimelineIO."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile, BadValue
from imagia.timeline import edl, fcpxml
from imagia.timeline import otio as otio_fmt
from imagia.timeline.cuts import detect_cuts
from imagia.timeline.io import read, write
from imagia.timeline.model import Event, Source, Timeline
from imagia.timeline.selects import selects_timeline, write_selects
from tests.index_media import shots_clip
from tests.test_cli import imagia

NTSC = Fraction(30000, 1001)


@pytest.fixture(scope="module")
def clip25(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shots of 2, 1.6 and 2.4 s at 25 fps: cuts at frames 50 and 90, 150 frames."""
    return shots_clip(tmp_path_factory.mktemp("t25") / "prog 25.mp4", seconds=(2.0, 1.6, 2.4))


@pytest.fixture(scope="module")
def clip2997(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shots of 1 s each at 29.97: 30 frames each, cuts at 30 and 60."""
    return shots_clip(
        tmp_path_factory.mktemp("t2997") / "ntsc.mp4", seconds=(1.0, 1.0, 1.0), rate="30000/1001"
    )


@pytest.fixture(scope="module")
def cuts25(clip25: Path) -> Timeline:
    return detect_cuts(clip25)


def _ranges(tl: Timeline) -> list[tuple[int, int, int, int]]:
    return [(e.source_in, e.source_out, e.record_in, e.record_out) for e in tl.events]


def _otio_clips(obj: object) -> list[otio.schema.Clip]:
    if isinstance(obj, otio.schema.SerializableCollection):
        obj = next(iter(obj))
    assert isinstance(obj, otio.schema.Timeline)
    return [c for c in obj.tracks[0] if isinstance(c, otio.schema.Clip)]


def _otio_ranges(obj: object) -> list[tuple[int, int, int]]:
    """(source in, duration, record in) of each clip of the first track, in frames."""
    if isinstance(obj, otio.schema.SerializableCollection):
        obj = next(iter(obj))
    assert isinstance(obj, otio.schema.Timeline)
    track = obj.tracks[0]
    return [
        (
            c.source_range.start_time.to_frames(),
            c.source_range.duration.to_frames(),
            track.range_of_child(c).start_time.to_frames(),
        )
        for c in track
        if isinstance(c, otio.schema.Clip)
    ]


def test_cut_detection_finds_the_known_cuts(cuts25: Timeline, clip25: Path) -> None:
    assert cuts25.rate == 25 and not cuts25.is_drop_frame
    assert _ranges(cuts25) == [(0, 50, 0, 50), (50, 90, 50, 90), (90, 150, 90, 150)]
    assert cuts25.size == (320, 180)
    src = cuts25.events[0].source
    assert src.path == str(clip25.resolve()) and src.duration == 150


def test_cut_detection_at_2997(clip2997: Path) -> None:
    tl = detect_cuts(clip2997)
    assert tl.rate == NTSC and tl.is_drop_frame
    assert [(e.source_in, e.source_out) for e in tl.events] == [(0, 30), (30, 60), (60, 90)]


def test_edl_read_by_otio_cmx3600(cuts25: Timeline, tmp_path: Path) -> None:
    cuts25.notes = ["made by a test"]
    path = edl.write(cuts25, tmp_path / "cuts.edl")
    text = path.read_text()
    assert text.startswith("TITLE: prog 25\nFCM: NON-DROP FRAME\n")
    assert "002  PROG_25  V     C        00:00:02:00 00:00:03:15 00:00:02:00 00:00:03:15" in text
    assert "* FROM CLIP NAME: prog 25.mp4" in text and "* IMAGIA: made by a test" in text
    data = otio.adapters.read_from_file(str(path), adapter_name="cmx_3600", rate=25)
    assert _otio_ranges(data) == [(0, 50, 0), (50, 40, 50), (90, 60, 90)]
    clips = _otio_clips(data)
    assert clips[0].name == "prog 25.mp4"
    assert clips[0].media_reference.target_url == cuts25.events[0].source.path
    back = edl.read(path, Fraction(25))
    assert _ranges(back) == _ranges(cuts25) and back.notes == ["made by a test"]


def test_fcpxml_structure_and_otio_fcpx_reader(cuts25: Timeline, tmp_path: Path) -> None:
    path = fcpxml.write(cuts25, tmp_path / "cuts.fcpxml")
    root = ET.parse(path).getroot()
    assert root.tag == "fcpxml" and root.get("version") == "1.9"
    fmt = root.find("resources/format")
    assert fmt is not None and fmt.get("frameDuration") == "1/25s"
    rep = root.find("resources/asset/media-rep")
    assert rep is not None and rep.get("kind") == "original-media"
    assert rep.get("src") == Path(cuts25.events[0].source.path or "").as_uri()
    spine = root.find("library/event/project/sequence/spine")
    assert spine is not None
    assert [(c.get("offset"), c.get("start"), c.get("duration")) for c in spine] == [
        ("0s", "0s", "2s"),
        ("2s", "2s", "40/25s"),
        ("90/25s", "90/25s", "60/25s"),
    ]
    data = otio.adapters.read_from_file(str(path), adapter_name="fcpx_xml")
    assert _otio_ranges(data) == [(0, 50, 0), (50, 40, 50), (90, 60, 90)]
    assert _ranges(fcpxml.read(path)) == _ranges(cuts25)


def test_otio_round_trip(cuts25: Timeline, tmp_path: Path) -> None:
    path = otio_fmt.write(cuts25, tmp_path / "cuts.otio")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    tl = otio.adapters.read_from_file(str(path))
    clips = _otio_clips(tl)
    assert [
        (c.source_range.start_time.to_frames(), c.source_range.duration.to_frames()) for c in clips
    ] == [(0, 50), (50, 40), (90, 60)]
    assert clips[0].media_reference.target_url.startswith("file:///")
    assert _ranges(read(path)) == _ranges(cuts25)


def test_selects_at_2997_drop_frame_in_every_format(clip2997: Path, tmp_path: Path) -> None:
    moments = [
        {"path": str(clip2997), "fps": "29.97", "start": 0.5, "end": 1.2, "why": "green flash"},
        (str(clip2997), "30000/1001", 2.0, 2.9, "blue"),
    ]
    # frames: [14, 36) and [59, 87) at 30000/1001; 0.25 s handles = 7 frames each side
    expect = [(7, 43, 107892, 107928), (52, 90, 107928, 107966)]  # 2nd clipped at the end
    e = write_selects(moments, tmp_path / "sel.edl", handles=0.25, notes=["prov"])
    text = e.read_text()
    assert "FCM: DROP FRAME" in text
    assert "00:00:00;07 00:00:01;13 01:00:00;00 01:00:01;06" in text
    assert "* COMMENT: green flash" in text
    clips = _otio_clips(
        otio.adapters.read_from_file(str(e), adapter_name="cmx_3600", rate=float(NTSC))
    )
    assert [
        (c.source_range.start_time.to_frames(), c.source_range.duration.to_frames()) for c in clips
    ] == [(7, 36), (52, 38)]
    assert _ranges(edl.read(e)) == expect
    o = write_selects(moments, tmp_path / "sel.otio", handles=0.25)
    back = read(o)
    assert _ranges(back) == expect and back.rate == NTSC and back.is_drop_frame
    assert [(ev.comment, ev.marker_offset) for ev in back.events] == [
        ("green flash", 7),
        ("blue", 7),
    ]
    f = write_selects(moments, tmp_path / "sel.fcpxml", handles=0.25)
    root = ET.parse(f).getroot()
    seq = root.find("library/event/project/sequence")
    assert seq is not None and seq.get("tcFormat") == "DF"
    assert seq.get("tcStart") == "107999892/30000s"  # 01:00:00;00 = 107892 frames
    fmt = root.find("resources/format")
    assert fmt is not None and fmt.get("frameDuration") == "1001/30000s"
    clip = seq.find("spine/asset-clip")
    assert clip is not None and clip.get("start") == "7007/30000s"
    marker = clip.find("marker")
    assert marker is not None and marker.get("start") == "14014/30000s"
    assert _ranges(read(f)) == expect


def test_drop_frame_labels_across_a_minute() -> None:
    tl = selects_timeline([("/absent/take.mov", "29.97", 59.9, 60.5, "minute")])
    text = edl.to_string(tl)
    # frames 1795..1814: 00:00:59;25 to 00:01:00;16 (;00 and ;01 of minute 1 do not exist)
    assert "00:00:59;25 00:01:00;16 01:00:00;00 01:00:00;19" in text
    clips = _otio_clips(
        otio.adapters.read_from_string(text, adapter_name="cmx_3600", rate=float(NTSC))
    )
    assert clips[0].source_range.start_time.to_frames() == 1795
    assert clips[0].source_range.duration.to_frames() == 19


def test_reel_names_are_cmx3600() -> None:
    assert edl.reel_name("A001_C002_0101XY.mov") == "A001_C00"
    assert edl.reel_name("été à Paris.mp4") == "T_PARIS"
    assert edl.reel_name("###.mov") == "AX"
    a, b = Source("A001_C002_a.mov"), Source("A001_C002_b.mov")
    tl = Timeline("t", Fraction(25), [Event(a, 0, 10, 0, 10), Event(b, 0, 10, 10, 20)])
    assert list(edl.reels(tl).values()) == ["A001_C00", "A001_C02"]


def test_write_selects_formats_and_bad_moments(tmp_path: Path) -> None:
    m = [{"asset": "/absent/a.mov", "fps": 25, "start": 1, "end": 2, "label": "x"}]
    with pytest.raises(BadValue, match="timeline file suffix"):
        write_selects(m, tmp_path / "sel.xml")
    with pytest.raises(BadValue, match="timeline format"):
        write_selects(m, tmp_path / "sel.edl", fmt="aaf")
    with pytest.raises(BadValue, match="moment"):
        write_selects([{"path": "/a.mov", "fps": 25, "start": 3, "end": 2}], tmp_path / "s.edl")
    out = write_selects(m, tmp_path / "sel.txt", fmt="edl")
    assert "00:00:01:00 00:00:02:00 01:00:00:00 01:00:01:00" in out.read_text()


def test_bad_timeline_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="nope.edl: file not found"):
        read(tmp_path / "nope.edl")
    bad = tmp_path / "bad.fcpxml"
    bad.write_text("<fcpxml><resources>")
    with pytest.raises(BadFile, match="bad.fcpxml: not well-formed XML"):
        read(bad)
    dissolve = tmp_path / "d.edl"
    dissolve.write_text(
        "TITLE: x\n001  AX V D 025 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n"
    )
    with pytest.raises(BadFile, match="d.edl: line 2: a dissolve without its outgoing cut"):
        read(dissolve)
    wipe = tmp_path / "w.edl"
    wipe.write_text(
        "TITLE: x\n001  AX V W001 025 00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n"
    )
    with pytest.raises(BadFile, match="w.edl: line 2: transition 'W001'"):
        read(wipe)
    over = Timeline(
        "o", Fraction(25), [Event(Source("a"), 0, 10, 0, 10), Event(Source("a"), 0, 10, 5, 15)]
    )
    with pytest.raises(BadValue, match="overlaps"):
        write(over, tmp_path / "o.edl")


def test_cuts_job_writes_provenance(clip25: Path, tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    for fmt in ("edl", "otio", "fcpxml"):
        job = jobs.run(
            ws,
            jobs.submit(
                ws, "edit-cuts", {"media": str(clip25), "to": fmt, "threshold": 27.0}, [clip25]
            ).id,
        )
        assert job.status == "done" and job.result["shots"] == 3
        out = ws.root / next(o["path"] for o in job.outputs if o["kind"] == f"timeline/{fmt}")
        text = out.read_text()
        if fmt == "edl":
            assert "* IMAGIA: made by imagia" in text and "tool edit-cuts" in text
        elif fmt == "otio":
            prov = json.loads(text)["metadata"]["imagia"]["provenance"]
            assert prov["tool"] == "edit-cuts" and prov["inputs"][0]["sha256"]
        else:
            note = ET.fromstring(text).find("library/event/project/sequence/note")
            assert note is not None and "made by imagia" in (note.text or "")
    report = json.loads((out.parent / "prog 25.cuts.json").read_text())
    assert report["schema"] == "EditCuts.1" and report["events"][1]["record_in"] == "00:00:02:00"
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    with TestClient(create_app(ws)) as client:  # the results view lists the shots
        page = client.get(f"/jobs/{job.id}").text
    assert "data-events" in page and page.count("<td>00:00:03:15</td>") == 4


def test_cli_cuts_and_one_line_errors(clip25: Path, tmp_path: Path) -> None:
    ws = tmp_path / "w"
    r = imagia(
        "edit",
        "cuts",
        str(clip25),
        "-o",
        str(tmp_path / "out.otio"),
        "-w",
        str(ws),
        "--json",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["format"] == "otio"
    assert _ranges(read(tmp_path / "out.otio"))[1] == (50, 90, 50, 90)
    r = imagia("edit", "cuts", str(tmp_path / "missing.mov"), "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "missing.mov: file not found" in r.stderr
    junk = tmp_path / "junk.mp4"
    junk.write_text("not a video")
    r = imagia("edit", "cuts", str(junk), "--to", "xml", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "xml" in r.stderr and "edl, otio, fcpxml" in r.stderr
    r = imagia("edit", "cuts", str(junk), "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "junk.mp4: a text file, not video" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
