"""``/api/games/...``: synchronous JSON endpoints a game server can call.

Ratings from a match history, win probabilities and match quality for a proposed match, chat
moderation (scores and evidence for people to review — never a ban) and the support assistant
(an answer with its citation, or a refusal with the way to a human). Each is a thin adapter over
``imagia.games``; the domain modules are imported inside the handlers. Requests are checked by
the Pydantic models below (sizes, lengths) and by the domain's own checks, so a bad request is a
422 ``bad_value`` (or 400/404 for a workspace file) in the app's one error shape.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from imagia.core.errors import BadFile, BadValue, NotFound
from imagia.core.workspace import Workspace
from imagia.faces import deps, uploads

router = APIRouter(prefix="/api/games", tags=["games"])

MAX_MATCHES = 10_000  # per /ratings request (larger histories: the games-ratings job)
MAX_TEAMS = 16
MAX_TEAM_SIZE = 16
MAX_MESSAGES = 1_000
MAX_TEXT = 2_000  # characters of one chat line
MAX_QUESTION = 1_000
MAX_KB_PATHS = 20
LANGS = ("en", "fr")
EPOCH = "1970-01-01T00:00:00Z"  # a placeholder time: matches sent in the body are in order

PlayerId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
WsPath = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Team = Annotated[list[PlayerId], Field(min_length=1, max_length=MAX_TEAM_SIZE)]
Teams = Annotated[list[Team], Field(min_length=2, max_length=MAX_TEAMS)]
Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MatchIn(_Strict):
    teams: Teams = Field(
        description="Teams of player ids (two or more; one id per team for free-for-all)",
        examples=[[["ana", "bo"], ["cy", "dee"]]],
    )
    ranks: list[Finite] = Field(
        max_length=MAX_TEAMS,
        description="One per team, 1 = best; ties share a rank",
        examples=[[1, 2]],
    )
    played: list[list[Annotated[float, Field(ge=0, le=1)]]] | None = Field(
        None,
        max_length=MAX_TEAMS,
        description="Share of the match each player played (shape of teams); 1.0 when absent",
    )


class RatingsRequest(_Strict):
    model: str = Field("openskill-pl", description="openskill-pl, openskill-tm, trueskill or elo")
    matches: list[MatchIn] | None = Field(
        None, max_length=MAX_MATCHES, description="Matches in time order (or give events)"
    )
    events: WsPath | None = Field(
        None,
        description="Instead of matches: a GameEvent.1 events file in the workspace "
        "(JSON Lines or Parquet), e.g. files/events.jsonl or outputs/<job>/events.jsonl",
        examples=["files/events.jsonl"],
    )


class RatingIn(BaseModel):
    """One row of /api/games/ratings' ``players`` (other fields of the row are ignored)."""

    player: PlayerId
    mu: Finite
    sigma: float = Field(0.0, ge=0, le=1000, allow_inf_nan=False)


class PredictRequest(_Strict):
    model: str = Field("openskill-pl", description="The model the ratings come from")
    teams: Teams = Field(examples=[[["ana", "bo"], ["cy", "dee"]]])
    ratings: list[RatingIn] = Field(
        default_factory=list,
        max_length=MAX_TEAMS * MAX_TEAM_SIZE,
        description="Current ratings (the players list of /api/games/ratings); a player not "
        "listed gets the model's prior",
    )
    tolerance: float | None = Field(
        None, ge=0, le=0.5, description="Accepted |p - 0.5| (default: the matchmaking queue's)"
    )


class MessageIn(_Strict):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    lang: str | None = Field(
        None,
        description="en or fr: a hint, echoed as lang_hint; the "
        "language used is detected per line and returned as lang",
    )
    player: PlayerId | None = None
    ts: Annotated[str, StringConstraints(max_length=40)] | None = None


class ModerateRequest(_Strict):
    messages: list[MessageIn] = Field(
        min_length=1, max_length=MAX_MESSAGES, examples=[[{"text": "gg wp", "player": "ana"}]]
    )
    threshold: float | None = Field(
        None, ge=0, le=1, description="Score from which a line is flagged (0.5)"
    )


