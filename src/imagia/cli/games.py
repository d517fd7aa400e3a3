"""``imagia games ...``: games after launch (simulator, ratings, matchmaking, cheats,
moderation)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json, emit_rows
from imagia.cli.tools import emit_job, print_outputs, run_tool
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Games after launch: telemetry simulator, ratings, matchmaking, cheat detection, "
    "chat moderation.",
    no_args_is_help=True,
)
WsOpt = WORKSPACE
JsonOpt = JSON
TruthOpt = typer.Option(
    None, "--truth", help="The simulator's truth file (GameTruth.1), to score against."
)


def _run(
    tool: str, params: dict[str, Any], workspace: Path | None
) -> tuple[wsmod.Workspace, jobmod.Job]:
    return run_tool(workspace, tool, params)


_outputs = print_outputs


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(dst)


@app.command("simulate")
def simulate(
    out: Path = typer.Argument(
        ..., help="Events file to write (JSON Lines); the truth goes beside it as OUT.truth.json."
    ),
    players: int = declared("games-simulate", "players", "--players"),
    days: int = declared("games-simulate", "days", "--days"),
    seed: int = declared("games-simulate", "seed", "--seed"),
    cheat_rate: float = declared("games-simulate", "cheat_rate"),
    toxic_rate: float = declared("games-simulate", "toxic_rate"),
    parquet: bool = declared("games-simulate", "parquet", "--parquet"),
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Simulate game telemetry from hidden true skills, styles, cheaters and churn."""
    params = {
        "players": players,
        "days": days,
        "seed": seed,
        "cheat_rate": cheat_rate,
        "toxic_rate": toxic_rate,
        "parquet": parquet,
    }
    ws, job = _run("games-simulate", params, workspace)
    out = out.resolve()
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    written = []
    for o in job.outputs:
        src = ws.root / o["path"]
        dst = {
            "events/jsonl": out,
            "truth/json": out.with_name(f"{stem}.truth.json"),
            "events/parquet": out.with_name(f"{stem}.parquet"),
        }[o["kind"]]
        _copy(src, dst)
        written.append(str(dst))
    if as_json:
        emit_json({"job": job.id, **job.result, "written": written})
        return
    r = job.result
    console.print(
        f"{r['players']} players, {r['days']} days (seed {r['seed']}): "
        + ", ".join(f"{v} {k}" for k, v in r["events"].items()),
        highlight=False,
    )
    console.print(
        f"  cheaters {r['cheaters']}, toxic players {r['toxic_players']}, churned {r['churned']}",
        highlight=False,
    )
    for w in written:
        console.print(f"  → {w}", highlight=False)


