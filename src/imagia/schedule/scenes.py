"""Scene lists (CSV, XLSX, JSON) and production constraints (YAML, JSON), read and validated.

Scene list columns (header names are case-insensitive; French aliases accepted):

==============  ========  ==========================================================
column          required  meaning
==============  ========  ==========================================================
``scene``       yes       scene id (``12``, ``12A``); unique
``eighths``     yes*      length in eighths of a page (``11`` = 1 3/8 pages)
``pages``       yes*      or the length as pages: ``1 3/8``, ``0.5``, ``2``
``cast``        yes       actor ids separated by ``;`` or ``,`` (a list in JSON); may be empty
``location``    yes       where it is shot (a company move happens between locations)
``set``         no        the set within the location (default: the location)
``int_ext``     no        ``INT``, ``EXT`` or ``INT/EXT`` (default ``INT``)
``day_night``   no        ``DAY`` or ``NIGHT`` (``D``/``N``, ``JOUR``/``NUIT``, ``DAWN`` and
                          ``DUSK`` count as day; default ``DAY``)
``hours``       no        estimated shooting hours (default: eighths x hours per eighth)
``episode``     no        episode of a series (cross-boarded with the others)
``description``  no       one line for the stripboard
==============  ========  ==========================================================

(*) one of ``eighths`` or ``pages``.

The constraints file is documented in ``docs/schedule.md`` and by :class:`Constraints`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.core.textfile import load_json, load_yaml, read_text
from imagia.core.xlsx import read_sheet

_ALIASES = {
    "scene": "scene",
    "scene_id": "scene",
    "sc": "scene",
    "séquence": "scene",
    "sequence": "scene",
    "eighths": "eighths",
    "huitiemes": "eighths",
    "huitièmes": "eighths",
    "pages": "pages",
    "length": "pages",
    "cast": "cast",
    "actors": "cast",
    "characters": "cast",
    "role": "cast",
    "rôles": "cast",
    "roles": "cast",
    "comédiens": "cast",
    "comediens": "cast",
    "location": "location",
    "lieu": "location",
    "décor": "location",
    "decor": "location",
    "set": "set",
    "int_ext": "int_ext",
    "int/ext": "int_ext",
    "ie": "int_ext",
    "day_night": "day_night",
    "d/n": "day_night",
    "time": "day_night",
    "jour_nuit": "day_night",
    "effet": "day_night",
    "hours": "hours",
    "heures": "hours",
    "episode": "episode",
    "épisode": "episode",
    "description": "description",
    "synopsis": "description",
    "resume": "description",
}
REQUIRED = ("scene", "cast", "location")
_DAY = {
    "DAY": "DAY",
    "D": "DAY",
    "JOUR": "DAY",
    "J": "DAY",
    "DAWN": "DAY",
    "DUSK": "DAY",
    "MORNING": "DAY",
    "AFTERNOON": "DAY",
    "EVENING": "DAY",
    "CONTINUOUS": "DAY",
    "MATIN": "DAY",
    "SOIR": "DAY",
    "AUBE": "DAY",
    "CRÉPUSCULE": "DAY",
    "NIGHT": "NIGHT",
    "N": "NIGHT",
    "NUIT": "NIGHT",
}
_IE = {
    "INT": "INT",
    "I": "INT",
    "EXT": "EXT",
    "E": "EXT",
    "INT/EXT": "INT/EXT",
    "I/E": "INT/EXT",
    "EXT/INT": "INT/EXT",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Scene:
    id: str
    eighths: int
    cast: tuple[str, ...]
    location: str
    set: str
    int_ext: str = "INT"
    day_night: str = "DAY"
    hours: float | None = None
    episode: str = ""
    description: str = ""

    @property
    def pages(self) -> str:
        return eighths_to_pages(self.eighths)

    @property
    def night(self) -> bool:
        return self.day_night == "NIGHT"

    def to_dict(self) -> dict[str, Any]:
        return {
            "scene": self.id,
            "eighths": self.eighths,
            "pages": self.pages,
            "cast": list(self.cast),
            "location": self.location,
            "set": self.set,
            "int_ext": self.int_ext,
            "day_night": self.day_night,
            "hours": self.hours,
            "episode": self.episode,
            "description": self.description,
        }


def eighths_to_pages(e: int) -> str:
    whole, rest = divmod(e, 8)
    if not rest:
        return str(whole)
    return f"{whole} {rest}/8" if whole else f"{rest}/8"


# The longest scene a list may hold, in eighths of a page (a thousand pages).
MAX_EIGHTHS = 8000
# The most hours a scene may take to shoot.
MAX_HOURS = 1000.0


def _finite(text: str) -> float:
    """``text`` as a finite number (decimal comma accepted); ValueError otherwise."""
    t = text.strip().replace(",", ".")
    if len(t) > 40:
        raise ValueError(t)
    f = float(t)
    if not math.isfinite(f):
        raise ValueError(t)
    return f


def _short(v: Any) -> str:
    """``v`` for a message, cut to a readable length."""
    r = repr(v)
    return r if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _clip(v: Any) -> Any:
    """``v`` for a BadValue: itself when short, else the start of its text."""
    r = repr(v)
    return v if len(r) <= 40 else f"{r[:30]}... ({len(r)} characters)"


def _pages_to_eighths(path: Path, row: int, text: str) -> int:
    t = text.strip()
    m = re.fullmatch(r"(?:(\d{1,6})\s+)?(\d{1,6})/8", t)
    if m:
        return int(m[1] or 0) * 8 + int(m[2])
    try:
        return round(_finite(t) * 8)
    except ValueError:
        raise BadFile(
            path, f"row {row}: pages {_short(text)} is not a length like '1 3/8' or '1.5'"
        ) from None


# --------------------------------------------------------------------------- scene lists


def read_scenes(path: Path) -> list[Scene]:
    """Read a scene list from CSV, XLSX or JSON (a list of objects, or ``{"scenes": [...]}``)."""
    if not path.exists():
        raise BadFile(path, "file not found")
    ext = path.suffix.lower()
    if ext in (".csv", ".tsv", ".txt"):
        text = read_text(path)
        first = text.splitlines()[0] if text.strip() else ""
        delim = max("\t;,", key=first.count) if first else ","
        reader = csv.DictReader(text.splitlines(), delimiter=delim)
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise BadFile(path, f"line {reader.line_num}: not readable CSV ({exc})") from None
    elif ext in (".xlsx", ".xlsm"):
        rows = _read_xlsx_rows(path)
    elif ext == ".json":
        data = load_json(path)
        if isinstance(data, dict):
            problem = data.get("problem")
            data = data.get("scenes", problem.get("scenes") if isinstance(problem, dict) else None)
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise BadFile(path, 'expected a list of scene objects (or {"scenes": [...]})')
        rows = data
    else:
        raise BadFile(
            path, f"unknown scene list format {ext!r}", hint="use .csv, .tsv, .xlsx or .json"
        )
    return scenes_from_rows(rows, path)


def _read_xlsx_rows(path: Path) -> list[dict[str, Any]]:
    table = read_sheet(path)
    header = [str(h or "").strip() for h in (table[0] if table else ())]
    return [dict(zip(header, r, strict=False)) for r in table[1:] if any(v is not None for v in r)]


def scenes_from_rows(rows: list[dict[str, Any]], path: Path | str = "<scenes>") -> list[Scene]:
    """Validate raw rows (header names already read) into scenes."""
    p = Path(str(path))
    if not rows:
        raise BadFile(p, "the scene list is empty")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise BadFile(p, "expected a list of scenes, each a mapping of column to value")
    norm_rows = []
    for raw in rows:
        norm: dict[str, Any] = {}
        for k, v in raw.items():
            key = _ALIASES.get(str(k or "").strip().lower().replace(" ", "_"))
            if key:
                norm[key] = v
        norm_rows.append(norm)
    have = set().union(*(r.keys() for r in norm_rows))
    missing = [c for c in REQUIRED if c not in have]
    if "eighths" not in have and "pages" not in have:
        missing.append("eighths (or pages)")
    if missing:
        raise BadFile(
            p,
            f"missing column(s): {', '.join(missing)}",
            hint="columns: scene, eighths or pages, cast, location "
            "[, set, int_ext, day_night, hours, episode, description]",
        )
    scenes: list[Scene] = []
    seen: set[str] = set()
    for i, r in enumerate(norm_rows, start=2):
        sid = str(r.get("scene") or "").strip()
        if sid.endswith(".0") and sid[:-2].isdigit():
            sid = sid[:-2]
        if not sid:
            raise BadFile(p, f"row {i}: empty scene id")
        if sid in seen:
            raise BadFile(p, f"row {i}: scene {sid!r} appears twice")
        seen.add(sid)
        if r.get("eighths") not in (None, ""):
            try:
                eighths = int(_finite(str(r["eighths"])))
            except ValueError:
                raise BadFile(
                    p, f"row {i} (scene {sid}): eighths {_short(r['eighths'])} is not a number"
                ) from None
        else:
            eighths = _pages_to_eighths(p, i, str(r.get("pages") or ""))
        if eighths < 0:
            raise BadFile(
                p,
                f"row {i} (scene {sid}): negative eighths ({eighths})",
                hint="a scene's length is 0 or more eighths of a page",
            )
        if eighths > MAX_EIGHTHS:
            raise BadFile(
                p, f"row {i} (scene {sid}): {eighths} eighths is over {MAX_EIGHTHS // 8} pages"
            )
        cast_raw = r.get("cast") or []
        if isinstance(cast_raw, str):
            cast = tuple(c.strip() for c in re.split(r"[;,|]", cast_raw) if c.strip())
        elif isinstance(cast_raw, list | tuple):
            cast = tuple(str(c).strip() for c in cast_raw if str(c).strip())
        else:
            raise BadFile(
                p, f"row {i} (scene {sid}): cast {_short(cast_raw)} is not a list of actor ids"
            )
        location = str(r.get("location") or "").strip()
        if not location:
            raise BadFile(p, f"row {i} (scene {sid}): empty location")
        ie = str(r.get("int_ext") or "INT").strip().upper()
        dn = str(r.get("day_night") or "DAY").strip().upper()
        if ie not in _IE:
            raise BadFile(p, f"row {i} (scene {sid}): int_ext {ie!r} is not INT, EXT or INT/EXT")
        if dn not in _DAY:
            raise BadFile(p, f"row {i} (scene {sid}): day_night {dn!r} is not DAY or NIGHT")
        hours = r.get("hours")
        h: float | None = None
        if hours not in (None, ""):
            try:
                h = _finite(str(hours))
            except ValueError:
                raise BadFile(
                    p, f"row {i} (scene {sid}): hours {_short(hours)} is not a number"
                ) from None
            if h < 0:
                raise BadFile(p, f"row {i} (scene {sid}): negative hours ({h})")
            if h > MAX_HOURS:
                raise BadFile(p, f"row {i} (scene {sid}): {h:g} hours is over {MAX_HOURS:g}")
        scenes.append(
            Scene(
                id=sid,
                eighths=eighths,
                cast=cast,
                location=location,
                set=str(r.get("set") or location).strip(),
                int_ext=_IE[ie],
                day_night=_DAY[dn],
                hours=h,
                episode=str(r.get("episode") or "").strip(),
                description=str(r.get("description") or "").strip(),
            )
        )
    return scenes


# --------------------------------------------------------------------------- constraints


@dataclass
class Actor:
    id: str
    name: str = ""
    daily_cost: int = 0
    unavailable: list[dt.date] = field(default_factory=list)
    max_hours_per_day: float | None = None  # child actors' limits


@dataclass
class Constraints:
    """Production constraints (schema ``ScheduleConstraints.1``)."""

    dates: list[dt.date]  # the working shooting dates, in order
    eighths_per_day: int = 40
    overtime_eighths: int = 0
    hours_per_day: float | None = None
    turnaround: bool = True
    start_on_first_day: bool = True  # the shoot starts on the calendar's first day
    company_move_cost: int = 0
    day_night_switch_cost: int = 0
    overtime_cost_per_eighth: int = 0
    actors: dict[str, Actor] = field(default_factory=dict)
    locations: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)
    must_shoot: list[tuple[str, dt.date]] = field(default_factory=list)
    together: list[list[str]] = field(default_factory=list)
    order: list[tuple[str, str]] = field(default_factory=list)
    call_time: str = "07:00"
    raw: dict[str, Any] = field(default_factory=dict)

    def hours_of(self, scene: Scene) -> float:
        if scene.hours is not None:
            return scene.hours
        per_day = self.hours_per_day or 10.0
        return scene.eighths * per_day / max(self.eighths_per_day, 1)


def _date(where: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise BadValue(where, _clip(value), reason="expected a date YYYY-MM-DD") from None
    if not 1900 <= day.year <= 2999:
        raise BadValue(where, str(day), reason="expected a date from 1900 to 2999")
    return day


def read_constraints(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise BadFile(path, "file not found")
    data = load_yaml(path, "YAML/JSON")  # JSON is YAML too
    if not isinstance(data, dict):
        raise BadFile(path, "expected a mapping (calendar:, capacity:, actors: ...)")
    return data


def load_constraints(path: Path, scenes: list[Scene]) -> Constraints:
    """Read and validate a constraints file; every error names the file and the field."""
    data = read_constraints(path)
    try:
        return parse_constraints(data, scenes, path)
    except BadValue as exc:
        raise BadFile(path, exc.message, hint=exc.hint) from None


# The largest number a constraints file may give (costs, capacities, hours).
MAX_NUMBER = 1e12


def _num(where: str, v: Any, lo: float = 0) -> float:
    if isinstance(v, bool):
        raise BadValue(where, v, reason="expected a number")
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):
        raise BadValue(where, _clip(v), reason="expected a number") from None
    if not math.isfinite(f) or abs(f) > MAX_NUMBER:
        raise BadValue(where, _clip(v), reason=f"expected a number up to {MAX_NUMBER:g}")
    if f < lo:
        raise BadValue(where, v, reason=f"must be at least {lo:g}")
    return f


def _mapping(where: str, v: Any) -> dict[Any, Any]:
    """``v`` when it is a mapping (None: empty); BadValue otherwise."""
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise BadValue(where, _clip(v), reason="expected a mapping (key: value)")
    return v


def _list(where: str, v: Any) -> list[Any]:
    """``v`` when it is a list (None: empty); BadValue otherwise."""
    if v is None:
        return []
    if not isinstance(v, list | tuple):
        raise BadValue(where, _clip(v), reason="expected a list")
    return list(v)


def parse_constraints(
    data: dict[str, Any], scenes: list[Scene], source: Path | str = "<constraints>"
) -> Constraints:
    """Validate raw constraints against the scene list: unknown actors, scenes, locations and
    dates outside the calendar are errors that name the field."""
    p = Path(str(source))
    if not isinstance(data, dict):
        raise BadFile(p, "expected a mapping (calendar:, capacity:, actors: ...)")
    cal = _mapping("calendar", data.get("calendar") or {})
    if "start" not in cal:
        raise BadFile(
            p, "calendar.start is missing", hint="calendar: {start: 2026-03-02, days: 12}"
        )
    start = _date("calendar.start", cal["start"])
    weekdays = [
        str(w).lower()[:3] for w in _list("calendar.weekdays", cal.get("weekdays", WEEKDAYS[:5]))
    ]
    for w in weekdays:
        if w not in WEEKDAYS:
            raise BadValue("calendar.weekdays", w, WEEKDAYS)
    off = {_date("calendar.days_off", d) for d in _list("calendar.days_off", cal.get("days_off"))}
    off |= {_date("calendar.holidays", d) for d in _list("calendar.holidays", cal.get("holidays"))}
    end = _date("calendar.end", cal["end"]) if cal.get("end") else None
    ndays = int(_num("calendar.days", cal["days"], 1)) if cal.get("days") else None
    if end is None and ndays is None:
        raise BadFile(p, "calendar needs days (number of shooting days) or end (last date)")
    dates: list[dt.date] = []
    d = start
    while (end is None or d <= end) and (ndays is None or len(dates) < ndays):
        if WEEKDAYS[d.weekday()] in weekdays and d not in off:
            dates.append(d)
        d += dt.timedelta(days=1)
        if (d - start).days > 3660:
            break
    if not dates:
        raise BadFile(p, "the calendar has no shooting day (check start, end, weekdays)")
    dateset = set(dates)

    def in_calendar(where: str, value: Any) -> dt.date:
        day = _date(where, value)
        if day not in dateset:
            raise BadValue(
                where,
                str(day),
                reason=f"not a shooting day of the calendar "
                f"({dates[0]} to {dates[-1]}, {len(dates)} days)",
            )
        return day

    cap = _mapping("capacity", data.get("capacity"))
    costs = _mapping("costs", data.get("costs"))
    scene_ids = {s.id for s in scenes}
    cast_ids = {a for s in scenes for a in s.cast}
    loc_ids = {s.location for s in scenes}

    def scene_ref(where: str, sid: Any) -> str:
        sid = str(sid)
        if sid not in scene_ids:
            raise BadValue(where, sid, reason="no such scene in the scene list")
        return sid

    actors: dict[str, Actor] = {}
    for aid, spec in _mapping("actors", data.get("actors")).items():
        aid = str(aid)
        if aid not in cast_ids:
            raise BadValue(
                f"actors.{aid}",
                aid,
                sorted(cast_ids),
                reason="this actor is in no scene of the scene list",
            )
        spec = _mapping(f"actors.{aid}", spec)
        actors[aid] = Actor(
            id=aid,
            name=str(spec.get("name", "")),
            daily_cost=int(_num(f"actors.{aid}.daily_cost", spec.get("daily_cost", 0))),
            unavailable=[
                _date(f"actors.{aid}.unavailable", x)
                for x in _list(f"actors.{aid}.unavailable", spec.get("unavailable"))
            ],
            max_hours_per_day=(
                _num(f"actors.{aid}.max_hours_per_day", spec["max_hours_per_day"], 0)
                if spec.get("max_hours_per_day") is not None
                else None
            ),
        )
    for aid in cast_ids - set(actors):
        actors[aid] = Actor(id=aid)
    locations: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for loc, spec in _mapping("locations", data.get("locations")).items():
        if loc not in loc_ids:
            raise BadValue(
                f"locations.{loc}", loc, sorted(loc_ids), reason="no scene is shot at this location"
            )
        windows = []
        avail = _mapping(f"locations.{loc}", spec).get("available")
        for w in _list(f"locations.{loc}.available", avail):
            if not isinstance(w, list | tuple) or len(w) != 2:
                raise BadValue(
                    f"locations.{loc}.available", w, reason="each window is [first date, last date]"
                )
            windows.append(
                (
                    _date(f"locations.{loc}.available", w[0]),
                    _date(f"locations.{loc}.available", w[1]),
                )
            )
        if windows:
            locations[loc] = windows
    must = [
        (
            scene_ref("must_shoot.scene", m.get("scene")),
            in_calendar(f"must_shoot (scene {m.get('scene')}).date", m.get("date")),
        )
        for m in (
            _mapping("must_shoot", item) for item in _list("must_shoot", data.get("must_shoot"))
        )
    ]
    together = [
        [scene_ref("together", s) for s in _list("together", g)]
        for g in _list("together", data.get("together"))
    ]
    order = []
    for pair in _list("order", data.get("order")):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise BadValue("order", pair, reason="each item is [scene shot first, scene after]")
        order.append((scene_ref("order", pair[0]), scene_ref("order", pair[1])))
    return Constraints(
        dates=dates,
        eighths_per_day=int(_num("capacity.eighths_per_day", cap.get("eighths_per_day", 40), 1)),
        overtime_eighths=int(_num("capacity.overtime_eighths", cap.get("overtime_eighths", 0))),
        hours_per_day=(
            _num("capacity.hours_per_day", cap["hours_per_day"], 0)
            if cap.get("hours_per_day") is not None
            else None
        ),
        turnaround=bool(data.get("turnaround", True)),
        start_on_first_day=bool(cal.get("start_on_first_day", True)),
        company_move_cost=int(_num("costs.company_move", costs.get("company_move", 0))),
        day_night_switch_cost=int(_num("costs.day_night_switch", costs.get("day_night_switch", 0))),
        overtime_cost_per_eighth=int(
            _num("costs.overtime_per_eighth", costs.get("overtime_per_eighth", 0))
        ),
        actors=actors,
        locations=locations,
        must_shoot=must,
        together=together,
        order=order,
        call_time=str(data.get("call_time", "07:00")),
        raw=_jsonable(data),
    )


def _jsonable(data: Any) -> Any:
    """``data`` with only JSON types: keys as text, dates and other values as their text."""
    if isinstance(data, dict):
        return {k if isinstance(k, str) else str(k): _jsonable(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_jsonable(v) for v in data]
    if data is None or isinstance(data, str | int | float):
        return data
    return str(data)
