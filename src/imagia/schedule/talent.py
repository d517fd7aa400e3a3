"""The talent scheduling problem (Cheng, Diamond & Lin 1993; CSPLib prob039).

Scenes ``s`` of duration ``d[s]`` are shot one after another; actor ``a`` is paid ``c[a]`` per
time unit from the start of their first scene to the end of their last one (waiting included).
Cost of an order = sum over actors of ``c[a] * span[a]`` ("total"); the part spent waiting is the
"idle" cost, the rest (``c[a] * sum of own durations``) is fixed by the data.

Solvers:

- ``dp``: exact dynamic programming over the set of scenes still to shoot (Garcia de la Banda,
  Stuckey & Chu 2011), vectorised with numpy layer by layer; after merging scenes with the same
  cast (an optimal order keeps them together) and moving cast-less scenes to the end.
  Proves the optimum; memory ``17 * 2**n`` bytes, so up to about 24 merged scenes.
- ``cpsat``: OR-Tools CP-SAT, one interval per scene on a gap-free horizon, ``first``/``last``
  per actor as min/max of starts/ends, hinted with the greedy order; stops at a time limit and
  reports its bound.
- ``lns``: greedy order improved by large-neighbourhood search (windows of 10-16 consecutive
  scenes re-solved exactly by the DP, the casts before and after fixed) for 80 % of the time
  limit, then CP-SAT from that order for the rest (its bound is the reported lower bound).
- ``greedy`` and ``script`` (the given order): baselines.

``auto`` uses ``dp`` when the merged instance has at most ``DP_MAX_SCENES`` scenes, else
``lns``.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.core.textfile import read_text

METHODS = ("auto", "dp", "lns", "cpsat", "greedy", "script")
DP_MAX_SCENES = 24


@dataclass
class TalentInstance:
    name: str
    durations: list[int]
    costs: list[int]
    # cast[a] = the scenes actor a is in
    cast: list[set[int]]

    @property
    def n(self) -> int:
        return len(self.durations)

    @property
    def m(self) -> int:
        return len(self.costs)

    def fixed_cost(self) -> int:
        return sum(
            self.costs[a] * sum(self.durations[s] for s in self.cast[a]) for a in range(self.m)
        )


@dataclass
class TalentResult:
    schema: str
    instance: str
    method: str
    order: list[int]
    total_cost: int
    idle_cost: int
    fixed_cost: int
    lower_bound: int
    optimal: bool
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float:
        if self.total_cost == 0:
            return 0.0
        return (self.total_cost - self.lower_bound) / self.total_cost

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "instance": self.instance,
            "method": self.method,
            "order": self.order,
            "total_cost": self.total_cost,
            "idle_cost": self.idle_cost,
            "fixed_cost": self.fixed_cost,
            "lower_bound": self.lower_bound,
            "gap": round(self.gap, 6),
            "optimal": self.optimal,
            "seconds": round(self.seconds, 4),
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- reading


# The largest duration, cost or count an instance may hold: sums and products of them stay
# well within the 64-bit integers of the solvers.
MAX_VALUE = 10**6


def read_instance(path: Path) -> TalentInstance:
    """Read the ddo/CSPLib text format or a MiniZinc ``.dzn`` file (autodetected)."""
    if not path.exists():
        raise BadFile(path, "file not found")
    text = read_text(path)
    if "=" in text:
        return _read_dzn(path, text)
    return _read_text(path, text)


def _ints(path: Path, tokens: list[str]) -> list[int]:
    out: list[int] = []
    for t in tokens:
        if not _INT.fullmatch(t):
            shown = t if len(t) <= 20 else f"{t[:20]}..."
            raise BadFile(path, f"expected an integer, found {shown!r}")
        if len(t.lstrip("-")) > 12 or abs(int(t)) > MAX_VALUE:
            raise BadFile(path, f"{t[:20]}{'...' if len(t) > 20 else ''} is over {MAX_VALUE:,}")
        out.append(int(t))
    return out


_INT = re.compile(r"-?[0-9]+")


def _read_text(path: Path, text: str) -> TalentInstance:
    """``name``, ``n`` scenes, ``m`` actors, ``m`` rows of ``n`` 0/1 flags + the actor's cost,
    then ``n`` durations (the format of the ddo solver's instances and CSPLib prob039)."""
    tokens = text.split()
    if len(tokens) < 3:
        raise BadFile(
            path,
            "too short for a talent-scheduling instance",
            hint="expected: name, scenes, actors, the cast matrix with costs, durations",
        )
    name = tokens[0]
    n, m = _ints(path, tokens[1:3])
    body = _ints(path, tokens[3:])
    need = m * (n + 1) + n
    if n <= 0 or m <= 0 or len(body) != need:
        raise BadFile(
            path,
            f"{n} scenes and {m} actors need {need} numbers after the header, found {len(body)}",
        )
    rows = [body[a * (n + 1) : (a + 1) * (n + 1)] for a in range(m)]
    durations = body[m * (n + 1) :]
    return _build(path, name, durations, [r[n] for r in rows], [r[:n] for r in rows])


_DZN_WORD = re.compile(r"\w+|\s+|=|[^\w\s=]+")


def _dzn_items(text: str) -> dict[str, str]:
    """``name = value;`` items of MiniZinc data (comments already removed), in linear time: each
    ``;``-ended piece holds one item, named by the word just before its first ``=``."""
    items: dict[str, str] = {}
    pieces = text.split(";")
    for piece in pieces[:-1]:  # the text after the last ";" ends no item
        name = None
        for tok in _DZN_WORD.finditer(piece):
            t = tok.group()
            if t == "=":
                if name is not None:
                    items[name] = piece[tok.end() :].strip()
                    break
            elif not t.isspace():
                name = t if (t[0].isalnum() or t[0] == "_") else None
    return items


def _drop_array2d(raw: str) -> str:
    """``raw`` without its ``array2d(rows, cols,`` prefixes (linear, unlike a regex on
    unbalanced input)."""
    out: list[str] = []
    pos = 0
    while (at := raw.find("array2d(", pos)) >= 0:
        first = raw.find(",", at)
        second = raw.find(",", first + 1) if first >= 0 else -1
        if second < 0:
            break
        out.append(raw[pos:at])
        pos = second + 1
    out.append(raw[pos:])
    return "".join(out)


def _read_dzn(path: Path, text: str) -> TalentInstance:
    """MiniZinc data: ``numScenes/numActors/ia/c/d`` (talent_scheduling.mzn) or
    ``num_pieces/num_players/rehearsal/duration`` (rehearsal.mzn, every player costs 1)."""
    text = re.sub(r"%[^\n]*", "", text)
    items = _dzn_items(text)

    def nums(key: str) -> list[int]:
        return _ints(path, _INT.findall(_drop_array2d(items[key])))

    def one(key: str) -> int:
        values = nums(key)
        if len(values) != 1 or values[0] <= 0:
            raise BadFile(path, f"{key} must be one positive integer")
        return values[0]

    try:
        if "numScenes" in items:
            n, m = one("numScenes"), one("numActors")
            flat, costs, durations = nums("ia"), nums("c"), nums("d")
        else:
            n, m = one("num_pieces"), one("num_players")
            flat, durations = nums("rehearsal"), nums("duration")
            costs = [1] * m
    except KeyError as exc:
        raise BadFile(
            path,
            f"MiniZinc data without {exc.args[0]!r}",
            hint="expected numScenes, numActors, ia, c, d (or num_pieces, num_players, "
            "rehearsal, duration)",
        ) from None
    if len(flat) != n * m:
        raise BadFile(path, f"cast matrix has {len(flat)} entries, expected {n}x{m}")
    rows = [flat[a * n : (a + 1) * n] for a in range(m)]
    return _build(path, path.stem, durations, costs, rows)


def _build(
    path: Path, name: str, durations: list[int], costs: list[int], rows: list[list[int]]
) -> TalentInstance:
    n = len(rows[0]) if rows else 0
    if len(durations) != n or len(costs) != len(rows):
        raise BadFile(
            path,
            f"{len(durations)} durations and {len(costs)} costs for {n} scenes "
            f"and {len(rows)} actors",
        )
    if any(v not in (0, 1) for r in rows for v in r):
        raise BadFile(path, "the cast matrix must hold only 0 and 1")
    if any(d < 0 for d in durations) or any(c < 0 for c in costs):
        raise BadFile(path, "durations and costs must not be negative")
    cast = [{s for s in range(n) if r[s]} for r in rows]
    return TalentInstance(name, durations, costs, cast)


# --------------------------------------------------------------------------- evaluation


def generate(n: int, seed: int = 0, actors: int | None = None) -> TalentInstance:
    """A random instance: ``n`` scenes of 1-3 units, ``max(8, n // 5)`` actors costing 1-40,
    each scene with 1-4 actors (a fixed seed gives the same instance)."""
    import random

    rng = random.Random(seed)
    m = actors or max(8, n // 5)
    cast: list[set[int]] = [set() for _ in range(m)]
    for s in range(n):
        for a in rng.sample(range(m), rng.randint(1, min(4, m))):
            cast[a].add(s)
    return TalentInstance(
        f"gen-{n}-s{seed}",
        [rng.randint(1, 3) for _ in range(n)],
        [rng.randint(1, 40) for _ in range(m)],
        cast,
    )


def evaluate(inst: TalentInstance, order: list[int]) -> int:
    """Total cost of shooting the scenes in ``order`` (independent of any solver)."""
    if sorted(order) != list(range(inst.n)):
        raise BadValue("order", order, reason=f"not a permutation of 0..{inst.n - 1}")
    start: dict[int, int] = {}
    t = 0
    for s in order:
        start[s] = t
        t += inst.durations[s]
    total = 0
    for a in range(inst.m):
        if not inst.cast[a]:
            continue
        first = min(start[s] for s in inst.cast[a])
        last = max(start[s] + inst.durations[s] for s in inst.cast[a])
        total += inst.costs[a] * (last - first)
    return total


def greedy_order(inst: TalentInstance) -> list[int]:
    """Build the order from the front: each step takes the scene whose shooting costs least
    now (actors already called and still needed, plus its own cast), ties to the scene that
    releases most actors."""
    masks = _masks(inst)
    count = [len(c) for c in inst.cast]  # scenes left per actor
    remaining = set(range(inst.n))
    done_cast = 0
    order: list[int] = []
    while remaining:
        multi = sum(1 << a for a in range(inst.m) if count[a] >= 2)
        single = sum(1 << a for a in range(inst.m) if count[a] == 1)
        best: tuple[float, int, int] | None = None
        for s in remaining:
            rest_cast = multi | (single & ~masks[s])
            on = masks[s] | (done_cast & rest_cast)
            step = inst.durations[s] * _wsum(inst.costs, on)
            # prefer scenes that use actors already called (fewer new starts)
            new = _wsum(inst.costs, masks[s] & ~done_cast)
            key = (step + new * 0.5, -bin(masks[s] & done_cast).count("1"), s)
            if best is None or key < best:
                best = key
        assert best is not None
        s = best[2]
        order.append(s)
        remaining.discard(s)
        done_cast |= masks[s]
        for a in range(inst.m):
            if masks[s] >> a & 1:
                count[a] -= 1
    return order


def _masks(inst: TalentInstance) -> list[int]:
    masks = [0] * inst.n
    for a, scenes in enumerate(inst.cast):
        for s in scenes:
            masks[s] |= 1 << a
    return masks


def _wsum(costs: list[int], mask: int) -> int:
    total = 0
    a = 0
    while mask:
        if mask & 1:
            total += costs[a]
        mask >>= 1
        a += 1
    return total


# --------------------------------------------------------------------------- reduction


@dataclass
class _Reduced:
    groups: list[list[int]]  # merged scene -> original scenes (kept together)
    empty: list[int]  # cast-less scenes, shot last
    inst: TalentInstance


def _reduce(inst: TalentInstance) -> _Reduced:
    masks = _masks(inst)
    by_cast: dict[int, list[int]] = {}
    empty: list[int] = []
    for s in range(inst.n):
        if masks[s] == 0:
            empty.append(s)
        else:
            by_cast.setdefault(masks[s], []).append(s)
    groups = list(by_cast.values())
    durations = [sum(inst.durations[s] for s in g) for g in groups]
    cast = [{i for i, g in enumerate(groups) if g[0] in inst.cast[a]} for a in range(inst.m)]
    red = TalentInstance(inst.name, durations, list(inst.costs), cast)
    return _Reduced(groups, empty, red)


def _expand(red: _Reduced, order: list[int]) -> list[int]:
    return [s for g in order for s in red.groups[g]] + red.empty


# --------------------------------------------------------------------------- solvers


def solve(
    inst: TalentInstance, method: str = "auto", time_limit: float = 60.0, workers: int = 8
) -> TalentResult:
    """Solve ``inst`` with ``method`` (see the module doc). ``time_limit`` bounds ``cpsat``."""
    if method not in METHODS:
        raise BadValue("method", method, METHODS)
    t0 = time.perf_counter()
    fixed = inst.fixed_cost()
    notes: list[str] = []
    lower = fixed
    optimal = False
    if method == "script":
        order = list(range(inst.n))
    elif method == "greedy":
        order = greedy_order(inst)
    else:
        red = _reduce(inst)
        if red.inst.n < inst.n:
            notes.append(f"merged {inst.n} scenes into {red.inst.n} (same cast kept together)")
        use = method
        if method == "auto":
            use = "dp" if red.inst.n <= DP_MAX_SCENES else "lns"
        if use == "dp":
            if red.inst.n > DP_MAX_SCENES + 4:
                raise BadValue(
                    "method",
                    "dp",
                    METHODS,
                    reason=f"{red.inst.n} distinct scenes are too many for the exact "
                    f"DP (about {DP_MAX_SCENES} at most); use cpsat",
                )
            sub = _dp(red.inst)
            lower, optimal = evaluate(red.inst, sub), True
        else:
            hint = greedy_order(red.inst)
            if use == "lns" and red.inst.m <= 62:  # the DP's actor sets are int64 masks
                # windows of 16 scenes need the actor-set cost table (at most 22 actors)
                wins = (10, 13, 16) if red.inst.m <= 22 else (10, 12)
                hint = _lns(red.inst, hint, time.perf_counter() + time_limit * 0.8, wins)
                notes.append(
                    "CP-SAT hinted with greedy + DP-window search "
                    f"(cost {evaluate(red.inst, hint)})"
                )
            sub, lower, optimal = _cpsat(
                red.inst, time_limit - (time.perf_counter() - t0), workers, hint
            )
            if evaluate(red.inst, hint) < evaluate(red.inst, sub):
                sub = hint
        order = _expand(red, sub)
        method = f"{method}:{use}" if method == "auto" else method
    total = evaluate(inst, order)
    if optimal:
        lower = total
    return TalentResult(
        "TalentSchedule.1",
        inst.name,
        method,
        order,
        total,
        total - fixed,
        fixed,
        min(lower, total),
        optimal,
        time.perf_counter() - t0,
        notes,
    )


def _dp(inst: TalentInstance, pre: int = 0, post: int = 0) -> list[int]:
    """Exact DP over remaining sets: ``f(R) = min_s d_s * c(A_s | (L(done) & L(R - s))) +
    f(R - s)`` where ``L`` is the union of casts; layers of equal popcount are vectorised.
    ``pre``/``post``: casts of the scenes shot before/after these ones (when ``inst`` is a
    window of a longer order)."""
    import numpy as np

    masks = _masks(inst)
    n = len(masks)
    size = 1 << n
    union = np.zeros(size, dtype=np.int64)
    for i in range(n):
        union[1 << i : 2 << i] = union[: 1 << i] | masks[i]
    full = size - 1
    costs = np.array(inst.costs, dtype=np.int64)
    durations = inst.durations

    if inst.m <= 22:  # a table of the cost of every set of actors
        table = np.zeros(1 << inst.m, dtype=np.int64)
        for a in range(inst.m):
            table[1 << a : 2 << a] = table[: 1 << a] + costs[a]

        def wcost(actor_sets: Any) -> Any:
            return table[actor_sets]
    else:

        def wcost(actor_sets: Any) -> Any:
            out = np.zeros(actor_sets.shape, dtype=np.int64)
            for a in range(len(costs)):
                out += ((actor_sets >> a) & 1) * costs[a]
            return out

    idx = np.arange(size, dtype=np.int64)
    pop = np.zeros(size, dtype=np.int8)
    for i in range(n):
        pop[1 << i : 2 << i] = pop[: 1 << i] + 1
    f = np.zeros(size, dtype=np.int64)
    choice = np.zeros(size, dtype=np.int8)
    order_by_pop = np.argsort(pop, kind="stable")
    counts = np.bincount(pop, minlength=n + 1)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    for k in range(1, n + 1):
        layer = idx[order_by_pop[bounds[k] : bounds[k + 1]]]
        best = np.full(layer.shape, np.iinfo(np.int64).max, dtype=np.int64)
        arg = np.zeros(layer.shape, dtype=np.int8)
        done_cast = union[full ^ layer] | pre
        for s in range(n):
            has = (layer >> s) & 1 == 1
            if not has.any():
                continue
            rs = layer[has]
            rest = rs ^ (1 << s)
            on = masks[s] | (done_cast[has] & (union[rest] | post))
            val = wcost(on) * durations[s] + f[rest]
            cur = best[has]
            better = val < cur
            cur[better] = val[better]
            best[has] = cur
            a = arg[has]
            a[better] = s
            arg[has] = a
        f[layer] = best
        choice[layer] = arg
    order: list[int] = []
    r = full
    while r:
        s = int(choice[r])
        order.append(s)
        r ^= 1 << s
    return order


def _lns(
    inst: TalentInstance, order: list[int], deadline: float, windows: tuple[int, ...] = (10, 13, 16)
) -> list[int]:
    """Large-neighbourhood search: re-solve windows of consecutive scenes exactly with the DP
    (the casts before and after the window fixed), sliding by half a window, until no window
    improves; then with larger windows; until ``deadline``."""
    masks = _masks(inst)
    best, cost = list(order), evaluate(inst, order)
    n = inst.n
    for w in windows:
        w = min(w, n)
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            starts = sorted(set(range(0, max(1, n - w + 1), max(1, w // 2))) | {max(0, n - w)})
            for st in starts:
                win = best[st : st + w]
                pre = post = 0
                for s in best[:st]:
                    pre |= masks[s]
                for s in best[st + w :]:
                    post |= masks[s]
                sub = TalentInstance(
                    "window",
                    [inst.durations[s] for s in win],
                    inst.costs,
                    [{i for i, s in enumerate(win) if s in inst.cast[a]} for a in range(inst.m)],
                )
                new = _dp(sub, pre, post)
                cand = best[:st] + [win[i] for i in new] + best[st + w :]
                c = evaluate(inst, cand)
                if c < cost:
                    best, cost, improved = cand, c, True
                if time.perf_counter() > deadline:
                    break
        if w == n:
            break
    return best


def _cpsat(
    inst: TalentInstance, time_limit: float, workers: int, hint: list[int] | None
) -> tuple[list[int], int, bool]:
    """CP-SAT: an interval per scene on the horizon ``[0, sum d)``, no overlap (hence no gap);
    ``first[a] = min start``, ``last[a] = max end``; minimise ``sum c[a] * (last - first)``."""
    from ortools.sat.python import cp_model

    n, horizon = inst.n, sum(inst.durations)
    model = cp_model.CpModel()
    start = [model.new_int_var(0, horizon - inst.durations[s], f"start{s}") for s in range(n)]
    ends = [start[s] + inst.durations[s] for s in range(n)]
    model.add_no_overlap(
        [model.new_fixed_size_interval_var(start[s], inst.durations[s], f"i{s}") for s in range(n)]
    )
    terms = []
    for a in range(inst.m):
        scenes = sorted(inst.cast[a])
        if not scenes:
            continue
        own = sum(inst.durations[s] for s in scenes)
        first = model.new_int_var(0, horizon, f"first{a}")
        last = model.new_int_var(0, horizon, f"last{a}")
        model.add_min_equality(first, [start[s] for s in scenes])
        model.add_max_equality(last, [ends[s] for s in scenes])
        model.add(last - first >= own)
        terms.append(inst.costs[a] * (last - first))
    model.minimize(sum(terms))
    if hint:
        t = 0
        for s in hint:
            model.add_hint(start[s], t)
            t += inst.durations[s]
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, float(time_limit))
    if workers:
        solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # no solution within the limit: fall back to the hint (or the script order)
        return (hint or list(range(n))), inst.fixed_cost(), False
    order = sorted(range(n), key=lambda s: solver.value(start[s]))
    bound = round(solver.best_objective_bound)
    return order, bound, status == cp_model.OPTIMAL
