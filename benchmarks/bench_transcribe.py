"""Transcription accuracy and cost against plain faster-whisper, in French and English, clean
and in noise, measured in one run on the same Whisper base int8 model and threads.

The speech is made here: ten sentences per language said by pico2wave (Debian's
libttspico-utils, French fr-FR and English en-US), each cut of the engine's own silence and
joined with known gaps (0.3 to 2.5 s), then mixed with pink noise at two levels (-30 dB: nearly
clean; -12 dB: a noisy location). Word error rate is the word edit distance to the known text
after lower-casing and splitting on non-word characters (the same normaliser as the speech
benchmark); time is given as a real-time factor (seconds of processing per second of audio).

Rows: plain faster-whisper with its defaults (no VAD, conditioning on previous text), plain with
word timestamps, imagia (VAD on, word times refined by the VAD edges), imagia without VAD
(``TranscribeOptions(vad=False)``). Skipped when pico2wave or faster-whisper is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_speech import _duration, _trim, edit_distance, norm

SENTENCES = {
    "fr": [
        "Le tournage commencera lundi matin dans la vieille gare de Lyon.",
        "Le réalisateur veut une lumière douce pour la scène du quai.",
        "Nous aurons besoin de trente figurants et de deux voitures anciennes.",
        "La productrice a validé le budget hier soir après une longue réunion.",
        "Si la pluie continue, nous tournerons les intérieurs à l'hôtel.",
        "Les comédiens arriveront à sept heures pour le maquillage et les costumes.",
        "Le chef opérateur préfère une caméra à l'épaule pour la poursuite.",
        "Après le déjeuner, l'équipe se déplacera vers le port.",
        "Il faudra prévenir la mairie pour bloquer la rue pendant deux heures.",
        "Le montage devrait être terminé avant la fin du mois de mars.",
    ],
    "en": [
        "The shoot will start on Monday morning at the old railway station.",
        "The director wants soft light for the scene on the platform.",
        "We will need thirty extras and two vintage cars.",
        "The producer approved the budget last night after a long meeting.",
        "If the rain continues, we will shoot the interiors at the hotel.",
        "The actors will arrive at seven for makeup and costumes.",
        "The cinematographer prefers a handheld camera for the chase.",
        "After lunch, the crew will move to the harbour.",
        "We must warn the city hall to close the street for two hours.",
        "The edit should be finished before the end of March.",
    ],
}
VOICE = {"fr": "fr-FR", "en": "en-US"}
GAPS = [0.4, 1.1, 0.3, 0.8, 2.5, 0.5, 0.9, 0.35, 1.4, 0.6]
NOISE_DB = (-30, -12)


def _speech(tmp: Path, lang: str, noise_db: int) -> Path:
    parts = []
    for k, text in enumerate(SENTENCES[lang]):
        raw, clean = tmp / f"{lang}{k}.raw.wav", tmp / f"{lang}{k}.wav"
        if not clean.exists():
            subprocess.run(
                ["pico2wave", "-l", VOICE[lang], "-w", str(raw), text],
                check=True,
                capture_output=True,
            )
            _trim(raw, clean)
        parts.append(clean)
    inputs = [x for p in parts for x in ("-i", str(p))]
    graph = "".join(f"[{k}:a]apad=pad_dur={GAPS[k]}[a{k}];" for k in range(len(parts)))
    graph += "".join(f"[a{k}]" for k in range(len(parts)))
    graph += f"concat=n={len(parts)}:v=0:a=1[sp];"
    graph += (
        f"anoisesrc=r=16000:color=pink:a=1:d=600:seed=7[nz];[nz]volume={noise_db}dB[nz2];"
        "[sp][nz2]amix=inputs=2:duration=first:normalize=0[out]"
    )
    out = tmp / f"{lang}{noise_db}.wav"
    cmd = ["ffmpeg", "-y", "-v", "error", *inputs, "-filter_complex", graph, "-map", "[out]"]
    subprocess.run([*cmd, "-ar", "16000", "-ac", "1", str(out)], check=True)
    return out


def run() -> None:
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        print("speech extra not installed (pip install 'imagia[speech]'): skipped")
        return
    if not shutil.which("pico2wave"):
        print("pico2wave absent (scripts/setup-system.sh --speech): skipped")
        return
    from imagia.core.models import find_dir
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    plain = WhisperModel(
        str(find_dir("whisper-base").path), device="cpu", compute_type="int8", cpu_threads=2
    )

    def plain_text(wav: Path, lang: str, **kw: object) -> str:
        segs, _ = plain.transcribe(str(wav), language=lang, **kw)
        return " ".join(s.text for s in segs)

    rows: list[tuple[str, Callable[[Path, str], str]]] = [
        ("plain faster-whisper", lambda w, lang: plain_text(w, lang)),
        ("plain, word times", lambda w, lang: plain_text(w, lang, word_timestamps=True)),
        (
            "imagia (VAD, word times)",
            lambda w, lang: transcribe(w, TranscribeOptions(language=lang, threads=2)).text,
        ),
        (
            "imagia without VAD",
            lambda w, lang: (
                transcribe(w, TranscribeOptions(language=lang, threads=2, vad=False)).text
            ),
        ),
    ]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for lang in SENTENCES:
            ref = norm(" ".join(SENTENCES[lang]))
            for noise_db in NOISE_DB:
                wav = _speech(tmp, lang, noise_db)
                secs = _duration(wav)
                rows[2][1](wav, lang)  # loads imagia's model outside the timing
                base = None
                for name, fn in rows:
                    t0 = time.perf_counter()
                    hyp = fn(wav, lang)
                    dt = time.perf_counter() - t0
                    base = base or dt
                    err = edit_distance(ref, norm(hyp))
                    print(
                        f"{lang} pink noise {noise_db:+d} dB, {secs:.0f} s: {name:26s} WER "
                        f"{100 * err / len(ref):5.1f} % ({err}/{len(ref)} words), "
                        f"{dt / secs:4.2f}x real time ({dt / base:4.2f}x plain)",
                        flush=True,
                    )
