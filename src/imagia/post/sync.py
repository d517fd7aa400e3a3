"""Sync two recordings of the same event (camera audio vs field recorder) by GCC-PHAT.

Both files are decoded to mono at one analysis rate (48 kHz by default, ffmpeg's resampler, so
files at different rates compare), cross-correlated with the phase transform (the spectrum is
whitened, so the peak is sharp even with different microphones and noise), and the peak is
refined by parabolic interpolation to a fraction of a sample. The result is the delay of B
against A: an event at time t in A is heard at t + offset in B, and says which file to move,
which way and by how much (samples at each file's rate, ms, frames and timecode at the
project's rate).

Two unrelated recordings still have a highest correlation peak: an offset is called reliable
only when the peak stands out of the rest of the correlation (``confidence``, the peak over
the correlation's standard deviation, at least :data:`MIN_CONFIDENCE`: unrelated noises give
about 6, the maximum of some million Gaussian values) and over the next highest peak
(``peak_ratio``, at least :data:`MIN_PEAK_RATIO`); otherwise the result carries a warning and
no file to move. Clock drift is measured from local offsets along the overlap, on takes of 10 s
and more (pieces of a sixth of the overlap, 2 to 8 s).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadFile, BadValue
from imagia.post.audio import decode, parse_fps

MIN_CONFIDENCE = 12.0
MIN_PEAK_RATIO = 1.5
MIN_DRIFT_OVERLAP = 10.0  # s
CAMERA_EXT = {".mov", ".mp4", ".mxf", ".mkv", ".avi", ".mts", ".m4v"}
RECORDER_EXT = {".wav", ".bwf", ".flac", ".aif", ".aiff", ".w64", ".rf64"}


@dataclass(frozen=True)
class SyncOptions:
    rate: int = 48000  # analysis rate
    max_offset: float = 60.0  # s, search window either way
    seconds: float | None = 300.0  # analyse at most this much of each file (None: all)
    fps: str = "25"


@dataclass
class SyncResult:
    schema: str
    a: str
    b: str
    offset_s: float  # B is late by this much (negative: B is early)
    offset_ms: float
    offset_frames: float
    fps: str
    confidence: float  # peak height over the correlation's standard deviation (>= 20: reliable)
    rate: int
    # clock drift of B against A, from local offsets along the take (None: take under 60 s)
    drift_ppm: float | None = None
    offset_start_ms: float | None = None
    offset_end_ms: float | None = None
    peak_ratio: float | None = None  # the peak over the next highest one
    reliable: bool = True
    move: dict[str, Any] | None = None  # which file to move, which way, by how much
    warning: str | None = None
    warning_fr: str | None = None  # the same warning in French

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def move_instruction(
    sec: float, fps: Fraction, rate_a: int, rate_b: int, a: Path, b: Path
) -> dict[str, Any]:
    """Move B earlier by ``sec`` when it is late (``sec`` > 0), later when it is early; the
    amount in B's samples, A's samples, ms, frames at ``fps`` and timecode."""
    from imagia.post.audio import timecode

    amount = abs(sec)
    way = "earlier" if sec > 0 else "later"
    return {
        "file": "b",
        "name": b.name,
        "direction": way if sec else "none",
        "seconds": round(amount, 6),
        "ms": round(amount * 1000, 3),
        "samples": round(amount * rate_b, 2),
        "samples_rate": rate_b,
        "reference_samples": round(amount * rate_a, 2),
        "frames": round(amount * float(fps), 3),
        "timecode": timecode(amount, fps),
        "text": (
            f"{b.name} and {a.name} are in sync"
            if not sec
            else f"move {b.name} {way} by {amount * 1000:.3f} ms = "
            f"{amount * rate_b:.1f} samples at {rate_b} Hz = {amount * float(fps):.3f} frames "
            f"at {fps} fps ({timecode(amount, fps)}), or {a.name} the other way"
        ),
    }


def peak_ratio(cc: np.ndarray, i: int, guard: int) -> float:
    """The correlation's peak at ``i`` over the highest value beyond ``guard`` lags from it."""
    rest = np.concatenate((cc[: max(i - guard, 0)], cc[i + guard + 1 :]))
    second = float(rest.max()) if len(rest) else 0.0
    return float(cc[i]) / max(second, 1e-12)


def gcc_phat(
    a: np.ndarray, b: np.ndarray, rate: int, max_lag: int | None = None
) -> tuple[float, float]:
    """Delay of ``b`` against ``a`` in samples (sub-sample) and a confidence: the peak over
    the standard deviation of the rest of the correlation (unrelated signals: under 10)."""
    lag, conf, _ = gcc_phat_peaks(a, b, rate, max_lag)
    return lag, conf


