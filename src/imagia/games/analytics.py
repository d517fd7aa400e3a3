"""Player analytics over telemetry in DuckDB: activity, retention cohorts, a funnel, churn
prediction with its AUC on held-out players, play-style segments, and a week-on-week summary.

- **Churn** is read from the data, not from the simulator: a player active before the cut-off
  (``horizon`` days before the last event) who has no session after it has churned. Features are
  computed from events before the cut-off only; a logistic regression (numpy, standardised
  features, L2) is trained on 70 % of the players and its AUC measured on the other 30 %, beside
  a one-feature baseline (days since last session).
- **Segments**: k-means (k-means++ start, fixed seed) on standardised per-player behaviour
  (matches per active day, session length, accuracy, kills and deaths per match, share of team
  matches); with the simulator's truth the purity against the hidden play styles is reported.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from imagia.core.errors import BadValue
from imagia.games.schema import Events

CHURN_FEATURES = (
    "days_since_last",
    "active_days",
    "sessions",
    "matches",
    "win_rate",
    "loss_streak",
    "mean_session_min",
    "purchases",
    "tenure_days",
    "recent_share",
)


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def activity(con: Any) -> list[dict[str, Any]]:
    """Daily active players, sessions, matches and revenue."""
    q = """
    WITH d AS (SELECT CAST(ts AS DATE) AS day, player FROM sessions),
    m AS (SELECT CAST(ts AS DATE) AS day, count(*) AS matches FROM matches GROUP BY 1),
    p AS (SELECT CAST(ts AS DATE) AS day, sum(amount_eur) AS revenue FROM purchases GROUP BY 1)
    SELECT d.day, count(DISTINCT d.player) AS dau, count(*) AS sessions,
           coalesce(any_value(m.matches), 0) AS matches,
           round(coalesce(any_value(p.revenue), 0), 2) AS revenue_eur
    FROM d LEFT JOIN m USING (day) LEFT JOIN p USING (day) GROUP BY d.day ORDER BY d.day"""
    if not _has(con, "purchases"):
        q = q.replace(
            "p AS (SELECT CAST(ts AS DATE) AS day, sum(amount_eur) AS revenue FROM "
            "purchases GROUP BY 1)",
            "p AS (SELECT NULL::DATE AS day, 0 AS revenue)",
        )
    cols = ["day", "dau", "sessions", "matches", "revenue_eur"]
    return [dict(zip(cols, r, strict=True)) | {"day": str(r[0])} for r in con.execute(q).fetchall()]


def _has(con: Any, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name=?", [table]
        ).fetchone()[0]
    )


def retention(con: Any, days: Sequence[int] = (1, 3, 7)) -> list[dict[str, Any]]:
    """Weekly cohorts by first session: share of players seen again exactly N days later."""
    rows = con.execute("""
    WITH s AS (SELECT player, CAST(ts AS DATE) AS day FROM sessions),
    f AS (SELECT player, min(day) AS first FROM s GROUP BY player)
    SELECT date_trunc('week', f.first) AS cohort, f.player, list(DISTINCT s.day - f.first)
    FROM f JOIN s USING (player) GROUP BY 1, 2 ORDER BY 1""").fetchall()
    last = con.execute("SELECT max(CAST(ts AS DATE)) FROM sessions").fetchone()[0]
    cohorts: dict[str, dict[str, Any]] = {}
    for cohort, _player, offsets in rows:
        c = cohorts.setdefault(
            str(cohort), {"cohort": str(cohort), "players": 0, **{f"d{n}": 0 for n in days}}
        )
        c["players"] += 1
        for n in days:
            if n in offsets:
                c[f"d{n}"] += 1
    out = []
    for c in cohorts.values():
        row = {"cohort": c["cohort"], "players": c["players"]}
        for n in days:
            observable = (last - datetime.fromisoformat(c["cohort"]).date()).days >= n
            row[f"d{n}"] = round(c[f"d{n}"] / c["players"], 3) if observable else None
        out.append(row)
    return out


def funnel(con: Any) -> list[dict[str, Any]]:
    """Joined → first match → 5 matches → 20 matches → a purchase."""
    players = (
        con.execute("SELECT count(DISTINCT player) FROM players").fetchone()[0]
        if _has(con, "players")
        else con.execute("SELECT count(DISTINCT player) FROM sessions").fetchone()[0]
    )
    counts = dict(con.execute("SELECT player, count(*) FROM stats GROUP BY player").fetchall())
    buyers = (
        set()
        if not _has(con, "purchases")
        else {r[0] for r in con.execute("SELECT DISTINCT player FROM purchases").fetchall()}
    )
    steps = [
        ("joined", "inscrits", players),
        ("played 1 match", "1 partie jouée", sum(c >= 1 for c in counts.values())),
        ("played 5 matches", "5 parties jouées", sum(c >= 5 for c in counts.values())),
        ("played 20 matches", "20 parties jouées", sum(c >= 20 for c in counts.values())),
        ("made a purchase", "un achat fait", len(buyers)),
    ]
    return [
        {"step": s, "step_fr": fr, "players": n, "share": round(n / max(players, 1), 3)}
        for s, fr, n in steps
    ]


def _player_features(ev: Events, cut: datetime) -> dict[str, dict[str, float]]:
    feats: dict[str, dict[str, Any]] = {}

    def f(pid: str) -> dict[str, Any]:
        return feats.setdefault(
            pid,
            {
                "days": set(),
                "sessions": 0,
                "session_min": 0.0,
                "matches": 0,
                "wins": 0,
                "streak": 0,
                "last": None,
                "first": None,
                "purchases": 0,
                "recent": 0,
            },
        )

    for s in ev.of("session"):
        t = _ts(s["start"])
        if t >= cut:
            continue
        d = f(s["player"])
        d["days"].add(t.date())
        d["sessions"] += 1
        d["session_min"] += (_ts(s["end"]) - t).total_seconds() / 60
        d["last"] = max(d["last"] or t, t)
        d["first"] = min(d["first"] or t, t)
        if t >= cut - timedelta(days=7):
            d["recent"] += 1
    for m in sorted(ev.of("match"), key=lambda m: m["ts"]):
        if _ts(m["ts"]) >= cut:
            continue
        for team, rank in zip(m["teams"], m["ranks"], strict=True):
            won = rank == min(m["ranks"])
            for pid in team:
                d = f(pid)
                d["matches"] += 1
                d["wins"] += won
                d["streak"] = 0 if won else d["streak"] + 1
    for p in ev.of("purchase"):
        if _ts(p["ts"]) < cut:
            f(p["player"])["purchases"] += 1
    out = {}
    for pid, d in feats.items():
        if d["last"] is None:
            continue
        out[pid] = {
            "days_since_last": (cut - d["last"]).total_seconds() / 86400,
            "active_days": len(d["days"]),
            "sessions": d["sessions"],
            "matches": d["matches"],
            "win_rate": d["wins"] / d["matches"] if d["matches"] else 0.5,
            "loss_streak": d["streak"],
            "mean_session_min": d["session_min"] / max(d["sessions"], 1),
            "purchases": d["purchases"],
            "tenure_days": (cut - d["first"]).total_seconds() / 86400,
            "recent_share": d["recent"] / max(d["sessions"], 1),
        }
    return out


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return math.nan
    import numpy as np

    allv = np.array(list(pos) + list(neg))
    order = allv.argsort(kind="mergesort")
    ranks = np.empty(len(allv))
    ranks[order] = np.arange(1, len(allv) + 1)
    _, inv, cnt = np.unique(allv, return_inverse=True, return_counts=True)
    ranks = np.bincount(inv, weights=ranks)[inv] / cnt[inv]
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _logistic(x: Any, y: Any, l2: float = 1.0, iters: int = 50) -> Any:
    import numpy as np

    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = l2 * np.eye(xb.shape[1])
    reg[-1, -1] = 0
    for _ in range(iters):  # Newton steps
        p = 1 / (1 + np.exp(-xb @ w))
        g = xb.T @ (p - y) + reg @ w
        h = xb.T @ (xb * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _held_out(pid: str) -> bool:
    return int(hashlib.sha256(pid.encode()).hexdigest()[:8], 16) % 10 < 3


def churn(ev: Events, horizon: int = 7) -> dict[str, Any]:
    """Train and measure churn prediction (see module docs)."""
    import numpy as np

    if horizon < 1:
        raise BadValue("horizon", horizon, reason="at least 1 day")
    sessions = ev.of("session")
    if not sessions:
        raise BadValue("events", "no session", reason="churn needs session events")
    end = max(_ts(s["end"]) for s in sessions)
    cut = end - timedelta(days=horizon)
    first = min(_ts(s["start"]) for s in sessions)
    if (cut - first).days < horizon:
        raise BadValue(
            "horizon",
            horizon,
            reason=(
                f"the events span {(end - first).days} days: churn over {horizon} days needs at "
                f"least {2 * horizon} (half to learn from, half to see who left)"
            ),
        )
    feats = _player_features(ev, cut)
    after = {s["player"] for s in sessions if _ts(s["start"]) >= cut}
    # players already gone for more than two horizons are not "at risk" any more
    pids = sorted(p for p, f in feats.items() if f["days_since_last"] <= 2 * horizon)
    if len(pids) < 20:
        raise BadValue("events", len(pids), reason="too few active players to model churn")
    x = np.array([[feats[p][k] for k in CHURN_FEATURES] for p in pids], dtype=float)
    x[:, CHURN_FEATURES.index("matches")] = np.log1p(x[:, CHURN_FEATURES.index("matches")])
    x[:, CHURN_FEATURES.index("sessions")] = np.log1p(x[:, CHURN_FEATURES.index("sessions")])
    y = np.array([0 if p in after else 1 for p in pids], dtype=float)
    test = np.array([_held_out(p) for p in pids])
    mu, sd = x[~test].mean(0), x[~test].std(0) + 1e-9
    z = (x - mu) / sd
    w = _logistic(z[~test], y[~test])
    prob = 1 / (1 + np.exp(-(np.hstack([z, np.ones((len(z), 1))]) @ w)))
    base = x[:, CHURN_FEATURES.index("days_since_last")]
    at_risk = sorted(
        ((pids[i], float(prob[i])) for i in range(len(pids)) if y[i] == 0 or not test[i]),
        key=lambda t: -t[1],
    )
    return {
        "cut_off": cut.strftime("%Y-%m-%d %H:%M"),
        "horizon_days": horizon,
        "players": len(pids),
        "churned": int(y.sum()),
        "train": int((~test).sum()),
        "held_out": int(test.sum()),
        "auc_held_out": round(auc(prob[test].tolist(), y[test].astype(int).tolist()), 4),
        "auc_baseline_recency": round(auc(base[test].tolist(), y[test].astype(int).tolist()), 4),
        "weights": {k: round(float(v), 3) for k, v in zip(CHURN_FEATURES, w, strict=False)},
        "probabilities": {p: round(float(q), 4) for p, q in zip(pids, prob, strict=True)},
        "most_at_risk": at_risk[:20],
    }


SEGMENT_FEATURES = ("matches_per_day", "session_min", "accuracy", "kills", "deaths", "team_share")


def segments(ev: Events, k: int = 4, seed: int = 0) -> dict[str, Any]:
    """k-means segments of play behaviour, described by their centres."""
    import numpy as np

    if not 2 <= k <= 12:
        raise BadValue("k", k, reason="between 2 and 12")
    per: dict[str, dict[str, float]] = {}
    days: dict[str, set[str]] = {}
    for s in ev.of("session"):
        d = per.setdefault(
            s["player"],
            dict.fromkeys(
                ("sessions", "session_min", "shots", "hits", "kills", "deaths", "n", "team"), 0.0
            ),
        )
        d["sessions"] += 1
        d["session_min"] += (_ts(s["end"]) - _ts(s["start"])).total_seconds() / 60
        days.setdefault(s["player"], set()).add(s["start"][:10])
    mode = {m["match"]: m["mode"] for m in ev.of("match")}
    for st in ev.of("stats"):
        if st["player"] not in per:
            continue
        d = per[st["player"]]
        for a, b in (
            ("shots", "shots"),
            ("hits", "hits"),
            ("kills", "kills"),
            ("deaths", "deaths"),
        ):
            d[a] += st[b]
        d["n"] += 1
        d["team"] += mode.get(st["match"]) == "team"
    pids = sorted(p for p, d in per.items() if d["n"] >= 3)
    if len(pids) < k * 3:
        raise BadValue("events", len(pids), reason=f"too few players with 3 matches for k={k}")
    x = np.array(
        [
            [
                per[p]["n"] / len(days[p]),
                per[p]["session_min"] / per[p]["sessions"],
                per[p]["hits"] / max(per[p]["shots"], 1),
                per[p]["kills"] / per[p]["n"],
                per[p]["deaths"] / per[p]["n"],
                per[p]["team"] / per[p]["n"],
            ]
            for p in pids
        ]
    )
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    rng = np.random.default_rng(seed)
    centres = [z[int(rng.integers(len(z)))]]
    for _ in range(1, k):  # k-means++
        d2 = np.min([((z - c) ** 2).sum(1) for c in centres], axis=0)
        centres.append(z[int(rng.choice(len(z), p=d2 / d2.sum()))])
    c = np.array(centres)
    for _ in range(100):
        lab = np.argmin(((z[:, None, :] - c[None]) ** 2).sum(2), axis=1)
        new = np.array([z[lab == j].mean(0) if (lab == j).any() else c[j] for j in range(k)])
        if np.allclose(new, c):
            break
        c = new
    groups = []
    for j in range(k):
        centre = c[j] * sd + mu
        groups.append(
            {
                "segment": j,
                "players": int((lab == j).sum()),
                **{f: round(float(v), 3) for f, v in zip(SEGMENT_FEATURES, centre, strict=True)},
            }
        )
    return {
        "k": k,
        "segments": groups,
        "assignment": {p: int(j) for p, j in zip(pids, lab, strict=True)},
    }


def purity(assignment: dict[str, int], truth: dict[str, str]) -> float:
    """Share of players whose segment's majority true label is their own."""
    by: dict[int, list[str]] = {}
    for p, j in assignment.items():
        if p in truth:
            by.setdefault(j, []).append(truth[p])
    hit = sum(max(v.count(x) for x in set(v)) for v in by.values())
    return round(hit / max(sum(len(v) for v in by.values()), 1), 4)


