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

from imagia.core.errors import BadFile, BadValue
from imagia.post.audio import db, iter_blocks, stream_info
from imagia.post.stream import Segment


@dataclass(frozen=True)
class DehumOptions:
    freq: str = "auto"  # auto / 50 / 60
    harmonics: int = 8
    bandwidth: float | None = None  # Hz per notch; None: from the measured width of each line
    output: Path | None = None
    prominence: float = 8.0  # dB: what counts as hum (as QC's hum check)
    bit_depth: str = "source"  # source / 16 / 24 (imagia.post.stream.out_format)


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
    written: str = ""  # the output's format: bit depth, layout, rate
    notes_fr: list[str] = field(default_factory=list)  # the same notes in French

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _LineSpectrum:
    """Mean power spectrum of the mono mix over ~2.7 s Hann segments (0.37 Hz bins, half
    overlap), fed block by block; the level of a line is read from it."""

    def __init__(self, rate: int) -> None:
        from imagia.post.stream import Framer

        self.nseg = 1 << int(np.ceil(np.log2(rate * 2.7)))
        self.framer = Framer(self.nseg, self.nseg // 2, pad_short=True)
        self.win = np.hanning(self.nseg)
        self.freqs = np.fft.rfftfreq(self.nseg, 1.0 / rate)
        self.total = np.zeros(len(self.freqs))
        self.count = 0

    def _add(self, frame: np.ndarray) -> None:
        self.total += np.abs(np.fft.rfft(frame * self.win)) ** 2
        self.count += 1

    def feed(self, mono: np.ndarray) -> None:
        for _, frame in self.framer.feed(mono):
            self._add(frame)

    def amplitude(self, f: float) -> float:
        """Peak amplitude (full scale = 1) of the line near ``f`` (±0.8 Hz)."""
        for _, frame in self.framer.close():
            self._add(frame)
        near = np.abs(self.freqs - f) <= 0.8
        if not near.any() or not self.count:
            return 0.0
        power = self.total / self.count
        return float(np.sqrt(power[near].max())) / (self.nseg / 4)


class _Demod:
    """The signal demodulated at each of ``freqs`` and averaged over ``block_s`` blocks, fed
    block by block (what :func:`refine` fits a line to)."""

    def __init__(self, rate: int, freqs: list[float], block_s: float = 0.2) -> None:
        self.rate, self.freqs, self.block_s = rate, freqs, block_s
        self.block = int(rate * block_s)
        self.carry = np.zeros(0)
        self.n = 0  # samples consumed
        self.z: list[list[np.ndarray]] = [[] for _ in freqs]

    def feed(self, mono: np.ndarray) -> None:
        x = np.concatenate((self.carry, mono))
        m = len(x) // self.block * self.block
        self.carry = x[m:]
        if not m:
            return
        t = (self.n + np.arange(m)) / self.rate
        for i, f in enumerate(self.freqs):
            zz = (x[:m] * np.exp(-2j * np.pi * f * t)).reshape(-1, self.block).mean(axis=1)
            self.z[i].append(zz)
        self.n += m

    def refined(self, i: int) -> float:
        z = np.concatenate(self.z[i]) if self.z[i] else np.zeros(0, complex)
        return fit_line(z, self.freqs[i], self.block_s)


def fit_line(z: np.ndarray, f: float, block_s: float = 0.2) -> float:
    """The frequency of a steady line near ``f`` from the signal demodulated at ``f`` (``z``,
    means over ``block_s``): its phase turns at the offset; a straight-line fit of the
    unwrapped phase gives it. Falls back to ``f`` when the phase does not follow a line."""
    n = len(z)
    if n < 4:
        return f
    w = np.abs(z)
    phase = np.unwrap(np.angle(z))
    tc = (np.arange(n) + 0.5) * block_s
    slope, icpt = np.polyfit(tc, phase, 1, w=w)
    resid = phase - (slope * tc + icpt)
    offset = float(slope / (2 * np.pi))
    if abs(offset) > 0.5 or float(np.average(resid**2, weights=w)) > 0.5:
        return f
    return f + offset


def refine(mono: np.ndarray, rate: int, f: float, block_s: float = 0.2) -> float:
    """The frequency of a steady line near ``f`` to a thousandth of a hertz (:func:`fit_line`
    over the whole of ``mono``)."""
    d = _Demod(rate, [f], block_s)
    d.feed(mono)
    return d.refined(0)


def _extension(x: np.ndarray, rate: int, f0: float, width: float, head: bool) -> np.ndarray:
    """A narrow notch rings for ~1/(pi x width) s when a line starts abruptly, so each end of
    the programme is extended by the programme shifted by a whole number of hum periods (the
    hum carries on in phase: its lines start long before the programme does). ``x`` holds the
    programme's first (``head``) or last samples; returns the samples to put before / after."""
    n = len(x)
    period = rate / f0
    want = int(rate * np.log(100) / (np.pi * width))  # ringing down by 40 dB
    m = int(np.ceil(min(want, n) / period))
    while m > 0 and round(m * period) > n - 1:
        m -= 1
    shift = round(m * period)
    pad = min(want, shift)
    if pad <= 0:
        return x[:0]
    return x[shift - pad : shift] if head else x[n - shift : n - shift + pad]


def _notched(sos: np.ndarray, seg: Segment, ext: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The core of ``seg`` notched forwards and backwards (zero phase), with the programme's
    extensions at its ends."""
    from scipy.signal import sosfiltfilt

    front = ext[0] if seg.first else seg.data[:0]
    back = ext[1] if seg.last else seg.data[:0]
    y = sosfiltfilt(sos, np.concatenate((front, seg.data.astype(np.float64), back)), axis=0)
    return np.asarray(y[len(front) + seg.lo : len(front) + seg.hi])


def notch_width(width_hz: float, fixed: float | None = None) -> float:
    """-3 dB bandwidth of the notch for a hum line ``width_hz`` wide (its frequency spread over
    time, or its width beyond the analysis window's): 3x the width, so that the line's whole
    spread is cut by 20 dB or more (the notch runs twice), at least 0.5 Hz and at most 4 Hz."""
    if fixed is not None:
        return float(fixed)
    return float(np.clip(3.0 * width_hz, 0.5, 4.0))


BLOCK = 1 << 19  # samples per decoded block (about 11 s at 48 kHz)


def _mono(block: np.ndarray) -> np.ndarray:
    return np.asarray(block.astype(np.float64).mean(axis=1))


def dehum(
    media: Path,
    opts: DehumOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> DehumResult:
    """Notch the hum out of ``media`` into a new WAV (the original is kept). Only the lines
    found (:func:`imagia.post.hum.find_hum`, the same search as QC's) are notched; with no hum
    found, the output is the input, unchanged, and the result says so.

    Three streaming passes over the decoded audio, so memory does not grow with the length:
    the hum search and the levels before; the exact frequency of each line found; the notches
    (zero phase, on overlapping segments long enough for the notches' ringing to die out) and
    the levels after, written block by block in the source's layout and bit depth."""
    from scipy.signal import iirnotch, tf2sos

    from imagia.post.hum import WindowSpectra, find_hum, window_length
    from imagia.post.stream import BlockWriter, out_format, overlapped

    opts = opts or DehumOptions()
    if opts.freq not in ("auto", "50", "60"):
        raise BadValue("freq", opts.freq, ["auto", "50", "60"])
    if not 1 <= opts.harmonics <= 40:
        raise BadValue("harmonics", opts.harmonics, reason="between 1 and 40")
    if opts.bandwidth is not None and not 0.2 <= opts.bandwidth <= 20:
        raise BadValue("bandwidth", opts.bandwidth, reason="between 0.2 and 20 Hz")
    say = progress or (lambda f, m: None)
    st = stream_info(media)
    fmt = out_format(st, opts.bit_depth)
    out = opts.output or media.with_name(f"{media.stem}.dehum.wav")
    if out.resolve() == media.resolve():
        raise BadValue("output", str(out), reason="would overwrite the original")
    rate = st.rate
    total = max(st.duration, 1e-6)
    say(0.02, "looking for mains hum")
    ws = WindowSpectra(rate, opts.harmonics, st.duration)
    before = _LineSpectrum(rate)
    energy_in = 0.0
    n = 0
    for block in iter_blocks(st, BLOCK):
        mono = _mono(block)
        ws.feed(mono)
        before.feed(mono)
        energy_in += float(np.sum(block.astype(np.float64) ** 2))
        n += len(block)
        say(0.02 + 0.25 * min(n / rate / total, 1.0), f"looking for mains hum {n / rate:.0f} s")
    if n == 0:
        raise BadFile(media, "holds no audio samples (zero-length audio)")
    mains = (50.0, 60.0) if opts.freq == "auto" else (float(opts.freq),)
    hum = find_hum(
        ws.freqs, ws.spectra(), opts.prominence, mains, harmonics=opts.harmonics, nseg=ws.nseg
    )
    notes: list[str] = []
    notes_fr: list[str] = []

    def note(en: str, fr: str) -> None:
        notes.append(en)
        notes_fr.append(fr)

    if st.truncated:
        note(
            f"{st.truncated}: processed what the file holds",
            "WAV tronqué (moins d'échantillons que l'en-tête n'en annonce) : traité ce que le "
            "fichier contient",
        )
    if n < window_length(rate):
        note(
            f"programme shorter than {window_length(rate) / rate:.1f} s: the hum estimate is "
            "unreliable",
            f"programme de moins de {window_length(rate) / rate:.1f} s : l'estimation du "
            "ronflement n'est pas fiable".replace(".", ","),
        )
    if ws.stride > 1:
        note(
            f"long programme: the hum searched in one analysis window in {ws.stride}",
            f"programme long : ronflement cherché dans une fenêtre d'analyse sur {ws.stride}",
        )
    lines = [p for p in hum.partials if p.hz < rate / 2 * 0.95]
    if not hum.found or not lines:
        with BlockWriter(out, fmt, dither=False) as w:  # the input's own samples
            for block in iter_blocks(st, BLOCK):
                w.write(block)
        note(
            f"no hum found ({hum.reason}): nothing notched, the output is the input",
            f"aucun ronflement trouvé ({hum.reason_fr}) : rien n'est filtré, la sortie est "
            "l'entrée",
        )
        say(1.0, "done")
        return DehumResult(
            "DehumResult.1",
            str(media),
            str(out),
            hum.hz,
            0.0,
            [],
            0.0,
            notes,
            False,
            fmt.label,
            notes_fr,
        )
    widths = [notch_width(p.width_hz, opts.bandwidth) for p in lines]
    say(0.3, "measuring the hum lines")
    demod = _Demod(rate, [p.hz for p in lines])
    for block in iter_blocks(st, BLOCK):
        demod.feed(_mono(block))
    centres = [demod.refined(i) for i in range(len(lines))]
    sos = np.vstack(
        [tf2sos(*iirnotch(c, c / w, fs=rate)) for c, w in zip(centres, widths, strict=True)]
    )
    f0 = float(np.median([c / p.harmonic for c, p in zip(centres, lines, strict=True)]))
    ctx = 3 * int(rate * np.log(100) / (np.pi * min(widths)))  # ringing down by 120 dB
    say(0.4, f"notching {len(lines)} hum line(s) from {hum.hz} Hz")
    after = _LineSpectrum(rate)
    energy_out = 0.0
    ext = (np.zeros((0, st.channels)), np.zeros((0, st.channels)))
    with BlockWriter(out, fmt) as w:
        for seg in overlapped(iter_blocks(st, BLOCK), max(BLOCK, 2 * ctx), ctx):
            if seg.first:
                ext = (_extension(seg.data, rate, f0, min(widths), True), ext[1])
            if seg.last:
                ext = (ext[0], _extension(seg.data, rate, f0, min(widths), False))
            y = _notched(sos, seg, ext)
            w.write(y)
            after.feed(y.mean(axis=1))
            energy_out += float(np.sum(y**2))
            done = (seg.start + len(y)) / rate
            say(0.4 + 0.58 * min(done / total, 1.0), f"notching {done:.0f} s")
    rows = [
        {
            "harmonic": p.harmonic,
            "hz": round(c, 3),
            "notch_hz": round(wd, 2),
            "prominence_db": p.prominence_db,
            "before_dbfs": db(before.amplitude(p.hz)),
            "after_dbfs": db(after.amplitude(p.hz)),
        }
        for p, c, wd in zip(lines, centres, widths, strict=True)
    ]
    change = 10 * np.log10((energy_out + 1e-30) / (energy_in + 1e-30))
    prom = max(p.prominence_db for p in lines)
    note(
        f"{hum.mains:.0f} Hz mains hum at {hum.hz} Hz in {hum.windows} of {hum.total} windows: "
        f"notched {len(lines)} line(s) ({', '.join(f'{p.hz:g}' for p in lines)} Hz), each "
        "as wide as its measured line",
        f"ronflement secteur {hum.mains:.0f} Hz à {str(hum.hz).replace('.', ',')} Hz dans "
        f"{hum.windows} fenêtres sur {hum.total} : {len(lines)} raie(s) filtrée(s) "
        f"({' ; '.join(f'{p.hz:g}'.replace('.', ',') for p in lines)} Hz), chacune aussi "
        "large que la raie mesurée",
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
        fmt.label,
        notes_fr,
    )


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: dehum ``params['media']`` into the job folder; JSON report."""
    media = Path(params["media"])
    res = dehum(
        media,
        DehumOptions(
            freq=str(params.get("freq") or "auto"),
            harmonics=int(params.get("harmonics") or 8),
            bit_depth=str(params.get("bit_depth") or "source"),
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
