"""Audio post-production: accuracy on signals with known answers, and speed against ffmpeg's own
filters measured in the same run.

- loudness: EBU Tech 3341 cases 1-2 (stereo 1 kHz sine at -23 / -33 dBFS: -23.0 / -33.0 LUFS);
- normalisation: error after correction (linear and limiter modes, stereo and 5.1), time against
  ffmpeg's two-pass loudnorm on the same file;
- QC: injected defects found / expected, false findings on clean signals, speed vs decoding;
- sync: error on known sub-sample offsets across sample rates;
- denoise: SNR against the clean reference before/after, blind estimate, real-time factor;
- dehum and stems: hum levels before/after, SI-SNR of the dialogue and M&E estimates;
- memory and time against length: every streaming tool on inputs of 1, 10, 60 and 180 minutes
  made with ffmpeg lavfi (not stored; ``IMAGIA_BENCH_AUDIO_MINUTES=1,5,10`` for a quicker run),
  peak resident memory of a child process per run; DeepFilterNet up to 10 minutes (it runs
  at about 4-7x real time on one core: 3 hours would take most of an hour);
- denoise and speech recognition: word error rate of faster-whisper (base) on synthesised
  noisy speech, untouched, after the full and after the gentle denoise (reported, not tested).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from benchmarks.timing import best_of

SR = 48000


def _ff(path: Path, graph: str, codec: str = "pcm_s24le", rate: int = SR) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-ar",
            str(rate),
            "-c:a",
            codec,
            str(path),
        ],
        check=True,
    )
    return path


def _tone(levels: list[tuple[float, float]], freq: float = 1000.0) -> str:
    """A stereo sine made of (dBFS, seconds) pieces (EBU Tech 3341/3342 style)."""
    expr = "+".join(
        f"{10 ** (lv / 20)}*between(t,{sum(s for _, s in levels[:i])},"
        f"{sum(s for _, s in levels[: i + 1])})*lt(t,{sum(s for _, s in levels[: i + 1])})"
        for i, (lv, _) in enumerate(levels)
    )
    total = sum(s for _, s in levels)
    return f"aevalsrc='sin(2*PI*{freq}*t)*({expr})':s=48000:d={total},pan=stereo|c0=c0|c1=c0[out]"


# (name, pieces, expected I LUFS, expected LRA LU or None)
EBU_CASES = [
    ("3341 case 1", [(-23, 20)], -23.0, None),
    ("3341 case 2", [(-33, 20)], -33.0, None),
    ("3341 case 3", [(-36, 10), (-23, 60), (-36, 10)], -23.0, None),
    ("3341 case 4", [(-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)], -23.0, None),
    ("3341 case 5", [(-26, 20), (-20, 20.1), (-26, 20)], -23.0, None),
    ("3342 case 1", [(-20, 20), (-30, 20)], None, 10.0),
    ("3342 case 2", [(-20, 20), (-15, 20)], None, 5.0),
    ("3342 case 3", [(-40, 20), (-20, 20)], None, 20.0),
]


def _loudness(d: Path) -> None:
    from imagia.post.loudness import measure

    for name, pieces, want_i, want_lra in EBU_CASES:
        rep = measure(_ff(d / "ebu.wav", _tone(pieces)))
        if want_i is not None:
            print(f"EBU Tech {name}: I {rep.integrated} LUFS (expected {want_i} ± 0.1)")
        if want_lra is not None:
            print(f"EBU Tech {name}: LRA {rep.lra} LU (expected {want_lra} ± 1)")
    # true peak: a quarter-rate sine at 45° phase has its samples 3.01 dB under its peak
    # (faded in and out: an abrupt start is a real transient that overshoots)
    f = _ff(
        d / "tp.wav",
        "aevalsrc='0.5*sin(PI/2*n+PI/4)':s=48000:d=5,afade=t=in:d=0.5,"
        "afade=t=out:st=4.5:d=0.5,pan=stereo|c0=c0|c1=c0[out]",
        "pcm_f32le",
    )
    from imagia.post.normalise import true_peaks

    ours = 20 * np.log10(float(true_peaks(sf.read(f, dtype="float32")[0]).max()))
    print(
        f"true peak of a 12 kHz sine at 45° (sample peak -9.03 dBFS, true peak -6.02 dBTP): "
        f"ebur128 {measure(f).true_peak} dBTP, imagia's limiter meter {ours:.2f} dBTP"
    )


def _normalise(d: Path) -> None:
    from imagia.post.loudness import measure
    from imagia.post.normalise import NormaliseOptions, normalise

    cases = [
        (
            "stereo 60 s pink, ebu-r128",
            "ebu-r128",
            "anoisesrc=color=pink:amplitude=0.03:seed=1:d=60,pan=stereo|c0=c0|c1=0.8*c0[out]",
        ),
        (
            "5.1 60 s pink, atsc-a85",
            "atsc-a85",
            "anoisesrc=color=pink:amplitude=0.3:seed=2:d=60,"
            "pan=5.1|FL=c0|FR=0.9*c0|FC=c0|LFE=0.2*c0|BL=0.5*c0|BR=0.4*c0[out]",
        ),
        (
            "stereo 60 s with clicks, spotify",
            "spotify",
            "anoisesrc=color=pink:amplitude=0.02:seed=3:d=60,"
            "volume='if(lt(mod(t,10),0.01),40,1)':eval=frame,pan=stereo|c0=c0|c1=c0[out]",
        ),
    ]
    for label, spec, graph in cases:
        src = _ff(d / "norm-src.wav", graph)
        out = d / "norm-out.wav"
        t0 = time.perf_counter()
        res = normalise(src, NormaliseOptions(spec=spec, output=out))
        ours = time.perf_counter() - t0
        after = measure(out, spec)
        t0 = time.perf_counter()
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-i",
                str(src),
                "-af",
                "loudnorm=print_format=summary",
                "-f",
                "null",
                "-",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-v",
                "error",
                "-i",
                str(src),
                "-af",
                "loudnorm=linear=true",
                "-ar",
                str(SR),
                str(d / "ln.wav"),
            ],
            check=True,
        )
        ln = time.perf_counter() - t0
        print(
            f"normalise {label}: {res.before['integrated']} -> {after.integrated} LUFS "
            f"(error {res.error_lu:+.2f} LU), TP {after.true_peak} dBTP, mode {res.mode}, "
            f"{res.passes} pass(es); {ours:.2f} s, ffmpeg loudnorm two-pass {ln:.2f} s "
            f"(ratio {ours / ln:.2f}x)"
        )


def _qc(d: Path) -> None:
    from imagia.post.qc import qc

    base = _ff(
        d / "qc-clean.wav",
        "anoisesrc=color=pink:amplitude=0.1:seed=1:d=60[a];"
        "anoisesrc=color=pink:amplitude=0.1:seed=2:d=60[b];"
        "[a][b]join=inputs=2:channel_layout=stereo[out]",
    )
    x, _ = sf.read(base, dtype="float64")
    t = np.arange(len(x)) / SR
    y = x.copy()
    y += (
        0.01 * np.sin(2 * np.pi * 50 * t)
        + 0.005 * np.sin(2 * np.pi * 100 * t)
        + 0.003 * np.sin(2 * np.pi * 150 * t)
    )[:, None]  # hum
    y[:, 0] += 0.01  # DC on FL
    y[5 * SR : 5 * SR + 100, 0] = 1.0  # clipping
    y[15 * SR : 15 * SR + 240, :] = 0.0  # dropout 5 ms
    y[25 * SR : 27 * SR, 1] = -y[25 * SR : 27 * SR, 0]  # inverted polarity for 2 s
    y[40 * SR : 41 * SR, :] = 0.0  # digital silence
    bad = d / "qc-bad.wav"
    sf.write(bad, y, SR, subtype="PCM_24")
    expected = {"clipping", "dropout", "phase", "digital-silence", "hum", "dc-offset"}
    rep = qc(bad)
    found = {f.check for f in rep.findings}
    clean = qc(base)
    print(
        f"QC injected defects: {len(expected & found)}/{len(expected)} found "
        f"({', '.join(sorted(expected - found)) or 'none missed'}); extra findings "
        f"{sorted(found - expected)}; clean signal findings: {len(clean.findings)}"
    )
    six = _ff(
        d / "qc51.wav",
        "anoisesrc=color=pink:amplitude=0.1:seed=4:d=120,"
        "pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[out]",
    )
    for label, f, secs in (("stereo 60 s", base, 60), ("5.1 120 s", six, 120)):
        dec = best_of(
            lambda f=f: subprocess.run(  # type: ignore[misc]
                ["ffmpeg", "-v", "error", "-i", str(f), "-f", "null", "-"], check=True
            ),
            2,
        )
        took = best_of(lambda f=f: qc(f), 2)  # type: ignore[misc]
        print(
            f"QC {label}: {took:.2f} s = {secs / took:.0f}x real time; plain decode "
            f"{dec:.2f} s (ratio {took / dec:.1f}x)"
        )


def _sync(d: Path) -> None:
    from imagia.post.sync import sync

    event = (
        "flite=text='Where were you last night when the lights went out? I was here, "
        "in the studio.',aresample=192000,apad,atrim=0:20[s];"
        "anoisesrc=color=pink:amplitude=0.02:seed=1:d=20:r=192000[n];"
        "[s][n]amix=normalize=0"
    )
    errs = []
    for delay, rate in ((0, 48000), (12345, 44100), (77777, 96000), (200001, 48000)):
        a = _ff(
            d / "sa.wav",
            f"{event},highpass=f=200,aresample=48000[a];anoisesrc=color="
            "white:amplitude=0.015:seed=5:d=20[m];[a][m]amix=normalize=0[out]",
            "pcm_s16le",
        )
        b = _ff(
            d / "sb.wav",
            f"{event},adelay={delay}S,atrim=0:20,lowpass=f=6000,"
            f"aresample={rate}[a];anoisesrc=color=brown:amplitude=0.015:seed=6:d=20:"
            f"r={rate}[m];[a][m]amix=normalize=0[out]",
            "pcm_s16le",
            rate,
        )
        t0 = time.perf_counter()
        res = sync(a, b)
        took = time.perf_counter() - t0
        want = delay / 192.0
        errs.append(abs(res.offset_ms - want))
        print(
            f"sync offset {want:9.3f} ms, B at {rate} Hz: found {res.offset_ms:9.3f} ms, "
            f"error {abs(res.offset_ms - want):.4f} ms, confidence {res.confidence:.0f}, "
            f"{took:.2f} s for 2 x 20 s"
        )
    print(f"sync max error {max(errs):.4f} ms")


LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")


def _speech(d: Path) -> tuple[np.ndarray, str]:
    """Real read speech (Debian's pocketsphinx-testdata, 5 LibriVox clips) when installed,
    else ffmpeg's flite voice (synthetic speech: DeepFilterNet treats it worse)."""
    from imagia.post.audio import decode

    clips = sorted(LIBRIVOX.glob("*.wav")) if LIBRIVOX.is_dir() else []
    if clips:
        parts = [decode(c, rate=SR, mono=True)[0][:, 0].astype(np.float64) for c in clips]
        return np.concatenate(parts), f"{len(clips)} LibriVox clips"
    f = _ff(
        d / "flite.wav",
        "flite=text='The dialogue must stay clear while the noise goes "
        "away. Can you hear the difference now? The room tone is much lower.',"
        "aresample=48000,apad,atrim=0:10[out]",
        "pcm_f32le",
    )
    return sf.read(f, dtype="float64")[0], "flite synthetic speech"


def _si_snr(ref: np.ndarray, y: np.ndarray) -> float:
    n = min(len(ref), len(y))
    r, o = ref[:n], y[:n]
    alpha = float(np.dot(o, r) / np.dot(r, r))
    return float(10 * np.log10(np.sum((alpha * r) ** 2) / np.sum((o - alpha * r) ** 2)))


def _pink(n: int, seed: int) -> np.ndarray:
    white = np.random.default_rng(seed).standard_normal(n)
    pink = np.fft.irfft(np.fft.rfft(white) / np.sqrt(np.maximum(np.arange(n // 2 + 1), 1)), n)
    return pink / np.sqrt(np.mean(pink**2))


def _denoise(d: Path) -> None:
    from imagia.post.denoise import DenoiseOptions, denoise

    s, what = _speech(d)
    secs = len(s) / SR
    for snr in (5, 0):
        noise = _pink(len(s), 3) * np.sqrt(np.mean(s**2)) * 10 ** (-snr / 20)
        noisy = d / "dn-noisy.wav"
        sf.write(noisy, s + noise, SR, subtype="FLOAT")
        before = _si_snr(s, s + noise)
        for method, strength in (
            ("deepfilternet", 1.0),
            ("deepfilternet", 0.5),
            ("spectral-gate", 1.0),
        ):
            t0 = time.perf_counter()
            res = denoise(
                noisy, DenoiseOptions(method=method, strength=strength, output=d / "dn-out.wav")
            )
            took = time.perf_counter() - t0
            y, _ = sf.read(res.output, dtype="float64")
            print(
                f"denoise {what} + pink noise at {snr} dB, {method} strength {strength}: "
                f"SNR vs clean {before:.1f} -> {_si_snr(s, y):.1f} dB; blind estimate "
                f"{res.snr_before_db} -> {res.snr_after_db} dB; {secs / took:.1f}x real time"
            )


def _dehum_stems(d: Path) -> None:
    from imagia.post.dehum import DehumOptions, dehum
    from imagia.post.stems import StemsOptions, stems

    s, what = _speech(d)
    t = np.arange(len(s)) / SR
    hum = (
        0.01 * np.sin(2 * np.pi * 50 * t)
        + 0.005 * np.sin(2 * np.pi * 100 * t + 1)
        + 0.003 * np.sin(2 * np.pi * 150 * t + 2)
    )
    src = d / "hum.wav"
    sf.write(src, s + hum, SR, subtype="FLOAT")
    t0 = time.perf_counter()
    res = dehum(src, DehumOptions(output=d / "dehum.wav"))
    took = time.perf_counter() - t0
    y, _ = sf.read(res.output, dtype="float64")
    h = res.harmonics
    print(
        f"dehum {what} + 50 Hz hum: mains {res.mains_hz} Hz; "
        + ", ".join(f"{r['hz']:.0f} Hz {r['before_dbfs']} -> {r['after_dbfs']} dBFS" for r in h[:3])
        + f"; speech SI-SNR {_si_snr(s, s + hum):.1f} -> {_si_snr(s, y):.1f} dB; "
        f"{len(s) / SR / took:.0f}x real time"
    )
    music = 0.05 * (np.sin(2 * np.pi * 220 * t) + np.sin(2 * np.pi * 277 * t))
    kick = 0.5 * np.sin(2 * np.pi * 60 * t) * np.exp(-30 * np.mod(t, 0.5))
    me = music + kick
    mix = d / "mix.wav"
    sf.write(mix, s + me, SR, subtype="FLOAT")
    t0 = time.perf_counter()
    res2 = stems(mix, StemsOptions(folder=d))
    took = time.perf_counter() - t0
    dia = sf.read(res2.files["dialogue"], dtype="float64")[0]
    me_est = sf.read(res2.files["me"], dtype="float64")[0]
    print(
        f"stems {what} over pad + kick: dialogue SI-SNR {_si_snr(s, s + me):.1f} (mix) -> "
        f"{_si_snr(s, dia):.1f} dB; M&E SI-SNR {_si_snr(me, s + me):.1f} (mix) -> "
        f"{_si_snr(me, me_est):.1f} dB; {len(s) / SR / took:.1f}x real time"
    )


_CHILD = """
import json, resource, sys, time
from pathlib import Path
tool, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t0 = time.perf_counter()
if tool == "dehum":
    from imagia.post.dehum import DehumOptions, dehum
    dehum(src, DehumOptions(output=out))
elif tool.startswith("denoise"):
    from imagia.post.denoise import DenoiseOptions, denoise
    denoise(src, DenoiseOptions(method=tool.split(":")[1], output=out))
elif tool == "qc":
    from imagia.post.qc import qc
    qc(src)
elif tool == "loudness":
    from imagia.post.loudness import measure
    measure(src)
elif tool == "normalise":
    from imagia.post.normalise import NormaliseOptions, normalise
    normalise(src, NormaliseOptions(output=out))
print(json.dumps({"s": time.perf_counter() - t0,
    "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _long_programme(path: Path, minutes: float) -> Path:
    """Pink noise, 50 Hz hum with harmonics and a click every second (the limiter's work),
    48 kHz mono 16-bit, rendered by ffmpeg lavfi."""
    expr = (
        "0.02*sin(2*PI*50*t)+0.012*sin(2*PI*100*t+1)+0.008*sin(2*PI*150*t+2)"
        "+0.9*gt(mod(t\\,1)\\,0.999)"
    )
    graph = (
        "anoisesrc=color=pink:amplitude=0.05:sample_rate=48000:seed=1[n];"
        f"aevalsrc='{expr}':s=48000[h];[n][h]amix=inputs=2:normalize=0[out]"
    )
    subprocess.run(
        [
            *("ffmpeg", "-y", "-v", "error", "-filter_complex", graph, "-map", "[out]"),
            *("-t", str(minutes * 60), "-ac", "1", "-c:a", "pcm_s16le", str(path)),
        ],
        check=True,
    )
    return path


def _memory_scale(d: Path) -> None:
    """Peak memory and time per tool against the programme's length."""
    sizes = [
        float(m) for m in os.environ.get("IMAGIA_BENCH_AUDIO_MINUTES", "1,10,60,180").split(",")
    ]
    tools = [
        "loudness",
        "qc",
        "normalise",
        "dehum",
        "denoise:spectral-gate",
        "denoise:deepfilternet",
    ]
    first: dict[str, float] = {}
    for minutes in sizes:
        src = _long_programme(d / "long.wav", minutes)
        for tool in tools:
            if tool.endswith("deepfilternet") and minutes > 10:
                print(f"memory {minutes:5.0f} min {tool}: skipped (over 10 min: see the docstring)")
                continue
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, tool, str(src), str(d / "out.wav")],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(f"memory {minutes:5.0f} min {tool}: failed {proc.stderr.strip()[-300:]}")
                continue
            u = json.loads(proc.stdout.strip().splitlines()[-1])
            mb = max(u["self"], u["children"]) / 1024
            first.setdefault(tool, mb)
            print(
                f"memory {minutes:5.0f} min {tool:22s}: peak {mb:6.0f} MB "
                f"({mb - first[tool]:+5.0f} MB against the shortest), {u['s']:7.1f} s = "
                f"{minutes * 60 / u['s']:5.1f}x real time",
                flush=True,
            )
        (d / "out.wav").unlink(missing_ok=True)
        src.unlink()


_ASR_TEXT = (
    "the camera rolls at dawn and the crew waits by the river. "
    "nobody speaks until the director raises her hand. "
    "then the actors walk into the light and the scene begins again"
)


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]+", " ", text.lower()).split()


def _wer(ref: str, hyp: str) -> float:
    """Word error rate: word-level Levenshtein distance over the reference's length."""
    r, h = _words(ref), _words(hyp)
    prev = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        cur = [i] + [0] * len(h)
        for j, hw in enumerate(h, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rw != hw))
        prev = cur
    return prev[-1] / max(len(r), 1)


def _asr_modes(d: Path) -> None:
    """faster-whisper's word error on noisy speech: untouched, full denoise, gentle denoise."""
    try:
        from imagia.speech.transcribe import load_model
    except ImportError as exc:
        print(f"asr: skipped ({exc})")
        return
    from imagia.post.denoise import DenoiseOptions, denoise

    model, _ = load_model("base")

    def transcribe(path: Path) -> str:
        segs, _ = model.transcribe(str(path), language="en", beam_size=5)
        return " ".join(s.text for s in segs)

    totals: dict[str, list[float]] = {"noisy": [], "full": [], "gentle": []}
    for voice in ("slt", "rms", "awb"):
        clean = d / f"asr_{voice}.wav"
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"flite=text='{_ASR_TEXT}':voice={voice}",
                "-af",
                "aresample=48000",
                "-c:a",
                "pcm_f32le",
                str(clean),
            ],
            check=True,
        )
        s, _ = sf.read(clean, dtype="float64")
        for snr in (0, 5):
            for kind, seed in (("pink", 1), ("babble-like", 2)):
                noise = _pink(len(s), seed)
                if kind == "babble-like":  # speech-shaped: pink noise gated at a syllable rate
                    t = np.arange(len(s)) / SR
                    noise *= 0.4 + 0.6 * np.abs(np.sin(2 * np.pi * 2.5 * t + seed))
                noise *= np.sqrt(np.mean(s**2) / np.mean(noise**2)) * 10 ** (-snr / 20)
                noisy = d / "asr_noisy.wav"
                sf.write(noisy, s + noise, SR, subtype="FLOAT")
                wers = {"noisy": _wer(_ASR_TEXT, transcribe(noisy))}
                for mode in ("full", "gentle"):
                    res = denoise(noisy, DenoiseOptions(mode=mode, output=d / f"asr_{mode}.wav"))
                    wers[mode] = _wer(_ASR_TEXT, transcribe(Path(res.output)))
                for k, v in wers.items():
                    totals[k].append(v)
                print(
                    f"asr {voice} {kind} {snr} dB SNR: WER untouched {wers['noisy']:.1%}, "
                    f"full denoise {wers['full']:.1%}, gentle denoise {wers['gentle']:.1%}",
                    flush=True,
                )
    print(
        "asr mean WER over "
        f"{len(totals['noisy'])} cases: untouched {np.mean(totals['noisy']):.1%}, full "
        f"{np.mean(totals['full']):.1%}, gentle {np.mean(totals['gentle']):.1%}"
    )


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for part in (_loudness, _normalise, _qc, _sync, _denoise, _dehum_stems, _asr_modes):
            part(d)
        _memory_scale(d)


if __name__ == "__main__":  # one part: python -m benchmarks.bench_audio memory|asr
    with tempfile.TemporaryDirectory() as tmp:
        parts = {"memory": _memory_scale, "asr": _asr_modes}
        for name in sys.argv[1:] or list(parts):
            parts[name](Path(tmp))
