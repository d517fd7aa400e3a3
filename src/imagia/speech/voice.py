"""Lower or higher voice, by pitch register: the median fundamental frequency (F0) of the voiced
frames of each stretch of speech, measured with YIN (de Cheveigné & Kawahara, 2002) in numpy.

No packaged model tells male from female voices (inaSpeechSegmenter downloads its models), so
this is a classic, honest estimator: it says where a voice sits in pitch, not who speaks. Adult
speaking F0 clusters around 85-155 Hz for most men and 165-255 Hz for most women, with overlap
(low female voices, high male voices, children, shouting, falsetto). The threshold is
:data:`THRESHOLD_HZ` (165 Hz); a median within :data:`BAND_SEMITONES` of it, or one measured on
too few voiced frames, is ``unknown`` rather than a guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue

SAMPLE_RATE = 16000
THRESHOLD_HZ = 165.0
BAND_SEMITONES = 1.5  # 165 Hz ± 1.5 st = 152-180 Hz: "unknown"
FMIN, FMAX = 50.0, 400.0
LABELS = ("lower", "higher", "unknown")


@dataclass(frozen=True)
class VoiceOptions:
    """``threshold_hz`` splits lower from higher voices; a segment's median within
    ``band_semitones`` of it is ``unknown``, as is one with under ``min_voiced_s`` of voiced
    frames. ``yin_threshold`` is YIN's aperiodicity limit for a frame to count as voiced."""

    threshold_hz: float = THRESHOLD_HZ
    band_semitones: float = BAND_SEMITONES
    fmin: float = FMIN
    fmax: float = FMAX
    yin_threshold: float = 0.15
    min_voiced_s: float = 0.3
    hop_s: float = 0.01
    window_s: float = 0.025

    def check(self) -> None:
        if not 0 < self.fmin < self.fmax <= SAMPLE_RATE / 4:
            raise BadValue(
                "fmin/fmax",
                f"{self.fmin}/{self.fmax}",
                reason=f"need 0 < fmin < fmax <= {SAMPLE_RATE // 4} Hz",
            )
        if not self.fmin < self.threshold_hz < self.fmax:
            raise BadValue(
                "threshold_hz",
                str(self.threshold_hz),
                reason=f"must lie between fmin ({self.fmin}) and fmax ({self.fmax})",
            )
        if self.band_semitones < 0:
            raise BadValue("band_semitones", str(self.band_semitones), reason="must be >= 0")


@dataclass
class VoiceSegment:
    start: float
    end: float
    voiced_s: float
    f0_median: float | None
    f0_p10: float | None
    f0_p90: float | None
    label: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class VoiceReport:
    media: str
    duration: float
    threshold_hz: float
    band_hz: tuple[float, float]
    segments: list[VoiceSegment] = field(default_factory=list)
    f0_median: float | None = None
    label: str = "unknown"
    confidence: float = 0.0

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(LABELS, 0)
        for s in self.segments:
            out[s.label] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "VoiceRegister.1",
            "media": self.media,
            "duration": round(self.duration, 3),
            "threshold_hz": self.threshold_hz,
            "band_hz": [round(b, 1) for b in self.band_hz],
            "f0_median": self.f0_median,
            "label": self.label,
            "confidence": self.confidence,
            "counts": self.counts(),
            "segments": [s.to_dict() for s in self.segments],
            "method": "median F0 of voiced frames (YIN, 50-400 Hz) per speech segment; "
            "labels are pitch registers, not gender identity",
        }