# Week-on-week measures: key, English label, French label, unit.
_WEEKLY = (
    ("dau", "Daily active players (mean)", "Joueurs actifs par jour (moyenne)", ""),
    ("matches", "Matches per day (mean)", "Parties par jour (moyenne)", ""),
    ("sessions", "Sessions per day (mean)", "Sessions par jour (moyenne)", ""),
    ("revenue_eur", "Revenue (total)", "Revenus (total)", " €"),
)


def _fr_int(value: float) -> str:
    """A whole number as French writes it: thin-space thousands."""
    return f"{value:,.0f}".replace(",", "\u00a0")


def week_on_week(daily: list[dict[str, Any]], lang: str = "en") -> list[str]:
    """Plain-language sentences comparing the last 7 days with the 7 before, in English or
    French (``lang`` "fr")."""
    fr = lang == "fr"
    if len(daily) < 14:
        if fr:
            return [
                f"Seulement {len(daily)} jours de données : une comparaison semaine à semaine "
                "en demande 14."
            ]
        return [f"Only {len(daily)} days of data: a week-on-week comparison needs 14."]
    last, prev = daily[-7:], daily[-14:-7]
    out = []
    for key, label_en, label_fr, unit in _WEEKLY:
        a = sum(float(d[key]) for d in prev)
        b = sum(float(d[key]) for d in last)
        if key != "revenue_eur":
            a, b = a / 7, b / 7
        if a == 0:
            out.append(
                f"{label_fr} : {b:.0f}{unit} cette semaine, aucun la semaine précédente."
                if fr
                else f"{label_en}: {b:.0f}{unit} this week, none the week before."
            )
            continue
        ch = (b - a) / a
        trend = "up" if ch > 0.02 else "down" if ch < -0.02 else "flat"
        if fr:
            verb = {"up": "en hausse de", "down": "en baisse de", "flat": "stable"}[trend]
            amount = f" {abs(ch) * 100:.0f}\u00a0%" if trend != "flat" else ""
            out.append(
                f"{label_fr} {verb}{amount} ({_fr_int(a)}{unit} → {_fr_int(b)}{unit}), semaine "
                f"du {last[0]['day']} contre semaine du {prev[0]['day']}."
            )
            continue
        verb = {"up": "rose", "down": "fell", "flat": "held steady"}[trend]
        amount = f" {abs(ch):.0%}" if trend != "flat" else ""
        out.append(
            f"{label_en} {verb}{amount} ({a:,.0f}{unit} → {b:,.0f}{unit}), week of "
            f"{last[0]['day']} against week of {prev[0]['day']}."
        )
    return out
