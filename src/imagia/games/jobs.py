"""Job entries of the games tools: thin adapters from ``params`` to the Python API.

Each writes its files into ``job.output_dir`` (atomic writes, ``schema`` + ``provenance`` in
JSON) and returns a small summary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.core.provenance import atomic_write
from imagia.core.textfile import load_json


def _write_csv(job: Any, name: str, rows: list[dict[str, Any]], kind: str) -> Path:
    """``rows`` as CSV (columns of the first row; lists and dicts as JSON)."""
    cols = list(rows[0]) if rows else ["empty"]
    flat = (
        {k: (json.dumps(v) if isinstance(v, list | dict) else v) for k, v in r.items()}
        for r in rows
    )
    return Path(job.write_csv(name, flat, cols, kind))


def _int(params: dict[str, Any], name: str, default: int) -> int:
    v = params.get(name, default)
    try:
        return int(v)
    except (TypeError, ValueError):
        raise BadValue(name, v, reason="a whole number") from None


def _float(params: dict[str, Any], name: str, default: float) -> float:
    v = params.get(name, default)
    try:
        return float(v)
    except (TypeError, ValueError):
        raise BadValue(name, v, reason="a number") from None


def read_truth(path: Path) -> dict[str, Any]:
    """A ``GameTruth.1`` file written by the simulator."""
    from imagia.games.simulate import TRUTH_SCHEMA

    if not path.is_file():
        raise BadFile(path, "file not found")
    data = load_json(path)
    if not isinstance(data, dict) or data.get("schema") != TRUTH_SCHEMA:
        raise BadFile(path, f"not a {TRUTH_SCHEMA} file (the simulator's truth)")
    players = data.get("players")
    if not isinstance(players, list):
        raise BadFile(path, "players: expected a list")
    for i, p in enumerate(players):
        if not (
            isinstance(p, dict)
            and isinstance(p.get("player"), str)
            and isinstance(p.get("skill"), int | float)
            and not isinstance(p.get("skill"), bool)
            and abs(p["skill"]) < 1e9  # False for NaN, exact for big integers
            and isinstance(p.get("style"), str)
            and (p.get("cheat") is None or isinstance(p.get("cheat"), str))
        ):
            raise BadFile(
                path, f"players.{i}: expected player and style (text), skill (a number), cheat"
            )
    return data


def run_simulate(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games.schema import iter_lines
    from imagia.games.simulate import SimOptions, simulate

    opts = SimOptions(
        players=_int(params, "players", 500),
        days=_int(params, "days", 14),
        seed=_int(params, "seed", 0),
        cheat_rate=_float(params, "cheat_rate", 0.06),
        toxic_rate=_float(params, "toxic_rate", 0.08),
    )
    sim = simulate(opts, progress=lambda f, m: job.progress(0.9 * f, m))
    events = job.output_dir / "events.jsonl"
    header = {
        "generator": "imagia games simulate",
        "seed": opts.seed,
        "provenance": job.provenance(),
    }
    with atomic_write(events) as fh:
        for line in iter_lines(sim.events, header):
            fh.write(line + "\n")
    job.add_output(events, "events/jsonl")
    truth = sim.truth()
    job.write_json("truth.json", truth, "truth/json")
    if params.get("parquet"):
        from imagia.games.store import write_parquet

        job.progress(0.95, "writing Parquet")
        pq = write_parquet(events, job.output_dir / "events.parquet")
        job.add_output(pq, "events/parquet")
    kinds: dict[str, int] = {}
    for e in sim.events:
        kinds[e["type"]] = kinds.get(e["type"], 0) + 1
    cheats: dict[str, int] = {}
    for p in sim.players.values():
        if p.cheat:
            cheats[p.cheat] = cheats.get(p.cheat, 0) + 1
    job.progress(1.0, "done")
    return {
        "players": opts.players,
        "days": opts.days,
        "seed": opts.seed,
        "events": kinds,
        "cheaters": cheats,
        "toxic_players": sum(p.toxic for p in sim.players.values()),
        "churned": sum(p.churn_day is not None for p in sim.players.values()),
    }


def _events(params: dict[str, Any], job: Any) -> Any:
    from imagia.games.store import read_any

    if not params.get("events"):
        raise BadValue("events", None, reason="an events file (JSON Lines or Parquet) is needed")
    ev = read_any(Path(params["events"]))
    for p in ev.problems[:50]:
        job.log(f"{params['events']}: {p} (skipped)", "warning")
    return ev


def run_ratings(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games import ratings

    ev = _events(params, job)
    matches = sorted(ev.of("match"), key=lambda m: m["ts"])
    if not matches:
        raise BadFile(params["events"], "no match event to rate")
    model = params.get("model") or "openskill-pl"
    models = [
        m.strip()
        for m in str(params.get("compare") or ",".join(ratings.MODELS)).split(",")
        if m.strip()
    ]
    for m in [model, *models]:
        ratings.make(m)
    holdout = _float(params, "holdout", 0.2)
    truth = honest = None
    if params.get("truth"):
        t = read_truth(Path(params["truth"]))
        truth = {p["player"]: p["skill"] for p in t["players"]}
        honest = {p["player"] for p in t["players"] if not p["cheat"]}
    job.progress(0.05, f"{len(matches)} matches")
    scores = ratings.evaluate(
        matches,
        models,
        holdout,
        truth,
        honest,
        progress=lambda f, m: job.progress(0.05 + 0.8 * f, m),
    )
    rater = ratings.rate(matches, model)
    counts: dict[str, int] = {}
    for m in matches:
        for t_ in m["teams"]:
            for pid in t_:
                counts[pid] = counts.get(pid, 0) + 1
    rows = ratings.table(rater, counts)
    _write_csv(job, f"ratings-{model}.csv", rows, "ratings/csv")
    report = {
        "schema": "RatingReport.1",
        "model": model,
        "matches": len(matches),
        "holdout": holdout,
        "skipped_lines": [str(p) for p in ev.problems],
        "evaluation": [s.to_dict() for s in scores],
    }
    job.write_json(
        "ratings-report.json", report, "report/json", details={"engine": "openskill + imagia"}
    )
    job.progress(1.0, "done")
    return {
        "model": model,
        "players": len(rows),
        "matches": len(matches),
        "skipped_lines": len(ev.problems),
        "evaluation": [s.to_dict() for s in scores],
        "top": rows[:5],
    }


def run_matchmaking(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games import matchmaking as mm
    from imagia.games.ratings import rate

    pool = None
    if params.get("events"):
        ev = _events(params, job)
        matches = sorted(ev.of("match"), key=lambda m: m["ts"])
        if matches:
            r = rate(matches, "openskill-pl")
            pool = {p: r.rating(p) for p in r.players()}
    opts = mm.QueueOptions(
        arrival_rate=_float(params, "arrival_rate", 2.0),
        minutes=_float(params, "minutes", 60),
        team_size=_int(params, "team_size", 3),
        tolerance=_float(params, "tolerance", 0.03),
        widen_per_s=_float(params, "widen_per_s", 0.002),
        cross_region_after=_float(params, "cross_region_after", 90),
        seed=_int(params, "seed", 0),
    )
    job.progress(0.05, "queue running")
    rep = mm.simulate_queue(pool, opts, progress=lambda f, m: job.progress(0.05 + 0.45 * f, m))
    summary = rep.summary()
    job.progress(0.5, "wait vs quality curve")
    curve = mm.curve(pool, opts) if params.get("curve", True) else []
    rows = [
        {
            "t": round(m.t, 1),
            "region": m.region,
            "team_a": " ".join(m.teams[0]),
            "team_b": " ".join(m.teams[1]),
            "p_win_a": m.p_win,
            "rating_spread": m.spread,
            "max_wait_s": max(m.waits),
            "cross_region": m.cross_region,
        }
        for m in rep.matches
    ]
    _write_csv(job, "matches.csv", rows, "matches/csv")
    from dataclasses import asdict

    report = {
        "schema": "MatchmakingReport.1",
        "options": asdict(opts),
        "summary": summary,
        "curve": curve,
        "players_from": "events (openskill-pl)" if pool else "synthetic",
    }
    job.write_json("matchmaking-report.json", report, "report/json")
    job.progress(1.0, "done")
    return {"summary": summary, "curve": curve}


def run_cheats(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games import cheats
    from imagia.games.ratings import rate

    ev = _events(params, job)
    matches = sorted(ev.of("match"), key=lambda m: m["ts"])
    if not ev.of("stats"):
        raise BadFile(params["events"], "no stats event: cheat detection needs per-match stats")
    job.progress(0.1, "rating players")
    r = rate(matches, "openskill-pl")
    ratings = {p: r.rating(p)[0] for p in r.players()}
    opts = cheats.CheatOptions(
        z_threshold=_float(params, "z_threshold", 5.0),
        min_features=_int(params, "min_features", 2),
        sprint_limit=_float(params, "sprint_limit", 7.5),
    )
    job.progress(0.5, "scoring features")
    flags, feats = cheats.detect(ev.of("stats"), matches, ratings, opts)
    rows = [
        {
            "player": f.player,
            "action": f.action,
            "kinds": " ".join(f.kinds),
            "score": f.score,
            "reasons": " | ".join(f.reasons),
        }
        for f in flags
    ]
    _write_csv(job, "review-queue.csv", rows, "review/csv")
    result: dict[str, Any] = {
        "flagged": len(flags),
        "judged": sum(f.matches >= opts.min_matches for f in feats.values()),
        "action": "review (never ban)",
        "z_threshold": opts.z_threshold,
        "min_features": opts.min_features,
    }
    if params.get("truth"):
        t = read_truth(Path(params["truth"]))
        truth = {p["player"]: p["cheat"] for p in t["players"]}
        judged = {p for p, f in feats.items() if f.matches >= opts.min_matches}
        result["score"] = cheats.score(flags, truth, judged).to_dict()
    from dataclasses import asdict

    report = {
        "schema": "CheatReport.1",
        "options": asdict(opts),
        **result,
        "flags": [f.to_dict() for f in flags],
    }
    job.write_json("cheat-report.json", report, "report/json")
    job.progress(1.0, "done")
    return {**result, "top": rows[:5]}


def run_moderation(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games import moderation

    ev = _events(params, job)
    chat = ev.of("chat")
    if not chat:
        raise BadFile(params["events"], "no chat event to moderate")
    threshold = _float(params, "threshold", moderation.THRESHOLD)
    job.progress(0.1, f"scoring {len(chat)} lines")
    verdicts = moderation.score_lines([c["text"] for c in chat], threshold)
    for c, v in zip(chat, verdicts, strict=True):
        v.player, v.ts = c["player"], c["ts"]
    queue = moderation.summarise(verdicts)
    flagged = [v for v in verdicts if v.flagged]
    rows = [
        {
            "ts": v.ts,
            "player": v.player,
            "lang": v.lang,
            "score": v.score,
            "text": v.text,
            "why": " | ".join(v.evidence),
        }
        for v in flagged
    ]
    _write_csv(job, "flagged-lines.csv", rows, "lines/csv")
    langs: dict[str, int] = {}
    for v in verdicts:
        langs[v.lang] = langs.get(v.lang, 0) + 1
    report = {
        "schema": "ModerationReport.1",
        "threshold": threshold,
        "lines": len(verdicts),
        "flagged": len(flagged),
        "languages": langs,
        "action": "review (never ban)",
        "queue": queue,
    }
    job.use_model(
        {
            "name": "alt-profanity-check",
            "version": _version("alt-profanity-check"),
            "licence": "MIT",
            "source": "package",
        }
    )
    job.write_json(
        "moderation-report.json",
        report,
        "report/json",
        details={"engine": "alt-profanity-check (EN) + imagia FR/EN lexicon"},
    )
    job.progress(1.0, "done")
    return {
        "lines": len(verdicts),
        "flagged": len(flagged),
        "players_to_review": len(queue),
        "languages": langs,
        "action": "review (never ban)",
        "top": queue[:5],
    }


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def run_difficulty(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from dataclasses import asdict, replace

    from imagia.games import difficulty as dd

    lo, hi = _float(params, "min_level", -3.0), _float(params, "max_level", 3.0)
    opts = dd.DifficultyOptions(
        target=_float(params, "target", 0.7),
        step=_float(params, "step", 0.15),
        hysteresis=_float(params, "hysteresis", 0.07),
        window=_int(params, "window", 12),
        cooldown=_int(params, "cooldown", 3),
        bounds=(lo, hi),
        controller=str(params.get("controller") or "hysteresis"),
    )
    players, attempts = _int(params, "players", 200), _int(params, "attempts", 150)
    seed = _int(params, "seed", 0)
    results = {}
    traj: list[dict[str, Any]] = []
    names = [opts.controller, *[c for c in dd.CONTROLLERS if c != opts.controller]]
    for k, name in enumerate(names):
        o = replace(opts, controller=name)
        runs = dd.simulate(o, players, attempts, seed)  # same seed: same players, same luck
        results[name] = dd.report(runs, o)
        if name == opts.controller:
            traj = [
                {"player": r.player, "attempt": a, "difficulty": lv, "success": int(ok)}
                for r in runs
                for a, (lv, ok) in enumerate(zip(r.levels, r.successes, strict=True))
            ]
        job.progress((k + 1) / len(names) * 0.9, f"controller {name}")
    _write_csv(job, "difficulty-trajectories.csv", traj, "trajectories/csv")
    report = {
        "schema": "DifficultyReport.1",
        "options": asdict(opts),
        "players": players,
        "attempts": attempts,
        "seed": seed,
        "controllers": results,
    }
    job.write_json("difficulty-report.json", report, "report/json")
    job.progress(1.0, "done")
    return {
        "controllers": {
            k: {kk: vv for kk, vv in v.items() if kk != "players_detail"}
            for k, v in results.items()
        }
    }


def run_analytics(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games import analytics as an
    from imagia.games.store import load

    ev = _events(params, job)
    if not ev.of("session"):
        raise BadFile(params["events"], "no session event: analytics needs sessions")
    job.progress(0.1, "loading into DuckDB")
    con = load(ev)
    daily = an.activity(con)
    job.progress(0.4, "churn model")
    ch = an.churn(ev, _int(params, "horizon", 7))
    probs = ch.pop("probabilities")
    job.progress(0.7, "segments")
    seg = an.segments(ev, _int(params, "segments", 4), _int(params, "seed", 0))
    assignment = seg.pop("assignment")
    if params.get("truth"):
        t = read_truth(Path(params["truth"]))
        seg["purity_vs_true_styles"] = an.purity(
            assignment, {p["player"]: p["style"] for p in t["players"]}
        )
    rows = [
        {"player": p, "churn_probability": q, "segment": assignment.get(p)}
        for p, q in sorted(probs.items(), key=lambda kv: -kv[1])
    ]
    _write_csv(job, "players.csv", rows, "players/csv")
    summary = an.week_on_week(daily)
    summary_fr = an.week_on_week(daily, "fr")
    report = {
        "schema": "AnalyticsReport.1",
        "daily": daily,
        "retention": an.retention(con),
        "funnel": an.funnel(con),
        "churn": ch,
        "segments": seg,
        "summary": summary,
        "summary_fr": summary_fr,
    }
    job.write_json(
        "analytics-report.json", report, "report/json", details={"engine": "DuckDB + numpy"}
    )
    job.progress(1.0, "done")
    return {
        "days": len(daily),
        "churn_auc_held_out": ch["auc_held_out"],
        "churn_auc_recency_baseline": ch["auc_baseline_recency"],
        "segments": seg["segments"],
        "purity": seg.get("purity_vs_true_styles"),
        "funnel": report["funnel"],
        "retention": report["retention"],
        "summary": summary,
        "summary_fr": summary_fr,
    }


def run_support(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.games import support

    given = params.get("kb") or []
    items = given if isinstance(given, list) else str(given).split(",")  # jobs saved before
    kb = [Path(str(p).strip()) for p in items if str(p).strip()]
    if not kb:
        raise BadValue("kb", params.get("kb"), reason="a folder or files of Markdown/HTML FAQ")
    questions = [q.strip() for q in str(params.get("questions") or "").splitlines() if q.strip()]
    if not questions:
        raise BadValue("questions", params.get("questions"), reason="one question per line")
    job.progress(0.1, "reading the knowledge base")
    passages = support.load_kb(kb)
    job.progress(0.3, f"embedding {len(passages)} passages")
    bot = support.Assistant(
        passages,
        str(params.get("contact") or "the in-game Help > Contact us form"),
        _float(params, "min_similarity", support.MIN_SIMILARITY),
    )
    job.use_model(support.model_info())
    answers = []
    for i, q in enumerate(questions):
        answers.append(bot.ask(q).to_dict())
        job.progress(0.3 + 0.7 * (i + 1) / len(questions), f"question {i + 1}")
    report = {
        "schema": "SupportAnswers.1",
        "passages": len(passages),
        "min_similarity": bot.min_similarity,
        "answers": answers,
    }
    job.write_json(
        "support-answers.json",
        report,
        "report/json",
        details={"engine": "extractive, no generation"},
    )
    return {
        "passages": len(passages),
        "answered": sum(a["answered"] for a in answers),
        "refused": sum(not a["answered"] for a in answers),
        "answers": answers,
    }