def yin(audio: Any, sr: int = SAMPLE_RATE, options: VoiceOptions | None = None) -> Any:
    """F0 in Hz per frame (hop ``options.hop_s``), NaN where the frame is not voiced.

    Difference function by FFT over all frames at once, cumulative mean normalised, first dip
    under the threshold, refined by parabolic interpolation."""
    import numpy as np

    o = options or VoiceOptions()
    x = np.asarray(audio, dtype=np.float64)
    w = round(o.window_s * sr)
    tau_min = max(2, math.floor(sr / o.fmax))
    tau_max = math.ceil(sr / o.fmin)
    hop = max(1, round(o.hop_s * sr))
    span = w + tau_max
    if len(x) < span:
        return np.full(0, np.nan)
    n = 1 + (len(x) - span) // hop
    idx = np.arange(span)[None, :] + hop * np.arange(n)[:, None]
    frames = x[idx]
    frames = frames - frames.mean(axis=1, keepdims=True)
    size = 1 << math.ceil(math.log2(span + w))
    head = np.zeros_like(frames)
    head[:, :w] = frames[:, :w]
    r = np.fft.irfft(np.conj(np.fft.rfft(head, size)) * np.fft.rfft(frames, size), size)
    r = r[:, : tau_max + 1]  # r[t] = sum_j x[j] x[j+t], j < w
    sq = np.concatenate([np.zeros((n, 1)), np.cumsum(frames**2, axis=1)], axis=1)
    e0 = sq[:, w]
    taus = np.arange(tau_max + 1)
    e_tau = sq[:, taus + w] - sq[:, taus]
    d = e0[:, None] + e_tau - 2 * r
    d[:, 0] = 0.0
    cum = np.cumsum(d[:, 1:], axis=1)
    cmnd = np.ones_like(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        cmnd[:, 1:] = d[:, 1:] * taus[1:] / np.where(cum > 0, cum, np.inf)
    f0 = np.full(n, np.nan)
    # quiet frames (< -45 dB below the loudest) carry no pitch worth trusting
    rms = np.sqrt(e0 / w)
    loud = rms > max(rms.max() * 10 ** (-45 / 20), 1e-5) if n else rms > 0
    region = cmnd[:, tau_min:tau_max]
    below = region < o.yin_threshold
    has = below.any(axis=1) & loud
    first = np.argmax(below, axis=1)
    for i in np.flatnonzero(has):
        t = first[i]
        while t + 1 < region.shape[1] and region[i, t + 1] < region[i, t]:
            t += 1  # walk down to the bottom of the dip
        tau = float(t + tau_min)
        if 0 < t < region.shape[1] - 1:
            a, b, c = region[i, t - 1], region[i, t], region[i, t + 1]
            den = a - 2 * b + c
            if den > 0:
                tau += 0.5 * (a - c) / den
        f0[i] = sr / tau
    return f0


def _semitones(f: float, ref: float) -> float:
    return 12.0 * math.log2(f / ref)


def classify(
    f0_median: float | None, voiced_s: float, options: VoiceOptions | None = None
) -> tuple[str, float]:
    """``(label, confidence)`` for a median F0: ``lower`` under the band, ``higher`` above it,
    ``unknown`` inside it or when too little is voiced. The confidence grows from 0.5 at the
    band's edge to 1.0 at 4 semitones beyond it, times ``min(1, voiced_s / 1 s)``; ``unknown``
    has confidence 0."""
    o = options or VoiceOptions()
    if f0_median is None or voiced_s < o.min_voiced_s:
        return "unknown", 0.0
    st = _semitones(f0_median, o.threshold_hz)
    if abs(st) <= o.band_semitones:
        return "unknown", 0.0
    beyond = abs(st) - o.band_semitones
    conf = (0.5 + 0.5 * min(beyond / 4.0, 1.0)) * min(1.0, voiced_s / 1.0)
    return ("lower" if st < 0 else "higher"), round(conf, 2)


def _stats(values: Any, hop_s: float) -> tuple[float | None, float | None, float | None, float]:
    import numpy as np

    v = values[~np.isnan(values)]
    if not len(v):
        return None, None, None, 0.0
    p10, med, p90 = np.percentile(v, [10, 50, 90])
    return (
        round(float(med), 1),
        round(float(p10), 1),
        round(float(p90), 1),
        round(len(v) * hop_s, 2),
    )


def analyse(
    audio: Any,
    regions: Sequence[tuple[float, float]],
    sr: int = SAMPLE_RATE,
    options: VoiceOptions | None = None,
    media: str = "",
) -> VoiceReport:
    """Register per region of ``audio`` (mono float samples at ``sr``), and overall."""
    import numpy as np

    o = options or VoiceOptions()
    o.check()
    f0 = yin(audio, sr, o)
    times = np.arange(len(f0)) * o.hop_s + (o.window_s + 1.0 / o.fmin) / 2
    lo = o.threshold_hz * 2 ** (-o.band_semitones / 12)
    hi = o.threshold_hz * 2 ** (o.band_semitones / 12)
    report = VoiceReport(
        media=media, duration=len(audio) / sr, threshold_hz=o.threshold_hz, band_hz=(lo, hi)
    )
    inside = np.zeros(len(f0), dtype=bool)
    for start, end in regions:
        sel = (times >= start) & (times < end)
        inside |= sel
        med, p10, p90, voiced = _stats(f0[sel], o.hop_s)
        label, conf = classify(med, voiced, o)
        report.segments.append(
            VoiceSegment(round(start, 3), round(end, 3), voiced, med, p10, p90, label, conf)
        )
    med, _, _, voiced = _stats(f0[inside], o.hop_s)
    report.f0_median = med
    report.label, report.confidence = classify(med, voiced, o)
    return report


def estimate(
    path: Path,
    options: VoiceOptions | None = None,
    regions: Sequence[tuple[float, float]] | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> VoiceReport:
    """Decode ``path`` (anything ffmpeg reads), find the speech (Silero VAD) unless ``regions``
    are given, and measure the register of each stretch of speech."""
    from imagia.speech.audio import load, probe_audio

    (options or VoiceOptions()).check()
    path = Path(path)
    if not path.is_file():
        raise BadFile(path, "does not exist")
    probe_audio(path)
    if progress:
        progress(0.1, "decoding")
    audio = load(path)
    if not len(audio):
        raise BadFile(path, "has no audio samples")
    if regions is None:
        from imagia.speech.vad import speech_regions

        if progress:
            progress(0.3, "voice activity")
        regions = speech_regions(audio)
    if progress:
        progress(0.6, "pitch")
    report = analyse(audio, regions, SAMPLE_RATE, options, media=str(path))
    if progress:
        progress(1.0, "done")
    return report
