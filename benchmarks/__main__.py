"""Benchmarks: each reports a ratio against a baseline measured in the same run, and how time
grows with input size. Run with `make bench` (or `python -m benchmarks [name...]`)."""

from __future__ import annotations

import importlib
import sys

# name -> module; each module has run() -> None. Imported only when run, so one suite's
# optional dependencies never stop the others.
SUITES = {
    "catalogue": "benchmarks.bench_catalogue",
    "loudness": "benchmarks.bench_loudness",
    "audio": "benchmarks.bench_audio",
    "script": "benchmarks.bench_script",
    "schedule": "benchmarks.bench_schedule",
    "finance": "benchmarks.bench_finance",
    "games": "benchmarks.bench_games",
    "broadcast": "benchmarks.bench_broadcast",
    "speech": "benchmarks.bench_speech",
    "transcribe": "benchmarks.bench_transcribe",
    "subtitles": "benchmarks.bench_subtitles",
    "subtitle-edit": "benchmarks.bench_subtitle_edit",
    "index": "benchmarks.bench_index",
    "search": "benchmarks.bench_search",
    "speakers": "benchmarks.bench_speakers",
    "batch": "benchmarks.bench_batch",
    "deliver": "benchmarks.bench_deliver",
    "assist": "benchmarks.bench_assist",
    "gamedev": "benchmarks.bench_gamedev",
    "texture": "benchmarks.bench_texture",
    "access": "benchmarks.bench_access",
    "vfx": "benchmarks.bench_vfx",
}


def main(argv: list[str]) -> int:
    names = argv or list(SUITES)
    failed = []
    for name in names:
        if name not in SUITES:
            print(f"unknown benchmark {name!r}; valid: {', '.join(SUITES)}", file=sys.stderr)
            return 1
        print(f"\n== {name} ==", flush=True)
        try:
            importlib.import_module(SUITES[name]).run()
        except ImportError as exc:
            print(f"skipped: {exc} (install the domain's extra)")
            failed.append(name)
    return 0


raise SystemExit(main(sys.argv[1:]))
