"""A synthetic programme catalogue for the grid's demo, tests and benchmark (seeded, documented):
films (95-118 min, a third French, a quarter more European), series episodes and documentaries
(42-58 min or 100-118), magazines, games and news (40-58 min, not counted by the quotas),
cartoons for the morning; ratings mostly TP with some -10/-12/-16; 1 to 4 runs left; rights
windows open before the period and most closing after it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from imagia.broadcast.programmes import Programme

_KINDS = (  # genre, kind, share of the catalogue, durations
    ("film", "film", 0.22, (95, 118)),
    ("series", "audiovisual", 0.30, (42, 58)),
    ("documentary", "audiovisual", 0.14, (45, 58)),
    ("documentary", "audiovisual", 0.04, (100, 118)),
    ("animation", "audiovisual", 0.12, (42, 58)),
    ("magazine", "other", 0.08, (42, 58)),
    ("game", "other", 0.06, (42, 58)),
    ("news", "other", 0.04, (42, 58)),
)


def catalogue(n: int, first: date, days: int, seed: int = 0) -> list[Programme]:
    rng = random.Random(seed)
    weights = [k[2] for k in _KINDS]
    out = []
    for i in range(n):
        genre, kind, _, (lo, hi) = rng.choices(_KINDS, weights)[0]
        u = rng.random()
        eof = u < (0.38 if kind == "film" else 0.42)
        european = eof or u < 0.64
        r = rng.random()
        age = "TP"
        if genre in ("film", "series", "documentary"):
            age = "-10" if r < 0.12 else "-12" if r < 0.2 else "-16" if r < 0.23 else "TP"
        start = first - timedelta(days=rng.randint(0, 400))
        end = first + timedelta(days=rng.randint(days // 2, days * 4))
        out.append(
            Programme(
                id=f"P{i:05d}",
                title=f"{genre.capitalize()} {i}",
                duration=rng.randint(lo, hi),
                genre=genre,
                kind=kind,
                eof=eof,
                european=european,
                age_rating=age,
                financed=kind == "film" and rng.random() < 0.3,
                art_house=kind == "film" and rng.random() < 0.2,
                rights_start=start,
                rights_end=end,
                runs=rng.randint(1, 4),
                appeal=round(rng.random(), 3),
            )
        )
    return out
