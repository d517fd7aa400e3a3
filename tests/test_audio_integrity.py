"""Zero-length and truncated input: every audio tool refuses empty audio with one line naming
the file; QC reports a truncated WAV as an error, the processing tools say they processed what
the file holds."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from imagia.core.errors import BadFile
from imagia.post.dehum import DehumOptions, dehum
from imagia.post.denoise import DenoiseOptions, denoise
from imagia.post.integrity import wav_sizes
from imagia.post.loudness import measure
from imagia.post.normalise import NormaliseOptions, normalise
from imagia.post.qc import qc
from imagia.post.stems import StemsOptions, stems
from imagia.post.sync import sync

SR = 48000


def _empty_wav(path: Path) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"anullsrc=r={SR}:cl=stereo",
            "-t",
            "0",
            "-c:a",
            "pcm_s24le",
            str(path),
        ],
        check=True,
    )
    return path


def _noise(seconds: float, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((int(seconds * SR), 2)) * 0.05).astype(np.float64)


def _truncated(tmp_path: Path) -> Path:
    full = tmp_path / "full.wav"
    sf.write(full, _noise(4.0), SR, subtype="PCM_24")
    cut = tmp_path / "cut.wav"
    data = full.read_bytes()
    cut.write_bytes(data[: len(data) * 6 // 10])  # the header still says 4 s
    return cut


TOOLS: dict[str, Callable[[Path, Path], Any]] = {
    "qc": lambda src, out: qc(src),
    "loudness": lambda src, out: measure(src),
    "normalise": lambda src, out: normalise(src, NormaliseOptions(output=out / "n.wav")),
    "denoise": lambda src, out: denoise(
        src, DenoiseOptions(method="spectral-gate", output=out / "d.wav")
    ),
    "dehum": lambda src, out: dehum(src, DehumOptions(output=out / "h.wav")),
    "stems": lambda src, out: stems(src, StemsOptions(method="spectral-gate", folder=out)),
    "sync": lambda src, out: sync(src, src),
}


@pytest.mark.parametrize("tool", list(TOOLS))
def test_every_tool_refuses_zero_length_audio(tmp_path: Path, tool: str) -> None:
    src = _empty_wav(tmp_path / "empty.wav")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BadFile, match="empty.wav.*no audio samples") as err:
        TOOLS[tool](src, out)
    assert "\n" not in str(err.value)
    assert list(out.iterdir()) == []  # nothing written


def test_header_only_wav_is_empty_and_said_truncated(tmp_path: Path) -> None:
    full = tmp_path / "full.wav"
    sf.write(full, _noise(1.0), SR, subtype="PCM_24")
    head = tmp_path / "head.wav"
    head.write_bytes(full.read_bytes()[:44])
    with pytest.raises(BadFile, match="head.wav.*no audio samples.*truncated WAV"):
        qc(head)


def test_wav_sizes_compare_the_header_with_the_file(tmp_path: Path) -> None:
    full = tmp_path / "ok.wav"
    sf.write(full, _noise(1.0), SR, subtype="PCM_24")
    sizes = wav_sizes(full)
    assert sizes is not None and sizes.truncated is None
    assert sizes.data_present == SR * 2 * 3
    cut = wav_sizes(_truncated(tmp_path))
    assert cut is not None and cut.truncated is not None
    assert "1.600 s missing" in cut.truncated
    assert wav_sizes(tmp_path / "none.wav") is None


def test_qc_reports_a_truncated_wav_as_an_error(tmp_path: Path) -> None:
    rep = qc(_truncated(tmp_path))
    cut = [f for f in rep.findings if f.check == "truncated"]
    assert len(cut) == 1 and cut[0].severity == "error" and not rep.passed
    assert "truncated WAV" in cut[0].message and "missing" in cut[0].message
    assert cut[0].start == pytest.approx(2.4, abs=0.01)


@pytest.mark.parametrize("tool", ["loudness", "normalise", "denoise", "dehum", "stems"])
def test_processing_tools_warn_on_a_truncated_wav(tmp_path: Path, tool: str) -> None:
    src = _truncated(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    res = TOOLS[tool](src, out)
    said = res.findings if tool == "loudness" else res.notes
    assert any("truncated WAV" in n for n in said), said
