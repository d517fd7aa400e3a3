"""Hum removal: a comb of narrow zero-phase notches at the mains frequency and its harmonics.

The mains frequency is found in the programme (50 or 60 Hz, refined to 0.05 Hz around the
strongest of the two: grids drift by a few tenths of a hertz), then each harmonic up to
``harmonics`` gets a 2nd-order notch (``scipy.signal.iirnotch``, ``bandwidth`` Hz wide), run
forwards and backwards (no phase shift, no delay). The report gives the hum level at each
harmonic before and after, and the change of the programme's overall level (what the notches
cost the rest of the sound). Classic signal processing, no AI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadValue
from imagia.post.audio import db, decode, stream_info, write_wav


@dataclass(frozen=True)
class DehumOptions:
    freq: str = "auto"  # auto / 50 / 60
    harmonics: int = 8
    bandwidth: float = 2.0  # Hz, per notch
    output: Path | None = None


@dataclass
class DehumResult:
    schema: str
    input: str
    output: str
    mains_hz: float
    prominence_db: float  # how far the fundamental stood out of its neighbourhood
    harmonics: list[dict[str, float]] = field(default_factory=list)
    level_change_db: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _spectrum(x: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Mean power spectrum of the mono mix over ~2.7 s Hann segments (0.37 Hz bins)."""
    nseg = 1 << int(np.ceil(np.log2(rate * 2.7)))
    mono = x.mean(axis=1)
    if len(mono) < nseg:
        mono = np.pad(mono, (0, nseg - len(mono)))
    win = np.hanning(nseg)
    starts = range(0, len(mono) - nseg + 1, nseg // 2)
    power = np.mean([np.abs(np.fft.rfft(mono[s : s + nseg] * win)) ** 2 for s in starts], axis=0)
    return np.fft.rfftfreq(nseg, 1.0 / rate), power, nseg


def _amp_at(freqs: np.ndarray, power: np.ndarray, nseg: int, f: float) -> float:
    near = np.abs(freqs - f) <= 0.8
    return float(np.sqrt(power[near].max())) / (nseg / 4) if near.any() else 0.0


def _prominence(freqs: np.ndarray, power: np.ndarray, f: float) -> float:
    near = np.abs(freqs - f) <= 0.8
    ring = (np.abs(freqs - f) <= 15) & (np.abs(freqs - f) > 3)
    if not near.any() or not ring.any():
        return 0.0
    return float(10 * np.log10(power[near].max() / (np.median(power[ring]) + 1e-30) + 1e-30))


def mains_frequency(freqs: np.ndarray, power: np.ndarray, choice: str = "auto") -> float:
    """50 or 60 Hz (the one whose harmonics stand out most), refined to the actual peak."""
    if choice not in ("auto", "50", "60"):
        raise BadValue("freq", choice, ["auto", "50", "60"])
    cands = [50.0, 60.0] if choice == "auto" else [float(choice)]
    score = {
        f0: sum(max(_prominence(freqs, power, f0 * k), 0.0) for k in (1, 2, 3)) for f0 in cands
    }
    f0 = max(score, key=lambda f: score[f])
    band = np.flatnonzero(np.abs(freqs - f0) <= 0.6)
    if not len(band):
        return f0
    i = int(band[np.argmax(power[band])])
    if 0 < i < len(power) - 1:
        y0, y1, y2 = np.log(power[i - 1 : i + 2] + 1e-30)
        den = y0 - 2 * y1 + y2
        frac = float(np.clip(0.5 * (y0 - y2) / den, -0.5, 0.5)) if den != 0 else 0.0
        return round(float(freqs[i] + frac * (freqs[1] - freqs[0])), 2)
    return round(float(freqs[i]), 2)


def dehum(
    media: Path,
    opts: DehumOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> DehumResult:
    """Notch the hum out of ``media`` into a new WAV (the original is kept)."""
    from scipy.signal import iirnotch, sosfiltfilt, tf2sos

    opts = opts or DehumOptions()
    if not 1 <= opts.harmonics <= 40:
        raise BadValue("harmonics", opts.harmonics, reason="between 1 and 40")
    if not 0.2 <= opts.bandwidth <= 20:
        raise BadValue("bandwidth", opts.bandwidth, reason="between 0.2 and 20 Hz")
    say = progress or (lambda f, m: None)
    st = stream_info(media)
    out = opts.output or media.with_name(f"{media.stem}.dehum.wav")
    if out.resolve() == media.resolve():
        raise BadValue("output", str(out), reason="would overwrite the original")
    x, rate = decode(media)
    xd = x.astype(np.float64)
    say(0.1, "finding the mains frequency")
    freqs, power, nseg = _spectrum(xd, rate)
    f0 = mains_frequency(freqs, power, opts.freq)
    sos = np.vstack(
        [
            tf2sos(*iirnotch(f0 * k, f0 * k / opts.bandwidth, fs=rate))
            for k in range(1, opts.harmonics + 1)
            if f0 * k < rate / 2 * 0.95
        ]
    )
    say(0.3, f"notching {f0} Hz and harmonics")
    y = sosfiltfilt(sos, xd, axis=0)
    _, power_after, _ = _spectrum(y, rate)
    rows = []
    for k in range(1, opts.harmonics + 1):
        fk = f0 * k
        if fk >= rate / 2 * 0.95:
            break
        before = _amp_at(freqs, power, nseg, fk)
        after = _amp_at(freqs, power_after, nseg, fk)
        rows.append(
            {"harmonic": k, "hz": round(fk, 2), "before_dbfs": db(before), "after_dbfs": db(after)}
        )
    write_wav(out, y, rate, "PCM_24" if (st.bits or 24) >= 24 else "PCM_16")
    change = 10 * np.log10((np.mean(y**2) + 1e-30) / (np.mean(xd**2) + 1e-30))
    prom = round(max(_prominence(freqs, power, f0 * k) for k in (1, 2, 3)), 1)
    notes = (
        [f"programme shorter than {nseg / rate:.1f} s: the hum estimate is unreliable"]
        if len(xd) < nseg
        else []
    )
    notes += (
        []
        if prom >= 8.0
        else [
            f"no clear hum found (strongest harmonic {prom} dB above its neighbourhood): the "
            "notches were applied anyway"
        ]
    )
    say(1.0, "done")
    return DehumResult(
        "DehumResult.1", str(media), str(out), f0, prom, rows, round(float(change), 2), notes
    )


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: dehum ``params['media']`` into the job folder; JSON report."""
    media = Path(params["media"])
    res = dehum(
        media,
        DehumOptions(
            freq=str(params.get("freq") or "auto"),
            harmonics=int(params.get("harmonics") or 8),
            output=job.output_dir / f"{media.stem}.dehum.wav",
        ),
        progress=job.progress,
    )
    job.add_output(Path(res.output), "audio/dehum")
    data = res.to_dict()
    job.write_json(
        f"{media.stem}.dehum.json",
        data,
        "report/json",
        details={"engine": "scipy iirnotch comb, zero phase"},
    )
    first = res.harmonics[0] if res.harmonics else {}
    return {
        "mains_hz": res.mains_hz,
        "fundamental_before_dbfs": first.get("before_dbfs"),
        "fundamental_after_dbfs": first.get("after_dbfs"),
        "level_change_db": res.level_change_db,
        "notes": res.notes,
    }