class SupportRequest(_Strict):
    question: str = Field(
        min_length=1, max_length=MAX_QUESTION, examples=["Comment signaler un tricheur ?"]
    )
    kb: list[WsPath] = Field(
        min_length=1,
        max_length=MAX_KB_PATHS,
        description="FAQ folders or files (Markdown, HTML) in the workspace, e.g. files/faq",
        examples=[["files/faq"]],
    )
    contact: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = Field(
        None, description="How to reach a human, quoted when the assistant refuses"
    )
    min_similarity: float | None = Field(
        None, ge=0, lt=1, description="Below this, refuse (default 0.32)"
    )


def _model(name: str) -> str:
    from imagia.games import ratings

    if name not in ratings.MODELS:
        raise BadValue("model", name, ratings.MODELS)
    return name


def _check_match(
    where: str, teams: list[list[str]], ranks: list[float], played: list[list[float]] | None = None
) -> None:
    """The events schema's own check of a match (ranks per team, no player twice, shapes)."""
    from imagia.games.schema import check

    event: dict[str, Any] = {
        "type": "match",
        "ts": EPOCH,
        "match": where,
        "mode": "team",
        "teams": teams,
        "ranks": ranks,
    }
    if played is not None:
        event["played"] = played
    why = check(event)
    if why:
        raise BadValue(where, teams, reason=why)


def _ws_file(ws: Workspace, rel: str) -> Path:
    path = uploads.inside(ws.root, rel)
    if not path.exists():
        raise NotFound("workspace file", rel, [f["path"] for f in uploads.list_files(ws)])
    return path


def _events_matches(ws: Workspace, rel: str) -> tuple[list[dict[str, Any]], list[str]]:
    from imagia.games.store import read_any

    path = _ws_file(ws, rel)
    if not path.is_file():
        raise BadFile(rel, "not a file", hint="give a JSON Lines or Parquet events file")
    try:
        ev = read_any(path)
    except UnicodeDecodeError:
        raise BadFile(
            rel, "not UTF-8 JSON Lines", hint="give a GameEvent.1 file (.jsonl or .parquet)"
        ) from None
    matches = sorted(ev.of("match"), key=lambda m: m["ts"])
    if not matches:
        raise BadFile(rel, "no match event to rate")
    return matches, [str(p) for p in ev.problems]


