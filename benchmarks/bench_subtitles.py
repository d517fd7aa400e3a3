"""Subtitles measured by the independent checker (:mod:`benchmarks.subtitle_checker`) on
dialogues with known sentence timings, speakers and hard cuts (:mod:`benchmarks.subtitle_media`):

- compliance (share of events breaking no rule) per language for (a) imagia's builder, (b) plain
  Whisper segments written straight to SRT, (c) what our own QC says of (a) given the audio's
  speech onsets, and (d) the plain segments after ``subtitles qc --fix`` given the same;
- the in-cue error against the known speech onsets, in frames (mean of absolute errors, 95th
  percentile), and the rules each output breaks most;
- the cuts found by the shot detector against the ones placed in the video.

Two sets are reported apart: the tuning set (the four fixed scenes and the dialogues of
:data:`~benchmarks.subtitle_media.TUNING_SEEDS`) and the held-out set (dialogues drawn from
:data:`~benchmarks.subtitle_media.HELD_OUT_SEEDS`, never looked at while tuning).

The media and their transcripts are kept in ``.cache/bench-subtitles`` (set
``IMAGIA_BENCH_SUBTITLES`` to use another folder); the builder and the checks run every time.
"""

from __future__ import annotations

import inspect
import json
import os
import statistics
from pathlib import Path
from typing import Any

from benchmarks.subtitle_checker import Result, check, percentile
from benchmarks.subtitle_media import (
    CASES,
    HELD_OUT_SEEDS,
    RATE,
    TUNING_SEEDS,
    Case,
    available,
    make_case,
    seeded_cases,
)

PROFILES = {"en": "netflix-en", "fr": "netflix-fr"}


def _folder() -> Path:
    env = os.environ.get("IMAGIA_BENCH_SUBTITLES")
    return Path(env) if env else Path(__file__).resolve().parent.parent / ".cache/bench-subtitles"


def _transcript(wav: Path, language: str) -> Any:
    from imagia.speech.transcribe import TranscribeOptions, transcribe
    from imagia.speech.transcript import Transcript

    cached = wav.with_suffix(".transcript.json")
    if cached.is_file() and cached.stat().st_mtime >= wav.stat().st_mtime:
        return Transcript.load(cached)
    tr = transcribe(wav, TranscribeOptions(language=language))
    cached.write_text(json.dumps(tr.to_dict(), ensure_ascii=False), encoding="utf-8")
    return tr


def _srt(sf: Any) -> str:
    from imagia.speech.subtitles.formats import srt

    return srt.write(sf)


def _merge(into: dict[str, int], more: dict[str, int]) -> None:
    for k, v in more.items():
        into[k] = into.get(k, 0) + v


def run() -> None:
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        print("speech extra not installed (pip install 'imagia[speech]'): skipped")
        return
    why = available()
    if why:
        print(f"subtitle dialogues: {why}: skipped")
        return
    folder = _folder()
    groups = {
        f"tuning (4 fixed scenes + seeds {', '.join(map(str, TUNING_SEEDS))})": [
            *CASES,
            *seeded_cases(TUNING_SEEDS),
        ],
        f"held-out (seeds {', '.join(map(str, HELD_OUT_SEEDS))}, never tuned on)": seeded_cases(
            HELD_OUT_SEEDS
        ),
    }
    for title, cases in groups.items():
        print(f"-- {title}")
        _report(_measure(cases, folder))


def _measure(cases: list[Case], folder: Path) -> dict[str, dict[str, Any]]:
    from imagia.speech.audio import load
    from imagia.speech.subtitles import profiles, qc, shots
    from imagia.speech.subtitles.model import SubtitleFile
    from imagia.speech.subtitles.segment import build
    from imagia.speech.subtitles.turns import speech_onsets

    totals: dict[str, dict[str, Any]] = {}
    for case in cases:
        wav, mp4, truth_path = make_case(case, folder)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        found = shots.detect(mp4)
        found_frames = sorted(round(t * RATE) for t in found)
        hit = len(set(found_frames) & set(truth["cuts"]))
        tr = _transcript(wav, case.language)
        prof = profiles.get(PROFILES[case.language])
        extra = {"audio": wav} if "audio" in inspect.signature(build).parameters else {}
        events = build(tr.words(), prof, RATE, found, language=case.language, **extra)
        ours = SubtitleFile(events, language=case.language, rate=RATE)
        plain = tr.to_subtitles()
        heard = speech_onsets(load(wav))
        fixed = qc.fix(plain, prof, RATE, found, heard).file
        own = qc.check(ours, prof, RATE, found, heard)
        results = {
            "ours": check(_srt(ours), truth),
            "plain": check(_srt(plain), truth),
            "fixed": check(_srt(fixed), truth),
        }
        t = totals.setdefault(
            case.language,
            {k: [0, 0, [], {}] for k in results} | {"qc": [0, 0], "cuts": [0, 0, 0]},
        )
        for key, r in results.items():
            t[key][0] += r.ok
            t[key][1] += r.events
            t[key][2].extend(r.in_errors)
            _merge(t[key][3], r.by_rule())
        t["qc"][0] += own.events_ok
        t["qc"][1] += own.events
        t["cuts"][0] += hit
        t["cuts"][1] += len(found_frames)
        t["cuts"][2] += len(truth["cuts"])
        _detail(case.name, results["ours"])
    return totals


def _report(totals: dict[str, dict[str, Any]]) -> None:
    label = {
        "ours": "imagia builder",
        "plain": "plain Whisper segments",
        "fixed": "plain + qc --fix",
    }
    for lang, t in sorted(totals.items(), key=lambda kv: kv[0] != "fr"):
        print(
            f"{lang}: cuts found {t['cuts'][0]}/{t['cuts'][2]} placed "
            f"({t['cuts'][1]} reported); our QC passes {t['qc'][0]}/{t['qc'][1]} of ours "
            f"({t['qc'][0] / max(1, t['qc'][1]):.0%})"
        )
        for key in ("ours", "plain", "fixed"):
            ok, n, errs, rules = t[key]
            absd = [abs(e) for e in errs]
            mean = statistics.fmean(absd) if absd else float("nan")
            print(
                f"   {label[key]:24s}: {ok}/{n} events comply ({ok / max(1, n):.0%}); in-cue "
                f"error vs speech onset: mean {mean:.1f}, p95 {percentile(absd, 0.95):.0f} frames "
                f"at {RATE} fps; rules broken: {rules}"
            )


def _detail(name: str, r: Result) -> None:
    if os.environ.get("IMAGIA_BENCH_VERBOSE"):
        print(f"   {name}: {r.ok}/{r.events}, {dict(sorted(r.bad.items()))}, in {r.in_errors}")
