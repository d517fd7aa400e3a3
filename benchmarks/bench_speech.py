"""Speech and subtitles, measured in one run:

- WER of imagia's transcription vs plain faster-whisper (default settings, same Whisper base
  model) on the LibriVox clips of Debian's pocketsphinx-testdata, with real-time factors;
- on dialogues synthesised per sentence with known starts and gaps (English by espeak-ng,
  French by pico2wave): the share of events meeting the profile for plain Whisper segments,
  the same after ``qc --fix``, and imagia's builder; in-cue error vs the known sentence starts
  (frames, median and 95th percentile); the overhead of the subtitle pipeline vs transcription;
- how the builder scales with the number of words.
Needs the speech extra; parts whose data is missing say so and are skipped.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from benchmarks.timing import best_of

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
RATE = Fraction(25)
DIALOGUES = {
    "en": (
        "netflix-en",
        [
            "Good evening, and welcome to the news.",
            "Tonight the mayor announced a new plan for the river banks.",
            "The works will start in the spring and last for two years.",
            "Many residents said they were pleased with the decision.",
            "Others think the cost is far too high for a small town like ours, and they will "
            "vote against it at the next council meeting.",
            "We will follow the story.",
        ],
    ),
    "fr": (
        "netflix-fr",
        [
            "Bonsoir à tous et bienvenue dans le journal.",
            "Ce soir, le maire a présenté un nouveau projet pour les bords de la rivière.",
            "Les travaux commenceront au printemps et dureront deux ans.",
            "Beaucoup d'habitants se disent satisfaits de cette décision.",
            "D'autres trouvent que le coût est bien trop élevé pour une petite ville comme la "
            "nôtre, et voteront contre au prochain conseil municipal.",
            "Nous suivrons cette affaire.",
        ],
    ),
}
GAPS = [0.3, 1.2, 0.5, 0.9, 0.4, 1.5]
SCALE_TEXT = (
    "and then the mayor of the city said that the new plan for the river banks "
    "would start in the spring."
)


def norm(text: str) -> list[str]:
    text = text.lower().replace("-", " ")
    text = re.sub(r"\bmr\.?", "mister", text)
    text = re.sub(r"\bmrs\.?", "missus", text)
    return re.findall(r"[\w']+", text)


def edit_distance(r: list[str], h: list[str]) -> int:
    d = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        prev, d[0] = d[0], i
        for j, hw in enumerate(h, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (rw != hw))
    return d[len(h)]


def librivox() -> None:
    from faster_whisper import WhisperModel

    from imagia.core.models import find_dir
    from imagia.speech.transcribe import transcribe

    if not (LIBRIVOX / "transcription").is_file():
        print("LibriVox clips absent (scripts/setup-system.sh --speech): WER skipped")
        return
    refs = {}
    for line in (LIBRIVOX / "transcription").read_text().splitlines():
        m = re.match(r"<s> (.*) </s> \((.*)\)", line)
        if m:
            refs[m[2]] = m[1]
    plain_model = WhisperModel(
        str(find_dir("whisper-base").path), device="cpu", compute_type="int8", cpu_threads=2
    )
    transcribe(LIBRIVOX / f"{next(iter(refs))}.wav")  # load the model once, outside timing
    totals = {"ours": [0, 0, 0.0], "plain": [0, 0, 0.0]}
    audio = 0.0
    for clip, ref in refs.items():
        wav = LIBRIVOX / f"{clip}.wav"
        t0 = time.perf_counter()
        tr = transcribe(wav)
        t1 = time.perf_counter()
        segs, info = plain_model.transcribe(str(wav))
        plain = " ".join(s.text for s in segs)
        t2 = time.perf_counter()
        audio += info.duration
        for key, hyp, secs in (("ours", tr.text, t1 - t0), ("plain", plain, t2 - t1)):
            totals[key][0] += edit_distance(norm(ref), norm(hyp))
            totals[key][1] += len(norm(ref))
            totals[key][2] += secs
    for key, (err, n, secs) in totals.items():
        label = "imagia (VAD, word times)" if key == "ours" else "plain faster-whisper   "
        print(
            f"LibriVox {len(refs)} clips, {audio:.1f} s, Whisper base int8: {label} WER "
            f"{100 * err / n:5.2f} % ({err}/{n} words), {secs / audio:4.2f}x real time"
        )


def _tts(path: Path, text: str, lang: str) -> bool:
    if lang == "fr" and shutil.which("pico2wave"):
        cmd = ["pico2wave", "-l", "fr-FR", "-w", str(path), text]
    elif shutil.which("espeak-ng"):
        cmd = [
            "espeak-ng",
            "-v",
            "fr" if lang == "fr" else "en-us",
            "-s",
            "160",
            "-w",
            str(path),
            text,
        ]
    else:
        return False
    subprocess.run(cmd, check=True, capture_output=True)
    return True


def _duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def _trim(src: Path, dst: Path) -> None:
    """Cut the TTS engine's own leading and trailing silence, so sentence starts are known."""
    flt = (
        "silenceremove=start_periods=1:start_threshold=-45dB,areverse,"
        "silenceremove=start_periods=1:start_threshold=-45dB,areverse"
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
            flt,
            "-ar",
            "16000",
            "-ac",
            "1",
            str(dst),
        ],
        check=True,
    )


