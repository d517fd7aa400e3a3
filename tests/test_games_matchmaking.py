"""The matchmaking queue: parties kept together, quality traded against wait time."""

from __future__ import annotations

import pytest

from imagia.core.errors import BadValue
from imagia.games.matchmaking import QueueOptions, curve, simulate_queue


def test_queue_keeps_parties_and_players_once_per_match() -> None:
    rep = simulate_queue(None, QueueOptions(arrival_rate=1.0, minutes=10, seed=3))
    assert rep.matches and rep.tickets > 400
    for m in rep.matches:
        assert [len(t) for t in m.teams] == [3, 3]
        ids = [p for t in m.teams for p in t]
        assert len(set(ids)) == 6
        assert 0 <= m.p_win <= 1
    s = rep.summary()
    assert s["matches"] == len(rep.matches)
    assert s["wait_s"]["p50"] <= s["wait_s"]["p90"] <= s["wait_s"]["max"]


def test_skill_policy_buys_quality_with_wait() -> None:
    base = QueueOptions(arrival_rate=1.0, minutes=15, seed=1)
    rows = curve(None, base, widen=(0.0005, 0.02))
    strict, loose, fifo = rows
    assert fifo["policy"] == "fifo"
    assert (
        strict["win_prob_gap"]["p50"] < loose["win_prob_gap"]["p50"] < fifo["win_prob_gap"]["p50"]
    )
    assert strict["wait_s"]["p90"] > fifo["wait_s"]["p90"]
    assert strict["within_5pct"] > 0.8 > fifo["within_5pct"]


def test_more_arrivals_shorter_waits() -> None:
    slow = simulate_queue(None, QueueOptions(arrival_rate=0.3, minutes=15, seed=2)).summary()
    fast = simulate_queue(None, QueueOptions(arrival_rate=3.0, minutes=15, seed=2)).summary()
    assert fast["wait_s"]["p50"] < slow["wait_s"]["p50"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("arrival_rate", 0), ("team_size", 0), ("policy", "random"), ("minutes", -1)],
)
def test_bad_options(field: str, value: object) -> None:
    with pytest.raises(BadValue, match=field):
        simulate_queue(None, QueueOptions(**{field: value}))  # type: ignore[arg-type]
