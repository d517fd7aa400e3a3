"""Ratings against the simulator's hidden skills, and the update rules on tiny cases."""

from __future__ import annotations

import pytest

from imagia.core.errors import BadValue
from imagia.games.ratings import MODELS, evaluate, make, rate, spearman, table
from tests.test_games_simulate import small_sim


def _matches() -> list[dict]:  # type: ignore[type-arg]
    return [e for e in small_sim().events if e["type"] == "match"]


def test_every_model_predicts_held_out_matches_and_ranks_true_skill() -> None:
    sim = small_sim()
    truth = {p.player: p.skill for p in sim.players.values()}
    honest = {p.player for p in sim.players.values() if not p.cheat}
    scores = {s.model: s for s in evaluate(_matches(), truth=truth, honest=honest)}
    assert set(scores) == set(MODELS)
    for s in scores.values():
        assert s.pairs > 300
        assert s.accuracy > 0.62, s
        assert s.log_loss < 0.69, s  # a coin flip scores 0.693
        assert s.spearman is not None and s.spearman > 0.6, s
        assert set(s.by_mode) == {"duel", "team", "ffa"}
    # OpenSkill is at least as good as Elo at ranking honest players here
    assert scores["openskill-pl"].spearman >= scores["elo"].spearman - 0.05  # type: ignore[operator]


def test_unknown_players_are_created_and_updates_go_the_right_way() -> None:
    for name in MODELS:
        r = make(name)
        r.update([["new1", "new2"], ["new3", "new4"]], [1, 2], None)
        (w, _), (lo, _) = r.rating("new1"), r.rating("new3")
        assert w > lo, name
        assert r.p_beats(["new1", "new2"], ["new3", "new4"]) > 0.5
        assert r.p_beats(["nobody"], ["nobody-else"]) == pytest.approx(0.5)
        # free-for-all, 4 players
        r.update([["a"], ["b"], ["c"], ["d"]], [2, 1, 4, 3], None)
        mus = {p: r.rating(p)[0] for p in "abcd"}
        assert mus["b"] > mus["a"] > mus["d"] > mus["c"], (name, mus)


def test_partial_play_moves_a_rating_less() -> None:
    for name in ("openskill-pl", "trueskill", "elo"):
        r = make(name)
        r.update([["full", "part"], ["x", "y"]], [1, 2], [[1.0, 0.2], [1.0, 1.0]])
        base = make(name).rating("z")[0]
        assert r.rating("full")[0] - base > r.rating("part")[0] - base > 0, name


def test_table_and_spearman() -> None:
    r = rate(_matches()[:200], "trueskill")
    rows = table(r, {})
    assert rows[0]["conservative"] >= rows[-1]["conservative"]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_bad_model_and_holdout() -> None:
    with pytest.raises(BadValue, match="glicko"):
        make("glicko")
    with pytest.raises(BadValue, match="holdout"):
        evaluate(_matches(), holdout=1.5)
    with pytest.raises(BadValue, match="matches"):
        evaluate(_matches()[:1])