def dialogues(tmp: Path) -> None:
    from imagia.media.timecode import ms_to_frames
    from imagia.speech.subtitles import profiles, qc
    from imagia.speech.subtitles.model import SubtitleFile
    from imagia.speech.subtitles.segment import build
    from imagia.speech.transcribe import transcribe

    for lang, (pid, sentences) in DIALOGUES.items():
        parts, starts, t = [], [], 0.5
        for k, s in enumerate(sentences):
            raw, clean = tmp / f"{lang}{k}.raw.wav", tmp / f"{lang}{k}.wav"
            if not _tts(raw, s, lang):
                print("no TTS engine: dialogue benchmark skipped")
                return
            _trim(raw, clean)
            parts.append(clean)
            starts.append(t)
            t += _duration(clean) + GAPS[k]
        media = tmp / f"dialogue-{lang}.wav"
        inputs = [x for p in parts for x in ("-i", str(p))]
        graph = "anullsrc=r=16000:cl=mono:d=0.5[lead];" + "".join(
            f"[{k}:a]apad=pad_dur={GAPS[k]}[a{k}];" for k in range(len(parts))
        )
        graph += (
            "[lead]"
            + "".join(f"[a{k}]" for k in range(len(parts)))
            + f"concat=n={len(parts) + 1}:v=0:a=1[out]"
        )
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-v",
                "error",
                *inputs,
                "-filter_complex",
                graph,
                "-map",
                "[out]",
                "-ar",
                "16000",
                "-ac",
                "1",
                str(media),
            ],
            check=True,
        )
        secs = _duration(media)
        p = profiles.get(pid)
        t0 = time.perf_counter()
        tr = transcribe(media)
        t1 = time.perf_counter()
        events = build(tr.words(), p, RATE, language=tr.language)
        ours = qc.check(SubtitleFile(events, language=lang), p, RATE)
        t2 = time.perf_counter()
        plain = qc.check(tr.to_subtitles(), p, RATE)
        fixed = qc.fix(tr.to_subtitles(), p, RATE)
        errs = []
        for s in starts:
            f = ms_to_frames(round(s * 1000), RATE)
            errs.append(min(abs(ms_to_frames(e.start, RATE) - f) for e in events))
        errs.sort()
        p95 = errs[min(len(errs) - 1, round(0.95 * (len(errs) - 1)))]
        print(
            f"{lang} dialogue ({len(sentences)} sentences, {secs:.1f} s, {pid}): events "
            f"meeting the profile: plain Whisper segments {plain.share_ok:.0%} "
            f"({plain.events_ok}/{plain.events}), after qc --fix {fixed.after.share_ok:.0%} "
            f"({fixed.after.events_ok}/{fixed.after.events}), imagia builder "
            f"{ours.share_ok:.0%} ({ours.events_ok}/{ours.events})"
        )
        print(
            f"   in-cue error vs known sentence starts: median "
            f"{statistics.median(errs):.0f} frames, p95 {p95} frames (25 fps); subtitle "
            f"pipeline {t2 - t0:.1f} s vs transcription {t1 - t0:.1f} s "
            f"(overhead {100 * (t2 - t1) / (t1 - t0):.1f} %); {(t1 - t0) / secs:.2f}x real "
            f"time"
        )
        left = {v.rule for v in fixed.after.violations}
        if left:
            print(f"   left to a person after --fix: {', '.join(sorted(left))}")


