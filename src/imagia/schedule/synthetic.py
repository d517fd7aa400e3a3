"""Generated productions (fixed seed) for tests and benchmarks: scenes and constraints."""

from __future__ import annotations

import datetime as dt
import math
import random

from imagia.schedule.scenes import Constraints, Scene, parse_constraints


def generated_production(
    n: int, seed: int = 0, slack: float = 1.5
) -> tuple[list[Scene], Constraints]:
    """``n`` scenes at ``max(4, n // 6)`` locations with ``max(6, n // 4)`` actors (leads appear
    more often), 2-20 eighths each, a quarter at night; a calendar with ``slack`` times the
    days the pages need; some unavailable dates and one location window."""
    rng = random.Random(seed)
    n_loc, n_act = max(4, n // 6), max(6, n // 4)
    actors = [f"A{i:02d}" for i in range(n_act)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_act)]
    locs = [f"LOC{i:02d}" for i in range(n_loc)]
    scenes = []
    for i in range(n):
        k = rng.randint(1, 4)
        cast: set[str] = set()
        while len(cast) < k:
            cast.add(rng.choices(actors, weights)[0])
        loc = rng.choice(locs)
        scenes.append(
            Scene(
                id=str(i + 1),
                eighths=rng.randint(2, 20),
                cast=tuple(sorted(cast)),
                location=loc,
                set=loc,
                int_ext=rng.choice(("INT", "EXT")),
                day_night="NIGHT" if rng.random() < 0.25 else "DAY",
            )
        )
    days = math.ceil(sum(s.eighths for s in scenes) / 40 * slack) + 1
    start = dt.date(2026, 9, 7)
    weekdays = max(days * 7 // 5 + 7, 14)
    all_dates = [start + dt.timedelta(days=d) for d in range(weekdays)]
    work = [d for d in all_dates if d.weekday() < 5][:days]
    used_actors = sorted({a for s in scenes for a in s.cast})
    data = {
        "calendar": {"start": start.isoformat(), "days": days},
        "capacity": {"eighths_per_day": 40, "overtime_eighths": 8},
        "turnaround": True,
        "costs": {"company_move": 800, "day_night_switch": 1500, "overtime_per_eighth": 150},
        "actors": {
            a: {
                "daily_cost": 300 + 100 * rng.randint(0, 12),
                "unavailable": [rng.choice(work).isoformat()] if rng.random() < 0.3 else [],
            }
            for a in used_actors
        },
        "locations": {
            locs[0]: {"available": [[work[0].isoformat(), work[len(work) * 2 // 3].isoformat()]]}
        },
    }
    return scenes, parse_constraints(data, scenes, f"generated-{n}")


# Page lengths of feature-film scenes, in eighths, and how often each range occurs: many short
# scenes (1/8 to 1 page), fewer long ones (up to 4 pages); the mean is about 1 1/8 pages.
_LENGTHS = ((1, 4, 0.25), (5, 8, 0.30), (9, 16, 0.30), (17, 24, 0.10), (25, 32, 0.05))


def realistic_production(n: int, seed: int = 0) -> tuple[list[Scene], Constraints]:
    """A feature film of ``n`` scenes (60, 120, 200...) shaped like a real breakdown.

    - Cast of 12 to 40 (``12 + 0.2 (n - 60)``): two or three leads in half or more of the
      scenes, a few supporting parts, and many day players who appear in one to three scenes.
    - Locations, one per five scenes or so, visited with Zipf-like frequency (a few main sets,
      many small ones); each has its regulars (a lead's flat features the lead), a day/night
      tendency (a third of the sets are mostly shot at night) and INT or EXT.
    - Lengths in eighths of a page (:data:`_LENGTHS`), 40 eighths a day plus 8 of overtime.
    - A calendar of 24 to 60 working days, about 1.6 times the days the pages need; supporting
      actors have unavailable dates, two locations have windows, one scene a must-shoot date.
    - Costs: leads 2,500-4,000 a day, supporting 800-1,500, day players 300-600; a company
      move 800, a day/night switch 1,500, overtime 150 an eighth, a crew day 2,000.
    """
    rng = random.Random(seed)
    n_act = max(12, min(40, round(12 + 0.2 * (n - 60))))
    n_lead, n_sup = 3 if n >= 120 else 2, max(3, n_act // 5)
    actors = [f"A{i:02d}" for i in range(n_act)]
    leads, sups, players = (
        actors[:n_lead],
        actors[n_lead : n_lead + n_sup],
        actors[n_lead + n_sup :],
    )
    n_loc = max(8, n // 5)
    locs = [f"LOC{i:02d}" for i in range(n_loc)]
    loc_w = [1.0 / (i + 1) ** 0.9 for i in range(n_loc)]
    regulars = {loc: rng.sample(leads + sups, k=rng.randint(1, 2)) for loc in locs}
    night_set = {loc: rng.random() < 0.33 for loc in locs}
    ie = {loc: rng.choice(("INT", "EXT")) for loc in locs}
    scenes: list[Scene] = []
    for i in range(n):
        loc = rng.choices(locs, loc_w)[0]
        cast: set[str] = set()
        for a in leads:
            if rng.random() < (0.6 if a == leads[0] else 0.4):
                cast.add(a)
        for a in regulars[loc]:
            if rng.random() < 0.6:
                cast.add(a)
        if rng.random() < 0.35:
            cast.add(rng.choice(sups))
        if rng.random() < 0.3:
            cast.add(rng.choice(players))
        if not cast:
            cast.add(rng.choice(leads))
        lo, hi, _ = rng.choices(_LENGTHS, [w for _, _, w in _LENGTHS])[0]
        night = rng.random() < (0.8 if night_set[loc] else 0.1)
        scenes.append(
            Scene(
                id=str(i + 1),
                eighths=rng.randint(lo, hi),
                cast=tuple(sorted(cast)),
                location=loc,
                set=loc,
                int_ext=ie[loc],
                day_night="NIGHT" if night else "DAY",
            )
        )
    for p in players:  # every day player in one to three scenes
        if not any(p in s.cast for s in scenes):
            for k in rng.sample(range(n), k=rng.randint(1, 3)):
                s = scenes[k]
                scenes[k] = Scene(
                    s.id,
                    s.eighths,
                    tuple(sorted({*s.cast, p})),
                    s.location,
                    s.set,
                    s.int_ext,
                    s.day_night,
                )
    need = sum(s.eighths for s in scenes) / 40
    days = max(24, min(60, math.ceil(need * 1.6)))
    start = dt.date(2027, 3, 1)
    work = [
        start + dt.timedelta(days=d)
        for d in range(days * 7 // 5 + 14)
        if (start + dt.timedelta(days=d)).weekday() < 5
    ][:days]

    def cost(a: str) -> int:
        lo, hi = (2500, 4000) if a in leads else (800, 1500) if a in sups else (300, 600)
        return 100 * rng.randint(lo // 100, hi // 100)

    used = sorted({a for s in scenes for a in s.cast})
    free = [d for d in work if d != work[days // 2]]  # the must-shoot date stays free
    data = {
        "calendar": {"start": start.isoformat(), "days": days},
        "capacity": {"eighths_per_day": 40, "overtime_eighths": 8},
        "turnaround": True,
        "costs": {
            "company_move": 800,
            "day_night_switch": 1500,
            "overtime_per_eighth": 150,
            "shooting_day": 2000,
        },
        "actors": {
            a: {
                "daily_cost": cost(a),
                "unavailable": (
                    sorted({rng.choice(free).isoformat() for _ in range(rng.randint(1, 3))})
                    if a in sups
                    else []
                ),
            }
            for a in used
        },
        "locations": {
            locs[1]: {"available": [[work[0].isoformat(), work[days * 2 // 3].isoformat()]]},
            locs[2]: {"available": [[work[days // 3].isoformat(), work[-1].isoformat()]]},
        },
        "must_shoot": [{"scene": scenes[-1].id, "date": work[days // 2].isoformat()}],
    }
    return scenes, parse_constraints(data, scenes, f"realistic-{n}")
