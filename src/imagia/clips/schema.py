"""Build a :class:`RightsRegister` from the tree a reader made (YAML or CSV), checking every
field (the way back to a tree, for saving, is :func:`imagia.clips.model.to_tree`).

Readers give mappings as :class:`Node` (a dict that knows the line of each field, and for CSV
the column's name), so an error names the file, the line and the field.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from imagia.clips.model import (
    SCHEMA,
    ArchiveRange,
    Grant,
    Holdback,
    MusicCue,
    PersonRestriction,
    RightsRegister,
    Span,
    TitleRights,
)
from imagia.clips.territories import CHANNELS, is_territory
from imagia.core.errors import BadFile, ImagiaError
from imagia.core.textfile import read_text
from imagia.media.timecode import FrameTime, exact_number, parse_rate, parse_time

_HMS = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$")
_SPLIT = re.compile(r"[\s,;|]+")


class Node(dict[str, Any]):
    """A mapping from a register file with the line of each field (``lines``) and, for CSV,
    the column each field came from (``labels``)."""

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        line: int = 0,
        lines: dict[str, int] | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(data or {})
        self.line = line
        self.lines = dict(lines or {})
        self.labels = dict(labels or {})


class _Ctx:
    """Where the tree came from, to name the file, line and field in errors."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: Any, key: str | None, path: str, problem: str) -> NoReturn:
        line = getattr(node, "line", 0)
        label = f"field {path}"
        if isinstance(node, Node) and key is not None:
            line = node.lines.get(key, line)
            if key in node.labels:
                label = node.labels[key]
        where = f"line {line}, {label}" if line else label
        raise BadFile(self.source, f"{where}: {problem}")


_TITLE_KEYS = ("title", "match", "fps", "grants", "music", "people", "archive")
_GRANT_KEYS = (
    "id",
    "territories",
    "exclude",
    "channels",
    "start",
    "end",
    "max_seconds",
    "formats",
    "holdbacks",
)
_HOLD_KEYS = ("channels", "territories", "until", "channel", "territory")
_MUSIC_KEYS = ("name", "start", "end", "cleared")
_PERSON_KEYS = ("name", "channels")


def _mapping(
    ctx: _Ctx,
    node: Any,
    path: str,
    keys: tuple[str, ...],
    parent: Any = None,
    key: str | None = None,
) -> Node:
    if not isinstance(node, dict):
        ctx.fail(
            parent if parent is not None else node,
            key,
            path,
            f"expected a mapping of {', '.join(keys)}, got {type(node).__name__}",
        )
    n = node if isinstance(node, Node) else Node(node)
    unknown = [k for k in n if k not in keys]
    if unknown:
        ctx.fail(
            n,
            str(unknown[0]),
            f"{path}.{unknown[0]}",
            f"unknown field {unknown[0]!r} (expected: {', '.join(keys)})",
        )
    return n


def _text(ctx: _Ctx, n: Node, key: str, path: str, required: bool = True) -> str:
    v = n.get(key)
    if v is None or str(v).strip() == "":
        if required:
            ctx.fail(n, key, f"{path}.{key}", f"{key!r} is missing")
        return ""
    return str(v).strip()


def _items(ctx: _Ctx, n: Node, key: str, path: str) -> list[str]:
    v = n.get(key)
    if v is None:
        return []
    if isinstance(v, str):
        return [x for x in _SPLIT.split(v.strip()) if x]
    if isinstance(v, list) and all(isinstance(x, str | int | float) for x in v):
        return [str(x).strip() for x in v if str(x).strip()]
    ctx.fail(n, key, f"{path}.{key}", f"expected a list of values, got {v!r}")


def _territories(ctx: _Ctx, n: Node, key: str, path: str, required: bool) -> tuple[str, ...]:
    codes = [c.upper() for c in _items(ctx, n, key, path)]
    if required and not codes:
        ctx.fail(n, key, f"{path}.{key}", "give at least one territory (ISO 3166 alpha-2 or WW)")
    for c in codes:
        if not is_territory(c):
            ctx.fail(
                n,
                key,
                f"{path}.{key}",
                f"{c!r} is not an ISO 3166 alpha-2 country code (or WW for worldwide)",
            )
    return tuple(codes)


def _channels(ctx: _Ctx, n: Node, key: str, path: str, required: bool) -> tuple[str, ...]:
    chans = [c.lower() for c in _items(ctx, n, key, path)]
    if required and not chans:
        ctx.fail(n, key, f"{path}.{key}", f"give at least one channel ({', '.join(CHANNELS)})")
    for c in chans:
        if c not in CHANNELS:
            ctx.fail(
                n, key, f"{path}.{key}", f"unknown channel {c!r} (channels: {', '.join(CHANNELS)})"
            )
    return tuple(chans)