def scaling() -> None:
    from imagia.speech.subtitles import profiles
    from imagia.speech.subtitles.segment import TimedWord, build

    text = SCALE_TEXT.split()
    prev = None
    for n in (1000, 4000, 16000):
        words, t = [], 0.0
        for k in range(n):
            w = text[k % len(text)]
            words.append(TimedWord(w, t, t + 0.05 * len(w) + 0.1))
            t += 0.05 * len(w) + 0.15 + (0.5 if w.endswith(".") else 0)
        secs = best_of(
            lambda words=words: build(
                words,
                profiles.get("netflix-en"),  # type: ignore[misc]
                RATE,
            ),
            1,
        )
        growth = f", x{secs / prev:.1f} for x4 words" if prev else ""
        print(
            f"builder: {n:6d} words ({t / 60:5.1f} min of speech) in {secs:6.3f} s "
            f"({t / secs:7.0f}x real time{growth})"
        )
        prev = secs


# A small bilingual set written for this benchmark (subtitle-like lines, our own references).
BILINGUAL = [
    ("Bonsoir à tous et bienvenue.", "Good evening, everyone, and welcome."),
    ("Tu viens avec nous ce soir ?", "Are you coming with us tonight?"),
    ("Je ne sais pas où il est parti.", "I don't know where he went."),
    ("Ferme la porte, il fait froid.", "Close the door, it's cold."),
    ("Le train part dans dix minutes.", "The train leaves in ten minutes."),
    ("On n'a plus le temps de discuter.", "We don't have time to argue anymore."),
    ("Elle a trouvé la lettre sous le lit.", "She found the letter under the bed."),
    ("Appelle la police, vite !", "Call the police, quick!"),
    ("Il pleut depuis trois jours.", "It has been raining for three days."),
    ("Merci pour tout ce que tu as fait.", "Thank you for everything you did."),
    ("Je t'attendrai devant la gare.", "I'll wait for you outside the station."),
    ("Personne ne doit le savoir.", "Nobody must know."),
    ("Nous avons perdu la partie.", "We lost the game."),
    ("Où as-tu mis les clés de la voiture ?", "Where did you put the car keys?"),
    ("Le médecin arrive demain matin.", "The doctor is coming tomorrow morning."),
    ("C'est la plus belle journée de ma vie.", "This is the best day of my life."),
    ("Je suis désolé, je ne voulais pas te blesser.", "I'm sorry, I didn't mean to hurt you."),
    ("La réunion est reportée à lundi.", "The meeting has been postponed to Monday."),
    ("Tu as vu le film hier soir ?", "Did you see the film last night?"),
    ("Il faut partir avant la nuit.", "We have to leave before nightfall."),
]


def translation() -> None:
    import importlib.util

    from imagia.core.errors import MissingDependency

    if importlib.util.find_spec("llama_cpp") is None:
        print("translation: llama-cpp-python not installed: skipped")
        return
    from imagia.speech.subtitles.translate import corpus_chrf, engine, translate_text

    for model in ("qwen-0.5b", "qwen-1.5b"):
        try:
            eng = engine(model)
        except MissingDependency as exc:
            print(f"translation {model}: {exc}")
            continue
        for src, dst in (("fr", "en"), ("en", "fr")):
            pairs = BILINGUAL if src == "fr" else [(b, a) for a, b in BILINGUAL]
            t0 = time.perf_counter()
            hyps = [translate_text(eng, a, src, dst) for a, _ in pairs]
            secs = time.perf_counter() - t0
            copy = corpus_chrf([a for a, _ in pairs], [b for _, b in pairs])
            score = corpus_chrf(hyps, [b for _, b in pairs])
            print(
                f"translation {model} {src}->{dst}: chrF {score:5.1f} "
                f"on {len(pairs)} lines (baseline: the untranslated source scores {copy:4.1f}); "
                f"{secs / len(pairs):.2f} s per line"
            )
            for h, (a, b) in list(zip(hyps, pairs, strict=True))[:3]:
                print(f"   {a!r} -> {h!r} (ref {b!r})")


def run() -> None:
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        print("speech extra not installed (pip install 'imagia[speech]'): skipped")
        return
    scaling()
    with tempfile.TemporaryDirectory() as tmp:
        dialogues(Path(tmp))
    librivox()
    translation()
