"""On-screen text: RapidOCR on sampled frames, lines merged into timed spans."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.index.analysis import IngestOptions, analyse
from imagia.index.ocr import merge
from imagia.media.ocr import Line

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _titled(path: Path) -> Path:
    """6 s at 25 fps, 640x360: "RUE DE LA PAIX" from 1 to 3 s, "Take 12" from 4 s to the end."""
    text = (
        f"drawtext=fontfile={FONT}:text='RUE DE LA PAIX':fontcolor=white:fontsize=40:"
        f"x=100:y=150:enable='between(t,1,2.99)',"
        f"drawtext=fontfile={FONT}:text='Take 12':fontcolor=yellow:fontsize=36:"
        f"x=400:y=40:enable='gte(t,4)'"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=0x203040:s=640x360:r=25:d=6",
            "-vf",
            text,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        check=True,
    )
    return path


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans Bold is not installed")
def test_burnt_in_text_is_found_with_its_time_span(tmp_path: Path) -> None:
    clip = _titled(tmp_path / "titles.mp4")
    work = analyse(
        clip, "c" * 64, tmp_path, tmp_path, IngestOptions(steps=("text",), sample_fps=2.0)
    )
    spans = {t.text: t for t in work.findings.texts}
    assert set(spans) == {"RUE DE LA PAIX", "Take 12"}, spans
    rue, take = spans["RUE DE LA PAIX"], spans["Take 12"]
    assert (rue.start, rue.end) == (1.0, 3.0)
    assert (take.start, take.end) == (4.0, 6.0)
    assert rue.box is not None and abs(rue.box[0] - 100) <= 6 and abs(rue.box[1] - 150) <= 10
    assert rue.score >= 0.6
    assert work.fps == Fraction(25)
    assert any(m.get("model") == "rapidocr-ppocrv4" for m in work.models)


def test_merge_joins_consecutive_samples_and_splits_gaps() -> None:
    box = (10, 10, 100, 20)
    samples = [
        (0, [Line("EXIT SOUTH", box, 0.9)]),
        (1, [Line("EXIT SOUTH", box, 0.8)]),
        (2, [Line("EXIT S0UTH", box, 0.7)]),
        (3, []),
        (4, [Line("Exit", box, 0.9)]),
        (5, [Line("Other", (300, 300, 50, 20), 0.9)]),
    ]
    spans = merge(samples, 0.5, duration=2.9)
    assert [(s.text, s.start, s.end) for s in spans] == [
        ("EXIT SOUTH", 0.0, 1.5),
        ("Exit", 2.0, 2.5),
        ("Other", 2.5, 2.9),
    ]
    assert spans[0].score == pytest.approx(0.8)


def test_undecodable_video_is_a_bad_file_error(tmp_path: Path) -> None:
    from imagia.core.errors import BadFile
    from imagia.index.ocr import screen_text

    bad = tmp_path / "broken.mov"
    bad.write_bytes(b"not a movie at all" * 100)
    with pytest.raises(BadFile, match="broken.mov"):
        screen_text(bad, 640, 360)


def test_changed_regions_are_padded_grown_to_lines_and_joined() -> None:
    import numpy as np

    from imagia.index.ocr import CELL, PAD, changed_regions

    changed = np.zeros((45, 80), dtype=bool)  # a 640x360 frame in 8-pixel cells
    changed[5, 10] = True  # a lone cell
    changed[30:32, 60:62] = True  # a blob touching a line read before
    changed[30, 66] = True  # close to the blob: joined with it once padded
    line = (400, 200, 600, 260)  # x0, y0, x1, y1
    regions = sorted(changed_regions(changed, [line], 640, 360))
    assert regions[0] == (10 * CELL - PAD, 5 * CELL - PAD, 11 * CELL + PAD, 6 * CELL + PAD)
    assert regions[1] == (400, 200, 600, 32 * CELL + PAD)  # blobs joined, grown to the line
    assert len(regions) == 2


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans Bold is not installed")
def test_only_changed_parts_are_read_and_a_small_title_is_not_missed(tmp_path: Path) -> None:
    """A still background with a box moving along the bottom: each sample differs from the one
    before, but only around the box (and the title when it comes and goes) is read again."""
    from imagia.index.ocr import read_samples, screen_text

    clip = tmp_path / "moving.mp4"
    title = (
        f"drawtext=fontfile={FONT}:text='EXIT 9':fontcolor=white:fontsize=24:"
        f"x=60:y=40:enable='between(t,1,2.99)'"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=0x203040:s=640x360:r=25:d=4",
            "-f",
            "lavfi",
            "-i",
            "color=c=orange:s=40x40:r=25:d=4",
            "-filter_complex",
            f"[0][1]overlay=x='mod(t*150,600)':y=300,{title}",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            str(clip),
        ],
        check=True,
    )
    hows = [how for _, _, how in read_samples(clip, 640, 360, 2.0)]
    assert hows[0] == "full" and set(hows[1:]) == {"parts"}, hows
    spans = {t.text: (t.start, t.end) for t in screen_text(clip, 640, 360, 2.0, 4.0)}
    assert spans.get("EXIT 9") == (1.0, 3.0), spans


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans Bold is not installed")
def test_a_small_title_on_a_still_frame_is_read_once_and_carried(tmp_path: Path) -> None:
    """A 24 px title changes under 1 % of a still frame: its cells change, so it is read (a
    whole-frame mean difference would call the frames the same and miss it)."""
    from imagia.index.ocr import read_samples, screen_text

    clip = tmp_path / "still.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=0x203040:s=640x360:r=25:d=4",
            "-vf",
            f"drawtext=fontfile={FONT}:text='EXIT 9':fontcolor=white:fontsize=24:"
            f"x=60:y=40:enable='between(t,1,2.99)'",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            str(clip),
        ],
        check=True,
    )
    assert [how for _, _, how in read_samples(clip, 640, 360, 2.0)] == [
        "full",
        "same",
        "parts",
        "same",
        "same",
        "same",
        "parts",
        "same",
    ]
    [span] = screen_text(clip, 640, 360, 2.0, 4.0)
    assert (span.text, span.start, span.end) == ("EXIT 9", 1.0, 3.0)