def gcc_phat_peaks(
    a: np.ndarray, b: np.ndarray, rate: int, max_lag: int | None = None
) -> tuple[float, float, float]:
    """:func:`gcc_phat` and the :func:`peak_ratio` of its correlation."""
    n = len(a) + len(b)
    nfft = 1 << int(np.ceil(np.log2(n)))
    fa = np.fft.rfft(a, nfft)
    fb = np.fft.rfft(b, nfft)
    cross = fb * np.conj(fa)
    cross /= np.maximum(np.abs(cross), 1e-12)
    cc = np.fft.irfft(cross, nfft)
    lim = min(max_lag or nfft // 2, nfft // 2 - 1)
    cc = np.concatenate((cc[-lim:], cc[: lim + 1]))  # lags -lim..lim
    i = int(np.argmax(cc))
    peak = float(cc[i])
    frac = 0.0
    if 0 < i < len(cc) - 1:
        y0, y1, y2 = cc[i - 1], cc[i], cc[i + 1]
        den = y0 - 2 * y1 + y2
        if den != 0:
            frac = float(0.5 * (y0 - y2) / den)
    guard = max(2, rate // 1000)
    rest = np.concatenate((cc[: max(i - guard, 0)], cc[i + guard + 1 :]))
    noise = float(np.std(rest)) if len(rest) else 0.0
    return i - lim + frac, peak / max(noise, 1e-12), peak_ratio(cc, i, max(guard, rate // 100))


def _load(path: Path, opts: SyncOptions) -> np.ndarray:
    x, _ = decode(path, rate=opts.rate, mono=True, seconds=opts.seconds)
    if len(x) < opts.rate // 10:
        raise BadFile(path, "less than 0.1 s of audio to sync")
    y = x[:, 0].astype(np.float64)
    if not np.any(y):
        raise BadFile(path, "audio is digital silence: nothing to sync on")
    return y


def sync(a: Path, b: Path, opts: SyncOptions | None = None) -> SyncResult:
    """Offset of ``b`` against ``a``."""
    opts = opts or SyncOptions()
    fps = parse_fps(opts.fps)
    if opts.max_offset <= 0:
        raise BadValue("max_offset", opts.max_offset, reason="must be positive")
    xa, xb = _load(a, opts), _load(b, opts)
    lag, conf, ratio = gcc_phat_peaks(xa, xb, opts.rate, int(opts.max_offset * opts.rate))
    sec = lag / opts.rate
    res = SyncResult(
        "SyncResult.1",
        str(a),
        str(b),
        round(sec, 6),
        round(sec * 1000, 3),
        round(sec * float(fps), 3),
        str(opts.fps),
        round(conf, 2),
        opts.rate,
    )
    res.peak_ratio = round(ratio, 2)
    if conf < MIN_CONFIDENCE or ratio < MIN_PEAK_RATIO:
        res.reliable = False
        res.warning = (
            f"{a.name} and {b.name} do not look like recordings of the same event: the "
            f"best match (confidence {conf:.1f}, peak ratio {ratio:.2f}) is no better than "
            f"chance (reliable from {MIN_CONFIDENCE:g} and {MIN_PEAK_RATIO:g}); no offset to use"
        )
        conf_fr, ratio_fr, min_ratio_fr = (
            f"{x:{f}}".replace(".", ",")
            for x, f in ((conf, ".1f"), (ratio, ".2f"), (MIN_PEAK_RATIO, "g"))
        )
        res.warning_fr = (
            f"{a.name} et {b.name} ne semblent pas enregistrer le même événement : la "
            f"meilleure correspondance (confiance {conf_fr}, rapport de pics {ratio_fr}) ne "
            f"vaut pas mieux que le hasard (fiable à partir de {MIN_CONFIDENCE:g} et "
            f"{min_ratio_fr}) ; aucun décalage à utiliser"
        )
        return res
    rate_a = _rate(a) or opts.rate
    rate_b = _rate(b) or opts.rate
    res.move = move_instruction(res.offset_s, fps, rate_a, rate_b, a, b)
    drift = local_drift(xa, xb, lag, opts.rate)
    if drift is not None:
        res.drift_ppm, begin, end = drift
        res.offset_start_ms = round(begin * 1000, 3)
        res.offset_end_ms = round(end * 1000, 3)
    return res


def _rate(path: Path) -> int | None:
    from imagia.post.audio import stream_info

    try:
        return stream_info(path).rate or None
    except BadFile:
        return None


def local_drift(
    xa: np.ndarray, xb: np.ndarray, lag: float, rate: int, window: float = 8.0
) -> tuple[float, float, float] | None:
    """Clock drift of B against A in ppm and the offsets at the start and end of the overlap
    (s), from GCC-PHAT on pieces along the take: ``window`` seconds, or a fifth of the overlap
    when shorter (a sixth, at least 2 s); at least :data:`MIN_DRIFT_OVERLAP` s of overlap."""
    start = max(0, int(-lag))
    stop = min(len(xa), int(len(xb) - lag))
    if stop - start < MIN_DRIFT_OVERLAP * rate:
        return None
    w = int(min(window, max(2.0, (stop - start) / rate / 6)) * rate)
    margin = int(0.05 * rate)
    times, lags = [], []
    for s in np.linspace(start + margin, stop - w - margin, 8).astype(int):
        b0 = int(s + lag) - margin
        if b0 < 0 or b0 + w + 2 * margin > len(xb):
            continue
        local, conf = gcc_phat(xa[s : s + w], xb[b0 : b0 + w + 2 * margin], rate, 2 * margin)
        if conf >= MIN_CONFIDENCE:
            times.append((s + w / 2) / rate)
            lags.append((b0 - s + local) / rate)
    if len(times) < 3:
        return None
    slope, icpt = np.polyfit(times, lags, 1)
    return (
        round(float(slope * 1e6), 1),
        float(icpt + slope * start / rate),
        float(icpt + slope * stop / rate),
    )


@dataclass
class FolderSync:
    schema: str
    folder: str
    pairs: list[SyncResult] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sync_folder(
    folder: Path,
    opts: SyncOptions | None = None,
    min_confidence: float = 20.0,
    progress: Callable[[float, str], None] | None = None,
) -> FolderSync:
    """Pair each camera file (video) with the recorder file (WAV/BWF...) that correlates best,
    and give its offset. A camera file with no confident match is listed as unmatched."""
    opts = opts or SyncOptions()
    if not folder.is_dir():
        raise BadFile(folder, "not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file())
    cams = [p for p in files if p.suffix.lower() in CAMERA_EXT]
    recs = [p for p in files if p.suffix.lower() in RECORDER_EXT]
    if not cams or not recs:
        raise BadFile(
            folder,
            f"needs camera files ({', '.join(sorted(CAMERA_EXT))}) and "
            f"recorder files ({', '.join(sorted(RECORDER_EXT))}); found "
            f"{len(cams)} and {len(recs)}",
        )
    loaded = {r: _load(r, opts) for r in recs}
    out = FolderSync("FolderSync.1", str(folder))
    fps = parse_fps(opts.fps)
    for k, cam in enumerate(cams):
        if progress:
            progress(k / len(cams), f"syncing {cam.name}")
        try:
            xc = _load(cam, opts)
        except BadFile:
            out.unmatched.append(cam.name)
            continue
        best: tuple[float, float, Path] | None = None
        for rec, xr in loaded.items():
            lag, conf = gcc_phat(xc, xr, opts.rate, int(opts.max_offset * opts.rate))
            if best is None or conf > best[1]:
                best = (lag, conf, rec)
        if best is None or best[1] < min_confidence:
            out.unmatched.append(cam.name)
            continue
        sec = best[0] / opts.rate
        out.pairs.append(
            SyncResult(
                "SyncResult.1",
                str(cam),
                str(best[2]),
                round(sec, 6),
                round(sec * 1000, 3),
                round(sec * float(fps), 3),
                str(opts.fps),
                round(best[1], 2),
                opts.rate,
            )
        )
    if progress:
        progress(1.0, "synced")
    return out


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: ``a`` and ``b`` files, or ``folder``; writes a JSON report."""
    opts = SyncOptions(
        fps=str(params.get("fps") or "25"), max_offset=float(params.get("max_offset") or 60.0)
    )
    if params.get("folder"):
        res = sync_folder(Path(params["folder"]), opts, progress=job.progress)
        data = res.to_dict()
        name = Path(params["folder"]).name or "folder"
        summary: dict[str, Any] = {
            "pairs": [
                {
                    "camera": Path(p.a).name,
                    "sound": Path(p.b).name,
                    "offset_ms": p.offset_ms,
                    "offset_frames": p.offset_frames,
                    "confidence": p.confidence,
                }
                for p in res.pairs
            ],
            "unmatched": res.unmatched,
        }
    else:
        job.progress(0.1, "decoding")
        one = sync(Path(params["a"]), Path(params["b"]), opts)
        data = one.to_dict()
        name = Path(params["a"]).stem
        summary = {
            k: data[k]
            for k in (
                "offset_ms",
                "offset_frames",
                "fps",
                "confidence",
                "drift_ppm",
                "offset_start_ms",
                "offset_end_ms",
                "reliable",
                "peak_ratio",
                "warning",
            )
        }
        summary["move"] = one.move["text"] if one.move else None
    job.write_json(
        f"{name}.sync.json",
        data,
        "report/json",
        details={"engine": "GCC-PHAT (numpy FFT), parabolic sub-sample peak"},
    )
    job.progress(1.0, "synced")
    return summary
