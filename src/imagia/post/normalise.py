"""Loudness normalisation to a delivery spec, two-pass and true-peak safe.

Pass 1 measures the programme (``ebur128``: integrated, true peak). When the gain to the target
keeps the true peak under the spec's limit (minus ``tp_margin``), pass 2 applies that one gain
(``volume``, double precision): linear mode, the mix moves like a fader (what ffmpeg's
``loudnorm`` does in linear mode, without its 192 kHz round trip). Otherwise pass 2 applies the
gain and a look-ahead true-peak limiter (``fallback="limiter"``, the default), or ffmpeg's
``loudnorm`` fed with its own first-pass measurements (``measured_I``/``TP``/``LRA``/``thresh``,
``linear=true``), which then uses its dynamic mode (``fallback="loudnorm"``); the result says
which. The output is re-measured with ``ebur128``; if it is still off the target by more than
``accuracy`` LU or over the true-peak limit, a corrective pass runs (at most ``max_passes``).
The original file is never modified; the output is written to a temp file and renamed.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.media.probe import ffmpeg_exe
from imagia.post.audio import iter_blocks, stream_info
from imagia.post.loudness import LoudnessReport, Spec, load_spec, measure
from imagia.post.stream import BlockWriter, OutFormat, Segment, codec_args, out_format, overlapped

_JSON = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}", re.S)
_AUDIO_EXT = {".wav", ".flac", ".aif", ".aiff", ".w64", ".rf64"}
_VIDEO_AUDIO_CODEC = {
    ".mov": "pcm_s24le",
    ".mkv": "pcm_s24le",
    ".mxf": "pcm_s24le",
    ".mp4": "aac",
    ".m4a": "aac",
}


@dataclass(frozen=True)
class NormaliseOptions:
    """``tp_margin``: dB kept below the spec's true-peak limit (loudnorm's and ebur128's
    true-peak meters differ by a few tenths of a dB); ``accuracy``: LU off target that
    triggers a corrective pass."""

    spec: str | Spec = "ebu-r128"
    output: Path | None = None
    tp_margin: float = 0.3
    accuracy: float = 0.3
    max_passes: int = 3
    fallback: str = "limiter"  # when a gain alone breaks the true peak: limiter / loudnorm
    max_gain_db: float = 30.0  # a larger gain is refused: raise it to allow one, it is noted
    bit_depth: str = "source"  # source / 16 / 24 (imagia.post.stream.out_format)


@dataclass
class Normalisation:
    schema: str
    input: str
    output: str
    spec: str
    target: float
    max_true_peak: float
    before: dict[str, float | None]
    after: dict[str, float | None]
    gain_db: float
    mode: str  # linear / limiter / dynamic (loudnorm)
    passes: int
    error_lu: float
    compliant: bool
    notes: list[str] = field(default_factory=list)
    written: str = ""  # the output's format: bit depth, layout, rate

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_output(media: Path, folder: Path | None = None) -> Path:
    """``mix.wav`` -> ``mix.norm.wav`` (video keeps its container, audio re-encoded)."""
    ext = (
        media.suffix.lower()
        if media.suffix.lower() in _AUDIO_EXT | set(_VIDEO_AUDIO_CODEC)
        else ".wav"
    )
    return (folder or media.parent) / f"{media.stem}.norm{ext}"


def _loudnorm(src: Path, args: str, dst: Path | None, fmt: OutFormat) -> dict[str, Any]:
    """Run ``loudnorm`` (measure only when ``dst`` is None); returns loudnorm's JSON. The
    output keeps ``fmt``'s rate and depth (16-bit with ffmpeg's triangular dither)."""
    af = f"loudnorm={args}:print_format=json"
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-y", "-i", str(src)]
    if dst is None:
        cmd += ["-map", "0:a:0", "-af", af, "-f", "null", "-"]
    else:
        if fmt.bits == 16:
            af += ",aresample=osf=s16:dither_method=triangular"
        ext = dst.suffix.lower()
        if ext in _AUDIO_EXT:
            cmd += ["-map", "0:a:0", "-af", af, "-ar", str(fmt.rate), *codec_args(dst, fmt.bits)]
        else:
            codec = _VIDEO_AUDIO_CODEC.get(ext, "pcm_s24le")
            cmd += ["-map", "0", "-c", "copy", "-af", af, "-ar", str(fmt.rate), "-c:a", codec]
            if codec == "aac":
                cmd += ["-b:a", "320k"]
        cmd += [str(dst)]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    if proc.returncode != 0:
        raise BadFile(src, f"ffmpeg loudnorm failed ({proc.stderr.strip()[-200:]})")
    if dst is not None:
        return {}
    found = _JSON.findall(proc.stderr)
    if not found:
        raise ImagiaError(f"{src}: ffmpeg loudnorm printed no measurement")
    data: dict[str, Any] = json.loads(found[-1])
    return data


def _f(x: Any) -> float:
    v = float(x)
    return -99.0 if v != v or v in (float("inf"), float("-inf")) else v


def _figures(rep: LoudnessReport) -> dict[str, float | None]:
    out = {"integrated": rep.integrated, "true_peak": rep.true_peak, "lra": rep.lra}
    if rep.dialogue_integrated is not None:
        out["dialogue"] = rep.dialogue_integrated
    return out


def normalise(
    media: Path,
    opts: NormaliseOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
    measured: LoudnessReport | None = None,
) -> Normalisation:
    """Correct ``media`` to ``opts.spec`` into a new file; returns before/after figures.
    ``measured``: the report of ``media`` against the same spec, when the caller has it (the
    loudness job): not measured again. For a dialogue-gated spec the speech estimate is made
    once and reused for every re-measure (the output keeps the input's timeline)."""
    opts = opts or NormaliseOptions()
    spec = load_spec(opts.spec)
    st = stream_info(media)
    fmt = out_format(st, opts.bit_depth)
    out = opts.output or default_output(media)
    if out.resolve() == media.resolve():
        raise BadValue("output", str(out), reason="would overwrite the original; pick a new name")
    say = progress or (lambda f, m: None)
    say(0.02, "measuring (pass 1)")
    same = measured is not None and measured.file == str(media) and measured.spec == spec
    before = measured if measured is not None and same else measure(media, spec)
    _refuse_silence_and_big_gains(media, spec, before, opts)
    tp_target = spec.max_true_peak - opts.tp_margin
    notes: list[str] = [f"{st.truncated}: processed what the file holds"] if st.truncated else []
    src = media
    mode = "linear"
    total_gain = 0.0
    passes = 0
    after = before
    tmp = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        while passes < opts.max_passes:
            dst = out.with_name(f".{out.stem}.pass{passes}{out.suffix}")
            gain = spec.target - (after.gated() or spec.target)
            # the loudness moved so far (the limiter's raw gain is larger: it takes some back)
            applied = (after.integrated or 0.0) - (before.integrated or 0.0)
            if applied + gain > opts.max_gain_db + opts.accuracy:
                raise ImagiaError(
                    f"{media}: normalising would need {applied + gain:+.1f} dB in all, over "
                    f"the {opts.max_gain_db:+.0f} dB maximum",
                    hint="check the file; raise max_gain_db to allow it",
                )
            if mode == "linear" and (after.true_peak or -99.0) + gain <= tp_target:
                # One gain, the whole mix moves like a fader: what loudnorm's linear mode does,
                # without its 192 kHz round trip. Always from the original: one rounding.
                total_gain += gain
                say(0.2 + 0.25 * passes, f"applying {total_gain:+.2f} dB (pass {passes + 2})")
                render(media, dst, total_gain, None, fmt)
            elif opts.fallback == "limiter":
                mode = "limiter"
                total_gain += gain
                say(0.2 + 0.25 * passes, f"gain {total_gain:+.2f} dB + true-peak limiter")
                render(media, dst, total_gain, tp_target, fmt)
            else:
                mode = "dynamic"
                m = _loudnorm(src, f"I={spec.target}:TP={tp_target}:LRA=20", None, fmt)
                lra = min(20.0, max(7.0, _f(m["input_lra"]) + 1.0))
                args = (
                    f"I={spec.target}:TP={tp_target}:LRA={lra}:"
                    f"measured_I={_f(m['input_i'])}:measured_TP={_f(m['input_tp'])}:"
                    f"measured_LRA={max(_f(m['input_lra']), 0.1)}:"
                    f"measured_thresh={_f(m['input_thresh'])}:"
                    f"offset={_f(m['target_offset'])}:linear=true"
                )
                say(0.2 + 0.25 * passes, f"loudnorm (pass {passes + 2})")
                _loudnorm(src, args, dst, fmt)
            if src != media:
                src.unlink(missing_ok=True)
            src = dst
            passes += 1
            say(0.3 + 0.25 * passes, "re-measuring")
            after = measure(src, spec, speech=before.speech)
            err = abs((after.gated() or -99.0) - spec.target)
            tp_ok = after.true_peak is not None and after.true_peak <= spec.max_true_peak
            if err <= opts.accuracy and tp_ok:
                break
        src.replace(tmp)
        tmp.replace(out)
    finally:
        for leftover in out.parent.glob(f".{out.stem}.pass*{out.suffix}"):
            leftover.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    wanted = spec.target - (before.gated() or spec.target)
    if wanted > _SANE_GAIN_DB:
        notes.append(
            f"a gain of {wanted:+.1f} dB was needed, over the usual {_SANE_GAIN_DB:+.0f} dB "
            f"maximum (allowed by max_gain_db={opts.max_gain_db:g}): listen for lifted noise"
        )
    if mode == "limiter":
        notes.append(
            "a single gain would have pushed the true peak over the limit: gain plus imagia's "
            "true-peak limiter (4x oversampled peaks, 1.5 ms look-ahead, 50 ms hold); only the "
            "peaks are touched"
        )
    if mode == "dynamic":
        notes.append(
            "a single gain would have pushed the true peak over the limit: ffmpeg's loudnorm "
            "used its dynamic mode (gain riding and a true-peak limiter); listen to the result"
        )
    err_lu = round((after.gated() or -99.0) - spec.target, 2)
    ok = (
        abs(err_lu) <= spec.tolerance
        and after.true_peak is not None
        and after.true_peak <= spec.max_true_peak
    )
    if spec.gating == "dialogue":
        notes.append(
            "dialogue-gated spec: normalised on the dialogue loudness"
            if after.dialogue_integrated is not None
            else "dialogue-gated spec: no speech detected, normalised on the whole programme"
        )
    say(1.0, "normalised")
    return Normalisation(
        "Normalisation.1",
        str(media),
        str(out),
        spec.id,
        spec.target,
        spec.max_true_peak,
        _figures(before),
        _figures(after),
        round((after.integrated or 0.0) - (before.integrated or 0.0), 2),
        mode,
        passes,
        err_lu,
        ok,
        notes,
        fmt.label,
    )


_SANE_GAIN_DB = 30.0
_GATE_LUFS = -70.0  # BS.1770 absolute gate: ebur128 reads -70 when every block is under it


def _refuse_silence_and_big_gains(
    media: Path, spec: Spec, before: LoudnessReport, opts: NormaliseOptions
) -> None:
    """Digital silence (or sound wholly under the -70 LUFS gate) has no loudness to correct:
    refuse it. A gain over ``opts.max_gain_db`` is refused too: it would mostly lift noise."""
    if before.integrated is None or before.integrated <= _GATE_LUFS or before.true_peak is None:
        raise BadFile(
            media,
            "is digital silence (nothing above the -70 LUFS gate): nothing to normalise",
            hint="check the mix or the channel routing",
        )
    gain = spec.target - (before.gated() or spec.target)
    if gain > opts.max_gain_db:
        raise ImagiaError(
            f"{media}: normalising to {spec.target} LUFS needs {gain:+.1f} dB, over the "
            f"{opts.max_gain_db:+.0f} dB maximum (the programme reads {before.gated()} LUFS)",
            hint="check the file (wrong track? mostly silence?); raise max_gain_db to allow it",
        )


def true_peaks(x: np.ndarray, block: int = 1 << 18) -> np.ndarray:
    """Per-sample true-peak estimate (max over channels of the 4x oversampled signal)."""
    from scipy.signal import resample_poly

    pad = 64
    out = np.empty(len(x), np.float32)
    for s0 in range(0, len(x), block):
        a, b = max(s0 - pad, 0), min(s0 + block + pad, len(x))
        up = np.abs(resample_poly(x[a:b], 4, 1, axis=0)).max(axis=1)
        per = up[: (b - a) * 4].reshape(b - a, 4).max(axis=1)
        out[s0 : min(s0 + block, len(x))] = per[s0 - a : s0 - a + min(block, len(x) - s0)]
    return out


BLOCK = 1 << 19  # samples per block (about 11 s at 48 kHz)


def _limited(seg: Segment, tp_db: float, rate: int) -> np.ndarray:
    """The core of ``seg`` through a look-ahead true-peak limiter at ``tp_db``: the gain
    needed to keep each sample's 4x oversampled peak under the limit, held 50 ms (minimum
    filter) and smoothed over 1.5 ms; the segment's context covers both windows."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    y = seg.data
    limit = 10 ** (tp_db / 20)
    need = np.minimum(1.0, limit / np.maximum(true_peaks(y), 1e-12))
    look = max(3, int(0.0015 * rate) | 1)
    hold = minimum_filter1d(need, size=max(int(0.05 * rate), look) | 1, mode="nearest")
    gain = uniform_filter1d(hold, size=look, mode="nearest")
    return np.asarray(y[seg.lo : seg.hi] * gain[seg.lo : seg.hi, None])


def render(media: Path, dst: Path, gain_db: float, tp_db: float | None, fmt: OutFormat) -> None:
    """Write ``media`` with ``gain_db`` applied (and a true-peak limiter at ``tp_db`` when
    given) into ``dst`` in ``fmt`` (the source's layout and depth, dithered), block by block:
    memory does not grow with the length. A video container gets its video copied and the
    audio muxed back."""
    st = stream_info(media)
    g = np.float32(10 ** (gain_db / 20))
    look = max(3, int(0.0015 * st.rate) | 1)
    ctx = int(0.05 * st.rate) + look + 256
    audio_out = dst.suffix.lower() in _AUDIO_EXT
    target = dst if audio_out else dst.with_name(f".{dst.stem}.limited.wav")
    try:
        with BlockWriter(target, fmt) as w:
            if tp_db is None:
                for block in iter_blocks(st, BLOCK):
                    w.write(block * g)
            else:
                scaled = (b * g for b in iter_blocks(st, BLOCK))
                for seg in overlapped(scaled, BLOCK, ctx):
                    w.write(_limited(seg, tp_db, st.rate))
        if not audio_out:
            _mux(media, target, dst)
    finally:
        if not audio_out:
            target.unlink(missing_ok=True)


def _mux(media: Path, audio: Path, dst: Path) -> None:
    """``media``'s video with ``audio`` in place of its sound, into ``dst``."""
    codec = _VIDEO_AUDIO_CODEC.get(dst.suffix.lower(), "pcm_s24le")
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-i",
        str(media),
        "-i",
        str(audio),
        "-map",
        "0:v?",
        "-map",
        "1:a",
        "-c:v",
        "copy",
        "-c:a",
        codec,
    ]
    if codec == "aac":
        cmd += ["-b:a", "320k"]
    proc = subprocess.run([*cmd, str(dst)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BadFile(media, f"ffmpeg could not write {dst.name} ({proc.stderr[-200:]})")
