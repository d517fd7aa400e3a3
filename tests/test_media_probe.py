"""One truth about media: the frame rate rule, start timecode, channel layouts, bad files; and
the shot engines' registry."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.media import shots
from imagia.media.probe import pick_rate, probe


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args], check=True)


def _clip(path: Path, rate: str, *extra: str, vf: str | None = None) -> Path:
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"testsrc=size=64x48:rate={rate}:duration=2",
        *(["-vf", vf] if vf else []),
        *extra,
        "-pix_fmt",
        "yuv420p",
        str(path),
    )
    return path


@pytest.mark.parametrize(
    ("rate", "ext", "want"),
    [
        ("25", "mp4", Fraction(25)),
        ("24000/1001", "mov", Fraction(24000, 1001)),
        ("30000/1001", "mkv", Fraction(30000, 1001)),
        ("60000/1001", "mp4", Fraction(60000, 1001)),
    ],
)
def test_frame_rate_of_constant_rate_clips(
    tmp_path: Path, rate: str, ext: str, want: Fraction
) -> None:
    info = probe(_clip(tmp_path / f"c.{ext}", rate))
    assert info.frame_rate == want and info.video is not None
    assert info.video.size == (64, 48) and info.video.codec == "h264"
    assert info.video.field_order == "progressive" and info.video.pixel_aspect == 1
    assert info.duration is not None and abs(info.duration - 2.0) < 0.1
    assert info.timecode is None and info.audio == ()


def test_variable_rate_keeps_the_nominal_rate_or_takes_the_average(tmp_path: Path) -> None:
    # one frame in 30 dropped: r_frame_rate 30, average 29 -> the nominal 30
    few = _clip(
        tmp_path / "few.mp4", "30", "-fps_mode", "vfr", vf="select='not(eq(mod(n\\,30)\\,7))'"
    )
    assert probe(few).frame_rate == 30
    # one frame in 3 dropped: r_frame_rate 30, average 20 -> the average
    many = _clip(
        tmp_path / "many.mp4", "30", "-fps_mode", "vfr", vf="select='not(eq(mod(n\\,3)\\,1))'"
    )
    assert probe(many).frame_rate == 20


def test_the_rule_on_ffprobe_values() -> None:
    assert pick_rate("30000/1001", "30000/1001") == Fraction(30000, 1001)
    assert pick_rate("24000/1001", "2997/125") == Fraction(24000, 1001)  # 23.976 snapped
    assert pick_rate("90000/1", "25/1") == 25  # a timebase, not a rate
    assert pick_rate("50/1", "25/1") == 25  # field rate of 25i
    assert pick_rate("0/0", "25/1") == 25 and pick_rate("25/1", "0/0") == 25
    assert pick_rate("0/0", "0/0") is None and pick_rate(None, "N/A") is None
    assert pick_rate("1000/33", "1000/33") == Fraction(1000, 33)  # odd but constant: kept


def test_start_timecode(tmp_path: Path) -> None:
    for ext in ("mov", "mkv"):
        clip = _clip(tmp_path / f"tc.{ext}", "25", "-timecode", "10:00:00:00")
        assert probe(clip).timecode == "10:00:00:00", ext


def test_five_one_audio_stream(tmp_path: Path) -> None:
    wav = tmp_path / "51.wav"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "sine=f=440:d=1",
        "-af",
        "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0",
        "-c:a",
        "pcm_s24le",
        str(wav),
    )
    info = probe(wav)
    assert info.frame_rate is None and info.video is None
    [a] = info.audio
    assert (a.channels, a.channel_layout, a.bits, a.sample_rate) == (6, "5.1", 24, 44100)
    assert info.channels == 6 and info.sample_rate == 44100 and info.audio_streams == 1


def test_audio_only_and_still_image_have_no_frame_rate(tmp_path: Path) -> None:
    m4a = tmp_path / "a.m4a"
    _ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=1", "-metadata:s:a:0", "language=fra", str(m4a))
    info = probe(m4a)
    assert info.frame_rate is None and info.audio[0].language == "fra"
    png = tmp_path / "still.png"
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", str(png))
    still = probe(png)
    assert still.video is not None and still.video.size == (64, 48)
    assert still.frame_rate is None


def test_corrupt_and_missing_files_are_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 50)
    with pytest.raises(BadFile, match="broken.mp4"):
        probe(bad)
    with pytest.raises(BadFile, match="nothere.mov: file not found"):
        probe(tmp_path / "nothere.mov")


def test_shot_engines_are_a_registry(tmp_path: Path) -> None:
    assert {"content", "scenedetect", "transnetv2"} <= set(shots.ENGINES)
    with pytest.raises(BadValue, match="engine"):
        shots.check(shots.ShotOptions(engine="scdet"))
    with pytest.raises(BadValue, match="threshold"):
        shots.check(shots.ShotOptions(engine="transnetv2", threshold=1.0))
    calls: list[str] = []

    def fake(path: Path, o: shots.ShotOptions, min_frames: int) -> list[shots.Shot]:
        calls.append(path.name)
        return [shots.Shot(0, 10), shots.Shot(10, 25)]

    shots.register(shots.Engine("fake", fake, 1.0, 0.0, 2.0, "a test value"))
    try:
        found = shots.cut_times(tmp_path / "x.mp4", Fraction(25), shots.ShotOptions("fake"))
    finally:
        del shots.ENGINES["fake"]
    assert found == [0.4] and calls == ["x.mp4"]
