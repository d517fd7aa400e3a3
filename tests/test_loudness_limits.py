"""Normalisation refuses what it must not do: digital silence, absurd gains."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.core.errors import BadFile, ImagiaError
from imagia.post.normalise import NormaliseOptions, normalise

SR = 48000


def test_digital_silence_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "silence.wav"
    sf.write(src, np.zeros((3 * SR, 2)), SR, subtype="PCM_24")
    out = tmp_path / "n.wav"
    with pytest.raises(BadFile, match="silence.wav.*digital silence.*nothing to normalise"):
        normalise(src, NormaliseOptions(output=out))
    assert not out.exists()


def _quiet(tmp_path: Path, dbfs: float) -> Path:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4 * SR, 2)) * 10 ** (dbfs / 20)
    src = tmp_path / "quiet.wav"
    sf.write(src, x, SR, subtype="FLOAT")
    return src


def test_gain_over_the_maximum_is_refused_unless_allowed(tmp_path: Path) -> None:
    src = _quiet(tmp_path, -60.0)  # about -57 LUFS: +34 dB to EBU R 128
    with pytest.raises(ImagiaError, match=r"needs \+3\d\.\d dB, over the \+30 dB maximum"):
        normalise(src, NormaliseOptions(output=tmp_path / "n.wav"))
    res = normalise(src, NormaliseOptions(output=tmp_path / "n.wav", max_gain_db=40))
    assert res.compliant and res.gain_db > 30
    assert any("over the usual +30 dB maximum" in n for n in res.notes), res.notes
