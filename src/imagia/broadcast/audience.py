"""A documented synthetic audience model for planning when a channel has no history of its own.

Expected audience (thousands) = base of the slot's start hour x weekday factor x season factor x
genre fit to the day part x (0.5 + the programme's appeal). The shapes follow the usual French
television day (a midday peak, an evening peak at 21:00, little at night) but the numbers are
ours, not measured on any channel: replace them with the channel's own history for real use.
"""

from __future__ import annotations

from imagia.broadcast.gridrules import Slot
from imagia.broadcast.programmes import Programme

# Thousands of viewers of a generalist channel by start hour (synthetic).
BASE = {
    6: 150, 7: 300, 8: 400, 9: 450, 10: 500, 11: 700, 12: 1800, 13: 1600, 14: 1100, 15: 1000,
    16: 1000, 17: 1300, 18: 1900, 19: 2600, 20: 3800, 21: 4500, 22: 3000, 23: 1500, 0: 500,
    1: 250, 2: 120, 3: 80, 4: 60, 5: 80,
}  # fmt: skip
WEEKDAY = (1.0, 1.0, 1.0, 1.0, 0.92, 0.9, 1.05)  # Monday ... Sunday
SEASON = {1: 1.1, 2: 1.1, 3: 1.0, 4: 0.95, 5: 0.9, 6: 0.85, 7: 0.8, 8: 0.8, 9: 0.95, 10: 1.0,
          11: 1.05, 12: 1.1}  # fmt: skip
# How well a genre fits a day part (1 = neutral).
FIT: dict[str, dict[str, float]] = {
    "animation": {"morning": 1.6, "daytime": 1.1, "prime": 0.6, "late": 0.5, "night": 0.5},
    "film": {"prime": 1.3, "afternoon": 1.1, "late": 1.0, "morning": 0.6},
    "series": {"access": 1.2, "prime": 1.1, "afternoon": 1.1, "night": 0.8},
    "documentary": {"daytime": 1.1, "late": 1.2, "night": 1.1, "prime": 0.85},
    "magazine": {"midday": 1.3, "access": 1.1, "prime": 0.8},
    "game": {"access": 1.4, "prime": 0.8},
    "news": {"midday": 1.5, "access": 1.3, "prime": 0.7},
}


def expected(p: Programme, s: Slot) -> float:
    """Expected audience of ``p`` in ``s``, in thousands of viewers."""
    base = BASE[s.start.hour] * WEEKDAY[s.start.weekday()] * SEASON[s.start.month]
    fit = FIT.get(p.genre, {}).get(s.daypart, 1.0)
    return base * fit * (0.5 + p.appeal)
