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
from imagia.core.textfile import read_text

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


# Fields that hold ids or text, and fields that hold numbers, wherever they appear.
TEXT_FIELDS = ("player", "region", "platform", "match", "mode", "text", "channel", "item")
NUMBER_FIELDS = (
    "kills",
    "deaths",
    "shots",
    "hits",
    "headshots",
    "reaction_ms",
    "snap_deg",
    "max_speed",
    "gold",
    "amount_eur",
    "duration_s",
)
# The largest number an event may hold (telemetry counts, milliseconds, euros).
MAX_NUMBER = 1e12


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    return abs(v) <= MAX_NUMBER  # False for NaN; exact for integers of any size


def _ts_problem(name: str, v: Any) -> str | None:
    """Why ``v`` is not an ISO-8601 time with its UTC offset (``Z`` or ``+02:00``), or None."""
    if not isinstance(v, str) or len(v) > 40:
        return f"bad {name} {_short(v)} (ISO-8601 text expected)"
    try:
        t = datetime.fromisoformat(v.replace("Z", "+00:00"))
        t.timestamp()
    except (ValueError, OverflowError, OSError):
        return f"bad {name} {_short(v)} (ISO-8601 expected)"
    if t.tzinfo is None:
        return f"bad {name} {_short(v)} (give the UTC offset: Z or +02:00)"
    if not 1970 <= t.year <= 2999:
        return f"bad {name} {_short(v)} (a year from 1970 to 2999)"
    return None


def check(event: Any) -> str | None:
    """Why ``event`` breaks the schema, or None when it is valid."""
    if not isinstance(event, dict):
        return "not a JSON object"
    kind = event.get("type")
    if not isinstance(kind, str) or kind not in REQUIRED:
        return f"unknown type {_short(kind)} (valid: {', '.join(REQUIRED)})"
    missing = [k for k in ("ts", *REQUIRED[kind]) if k not in event]
    if missing:
        return f"{kind} event lacks {', '.join(missing)}"
    for name in ("ts", "start", "end") if kind == "session" else ("ts",):
        why = _ts_problem(name, event[name])
        if why:
            return why
    for name in TEXT_FIELDS:
        if name in event and not (isinstance(event[name], str) and event[name]):
            if name in ("text", "channel", "platform") and isinstance(event[name], str):
                continue  # an empty message is still a message
            return f"{name} must be non-empty text, not {_short(event[name])}"
    for name in NUMBER_FIELDS:
        if name in event and not _is_number(event[name]):
            return f"{name} must be a number, not {_short(event[name])}"
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
    if not all(_is_number(r) for r in ranks):
        return "ranks must be numbers"
    ids = [p for t in teams for p in t]
    if not all(isinstance(p, str) and p for p in ids):
        return "player ids must be non-empty strings"
    if len(set(ids)) != len(ids):
        return "a player appears twice in the match"
    played = e.get("played")
    if played is not None and (
        not isinstance(played, list)
        or not all(isinstance(p, list) for p in played)
        or [len(p) for p in played] != [len(t) for t in teams]
    ):
        return "played must have the shape of teams"
    if played is not None and not all(_is_number(x) and 0 <= x <= 1 for p in played for x in p):
        return "played holds fractions from 0 to 1"
    return None


def read_events(path: Path) -> Events:
    """Read a JSON Lines events file; malformed lines are recorded in ``problems`` and skipped.
    Lines are UTF-8 (a file with a UTF-16 byte-order mark is decoded whole)."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    out = Events()
    for n, line in _lines(path):
        if line is None:
            out.problems.append(Problem(n, "not UTF-8 text"))
            continue
        line = line.strip()
        if not line:
            continue
        try:
            event = json.loads(line, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            out.problems.append(Problem(n, f"not JSON ({exc.msg})"))
            continue
        except RecursionError:
            out.problems.append(Problem(n, "not JSON (nested too deeply)"))
            continue
        except ValueError as exc:  # an integer over 4,300 digits, NaN
            out.problems.append(Problem(n, f"not JSON ({str(exc)[:80]})"))
            continue
        if n == 1 and isinstance(event, dict) and event.get("kind") == "header":
            if event.get("schema") != SCHEMA:
                raise BadFile(path, f"schema {_short(event.get('schema'))} is not {SCHEMA}")
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


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """(line number, text or None when the line is not UTF-8) for each line of ``path``."""
    with path.open("rb") as fh:
        head = fh.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        yield from enumerate(read_text(path).splitlines(), 1)
        return
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                yield n, raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                yield n, None


def iter_lines(events: list[dict[str, Any]], header: dict[str, Any]) -> Iterator[str]:
    """The JSON Lines text of a header and events."""
    yield json.dumps({"schema": SCHEMA, "kind": "header", **header}, ensure_ascii=False)
    for e in events:
        yield json.dumps(e, ensure_ascii=False, separators=(",", ":"))
