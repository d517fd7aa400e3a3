"""A long fuzz campaign on every reader of users' files (``make fuzz``; issue 15).

Each reader gets ``--examples`` inputs, its valid samples mutated by a seeded random mutator
(the tests' mutators and samples: tests/test_readers_robust.py and
tests/test_readers_text_robust.py). An input must be parsed, or refused with an ImagiaError of
one line naming the file, within ``--cpu`` seconds of CPU time. Anything else is a failure: an
exception that is not an ImagiaError, a hang (stopped after ten times the bound), an input over
the bound, a message that does not name the file, the process growing past ``--memory-mib``.

Prints one row per reader (inputs tried, parsed, typed errors, failures, slowest input, peak
memory) and exits 1 on any failure; the first failing inputs of each reader are kept to replay.
Shards run in ``--jobs`` processes; ``--budget-s`` stops the campaign early (the table then
says how many inputs each reader really got).

    python scripts/fuzz.py --examples 100000 --jobs 2 [--readers fountain,srt] [--budget-s 3600]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the tests package holds the samples and mutators

SHARD = 2000  # inputs per task given to a worker process


@dataclass
class Target:
    """One reader: its seeds, how to mutate one, how to read it, the file names it may name."""

    seeds: list[bytes]
    mutate: Callable[[random.Random, bytes], bytes]
    read: Callable[[Path, bytes], object]  # (folder of its own, data) -> parsed
    names: Callable[[Path], set[str]]  # file names an error may name


@dataclass
class Tally:
    inputs: int = 0
    parsed: int = 0
    typed: int = 0
    failures: int = 0
    slowest: float = 0.0
    peak_mib: float = 0.0
    examples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.parsed += other.parsed
        self.typed += other.typed
        self.failures += other.failures
        self.slowest = max(self.slowest, other.slowest)
        self.peak_mib = max(self.peak_mib, other.peak_mib)
        self.examples += other.examples[: max(0, 5 - len(self.examples))]


def mutate_bytes(rng: random.Random, sample: bytes) -> bytes:
    """The finance, schedule and games readers' mutator (the fuzz test's hypothesis strategy,
    drawn from ``rng``): a few byte edits, token insertions, deletions, repeats or a cut."""
    from tests.test_readers_robust import TOKENS

    data = bytearray(sample)
    for _ in range(rng.randint(1, 6)):
        op = rng.choice(("set", "insert", "delete", "truncate", "repeat"))
        if not data:
            data.extend(rng.randbytes(rng.randint(1, 8)))
            continue
        i = rng.randint(0, len(data) - 1)
        if op == "set":
            data[i] = rng.randrange(256)
        elif op == "insert":
            token = rng.choice(TOKENS) if rng.random() < 0.5 else rng.randbytes(rng.randint(1, 6))
            data[i:i] = token
        elif op == "delete":
            del data[i : i + rng.randint(1, 24)]
        elif op == "truncate":
            del data[i:]
        else:
            j = min(len(data), i + rng.randint(1, 32))
            data[i:i] = data[i:j] * rng.randint(2, 60)
    return bytes(data)


def _files_in(folder: Path) -> set[str]:
    """The names of the files in ``folder``, and the folder (a path a file there refers to)."""
    return {str(folder), *(p.name for p in folder.rglob("*") if p.is_file())}


def targets() -> dict[str, Target]:
    """Every fuzzed reader, by the name the tests give it."""
    from tests import test_readers_robust as rb
    from tests import test_readers_text_robust as tx

    out: dict[str, Target] = {}
    for name, (read, _sample) in rb.READERS.items():  # seeds: filled by _prepare
        mutator = tx.mutate_xml if name == "fcpxml" else mutate_bytes  # XML: text and values too
        out[name] = Target([], mutator, read, _files_in)
    for name, (fname, _seeds, parse, _default, mutator) in tx.READERS.items():

        def run(folder: Path, data: bytes, fname: str = fname, parse: Any = parse) -> object:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / fname).write_bytes(data)
            return parse(folder / fname)

        def named(folder: Path, fname: str = fname) -> set[str]:
            return {fname}

        out[name] = Target([], mutator, run, named)
    return out


def seeds(name: str) -> list[bytes]:
    """The valid samples a reader's inputs are mutated from."""
    from tests import test_readers_robust as rb
    from tests import test_readers_text_robust as tx

    if name in rb.READERS:
        return [rb.READERS[name][1]()]
    return tx.READERS[name][1]()


_TARGETS: dict[str, Target] = {}


