"""Bounded memory: the audio tools stream in blocks, so the peak memory of a run does not grow
with the programme's length. Each tool runs in a child process on a short and a long file (the
short one long enough for the block pipeline to reach its steady size, about 46 s for de-hum);
the peak resident memory (``getrusage``) of the longer run may not exceed the shorter's by more
than a little. Measured before the change (whole-file processing), 30 s against 150 s: de-hum
+390 MB, denoise +615 MB, normalise with the limiter +220 MB, QC +25 MB (its hum spectra). So
50 s against 90 s is enough for the first three (whole-file growth about 130, 205 and 73 MB
there, against bounds of 60, 20 and 20 MB); QC's small growth needs 50 s against 230 s."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_CHILD = """
import json, resource, sys
from pathlib import Path
tool, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if tool == "dehum":
    from imagia.post.dehum import DehumOptions, dehum
    res = dehum(src, DehumOptions(output=out))
    assert res.hum_found, res.notes
elif tool == "denoise":
    from imagia.post.denoise import DenoiseOptions, denoise
    denoise(src, DenoiseOptions(method="spectral-gate", output=out))
elif tool == "qc":
    from imagia.post.qc import qc
    qc(src)
elif tool == "loudness":
    from imagia.post.loudness import measure
    measure(src)
elif tool == "normalise":
    from imagia.post.normalise import NormaliseOptions, normalise
    res = normalise(src, NormaliseOptions(output=out))
    assert res.mode == "limiter", res.mode
print(json.dumps({
    "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def _programme(path: Path, seconds: float) -> Path:
    """Pink noise, 50 Hz hum with two harmonics, a full-scale click every second (so that
    normalising needs the true-peak limiter): 48 kHz mono 16-bit."""
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=color=pink:amplitude=0.05:sample_rate=48000:seed=1",
            "-f",
            "lavfi",
            "-i",
            "aevalsrc='0.02*sin(2*PI*50*t)+0.012*sin(2*PI*100*t+1)+0.008*sin(2*PI*150*t+2)"
            "+0.9*gt(mod(t\\,1)\\,0.999)':s=48000",
            "-filter_complex",
            "[0][1]amix=inputs=2:normalize=0",
            "-t",
            str(seconds),
            "-ac",
            "1",
            "-c:a",
            "pcm_s16le",
            str(path),
        ],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def programmes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    d = tmp_path_factory.mktemp("mem")
    return {s: _programme(d / f"p{s}.wav", s) for s in (50, 90, 230)}


def _peak_mb(tool: str, src: Path, out: Path) -> float:
    """Peak resident memory (MB) of a child process running ``tool`` (and of the decoders
    it starts, the larger of the two)."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, tool, str(src), str(out)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    usage = json.loads(proc.stdout.strip().splitlines()[-1])
    return max(usage["self"], usage["children"]) / 1024


@pytest.mark.slow
@pytest.mark.parametrize(
    ("tool", "long", "most"),
    [
        # de-hum: its Python peak is flat from the third segment (tracemalloc); the allocator
        # adds up to ~45 MB of fragmentation before resident memory levels off (6 vs 12 min:
        # 266 vs 270 MB); whole-file processing grew by 283 MB at 50 vs 140 s
        ("dehum", 90, 60.0),
        ("denoise", 90, 20.0),
        ("normalise", 90, 20.0),
        ("qc", 230, 12.0),  # its whole-file growth was small: a longer file shows it
        ("loudness", 230, 12.0),
    ],
)
def test_peak_memory_does_not_grow_with_length(
    tool: str, long: int, most: float, programmes: dict[int, Path], tmp_path: Path
) -> None:
    a = _peak_mb(tool, programmes[50], tmp_path / "a.wav")
    b = _peak_mb(tool, programmes[long], tmp_path / "b.wav")
    assert b - a < most, f"{tool}: {a:.0f} MB for 50 s, {b:.0f} MB for {long} s"