def _date(ctx: _Ctx, n: Node, key: str, path: str, required: bool = False) -> date | None:
    v = n.get(key)
    if v is None or v == "":
        if required:
            ctx.fail(n, key, f"{path}.{key}", f"{key!r} is missing (a date YYYY-MM-DD)")
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except ValueError:
        ctx.fail(n, key, f"{path}.{key}", f"{v!r} is not a date (YYYY-MM-DD)")


def _seconds(ctx: _Ctx, n: Node, key: str, path: str) -> float | None:
    v = n.get(key)
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a 400-digit integer
        ctx.fail(n, key, f"{path}.{key}", f"{_short(v)} is not a number of seconds")
    if not math.isfinite(f):
        ctx.fail(n, key, f"{path}.{key}", f"{_short(v)} is not a number of seconds")
    if not f > 0:
        ctx.fail(n, key, f"{path}.{key}", f"{v!r}: a duration must be positive")
    return f


def _short(v: Any) -> str:
    """``repr(v)``, cut to its start when long (a 400-digit number)."""
    r = repr(v)
    return r if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _frames(
    ctx: _Ctx, n: Node, key: str, path: str, rate: Fraction, rounding: str = "nearest"
) -> int:
    """A time (seconds, ``HH:MM:SS[.mmm]``, ``HH:MM:SS:FF`` or ``NNNf``) -> frames; seconds
    between two frames round by ``rounding`` (a restriction's span is widened, never cut)."""
    v = n.get(key)
    if v is None or v == "":
        ctx.fail(n, key, f"{path}.{key}", f"{key!r} is missing (seconds or HH:MM:SS:FF)")
    value: str | float = v if isinstance(v, int | float) else str(v).strip()
    secs: Fraction | None = None
    if isinstance(value, str) and len(value) <= 40 and (m := _HMS.match(value)):
        secs = int(m[1]) * 3600 + int(m[2]) * 60 + Fraction(m[3])
    else:
        with contextlib.suppress(ValueError):
            secs = exact_number(str(value))  # bounded: never Fraction("1e100000000")
    if secs is not None and secs < 0:
        ctx.fail(n, key, f"{path}.{key}", f"{v!r}: a time cannot be negative")
    try:
        if secs is not None:
            return FrameTime.from_seconds(secs, rate, rounding).frames
        return parse_time(str(value), rate)
    except ImagiaError as exc:
        ctx.fail(n, key, f"{path}.{key}", f"{v!r} is not a time ({exc})")


def _span(ctx: _Ctx, n: Node, path: str, rate: Fraction) -> Span:
    s = _frames(ctx, n, "start", path, rate, "floor")
    e = _frames(ctx, n, "end", path, rate, "ceil")
    if e <= s:
        ctx.fail(n, "end", f"{path}.end", "the end must come after the start")
    return Span(s, e, rate)


def _list(ctx: _Ctx, n: Node, key: str, path: str) -> list[Any]:
    v = n.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        ctx.fail(n, key, f"{path}.{key}", f"expected a list, got {type(v).__name__}")
    return v


def _holdback(ctx: _Ctx, raw: Any, path: str, parent: Node, key: str) -> Holdback:
    n = _mapping(ctx, raw, path, _HOLD_KEYS, parent, key)
    ck = "channels" if "channels" in n else "channel"
    tk = "territories" if "territories" in n else "territory"
    until = _date(ctx, n, "until", path, required=True)
    assert until is not None
    return Holdback(_channels(ctx, n, ck, path, True), _territories(ctx, n, tk, path, True), until)


