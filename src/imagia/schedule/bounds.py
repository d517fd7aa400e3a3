"""A lower bound on the stripboard's cost, computed from the problem alone (no solver).

Every schedule that keeps the hard constraints costs at least :func:`lower_bound`'s total; the
optimiser reports its gap against the larger of this bound and CP-SAT's, so the gap means
something even when CP-SAT's own bound (from a loose LP relaxation of the spans) stays near the
actors' one-day floor. The reasoning, term by term (``C`` = eighths_per_day + overtime_eighths,
the most a day can hold; ``H`` = hours_per_day):

- **days**: the scenes must be packed into shooting days of capacity ``C`` eighths (and ``H``
  hours): at least ``N`` days, the Martello-Toth L2 bin-packing bound (the larger of the bounds
  for eighths and for hours).
- **shoot span + overtime**: with ``U >= N`` used days the span is at least ``U`` and the
  overtime at least ``total eighths - eighths_per_day x U`` (and each scene longer than a day
  forces its excess), so this pair costs at least ``min over U of shooting_day x U +
  overtime_per_eighth x overtime(U)``.
- **day/night**: with DAY and NIGHT scenes, either some day is split or some pair of consecutive
  used days flips (a switch), or an empty shooting day separates them, which makes the span one
  day longer than the used days: ``+ min(day_night_switch, shooting_day)``.
- **company moves**: each location is arrived at at least once: ``company_move x locations``.
- **cast** (the talent-scheduling relaxation, one actor at a time): an actor is paid for at
  least the days their own scenes need (L2 bin-packing of their scenes), and their span must
  hold that many days on which they are available, and reach every scene's feasible days (a
  scene's feasible days are those its whole cast is available, its location open, its
  must-shoot date; ``together`` groups share them, ``order`` pairs narrow them): the shortest
  such window of shooting days is the actor's least span.
- **interplay** (cast, overtime and shoot span together; the talent-scheduling relaxation): list
  the scenes day after day (any order within a day). An actor's *held* eighths, from the start
  of their first scene to the end of their last in that list, fit in their paid days: ``held <=
  C x days`` and ``held <= eighths_per_day x days + OT`` (``OT`` the shoot's overtime eighths).
  Over a set ``K`` of the most expensive actors, ``T = min over scene orders of sum daily_cost x
  held`` is exact talent scheduling (:func:`imagia.schedule.talent.solve`, dynamic programming
  over the scenes merged by their cast within ``K``; actors join ``K`` by cost x pages as
  long as at most :data:`DP_SCENES` merged scenes remain), so ``K``'s cast costs at least
  ``max(their own bounds, T / C, (T - OT x cost(K)) / eighths_per_day)``, the shoot span at least
  ``shooting_day x max(least days, (total eighths - OT) / eighths_per_day)``; the least of that
  sum plus ``overtime_per_eighth x OT`` over every ``OT`` is a bound on the three terms, and
  what it adds to their separate bounds is this term. It captures that leads who share few
  scenes cannot all work only their own days.
- **relaxation** (cast alone, only when :func:`lower_bound` is given ``seconds``): the cast
  term of a relaxed stripboard solved by CP-SAT, :func:`cast_relaxation`. Scenes become pieces
  that may be split over days (eighths are integers): pieces of the same paid cast, DAY/NIGHT
  and feasible days are pooled, each day holds at most ``C`` eighths, turnaround holds on the
  days' DAY/NIGHT flags, and each actor is paid from their first piece's day to their last, at
  least their own least span. Every schedule is such a split one, so CP-SAT's proven bound on
  it (the optimum when it finishes in time) bounds the cast term; it sees what one actor at a
  time cannot: many actors competing for the same days. The term is what it adds over ``cast
  + interplay``. On parts of 14 and 20 scenes of a realistic production (6-8 days) it halves
  the bound's distance to the proven optimum (15-25 % to 7-13 %); on longer calendars (20
  scenes on 24 days and up) CP-SAT proves nothing above the per-actor bounds within seconds,
  so it only runs up to :data:`RELAX_PIECES` pieces.
- Which terms bound what: cast and company moves each on their own; overtime and shoot span
  together (split for display); day/night with those two (an empty day lengthens the span);
  ``interplay`` with cast, overtime and shoot span; ``relaxation`` with cast and interplay;
  the total is the sum. Tests compare each with optima found by brute force on small
  instances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from imagia.schedule.scenes import Constraints, Scene
from imagia.schedule.talent import TalentInstance, solve

# the most merged scenes the talent-scheduling relaxation's exact DP is given (memory 17 x 2^n
# bytes, well under a second at 16)
DP_SCENES = 18
# the most (pool of scenes, feasible day) pairs the split-scene relaxation is given: with up to
# 124 (20 scenes, 8 days) CP-SAT proved its optimum in about 5 s; with 371 (20 scenes, 24
# days) and more it proved nothing above the per-actor bounds in 10 s
RELAX_PIECES = 200


@dataclass
class Bound:
    """``total`` and its terms (the cost terms' keys, ``interplay`` and ``relaxation``), with
    the least days
    ``days``, each actor's least paid days and the actors of the talent relaxation."""

    total: int
    terms: dict[str, int]
    days: int
    actor_days: dict[str, int] = field(default_factory=dict)
    held_by: list[str] = field(default_factory=list)


def binpack_l2(sizes: list[int], cap: int) -> int:
    """Martello-Toth L2: a lower bound on the bins of capacity ``cap`` that hold ``sizes``."""
    items = [s for s in sizes if s > 0]
    if not items:
        return 0
    if cap <= 0:
        return len(items)
    best = math.ceil(sum(items) / cap)
    for k in sorted({0, *(s for s in items if s <= cap / 2)}):
        j1 = [s for s in items if s > cap - k]
        j2 = [s for s in items if cap / 2 < s <= cap - k]
        j3 = [s for s in items if k <= s <= cap / 2]
        room = len(j2) * cap - sum(j2)
        best = max(best, len(j1) + len(j2) + max(0, math.ceil((sum(j3) - room) / cap)))
    return best


def feasible_days(scenes: list[Scene], cons: Constraints) -> dict[str, list[bool]]:
    """Per scene, the shooting days it may go on by itself: cast available, location open,
    must-shoot date; together groups intersected, order pairs narrowed to a fixpoint."""
    dates, D = cons.dates, len(cons.dates)
    must = dict(cons.must_shoot)
    out: dict[str, list[bool]] = {}
    for sc in scenes:
        windows = cons.locations.get(sc.location)
        ok = []
        for day in dates:
            good = not any(day in cons.actors[a].unavailable for a in sc.cast if a in cons.actors)
            good = good and (not windows or any(w0 <= day <= w1 for w0, w1 in windows))
            good = good and (sc.id not in must or must[sc.id] == day)
            ok.append(good)
        out[sc.id] = ok
    for g in cons.together:
        both = [all(out[s][d] for s in g if s in out) for d in range(D)]
        for s in g:
            if s in out:
                out[s] = list(both)
    for _ in range(len(cons.order) + 1):
        changed = False
        for a, b in cons.order:
            if a not in out or b not in out:
                continue
            lo_a = next((d for d in range(D) if out[a][d]), D)
            hi_b = next((d for d in reversed(range(D)) if out[b][d]), -1)
            for d in range(D):
                if out[b][d] and d < lo_a:
                    out[b][d], changed = False, True
                if out[a][d] and d > hi_b:
                    out[a][d], changed = False, True
        if not changed:
            break
    return out


def _least_span(need: int, free: list[bool], scenes_ok: list[list[bool]]) -> int:
    """The shortest window of days with ``need`` free days and a feasible day for each scene."""
    D = len(free)
    pre = [0]
    for avail in free:
        pre.append(pre[-1] + int(avail))
    nxt = []  # nxt[k][f]: the first feasible day >= f of scene k (D when none)
    for ok in scenes_ok:
        row = [D] * (D + 1)
        for d in reversed(range(D)):
            row[d] = d if ok[d] else row[d + 1]
        nxt.append(row)
    lo = max((next((d for d in range(D) if ok[d]), D) for ok in scenes_ok), default=0)
    best = D
    for f in range(D):
        if any(row[f] >= D for row in nxt):
            break  # a scene has no feasible day from f on, nor from any later f
        last = max(lo, max((row[f] for row in nxt), default=f))
        while last < D and pre[last + 1] - pre[f] < need:
            last += 1
        if last < D:
            best = min(best, last - f + 1)
    return max(best, 1 if scenes_ok else 0)


def lower_bound(scenes: list[Scene], cons: Constraints, seconds: float = 0.0) -> Bound:
    """The bound documented above, with each term; ``seconds`` > 0 adds the CP-SAT cast
    relaxation, given at most that long."""
    cap_e = cons.eighths_per_day + cons.overtime_eighths
    minutes = {sc.id: round(cons.hours_of(sc) * 60) for sc in scenes}
    cap_m = round(cons.hours_per_day * 60) if cons.hours_per_day is not None else None

    def days_for(group: list[Scene]) -> int:
        n = binpack_l2([sc.eighths for sc in group], cap_e)
        if cap_m is not None:
            n = max(n, binpack_l2([minutes[sc.id] for sc in group], cap_m))
        return n

    n_days = days_for(scenes)
    shooting_day = int((cons.raw.get("costs") or {}).get("shooting_day", 0) or 0)
    total_e = sum(sc.eighths for sc in scenes)
    forced = sum(max(0, sc.eighths - cons.eighths_per_day) for sc in scenes)
    span_ot = min(
        shooting_day * u
        + cons.overtime_cost_per_eighth * max(forced, total_e - cons.eighths_per_day * u)
        for u in range(max(1, n_days), max(n_days, len(cons.dates)) + 1)
    )
    # split between the two terms for display: the span's share first
    span = shooting_day * n_days if span_ot >= shooting_day * n_days else span_ot
    kinds = {sc.night for sc in scenes}
    dn = min(cons.day_night_switch_cost, shooting_day) if len(kinds) == 2 else 0
    moves = cons.company_move_cost * len({sc.location for sc in scenes})
    ok = feasible_days(scenes, cons)
    actor_days: dict[str, int] = {}
    cast = 0
    for a in cons.actors.values():
        mine = [sc for sc in scenes if a.id in sc.cast]
        if not mine:
            continue
        free = [day not in a.unavailable for day in cons.dates]
        actor_days[a.id] = _least_span(days_for(mine), free, [ok[sc.id] for sc in mine])
        cast += a.daily_cost * actor_days[a.id]
    held_by, interplay = _interplay(scenes, cons, actor_days, n_days, span_ot)
    terms = {
        "cast": cast,
        "company_moves": moves,
        "day_night_switches": dn,
        "overtime": span_ot - span,
        "shoot_span": span,
        "interplay": interplay,
        "relaxation": 0,
    }
    if seconds > 0:
        relaxed = cast_relaxation(scenes, cons, actor_days, seconds)
        terms["relaxation"] = max(0, relaxed - cast - interplay)
    return Bound(sum(terms.values()), terms, n_days, actor_days, held_by)


def cast_relaxation(
    scenes: list[Scene],
    cons: Constraints,
    actor_days: dict[str, int],
    seconds: float,
    workers: int = 8,
) -> int:
    """A bound on the cast term: CP-SAT's proven bound on the split-scene relaxation
    documented above (``actor_days``: each actor's least span); the per-actor bound alone
    when the relaxation has more than :data:`RELAX_PIECES` (pool, day) pieces."""
    from ortools.sat.python import cp_model

    paid = [a for a in actor_days if cons.actors[a].daily_cost > 0]
    cap = cons.eighths_per_day + cons.overtime_eighths
    D = len(cons.dates)
    ok = feasible_days(scenes, cons)
    pooled: dict[tuple[tuple[str, ...], bool, tuple[bool, ...]], int] = {}
    for sc in scenes:
        key = (tuple(a for a in sc.cast if a in paid), sc.night, tuple(ok[sc.id]))
        pooled[key] = pooled.get(key, 0) + sc.eighths
    own = sum(cons.actors[a].daily_cost * actor_days[a] for a in paid)
    n_pieces = sum(sum(days) for _, _, days in pooled)
    if n_pieces > RELAX_PIECES:
        return own
    m = cp_model.CpModel()
    first = {a: m.new_int_var(0, D - 1, f"first_{a}") for a in paid}
    last = {a: m.new_int_var(0, D - 1, f"last_{a}") for a in paid}
    load: list[list[Any]] = [[] for _ in range(D)]
    flags: dict[bool, list[list[Any]]] = {
        True: [[] for _ in range(D)],
        False: [[] for _ in range(D)],
    }
    for k, ((cast, night, days), total) in enumerate(pooled.items()):
        pieces = []
        for d in range(D):
            if not days[d]:
                continue
            y = m.new_int_var(0, min(total, cap), f"y{k}_{d}")
            z = m.new_bool_var(f"z{k}_{d}")
            m.add(y <= min(total, cap) * z)
            m.add(y >= 1).only_enforce_if(z)
            for a in cast:
                m.add(first[a] <= d).only_enforce_if(z)
                m.add(last[a] >= d).only_enforce_if(z)
            pieces.append(y)
            load[d].append(y)
            flags[night][d].append(z)
        m.add(sum(pieces) == total)
    for d in range(D):
        if load[d]:
            m.add(sum(load[d]) <= cap)
    if cons.turnaround:  # no DAY piece the calendar day after a NIGHT piece
        for d in range(D - 1):
            if (cons.dates[d + 1] - cons.dates[d]).days == 1:
                nights, days_after = flags[True][d], flags[False][d + 1]
                if nights and days_after:
                    n, dl = m.new_bool_var(f"n{d}"), m.new_bool_var(f"dl{d + 1}")
                    m.add_max_equality(n, nights)
                    m.add_max_equality(dl, days_after)
                    m.add(n + dl <= 1)
    for a in paid:
        m.add(last[a] - first[a] + 1 >= actor_days[a])
    m.minimize(sum(cons.actors[a].daily_cost * (last[a] - first[a] + 1) for a in paid))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    # one worker for a handful of pieces: starting the portfolio costs more than the solve
    solver.parameters.num_workers = workers if n_pieces > 40 else 1
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE:  # no schedule at all: the bound claims nothing more
        return own
    return max(own, math.ceil(solver.best_objective_bound - 1e-6))


def _talent(scenes: list[Scene], cons: Constraints, actors: list[str]) -> tuple[int, list[int]]:
    """The least ``sum daily_cost x held eighths`` of ``actors`` over all scene orders, and an
    order (scene indices) that reaches it."""
    inst = TalentInstance(
        "relaxation",
        [sc.eighths for sc in scenes],
        [cons.actors[a].daily_cost for a in actors],
        [{i for i, sc in enumerate(scenes) if a in sc.cast} for a in actors],
    )
    res = solve(inst, "dp")
    assert res.optimal
    return res.total_cost, res.order


def _held_cost(scenes: list[Scene], cons: Constraints, actors: list[str]) -> int:
    return _talent(scenes, cons, actors)[0]


def relaxation_order(scenes: list[Scene], cons: Constraints, actors: list[str]) -> list[Scene]:
    """The scenes in an optimal order of the talent relaxation over ``actors`` (a sequence
    for the constructive start; scenes without any of them last)."""
    return [scenes[i] for i in _talent(scenes, cons, actors)[1]]


def _interplay(
    scenes: list[Scene],
    cons: Constraints,
    actor_days: dict[str, int],
    n_days: int,
    span_ot: int,
) -> tuple[list[str], int]:
    """(``K``, what the talent relaxation adds to cast + overtime + span), as documented."""
    cap, cap_ot = cons.eighths_per_day, cons.eighths_per_day + cons.overtime_eighths
    if cap <= 0 or not scenes:
        return [], 0
    shooting_day = int((cons.raw.get("costs") or {}).get("shooting_day", 0) or 0)
    otc = cons.overtime_cost_per_eighth
    total_e = sum(sc.eighths for sc in scenes)
    forced = sum(max(0, sc.eighths - cap) for sc in scenes)
    own = {a: sum(sc.eighths for sc in scenes if a in sc.cast) for a in actor_days}
    ranked = sorted(
        (a for a in actor_days if cons.actors[a].daily_cost > 0),
        key=lambda a: (-cons.actors[a].daily_cost * own[a], a),
    )
    best: tuple[int, list[str]] = (0, [])
    group: list[str] = []
    for a in ranked:  # each actor joins K unless the merged scenes would be too many
        merged = {tuple(b for b in sc.cast if b in group or b == a) for sc in scenes} - {()}
        if len(merged) > DP_SCENES:
            continue
        group = [*group, a]
        held = _held_cost(scenes, cons, group)
        price = sum(cons.actors[a].daily_cost for a in group)
        alone = sum(cons.actors[a].daily_cost * actor_days[a] for a in group)
        scale = cap * cap_ot  # the joint bound x scale, in integers
        joint = min(
            max(alone * scale, held * cap, (held - ot * price) * cap_ot)
            + otc * ot * scale
            + shooting_day * max(n_days, -(-(total_e - ot) // cap)) * scale
            for ot in range(forced, max(forced, total_e) + 1)
        )
        # the cast term counts K's own bounds; the rest of the joint bound is interplay
        gain = -(-joint // scale) - alone - span_ot
        if gain > best[0]:
            best = (gain, group)
    return best[1], best[0]
