"""Test dialogues for subtitles with known truth: sentences synthesised per line in French and
English by several voices (pico2wave, espeak-ng variants, a pitch-shifted pico), laid out with
known starts and gaps (short ones between speakers on purpose), an optional music bed under the
speech, and a video made with ffmpeg whose hard cuts sit near speech at known frames.

``seeded(seed, language)`` draws a dialogue from :data:`POOL` (tuning and held-out seeds are
kept apart: :data:`TUNING_SEEDS`, :data:`HELD_OUT_SEEDS`). ``make_case(case, folder)``
writes ``NAME.wav`` (speech, 16 kHz), ``NAME.mp4`` (the cuts, with the audio) and
``NAME.truth.json`` (what :mod:`benchmarks.subtitle_checker` reads)."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

RATE = Fraction(25)
SR = 16000

# voice id -> (engine, argument, pitch factor)
VOICES: dict[str, tuple[str, str, float]] = {
    "pico-en-us": ("pico", "en-US", 1.0),
    "pico-en-gb": ("pico", "en-GB", 1.0),
    "espeak-en-gb-m3": ("espeak", "en-gb+m3", 1.0),
    "espeak-en-us-f3": ("espeak", "en-us+f3", 1.0),
    "pico-fr": ("pico", "fr-FR", 1.0),
    "pico-fr-low": ("pico", "fr-FR", 0.82),
    "espeak-fr-m3": ("espeak", "fr+m3", 1.0),
    "espeak-fr-f2": ("espeak", "fr+f2", 1.0),
}


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str
    gap: float  # silence before this line, seconds
    cut: int | None = None  # a hard cut this many frames from the line's onset (+ after)
    cut_end: int | None = None  # a hard cut this many frames from the line's end


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    voices: dict[str, str]  # speaker -> voice id
    lines: tuple[Line, ...]
    music: bool = False


CASES = (
    Case(
        "en-kitchen",
        "en",
        {"A": "pico-en-us", "B": "espeak-en-gb-m3"},
        (
            Line("A", "Where were you last night?", 0.6),
            Line("B", "At the station.", 0.3, cut=-5),
            Line("A", "Until three in the morning?", 0.25),
            Line("B", "The last train was cancelled, so I waited for a taxi.", 0.9, cut=6),
            Line("A", "You could have called me.", 1.1, cut_end=4),
            Line("B", "My phone was dead.", 0.3),
            Line("A", "Really?", 0.25),
            Line(
                "B",
                "Yes, really, and I am tired of explaining every single thing I do to you.",
                0.8,
                cut=20,
            ),
            Line("A", "Fine.", 1.4, cut_end=-6),
            Line("B", "We can talk about it tomorrow morning.", 0.6),
        ),
    ),
    Case(
        "en-office",
        "en",
        {"A": "espeak-en-us-f3", "B": "pico-en-gb"},
        (
            Line("A", "Did you read the report I sent you?", 0.5),
            Line("B", "Not yet, I was in meetings all day.", 0.35, cut=-9),
            Line("A", "It is due on Friday.", 0.3),
            Line("B", "I know.", 0.25, cut_end=8),
            Line(
                "A",
                "The client wants the figures for the last two years, and a plan for the next one.",
                1.0,
                cut=3,
            ),
            Line("B", "Then I will start tonight.", 0.7),
            Line("A", "Thank you.", 0.3, cut_end=2),
            Line("B", "Do not thank me yet.", 1.2),
        ),
        music=True,
    ),
    Case(
        "fr-cuisine",
        "fr",
        {"A": "pico-fr", "B": "espeak-fr-m3"},
        (
            Line("A", "Où étais-tu hier soir ?", 0.6),
            Line("B", "À la gare.", 0.3, cut=-5),
            Line("A", "Jusqu'à trois heures du matin ?", 0.25),
            Line("B", "Le dernier train a été annulé, alors j'ai attendu un taxi.", 0.9, cut=6),
            Line("A", "Tu aurais pu m'appeler.", 1.1, cut_end=4),
            Line("B", "Mon téléphone était déchargé.", 0.3),
            Line("A", "Vraiment ?", 0.25),
            Line(
                "B",
                "Oui, vraiment, et j'en ai assez de devoir t'expliquer tout ce que je fais.",
                0.8,
                cut=20,
            ),
            Line("A", "Très bien.", 1.4, cut_end=-6),
            Line("B", "On en parlera demain matin.", 0.6),
        ),
    ),
    Case(
        "fr-bureau",
        "fr",
        {"A": "espeak-fr-f2", "B": "pico-fr-low"},
        (
            Line("A", "Tu as lu le rapport que je t'ai envoyé ?", 0.5),
            Line("B", "Pas encore, j'étais en réunion toute la journée.", 0.35, cut=-9),
            Line("A", "Il faut le rendre vendredi.", 0.3),
            Line("B", "Je sais.", 0.25, cut_end=8),
            Line(
                "A",
                "Le client veut les chiffres des deux dernières années, et un plan pour la "
                "suivante.",
                1.0,
                cut=3,
            ),
            Line("B", "Alors je commence ce soir.", 0.7),
            Line("A", "Merci.", 0.3, cut_end=2),
            Line("B", "Ne me remercie pas encore.", 1.2),
        ),
        music=True,
    ),
)


# Lines the seeded dialogues draw from: short replies, long turns, numbers said in words,
# fillers and repetitions ("euh", "I, I think") that the guides condense.
POOL = {
    "en": (
        "Where is the car?",
        "I told you already.",
        "No.",
        "We have to leave before the rain starts, or we will never make it.",
        "Three people saw him at the bank on Monday.",
        "Are you sure?",
        "Um, I don't know, maybe tomorrow.",
        "I, I think we should call the police.",
        "She left the keys on the table next to the door.",
        "Why would anyone do that?",
        "Because nobody else was there to stop them, and they knew it.",
        "Okay.",
        "It cost us two thousand dollars and four months of work.",
        "Listen to me.",
        "You know, the last time we tried this, it did not end well.",
        "Give me five minutes.",
        "The meeting starts at nine, so do not be late again.",
        "What did the doctor say?",
        "Nothing new.",
        "He wants an answer by the end of the week, and so do I.",
        "Stop.",
        "I have been waiting here for almost an hour.",
        "Then why didn't you call?",
        "My brother lives in a small village by the sea, far from everything.",
    ),
    "fr": (
        "Où est la voiture ?",
        "Je te l'ai déjà dit.",
        "Non.",
        "Il faut partir avant la pluie, sinon on n'arrivera jamais à temps.",
        "Trois personnes l'ont vu à la banque lundi.",
        "Tu es sûr ?",
        "Euh, je ne sais pas, peut-être demain.",
        "Je, je crois qu'il faut appeler la police.",
        "Elle a laissé les clés sur la table à côté de la porte.",
        "Pourquoi quelqu'un ferait ça ?",
        "Parce que personne n'était là pour les arrêter, et ils le savaient.",
        "D'accord.",
        "Ça nous a coûté deux mille euros et quatre mois de travail.",
        "Écoute-moi.",
        "Tu sais, la dernière fois qu'on a essayé, ça s'est mal terminé.",
        "Donne-moi cinq minutes.",
        "La réunion commence à neuf heures, alors ne sois pas en retard.",
        "Qu'est-ce que le médecin a dit ?",
        "Rien de nouveau.",
        "Il veut une réponse avant la fin de la semaine, et moi aussi.",
        "Arrête.",
        "Ça fait presque une heure que je t'attends ici.",
        "Alors pourquoi tu n'as pas appelé ?",
        "Mon frère habite un petit village au bord de la mer, loin de tout.",
    ),
}
TUNING_SEEDS = (1, 2, 3, 4, 5, 6)  # looked at while tuning the builder
HELD_OUT_SEEDS = (201, 202, 203)  # never looked at: the figure reported for unseen media


def seeded(seed: int, language: str, lines: int = 9) -> Case:
    """A dialogue drawn by ``seed``: two voices of ``language``, lines from :data:`POOL`, gaps
    from 0.15 s to 2.5 s, hard cuts near some onsets (-11 to +15 frames) and ends (-8 to +10),
    music under half the cases."""
    import random

    rng = random.Random(f"{language}-{seed}")
    voices = rng.sample([v for v in VOICES if v.split("-")[1] == language], 2)
    texts = rng.sample(POOL[language], lines)
    out, speaker = [], "A"
    for k, text in enumerate(texts):
        if k and rng.random() < 0.8:
            speaker = "B" if speaker == "A" else "A"
        gap = rng.choice((0.15, 0.25, 0.3, 0.4, 0.6, 0.9, 1.2, 2.5)) if k else 0.5
        r = rng.random()
        cut = rng.randint(-11, 15) if r < 0.35 else None
        cut_end = rng.randint(-8, 10) if 0.35 <= r < 0.55 else None
        out.append(Line(speaker, text, gap, cut=cut, cut_end=cut_end))
    return Case(
        f"{language}-seed{seed}",
        language,
        {"A": voices[0], "B": voices[1]},
        tuple(out),
        music=rng.random() < 0.5,
    )


def seeded_cases(seeds: tuple[int, ...]) -> list[Case]:
    return [seeded(s, lang) for s in seeds for lang in ("fr", "en")]


def available() -> str | None:
    """Why the cases cannot be made here, or None."""
    for tool in ("ffmpeg", "pico2wave", "espeak-ng"):
        if shutil.which(tool) is None:
            return f"{tool} not found (scripts/setup-system.sh --speech)"
    return None


def _ff(*args: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args], check=True)


def _say(voice: str, text: str, out: Path) -> None:
    """One line by one voice, its own silences trimmed, 16 kHz mono."""
    engine, arg, pitch = VOICES[voice]
    raw = out.with_suffix(".raw.wav")
    if engine == "pico":
        subprocess.run(["pico2wave", "-l", arg, "-w", str(raw), text], check=True)
    else:
        subprocess.run(["espeak-ng", "-v", arg, "-s", "165", "-w", str(raw), text], check=True)
    trim = (
        "silenceremove=start_periods=1:start_threshold=-45dB,areverse,"
        "silenceremove=start_periods=1:start_threshold=-45dB,areverse"
    )
    shift = f",asetrate={SR}*{pitch},aresample={SR},atempo={1 / pitch:.4f}" if pitch != 1 else ""
    _ff("-i", str(raw), "-af", f"aresample={SR}{shift},{trim}", "-ac", "1", str(out))
    raw.unlink()


def _samples(path: Path) -> int:
    import soundfile as sf

    return int(sf.info(str(path)).frames)


def make_case(case: Case, folder: Path) -> tuple[Path, Path, Path]:
    """Write the case's WAV, MP4 and truth JSON into ``folder``; returns their paths."""
    import numpy as np
    import soundfile as sf

    folder.mkdir(parents=True, exist_ok=True)
    wav, mp4, truth = (folder / f"{case.name}{ext}" for ext in (".wav", ".mp4", ".truth.json"))
    if wav.is_file() and mp4.is_file() and truth.is_file():
        return wav, mp4, truth
    pieces, sentences, cuts = [], [], []
    t = 0
    for k, line in enumerate(case.lines):
        part = folder / f"{case.name}.{k}.wav"
        _say(case.voices[line.speaker], line.text, part)
        audio, _ = sf.read(str(part), dtype="float32")
        part.unlink()
        t += round(line.gap * SR)
        start, end = t, t + len(audio)
        pieces.append((start, audio))
        sentences.append(
            {
                "start": round(start / SR, 4),
                "end": round(end / SR, 4),
                "speaker": line.speaker,
                "text": line.text,
                "voice": case.voices[line.speaker],
            }
        )
        fr_on = round(Fraction(start, SR) * RATE)
        fr_off = round(Fraction(end, SR) * RATE)
        if line.cut is not None:
            cuts.append(fr_on + line.cut)
        if line.cut_end is not None:
            cuts.append(fr_off + line.cut_end)
        t = end
    total = t + SR
    mix = np.zeros(total, dtype="float32")
    for start, audio in pieces:
        mix[start : start + len(audio)] += audio
    if case.music:  # a soft chord with a slow swell, under the whole scene (about -24 dB)
        tt = np.arange(total) / SR
        chord = sum(np.sin(2 * np.pi * f * tt) for f in (110.0, 138.6, 164.8, 220.0))
        mix += (0.015 * (1 + 0.5 * np.sin(2 * np.pi * 0.2 * tt)) * chord).astype("float32")
    peak = float(np.max(np.abs(mix))) or 1.0
    sf.write(str(wav), (0.9 * mix / max(peak, 0.9)).astype("float32"), SR, subtype="PCM_16")
    frames_total = round(Fraction(total, SR) * RATE)
    cuts = sorted(c for c in set(cuts) if 0 < c < frames_total)
    bounds = [0, *cuts, frames_total]
    colours = ["0x304060", "0xa08050", "0x207040", "0x803030", "0x505090", "0x909030"]
    graph, labels = "", ""
    for k, (a, b) in enumerate(itertools.pairwise(bounds)):
        graph += (
            f"color=c={colours[k % len(colours)]}:s=192x108:r={RATE},"
            f"trim=end_frame={b - a},noise=alls=12:allf=t,setpts=PTS-STARTPTS[v{k}];"
        )
        labels += f"[v{k}]"
    graph += f"{labels}concat=n={len(bounds) - 1}:v=1:a=0[v]"
    _ff(
        "-filter_complex",
        graph,
        "-i",
        str(wav),
        "-map",
        "[v]",
        "-map",
        "0:a",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        str(mp4),
    )
    data = {
        "schema": "SubtitleTruth.1",
        "language": case.language,
        "rate": str(RATE),
        "cuts": cuts,
        "music": case.music,
        "sentences": sentences,
    }
    truth.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return wav, mp4, truth