def _grant(ctx: _Ctx, raw: Any, path: str, parent: Node, k: int) -> Grant:
    n = _mapping(ctx, raw, path, _GRANT_KEYS, parent, "grants")
    formats: dict[str, float] = {}
    fm = n.get("formats")
    if fm is not None:
        if not isinstance(fm, dict):
            ctx.fail(
                n,
                "formats",
                f"{path}.formats",
                "expected a mapping channel: max seconds (e.g. press: 120)",
            )
        fnode = fm if isinstance(fm, Node) else Node(fm, n.lines.get("formats", n.line))
        for ch, secs in fnode.items():
            chans = _channels(
                ctx, Node({"c": ch}, fnode.lines.get(ch, fnode.line)), "c", f"{path}.formats", True
            )
            sec = _seconds(
                ctx,
                Node({str(ch): secs}, fnode.lines.get(ch, fnode.line), labels=fnode.labels),
                str(ch),
                f"{path}.formats",
            )
            if sec is not None:
                formats[chans[0]] = sec
    start, end = _date(ctx, n, "start", path), _date(ctx, n, "end", path)
    if start and end and end < start:
        ctx.fail(n, "end", f"{path}.end", f"the window ends ({end}) before it starts ({start})")
    holds = [
        _holdback(ctx, h, f"{path}.holdbacks[{j}]", n, "holdbacks")
        for j, h in enumerate(_list(ctx, n, "holdbacks", path))
    ]
    return Grant(
        id=_text(ctx, n, "id", path, required=False) or f"grant-{k + 1}",
        territories=_territories(ctx, n, "territories", path, True),
        channels=_channels(ctx, n, "channels", path, True),
        exclude=_territories(ctx, n, "exclude", path, False),
        start=start,
        end=end,
        max_seconds=_seconds(ctx, n, "max_seconds", path),
        formats=formats,
        holdbacks=tuple(holds),
    )


def _each(
    ctx: _Ctx, n: Node, key: str, path: str, fn: Callable[[Node, str], Any], keys: tuple[str, ...]
) -> tuple[Any, ...]:
    out = []
    for j, raw in enumerate(_list(ctx, n, key, path)):
        p = f"{path}.{key}[{j}]"
        out.append(fn(_mapping(ctx, raw, p, keys, n, key), p))
    return tuple(out)


def _title(ctx: _Ctx, raw: Any, path: str, parent: Any) -> TitleRights:
    n = _mapping(ctx, raw, path, _TITLE_KEYS, parent, "titles")
    name = _text(ctx, n, "title", path)
    rate = Fraction(25)
    if n.get("fps") not in (None, ""):
        try:
            rate = parse_rate(str(n["fps"]))
        except ImagiaError as exc:
            ctx.fail(n, "fps", f"{path}.fps", str(exc))
    grants = tuple(
        _grant(ctx, g, f"{path}.grants[{k}]", n, k)
        for k, g in enumerate(_list(ctx, n, "grants", path))
    )
    ids = [g.id for g in grants]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup:
        ctx.fail(n, "grants", f"{path}.grants", f"grant id {dup!r} given twice")

    def music(m: Node, p: str) -> MusicCue:
        return MusicCue(
            _text(ctx, m, "name", p), _span(ctx, m, p, rate), _channels(ctx, m, "cleared", p, False)
        )

    def person(m: Node, p: str) -> PersonRestriction:
        return PersonRestriction(_text(ctx, m, "name", p), _channels(ctx, m, "channels", p, True))

    def archive(m: Node, p: str) -> ArchiveRange:
        return ArchiveRange(
            _text(ctx, m, "name", p, required=False) or "archive",
            _span(ctx, m, p, rate),
            _channels(ctx, m, "cleared", p, False),
        )

    return TitleRights(
        title=name,
        match=_text(ctx, n, "match", path),
        fps=rate,
        grants=grants,
        music=_each(ctx, n, "music", path, music, _MUSIC_KEYS),
        people=_each(ctx, n, "people", path, person, _PERSON_KEYS),
        archive=_each(ctx, n, "archive", path, archive, _MUSIC_KEYS),
    )


def build(tree: Any, source: str) -> RightsRegister:
    """Check ``tree`` (``{schema, titles: [...]}``) and return the register."""
    ctx = _Ctx(source)
    root = _mapping(ctx, tree, "register", ("schema", "titles", "imported"))
    schema = root.get("schema")
    if schema not in (None, SCHEMA):
        ctx.fail(root, "schema", "schema", f"schema {schema!r}, this imagia reads {SCHEMA}")
    raw_titles = _list(ctx, root, "titles", "register")
    if not raw_titles:
        ctx.fail(root, "titles", "titles", "the register lists no title")
    titles = [_title(ctx, t, f"titles[{k}]", root) for k, t in enumerate(raw_titles)]
    names = [t.title.casefold() for t in titles]
    dup = next((k for k, x in enumerate(names) if names.count(x) > 1), None)
    if dup is not None:
        ctx.fail(
            raw_titles[dup],
            "title",
            f"titles[{dup}].title",
            f"title {titles[dup].title!r} is listed twice",
        )
    imported = root.get("imported") or []
    return RightsRegister(
        titles,
        [dict(x) for x in imported if isinstance(x, dict)] if isinstance(imported, list) else [],
    )


def register_text(path: Path) -> str:
    """A register file's text by the project's one decoding rule (UTF-8, UTF-16 with a BOM,
    Windows-1252), or a one-line error naming it (missing, binary, too large)."""
    return read_text(path)
