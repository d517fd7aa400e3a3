"""A game-telemetry simulator with hidden truths, so every games tool is measured against them.

The generator (documented in docs/games.md, "The simulator"):

- Players get a hidden true skill ``s ~ N(0, 1)``, a region, a play style (``aggressive``,
  ``tactical``, ``support``, ``casual``: activity, accuracy and churn differ) and an arrival day
  (70 % on day 0, the rest spread over the first half of the period).
- Each day an active player plays ``1 + Poisson(rate[style])`` matches with probability
  ``p_play[style]``. Players of a region are shuffled into matches round by round (a player is at
  most once per round), with modes duel (1v1), team (3v3) and free-for-all (6 players).
- Performance in a match is ``s_eff + N(0, BETA)`` (TrueSkill's model); a team's performance is
  the sum over its members weighted by the fraction of the match each played (5 % of players leave
  early: partial play). Ranks follow performance.
- Cheaters (``cheat_rate`` of players, split over three kinds):
  ``aimbot`` — in a share of their matches, accuracy, headshot rate and snap angles rise and
  reaction time falls, by an intensity drawn per cheater (some are subtle); it also raises
  their effective skill. ``speedhack`` — in a share of their matches, max speed goes past the
  sprint limit (7.5 m/s) and economy gains are inflated. ``boosting`` — a booster account and a
  boosted one meet in rigged duels every day: the booster loses on purpose, quickly.
- Per-match stats come from skill and style (accuracy, headshots, reaction time, aim snap, speed,
  gold), with noise. Chat lines are drawn from the labelled moderation set: players marked toxic
  send toxic lines in a share of their matches.
- Churn: a daily hazard per style, raised by losing streaks; a churned player never returns.
  Some players buy items and a few open support tickets.

Everything depends only on the options and the seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from imagia.core.errors import BadValue
from imagia.games.schema import iso

TRUTH_SCHEMA = "GameTruth.1"
BETA = 1.0
SPRINT_LIMIT = 7.5  # m/s, the fastest a legit character moves
START = 1767571200  # 2026-01-05T00:00:00Z, a Monday
REGIONS = ("eu", "na", "asia")
STYLES = ("aggressive", "tactical", "support", "casual")
CHEATS = ("aimbot", "speedhack", "boosting")
MODE_SIZES = {"duel": (1, 2), "team": (3, 2), "ffa": (1, 6)}  # (players per team, teams)

_P_PLAY = {"aggressive": 0.8, "tactical": 0.7, "support": 0.65, "casual": 0.4}
_RATE = {"aggressive": 2.0, "tactical": 1.5, "support": 1.5, "casual": 0.6}
_HAZARD = {"aggressive": 0.008, "tactical": 0.006, "support": 0.008, "casual": 0.03}
_ACC = {"aggressive": -0.1, "tactical": 0.15, "support": 0.0, "casual": -0.2}


@dataclass(frozen=True)
class SimOptions:
    """What to simulate. ``cheat_rate`` and ``toxic_rate`` are shares of all players."""

    players: int = 500
    days: int = 14
    seed: int = 0
    cheat_rate: float = 0.06
    toxic_rate: float = 0.08
    mode_weights: tuple[float, float, float] = (0.3, 0.5, 0.2)  # duel, team, ffa

    def check(self) -> None:
        if not 12 <= self.players <= 200_000:
            raise BadValue("players", self.players, reason="between 12 and 200000")
        if not 1 <= self.days <= 365:
            raise BadValue("days", self.days, reason="between 1 and 365")
        for name in ("cheat_rate", "toxic_rate"):
            v = getattr(self, name)
            if not 0 <= v <= 0.5:
                raise BadValue(name, v, reason="a share between 0 and 0.5")


@dataclass
class PlayerTruth:
    player: str
    skill: float
    region: str
    style: str
    joined_day: int
    cheat: str | None = None
    cheat_intensity: float = 0.0
    cheat_share: float = 0.0  # share of matches with the cheat on
    partner: str | None = None  # boosting partner
    toxic: bool = False
    churn_day: int | None = None
    matches: int = 0


@dataclass
class Simulation:
    """Events (schema GameEvent.1, sorted by time) and the hidden truth behind them."""

    options: SimOptions
    events: list[dict[str, Any]]
    players: dict[str, PlayerTruth]
    rigged: set[str] = field(default_factory=set)  # match ids of boosting duels
    chat_labels: dict[int, bool] = field(default_factory=dict)  # event index -> toxic

    def truth(self) -> dict[str, Any]:
        return {
            "schema": TRUTH_SCHEMA,
            "options": asdict(self.options),
            "beta": BETA,
            "sprint_limit": SPRINT_LIMIT,
            "players": [asdict(p) for p in self.players.values()],
            "rigged_matches": sorted(self.rigged),
        }


def _make_players(opts: SimOptions, rng: Any) -> dict[str, PlayerTruth]:
    n = opts.players
    skills = rng.normal(0.0, 1.0, n)
    styles = rng.choice(len(STYLES), n, p=[0.25, 0.25, 0.2, 0.3])
    regions = rng.choice(len(REGIONS), n, p=[0.45, 0.35, 0.2])
    late = rng.random(n) > 0.7
    joined = [int(rng.integers(1, max(2, opts.days // 2 + 1))) if lt else 0 for lt in late]
    players = {}
    for i in range(n):
        pid = f"p{i:05d}"
        players[pid] = PlayerTruth(
            pid, round(float(skills[i]), 4), REGIONS[regions[i]], STYLES[styles[i]], joined[i]
        )
    ids = list(players)
    order = rng.permutation(n)
    n_cheat = round(opts.cheat_rate * n)
    per_kind = max(1, n_cheat // 3) if n_cheat else 0
    k = 0
    for kind in CHEATS:
        for _ in range(per_kind):
            if k >= n:
                break
            p = players[ids[order[k]]]
            k += 1
            p.cheat = kind
            p.cheat_intensity = round(float(rng.uniform(0.3, 1.0)), 3)
            p.cheat_share = round(
                float(rng.uniform(0.5, 1.0) if kind == "aimbot" else rng.uniform(0.3, 0.8)), 3
            )
            if kind == "boosting":  # the booster: a strong honest-looking account, same region
                cands = [
                    q
                    for q in ids
                    if players[q].cheat is None
                    and players[q].partner is None
                    and players[q].region == p.region
                    and players[q].skill > 0.5
                ]
                if cands:
                    b = players[cands[int(rng.integers(len(cands)))]]
                    b.cheat, b.partner, p.partner = "booster", p.player, b.player
                    b.joined_day = p.joined_day = 0
                    b.cheat_share = p.cheat_share
    for pid in ids:
        players[pid].toxic = bool(rng.random() < opts.toxic_rate)
    return players


def simulate(opts: SimOptions, progress: Callable[[float, str], None] | None = None) -> Simulation:
    """Generate ``opts.days`` days of play for ``opts.players`` players."""
    import numpy as np

    from imagia.games.chatset import labelled

    opts.check()
    rng = np.random.default_rng(opts.seed)
    players = _make_players(opts, rng)
    sim = Simulation(opts, [], players)
    chat = labelled()
    benign = [m for m in chat if not m.toxic]
    toxic = [m for m in chat if m.toxic]
    events: list[tuple[float, dict[str, Any], bool | None]] = []
    loss_streak = dict.fromkeys(players, 0)
    mode_names = list(MODE_SIZES)
    mid = 0
    for p in players.values():
        events.append(
            (
                START + p.joined_day * 86400.0,
                {"type": "player", "player": p.player, "region": p.region, "platform": "pc"},
                None,
            )
        )
    for day in range(opts.days):
        day0 = START + day * 86400.0
        active = [p for p in players.values() if p.joined_day <= day and p.churn_day is None]
        n_matches = {}
        for p in active:
            if rng.random() < _P_PLAY[p.style]:
                n_matches[p.player] = 1 + int(rng.poisson(_RATE[p.style]))
        times: dict[str, list[float]] = {}
        for region in REGIONS:
            rounds = max(
                (n for pid, n in n_matches.items() if players[pid].region == region), default=0
            )
            for r in range(rounds):
                pool = [
                    pid for pid, n in n_matches.items() if n > r and players[pid].region == region
                ]
                rng.shuffle(pool)
                t_round = day0 + 3600 * (10 + 12 * (r + rng.random()) / max(rounds, 1))
                while len(pool) >= 2:
                    mode = mode_names[int(rng.choice(3, p=list(opts.mode_weights)))]
                    size, n_teams = MODE_SIZES[mode]
                    if len(pool) < size * n_teams:
                        mode, size, n_teams = "duel", 1, 2
                    members = [pool.pop() for _ in range(size * n_teams)]
                    mid += 1
                    t = t_round + float(rng.uniform(0, 1800))
                    _play(
                        sim,
                        rng,
                        f"m{mid:07d}",
                        mode,
                        region,
                        members,
                        size,
                        n_teams,
                        t,
                        events,
                        loss_streak,
                        benign,
                        toxic,
                        times,
                    )
        # boosting: rigged duels between each boosted account and its booster
        for p in players.values():
            if (
                p.cheat == "boosting"
                and p.partner
                and p.player in n_matches
                and players[p.partner].churn_day is None
            ):
                for _ in range(int(rng.integers(1, 4))):
                    if rng.random() > p.cheat_share:
                        continue
                    mid += 1
                    t = day0 + 3600 * float(rng.uniform(10, 23))
                    _play(
                        sim,
                        rng,
                        f"m{mid:07d}",
                        "duel",
                        p.region,
                        [p.player, p.partner],
                        1,
                        2,
                        t,
                        events,
                        loss_streak,
                        benign,
                        toxic,
                        times,
                        rigged=True,
                    )
        for pid, seen in times.items():
            events.append(
                (
                    min(seen) - 300,
                    {
                        "type": "session",
                        "player": pid,
                        "start": iso(min(seen) - 300),
                        "end": iso(max(seen) + 900),
                    },
                    None,
                )
            )
            _extras(players[pid], rng, max(seen), events)
        for p in active:  # churn at the end of the day
            h = _HAZARD[p.style] * (1 + 0.25 * min(loss_streak[p.player], 8))
            if p.player not in n_matches:
                h *= 1.5
            if rng.random() < h:
                p.churn_day = day
        if progress:
            progress((day + 1) / opts.days, f"day {day + 1}/{opts.days}")
    events.sort(key=lambda e: e[0])
    for i, (ts, e, label) in enumerate(events):
        e["ts"] = iso(ts)
        sim.events.append({"type": e.pop("type"), "ts": e.pop("ts"), **e})
        if label is not None:
            sim.chat_labels[i] = label
    return sim


def _extras(
    p: PlayerTruth, rng: Any, t: float, events: list[tuple[float, dict[str, Any], bool | None]]
) -> None:
    if rng.random() < (0.04 if p.style != "casual" else 0.015):
        item, price = [("skin", 9.99), ("battle-pass", 4.99), ("coins", 1.99)][int(rng.integers(3))]
        events.append(
            (
                t + 60,
                {"type": "purchase", "player": p.player, "item": item, "amount_eur": price},
                None,
            )
        )
    if rng.random() < 0.01:
        q = [
            "I can't log in since the update",
            "How do I get a refund for a skin?",
            "Je n'arrive pas à rejoindre une partie classée",
            "My game crashes at launch",
        ]
        events.append(
            (
                t + 120,
                {"type": "ticket", "player": p.player, "text": q[int(rng.integers(len(q)))]},
                None,
            )
        )


def _play(
    sim: Simulation,
    rng: Any,
    match_id: str,
    mode: str,
    region: str,
    members: list[str],
    size: int,
    n_teams: int,
    t: float,
    events: list[tuple[float, dict[str, Any], bool | None]],
    loss_streak: dict[str, int],
    benign: list[Any],
    toxic: list[Any],
    times: dict[str, list[float]],
    rigged: bool = False,
) -> None:
    players = sim.players
    teams = [members[i * size : (i + 1) * size] for i in range(n_teams)]
    on: dict[str, bool] = {}
    played: list[list[float]] = []
    perf = []
    for team in teams:
        fr, total = [], 0.0
        for pid in team:
            p = players[pid]
            cheating = p.cheat in ("aimbot", "speedhack") and rng.random() < p.cheat_share
            on[pid] = cheating
            boost = 0.0
            if cheating:
                boost = 1.5 * p.cheat_intensity if p.cheat == "aimbot" else 0.5
            f = 1.0 if rigged or rng.random() > 0.05 else round(float(rng.uniform(0.2, 0.8)), 2)
            fr.append(f)
            total += f * (p.skill + boost + float(rng.normal(0, BETA)))
        played.append(fr)
        perf.append(total)
    if rigged:  # the booster (second) loses on purpose
        perf = [1.0, 0.0]
    order = sorted(range(n_teams), key=lambda i: -perf[i])
    ranks = [0] * n_teams
    for r, i in enumerate(order):
        ranks[i] = r + 1
    duration = float(rng.uniform(60, 150)) if rigged else float(rng.uniform(300, 900))
    ev: dict[str, Any] = {
        "type": "match",
        "match": match_id,
        "mode": mode,
        "region": region,
        "teams": teams,
        "ranks": ranks,
        "duration_s": round(duration),
    }
    if any(f < 1 for fr in played for f in fr):
        ev["played"] = played
    events.append((t, ev, None))
    if rigged:
        sim.rigged.add(match_id)
    for ti, team in enumerate(teams):
        won = ranks[ti] == 1
        for pid in team:
            p = players[pid]
            p.matches += 1
            loss_streak[pid] = 0 if won else loss_streak[pid] + 1
            times.setdefault(pid, []).append(t + duration)
            st = _stats(p, rng, duration, on[pid], won, rigged)
            events.append(
                (t + duration, {"type": "stats", "match": match_id, "player": pid, **st}, None)
            )
            if p.toxic and not won and rng.random() < 0.5:
                pick = toxic[int(rng.integers(len(toxic)))]
            elif rng.random() < 0.15:
                pick = benign[int(rng.integers(len(benign)))]
            else:
                continue
            events.append(
                (
                    t + duration + 5,
                    {
                        "type": "chat",
                        "player": pid,
                        "match": match_id,
                        "channel": "match",
                        "text": pick.text,
                    },
                    bool(pick.toxic),
                )
            )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _stats(
    p: PlayerTruth, rng: Any, duration: float, cheating: bool, won: bool, rigged: bool
) -> dict[str, Any]:
    u = p.cheat_intensity if cheating else 0.0
    aim = u if p.cheat == "aimbot" else 0.0
    speed = u if p.cheat == "speedhack" else 0.0
    acc = _sigmoid(-1.0 + 0.35 * p.skill + _ACC[p.style] + float(rng.normal(0, 0.15)))
    acc = min(0.97, acc + 0.35 * aim)
    shots = int(rng.poisson(duration / 5 * (1.3 if p.style == "aggressive" else 1.0)))
    hits = int(rng.binomial(shots, acc))
    hs_rate = min(0.95, _sigmoid(-1.7 + 0.3 * p.skill + float(rng.normal(0, 0.2))) + 0.45 * aim)
    headshots = int(rng.binomial(hits, hs_rate))
    kills = int(rng.poisson(max(0.1, hits / 6 * (1.2 if won else 0.8))))
    deaths = int(rng.poisson(max(0.1, duration / 90 * (0.7 if won else 1.2))))
    if rigged and p.cheat == "booster":
        kills, deaths = int(rng.integers(0, 2)), int(rng.integers(5, 12))
    reaction = max(120.0, 265 - 22 * p.skill + float(rng.normal(0, 22)) - 100 * aim)
    snap = float(rng.lognormal(math.log(22 + 3 * p.skill), 0.25)) + 70 * aim
    max_speed = min(SPRINT_LIMIT, 6.6 + float(rng.normal(0, 0.25)))
    if speed:
        max_speed = SPRINT_LIMIT * (1.1 + 0.7 * speed) + float(rng.normal(0, 0.2))
    gold = duration / 60 * 100 * (1 + 0.08 * p.skill) * float(rng.lognormal(0, 0.1))
    gold *= 1 + 1.5 * speed
    return {
        "kills": kills,
        "deaths": deaths,
        "shots": shots,
        "hits": hits,
        "headshots": headshots,
        "reaction_ms": round(reaction, 1),
        "snap_deg": round(snap, 1),
        "max_speed": round(max_speed, 2),
        "gold": round(gold),
    }
