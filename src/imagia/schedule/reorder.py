"""Reordering whole shooting days, then moving single scenes: a local search after CP-SAT.

A day's scenes stay together (its load, overtime, hours and split day/night are its own); what
the order of the days changes is each actor's first and last day, the arrivals at locations,
the flips between DAY and NIGHT days and the shoot's span. The search moves one day's scenes to
another date (the days between shift by one) or exchanges two days, keeps a move when the cost
falls, and stops when no move helps or the time is up. A date takes a day's scenes only when
every scene may go there (cast available, location open, must-shoot date), ``order`` pairs keep
their days in order, turnaround holds and, when asked, the shoot starts on the first date.

:func:`relocate` then moves one scene at a time to the day where the whole cost falls most
(capacity with overtime, hours and children's hours kept; scenes of ``together`` groups stay).

Costs here are the search's own quick estimate (per-day bit masks); every schedule it returns
to the LNS is then checked by the independent checker before it is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from imagia.schedule.bounds import feasible_days
from imagia.schedule.scenes import Constraints, Scene


class DayOrder:
    """The problem's data for reordering days, and the cost of an order."""

    def __init__(self, scenes: list[Scene], cons: Constraints) -> None:
        self.scenes, self.cons = scenes, cons
        self.D = len(cons.dates)
        actors = sorted({a for sc in scenes for a in sc.cast})
        self.abit = {a: 1 << i for i, a in enumerate(actors)}
        self.price = [cons.actors[a].daily_cost if a in cons.actors else 0 for a in actors]
        locs = sorted({sc.location for sc in scenes})
        self.lbit = {loc: 1 << i for i, loc in enumerate(locs)}
        ok = feasible_days(scenes, cons)
        self.allowed = [sum(1 << d for d, good in enumerate(ok[sc.id]) if good) for sc in scenes]
        self.adjacent = [
            d + 1 < self.D and (cons.dates[d + 1] - cons.dates[d]).days == 1 for d in range(self.D)
        ]
        sidx = {sc.id: i for i, sc in enumerate(scenes)}
        self.order = [(sidx[a], sidx[b]) for a, b in cons.order if a in sidx and b in sidx]
        costs = cons.raw.get("costs") or {}
        self.shooting_day = int(costs.get("shooting_day", 0) or 0)
        self.hmin = [round(cons.hours_of(sc) * 60) for sc in scenes]
        self.kids = {
            a: round(limit * 60)
            for a in actors
            if a in cons.actors and (limit := cons.actors[a].max_hours_per_day) is not None
        }
        grouped = {sid for g in cons.together for sid in g}
        self.movable = [sc.id not in grouped for sc in scenes]

    def own(self, block: list[int]) -> int:
        """What a day costs by itself: overtime and a split DAY/NIGHT day."""
        cons = self.cons
        load = sum(self.scenes[s].eighths for s in block)
        kinds = {self.scenes[s].night for s in block}
        return cons.overtime_cost_per_eighth * max(0, load - cons.eighths_per_day) + (
            cons.day_night_switch_cost if len(kinds) == 2 else 0
        )

    def fits(self, block: list[int]) -> bool:
        """A day's capacity: eighths with overtime, hours, children's hours."""
        cons = self.cons
        if (
            sum(self.scenes[s].eighths for s in block)
            > cons.eighths_per_day + cons.overtime_eighths
        ):
            return False
        if cons.hours_per_day is not None and sum(self.hmin[s] for s in block) > round(
            cons.hours_per_day * 60
        ):
            return False
        return all(
            sum(self.hmin[s] for s in block if a in self.scenes[s].cast) <= limit
            for a, limit in self.kids.items()
        )

    def blocks(self, assign: list[int]) -> list[list[int]]:
        """The scenes (indices) of each day."""
        out: list[list[int]] = [[] for _ in range(self.D)]
        for s, d in enumerate(assign):
            out[d].append(s)
        return out

    def summary(self, block: list[int]) -> tuple[int, int, bool, bool, int]:
        """(actors mask, locations mask, a NIGHT scene?, a DAY scene?, dates allowed mask)."""
        am = lm = 0
        allowed = (1 << self.D) - 1
        night = dayl = False
        for s in block:
            sc = self.scenes[s]
            for a in sc.cast:
                am |= self.abit[a]
            lm |= self.lbit[sc.location]
            night, dayl = night or sc.night, dayl or not sc.night
            allowed &= self.allowed[s]
        return am, lm, night, dayl, allowed

    def cost(self, seq: list[tuple[int, int, bool, bool, int]]) -> int:
        """Cast, arrivals, flips and span of the days in ``seq`` order (the terms that the
        order changes; split days and overtime do not move with it)."""
        cons = self.cons
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        moves = flips = 0
        prev_l = 0
        prev_used = False
        prev_night = False
        used = []
        for d, (am, lm, night, _dayl, _) in enumerate(seq):
            u = bool(am or lm)
            moves += (lm & ~prev_l).bit_count()
            prev_l = lm
            if u:
                used.append(d)
                if prev_used and night != prev_night:
                    flips += 1
                rest = am
                while rest:
                    low = rest & -rest
                    i = low.bit_length() - 1
                    first.setdefault(i, d)
                    last[i] = d
                    rest ^= low
            prev_used, prev_night = u, night
        cast = sum(self.price[i] * (last[i] - first[i] + 1) for i in first)
        span = used[-1] - used[0] + 1 if used else 0
        return (
            cast
            + moves * cons.company_move_cost
            + flips * cons.day_night_switch_cost
            + span * self.shooting_day
        )

    def valid(self, seq: list[tuple[int, int, bool, bool, int]], pos: list[int]) -> bool:
        """Every day's scenes allowed on its date, order pairs, turnaround, first day."""
        for d, (_, _, _, _, allowed) in enumerate(seq):
            if not allowed >> d & 1:
                return False
        for a, b in self.order:
            if pos[a] > pos[b]:
                return False
        if self.cons.turnaround:
            for d in range(self.D - 1):
                if self.adjacent[d] and seq[d][2] and seq[d + 1][3]:
                    return False
        return not (self.cons.start_on_first_day and not (seq[0][0] or seq[0][1]))


