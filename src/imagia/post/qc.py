"""Audio quality control: the defects a delivery QC room looks for, each with timecodes.

One streaming pass over the decoded audio (blocks of ~11 s, so a feature film fits in memory)
collects per-sample runs (clipping, digital zero), per-window statistics (inter-channel
correlation) and per-segment spectra (hum, speech-band energy, bandwidth); the findings are
derived at the end. Thresholds live in :class:`QCOptions` and are written into the report.

Checks: ``clipping`` (runs of full-scale samples), ``true-peak`` (4x oversampled, over
``max_true_peak``), ``truncated`` (a WAV holding less than its header declares), ``dc-offset``,
``phase`` (inverted polarity between a stereo pair) and ``mono-compatibility`` (downmix loss),
``layout`` (dialogue-band energy not in the centre of a 5.1, full-band LFE, silent channels),
``dropout`` and ``digital-silence`` (runs of digital zero; a programme of digital silence
throughout is an error), ``hum`` (mains hum told from music: :mod:`imagia.post.hum`),
``format`` (sample rate, bit depth, padded bit depth, band-limited content from a lower rate).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadFile, BadValue
from imagia.post.audio import (
    LAYOUTS,
    StreamInfo,
    db,
    iter_blocks,
    parse_fps,
    stream_info,
    timecode,
)
from imagia.post.hum import max_bin

SEVERITIES = ("error", "warning", "info")
PAIRS = (("FL", "FR"), ("BL", "BR"), ("SL", "SR"))


@dataclass(frozen=True)
class QCOptions:
    fps: str = "25"
    stream: int = 0
    expect_layout: str | None = None  # "stereo", "5.1"...: a different layout is an error
    expect_rate: int = 48000
    clip_level: float = 0.9999  # |x| at or above: full scale
    clip_min_run: int = 3  # samples
    zero_level: float = 1.0 / 65536  # below half a 16-bit step: digital zero
    dropout_min: float = 0.001  # s
    dropout_max: float = 0.5  # s; longer runs of zero are digital silence
    silence_min: float = 0.5  # s
    dc_warn: float = 0.002  # -54 dBFS
    dc_error: float = 0.01  # -40 dBFS
    phase_corr: float = -0.5  # correlation below this for phase_min s: inverted polarity
    phase_min: float = 0.5
    hum_prominence: float = 8.0  # dB above the neighbouring spectrum (~1.4 s windows)
    max_true_peak: float = -1.0  # dBTP (4x oversampled, as the loudness tool measures)
    centre_margin: float = 10.0  # dB: L/R dialogue band louder than centre by this


@dataclass
class Finding:
    check: str
    severity: str
    start: float
    end: float
    tc_in: str
    tc_out: str
    channels: list[str]
    message: str
    value: float | None = None
    message_fr: str = ""  # the same finding in French


@dataclass
class QCReport:
    schema: str
    file: str
    stream: dict[str, Any]
    duration: float
    fps: str
    passed: bool
    findings: list[Finding] = field(default_factory=list)
    levels: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def count(self, check: str | None = None, severity: str | None = None) -> int:
        return sum(
            1
            for f in self.findings
            if (check is None or f.check == check) and (severity is None or f.severity == severity)
        )


class _TruePeaks:
    """Per-channel true peak (4x oversampled: :func:`imagia.post.normalise.true_peaks`, the
    loudness tool's meter) of a stream fed block by block, kept as the maximum of each
    ``win``-sample window. Each sample is measured with ``ov`` samples of context on both
    sides, so the block edges do not change the result."""

    def __init__(self, channels: int, win: int, ov: int = 64) -> None:
        self.win, self.ov = win, ov
        self.ctx = np.zeros((0, channels), np.float32)  # already measured, left context
        self.pend = np.zeros((0, channels), np.float32)  # waiting for right context
        self.rem = np.zeros((0, channels), np.float32)  # measured, not a whole window yet
        self.out: list[np.ndarray] = []

    @staticmethod
    def _tp(y: np.ndarray) -> np.ndarray:
        from imagia.post.normalise import true_peaks

        return np.stack([true_peaks(y[:, c : c + 1]) for c in range(y.shape[1])], axis=1)

    def _take(self, per: np.ndarray, last: bool = False) -> None:
        per = np.concatenate((self.rem, per))
        nw = len(per) // self.win
        if nw:
            self.out.append(per[: nw * self.win].reshape(nw, self.win, -1).max(axis=1))
        self.rem = per[nw * self.win :]
        if last and len(self.rem):
            self.out.append(self.rem.max(axis=0, keepdims=True))

    def feed(self, x: np.ndarray) -> None:
        y = np.concatenate((self.ctx, self.pend, x))
        lo, hi = len(self.ctx), len(y) - self.ov
        if hi <= lo:
            self.pend = y[lo:]
            return
        self._take(self._tp(y)[lo:hi])
        self.ctx, self.pend = y[max(hi - self.ov, 0) : hi], y[hi:]

    def close(self) -> np.ndarray:
        """Per-window true peaks, shape (windows, channels), linear."""
        y = np.concatenate((self.ctx, self.pend))
        self._take(self._tp(y)[len(self.ctx) :] if len(self.pend) else y[:0], last=True)
        return np.concatenate(self.out) if self.out else np.zeros((0, self.ctx.shape[1]))


class _Runs:
    """Runs of True in a boolean stream fed block by block (runs may span blocks)."""

    def __init__(self, min_len: int) -> None:
        self.min_len = min_len
        self.open: int | None = None
        self.done: list[tuple[int, int]] = []

    def feed(self, mask: np.ndarray, offset: int) -> None:
        if not len(mask):
            return
        m = mask.astype(np.int8)
        edges = np.diff(np.concatenate(([0], m, [0])))
        starts = [int(v) for v in np.flatnonzero(edges == 1) + offset]
        ends = [int(v) for v in np.flatnonzero(edges == -1) + offset]
        if self.open is not None:
            if mask[0]:
                starts[0] = self.open
            else:
                self._add(self.open, offset)
        self.open = None
        if ends and ends[-1] == offset + len(mask):
            self.open = int(starts.pop())
            ends.pop()
        for s, e in zip(starts, ends, strict=True):
            self._add(int(s), int(e))

    def _add(self, s: int, e: int) -> None:
        if e - s >= self.min_len:
            self.done.append((s, e))

    def close(self, end: int) -> list[tuple[int, int]]:
        if self.open is not None:
            self._add(self.open, end)
            self.open = None
        return self.done


def qc(
    media: Path, opts: QCOptions | None = None, progress: Callable[[float, str], None] | None = None
) -> QCReport:
    """Run every check on ``media``'s audio stream ``opts.stream``."""
    opts = opts or QCOptions()
    fps = parse_fps(opts.fps)
    st = stream_info(media, opts.stream)
    if st.rate <= 0 or st.channels <= 0:
        raise BadFile(media, "audio stream has no sample rate or channels")
    if opts.expect_layout:
        want = LAYOUTS.get(opts.expect_layout)
        if want is None:
            raise BadValue("expect_layout", opts.expect_layout, LAYOUTS)
        if len(want) != st.channels:
            raise BadFile(
                media,
                f"has {st.channels} channel(s) ({st.layout}); "
                f"{opts.expect_layout} checks need {len(want)}",
                hint="check the right file or drop --layout",
            )
    names = st.channel_names
    ch = st.channels
    rate = st.rate
    nseg = 1 << int(np.ceil(np.log2(rate * 1.3)))  # ~0.7 Hz bins for the hum check
    win = nseg // 32  # ~43 ms windows for correlation
    block = nseg * 8
    freqs = np.fft.rfftfreq(nseg, 1.0 / rate)
    hum_bins = max_bin(nseg, rate)  # the hum search reads the low bins only: kB per window
    hann = np.hanning(nseg).astype(np.float32)
    clip_runs = [_Runs(opts.clip_min_run) for _ in range(ch)]
    zero_runs = [_Runs(max(1, int(opts.dropout_min * rate))) for _ in range(ch)]
    psd_sum = np.zeros((ch, len(freqs)))
    seg_spectra: list[tuple[int, np.ndarray]] = []  # (start sample, mixdown power) for hum
    pair_idx = [(names.index(a), names.index(b)) for a, b in PAIRS if a in names and b in names]
    corr_w: dict[tuple[int, int], list[np.ndarray]] = {p: [] for p in pair_idx}
    mono_acc = {p: np.zeros(3) for p in pair_idx}  # E[(l+r)^2], E[l^2], E[r^2]
    s1 = np.zeros(ch)
    s2 = np.zeros(ch)
    peak = np.zeros(ch)
    not16 = False
    lw = 256  # samples per level window (divides the block) for the dropout context
    tpw = max(1, rate // 100)  # 10 ms windows for the true peak
    tps = _TruePeaks(ch, tpw)
    levels_w: list[np.ndarray] = []
    n = 0
    nsegs = 0
    total = max(int(st.duration * rate), 1)
    for x in iter_blocks(st, block):
        xb = x.astype(np.float64)
        s1 += xb.sum(axis=0)
        s2 += (xb * xb).sum(axis=0)
        peak = np.maximum(peak, np.abs(xb).max(axis=0))
        if not not16:
            scaled = x * 32768.0
            not16 = bool(np.any(scaled != np.round(scaled)))
        ax = np.abs(x)
        tps.feed(x)
        nl = -(-len(x) // lw)
        padded = np.pad(xb, ((0, nl * lw - len(x)), (0, 0)))
        levels_w.append(((padded.reshape(nl, lw, ch) ** 2).mean(axis=1)).astype(np.float16))
        for c in range(ch):
            clip_runs[c].feed(ax[:, c] >= opts.clip_level, n)
            zero_runs[c].feed(ax[:, c] < opts.zero_level, n)
        nw = len(x) // win
        if nw and pair_idx:
            xw = xb[: nw * win].reshape(nw, win, ch)
            for a, b in pair_idx:
                la, lb = xw[:, :, a], xw[:, :, b]
                saa = (la * la).sum(axis=1)
                sbb = (lb * lb).sum(axis=1)
                sab = (la * lb).sum(axis=1)
                loud = (saa > win * 1e-5) & (sbb > win * 1e-5)  # both above -50 dBFS rms
                cr = np.where(loud, sab / np.sqrt(np.maximum(saa * sbb, 1e-30)), np.nan)
                corr_w[(a, b)].append(cr.astype(np.float32))
                mono_acc[(a, b)] += [
                    float(((la + lb) ** 2)[loud].sum()),
                    float(saa[loud].sum()),
                    float(sbb[loud].sum()),
                ]
        segs = len(x) // nseg if len(x) >= nseg else (1 if n == 0 else 0)
        for k in range(segs):
            seg = x[k * nseg : (k + 1) * nseg]
            if len(seg) < nseg:
                seg = np.pad(seg, ((0, nseg - len(seg)), (0, 0)))
            spec = np.abs(np.fft.rfft(seg * hann[:, None], axis=0)) ** 2  # (bins, ch)
            psd_sum += spec.T
            seg_spectra.append((n + k * nseg, spec.mean(axis=1)[:hum_bins].astype(np.float32)))
            nsegs += 1
        n += len(x)
        if progress:
            progress(min(0.9 * n / total, 0.9), f"analysing {n / rate:.0f} s")
    if n == 0:
        raise BadFile(media, "audio stream decodes to no samples")
    duration = n / rate
    findings: list[Finding] = []

    def add(
        check: str,
        sev: str,
        s0: float,
        s1_: float,
        chans: list[str],
        msg: tuple[str, str],
        value: float | None = None,
    ) -> None:
        findings.append(
            Finding(
                check,
                sev,
                round(s0, 4),
                round(s1_, 4),
                timecode(s0, fps),
                timecode(s1_, fps),
                chans,
                msg[0],
                value,
                msg[1],
            )
        )

    if st.truncated:
        add(
            "truncated",
            "error",
            duration,
            duration,
            list(names),
            (
                st.truncated,
                "WAV tronqué : le fichier contient moins d'échantillons que son en-tête n'en "
                "annonce",
            ),
        )
    _format_checks(st, opts, not16, psd_sum, freqs, duration, names, add)
    _clip_findings(clip_runs, n, rate, names, add)
    clipped = [(f.start, f.end) for f in findings if f.check == "clipping"]
    _true_peak_findings(tps.close(), tpw, rate, names, opts, clipped, add)
    power = np.concatenate(levels_w).astype(np.float32)
    _zero_findings(zero_runs, n, rate, names, opts, power, lw, add)
    if float(peak.max()) < opts.zero_level:
        add(
            "digital-silence",
            "error",
            0.0,
            duration,
            list(names),
            (
                "the whole programme is digital silence: nothing to deliver",
                "tout le programme est un silence numérique : rien à livrer",
            ),
            round(duration, 3),
        )
    mean = s1 / n
    for c in range(ch):
        if abs(mean[c]) >= opts.dc_warn:
            sev = "error" if abs(mean[c]) >= opts.dc_error else "warning"
            add(
                "dc-offset",
                sev,
                0.0,
                duration,
                [names[c]],
                (
                    f"DC offset {mean[c]:+.4f} ({db(abs(mean[c]))} dBFS): high-pass or remove DC",
                    _fr(
                        f"composante continue {mean[c]:+.4f} ({db(abs(mean[c]))} dBFS) : "
                        "filtre passe-haut ou retrait de la composante continue"
                    ),
                ),
                round(float(mean[c]), 5),
            )
    _phase_findings(corr_w, mono_acc, win, rate, names, opts, add)
    _layout_findings(psd_sum, freqs, peak, names, duration, opts, add)
    _hum_findings(seg_spectra, freqs[:hum_bins], nseg, rate, duration, opts, add)
    band = (freqs >= 300) & (freqs <= 3400)
    norm = max(nsegs, 1) * float((hann**2).sum()) * nseg / 2
    levels = [
        {
            "channel": names[c],
            "peak_dbfs": db(float(peak[c])),
            "rms_dbfs": db(float(np.sqrt(s2[c] / n))),
            "dc_offset": round(float(mean[c]), 5),
            "speech_band_dbfs": db(float(np.sqrt(psd_sum[c, band].sum() / norm))),
        }
        for c in range(ch)
    ]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (f.start, order[f.severity], f.check))
    if progress:
        progress(1.0, "checked")
    return QCReport(
        "QCReport.1",
        str(media),
        {
            "index": st.index,
            "rate": rate,
            "channels": ch,
            "layout": st.layout,
            "channel_names": list(names),
            "codec": st.codec,
            "bits": st.bits,
        },
        round(duration, 4),
        str(opts.fps),
        not any(f.severity == "error" for f in findings),
        findings,
        levels,
        asdict(opts),
    )


_Add = Callable[..., None]
_NUMBER = re.compile(r"(?<![\w.])([+-]?)(\d+)\.(\d+)")


def _fr(text: str) -> str:
    """French figures in a French message: decimal comma, minus sign ("-0.99" -> "−0,99")."""
    return _NUMBER.sub(
        lambda m: {"-": "\u2212"}.get(m.group(1), m.group(1)) + m.group(2) + "," + m.group(3),
        text,
    )


def _format_checks(
    st: StreamInfo,
    opts: QCOptions,
    not16: bool,
    psd: np.ndarray,
    freqs: np.ndarray,
    duration: float,
    names: tuple[str, ...],
    add: _Add,
) -> None:
    allc = list(names)
    if st.rate != opts.expect_rate:
        add(
            "format",
            "warning",
            0.0,
            duration,
            allc,
            (
                f"sample rate {st.rate} Hz; delivery expects {opts.expect_rate} Hz",
                f"fréquence d'échantillonnage {st.rate} Hz ; la livraison attend "
                f"{opts.expect_rate} Hz",
            ),
            st.rate,
        )
    if st.bits is not None and st.bits < 16:
        add(
            "format",
            "error",
            0.0,
            duration,
            allc,
            (f"{st.bits}-bit audio", f"audio en {st.bits} bits"),
            st.bits,
        )
    elif st.bits == 16:
        add(
            "format",
            "info",
            0.0,
            duration,
            allc,
            (
                "16-bit audio; film and broadcast masters are usually 24-bit",
                "audio en 16 bits ; les masters cinéma et télévision sont d'ordinaire en 24 bits",
            ),
            16,
        )
    elif st.bits and st.bits > 16 and not not16 and st.codec.startswith("pcm_s"):
        add(
            "format",
            "warning",
            0.0,
            duration,
            allc,
            (
                f"{st.bits}-bit container holding 16-bit samples (padded bit depth)",
                f"conteneur {st.bits} bits portant des échantillons 16 bits (profondeur complétée)",
            ),
            16,
        )
    if st.codec in ("aac", "mp3", "ac3", "eac3", "opus", "vorbis", "mp2", "wmav2"):
        add(
            "format",
            "info",
            0.0,
            duration,
            allc,
            (
                f"lossy codec {st.codec}: QC of a lossy file does not qualify the master",
                f"codec avec pertes {st.codec} : le contrôle d'un fichier compressé avec pertes "
                "ne qualifie pas le master",
            ),
        )
        return  # lossy encoders low-pass on purpose: no bandwidth verdict
    total = psd.sum(axis=0)
    if total.max() <= 0:
        return
    step = max(1, round(250 / float(freqs[1] - freqs[0])))  # 250 Hz bands
    nb = len(total) // step
    bands = 10 * np.log10(total[: nb * step].reshape(nb, step).mean(axis=1) + 1e-30)
    centres = freqs[: nb * step].reshape(nb, step).mean(axis=1)
    nyq = st.rate / 2
    ref = float(np.median(bands[(centres >= 1000) & (centres <= 3000)]))
    live = np.flatnonzero(bands > ref - 50)
    if not len(live):
        return
    cut = float(centres[live[-1]])
    above = bands[(centres > cut + 1500) & (centres < 0.97 * nyq)]
    if cut < 0.85 * nyq and len(above) and above.max() < ref - 70:
        add(
            "format",
            "warning",
            0.0,
            duration,
            allc,
            (
                f"content stops at {cut / 1000:.1f} kHz (brick-wall low-pass): probably "
                "resampled from a lower sample rate",
                _fr(
                    f"le contenu s'arrête à {cut / 1000:.1f} kHz (passe-bas abrupt) : sans doute "
                    "rééchantillonné depuis une fréquence plus basse"
                ),
            ),
            round(cut, 0),
        )


def _clip_findings(runs: list[_Runs], n: int, rate: int, names: tuple[str, ...], add: _Add) -> None:
    events: dict[int, list[tuple[int, int, int]]] = {}
    for c, r in enumerate(runs):
        for s, e in r.close(n):
            events.setdefault(int(s // (rate * 0.5)), []).append((c, s, e))
    for bucket in sorted(events):
        evs = events[bucket]
        s = min(e[1] for e in evs)
        e = max(e[2] for e in evs)
        chans = sorted({names[c] for c, _, _ in evs}, key=names.index)
        longest = max(e2 - s2 for _, s2, e2 in evs)
        add(
            "clipping",
            "error",
            s / rate,
            e / rate,
            chans,
            (
                f"{len(evs)} run(s) of full-scale samples, longest {longest} samples",
                f"{len(evs)} série(s) d'échantillons à pleine échelle, la plus longue de "
                f"{longest} échantillons",
            ),
            longest,
        )


def _true_peak_findings(
    tp: np.ndarray,
    win: int,
    rate: int,
    names: tuple[str, ...],
    opts: QCOptions,
    clipped: list[tuple[float, float]],
    add: _Add,
    most: int = 50,
) -> None:
    """Overs of the true-peak limit (windows over it, grouped within 0.5 s); an over inside
    a clipping run is that clipping, already reported."""
    limit = 10 ** (opts.max_true_peak / 20)
    hot = np.flatnonzero(tp.max(axis=1) > limit) if len(tp) else np.zeros(0, int)
    if not len(hot):
        return
    gap = max(1, int(0.5 * rate / win))
    splits = np.flatnonzero(np.diff(hot) > gap) + 1
    events = []
    for run in np.split(hot, splits):
        s, e = run[0] * win / rate, (run[-1] + 1) * win / rate
        if any(s <= ce + 0.01 and cs - 0.01 <= e for cs, ce in clipped):
            continue
        events.append((s, e, tp[run[0] : run[-1] + 1]))
    for s, e, part in events[:most]:
        chans = [names[c] for c in range(part.shape[1]) if part[:, c].max() > limit]
        value = db(float(part.max()))
        add(
            "true-peak",
            "error",
            s,
            e,
            chans,
            (
                f"true peak {value:+.1f} dBTP over the {opts.max_true_peak:+.1f} dBTP limit "
                "(4x oversampled): lower the level or limit the peaks",
                _fr(
                    f"crête vraie {value:+.1f} dBTP au-delà de la limite de "
                    f"{opts.max_true_peak:+.1f} dBTP (suréchantillonnage x4) : baisser le "
                    "niveau ou limiter les crêtes"
                ),
            ),
            value,
        )
    if len(events) > most:
        s = events[most][0]
        add(
            "true-peak",
            "error",
            s,
            events[-1][1],
            list(names),
            (
                f"{len(events) - most} more true-peak overs not listed",
                f"{len(events) - most} autres dépassements de crête vraie non listés",
            ),
        )


def _zero_findings(
    runs: list[_Runs],
    n: int,
    rate: int,
    names: tuple[str, ...],
    opts: QCOptions,
    power: np.ndarray,
    lw: int,
    add: _Add,
) -> None:
    """Runs of digital zero: a short one between two passages with signal (both sides above
    -50 dBFS over ~20 ms) is a dropout; a long one is digital silence; a short one after a
    fade (a natural pause in a noiseless file) is not reported."""
    ctx = max(1, int(0.02 * rate / lw))
    loud = 10 ** (-50 / 10)

    def surrounded(s: int, e: int, chans: list[str]) -> bool:
        idx = [names.index(c) for c in chans]
        i0, i1 = s // lw, -(-e // lw)
        before = power[max(i0 - ctx, 0) : i0, idx]
        after = power[i1 : i1 + ctx, idx]
        return bool(len(before) and len(after) and before.mean() > loud and after.mean() > loud)

    grouped: dict[tuple[int, int], list[str]] = {}
    tol = max(1, rate // 200)  # runs within 5 ms of each other are one event
    for c, r in enumerate(runs):
        for s, e in r.close(n):
            key = next(
                (k for k in grouped if abs(k[0] - s) <= tol and abs(k[1] - e) <= tol), (s, e)
            )
            grouped.setdefault(key, []).append(names[c])
    for (s, e), chans in sorted(grouped.items()):
        chans = sorted(chans, key=names.index)
        length = (e - s) / rate
        edge = s == 0 or e >= n
        if length >= n / rate * 0.999:
            add(
                "layout",
                "warning",
                0.0,
                n / rate,
                chans,
                (
                    "channel is digital silence throughout (missing or unrouted track?)",
                    "canal en silence numérique de bout en bout (piste absente ou non routée ?)",
                ),
            )
        elif edge:
            if length >= opts.silence_min:
                add(
                    "digital-silence",
                    "info",
                    s / rate,
                    e / rate,
                    chans,
                    (
                        f"{length:.2f} s of digital silence at the {'head' if s == 0 else 'tail'}",
                        _fr(
                            f"{length:.2f} s de silence numérique "
                            f"{'en tête' if s == 0 else 'en fin'}"
                        ),
                    ),
                    round(length, 3),
                )
        elif length < opts.dropout_max:
            if not surrounded(s, e, chans):
                continue
            add(
                "dropout",
                "error",
                s / rate,
                e / rate,
                chans,
                (
                    f"dropout: {length * 1000:.1f} ms of digital zero inside the programme",
                    _fr(f"décrochage : {length * 1000:.1f} ms de zéro numérique dans le programme"),
                ),
                round(length * 1000, 1),
            )
        elif length >= opts.silence_min:
            add(
                "digital-silence",
                "warning",
                s / rate,
                e / rate,
                chans,
                (
                    f"{length:.2f} s of digital silence inside the programme (no room tone)",
                    _fr(
                        f"{length:.2f} s de silence numérique dans le programme (pas de son "
                        "d'ambiance)"
                    ),
                ),
                round(length, 3),
            )


def _phase_findings(
    corr_w: dict[tuple[int, int], list[np.ndarray]],
    mono_acc: dict[tuple[int, int], np.ndarray],
    win: int,
    rate: int,
    names: tuple[str, ...],
    opts: QCOptions,
    add: _Add,
) -> None:
    min_w = max(1, int(np.ceil(opts.phase_min * rate / win)))
    for (a, b), parts in corr_w.items():
        chans = [names[a], names[b]]
        values = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        seq = ((i * win, float(v)) for i, v in enumerate(values))
        run: list[tuple[int, float]] = []
        for item in chain(seq, [(-1, float("nan"))]):
            if item[1] == item[1] and item[1] < opts.phase_corr:
                run.append(item)
                continue
            if len(run) >= min_w:
                mean = float(np.mean([v for _, v in run]))
                add(
                    "phase",
                    "error",
                    run[0][0] / rate,
                    (run[-1][0] + win) / rate,
                    chans,
                    (
                        f"channels out of phase (correlation {mean:+.2f}): polarity inverted?",
                        _fr(
                            f"canaux en opposition de phase (corrélation {mean:+.2f}) : "
                            "polarité inversée ?"
                        ),
                    ),
                    round(mean, 2),
                )
            run = []
        e_sum, e_a, e_b = mono_acc[(a, b)]
        if e_a > 0 and e_b > 0:
            loss = 10 * np.log10(max(e_sum / 4, 1e-30) / ((e_a + e_b) / 2))
            if loss < -6:
                add(
                    "mono-compatibility",
                    "warning" if loss > -15 else "error",
                    0.0,
                    len(values) * win / rate,
                    chans,
                    (
                        f"mono downmix loses {-loss:.1f} dB against the channels",
                        _fr(f"le mixage mono perd {-loss:.1f} dB par rapport aux canaux"),
                    ),
                    round(loss, 1),
                )


def _layout_findings(
    psd: np.ndarray,
    freqs: np.ndarray,
    peak: np.ndarray,
    names: tuple[str, ...],
    duration: float,
    opts: QCOptions,
    add: _Add,
) -> None:
    if "FC" not in names or "FL" not in names or "FR" not in names:
        return
    band = (freqs >= 300) & (freqs <= 3400)
    e = {nm: 10 * np.log10(psd[i, band].sum() + 1e-30) for i, nm in enumerate(names)}
    side = max(e["FL"], e["FR"])
    if side - e["FC"] > opts.centre_margin and peak[names.index("FL")] > 1e-3:
        add(
            "layout",
            "warning",
            0.0,
            duration,
            ["FL", "FR", "FC"],
            (
                f"speech-band energy is {side - e['FC']:.0f} dB higher in FL/FR than in the "
                "centre: dialogue not in the centre channel (or channels in the wrong order)",
                f"l'énergie de la bande de parole est plus forte de {side - e['FC']:.0f} dB en "
                "FL/FR qu'au centre : dialogue absent du canal central (ou canaux dans le "
                "mauvais ordre)",
            ),
            round(side - e["FC"], 1),
        )
    if "LFE" in names:
        i = names.index("LFE")
        tot = psd[i].sum()
        if tot > 0 and peak[i] > 1e-3:
            hi = psd[i, freqs > 150].sum() / tot
            if hi > 0.1:
                add(
                    "layout",
                    "warning",
                    0.0,
                    duration,
                    ["LFE"],
                    (
                        f"LFE carries {hi * 100:.0f} % of its energy above 150 Hz: full-band "
                        "content in the LFE (wrong channel order?)",
                        f"le LFE porte {hi * 100:.0f} % de son énergie au-dessus de 150 Hz : "
                        "contenu pleine bande dans le LFE (mauvais ordre des canaux ?)",
                    ),
                    round(hi, 3),
                )


def _hum_findings(
    segs: list[tuple[int, np.ndarray]],
    freqs: np.ndarray,
    nseg: int,
    rate: int,
    duration: float,
    opts: QCOptions,
    add: _Add,
) -> None:
    """Mains hum, told from music by :func:`imagia.post.hum.find_hum`: a narrow line at 50 or
    60 Hz (±1 %) with partials at integer multiples, stable within ±0.5 % and present in most
    of the ~1.4 s windows."""
    from imagia.post.hum import find_hum

    if not segs:
        return
    spectra = np.stack([p for _, p in segs]).astype(np.float64)
    found = find_hum(freqs, spectra, opts.hum_prominence, nseg=nseg)
    if not found.found:
        return
    level = db(found.level)
    sev = "error" if level > -50 else "warning"
    start = segs[found.first][0] / rate
    end = duration if found.last == len(segs) - 1 else (segs[found.last][0] + nseg) / rate
    ks = ", ".join(f"{p.hz:g}" for p in found.partials)
    add(
        "hum",
        sev,
        start,
        min(end, duration),
        ["all"],
        (
            f"{found.mains:.0f} Hz mains hum (measured {found.hz:.2f} Hz; lines at {ks} Hz) in "
            f"{found.windows} of {found.total} windows of {found.window_s:.1f} s, stable within "
            f"±0.5 %, about {level} dBFS: notch it (imagia audio dehum)",
            _fr(
                f"ronflement secteur {found.mains:.0f} Hz (mesuré {found.hz:.2f} Hz ; raies à "
                f"{ks.replace(', ', ' ; ')} Hz) dans {found.windows} fenêtres sur {found.total} "
                f"de {found.window_s:.1f} s, stable à ±0.5 %, environ {level} dBFS : à filtrer "
                "(imagia audio dehum)"
            ),
        ),
        level,
    )


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: QC ``params['media']``; JSON and HTML reports."""
    from imagia.post.report_html import qc_html

    media = Path(params["media"])
    opts = QCOptions(
        fps=str(params.get("fps") or "25"),
        stream=int(params.get("stream") or 0),
        expect_layout=params.get("layout") or None,
        expect_rate=int(params.get("expect_rate") or 48000),
    )
    rep = qc(media, opts, progress=job.progress)
    data = rep.to_dict()
    job.write_json(
        f"{media.stem}.qc.json",
        data,
        "report/json",
        details={"engine": "imagia.post.qc (numpy, classic DSP)"},
    )
    job.write_text(f"{media.stem}.qc.html", qc_html(data), "report/html")
    return {
        "passed": rep.passed,
        "errors": rep.count(severity="error"),
        "warnings": rep.count(severity="warning"),
        "infos": rep.count(severity="info"),
        "findings": [
            f"{f.severity} {f.check} {f.tc_in} {', '.join(f.channels)}: {f.message}"
            for f in rep.findings[:50]
        ],
    }
