"""Game telemetry events (schema ``GameEvent.1``): what each line of a JSON Lines file holds.

One event per line, a JSON object with ``"type"`` and ``"ts"`` (ISO-8601 UTC). Types and their
fields (``*`` = optional):

- ``player``: ``player``, ``region``, ``*platform``                      — an account appears
- ``session``: ``player``, ``start``, ``end``                            — one play session
- ``match``: ``match``, ``mode`` (duel, team, ffa), ``region``, ``teams`` (list of lists of player
  ids), ``ranks`` (one per team, 1 = best, ties share a rank), ``*played`` (same shape as
  ``teams``: fraction of the match each player played, 1.0 when absent), ``*duration_s``
- ``stats``: ``match``, ``player``, ``kills``, ``deaths``, ``shots``, ``hits``, ``headshots``,
  ``reaction_ms`` (median time from target visible to first shot), ``snap_deg`` (95th percentile
  aim snap angle in one frame), ``max_speed`` (metres per second), ``gold`` (economy gained)
- ``chat``: ``player``, ``text``, ``*match``, ``*channel``
- ``purchase``: ``player``, ``item``, ``amount_eur``
- ``ticket``: ``player``, ``text``                                       — a support request

The first line of a file may be a header ``{"schema": "GameEvent.1", "kind": "header", ...}``.
Unknown extra fields are kept. A malformed line is reported with its line number and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile

SCHEMA = "GameEvent.1"

REQUIRED: dict[str, tuple[str, ...]] = {
    "player": ("player", "region"),
    "session": ("player", "start", "end"),
    "match": ("match", "mode", "teams", "ranks"),
    "stats": (
        "match",
        "player",
        "kills",
        "deaths",
        "shots",
        "hits",
        "headshots",
        "reaction_ms",
        "snap_deg",
        "max_speed",
        "gold",
    ),
    "chat": ("player", "text"),
    "purchase": ("player", "item", "amount_eur"),
    "ticket": ("player", "text"),
}
MODES = ("duel", "team", "ffa")


@dataclass
class Problem:
    """A line that could not be used: where and why."""

    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


@dataclass
class Events:
    """Events read from a file, grouped by type, with the lines that were skipped."""

    by_type: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    header: dict[str, Any] | None = None

    def of(self, kind: str) -> list[dict[str, Any]]:
        return self.by_type.get(kind, [])

    def count(self) -> int:
        return sum(len(v) for v in self.by_type.values())


def iso(seconds: float) -> str:
    """Epoch seconds to the ISO-8601 UTC text the schema uses."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(text: str) -> float:
    """ISO-8601 text (``Z`` or offset) to epoch seconds."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def check(event: Any) -> str | None:
    """Why ``event`` breaks the schema, or None when it is valid."""
    if not isinstance(event, dict):
        return "not a JSON object"
    kind = event.get("type")
    if kind not in REQUIRED:
        return f"unknown type {kind!r} (valid: {', '.join(REQUIRED)})"
    missing = [k for k in ("ts", *REQUIRED[kind]) if k not in event]
    if missing:
        return f"{kind} event lacks {', '.join(missing)}"
    try:
        parse_ts(str(event["ts"]))
    except ValueError:
        return f"bad ts {event['ts']!r} (ISO-8601 expected)"
    if kind == "match":
        return _check_match(event)
    return None


def _check_match(e: dict[str, Any]) -> str | None:
    teams, ranks = e["teams"], e["ranks"]
    if e["mode"] not in MODES:
        return f"bad mode {e['mode']!r} (valid: {', '.join(MODES)})"
    if (
        not isinstance(teams, list)
        or len(teams) < 2
        or not all(isinstance(t, list) and t for t in teams)
    ):
        return "teams must be a list of at least two non-empty lists of player ids"
    if not isinstance(ranks, list) or len(ranks) != len(teams):
        return "ranks must have one entry per team"
    if not all(isinstance(r, int | float) for r in ranks):
        return "ranks must be numbers"
    ids = [p for t in teams for p in t]
    if not all(isinstance(p, str) and p for p in ids):
        return "player ids must be non-empty strings"
    if len(set(ids)) != len(ids):
        return "a player appears twice in the match"
    played = e.get("played")
    if played is not None and (
        not isinstance(played, list) or [len(p) for p in played] != [len(t) for t in teams]
    ):
        return "played must have the shape of teams"
    return None


def read_events(path: Path) -> Events:
    """Read a JSON Lines events file; malformed lines are recorded in ``problems`` and skipped."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    out = Events()
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError as exc:
                out.problems.append(Problem(n, f"not JSON ({exc.msg})"))
                continue
            if n == 1 and isinstance(event, dict) and event.get("kind") == "header":
                if event.get("schema") != SCHEMA:
                    raise BadFile(path, f"schema {event.get('schema')!r} is not {SCHEMA}")
                out.header = event
                continue
            why = check(event)
            if why:
                out.problems.append(Problem(n, why))
                continue
            out.by_type.setdefault(event["type"], []).append(event)
    if out.count() == 0:
        raise BadFile(
            path,
            "no valid event",
            hint=f"expected JSON Lines of {SCHEMA} events"
            + (f"; first problem: {out.problems[0]}" if out.problems else ""),
        )
    return out


def iter_lines(events: list[dict[str, Any]], header: dict[str, Any]) -> Iterator[str]:
    """The JSON Lines text of a header and events."""
    yield json.dumps({"schema": SCHEMA, "kind": "header", **header}, ensure_ascii=False)
    for e in events:
        yield json.dumps(e, ensure_ascii=False, separators=(",", ":"))