@app.command("ratings")
def ratings(
    events: Path = typer.Argument(..., help="Events (JSON Lines or Parquet)."),
    model: str = declared("games-ratings", "model"),
    compare: str = declared("games-ratings", "compare"),
    holdout: float = declared("games-ratings", "holdout"),
    truth: Path | None = TruthOpt,
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Rate players from match history and score each model on held-out matches."""
    from imagia.core.errors import BadValue
    from imagia.games.ratings import MODELS

    if model not in MODELS:
        raise BadValue("model", model, MODELS)
    params: dict[str, Any] = {
        "events": str(events.resolve()),
        "model": model,
        "compare": compare,
        "holdout": holdout,
    }
    params["truth"] = str(truth) if truth else None
    ws, job = _run("games-ratings", params, workspace)
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{r['matches']} matches, {r['players']} players rated with {r['model']} "
        f"({r['skipped_lines']} bad lines skipped)",
        highlight=False,
    )
    rows = [
        {
            "model": s["model"],
            "accuracy": s["accuracy"],
            "log_loss": s["log_loss"],
            "brier": s["brier"],
            "spearman_honest": s["spearman"],
            "s_per_10k": s["seconds_per_10k"],
        }
        for s in r["evaluation"]
    ]
    emit_rows(rows, list(rows[0]), "table", title="Held-out matches")
    _outputs(ws, job)


@app.command("matchmaking")
def matchmaking(
    events: Path | None = typer.Argument(
        None, help="Events to rate players from (optional: synthetic ratings otherwise)."
    ),
    arrival_rate: float = declared("games-matchmaking", "arrival_rate"),
    minutes: float = declared("games-matchmaking", "minutes"),
    team_size: int = declared("games-matchmaking", "team_size"),
    tolerance: float = declared("games-matchmaking", "tolerance"),
    widen_per_s: float = declared("games-matchmaking", "widen_per_s"),
    seed: int = declared("games-matchmaking", "seed"),
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Simulate a matchmaking queue: wait-time and match-quality distributions, and the curve."""
    params: dict[str, Any] = {
        "arrival_rate": arrival_rate,
        "minutes": minutes,
        "team_size": team_size,
        "tolerance": tolerance,
        "widen_per_s": widen_per_s,
        "seed": seed,
    }
    params["events"] = str(events) if events else None
    ws, job = _run("games-matchmaking", params, workspace)
    if as_json:
        emit_job(job)
        return
    rows = [
        {
            "policy": c["policy"],
            "widen/s": c["widen_per_s"],
            "matches": c["matches"],
            "wait p50": c["wait_s"]["p50"],
            "wait p90": c["wait_s"]["p90"],
            "wait p99": c["wait_s"]["p99"],
            "|p-0.5| p50": c["win_prob_gap"]["p50"],
            "|p-0.5| p90": c["win_prob_gap"]["p90"],
            "within 5%": c["within_5pct"],
            "cross-region": c["cross_region"],
        }
        for c in job.result["curve"]
    ]
    emit_rows(rows, list(rows[0]), "table", title=f"Wait vs quality at {arrival_rate}/s")
    _outputs(ws, job)


@app.command("cheats")
def cheats(
    events: Path = typer.Argument(..., help="Events with per-match stats."),
    z_threshold: float = declared("games-cheats", "z_threshold"),
    min_features: int = declared("games-cheats", "min_features"),
    sprint_limit: float = declared("games-cheats", "sprint_limit"),
    truth: Path | None = TruthOpt,
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Flag likely cheaters for human review, each flag explained (never an automatic ban)."""
    params: dict[str, Any] = {
        "events": str(events.resolve()),
        "z_threshold": z_threshold,
        "min_features": min_features,
        "sprint_limit": sprint_limit,
    }
    params["truth"] = str(truth) if truth else None
    ws, job = _run("games-cheats", params, workspace)
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{r['flagged']} of {r['judged']} players flagged for human review "
        f"(z ≥ {r['z_threshold']}, {r['min_features']} aim features; action: review, "
        "never ban)",
        highlight=False,
    )
    if "score" in r:
        s = r["score"]
        console.print(
            f"  vs truth: precision {s['precision']}, false positives "
            f"{s['false_positives']} of {s['honest']} honest (FPR {s['fpr']}, "
            f"95 % bound {s['fpr_upper95']}), "
            f"recall {s['recall']}",
            highlight=False,
        )
    if r["top"]:
        emit_rows(r["top"], ["player", "kinds", "score", "reasons"], "table", title="Top flags")
    _outputs(ws, job)


@app.command("moderation")
def moderation(
    events: Path = typer.Argument(..., help="Events with chat lines."),
    threshold: float = declared("games-moderation", "threshold"),
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Score chat lines (EN/FR) and queue players for human review with evidence (no bans)."""
    ws, job = _run(
        "games-moderation",
        {"events": str(events.resolve()), "threshold": threshold},
        workspace,
    )
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{r['flagged']} of {r['lines']} lines flagged, {r['players_to_review']} "
        f"players to review (action: review, never ban) — languages {r['languages']}",
        highlight=False,
    )
    rows = [
        {
            "player": q["player"],
            "flagged": q["flagged"],
            "messages": q["messages"],
            "max_score": q["max_score"],
            "worst": q["evidence"][0]["text"],
        }
        for q in r["top"]
    ]
    if rows:
        emit_rows(rows, list(rows[0]), "table", title="Review queue")
    _outputs(ws, job)


@app.command("moderation-eval")
def moderation_eval(
    threshold: float = typer.Option(0.5, help="Score from which a line is flagged."),
    held_out: bool = typer.Option(
        False,
        "--held-out",
        help="Score the lines written after the lexicon instead of the main set.",
    ),
    errors: bool = typer.Option(False, "--errors", help="List every wrong line."),
    as_json: bool = JsonOpt,
) -> None:
    """Precision and recall per language on imagia's hand-labelled FR/EN chat set."""
    from imagia.games.chatset import HELD_OUT, HELD_OUT_EN, labelled
    from imagia.games.moderation import measure

    lines = [*HELD_OUT, *HELD_OUT_EN] if held_out else labelled()
    res = measure(lines, threshold)
    if as_json:
        emit_json([r.to_dict() for r in res])
        return
    rows = [
        {
            "lang": r.lang,
            "lines": r.n,
            "toxic": r.toxic,
            "precision": r.precision,
            "recall": r.recall,
            "fpr": r.false_positive_rate,
        }
        for r in res
    ]
    emit_rows(rows, list(rows[0]), "table", title="Moderation on the labelled set")
    if errors:
        for r in res:
            for e in r.errors:
                console.print(f"  {r.lang} {e}", highlight=False)


@app.command("difficulty")
def difficulty(
    target: float = declared("games-difficulty", "target"),
    step: float = declared("games-difficulty", "step"),
    hysteresis: float = declared("games-difficulty", "hysteresis"),
    window: int = declared("games-difficulty", "window"),
    cooldown: int = declared("games-difficulty", "cooldown"),
    min_level: float = declared("games-difficulty", "min_level"),
    max_level: float = declared("games-difficulty", "max_level"),
    controller: str = declared("games-difficulty", "controller"),
    players: int = declared("games-difficulty", "players"),
    attempts: int = declared("games-difficulty", "attempts"),
    seed: int = declared("games-difficulty", "seed"),
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Run the difficulty controller on simulated players, beside a fixed level and a staircase."""
    params = {
        "target": target,
        "step": step,
        "hysteresis": hysteresis,
        "window": window,
        "cooldown": cooldown,
        "min_level": min_level,
        "max_level": max_level,
        "controller": controller,
        "players": players,
        "attempts": attempts,
        "seed": seed,
    }
    ws, job = _run("games-difficulty", params, workspace)
    if as_json:
        emit_job(job)
        return
    rows = [
        {
            "controller": k,
            "mean |rate-target|": v["mean_abs_gap"],
            "within 5 pts": v["within_5pts"],
            "changes": v["mean_changes"],
            "reversals": v["mean_reversals"],
            "end error": v["mean_end_error"],
        }
        for k, v in job.result["controllers"].items()
    ]
    emit_rows(rows, list(rows[0]), "table", title=f"Holding {target:.0%} success")
    _outputs(ws, job)


@app.command("analytics")
def analytics(
    events: Path = typer.Argument(..., help="Events with sessions, matches, stats, purchases."),
    horizon: int = declared("games-analytics", "horizon"),
    segments: int = declared("games-analytics", "segments"),
    truth: Path | None = TruthOpt,
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Activity, retention, funnel, churn prediction (AUC), segments, week-on-week summary."""
    params: dict[str, Any] = {
        "events": str(events.resolve()),
        "horizon": horizon,
        "segments": segments,
    }
    params["truth"] = str(truth) if truth else None
    ws, job = _run("games-analytics", params, workspace)
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"churn AUC on held-out players {r['churn_auc_held_out']} (recency alone "
        f"{r['churn_auc_recency_baseline']}); segments purity vs true styles "
        f"{r['purity']}",
        highlight=False,
    )
    emit_rows(r["funnel"], ["step", "players", "share"], "table", title="Funnel")
    for line in r["summary"]:
        console.print(f"  {line}", highlight=False)
    _outputs(ws, job)


@app.command("support")
def support(
    kb: list[Path] = typer.Argument(..., help="FAQ folder(s) or Markdown/HTML files."),
    questions: list[str] = declared("games-support", "questions", "--ask", "-q"),
    contact: str = declared("games-support", "contact"),
    min_similarity: float = declared("games-support", "min_similarity"),
    workspace: Path | None = WsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Answer players' questions from a FAQ with citations, or say how to reach a human."""
    params = {
        "kb": [str(p) for p in kb],
        "questions": "\n".join(questions),
        "contact": contact,
        "min_similarity": min_similarity,
    }
    ws, job = _run("games-support", params, workspace)
    if as_json:
        emit_job(job)
        return
    for a in job.result["answers"]:
        console.print(f"Q: {a['question']}", markup=False, highlight=False)
        console.print(
            f"A: {a['text']}  (similarity {a['similarity']})", markup=False, highlight=False
        )
    _outputs(ws, job)


@app.command("support-eval")
def support_eval(
    min_similarity: float = typer.Option(0.32, help="Below this similarity the assistant refuses."),
    as_json: bool = JsonOpt,
) -> None:
    """Accuracy and refusals of the support assistant on imagia's demo FAQ and question set."""
    import tempfile

    from imagia.games import support as sp
    from imagia.games.support_kb import QUESTIONS, write_demo_kb

    with tempfile.TemporaryDirectory() as tmp:
        bot = sp.Assistant(sp.load_kb([write_demo_kb(Path(tmp))]), min_similarity=min_similarity)
        score, answers = sp.evaluate(bot, QUESTIONS)
    if as_json:
        emit_json({**score.to_dict(), "answers": [a.to_dict() for a in answers]})
        return
    s = score.to_dict()
    console.print(
        f"{s['correct']}/{s['answerable']} answerable questions answered from the "
        f"right passage ({s['wrong']} wrong, {s['refused_answerable']} refused); "
        f"{s['refused_unanswerable']}/{s['unanswerable']} out-of-base questions "
        "refused",
        highlight=False,
    )
