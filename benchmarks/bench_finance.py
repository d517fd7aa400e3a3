"""Waterfall time vs number of revenue lines (1k, 10k, 100k generated), against a baseline
measured in the same run: plain summing of the same lines per channel (Decimal). Then a
catalogue of 10, 100 and 500 works x 12 streams (6 channels x 2 territories) x 10 years of
monthly lines: every beneficiary's statement for the last period (data, no rendering), with
time and peak memory (RSS) as the number of works grows. Last, a full statement cycle of a
500-work catalogue on disk: three annual periods issued in turn (numbered JSON statements in a
workspace register), late receipts, payments recorded in each work's ledger, then a check that
nothing already issued changed."""

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


def _raw(i: int) -> dict[str, Any]:
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
    return raw


def _contract(i: int) -> contracts.Contract:
    return contracts.parse(_raw(i), f"w{i}.yaml")


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
    cycle(500)


YEARS = (2023, 2024, 2025)
_GROUPS = {"d1": ("theatrical", "video"), "d2": ("tvod", "svod"), "d3": ("avod", "free_tv")}


def _write_catalogue(root: Path, works: int, rng: random.Random) -> int:
    """``works`` work folders: contracts, one statement per distributor and year (12 monthly
    lines per channel and territory), the 2025 ones with a receipt dated in 2024 (late)."""
    import csv

    import yaml

    n = 0
    for i in range(works):
        w = root / f"w{i}"
        (w / "statements").mkdir(parents=True)
        (w / "mappings").mkdir()
        raw = _raw(i)
        raw["work"]["release"] = "2023-01-01"
        raw["accounting"] = {"frequency": "annual", "first_period": "2023"}
        for a in raw["agreements"]:
            a["start"] = "2023-01-01"
            a["payments"] = [{"date": "2023-01-01", "amount": 100000}]
        (w / "contracts.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
        received = []
        for d, chs in _GROUPS.items():
            mapping = {
                "schema": "Mapping.1",
                "id": d,
                "party": d,
                "columns": {
                    "date": "Date",
                    "channel": "Channel",
                    "territory": "Territory",
                    "kind": "Kind",
                    "amount": "Amount",
                },
                "constants": {"currency": "EUR"},
                "decimal_comma": False,
            }
            (w / "mappings" / f"{d}.yaml").write_text(yaml.safe_dump(mapping), encoding="utf-8")
            for y in YEARS:
                name = f"statements/{d}-{y}.csv"
                with (w / name).open("w", newline="", encoding="utf-8") as fh:
                    out = csv.writer(fh)
                    out.writerow(["Date", "Channel", "Territory", "Kind", "Amount"])
                    for m in range(1, 13):
                        for ch in chs:
                            for terr in TERRITORIES:
                                amount = Decimal(rng.randrange(100, 2_000_000)) / 100
                                out.writerow([f"{y}-{m:02d}-15", ch, terr, "receipt", amount])
                                n += 1
                    if y == 2025:  # reported late: dated in 2024, closed when it arrives
                        out.writerow(["2024-06-15", chs[0], "FR", "receipt", "1000.00"])
                        n += 1
                received.append({"file": name, "mapping": f"mappings/{d}.yaml", "period": y})
        (w / "received.yaml").write_text(
            yaml.safe_dump({"schema": "Received.1", "statements": received}), encoding="utf-8"
        )
    return n


def cycle(works: int = 500) -> None:
    """Issue 2023, 2024 and 2025 for every work (JSON statements, no PDF), paying what each
    statement says is due; then check every issued file and figure is unchanged."""
    import json
    import tempfile

    from imagia.core.provenance import sha256_file
    from imagia.finance.issuing import IssueOptions, issue, load_for_issue
    from imagia.finance.register import Register
    from imagia.finance.statements import Statement

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root, ws = Path(tmp) / "cat", Path(tmp) / "ws"
        t0 = time.perf_counter()
        n_lines = _write_catalogue(root, works, rng)
        gen = time.perf_counter() - t0

        def writer(st: Statement, stem: str) -> list[dict[str, str]]:
            path = ws / "out" / f"{stem}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(st.to_dict()), encoding="utf-8")
            rel = path.relative_to(ws).as_posix()
            return [{"path": rel, "kind": "statement/json", "sha256": sha256_file(path)}]

        times = []
        issued = late = 0
        for y in YEARS:
            t0 = time.perf_counter()
            for i in range(works):
                wroot = root / f"w{i}"
                res = issue(wroot, ws, IssueOptions(str(y), issued=date(y + 1, 1, 31)), writer)
                issued += len(res.entries)
                late += sum(len(st.late) for st in res.statements if st.beneficiary == "a1")
                paid = [
                    f"{y + 1}-02-28,{e.beneficiary},{e.due},{e.number},transfer\n"
                    for e in res.entries
                    if Decimal(e.due) > 0
                ]
                ledger = wroot / "payments.csv"
                if not ledger.exists():
                    ledger.write_text("date,beneficiary,amount,reference,method\n")
                with ledger.open("a", encoding="utf-8") as fh:
                    fh.writelines(paid)
            times.append(time.perf_counter() - t0)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # Nothing already issued changed: files match their checksums and each statement,
        # recomputed as of its date from today's folders, gives the figures it was issued with.
        t0 = time.perf_counter()
        changed = 0
        for i in range(works):
            w, reg = load_for_issue(root / f"w{i}", ws)
            changed += len(reg.verify(ws))
            for e in reg.entries:
                st = Builder(w, issued=e.issued).statement(e.beneficiary, e.period, e.lang)
                changed += (str(st.entitled), str(st.paid_before), str(st.due)) != (
                    e.entitled,
                    e.paid_before,
                    e.due,
                )
        check = time.perf_counter() - t0
        size = sum(len(Register.load(ws, f"w{i}").entries) for i in range(works))
    print(
        f" {works} works, {n_lines:,} lines written in {gen:5.1f} s; issued "
        + ", ".join(f"{y} in {t:5.1f} s" for y, t in zip(YEARS, times, strict=True))
        + f" ({issued:,} statements, {(sum(times)) / issued * 1000:4.1f} ms each, "
        f"{late} late receipts booked in the open period), peak RSS {rss:4.0f} MB"
    )
    print(
        f" re-checked {size:,} issued statements in {check:5.1f} s: {changed} changed "
        "(checksums and figures)"
    )
