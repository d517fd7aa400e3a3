"""A constructive stripboard: location blocks ordered to share cast, days filled to capacity.

Scenes are grouped by location (a location's DAY scenes, then its NIGHT ones), the locations
chained so that consecutive blocks share the most paid cast, and the blocks poured day after
day up to ``eighths_per_day`` (no overtime), each scene on the current day when it fits (cast
available, location window, hours, children's hours, turnaround), else the next day that fits.
Together groups move as one unit; must-shoot scenes are placed first. Three sequences are built
(nights inside their location's block; all nights at the end of the shoot; the order of the
talent-scheduling relaxation of :mod:`imagia.schedule.bounds`, where the expensive actors hold
the fewest eighths, each cast group by location and DAY before NIGHT), each poured to the day's
capacity without overtime and with it (a full day of overtime costs less than another crew
day and the cast held for it), and the cheapest by the independent checker is kept. It is the
LNS's start and CP-SAT's hint.
"""

from __future__ import annotations

from imagia.schedule.checker import check
from imagia.schedule.scenes import Constraints, Scene


class Packer:
    """Day loads and the rules a scene must meet to go on a day (capacity without overtime)."""

    def __init__(self, scenes: list[Scene], cons: Constraints, cap: int | None = None) -> None:
        self.cons = cons
        self.cap = cons.eighths_per_day if cap is None else cap
        D = len(cons.dates)
        self.D = D
        self.load = [0] * D
        self.minutes = [0] * D
        self.kid: dict[tuple[str, int], int] = {}
        self.has = {True: [0] * D, False: [0] * D}
        self.adjacent = [
            d + 1 < D and (cons.dates[d + 1] - cons.dates[d]).days == 1 for d in range(D)
        ]
        self.hmin = {sc.id: round(cons.hours_of(sc) * 60) for sc in scenes}
        self.limits = {
            sc.id: [
                (a, cons.actors[a].max_hours_per_day or 0.0)
                for a in sc.cast
                if a in cons.actors and cons.actors[a].max_hours_per_day is not None
            ]
            for sc in scenes
        }
        self.must = {sid: cons.dates.index(day) for sid, day in cons.must_shoot}

    def fits(self, unit: list[Scene], d: int) -> bool:
        cons = self.cons
        day = cons.dates[d]
        if sum(sc.eighths for sc in unit) + self.load[d] > self.cap:
            return False
        mins = sum(self.hmin[sc.id] for sc in unit)
        if cons.hours_per_day is not None and self.minutes[d] + mins > cons.hours_per_day * 60:
            return False
        night = any(sc.night for sc in unit)
        dayl = not all(sc.night for sc in unit)
        if cons.turnaround and (
            (night and self.adjacent[d] and self.has[False][d + 1])
            or (dayl and d and self.adjacent[d - 1] and self.has[True][d - 1])
        ):
            return False
        for sc in unit:
            if sc.id in self.must and self.must[sc.id] != d:
                return False
            if any(day in cons.actors[a].unavailable for a in sc.cast if a in cons.actors):
                return False
            w = cons.locations.get(sc.location)
            if w and not any(w0 <= day <= w1 for w0, w1 in w):
                return False
            for a, lim in self.limits[sc.id]:
                mine = sum(self.hmin[s.id] for s in unit if a in s.cast)
                if self.kid.get((a, d), 0) + mine > lim * 60:
                    return False
        return True

    def put(self, unit: list[Scene], d: int) -> None:
        for sc in unit:
            self.load[d] += sc.eighths
            self.minutes[d] += self.hmin[sc.id]
            self.has[sc.night][d] += 1
            for a, _ in self.limits[sc.id]:
                self.kid[(a, d)] = self.kid.get((a, d), 0) + self.hmin[sc.id]


def _units(scenes: list[Scene], cons: Constraints) -> list[list[Scene]]:
    by_id = {sc.id: sc for sc in scenes}
    seen: set[str] = set()
    units: list[list[Scene]] = []
    for g in cons.together:
        members = [by_id[s] for s in g if s in by_id and s not in seen]
        seen.update(s.id for s in members)
        if members:
            units.append(members)
    units.extend([sc] for sc in scenes if sc.id not in seen)
    return units


