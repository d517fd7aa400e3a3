"""Speaker labels (``imagia speech speakers``), scored by pyannote.metrics' DER (independent):

- 11 dialogues synthesised with known speakers and timings, English and French, 2-4 speakers,
  espeak-ng voice variants and SVOX pico voices, pauses of 0.3-1 s (two with 0.15 s pauses);
  and 3 made from the LibriVox clips (one real reader alone, then with one and two TTS voices);
- DER at collar 0.25 s and 0 s, speakers found vs true, automatic (threshold 0.3/0.4/0.5) and
  with the number of speakers given; two baselines in the same run: everything one speaker,
  and speakers told by pitch alone (median F0 per speech region, clustered by semitones);
- speed: times real time, and how it grows with the length (1x, 4x the same dialogue).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from benchmarks.speaker_media import LIBRIVOX_DIR, Voice, available, der, dialogue

EN = [
    "Did you see the rushes from yesterday?",
    "Yes, the light in the second take was much better.",
    "Then we keep that one for the edit.",
    "I will tell the editor this afternoon, before the screening.",
    "And the sound of the car in the street?",
    "We need to record it again tomorrow morning.",
    "Who has the new pages of the script?",
    "They came in this morning, with the changes to scene twelve.",
    "The ending is shorter now, and much better.",
    "Let us read it together after lunch.",
]
FR = [
    "Tu as vu les rushes d'hier soir ?",
    "Oui, la lumière de la deuxième prise est bien meilleure.",
    "Alors on garde celle-là pour le montage.",
    "Je préviens la monteuse cet après-midi, avant la projection.",
    "Et le bruit de la voiture dans la rue ?",
    "Il faudra le réenregistrer demain matin.",
    "Qui a les nouvelles pages du scénario ?",
    "Elles sont arrivées ce matin, avec la fin de la scène douze.",
    "La fin est plus courte maintenant, et bien meilleure.",
    "On la lit ensemble après le déjeuner.",
]
E = {
    "f3": Voice("espeak", "en+f3", 60, 160),
    "m1": Voice("espeak", "en+m1", 40, 150),
    "m3": Voice("espeak", "en+m3", 55, 170),
    "gb": Voice("pico", "en-GB"),
    "us": Voice("pico", "en-US"),
}
F = {
    "pico": Voice("pico", "fr-FR"),
    "m2": Voice("espeak", "fr+m2", 45, 150),
    "f2": Voice("espeak", "fr+f2", 65, 155),
    "m3": Voice("espeak", "fr+m3", 35, 165),
    "f4": Voice("espeak", "fr+f4", 55, 145),
}
# name -> (voices in speaking order, language, gap)
SETS: dict[str, tuple[list[Voice], str, float | None]] = {
    "en2 espeak f/m": ([E["f3"], E["m1"]], "en", None),
    "en2 espeak m/m": ([E["m1"], E["m3"]], "en", None),
    "en2 pico gb/us": ([E["gb"], E["us"]], "en", None),
    "en3 mixed": ([E["f3"], E["m1"], E["gb"]], "en", None),
    "en4 mixed": ([E["f3"], E["m1"], E["gb"], E["us"]], "en", None),
    "en2 0.15 s pauses": ([E["m3"], E["us"]], "en", 0.15),
    "fr2 pico/espeak": ([F["pico"], F["m2"]], "fr", None),
    "fr2 espeak f/m": ([F["f2"], F["m3"]], "fr", None),
    "fr3 mixed": ([F["pico"], F["m2"], F["f4"]], "fr", None),
    "fr4 mixed": ([F["pico"], F["m2"], F["f2"], F["m3"]], "fr", None),
    "fr2 0.15 s pauses": ([F["pico"], F["m3"]], "fr", 0.15),
}
THRESHOLDS = (0.3, 0.4, 0.5)


def _lines(voices: list[Any], lang: str, rng: random.Random) -> list[tuple[str, Any, str]]:
    pool = EN if lang == "en" else FR
    order = [k % len(voices) for k in range(max(6, 2 * len(voices)))]
    rng.shuffle(order[len(voices) :])  # each voice once first, then a shuffled exchange
    return [(f"V{k + 1}", voices[k], pool[i % len(pool)]) for i, k in enumerate(order)]


def _make(folder: Path) -> dict[str, tuple[Path, list[tuple[float, float, str]]]]:
    rng = random.Random(22)
    out = {}
    for n, (name, (voices, lang, gap)) in enumerate(SETS.items()):
        lines = _lines(voices, lang, rng)
        gaps = [gap if gap else round(rng.uniform(0.3, 1.0), 2) for _ in lines]
        path = folder / f"d{n}.wav"
        out[name] = (path, dialogue(path, lines, gaps))
    clips = sorted(LIBRIVOX_DIR.glob("*.wav"))
    if clips:
        reader = [("R", c, "") for c in clips]
        out["librivox 1 reader"] = (folder / "l1.wav", dialogue(folder / "l1.wav", reader, 0.5))
        two = [x for c, s in zip(reader, EN, strict=False) for x in (c, ("T", E["us"], s))]
        out["librivox + pico"] = (folder / "l2.wav", dialogue(folder / "l2.wav", two, 0.5))
        three = [
            x
            for c, s, u in zip(reader, EN, EN[5:], strict=False)
            for x in (c, ("T", E["us"], s), ("M", E["m1"], u))
        ]
        out["librivox + 2 TTS"] = (folder / "l3.wav", dialogue(folder / "l3.wav", three, 0.5))
    return out


def _one_speaker(path: Path) -> list[tuple[float, float, str]]:
    """Baseline: all the speech (same voice activity as imagia) given to one speaker."""
    from imagia.speech.audio import load
    from imagia.speech.vad import VadOptions, speech_regions

    return [(a, b, "X") for a, b in speech_regions(load(path), VadOptions(pad_ms=100))]


def _pitch_only(path: Path, semitones: float = 2.5) -> list[tuple[float, float, str]]:
    """Baseline: one speaker per speech region, told apart by median F0 alone (regions whose
    medians lie within ``semitones`` of a voice heard so far are that voice)."""
    import math

    import numpy as np

    from imagia.speech.audio import load
    from imagia.speech.vad import VadOptions, speech_regions
    from imagia.speech.voice import yin

    audio = load(path)
    voices: list[float] = []
    out = []
    for a, b in speech_regions(audio, VadOptions(pad_ms=100)):
        f0 = yin(audio[int(a * 16000) : int(b * 16000)])
        f0 = f0[np.isfinite(f0)]
        med = float(np.median(f0)) if len(f0) else 150.0
        dist = [abs(12 * math.log2(med / v)) for v in voices]
        if dist and min(dist) < semitones:
            k = int(np.argmin(dist))
        else:
            voices.append(med)
            k = len(voices) - 1
        out.append((a, b, f"P{k}"))
    return out


def run() -> None:
    if not available():
        print("skipped: espeak-ng, pico2wave and ffmpeg are needed to synthesise the dialogues")
        return
    from imagia.speech.speakers import SpeakerOptions, diarize
    from imagia.speech.speakers.encoder import load_encoder

    warnings.simplefilter("ignore")  # pyannote: "uem was approximated" (it is the whole file)
    load_encoder()
    with tempfile.TemporaryDirectory() as tmp:
        data = _make(Path(tmp))
        print(
            "dialogue                 true  dur(s) | one-spk  pitch | "
            + " ".join(f"auto {t:<4}" for t in THRESHOLDS)
            + " | given N | found  DER@0  xRT"
        )
        totals: dict[str, list[float]] = {}
        for name, (path, ref) in data.items():
            true = len({s for _, _, s in ref})
            dur = ref[-1][1] + 0.5
            row = {"one": der(ref, _one_speaker(path)), "pitch": der(ref, _pitch_only(path))}
            found = {}
            for t in THRESHOLDS:
                res = diarize(path, SpeakerOptions(threshold=t))
                row[f"auto {t}"] = der(ref, res.turns)
                found[t] = len(res.speakers)
            t0 = time.perf_counter()
            res = diarize(path, SpeakerOptions(speakers=true))
            took = time.perf_counter() - t0
            row["given"] = der(ref, res.turns)
            row["given@0"] = der(ref, res.turns, 0.0)
            row["xrt"] = took / dur
            for k, v in row.items():
                totals.setdefault(k, []).append(v)
            print(
                f"{name:<24} {true:>4} {dur:7.1f} | {row['one']:7.1%} {row['pitch']:6.1%} | "
                + " ".join(f"{row[f'auto {t}']:9.1%}" for t in THRESHOLDS)
                + f" | {row['given']:7.1%} | {'/'.join(str(found[t]) for t in THRESHOLDS):>5}"
                f"  {row['given@0']:5.1%} {row['xrt']:5.2f}"
            )
        mean = {k: statistics.mean(v) for k, v in totals.items()}
        print(
            f"{'mean':<24} {'':>4} {'':>7} | {mean['one']:7.1%} {mean['pitch']:6.1%} | "
            + " ".join(f"{mean[f'auto {t}']:9.1%}" for t in THRESHOLDS)
            + f" | {mean['given']:7.1%} |        {mean['given@0']:5.1%} {mean['xrt']:5.2f}"
        )
        print(
            f"DER ratio, imagia (auto 0.4) / pitch-only baseline: "
            f"{mean['auto 0.4'] / max(mean['pitch'], 1e-9):.2f}"
        )
        _scale(Path(tmp), data)


def _scale(folder: Path, data: dict[str, Any]) -> None:
    """Time for the same dialogue repeated 1x and 4x (speed is linear in speech length)."""
    from benchmarks.speaker_media import SR, write_wav
    from imagia.speech.audio import load
    from imagia.speech.speakers import SpeakerOptions, diarize

    path, _ = data["en3 mixed"]
    x = load(path)
    import numpy as np

    for n in (1, 4):
        p = folder / f"scale{n}.wav"
        write_wav(p, np.tile(x, n))
        t0 = time.perf_counter()
        diarize(p, SpeakerOptions())
        took = time.perf_counter() - t0
        print(
            f"scale: {n}x ({n * len(x) / SR:.0f} s of audio): {took:.1f} s, "
            f"{took / (n * len(x) / SR):.2f} x real time"
        )