def improve(
    scenes: list[Scene], cons: Constraints, assign: list[int], deadline: float
) -> list[int]:
    """``assign`` (a day index per scene) with its days reordered to cost less, until no
    move of one day or exchange of two helps or ``time.perf_counter()`` passes ``deadline``."""
    do = DayOrder(scenes, cons)
    blocks = do.blocks(assign)
    info = [do.summary(b) for b in blocks]
    slots = list(range(do.D))  # slots[d] = the block shot on date d

    def seq_of(order: list[int]) -> list[tuple[int, int, bool, bool, int]]:
        return [info[b] for b in order]

    def positions(order: list[int]) -> list[int]:
        pos = [0] * len(scenes)
        for d, b in enumerate(order):
            for s in blocks[b]:
                pos[s] = d
        return pos

    best = do.cost(seq_of(slots))
    improved = True
    while improved:
        improved = False
        for i in range(do.D):  # each day in turn: its first move or exchange that helps
            if not blocks[slots[i]]:
                continue
            if time.perf_counter() >= deadline:
                break
            for j in range(do.D):
                got = _first_better(do, slots, i, j, best, seq_of, positions)
                if got is not None:
                    slots, best = got
                    improved = True
                    break
    out = list(assign)
    for d, b in enumerate(slots):
        for s in blocks[b]:
            out[s] = d
    return out


def _first_better(
    do: DayOrder,
    slots: list[int],
    i: int,
    j: int,
    best: int,
    seq_of: Callable[[list[int]], list[tuple[int, int, bool, bool, int]]],
    positions: Callable[[list[int]], list[int]],
) -> tuple[list[int], int] | None:
    """Day ``i`` moved to date ``j``, else exchanged with it, when that is valid and cheaper."""
    if i == j:
        return None
    for kind in ("move", "swap"):
        trial = list(slots)
        if kind == "move":
            trial.insert(j, trial.pop(i))
        else:
            trial[i], trial[j] = trial[j], trial[i]
        seq = seq_of(trial)
        c = do.cost(seq)
        if c < best and do.valid(seq, positions(trial) if do.order else []):
            return trial, c
    return None


def relocate(
    scenes: list[Scene], cons: Constraints, assign: list[int], deadline: float
) -> list[int]:
    """``assign`` with single scenes moved, each to the valid day that lowers the whole cost
    most, pass after pass, until none helps or ``deadline`` passes."""
    do = DayOrder(scenes, cons)
    blocks = do.blocks(assign)
    info = [do.summary(b) for b in blocks]
    own = [do.own(b) for b in blocks]
    pos = list(assign)

    def total() -> int:
        return do.cost(info) + sum(own)

    best = total()
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for s in range(len(scenes)):
            if not do.movable[s] or time.perf_counter() >= deadline:
                continue
            i = pos[s]
            src = [x for x in blocks[i] if x != s]
            keep = (blocks[i], info[i], own[i])
            blocks[i], info[i], own[i] = src, do.summary(src), do.own(src)
            choice: tuple[int, int] | None = None
            for j in range(do.D):
                if j == i or not do.allowed[s] >> j & 1:
                    continue
                dst = [*blocks[j], s]
                if not do.fits(dst):
                    continue
                old = (blocks[j], info[j], own[j])
                blocks[j], info[j], own[j] = dst, do.summary(dst), do.own(dst)
                pos[s] = j
                c = total()
                if c < best and (choice is None or c < choice[1]) and do.valid(info, pos):
                    choice = (j, c)
                blocks[j], info[j], own[j] = old
            if choice is None:
                blocks[i], info[i], own[i] = keep
                pos[s] = i
                continue
            j, best = choice
            blocks[j] = [*blocks[j], s]
            info[j], own[j] = do.summary(blocks[j]), do.own(blocks[j])
            pos[s] = j
            improved = True
    return pos
