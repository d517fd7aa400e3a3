"""Frame rate and shot changes of the media: detection on a video with one hard cut, shot
list files, layered frame-rate defaults."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.speech.subtitles import shots


def test_detects_a_hard_cut_and_the_rate(tmp_path: Path) -> None:
    video = tmp_path / "cut.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=96x64:rate=24000/1001:duration=2",
            "-f",
            "lavfi",
            "-i",
            "color=c=red:size=96x64:rate=24000/1001:duration=1",
            "-filter_complex",
            "[0:v][1:v]concat=n=2:v=1:a=0[v]",
            "-map",
            "[v]",
            "-pix_fmt",
            "yuv420p",
            str(video),
        ],
        check=True,
    )
    cuts = shots.detect(video)
    assert len(cuts) == 1 and abs(cuts[0] - 2.0) < 0.05
    assert shots.media_rate(video) == Fraction(24000, 1001)
    assert shots.resolve_rate(None, video) == Fraction(24000, 1001)
    assert shots.resolve_rate("25", video) == 25
    assert shots.resolve_rate(None, None, None) == 25


def test_shot_list_file(tmp_path: Path) -> None:
    f = tmp_path / "cuts.txt"
    f.write_text("# cuts\n2.6\n75f\n00:00:04:00  after the door\n", encoding="utf-8")
    assert shots.read(f, Fraction(25)) == [2.6, 3.0, 4.0]
    assert shots.resolve("none", None, Fraction(25)) == []
    f.write_text("soon\n", encoding="utf-8")
    with pytest.raises(BadFile, match="cuts.txt: line 1"):
        shots.read(f, Fraction(25))