def _prepare(names: list[str]) -> None:
    """Build the targets and their seeds once, before the workers fork."""
    from imagia.script import ocr_pdf

    ocr_pdf.available = lambda: False  # OCR is not what is fuzzed
    every = targets()
    for name in names:
        _TARGETS[name] = every[name]
        _TARGETS[name].seeds = seeds(name)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shard(task: tuple[str, int, int, float, float, float, str]) -> tuple[str, Tally]:
    """Run inputs ``[start, start + count)`` of one reader's campaign; its tally."""
    from tests.test_readers_text_robust import Hung, cpu_limit

    from imagia.core.errors import ImagiaError

    name, start, count, bound, memory_mib, deadline, keep = task
    target = _TARGETS[name]
    rng = random.Random(f"imagia-fuzz-{name}-{start}")
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as tmp:
        folder = Path(tmp) / name
        for k in range(start, start + count):
            if time.time() > deadline:
                break
            data = target.mutate(rng, rng.choice(target.seeds))
            problem = ""
            t0 = time.process_time()
            try:
                with cpu_limit(10 * bound):
                    target.read(folder, data)
                tally.parsed += 1
            except Hung as exc:
                problem = f"hangs ({exc})"
            except ImagiaError as exc:
                tally.typed += 1
                msg = str(exc).strip()
                if "\n" in msg:
                    problem = f"{type(exc).__name__} of several lines: {msg[:200]!r}"
                elif not any(n in msg for n in target.names(folder)):
                    problem = f"{type(exc).__name__} does not name the file: {msg[:200]}"
            except Exception as exc:  # what the campaign exists to find
                problem = f"{type(exc).__name__}: {str(exc)[:200]}"
            took = time.process_time() - t0
            tally.inputs += 1
            tally.slowest = max(tally.slowest, took)
            if not problem and took > bound:
                problem = f"{took:.2f} s of CPU"
            if not problem and _rss_mib() > memory_mib:
                problem = f"the process grew to {_rss_mib():.0f} MiB"
                memory_mib = float("inf")  # the peak only grows: said once per shard
            if problem:
                tally.failures += 1
                if len(tally.examples) < 5:
                    kept = Path(keep) / f"{name}-{k}.bin"
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    kept.write_bytes(data)
                    tally.examples.append(f"#{k} ({len(data)} bytes, kept in {kept}): {problem}")
    tally.peak_mib = _rss_mib()
    return name, tally


def table(tallies: dict[str, Tally]) -> str:
    head = ("reader", "inputs", "parsed", "typed errors", "failures", "slowest s", "peak MiB")
    rows = [
        (n, f"{t.inputs:,}", f"{t.parsed:,}", f"{t.typed:,}", f"{t.failures:,}",
         f"{t.slowest:.3f}", f"{t.peak_mib:.0f}")
        for n, t in tallies.items()
    ]  # fmt: skip
    total = Tally()
    for t in tallies.values():
        total.add(t)
    rows.append(
        ("all", f"{total.inputs:,}", f"{total.parsed:,}", f"{total.typed:,}",
         f"{total.failures:,}", f"{total.slowest:.3f}", f"{total.peak_mib:.0f}")
    )  # fmt: skip
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in [head, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from tests import test_readers_robust as rb
    from tests import test_readers_text_robust as tx

    every = [*rb.READERS, *tx.READERS]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=20_000, help="inputs per reader")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--readers", default="", help=f"comma-separated, of: {', '.join(every)}")
    ap.add_argument("--cpu", type=float, default=1.0, help="CPU seconds an input may take")
    ap.add_argument("--memory-mib", type=float, default=2048, help="peak memory of a worker")
    ap.add_argument("--budget-s", type=float, default=0, help="stop after this long (0: never)")
    ap.add_argument("--keep", default=str(Path(tempfile.gettempdir()) / "imagia-fuzz"))
    ap.add_argument("--report", default="", help="write the tallies as JSON here too")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.readers.split(",") if n.strip()] or every
    unknown = [n for n in names if n not in every]
    if unknown:
        ap.error(f"unknown reader {unknown[0]!r} (readers: {', '.join(every)})")
    _prepare(names)
    deadline = time.time() + args.budget_s if args.budget_s > 0 else float("inf")
    # shard 0 of every reader, then shard 1...: a campaign stopped early stays balanced
    tasks = [
        (n, s, min(SHARD, args.examples - s), args.cpu, args.memory_mib, deadline, args.keep)
        for s in range(0, args.examples, SHARD)
        for n in names
    ]
    tallies = {n: Tally() for n in names}
    t0 = time.time()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.jobs, maxtasksperchild=10) as pool:
        for name, tally in pool.imap_unordered(shard, tasks):
            tallies[name].add(tally)
            done = sum(t.inputs for t in tallies.values())
            print(
                f"[{time.time() - t0:7.0f} s] {name}: {tallies[name].inputs:,} inputs, "
                f"{tallies[name].failures} failures ({done:,} in all)",
                file=sys.stderr,
                flush=True,
            )
    print(f"\nfuzz campaign: {args.examples:,} inputs per reader asked, {args.jobs} processes, "
          f"{time.time() - t0:.0f} s, bound {args.cpu:g} s CPU an input")  # fmt: skip
    print(table(tallies))
    failing = {n: t for n, t in tallies.items() if t.failures}
    for n, t in failing.items():
        print(f"\n{n}: {t.failures} failures; first ones:")
        for line in t.examples:
            print(f"  {line}")
    if args.report:
        Path(args.report).write_text(
            json.dumps({n: t.__dict__ for n, t in tallies.items()}, indent=1), encoding="utf-8"
        )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
