"""The telemetry simulator, the event schema (bad lines reported and skipped) and DuckDB."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.games import store
from imagia.games.schema import SCHEMA, check, iter_lines, read_events
from imagia.games.simulate import SPRINT_LIMIT, SimOptions, Simulation, simulate


@lru_cache(maxsize=2)
def small_sim(players: int = 400, days: int = 10, seed: int = 5) -> Simulation:
    """A small simulated data set shared by the games tests (fixed seed)."""
    return simulate(SimOptions(players=players, days=days, seed=seed))


def write_events(sim: Simulation, path: Path) -> Path:
    path.write_text(
        "\n".join(iter_lines(sim.events, {"seed": sim.options.seed})) + "\n", encoding="utf-8"
    )
    return path


def test_same_seed_same_data_and_every_event_is_valid() -> None:
    a = simulate(SimOptions(players=60, days=3, seed=1))
    b = simulate(SimOptions(players=60, days=3, seed=1))
    c = simulate(SimOptions(players=60, days=3, seed=2))
    assert a.events == b.events
    assert a.events != c.events
    assert all(check(e) is None for e in a.events)
    kinds = {e["type"] for e in small_sim().events}
    assert {"player", "session", "match", "stats", "chat"} <= kinds
    assert [e["ts"] for e in a.events] == sorted(e["ts"] for e in a.events)


def test_hidden_truth_shows_in_the_telemetry() -> None:
    sim = small_sim()
    players = sim.players
    kinds = {p.cheat for p in players.values()}
    assert {"aimbot", "speedhack", "boosting", "booster", None} <= kinds
    assert any(p.churn_day is not None for p in players.values())
    stats = [e for e in sim.events if e["type"] == "stats"]

    def accuracy(kind: str | None) -> float:
        rows = [s for s in stats if players[s["player"]].cheat == kind]
        return sum(s["hits"] for s in rows) / sum(s["shots"] for s in rows)

    assert accuracy("aimbot") > accuracy(None) + 0.1
    fast = [s for s in stats if s["max_speed"] > SPRINT_LIMIT]
    assert fast and all(players[s["player"]].cheat == "speedhack" for s in fast)
    # rigged duels: the boosted account always beats its booster
    for m in (e for e in sim.events if e["type"] == "match" and e["match"] in sim.rigged):
        (a,), (b,) = m["teams"]
        winner = a if m["ranks"][0] == 1 else b
        assert players[winner].cheat == "boosting" and players[winner].partner in (a, b)
    truth = sim.truth()
    assert truth["schema"] == "GameTruth.1" and len(truth["players"]) == 400
    # skill decides outcomes: the stronger duellist wins most honest duels
    duels = [
        e
        for e in sim.events
        if e["type"] == "match" and e["mode"] == "duel" and e["match"] not in sim.rigged
    ]
    stronger = sum(
        (players[d["teams"][0][0]].skill > players[d["teams"][1][0]].skill) == (d["ranks"][0] == 1)
        for d in duels
    )
    assert stronger / len(duels) > 0.65


@pytest.mark.parametrize(("field", "value"), [("players", 3), ("days", 0), ("cheat_rate", 0.9)])
def test_bad_options_name_the_field(field: str, value: float) -> None:
    with pytest.raises(BadValue, match=field):
        simulate(SimOptions(**{field: value}))  # type: ignore[arg-type]


def test_malformed_lines_are_reported_with_their_line_and_skipped(tmp_path: Path) -> None:
    good = {
        "type": "match",
        "ts": "2026-01-05T10:00:00Z",
        "match": "m1",
        "mode": "duel",
        "teams": [["a"], ["b"]],
        "ranks": [1, 2],
    }
    lines = [
        json.dumps({"schema": SCHEMA, "kind": "header"}),
        json.dumps(good),
        "{not json",
        json.dumps({**good, "type": "teleport"}),
        json.dumps({k: v for k, v in good.items() if k != "ranks"}),
        json.dumps({**good, "ts": "yesterday"}),
        json.dumps({**good, "teams": [["a"], ["a"]]}),
        json.dumps({**good, "ranks": [1]}),
        json.dumps({**good, "mode": "battle-royale"}),
        json.dumps({**good, "played": [[1.0, 0.5], [1.0]]}),
        "",
        json.dumps({**good, "match": "m2"}),
    ]
    f = tmp_path / "events.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")
    ev = read_events(f)
    assert [m["match"] for m in ev.of("match")] == ["m1", "m2"]
    got = {p.line: p.problem for p in ev.problems}
    assert sorted(got) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "not JSON" in got[3] and "teleport" in got[4] and "ranks" in got[5]
    assert "ts" in got[6] and "twice" in got[7] and "one entry per team" in got[8]
    assert "battle-royale" in got[9] and "played" in got[10]
    assert str(ev.problems[0]).startswith("line 3:")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="file not found"):
        read_events(tmp_path / "none.jsonl")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(BadFile, match=r"junk.jsonl: no valid event"):
        read_events(junk)
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"schema": "GameEvent.0", "kind": "header"}) + "\n")
    with pytest.raises(BadFile, match="GameEvent.0"):
        read_events(old)
    with pytest.raises(BadFile, match="Parquet"):
        store.read_parquet(junk)


def test_duckdb_tables_and_parquet_round_trip(tmp_path: Path) -> None:
    sim = simulate(SimOptions(players=80, days=3, seed=4))
    f = write_events(sim, tmp_path / "ev.jsonl")
    ev = read_events(f)
    con = store.load(ev)
    n_matches = sum(e["type"] == "match" for e in sim.events)
    assert con.execute("SELECT count(*) FROM matches").fetchone()[0] == n_matches
    kills = con.execute("SELECT sum(kills) FROM stats").fetchone()[0]
    assert kills == sum(e["kills"] for e in sim.events if e["type"] == "stats")
    pq = store.write_parquet(f, tmp_path / "ev.parquet")
    back = store.read_any(pq)
    assert back.count() == ev.count() and not back.problems
    assert back.of("match")[0]["teams"] == ev.of("match")[0]["teams"]
    assert back.of("session")[0] == ev.of("session")[0]  # times are text again
    store.load(back)  # and load into DuckDB like JSON Lines
