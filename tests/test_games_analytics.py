"""Analytics on simulated telemetry: DuckDB queries, churn AUC, segments, plain summary."""

from __future__ import annotations

import pytest

from imagia.core.errors import BadValue
from imagia.games import analytics as an
from imagia.games import store
from imagia.games.schema import Events
from imagia.games.simulate import SimOptions, simulate


@pytest.fixture(scope="module")
def sim_events() -> tuple[Events, dict[str, str]]:
    sim = simulate(SimOptions(players=500, days=21, seed=8))
    ev = Events()
    for e in sim.events:
        ev.by_type.setdefault(e["type"], []).append(e)
    return ev, {p.player: p.style for p in sim.players.values()}


def test_activity_retention_funnel(sim_events: tuple[Events, dict[str, str]]) -> None:
    ev, _ = sim_events
    con = store.load(ev)
    daily = an.activity(con)
    assert len(daily) == 21 and all(d["dau"] > 0 for d in daily)
    assert sum(d["matches"] for d in daily) == len(ev.of("match"))
    ret = an.retention(con)
    assert ret[0]["players"] > 300 and 0 < ret[0]["d1"] <= 1
    steps = an.funnel(con)
    shares = [s["players"] for s in steps[:4]]
    assert shares == sorted(shares, reverse=True)
    text = an.week_on_week(daily)
    assert len(text) == 4 and any(w in text[0] for w in ("rose", "fell", "held steady"))


def test_churn_model_beats_chance_on_held_out_players(
    sim_events: tuple[Events, dict[str, str]],
) -> None:
    ev, _ = sim_events
    c = an.churn(ev, horizon=5)
    assert c["held_out"] > 50 and c["churned"] > 10
    assert c["auc_held_out"] > 0.75
    assert c["weights"]["days_since_last"] > 0  # longer absence, more churn


def test_segments_follow_play_styles(sim_events: tuple[Events, dict[str, str]]) -> None:
    ev, styles = sim_events
    seg = an.segments(ev, k=4)
    assert sum(s["players"] for s in seg["segments"]) == len(seg["assignment"])
    assert an.purity(seg["assignment"], styles) > 0.4  # four styles: chance is about 0.3


def test_auc_and_bad_values(sim_events: tuple[Events, dict[str, str]]) -> None:
    assert an.auc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]) == 1.0
    assert an.auc([0.5, 0.5], [1, 0]) == 0.5
    with pytest.raises(BadValue, match="horizon"):
        an.churn(Events(), horizon=0)
    with pytest.raises(BadValue, match="k"):
        an.segments(Events(), k=1)
    ev, _ = sim_events
    with pytest.raises(BadValue, match="needs at least 22"):
        an.churn(ev, horizon=11)


def test_week_on_week_in_french() -> None:
    daily = [
        {"day": f"2026-01-{d:02d}", "dau": 100 + 10 * (d > 7), "matches": 50, "sessions": 0,
         "revenue_eur": 1000 * d}
        for d in range(1, 15)
    ]  # fmt: skip
    en, fr = an.week_on_week(daily), an.week_on_week(daily, "fr")
    assert en[0].startswith("Daily active players (mean) rose 10%")
    assert fr[0].startswith("Joueurs actifs par jour (moyenne) en hausse de 10\u00a0%")
    assert "stable" in fr[1] and "aucun la semaine précédente" in fr[2]
    assert "→ 77\u00a0000 €" in fr[3] and "→ 77,000 €" in en[3]
    assert an.week_on_week(daily[:3], "fr")[0].startswith("Seulement 3 jours")
