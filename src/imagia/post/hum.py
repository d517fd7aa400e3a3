"""Mains hum told from musical content; shared by QC (:mod:`imagia.post.qc`) and de-hum
(:mod:`imagia.post.dehum`), so the two agree on what hum is.

The programme is cut into analysis windows of about 1.4 s (0.73 Hz bins, Hann). In each window
and for each mains candidate (50 and 60 Hz), the partials ``k = 1..5`` are looked for within
±1 % of ``k x mains`` (grids are held well inside ±1 %): a partial is a local maximum of the
spectrum, standing ``prominence`` dB above the median of its neighbourhood (3-15 Hz away) and
narrow (its -6 dB width at most 3 bins: a steady sine in this window is 2 bins wide). A window
holds a hum line when the fundamental is found, or at least two partials at integer multiples
of one fundamental (their ``f_k / k`` agree within ±0.5 %). Hum is then what holds over time:

- its fundamental is stable: windows are kept only when within ±0.5 % of the median;
- it is present throughout: in more than half of the windows (``presence``);
- it has harmonics at integer multiples: in the mean spectrum of those windows (where a voice's
  gliding harmonics smear out and the hum's lines stay), at least two of the partials
  ``k = 1..5`` stand ``prominence`` dB out at ``k x`` the measured fundamental.

A bass note at 49 Hz is outside the ±1 % search band; a 50 Hz note that starts and stops, or a
bass line, is in too few windows; a voice's harmonics glide, so they are not stable. The result
also gives, per partial, its measured frequency, level and width (spread of its frequency over
time and its line width beyond the window's), from which de-hum sizes its notches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAINS = (50.0, 60.0)
BAND = 0.01  # search ±1 % around k x mains
STABLE = 0.005  # the fundamental holds within ±0.5 %
NARROW_BINS = 3.0  # -6 dB width of a partial, in bins
WINDOW_SECONDS = 1.3


@dataclass(frozen=True)
class Partial:
    harmonic: int
    hz: float  # median measured frequency over the hum windows
    prominence_db: float  # in the mean spectrum of the hum windows
    amplitude: float  # peak amplitude (linear, full scale = 1)
    width_hz: float  # how wide the line is: frequency spread over time / excess line width


@dataclass
class HumSearch:
    """What the search found: ``found`` is the verdict; ``reason`` says why not."""

    found: bool
    mains: float  # nominal 50 / 60 (the better candidate)
    hz: float  # measured fundamental (median over the hum windows), nominal when not found
    windows: int  # windows holding a stable hum
    total: int  # analysis windows
    window_s: float
    first: int = 0  # index of the first / last hum window
    last: int = 0
    partials: list[Partial] = field(default_factory=list)
    reason: str = ""
    reason_fr: str = ""  # the same reason in French

    @property
    def level(self) -> float:
        """Peak amplitude of the fundamental (or the strongest partial when it is weak)."""
        if not self.partials:
            return 0.0
        first = [p for p in self.partials if p.harmonic == 1]
        return first[0].amplitude if first else max(p.amplitude for p in self.partials)


def window_length(rate: int) -> int:
    """Samples per analysis window: a power of two of about 1.3 s (0.73 Hz bins at 48 kHz)."""
    return 1 << int(np.ceil(np.log2(rate * WINDOW_SECONDS)))


def window_spectra(mono: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """Hann power spectra of consecutive windows of a mono signal: (freqs, (windows, bins))."""
    nseg = window_length(rate)
    if len(mono) < nseg:
        mono = np.pad(mono, (0, nseg - len(mono)))
    nw = len(mono) // nseg
    win = np.hanning(nseg)
    segs = mono[: nw * nseg].reshape(nw, nseg) * win
    return np.fft.rfftfreq(nseg, 1.0 / rate), np.abs(np.fft.rfft(segs, axis=1)) ** 2


def max_bin(nseg: int, rate: int, harmonics: int = 5) -> int:
    """Bins a hum search over ``harmonics`` partials reads (up to ±1 % and 15 Hz beyond the
    last one, at 60 Hz mains): the spectra can be cut there, so a long programme's windows
    hold a few kilobytes each."""
    top = max(harmonics, 5) * MAINS[-1] * (1 + BAND) + 20.0
    return min(nseg // 2 + 1, int(np.ceil(top * nseg / rate)) + 2)


class WindowSpectra:
    """:func:`window_spectra` of a mono stream fed in blocks, cut at :func:`max_bin`; a long
    programme keeps one window in ``stride`` (at most ``most`` windows), so memory stays
    bounded whatever the length."""

    def __init__(self, rate: int, harmonics: int = 5, seconds: float = 0.0, most: int = 4096):
        from imagia.post.stream import Framer

        self.nseg = window_length(rate)
        self.bins = max_bin(self.nseg, rate, harmonics)
        total = int(seconds * rate) // self.nseg
        self.stride = max(1, -(-total // most))
        self.framer = Framer(self.nseg, self.nseg, pad_short=True)
        self.win = np.hanning(self.nseg)
        self.freqs = np.fft.rfftfreq(self.nseg, 1.0 / rate)[: self.bins]
        self.starts: list[int] = []
        self.rows: list[np.ndarray] = []
        self.count = 0

    def _add(self, start: int, frame: np.ndarray) -> None:
        if self.count % self.stride == 0:
            spec = np.abs(np.fft.rfft(frame * self.win)[: self.bins]) ** 2
            self.rows.append(spec.astype(np.float32))
            self.starts.append(start)
        self.count += 1

    def feed(self, mono: np.ndarray) -> None:
        for start, frame in self.framer.feed(mono):
            self._add(start, frame)

    def spectra(self) -> np.ndarray:
        for start, frame in self.framer.close():
            self._add(start, frame)
        if not self.rows:
            return np.zeros((0, self.bins))
        return np.stack(self.rows).astype(np.float64)


def _peak(
    freqs: np.ndarray, power: np.ndarray, centre: float
) -> tuple[float, float, float, float] | None:
    """The local maximum within ±1 % of ``centre``: (Hz, power, prominence dB, -6 dB width
    in bins), or None when there is none."""
    df = float(freqs[1] - freqs[0])
    lo = int(np.ceil((centre * (1 - BAND)) / df))
    hi = int(np.floor((centre * (1 + BAND)) / df))
    if hi < lo:
        lo = hi = round(centre / df)
    if lo < 1 or hi >= len(power) - 1:
        return None
    i = lo + int(np.argmax(power[lo : hi + 1]))
    if power[i] < power[i - 1] or power[i] < power[i + 1]:
        return None  # the slope of something beside the band, not a line in it
    ring = (np.abs(freqs - centre) <= 15) & (np.abs(freqs - centre) > 3)
    floor = float(np.median(power[ring])) + 1e-30
    prom = 10 * np.log10(power[i] / floor + 1e-30)
    y0, y1, y2 = np.log(power[i - 1 : i + 2] + 1e-30)
    den = y0 - 2 * y1 + y2
    frac = float(np.clip(0.5 * (y0 - y2) / den, -0.5, 0.5)) if den != 0 else 0.0
    half = power[i] / 4.0  # -6 dB
    width = 0.0
    for step in (-1, 1):
        j = i
        while 0 < j < len(power) - 1 and power[j + step] > half and abs(j - i) < 20:
            j += step
        nxt = power[j + step] if 0 < j < len(power) - 1 else 0.0
        # linear interpolation of the -6 dB crossing between j and j + step
        frac_edge = (power[j] - half) / max(power[j] - nxt, 1e-30)
        width += abs(j - i) + min(max(frac_edge, 0.0), 1.0)
    return float(freqs[i] + frac * df), float(power[i]), float(prom), width


def find_hum(
    freqs: np.ndarray,
    spectra: np.ndarray,
    prominence: float = 8.0,
    mains: tuple[float, ...] = MAINS,
    presence: float = 0.5,
    harmonics: int = 5,
    partial_db: float | None = None,
    nseg: int | None = None,
) -> HumSearch:
    """Search ``spectra`` (windows x bins, Hann power spectra of :func:`window_length`
    samples) for mains hum. ``harmonics`` partials are described in the result (those at least
    ``partial_db`` above their neighbourhood, ``prominence`` by default: see :func:`_partials`).
    ``nseg``: the window length when the spectra keep only their low bins (:func:`max_bin`)."""
    partial_db = prominence if partial_db is None else partial_db
    total = len(spectra)
    df = float(freqs[1] - freqs[0])
    window_s = round(1.0 / df, 3)
    best: HumSearch | None = None
    for f0 in mains:
        fw: list[float] = []  # fundamental per hit window
        hit: list[int] = []
        for w in range(total):
            found = []
            for k in range(1, 6):
                pk = _peak(freqs, spectra[w], f0 * k)
                if pk and pk[2] >= prominence and pk[3] <= NARROW_BINS:
                    found.append((k, pk[0] / k, pk[2]))
            if not found:
                continue
            est = np.array([f for _, f, _ in found])
            ref = found[0][1] if found[0][0] == 1 else float(np.median(est))
            agree = [(k, f, p) for k, f, p in found if abs(f - ref) <= STABLE * ref]
            if not any(k == 1 for k, _, _ in agree) and len(agree) < 2:
                continue  # no line at the fundamental and no two partials agreeing
            wts = np.array([p for _, _, p in agree])
            fw.append(float(np.dot(wts, [f for _, f, _ in agree]) / wts.sum()))
            hit.append(w)
        res = HumSearch(False, f0, f0, 0, total, window_s)
        if hit:
            med = float(np.median(fw))
            keep = [w for w, f in zip(hit, fw, strict=True) if abs(f - med) <= STABLE * med]
            res.windows, res.hz = len(keep), round(med, 3)
            if keep:
                res.first, res.last = keep[0], keep[-1]
            parts = _partials(freqs, spectra, keep, med, max(harmonics, 5), partial_db, df, nseg)
            multiples = [p for p in parts if p.harmonic <= 5 and p.prominence_db >= prominence]
            if len(keep) > presence * total and len(multiples) >= 2:
                res.found = True
                res.partials = [p for p in parts if p.harmonic <= harmonics]
            elif len(keep) > presence * total:
                res.reason = (
                    f"a steady line at {med:.2f} Hz without harmonics at integer multiples: "
                    "a tone, not hum"
                )
                res.reason_fr = (
                    f"une raie stable à {med:.2f} Hz sans harmoniques aux multiples entiers : "
                    "un son pur, pas un ronflement"
                ).replace(".", ",")
            else:
                res.reason = (
                    f"tonal content near {f0:.0f} Hz in {len(keep)} of {total} windows only: "
                    "not present throughout, so not hum (music or effects?)"
                )
                res.reason_fr = (
                    f"contenu tonal vers {f0:.0f} Hz dans {len(keep)} fenêtres sur {total} "
                    "seulement : absent d'une partie du programme, donc pas un ronflement "
                    "(musique ou effets ?)"
                )
        else:
            res.reason = f"no stable line at {f0:.0f} Hz with harmonics"
            res.reason_fr = f"aucune raie stable à {f0:.0f} Hz avec harmoniques"
        if best is None or (res.found, res.windows) > (best.found, best.windows):
            best = res
    assert best is not None
    return best


def _partials(
    freqs: np.ndarray,
    spectra: np.ndarray,
    keep: list[int],
    f1: float,
    harmonics: int,
    partial_db: float,
    df: float,
    nseg: int | None = None,
) -> list[Partial]:
    """The partials of a hum at ``f1``: a partial is kept when it is a narrow line standing
    ``partial_db`` out at ``k x f1`` (±0.5 %) in at least a quarter of the hum windows (and two
    of them: under a voice, a harmonic shows in the pauses), or stands ``partial_db + 6`` dB
    out of their mean spectrum."""
    nseg = nseg or 2 * (len(freqs) - 1)
    hann_gain = nseg / 4.0  # |X| of a unit sine at its bin with a Hann window
    mean = spectra[keep].mean(axis=0)
    own = 2.55  # bins: -6 dB width of a steady sine in a Hann window, as _peak measures it
    out = []
    for k in range(1, harmonics + 1):
        if f1 * k * (1 + BAND) >= freqs[-1]:
            break
        avg = _peak(freqs, mean, f1 * k)
        per = [
            p
            for w in keep
            if (p := _peak(freqs, spectra[w], f1 * k)) is not None
            and p[2] >= partial_db
            and p[3] <= NARROW_BINS
            and abs(p[0] - f1 * k) <= STABLE * f1 * k
        ]
        steady = len(per) >= max(min(2, len(keep)), len(keep) / 4)
        if not steady and (avg is None or avg[2] < partial_db + 6 or avg[3] > NARROW_BINS):
            continue
        if steady:
            hz = [p[0] for p in per]
            power = float(np.median([p[1] for p in per]))
            prom = float(np.median([p[2] for p in per]))
            width = float(np.median([p[3] for p in per]))
        else:
            assert avg is not None
            hz, power, prom, width = [avg[0]], avg[1], avg[2], avg[3]
        spread = 2.0 * float(np.std(hz))
        excess = float(np.sqrt(max(width**2 - own**2, 0.0))) * df
        out.append(
            Partial(
                k,
                round(float(np.median(hz)), 3),
                round(prom, 1),
                float(np.sqrt(power)) / hann_gain,
                round(max(spread, excess), 3),
            )
        )
    return out
