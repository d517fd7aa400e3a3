"""Cheat detection scored against the simulator's cheaters; honest players are not flagged."""

from __future__ import annotations

import re

import pytest

from imagia.core.errors import BadValue
from imagia.games.cheats import CheatOptions, detect, score, win_trading
from imagia.games.ratings import rate
from tests.test_games_simulate import small_sim


def test_detects_each_kind_without_flagging_honest_players() -> None:
    sim = small_sim()
    matches = [e for e in sim.events if e["type"] == "match"]
    stats = [e for e in sim.events if e["type"] == "stats"]
    r = rate(matches, "openskill-pl")
    flags, feats = detect(stats, matches, {p: r.rating(p)[0] for p in r.players()})
    judged = {p for p, f in feats.items() if f.matches >= 3}
    s = score(flags, {p.player: p.cheat for p in sim.players.values()}, judged)
    assert s.false_positives == 0 and s.precision == 1.0
    assert s.recall["speedhack"] == 1.0
    assert s.recall["aimbot"] >= 0.5  # 8 aimbots, 10 days: subtle ones pass at z = 5
    assert s.recall["boosting"] >= 0.5
    for f in flags:
        assert f.action == "review" and f.reasons and f.kinds
        assert len(f.reasons_fr) == len(f.reasons)  # each reason in French too
        for fr in f.reasons_fr:
            assert not any(w in fr.split() for w in ("the", "of", "matches", "beyond")), fr
            assert not re.search(r"\d\.\d", fr), fr  # a decimal comma
    kinds = {k for f in flags for k in f.kinds}
    assert {"aim", "speed", "win-trading"} <= kinds


def test_win_trading_rule_on_handmade_matches() -> None:
    m = [
        {"match": f"m{i}", "teams": [["boosted"], ["booster"]], "ranks": [1, 2], "duration_s": 90}
        for i in range(5)
    ]
    m.append({"match": "long", "teams": [["x"], ["y"]], "ranks": [1, 2], "duration_s": 600})
    m += [
        {
            "match": f"n{i}",
            "teams": [["u"], ["v"]],
            "ranks": [1 + i % 2, 2 - i % 2],
            "duration_s": 90,
        }
        for i in range(6)
    ]  # short but both sides win: not trading
    assert win_trading(m, CheatOptions()) == [("boosted", "booster", 5, 90.0)]


def test_bad_threshold() -> None:
    with pytest.raises(BadValue, match="z_threshold"):
        detect([], [], {}, CheatOptions(z_threshold=0))
