"""Cheat detection: per-player features, an unsupervised anomaly score plus rules, each flag
explained, and a human-review queue — never an automatic ban.

Features per player (from ``stats`` and ``match`` events): accuracy, headshot share, median
reaction time, 90th percentile aim snap, gold per minute, fastest speed, and, for every pair of
opponents, how often they met in short matches that one side always won.

- **Anomaly score** (aim and economy): each feature is corrected for skill (a straight line
  against the player's rating, fitted on everyone — cheaters are few) and turned into a robust
  z-score (median and MAD of the residuals). A player is flagged when at least ``min_features``
  features pass ``z_threshold`` in the cheating direction, one of them a mechanical one (reaction
  time or aim snap: an exceptional honest player hits more often, but does not move the aim
  faster than a human — measured: without this, top players were flagged). Residuals are
  shrunk by the square root of the player's match count below the median, so a few lucky
  matches are not evidence. Players with fewer than ``min_matches`` matches are not judged.
- **Rules**: speed above the game's sprint limit (times a measurement margin) in any match is
  impossible movement; ``min_meetings`` short matches or more between the same two opponents,
  all won by the same side, is win trading (both accounts are flagged).

The action is always ``review``: a person decides. The threshold defaults to a false-positive
rate a studio can accept, measured on simulated honest players (see docs/games.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from imagia.core.errors import BadValue

AIM = ("accuracy", "headshots", "reaction", "snap")
# How the aim moves, not what it hits: a great player hits more, but no faster than a human.
MECHANICS = ("reaction", "snap")
FEATURES = (*AIM, "gold_per_min")
# Direction that cheating pushes each feature (+1 higher, -1 lower).
DIRECTION = {"accuracy": 1, "headshots": 1, "reaction": -1, "snap": 1, "gold_per_min": 1}
# A feature's name in a French reason.
FEATURE_FR = {
    "accuracy": "précision",
    "headshots": "tirs à la tête",
    "reaction": "temps de réaction",
    "snap": "vitesse de visée",
    "gold_per_min": "or par minute",
}


def _fr(value: float, spec: str) -> str:
    """``value`` formatted by ``spec`` with a French decimal comma."""
    return format(value, spec).replace(".", ",")


@dataclass(frozen=True)
class CheatOptions:
    z_threshold: float = 5.0
    min_features: int = 2
    min_matches: int = 3
    sprint_limit: float = 7.5  # m/s, a property of the game
    speed_margin: float = 1.05  # tolerated measurement error above the limit
    min_meetings: int = 4  # short one-sided matches between the same two players
    short_match_s: float = 180.0

    def check(self) -> None:
        if self.z_threshold <= 0:
            raise BadValue("z_threshold", self.z_threshold, reason="a positive number")
        if self.min_features < 1:
            raise BadValue("min_features", self.min_features, reason="at least 1")


@dataclass
class PlayerFeatures:
    player: str
    matches: int
    rating: float
    values: dict[str, float]
    z: dict[str, float] = field(default_factory=dict)
    fast_matches: int = 0
    top_speed: float = 0.0
    speeds: list[float] = field(default_factory=list)


@dataclass
class Flag:
    player: str
    kinds: list[str]  # aim, economy, speed, win-trading
    score: float
    reasons: list[str]
    action: str = "review"
    reasons_fr: list[str] = field(default_factory=list)  # the same reasons in French

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _median(v: Sequence[float]) -> float:
    s = sorted(v)
    n = len(s)
    return float(s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2) if n else math.nan


def features(
    stats: Sequence[dict[str, Any]], matches: Sequence[dict[str, Any]], ratings: dict[str, float]
) -> dict[str, PlayerFeatures]:
    """Aggregate per-match stats into per-player features."""
    duration = {m["match"]: float(m.get("duration_s") or 600) for m in matches}
    acc: dict[str, dict[str, list[float]]] = {}
    for s in stats:
        d = acc.setdefault(
            s["player"],
            {k: [] for k in ("shots", "hits", "hs", "rt", "snap", "gold", "mins", "speed")},
        )
        d["shots"].append(float(s["shots"]))
        d["hits"].append(float(s["hits"]))
        d["hs"].append(float(s["headshots"]))
        d["rt"].append(float(s["reaction_ms"]))
        d["snap"].append(float(s["snap_deg"]))
        d["gold"].append(float(s["gold"]))
        d["mins"].append(duration.get(s["match"], 600.0) / 60)
        d["speed"].append(float(s["max_speed"]))
    out = {}
    for pid, d in acc.items():
        shots, hits = sum(d["shots"]), sum(d["hits"])
        snaps = sorted(d["snap"])
        out[pid] = PlayerFeatures(
            pid,
            len(d["shots"]),
            ratings.get(pid, math.nan),
            {
                "accuracy": hits / shots if shots else 0.0,
                "headshots": sum(d["hs"]) / hits if hits else 0.0,
                "reaction": _median(d["rt"]),
                "snap": snaps[min(len(snaps) - 1, int(0.9 * len(snaps)))],
                "gold_per_min": sum(d["gold"]) / max(sum(d["mins"]), 1e-9),
            },
            top_speed=max(d["speed"]),
            speeds=d["speed"],
        )
    return out


def _robust_z(feats: dict[str, PlayerFeatures], min_matches: int) -> None:
    import numpy as np

    pids = [p for p, f in feats.items() if f.matches >= min_matches]
    if len(pids) < 10:
        return
    r = np.array([feats[p].rating for p in pids], dtype=float)
    n = np.array([feats[p].matches for p in pids], dtype=float)
    r = np.where(np.isnan(r), np.nanmedian(r) if not np.all(np.isnan(r)) else 0.0, r)
    for name in FEATURES:
        y = np.array([feats[p].values[name] for p in pids], dtype=float)
        slope, icpt = np.polyfit(r, y, 1) if np.ptp(r) > 0 else (0.0, float(np.median(y)))
        # refit on the central 90 % so outliers (the cheaters) do not pull the line
        res = y - (slope * r + icpt)
        keep = np.abs(res - np.median(res)) <= np.quantile(np.abs(res - np.median(res)), 0.9)
        if np.ptp(r[keep]) > 0:
            slope, icpt = np.polyfit(r[keep], y[keep], 1)
        # a mean over n matches is noisier when n is small: weigh evidence by sqrt(n)
        # (capped at 1: players differ for real, more matches do not make that vanish)
        res = (y - (slope * r + icpt)) * np.sqrt(np.minimum(n / np.median(n), 1.0))
        med = float(np.median(res))
        mad = float(np.median(np.abs(res - med))) * 1.4826 or 1e-9
        for p, v in zip(pids, res, strict=True):
            feats[p].z[name] = round(DIRECTION[name] * (float(v) - med) / mad, 2)


def detect(
    stats: Sequence[dict[str, Any]],
    matches: Sequence[dict[str, Any]],
    ratings: dict[str, float],
    opts: CheatOptions | None = None,
) -> tuple[list[Flag], dict[str, PlayerFeatures]]:
    """Flags (best first) and every player's features."""
    opts = opts or CheatOptions()
    opts.check()
    feats = features(stats, matches, ratings)
    _robust_z(feats, opts.min_matches)
    flags: dict[str, Flag] = {}

    def flag(pid: str, kind: str, score: float, reason: str, reason_fr: str) -> None:
        f = flags.setdefault(pid, Flag(pid, [], 0.0, []))
        if kind not in f.kinds:
            f.kinds.append(kind)
        f.score = max(f.score, round(score, 2))
        f.reasons.append(reason)
        f.reasons_fr.append(reason_fr)

    limit = opts.sprint_limit * opts.speed_margin
    for pid, f in feats.items():
        fast = [v for v in f.speeds if v > limit]
        f.fast_matches = len(fast)
        if fast:
            flag(
                pid,
                "speed",
                10.0 + len(fast),
                f"moved at {max(fast):.1f} m/s, above the {opts.sprint_limit} m/s sprint limit, "
                f"in {len(fast)} of {f.matches} matches",
                f"déplacement à {_fr(max(fast), '.1f')} m/s, au-delà de la limite de sprint de "
                f"{_fr(opts.sprint_limit, 'g')} m/s, dans {len(fast)} parties sur {f.matches}",
            )
        if f.matches < opts.min_matches or not f.z:
            continue
        hot = [(k, f.z[k]) for k in AIM if f.z.get(k, 0) >= opts.z_threshold]
        if len(hot) >= opts.min_features and {k for k, _ in hot} & set(MECHANICS):
            flag(
                pid,
                "aim",
                max(z for _, z in hot),
                "; ".join(
                    f"{k} {f.values[k]:.3g} is {z:.1f} robust SD beyond players of its rating"
                    for k, z in hot
                ),
                " ; ".join(
                    f"{FEATURE_FR.get(k, k)} {_fr(f.values[k], '.3g')} : {_fr(z, '.1f')} écarts "
                    "robustes au-delà des joueurs de même cote"
                    for k, z in hot
                ),
            )
        if f.z.get("gold_per_min", 0) >= opts.z_threshold:
            flag(
                pid,
                "economy",
                f.z["gold_per_min"],
                f"gold per minute {f.values['gold_per_min']:.0f} is "
                f"{f.z['gold_per_min']:.1f} robust SD beyond players of its rating",
                f"or par minute {f.values['gold_per_min']:.0f} : {_fr(f.z['gold_per_min'], '.1f')} "
                "écarts robustes au-delà des joueurs de même cote",
            )
    for a, b, n, dur in win_trading(matches, opts):
        for pid, other in ((a, b), (b, a)):
            flag(
                pid,
                "win-trading",
                8.0 + n,
                f"{n} short matches (median {dur:.0f} s) against {other}, all won by {a}",
                f"{n} parties courtes (médiane {dur:.0f} s) contre {other}, toutes gagnées par {a}",
            )
    return sorted(flags.values(), key=lambda f: -f.score), feats


