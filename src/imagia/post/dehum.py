"""Hum removal: narrow zero-phase notches at the hum lines found, and nowhere else.

The hum is looked for with :func:`imagia.post.hum.find_hum` (the search QC uses): a line at 50
or 60 Hz (±1 %) that is narrow, stable within ±0.5 %, present in most ~1.4 s windows and with
harmonics at integer multiples, so a bass note or a voice is not taken for hum. Each line found
(up to ``harmonics``) gets a 2nd-order notch (``scipy.signal.iirnotch``) at its measured
frequency, as wide as the line measured (3x its spread over time, 0.5-4 Hz), run forwards and
backwards (no phase shift, no delay). With no hum found nothing is notched: the output is the
input, and the result says so. The report gives each line's level before and after and the
change of the programme's overall level. Classic signal processing, no AI.
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
    bandwidth: float | None = None  # Hz per notch; None: from the measured width of each line
    output: Path | None = None
    prominence: float = 8.0  # dB: what counts as hum (as QC's hum check)


@dataclass
class DehumResult:
    schema: str
    input: str
    output: str
    mains_hz: float
    prominence_db: float  # how far the strongest hum line stood out of its neighbourhood
    harmonics: list[dict[str, float]] = field(default_factory=list)
    level_change_db: float = 0.0
    notes: list[str] = field(default_factory=list)
    hum_found: bool = False

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


def refine(mono: np.ndarray, rate: int, f: float, block_s: float = 0.2) -> float:
    """The frequency of a steady line near ``f`` to a thousandth of a hertz: the phase of the
    signal demodulated at ``f`` (0.2 s means) turns at the offset; a straight-line fit of the
    unwrapped phase gives it. Falls back to ``f`` when the phase does not follow a line."""
    block = int(rate * block_s)
    n = len(mono) // block
    if n < 4:
        return f
    t = np.arange(n * block) / rate
    z = (mono[: n * block] * np.exp(-2j * np.pi * f * t)).reshape(n, block).mean(axis=1)
    w = np.abs(z)
    phase = np.unwrap(np.angle(z))
    tc = (np.arange(n) + 0.5) * block_s
    slope, icpt = np.polyfit(tc, phase, 1, w=w)
    resid = phase - (slope * tc + icpt)
    offset = float(slope / (2 * np.pi))
    if abs(offset) > 0.5 or float(np.average(resid**2, weights=w)) > 0.5:
        return f
    return f + offset


def _notch(sos: np.ndarray, x: np.ndarray, rate: int, f0: float, width: float) -> np.ndarray:
    """Run the notches forwards and backwards. A narrow notch rings for ~1/(pi x width) s when
    a line starts abruptly, so both ends are padded with the programme shifted by a whole
    number of hum periods (the hum carries on in phase, its lines start long before the
    programme does); the padding is cut off afterwards."""
    from scipy.signal import sosfiltfilt

    n = len(x)
    period = rate / f0
    want = int(rate * np.log(100) / (np.pi * width))  # ringing down by 40 dB
    m = int(np.ceil(min(want, n) / period))
    while m > 0 and round(m * period) > n - 1:
        m -= 1
    shift = round(m * period)
    pad = min(want, shift)
    if pad <= 0:
        return np.asarray(sosfiltfilt(sos, x, axis=0))
    front = x[shift - pad : shift]
    back = x[n - shift : n - shift + pad]
    y = sosfiltfilt(sos, np.concatenate((front, x, back)), axis=0)
    return np.asarray(y[pad : pad + n])


def notch_width(width_hz: float, fixed: float | None = None) -> float:
    """-3 dB bandwidth of the notch for a hum line ``width_hz`` wide (its frequency spread over
    time, or its width beyond the analysis window's): 3x the width, so that the line's whole
    spread is cut by 20 dB or more (the notch runs twice), at least 0.5 Hz and at most 4 Hz."""
    if fixed is not None:
        return float(fixed)
    return float(np.clip(3.0 * width_hz, 0.5, 4.0))


def dehum(
    media: Path,
    opts: DehumOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> DehumResult:
    """Notch the hum out of ``media`` into a new WAV (the original is kept). Only the lines
    found (:func:`imagia.post.hum.find_hum`, the same search as QC's) are notched; with no hum
    found, the output is the input, unchanged, and the result says so."""
    from scipy.signal import iirnotch, tf2sos

    from imagia.post.hum import find_hum, window_length, window_spectra

    opts = opts or DehumOptions()
    if opts.freq not in ("auto", "50", "60"):
        raise BadValue("freq", opts.freq, ["auto", "50", "60"])
    if not 1 <= opts.harmonics <= 40:
        raise BadValue("harmonics", opts.harmonics, reason="between 1 and 40")
    if opts.bandwidth is not None and not 0.2 <= opts.bandwidth <= 20:
        raise BadValue("bandwidth", opts.bandwidth, reason="between 0.2 and 20 Hz")
    say = progress or (lambda f, m: None)
    st = stream_info(media)
    out = opts.output or media.with_name(f"{media.stem}.dehum.wav")
    if out.resolve() == media.resolve():
        raise BadValue("output", str(out), reason="would overwrite the original")
    x, rate = decode(media)
    xd = x.astype(np.float64)
    say(0.1, "looking for mains hum")
    wf, spectra = window_spectra(xd.mean(axis=1), rate)
    mains = (50.0, 60.0) if opts.freq == "auto" else (float(opts.freq),)
    hum = find_hum(wf, spectra, opts.prominence, mains, harmonics=opts.harmonics)
    notes = [f"{st.truncated}: processed what the file holds"] if st.truncated else []
    if len(xd) < window_length(rate):
        notes.append(
            f"programme shorter than {window_length(rate) / rate:.1f} s: the hum estimate is "
            "unreliable"
        )
    subtype = "PCM_24" if (st.bits or 24) >= 24 else "PCM_16"
    lines = [p for p in hum.partials if p.hz < rate / 2 * 0.95]
    if not hum.found or not lines:
        write_wav(out, x, rate, subtype)
        notes.append(f"no hum found ({hum.reason}): nothing notched, the output is the input")
        say(1.0, "done")
        return DehumResult(
            "DehumResult.1", str(media), str(out), hum.hz, 0.0, [], 0.0, notes, False
        )
    freqs, power, nseg = _spectrum(xd, rate)
    widths = [notch_width(p.width_hz, opts.bandwidth) for p in lines]
    mono = xd.mean(axis=1)
    centres = [refine(mono, rate, p.hz) for p in lines]
    sos = np.vstack(
        [tf2sos(*iirnotch(c, c / w, fs=rate)) for c, w in zip(centres, widths, strict=True)]
    )
    say(0.3, f"notching {len(lines)} hum line(s) from {hum.hz} Hz")
    y = _notch(
        sos,
        xd,
        rate,
        float(np.median([c / p.harmonic for c, p in zip(centres, lines, strict=True)])),
        min(widths),
    )
    _, power_after, _ = _spectrum(y, rate)
    rows = [
        {
            "harmonic": p.harmonic,
            "hz": round(c, 3),
            "notch_hz": round(w, 2),
            "prominence_db": p.prominence_db,
            "before_dbfs": db(_amp_at(freqs, power, nseg, p.hz)),
            "after_dbfs": db(_amp_at(freqs, power_after, nseg, p.hz)),
        }
        for p, c, w in zip(lines, centres, widths, strict=True)
    ]
    write_wav(out, y, rate, subtype)
    change = 10 * np.log10((np.mean(y**2) + 1e-30) / (np.mean(xd**2) + 1e-30))
    prom = max(p.prominence_db for p in lines)
    notes.append(
        f"{hum.mains:.0f} Hz mains hum at {hum.hz} Hz in {hum.windows} of {hum.total} windows: "
        f"notched {len(lines)} line(s) ({', '.join(f'{p.hz:g}' for p in lines)} Hz), each "
        "as wide as its measured line"
    )
    say(1.0, "done")
    return DehumResult(
        "DehumResult.1",
        str(media),
        str(out),
        hum.hz,
        round(prom, 1),
        rows,
        round(float(change), 2),
        notes,
        True,
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
        "hum_found": res.hum_found,
        "notes": res.notes,
    }
