"""On-screen text: RapidOCR on sampled frames, lines merged into timed spans."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.index.ingest import IngestOptions, analyse
from imagia.index.ocr import Line, merge

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _titled(path: Path) -> Path:
    """6 s at 25 fps, 640x360: "RUE DE LA PAIX" from 1 to 3 s, "Take 12" from 4 s to the end."""
    text = (f"drawtext=fontfile={FONT}:text='RUE DE LA PAIX':fontcolor=white:fontsize=40:"
            f"x=100:y=150:enable='between(t,1,2.99)',"
            f"drawtext=fontfile={FONT}:text='Take 12':fontcolor=yellow:fontsize=36:"
            f"x=400:y=40:enable='gte(t,4)'")
    subprocess.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i",
                    "color=c=0x203040:s=640x360:r=25:d=6", "-vf", text, "-c:v", "libx264",
                    "-preset", "veryfast", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans Bold is not installed")
def test_burnt_in_text_is_found_with_its_time_span(tmp_path: Path) -> None:
    clip = _titled(tmp_path / "titles.mp4")
    work = analyse(clip, "c" * 64, tmp_path, tmp_path,
                   IngestOptions(steps=("text",), sample_fps=2.0))
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
    samples = [(0, [Line("EXIT SOUTH", box, 0.9)]), (1, [Line("EXIT SOUTH", box, 0.8)]),
               (2, [Line("EXIT S0UTH", box, 0.7)]), (3, []), (4, [Line("Exit", box, 0.9)]),
               (5, [Line("Other", (300, 300, 50, 20), 0.9)])]
    spans = merge(samples, 0.5, duration=2.9)
    assert [(s.text, s.start, s.end) for s in spans] == [
        ("EXIT SOUTH", 0.0, 1.5), ("Exit", 2.0, 2.5), ("Other", 2.5, 2.9)]
    assert spans[0].score == pytest.approx(0.8)


def test_undecodable_video_is_a_bad_file_error(tmp_path: Path) -> None:
    from imagia.core.errors import BadFile
    from imagia.index.ocr import screen_text

    bad = tmp_path / "broken.mov"
    bad.write_bytes(b"not a movie at all" * 100)
    with pytest.raises(BadFile, match="broken.mov"):
        screen_text(bad, 640, 360)