def _chain(blocks: dict[str, list[list[Scene]]], cost: dict[str, int]) -> list[str]:
    """Locations in an order where consecutive ones share the most paid cast (nearest
    neighbour from the largest block)."""

    def cast(loc: str) -> set[str]:
        return {a for u in blocks[loc] for sc in u for a in sc.cast}

    casts = {loc: cast(loc) for loc in blocks}
    size = {loc: sum(sc.eighths for u in blocks[loc] for sc in u) for loc in blocks}
    left = sorted(blocks, key=lambda loc: (-size[loc], loc))
    order = [left.pop(0)] if left else []
    while left:
        here = casts[order[-1]]
        nxt = max(left, key=lambda loc: (sum(cost.get(a, 0) for a in casts[loc] & here), size[loc]))
        left.remove(nxt)
        order.append(nxt)
    return order


def _pour(
    scenes: list[Scene], cons: Constraints, sequence: list[list[Scene]], cap: int
) -> dict[str, int | None]:
    pk = Packer(scenes, cons, cap)
    out: dict[str, int | None] = {}
    pinned = [u for u in sequence if any(sc.id in pk.must for sc in u)]
    for u in pinned:
        pin = next(pk.must[sc.id] for sc in u if sc.id in pk.must)
        pk.put(u, pin)
        out.update({sc.id: pin for sc in u})
    cursor = 0
    for u in sequence:
        if u in pinned:
            continue
        order = list(range(cursor, pk.D)) + list(range(cursor))
        d = next((d for d in order if pk.fits(u, d)), None)
        if d is None:
            out.update({sc.id: None for sc in u})
            continue
        pk.put(u, d)
        out.update({sc.id: d for sc in u})
        if cursor <= d <= cursor + 1:
            cursor = d
    return out


def constructive(
    scenes: list[Scene], cons: Constraints, held_by: list[str] | None = None
) -> list[int | None]:
    """A day index per scene (``None`` where no day fits), the cheapest of the variants;
    ``held_by``: the lower bound's talent-relaxation actors, when already computed."""
    units = _units(scenes, cons)
    cost = {a.id: a.daily_cost for a in cons.actors.values()}

    def key(u: list[Scene]) -> tuple[bool, list[str]]:
        return (u[0].night, sorted(u[0].cast, key=lambda a: -cost.get(a, 0)))

    def blocks(night: bool | None) -> dict[str, list[list[Scene]]]:
        out: dict[str, list[list[Scene]]] = {}
        for u in units:
            if night is None or u[0].night == night:
                out.setdefault(u[0].location, []).append(u)
        return {loc: sorted(us, key=key) for loc, us in out.items()}

    mixed = blocks(None)
    variants = [[u for loc in _chain(mixed, cost) for u in mixed[loc]]]
    days, nights = blocks(False), blocks(True)
    variants.append(
        [u for loc in _chain(days, cost) for u in days[loc]]
        + [u for loc in _chain(nights, cost) for u in nights[loc]]
    )
    variants.append(_talent_sequence(scenes, cons, units, held_by))
    caps = sorted({cons.eighths_per_day, cons.eighths_per_day + cons.overtime_eighths})
    best: tuple[tuple[int, int], list[int | None]] | None = None
    for seq in variants:
        for cap in caps:
            got = _pour(scenes, cons, seq, cap)
            assign = [got.get(sc.id) for sc in scenes]
            board: list[list[str]] = [[] for _ in cons.dates]
            for sc, d in zip(scenes, assign, strict=True):
                if d is not None:
                    board[d].append(sc.id)
            rep = check(scenes, cons, cons.dates, board)
            score = (len(rep.found), rep.costs["total"])
            if best is None or score < best[0]:
                best = (score, assign)
    assert best is not None
    return best[1]


def _talent_sequence(
    scenes: list[Scene], cons: Constraints, units: list[list[Scene]], held_by: list[str] | None
) -> list[list[Scene]]:
    """The units in the order of the talent relaxation's optimum (the bound's actors ``K``):
    cast groups in that order, within a group by DAY/NIGHT then location."""
    from imagia.schedule.bounds import lower_bound, relaxation_order

    group = lower_bound(scenes, cons).held_by if held_by is None else held_by
    if not group:
        return units
    rank = {sc.id: k for k, sc in enumerate(relaxation_order(scenes, cons, group))}

    def key(u: list[Scene]) -> tuple[int, bool, str]:
        return (min(rank[sc.id] for sc in u), u[0].night, u[0].location)

    # scenes of one cast group share a rank block; sort inside it by night and location
    blocks: dict[tuple[str, ...], list[list[Scene]]] = {}
    for u in sorted(units, key=key):
        blocks.setdefault(tuple(a for a in u[0].cast if a in group), []).append(u)
    return [
        u for us in blocks.values() for u in sorted(us, key=lambda u: (u[0].night, u[0].location))
    ]
