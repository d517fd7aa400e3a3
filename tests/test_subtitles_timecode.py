"""Frame maths: exact 23.976, 25, 29.97 drop-frame; edges convert once."""

from __future__ import annotations

from fractions import Fraction

import pytest

from imagia.core.errors import BadValue
from imagia.media.timecode import (
    RATES,
    FrameTime,
    frames_to_ms,
    frames_to_timecode,
    ms_to_frames,
    parse_rate,
    parse_time,
    timecode_to_frames,
)

NTSC = RATES["29.97"]


def test_rates_are_exact() -> None:
    assert parse_rate("23.976") == Fraction(24000, 1001)
    assert parse_rate("23.98") == Fraction(24000, 1001)
    assert parse_rate("29.97") == NTSC
    assert parse_rate("30000/1001") == NTSC
    assert parse_rate(25) == 25
    with pytest.raises(BadValue, match="frame rate"):
        parse_rate("fast")


@pytest.mark.parametrize(
    ("tc", "frames"),
    [
        ("00:00:59;29", 1799),
        ("00:01:00;02", 1800),
        ("00:02:00;02", 3598),
        ("00:10:00;00", 17982),
        ("01:00:00;00", 107892),
        ("23:59:59;29", 2589407),
    ],
)
def test_drop_frame_round_trip(tc: str, frames: int) -> None:
    assert timecode_to_frames(tc, NTSC) == frames
    assert frames_to_timecode(frames, NTSC) == tc


def test_drop_frame_skips_labels_and_keeps_wall_clock() -> None:
    with pytest.raises(BadValue, match="does not exist"):
        timecode_to_frames("00:01:00;00", NTSC)
    # one hour of drop-frame timecode is 3600 s of wall clock within 3.6 ms
    assert abs(float(FrameTime(107892, NTSC).seconds) - 3600) < 0.004
    assert frames_to_timecode(1800, NTSC, drop_frame=False) == "00:01:00:00"
    with pytest.raises(BadValue, match="drop-frame"):
        frames_to_timecode(10, Fraction(25), drop_frame=True)


def test_23976_every_frame_survives_milliseconds() -> None:
    r = RATES["23.976"]
    assert all(ms_to_frames(frames_to_ms(f, r), r) == f for f in range(0, 200_000, 7))
    assert frames_to_ms(24, r) == 1001
    assert frames_to_timecode(86400, r) == "01:00:00:00"  # non-drop: label runs slow


def test_25_fps_and_edges() -> None:
    r = Fraction(25)
    assert FrameTime.from_seconds(1.5, r).frames == 38  # 37.5 rounds half up
    assert FrameTime.from_seconds(1.5, r, "floor").frames == 37
    assert timecode_to_frames("10:00:00:00", r) == 900000
    assert parse_time("00:00:02:10", r) == 60
    assert parse_time("12f", r) == 12
    assert parse_time(2.0, r) == 50
    assert parse_time("2.0", r) == 50
    with pytest.raises(BadValue, match="timecode"):
        timecode_to_frames("00:00:01:25", r)
    with pytest.raises(BadValue, match="time"):
        parse_time("soon", r)
