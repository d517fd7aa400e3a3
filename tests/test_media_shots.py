"""The content shot engine against its traps: flashes, a fast pan, dissolves and fades, on
clips made by ffmpeg lavfi at test time (25 fps, 320x180)."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from imagia.media import shots
from tests.media_cache import session_media

RATE = Fraction(25)
_ENC = ("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args], check=True)


@session_media
def flash_clip(path: Path, frames: tuple[int, ...] = (50, 51)) -> Path:
    """4 s of testsrc with white frames at ``frames`` (a photographer's flash)."""
    on = "+".join(f"eq(n,{f})" for f in frames)
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"testsrc=s=320x180:r=25:d=4,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='{on}'",
        *_ENC,
        str(path),
    )
    return path


@session_media
def pan_clip(path: Path) -> Path:
    """3 s of a fast pan across testsrc (20 pixels a frame, a change of 16-65 a frame), then a
    hard cut at frame 75 to 2 s of smptebars."""
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=s=1920x360:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        "smptebars=s=320x180:r=25:d=2",
        "-filter_complex",
        "[0:v]crop=320:180:x='n*20':y=90,setsar=1[a];[1:v]setsar=1[b];[a][b]concat=n=2:v=1[v]",
        "-map",
        "[v]",
        *_ENC,
        str(path),
    )
    return path


@session_media
def dissolve_clip(path: Path, frames: int = 12) -> Path:
    """testsrc dissolving into smptebars over ``frames`` frames from 2 s (frame 50)."""
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=s=320x180:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        "smptebars=s=320x180:r=25:d=3",
        "-filter_complex",
        f"[0:v][1:v]xfade=transition=fade:duration={frames / 25}:offset=2[v]",
        "-map",
        "[v]",
        *_ENC,
        str(path),
    )
    return path


@session_media
def fade_clip(path: Path, hold: float = 0.8) -> Path:
    """testsrc fading out to black over 15 frames from frame 50, ``hold`` s of black, then
    smptebars fading in over 15 frames."""
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=s=320x180:r=25:d=3,fade=t=out:st=2:d=0.6",
        "-f",
        "lavfi",
        "-i",
        f"smptebars=s=320x180:r=25:d=3,fade=t=in:st={hold - 0.4}:d=0.6",
        "-filter_complex",
        "[0:v][1:v]concat=n=2:v=1[v]",
        "-map",
        "[v]",
        *_ENC,
        str(path),
    )
    return path


def _starts(found: list[shots.Shot]) -> list[tuple[int, str, int]]:
    return [(s.start_frame, s.transition, s.transition_frames) for s in found]


def test_a_flash_is_not_a_cut(tmp_path: Path) -> None:
    for frames in ((50, 51), (50,), (40, 41, 42)):
        clip = flash_clip(tmp_path / f"flash{len(frames)}.mp4", frames)
        found = shots.detect(clip, RATE)
        assert _starts(found) == [(0, "cut", 0)], frames
        assert found[-1].end_frame == 100


def test_a_fast_pan_is_motion_and_its_real_cut_is_found(tmp_path: Path) -> None:
    clip = pan_clip(tmp_path / "pan.mp4")
    sig = shots.signals(clip)
    assert (sig.change[1:75] >= 27).sum() > 10  # the trap: a fixed threshold cut it up
    found = shots.detect(clip, RATE)
    assert len(found) == 2
    assert abs(found[1].start_frame - 75) <= 1
    assert found[1].transition == "cut"
    assert shots.cut_times(clip, RATE) == [3.0]


def test_a_dissolve_is_one_transition_with_its_length(tmp_path: Path) -> None:
    clip = dissolve_clip(tmp_path / "dissolve.mp4", 12)
    found = shots.detect(clip, RATE)
    assert len(found) == 2
    s = found[1]
    assert s.transition == "dissolve"
    assert abs(s.transition_frames - 12) <= 2
    assert 49 <= s.start_frame <= 52


def test_fade_out_then_fade_in(tmp_path: Path) -> None:
    clip = fade_clip(tmp_path / "fade.mp4")
    got = _starts(shots.detect(clip, RATE))
    assert [k for _, k, _ in got] == ["cut", "fade-out", "fade-in"]
    (_, _, _), (out_at, _, out_len), (in_at, _, in_len) = got
    assert abs(out_at - 51) <= 1 and abs(out_len - 15) <= 2
    assert abs(in_at - 86) <= 1 and abs(in_len - 15) <= 2


def test_fade_straight_out_and_in_splits_at_black(tmp_path: Path) -> None:
    clip = fade_clip(tmp_path / "fade0.mp4", hold=0.4)  # black for one frame or so
    kinds = [k for _, k, _ in _starts(shots.detect(clip, RATE))]
    assert kinds == ["cut", "fade-out", "fade-in"]


def _sig(change: list[float], **kw: object) -> shots.Signals:
    n = len(change)
    d = np.asarray(change, np.float64)
    back = np.full((n, shots.FLASH_FRAMES), 100.0)
    return shots.Signals(
        d,
        kw.get("back", back),
        kw.get("drift", np.cumsum(d)),
        kw.get("level", np.full(n, 120.0)),
        kw.get("spread", np.full(n, 0.8)),
    )


def test_boundaries_on_made_up_signals() -> None:
    # hard cuts on still pictures, exact to the frame, shots under min_len not cut
    d = [0.0] * 100
    d[30] = d[60] = d[64] = 80.0
    assert shots.boundaries(_sig(d, drift=np.zeros(100)), 27.0, 12) == [
        (0, "cut", 0),
        (30, "cut", 0),
        (60, "cut", 0),
    ]
    # a steady change of 40 a frame (motion) with a spike of 150 at frame 50
    d = [40.0] * 80
    d[0], d[50] = 0.0, 150.0
    assert shots.boundaries(_sig(d), 27.0, 12) == [(0, "cut", 0), (50, "cut", 0)]
    # the same steady change over few pixels is no dissolve
    d = [0.0] * 40 + [10.0] * 12 + [0.0] * 40
    assert shots.boundaries(_sig(d, spread=np.full(92, 0.1)), 27.0, 12) == [(0, "cut", 0)]
    assert shots.boundaries(_sig(d), 27.0, 12) == [(0, "cut", 0), (40, "dissolve", 12)]
    # the media opens on a fade-in from black (frame 0) over frames 1-15
    d = [0.0] + [8.0] * 15 + [0.0] * 40
    level = np.array([0.0] + [8.0 * k for k in range(1, 16)] + [120.0] * 40)
    assert shots.boundaries(_sig(d, level=level), 27.0, 12) == [(0, "fade-in", 16)]


def test_a_shot_still_reads_as_two_frames() -> None:
    assert shots.TRANSITIONS == ("cut", "dissolve", "fade-in", "fade-out")
    assert shots.Shot(0, 10) == shots.Shot(0, 10, "cut", 0)


@pytest.mark.parametrize("rate", ["25", "30000/1001"])
def test_hard_cuts_stay_exact(tmp_path: Path, rate: str) -> None:
    from tests.index_media import shots_clip

    clip = shots_clip(tmp_path / "cuts.mp4", rate=rate)
    fps = Fraction(rate)
    found = shots.detect(clip, fps)
    assert [s.start_frame for s in found] == [0, round(2 * fps), round(4 * fps)]
    assert {s.transition for s in found} == {"cut"}
