"""Talent scheduling on the literature's instances (../shared/data/talent) against the published
optima, with the script order, a greedy heuristic and CP-SAT measured in the same run; then the
scale curve on generated instances; then the production stripboard on the example and on
generated productions.

Run: ``python -m benchmarks schedule`` (or ``make bench``). ``IMAGIA_TALENT_DATA`` points to
the data folder; ``IMAGIA_BENCH_CPSAT`` sets the CP-SAT limit per instance (default 5 s).

Last, the stripboard at scale (issue 19): realistic generated productions of 60, 120 and 200
scenes, LNS and plain CP-SAT at 60 s and 300 s each (separate runs), the constructive start and
first-fit, every schedule checked by the independent checker, the gap of each against one lower
bound (the larger of :func:`imagia.schedule.bounds.lower_bound` and the best CP-SAT bound of
the runs). That part takes about 36 minutes; ``IMAGIA_BENCH_QUICK=1`` runs 60 and 120 scenes at
10 s and 30 s instead (under 3 minutes); ``IMAGIA_BENCH_SIZES=60,200`` picks the sizes.

Before it, which side of the gap is weak (:func:`bound_quality`, 2-5 minutes): on parts of
the 60-scene production small enough for CP-SAT to prove the optimum (``k`` scenes from an
offset, their actors, a calendar of 1.6 times the days their pages need), the proven optimum
against the lower bound without and with the split-scene cast relaxation.
``IMAGIA_BENCH_STRIPBOARD=only`` runs these two parts alone, ``=bound`` the first alone.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from imagia.schedule.talent import generate, read_instance, solve

_CANDIDATES = [
    Path(os.environ.get("IMAGIA_TALENT_DATA", "")),
    Path(__file__).resolve().parents[2] / "shared" / "data" / "talent",
    Path("/work/shared/data/talent"),
]


def data_dir() -> Path | None:
    return next((p for p in _CANDIDATES if str(p) and (p / "optima.json").exists()), None)


def talent_table(cpsat_limit: float) -> None:
    root = data_dir()
    if root is None:
        print("talent data not found (set IMAGIA_TALENT_DATA); table skipped")
        return
    optima = json.loads((root / "optima.json").read_text())["instances"]
    print(
        f"{'instance':<13}{'n':>3}{'ours':>6}{'optimum':>8}{'gap':>6}{'proven':>7}"
        f"{'sec':>7} | {'script':>6}{'greedy':>7}{'vs greedy':>10} | "
        f"{'cpsat':>6}{'cp sec':>7}{'cp proven':>10}"
    )
    tot = {"ours": 0.0, "script": 0.0, "greedy": 0.0}
    solved = 0
    for row in optima:
        inst = read_instance(root / row["file"])
        ours = solve(inst, "auto")
        script = solve(inst, "script")
        greedy = solve(inst, "greedy")
        cp = solve(inst, "cpsat", time_limit=cpsat_limit)
        opt = row["optimal_total_cost"]
        gap = (ours.total_cost - opt) / opt
        solved += ours.total_cost == opt
        tot["ours"] += ours.seconds
        name = row["name"].split(" (")[0]
        print(
            f"{name:<13}{inst.n:>3}{ours.total_cost:>6}{opt:>8}{gap:>6.1%}"
            f"{'yes' if ours.optimal else 'no':>7}{ours.seconds:>7.3f} | "
            f"{script.total_cost:>6}{greedy.total_cost:>7}"
            f"{(greedy.total_cost - ours.total_cost) / ours.total_cost:>+10.1%} | "
            f"{cp.total_cost:>6}{cp.seconds:>7.2f}{'yes' if cp.optimal else 'no':>10}"
        )
    print(
        f"published optimum reached on {solved}/{len(optima)} instances; exact DP total "
        f"{tot['ours']:.2f} s (CP-SAT limit {cpsat_limit:g} s per instance)"
    )
    for extra in ("minizinc/film117.dzn", "csplib_prob039/rehearsal_smith.dzn"):
        if (root / extra).exists():
            r = solve(read_instance(root / extra))
            print(
                f"  {extra}: cost {r.total_cost} (idle {r.idle_cost}), "
                f"{'proven' if r.optimal else 'not proven'}, {r.seconds:.3f} s"
            )


def scale_curve(limit: float) -> None:
    print(
        f"\nscale (generated, seed 1; time limit {limit:g} s; gap = vs the best proven bound, "
        "for n > 24 the CP-SAT bound, barely above the fixed cost, so an upper bound on the "
        "true gap)"
    )
    print(
        f"{'scenes':>6}{'actors':>7}{'method':>10}{'cost':>8}{'bound':>8}{'gap':>7}"
        f"{'sec':>7} | {'cpsat':>7}{'cp sec':>7} | {'greedy':>7}{'script':>7}"
        f"{'vs greedy':>10}{'vs script':>10}"
    )
    for n in (20, 50, 100, 200):
        inst = generate(n, seed=1)
        greedy = solve(inst, "greedy")
        script = solve(inst, "script")
        r = solve(inst, "auto", time_limit=limit)
        cp = solve(inst, "cpsat", time_limit=limit)
        print(
            f"{n:>6}{inst.m:>7}{r.method:>10}{r.total_cost:>8}{r.lower_bound:>8}{r.gap:>7.1%}"
            f"{r.seconds:>7.2f} | {cp.total_cost:>7}{cp.seconds:>7.2f} | "
            f"{greedy.total_cost:>7}{script.total_cost:>7}"
            f"{(r.total_cost - greedy.total_cost) / greedy.total_cost:>+10.1%}"
            f"{(r.total_cost - script.total_cost) / script.total_cost:>+10.1%}"
        )


def production(limit: float) -> None:
    from imagia.schedule.checker import check
    from imagia.schedule.demo import example_dir
    from imagia.schedule.model import SolveOptions, greedy_days, optimise
    from imagia.schedule.scenes import parse_constraints, read_constraints, read_scenes
    from imagia.schedule.synthetic import generated_production

    print(
        f"\nproduction stripboard (CP-SAT, limit {limit:g} s, 8 workers) vs the first-fit "
        "stripboard (grouped by location and cast, earliest day that fits; also the hint)"
    )
    ex = example_dir()
    scenes = read_scenes(ex / "scenes.csv")
    cons = parse_constraints(read_constraints(ex / "constraints.yaml"), scenes)
    cases = [("example (25)", scenes, cons)]
    for n in (50, 100):
        sc, co = generated_production(n, seed=2)
        cases.append((f"generated ({n})", sc, co))
    print(
        f"{'case':<16}{'cal days':>9}{'days':>5}{'cost':>9}{'bound':>8}{'gap':>7}{'sec':>7}"
        f" | {'first-fit':>9}{'valid':>6}{'vs first-fit':>13}"
    )
    for name, sc, co in cases:
        plan = optimise(sc, co, SolveOptions(time_limit=limit))
        rep = check(sc, co, plan.dates, plan.days)
        assert rep.ok and rep.costs["total"] == plan.objective, rep.violations
        days: list[list[str]] = [[] for _ in co.dates]
        for s, d in zip(sc, greedy_days(sc, co), strict=True):
            if d is not None:
                days[d].append(s.id)
        base = check(sc, co, co.dates, days)
        total = base.costs["total"]
        print(
            f"{name:<16}{len(co.dates):>9}{sum(1 for d in plan.days if d):>5}"
            f"{plan.objective:>9}{plan.bound:>8}{plan.gap:>7.1%}{plan.seconds:>7.1f} | "
            f"{total:>9}{'yes' if base.ok else 'no':>6}"
            f"{(plan.objective - total) / total:>+13.1%}"
        )


def _checked(sc: list[Any], co: Any, days: list[list[str]]) -> int:
    from imagia.schedule.checker import check

    rep = check(sc, co, co.dates, days)
    assert rep.ok, rep.violations[:3]
    return int(rep.costs["total"])


def _board(co: Any, sc: list[Any], assign: list[int | None]) -> list[list[str]]:
    days: list[list[str]] = [[] for _ in co.dates]
    for s, d in zip(sc, assign, strict=True):
        if d is not None:
            days[d].append(s.id)
    return days


def at_scale(quick: bool) -> None:
    """Cost and gap of LNS and plain CP-SAT at two time limits on realistic productions."""
    from imagia.core.errors import ImagiaError
    from imagia.schedule.bounds import lower_bound
    from imagia.schedule.construct import constructive
    from imagia.schedule.lns import optimise_lns
    from imagia.schedule.model import SolveOptions, greedy_days, optimise
    from imagia.schedule.synthetic import realistic_production

    sizes: tuple[int, ...] = (60, 120) if quick else (60, 120, 200)
    limits = (10.0, 30.0) if quick else (60.0, 300.0)
    if os.environ.get("IMAGIA_BENCH_SIZES"):  # e.g. "60,200"
        sizes = tuple(int(n) for n in os.environ["IMAGIA_BENCH_SIZES"].split(","))
    print(
        f"\nstripboard at scale (realistic productions, seed 0; {'quick' if quick else 'full'}; "
        f"8 CP-SAT workers on {os.cpu_count()} cores); gap = (cost - LB) / cost, LB = max(the "
        "problem's lower bound, the best CP-SAT bound of the runs)"
    )
    print(
        f"{'scenes':>6}{'cast':>5}{'days':>5}{'LB':>9}{'(prob.)':>9}{'first-fit':>10}"
        f"{'start':>9} | {'limit':>5}{'lns':>9}{'gap':>7}{'cpsat':>9}{'gap':>7}"
        f"{'lns vs cpsat':>13}{'lns vs ff':>10}{'load':>6}"
    )
    for n in sizes:
        sc, co = realistic_production(n, seed=0)
        ff = _checked(sc, co, _board(co, sc, greedy_days(sc, co)))
        start = _checked(sc, co, _board(co, sc, constructive(sc, co)))
        bound = lower_bound(sc, co)
        prob = bound.total
        print(f"  {n} scenes, the problem's bound by term: {bound.terms}", flush=True)
        rows = []
        cp_bound = 0
        for limit in limits:
            opts = SolveOptions(time_limit=limit)
            ours = optimise_lns(sc, co, opts)
            plain = None
            try:
                got = optimise(sc, co, opts)
                _checked(sc, co, got.days)
                plain, cp_bound = got.objective, max(cp_bound, got.bound)
            except ImagiaError as exc:  # no schedule within the limit
                print(f"  plain CP-SAT, {n} scenes, {limit:g} s: {exc}")
            _checked(sc, co, ours.days)
            cp_bound = max(cp_bound, *(int(x) for x in _cp_bounds(ours.notes)))
            # the 1-minute load average over the two runs (the machine is shared)
            rows.append((limit, ours.objective, plain, os.getloadavg()[0]))
        lb = max(prob, cp_bound)
        for limit, cost, plain, load in rows:
            cp_txt = f"{plain:>9}{(plain - lb) / plain:>7.1%}" if plain else f"{'none':>9}{'':>7}"
            vs = f"{(cost - plain) / plain:>+13.1%}" if plain else f"{'':>13}"
            print(
                f"{n:>6}{len(co.actors):>5}{len(co.dates):>5}{lb:>9}{prob:>9}{ff:>10}{start:>9}"
                f" | {limit:>5g}{cost:>9}{(cost - lb) / cost:>7.1%}{cp_txt}{vs}"
                f"{(cost - ff) / ff:>+10.1%}{load:>6.1f}",
                flush=True,
            )


def sub_production(k: int, offset: int) -> tuple[list[Any], Any]:
    """Scenes ``offset`` to ``offset + k`` of the 60-scene realistic production, with their
    actors and a calendar of 1.6 times the days their pages need (no location windows, no
    must-shoot date)."""
    import math

    from imagia.schedule.scenes import parse_constraints
    from imagia.schedule.synthetic import realistic_production

    scenes, cons = realistic_production(60, seed=0)
    part = scenes[offset : offset + k]
    raw = dict(cons.raw)
    cast = {a for s in part for a in s.cast}
    days = max(6, math.ceil(sum(s.eighths for s in part) / 40 * 1.6))
    raw["calendar"] = {"start": raw["calendar"]["start"], "days": days}
    raw["actors"] = {a: v for a, v in raw["actors"].items() if a in cast}
    raw["locations"] = {}
    raw.pop("must_shoot", None)
    return part, parse_constraints(raw, part, f"realistic-60[{offset}:{offset + k}]")


def bound_quality(quick: bool) -> None:
    """Proven optima of small productions against the lower bound, without and with the
    CP-SAT cast relaxation: how far above its bound the best possible schedule is."""
    from imagia.schedule.bounds import lower_bound
    from imagia.schedule.model import SolveOptions, optimise

    cases: list[tuple[int, int]] = [(14, 0), (14, 20), (14, 40)]
    if not quick:
        cases += [(20, 0), (20, 30)]
    print(
        "\nlower bound vs proven optimum (parts of the 60-scene production; CP-SAT, 8 workers, "
        "120 s at most; 'gap' = (optimum - bound) / optimum, the least gap any schedule can show)"
    )
    print(
        f"{'part':>12}{'days':>5}{'optimum':>9}{'proven':>7}{'bound':>8}{'gap':>7}"
        f"{'+relax':>8}{'gap':>7}{'relax s':>8}  optimum's terms"
    )
    for k, off in cases:
        sc, co = sub_production(k, off)
        plan = optimise(sc, co, SolveOptions(time_limit=120))
        plain = lower_bound(sc, co).total
        t0 = time.perf_counter()
        relaxed = lower_bound(sc, co, seconds=30).total
        took = time.perf_counter() - t0
        opt, part, proven = plan.objective, f"{off}:{off + k}", "yes" if plan.optimal else "no"
        print(
            f"{part:>12}{len(co.dates):>5}{opt:>9}{proven:>7}"
            f"{plain:>8}{(opt - plain) / opt:>7.1%}{relaxed:>8}{(opt - relaxed) / opt:>7.1%}"
            f"{took:>8.1f}  {plan.costs}",
            flush=True,
        )


def _cp_bounds(notes: list[str]) -> list[str]:
    """The CP-SAT bound an LNS plan's notes give (``... N from CP-SAT``)."""
    return [n.rsplit(", ", 1)[1].split()[0] for n in notes if n.endswith("from CP-SAT")]


def run() -> None:
    limit = float(os.environ.get("IMAGIA_BENCH_CPSAT", "5"))
    quick = os.environ.get("IMAGIA_BENCH_QUICK", "") not in ("", "0")
    only = os.environ.get("IMAGIA_BENCH_STRIPBOARD", "")
    if only not in ("only", "bound"):
        talent_table(limit)
        scale_curve(max(limit, 10.0))
        production(max(limit, 10.0))
    bound_quality(quick)
    if only != "bound":
        at_scale(quick)
