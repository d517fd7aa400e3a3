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
