"""Waterfall time vs number of revenue lines (1k, 10k, 100k generated), against a baseline
measured in the same run: plain summing of the same lines per channel (Decimal). Then a
catalogue of 10, 100 and 500 works x 12 streams (6 channels x 2 territories) x 10 years of
monthly lines: every beneficiary's statement for the last period (data, no rendering), with
time and peak memory (RSS) as the number of works grows."""

from __future__ import annotations

import random
import resource
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.timing import best_of
from imagia.finance import contracts
from imagia.finance.lines import Line
from imagia.finance.statements import Builder
from imagia.finance.waterfall import Engine
from imagia.finance.work import Work, rates_of

CHANNELS = ("theatrical", "video", "tvod", "svod", "avod", "free_tv")
TERRITORIES = ("FR", "BE")


def _contract(i: int) -> contracts.Contract:
    parties = [
        {"id": p, "name": p, "role": r}
        for p, r in (
            ("prod", "producer"),
            ("cop", "coproducer"),
            ("fin", "financier"),
            ("d1", "distributor"),
            ("d2", "distributor"),
            ("d3", "platform"),
            ("a1", "author"),
            ("a2", "author"),
        )
    ]
    groups = (
        ("d1", ["theatrical", "video"]),
        ("d2", ["tvod", "svod"]),
        ("d3", ["avod", "free_tv"]),
    )
    raw: dict[str, Any] = {
        "schema": "Contract.1",
        "work": {"id": f"w{i}", "title": f"Work {i}", "release": "2016-01-01"},
        "parties": parties,
        "agreements": [
            {
                "id": f"{p}-a",
                "party": p,
                "channels": chs,
                "territories": ["FR", "BE"],
                "start": "2016-01-01",
                "fees": [{"rate": "30%"}, {"rate": "20%", "from_gross": 500000}],
                "expenses_cap": 200000,
                "mg": 100000,
                "payments": [{"date": "2016-01-01", "amount": 100000}],
            }
            for p, chs in groups
        ],
        "waterfall": {
            "owner": "prod",
            "remunerations": [
                {"id": "a1", "party": "a1", "rate": "2%", "advance": 20000, "payer": "prod"},
                {"id": "a2", "party": "a2", "rate": "1.5%", "advance": 10000, "payer": "prod"},
            ],
            "steps": [
                {
                    "id": "c",
                    "kind": "corridor",
                    "rate": "15%",
                    "cap": 150000,
                    "shares": [{"party": "fin", "share": "100%"}],
                },
                {
                    "id": "p",
                    "kind": "priority",
                    "cap": 300000,
                    "shares": [{"party": "prod", "share": "60%"}, {"party": "cop", "share": "40%"}],
                },
                {
                    "id": "s",
                    "kind": "split",
                    "shares": [{"party": "prod", "share": "70%"}, {"party": "cop", "share": "30%"}],
                },
            ],
        },
        "accounting": {"frequency": "annual", "first_period": "2016"},
    }
    return contracts.parse(raw, f"w{i}.yaml")


_PARTY = {
    "theatrical": "d1",
    "video": "d1",
    "tvod": "d2",
    "svod": "d2",
    "avod": "d3",
    "free_tv": "d3",
}


def _lines(n: int, rng: random.Random, monthly: bool = False) -> list[Line]:
    out: list[Line] = []
    start = date(2016, 1, 1)
    k = 0
    while len(out) < n:
        ch = CHANNELS[k % len(CHANNELS)]
        terr = TERRITORIES[(k // len(CHANNELS)) % 2]
        d = (
            (start + timedelta(days=31 * (k // 12)))
            if monthly
            else (start + timedelta(days=rng.randrange(3650)))
        )
        kind = "expense" if rng.random() < 0.05 else "receipt"
        a = Decimal(rng.randrange(1, 500000)) / 100
        out.append(Line("gen.csv", len(out) + 2, _PARTY[ch], d, ch, terr, kind, a, "EUR", a))
        k += 1
    return out


def _work(i: int, lines: list[Line]) -> Work:
    c = _contract(i)
    return Work(Path("."), Path(f"w{i}.yaml"), c, rates_of(c), [], lines)


def _baseline(lines: list[Line]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for ln in lines:
        totals[ln.channel] += ln.amount
    return totals


def run() -> None:
    rng = random.Random(42)
    end = date(2025, 12, 31)
    prev = None
    for n in (1_000, 10_000, 100_000):
        lines = _lines(n, rng)
        work = _work(0, lines)
        base = best_of(lambda lines=lines: _baseline(lines), 3)  # type: ignore[misc]
        full = best_of(lambda work=work: Engine(work).compute(end), 3)  # type: ignore[misc]
        e = Engine(work)
        again = best_of(lambda e=e: e.compute(end), 3)  # type: ignore[misc]
        growth = f"  x{full / prev:4.1f} for x10 lines" if prev else ""
        print(
            f"{n:>7,} lines: sum per channel {base * 1000:8.1f} ms, waterfall {full * 1000:8.1f}"
            f" ms ({full / base:4.1f}x the sum), recompute on a prepared engine "
            f"{again * 1000:6.2f} ms{growth}"
        )
        prev = full
    prev_w: tuple[int, float] | None = None
    for works in (10, 100, 500):
        n_lines = due = 0
        dt = 0.0
        for i in range(works):  # generated one work at a time, outside the timing
            w = _work(i, _lines(12 * 120, rng, monthly=True))
            n_lines += len(w.lines)
            t0 = time.perf_counter()
            for st in Builder(w).all("2025"):
                due += st.due > 0
            dt += time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        growth = (
            f"  x{dt / prev_w[1]:4.1f} time for x{works / prev_w[0]:.0f} works" if prev_w else ""
        )
        print(
            f"{works:>4} works ({n_lines:,} monthly lines): every statement for 2025 in "
            f"{dt:6.2f} s ({dt / works * 1000:5.1f} ms per work), peak RSS {rss:6.0f} MB"
            f"{growth}"
        )
        prev_w = (works, dt)
