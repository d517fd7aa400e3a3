"""The GE2E speaker encoder (Wan et al., 2018) whose weights ship in the ``resemblyzer`` wheel,
re-implemented here: imagia reads its ``pretrained.pt`` and never imports resemblyzer (whose
``__init__`` needs librosa and webrtcvad).

Input: 40-band mel power spectrogram of 16 kHz audio, 25 ms Hann window, 10 ms hop (librosa's
``melspectrogram`` with its defaults: centred frames padded with zeros, Slaney mel scale and
area-normalised filters, power 2, no log) — written here in numpy from the formulas. Network:
3-layer LSTM (256 units), linear 256 + ReLU on the last hidden state, L2-normalised: an
embedding whose cosine similarity is high for the same voice.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from imagia.core.errors import MissingDependency

SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s, the length the encoder was trained on
NORM_DBFS = -30.0  # resemblyzer raises quiet audio to this RMS level before embedding
MODEL_ID = "ge2e-speaker"


# -- mel spectrogram ------------------------------------------------------------------------------
def hz_to_mel(f: Any) -> Any:
    """Slaney's mel scale (librosa's default, ``htk=False``): linear under 1 kHz (3 mels per
    200/3 Hz... i.e. f / (200/3)), logarithmic above (27 mels per factor 6.4)."""
    import numpy as np

    f = np.asarray(f, dtype=np.float64)
    lin = f / (200.0 / 3)
    log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (math.log(6.4) / 27.0)
    return np.where(f >= 1000.0, log, lin)


def mel_to_hz(m: Any) -> Any:
    import numpy as np

    m = np.asarray(m, dtype=np.float64)
    lin = m * (200.0 / 3)
    log = 1000.0 * np.exp((math.log(6.4) / 27.0) * (m - 15.0))
    return np.where(m >= 15.0, log, lin)


@lru_cache(maxsize=4)
def mel_filters(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> Any:
    """``(n_mels, 1 + n_fft // 2)`` triangular filters between mel-spaced edges from 0 to
    ``sr / 2``, each scaled by ``2 / (f_high - f_low)`` (Slaney's equal-area norm)."""
    import numpy as np

    fft_hz = np.linspace(0.0, sr / 2, 1 + n_fft // 2)
    edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_hz[None, :]
    w = np.zeros((n_mels, len(fft_hz)))
    for i in range(n_mels):
        rising = -ramps[i] / widths[i]
        falling = ramps[i + 2] / widths[i + 1]
        w[i] = np.maximum(0.0, np.minimum(rising, falling))
    w *= (2.0 / (edges[2 : n_mels + 2] - edges[:n_mels]))[:, None]
    return w


def mel_spectrogram(wav: Any) -> Any:
    """``(frames, 40)`` float32 mel power spectrogram of 16 kHz mono ``wav``: frames centred
    every 10 ms (``1 + len // 160`` of them), zero padding of half a window at both ends."""
    import numpy as np

    x = np.asarray(wav, dtype=np.float32)
    pad = N_FFT // 2
    x = np.pad(x, (pad, pad))
    n = 1 + (len(x) - N_FFT) // HOP
    if n <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n)[:, None]
    spec = np.abs(np.fft.rfft(x[idx] * window.astype(np.float32), axis=1)) ** 2
    return (spec @ mel_filters().T).astype(np.float32)


def normalise_volume(wav: Any, target_dbfs: float = NORM_DBFS) -> Any:
    """Raise (never lower) ``wav`` to ``target_dbfs`` RMS, as the encoder's training data was."""
    import numpy as np

    rms = float(np.sqrt(np.mean(np.square(wav, dtype=np.float64)))) if len(wav) else 0.0
    if rms <= 1e-9:
        return wav
    gain_db = target_dbfs - 20 * math.log10(rms)
    return wav * np.float32(10 ** (gain_db / 20)) if gain_db > 0 else wav


# -- the network ------------------------------------------------------------------------------
def weights_path() -> Path:
    """``pretrained.pt`` inside the installed resemblyzer wheel (found without importing it)."""
    from imagia.core import models

    return models.find(MODEL_ID).files[0]


def _build() -> Any:
    import torch
    from torch import nn

    class SpeakerEncoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = nn.LSTM(N_MELS, 256, 3, batch_first=True)
            self.linear = nn.Linear(256, 256)

        def forward(self, mels: torch.Tensor) -> torch.Tensor:
            _, (hidden, _) = self.lstm(mels)
            raw = torch.relu(self.linear(hidden[-1]))
            return raw / torch.norm(raw, dim=1, keepdim=True).clamp_min(1e-12)

    return SpeakerEncoder()


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """The encoder with the packaged weights, on CPU, in eval mode (loaded once)."""
    if importlib.util.find_spec("torch") is None:
        raise MissingDependency("torch is not installed", hint="pip install 'imagia[speakers]'")
    import torch

    path = weights_path()
    state = torch.load(path, map_location="cpu", weights_only=True)["model_state"]
    model = _build()
    keep = {k: v for k, v in state.items() if k.startswith(("lstm.", "linear."))}
    model.load_state_dict(keep, strict=True)
    model.eval()
    return model


def embed_mels(mels: Any, batch: int = 64) -> Any:
    """``(n, 256)`` embeddings of a ``(n, frames, 40)`` stack of mel spectrograms."""
    import numpy as np
    import torch

    model = load_encoder()
    out = []
    # one thread: the LSTM's small matrices gain little from more, and on a busy machine
    # torch's worker threads spinning for cores made it ten times slower (measured)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.inference_mode():
            for k in range(0, len(mels), batch):
                t = torch.from_numpy(np.ascontiguousarray(mels[k : k + batch], dtype=np.float32))
                out.append(model(t).numpy())
    finally:
        torch.set_num_threads(threads)
    return np.concatenate(out) if out else np.zeros((0, 256), dtype=np.float32)


def embed_utterance(wav: Any) -> Any:
    """One embedding for a whole stretch of speech: the normalised mean of its 1.6 s partials
    (every 0.77 s, as resemblyzer's ``embed_utterance`` does at its default rate)."""
    import numpy as np

    wav = normalise_volume(np.asarray(wav, dtype=np.float32))
    mel = mel_spectrogram(wav)
    step = round(SAMPLE_RATE / 1.3 / HOP)
    if len(mel) < PARTIAL_FRAMES:
        mel = np.pad(mel, ((0, PARTIAL_FRAMES - len(mel)), (0, 0)))
    starts = list(range(0, len(mel) - PARTIAL_FRAMES + 1, step)) or [0]
    parts = embed_mels(np.stack([mel[s : s + PARTIAL_FRAMES] for s in starts]))
    mean = parts.mean(axis=0)
    return mean / np.linalg.norm(mean)
