"""Benchmarks: each reports a ratio against a baseline measured in the same run, and how time
grows with input size. Run with `make bench` (or `python -m benchmarks [name...]`)."""

from __future__ import annotations

import sys

from benchmarks import bench_catalogue, bench_loudness

SUITES = {"catalogue": bench_catalogue.run, "loudness": bench_loudness.run}


def main(argv: list[str]) -> int:
    names = argv or list(SUITES)
    for name in names:
        if name not in SUITES:
            print(f"unknown benchmark {name!r}; valid: {', '.join(SUITES)}", file=sys.stderr)
            return 1
        print(f"\n== {name} ==")
        SUITES[name]()
    return 0


raise SystemExit(main(sys.argv[1:]))