@router.post("/ratings", summary="Rate players from a match history")
def rate(req: RatingsRequest, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    """Ratings per player (mu, sigma, ordinal = mu - 3 sigma), best first. Give ``matches`` in
    time order, or ``events``: a workspace events file (malformed lines are skipped and listed
    in ``skipped_lines``). Players never seen before start from the model's prior."""
    from imagia.games import ratings

    model = _model(req.model)
    if (req.matches is None) == (req.events is None):
        raise BadValue(
            "matches",
            None,
            reason="give either matches or events (a workspace events file), exactly one of them",
        )
    skipped: list[str] = []
    if req.events is not None:
        matches, skipped = _events_matches(ws, req.events)
    else:
        matches = []
        for i, given in enumerate(req.matches or []):
            _check_match(f"matches.{i}", given.teams, given.ranks, given.played)
            matches.append(given.model_dump(exclude_none=True))
    if not matches:
        raise BadValue("matches", [], reason="at least one match")
    rater = ratings.rate(matches, model)
    counts: dict[str, int] = {}
    for m in matches:
        for team in m["teams"]:
            for pid in team:
                counts[pid] = counts.get(pid, 0) + 1
    rows = [
        {
            "player": r["player"],
            "mu": r["mu"],
            "sigma": r["sigma"],
            "ordinal": r["conservative"],
            "matches": r["matches"],
        }
        for r in ratings.table(rater, counts)
    ]
    return {
        "model": model,
        "matches": len(matches),
        "count": len(rows),
        "players": rows,
        "skipped_lines": skipped,
    }


@router.post("/predict", summary="Win probabilities and match quality of a proposed match")
def predict(req: PredictRequest) -> dict[str, Any]:
    """``p_beats[i][j]``: probability that team i finishes ahead of team j; with two teams,
    ``win_probability`` per team. ``win_prob_gap`` is the largest ``|p - 0.5|`` over the pairs
    (the matchmaking queue's criterion), ``quality`` = 1 - 2 x that gap (1: a coin flip), and
    ``fair`` says whether the gap is within ``tolerance``."""
    from imagia.games import matchmaking, ratings

    model = _model(req.model)
    _check_match("teams", req.teams, [1.0] * len(req.teams))
    known = {r.player: (r.mu, r.sigma) for r in req.ratings}
    if model == "elo":
        elo = ratings.EloRater()
        elo.r.update({p: mu for p, (mu, _) in known.items()})
        prior = elo.rating("")
        p_beats = elo.p_beats
    else:
        prior = (ratings.MU, ratings.SIGMA)

        def p_beats(a: list[str], b: list[str]) -> float:
            return ratings.gaussian_p_beats(
                [known.get(x, prior) for x in a], [known.get(x, prior) for x in b]
            )

    teams = req.teams
    n = len(teams)
    matrix: list[list[float | None]] = [
        [None if i == j else round(p_beats(teams[i], teams[j]), 4) for j in range(n)]
        for i in range(n)
    ]
    gap = max(abs(p - 0.5) for row in matrix for p in row if p is not None)
    tolerance = req.tolerance if req.tolerance is not None else matchmaking.QueueOptions().tolerance
    mus = [known.get(p, prior)[0] for t in teams for p in t]
    win = [matrix[0][1], matrix[1][0]] if n == 2 else None
    return {
        "model": model,
        "teams": teams,
        "p_beats": matrix,
        "win_probability": win,
        "win_prob_gap": round(gap, 4),
        "quality": round(1 - 2 * gap, 4),
        "tolerance": tolerance,
        "fair": gap <= tolerance,
        "rating_spread": round(max(mus) - min(mus), 3),
        "new_players": [p for t in teams for p in t if p not in known],
        "prior": {"mu": prior[0], "sigma": prior[1]},
    }


@router.post("/moderate", summary="Score chat lines for toxicity (for human review)")
def moderate(req: ModerateRequest) -> dict[str, Any]:
    """Each line's score (0-1), whether it is flagged and the evidence (matched words or phrases,
    the English classifier's score); with ``player`` ids, a per-player review queue. The action
    is always ``review``: people decide, nothing is banned."""
    from imagia.games import moderation

    for i, m in enumerate(req.messages):
        if m.lang is not None and m.lang not in LANGS:
            raise BadValue(f"messages.{i}.lang", m.lang, LANGS)
    threshold = moderation.THRESHOLD if req.threshold is None else req.threshold
    verdicts = moderation.score_lines([m.text for m in req.messages], threshold)
    results = []
    for m, v in zip(req.messages, verdicts, strict=True):
        v.player, v.ts = m.player, m.ts
        results.append({**v.to_dict(), "lang_hint": m.lang})
    return {
        "threshold": threshold,
        "lines": len(verdicts),
        "flagged": sum(v.flagged for v in verdicts),
        "action": "review (never ban)",
        "results": results,
        "review_queue": moderation.summarise(verdicts),
    }


def _kb_files(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """What the knowledge base's answer depends on: every file with its time and size."""
    out = []
    for p in paths:
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            st = f.stat()
            out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=4)
def _assistant(
    paths: tuple[str, ...],
    files: tuple[tuple[str, int, int], ...],
    contact: str,
    min_similarity: float,
) -> Any:
    """An indexed assistant, kept while its files are unchanged (indexing embeds every
    passage)."""
    from imagia.games import support

    del files  # part of the cache key only
    return support.Assistant(support.load_kb([Path(p) for p in paths]), contact, min_similarity)


@router.post("/support", summary="Answer a player's question from the FAQ, or refuse")
def support_answer(req: SupportRequest, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    """An extractive answer quoting the closest FAQ passage with its citation (``file#section``),
    or — when nothing in the base is close enough — "I don't know" with how to reach a human
    (in French for a French question). Nothing is generated."""
    from imagia.games import support

    paths = [_ws_file(ws, rel) for rel in req.kb]
    contact = req.contact or "the in-game Help > Contact us form"
    min_sim = support.MIN_SIMILARITY if req.min_similarity is None else req.min_similarity
    bot = _assistant(tuple(str(p) for p in paths), _kb_files(paths), contact, min_sim)
    answer = bot.ask(req.question)
    data: dict[str, Any] = answer.to_dict()
    data["candidates"] = [{"passage": pid, "similarity": s} for pid, s in answer.candidates]
    data["min_similarity"] = min_sim
    data["passages"] = len(bot.passages)
    return data