def win_trading(
    matches: Sequence[dict[str, Any]], opts: CheatOptions
) -> list[tuple[str, str, int, float]]:
    """(winner, loser, meetings, median duration) of one-sided short-match pairs."""
    pairs: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for m in matches:
        dur = float(m.get("duration_s") or 1e9)
        if dur > opts.short_match_s or len(m["teams"]) != 2:
            continue
        (ta, tb), (ra, rb) = m["teams"], m["ranks"]
        if ra == rb:
            continue
        win, lose = (ta, tb) if ra < rb else (tb, ta)
        for w in win:
            for lo in lose:
                key = (min(w, lo), max(w, lo))
                pairs.setdefault(key, []).append((w, dur))
    out = []
    for (a, b), res in pairs.items():
        winners = {w for w, _ in res}
        if len(res) >= opts.min_meetings and len(winners) == 1:
            w = next(iter(winners))
            out.append((w, b if w == a else a, len(res), _median([d for _, d in res])))
    return out


@dataclass
class CheatScore:
    honest: int
    false_positives: int
    fpr: float
    fpr_upper95: float  # rule of three / exact bound when no false positive is seen
    precision: float
    recall: dict[str, float]  # per cheat kind
    flagged: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def score(flags: Sequence[Flag], truth: dict[str, str | None], judged: set[str]) -> CheatScore:
    """Compare flags with the simulator's truth (player -> cheat kind or None) on ``judged``."""
    flagged = {f.player for f in flags if f.player in judged}
    honest = {p for p in judged if not truth.get(p)}
    fp = len(flagged & honest)
    kinds: dict[str, list[str]] = {}
    for p in judged:
        k = truth.get(p)
        if k:
            kinds.setdefault(k, []).append(p)
    recall = {k: round(sum(p in flagged for p in v) / len(v), 4) for k, v in sorted(kinds.items())}
    n = max(len(honest), 1)
    upper = (3.0 / n) if fp == 0 else min(1.0, (fp + 2 * math.sqrt(fp) + 2) / n)
    tp = len(flagged) - fp
    return CheatScore(
        len(honest),
        fp,
        round(fp / n, 6),
        round(upper, 6),
        round(tp / len(flagged), 4) if flagged else math.nan,
        recall,
        len(flagged),
    )
