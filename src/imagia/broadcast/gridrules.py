"""The rules and the slot template of a channel's grid, read from YAML (``GridRules.1`` and
``GridSlots.1``; the defaults ship in ``broadcast/data/``), and the slots of a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.core.textfile import load_yaml

DATA = Path(__file__).resolve().parent / "data"
DAY_START = time(6, 0)  # a broadcast day runs from 06:00 to 06:00 the next morning
FLAGS = ("eof", "european")
WORKS = ("audiovisual", "film")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class QuotaRule:
    id: str
    works: str  # audiovisual | film
    flag: str  # eof | european
    share: float
    measure: str  # minutes | count
    peak: str | None  # None, or which peak hours: audiovisual | film
    source: str
    simplified: str = ""


@dataclass(frozen=True)
class AgeRule:
    rating: str
    never: bool = False
    start: time | None = None  # allowed from this clock time...
    until: time | None = None  # ...to this one (across midnight)
    not_in_dayparts: tuple[str, ...] = ()
    source: str = ""
    simplified: str = ""


@dataclass(frozen=True)
class AdRules:
    """Advertising limits: minutes per clock hour, minutes per hour on average over the
    broadcast day, and how many times a work may be interrupted, by kind (film, audiovisual)."""

    per_clock_hour: float | None = None
    daily_average: float | None = None
    interruptions: dict[str, int] = field(default_factory=dict)
    source: str = ""
    average_source: str = ""
    interruptions_source: str = ""
    simplified: str = ""


@dataclass(frozen=True)
class Rules:
    channel: str
    quotas: tuple[QuotaRule, ...]
    peak: dict[str, dict[str, tuple[time, time]]]
    ages: dict[str, AgeRule]
    saturday_from: time | None
    saturday_allowed: tuple[str, ...]
    cinema_source: str
    min_days_between: int
    repeats_source: str
    ads: AdRules = field(default_factory=AdRules)


@dataclass(frozen=True)
class SlotSpec:
    start: time
    minutes: int
    daypart: str
    breaks: int = 0  # ad breaks inside the programme (interruptions); one more follows it


@dataclass(frozen=True)
class Template:
    slots: tuple[SlotSpec, ...]
    slack: int
    reserve: int = 0  # minutes of each slot for trailers and idents: not advertising


@dataclass(frozen=True)
class Slot:
    index: int
    day: date  # the broadcast day
    start: datetime  # the real clock time (after midnight: the next calendar day)
    minutes: int
    daypart: str
    peak: frozenset[str] = field(default_factory=frozenset)  # "audiovisual", "film"
    breaks: int = 0  # ad breaks inside the programme
    reserve: int = 0  # minutes for trailers and idents

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def _time(value: Any, where: str, source: str) -> time:
    try:
        h, m = str(value).split(":")
        return time(int(h) % 24, int(m))
    except (ValueError, TypeError):
        raise BadFile(source, f"{where}: expected a time HH:MM, got {value!r}") from None


def _map(node: Any, where: str, source: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise BadFile(source, f"{where}: expected a mapping")
    return node


def load_rules(path: Path | str | None = None) -> Rules:
    """Rules from ``path`` (``GridRules.1``), or the default French free-to-air rules."""
    p = Path(path) if path else DATA / "grid-rules.yaml"
    src = str(p)
    doc = _map(load_yaml(p, "grid rules"), "file", src)
    if doc.get("schema") != "GridRules.1":
        raise BadFile(src, "not a GridRules.1 file (schema: GridRules.1 expected)")
    quotas = []
    for i, q in enumerate(doc.get("quotas") or []):
        q = _map(q, f"quotas[{i}]", src)
        where = f"quotas[{i}] ({q.get('id', '?')})"
        works, flag, measure = q.get("works"), q.get("flag"), q.get("measure", "minutes")
        share = q.get("share")
        if works not in WORKS or flag not in FLAGS or measure not in ("minutes", "count"):
            raise BadFile(
                src, f"{where}: works must be {WORKS}, flag {FLAGS}, measure minutes|count"
            )
        if not isinstance(share, int | float) or not 0 <= share <= 1:
            raise BadFile(src, f"{where}: share must be a number between 0 and 1")
        q_peak = q.get("peak")
        if q_peak not in (None, *WORKS):
            raise BadFile(src, f"{where}: peak must be audiovisual or film")
        quotas.append(
            QuotaRule(
                str(q.get("id") or f"quota-{i + 1}"),
                works,
                flag,
                float(share),
                measure,
                q_peak,
                str(q.get("source", "")),
                str(q.get("simplified", "")),
            )
        )
    peak: dict[str, dict[str, tuple[time, time]]] = {}
    for kind, spans in _map(doc.get("peak_hours") or {}, "peak_hours", src).items():
        peak[str(kind)] = {}
        for when, span in _map(spans, f"peak_hours.{kind}", src).items():
            if not isinstance(span, list) or len(span) != 2:
                raise BadFile(src, f"peak_hours.{kind}.{when}: expected [from, to]")
            where = f"peak_hours.{kind}.{when}"
            peak[str(kind)][str(when)] = (_time(span[0], where, src), _time(span[1], where, src))
    ages: dict[str, AgeRule] = {}
    for key, r in _map(doc.get("age_ratings") or {}, "age_ratings", src).items():
        r = _map(r, f"age_ratings.{key}", src)
        where = f"age_ratings.{key}"
        ages[str(key)] = AgeRule(
            rating=str(key),
            never=bool(r.get("never", False)),
            start=_time(r["from"], where, src) if "from" in r else None,
            until=_time(r["until"], where, src) if "until" in r else None,
            not_in_dayparts=tuple(str(d) for d in r.get("not_in_dayparts", ()) or ()),
            source=str(r.get("source", "")),
            simplified=str(r.get("simplified", "")),
        )
    ads = _ads(_map(doc.get("advertising") or {}, "advertising", src), src)
    cinema = _map(doc.get("cinema") or {}, "cinema", src)
    repeats = _map(doc.get("repeats") or {}, "repeats", src)
    gap = repeats.get("min_days_between", 0)
    if not isinstance(gap, int) or not 0 <= gap <= 365:
        raise BadFile(src, "repeats.min_days_between: a whole number of days, 0 to 365")
    return Rules(
        channel=str(doc.get("channel", "")),
        quotas=tuple(quotas),
        peak=peak,
        ages=ages,
        saturday_from=(
            _time(cinema["saturday_evening_from"], "cinema", src)
            if "saturday_evening_from" in cinema
            else None
        ),
        saturday_allowed=tuple(str(a) for a in cinema.get("saturday_allowed", ()) or ()),
        cinema_source=str(cinema.get("source", "")),
        min_days_between=gap,
        repeats_source=str(repeats.get("source", "")),
        ads=ads,
    )


def _ads(doc: dict[str, Any], src: str) -> AdRules:
    def minutes(key: str) -> float | None:
        v = doc.get(key)
        if v is None:
            return None
        if not isinstance(v, int | float) or not 0 <= v <= 60:
            raise BadFile(src, f"advertising.{key}: minutes from 0 to 60")
        return float(v)

    cuts = _map(doc.get("max_interruptions") or {}, "advertising.max_interruptions", src)
    for kind, n in cuts.items():
        if kind not in WORKS or not isinstance(n, int) or not 0 <= n <= 20:
            raise BadFile(
                src, f"advertising.max_interruptions.{kind}: a kind of {WORKS} and 0 to 20 breaks"
            )
    return AdRules(
        per_clock_hour=minutes("max_minutes_per_clock_hour"),
        daily_average=minutes("max_minutes_per_hour_daily_average"),
        interruptions={str(k): int(n) for k, n in cuts.items()},
        source=str(doc.get("source", "")),
        average_source=str(doc.get("average_source", "")),
        interruptions_source=str(doc.get("interruptions_source", "")),
        simplified=str(doc.get("simplified", "")),
    )


def load_template(path: Path | str | None = None) -> Template:
    """The slot template from ``path`` (``GridSlots.1``), or the default generalist day."""
    p = Path(path) if path else DATA / "grid-slots.yaml"
    src = str(p)
    doc = _map(load_yaml(p, "grid slots"), "file", src)
    if doc.get("schema") != "GridSlots.1":
        raise BadFile(src, "not a GridSlots.1 file (schema: GridSlots.1 expected)")
    slots = []
    for i, s in enumerate(doc.get("slots") or []):
        s = _map(s, f"slots[{i}]", src)
        minutes = s.get("minutes")
        if not isinstance(minutes, int) or not 5 <= minutes <= 600:
            raise BadFile(src, f"slots[{i}]: minutes must be a whole number from 5 to 600")
        breaks = s.get("breaks", 0)
        if not isinstance(breaks, int) or not 0 <= breaks <= 20:
            raise BadFile(src, f"slots[{i}]: breaks must be a whole number from 0 to 20")
        slots.append(
            SlotSpec(
                _time(s.get("start"), f"slots[{i}]", src),
                minutes,
                str(s.get("daypart", "")),
                breaks,
            )
        )
    if not slots:
        raise BadFile(src, "no slot in the template")
    slack = doc.get("slack", 15)
    if not isinstance(slack, int) or not 0 <= slack <= 120:
        raise BadFile(src, "slack: a whole number of minutes, 0 to 120")
    reserve = doc.get("reserve", 0)
    if not isinstance(reserve, int) or not 0 <= reserve <= 60:
        raise BadFile(src, "reserve: a whole number of minutes, 0 to 60")
    return Template(tuple(slots), slack, reserve)


def _in(t: time, span: tuple[time, time]) -> bool:
    a, b = span
    return a <= t < b if a <= b else (t >= a or t < b)


def expand(template: Template, rules: Rules, first: date, days: int) -> list[Slot]:
    """The slots of ``days`` broadcast days from ``first``, with their peak-hour marks."""
    out: list[Slot] = []
    for d in range(days):
        day = first + timedelta(days=d)
        for spec in template.slots:
            cal = day if spec.start >= DAY_START else day + timedelta(days=1)
            start = datetime.combine(cal, spec.start)
            peak = set()
            for kind, spans in rules.peak.items():
                for when, span in spans.items():
                    if (when == "every_day" or when == WEEKDAYS[start.weekday()]) and _in(
                        spec.start, span
                    ):
                        peak.add(kind)
            out.append(
                Slot(
                    len(out), day, start, spec.minutes, spec.daypart, frozenset(peak),
                    spec.breaks, template.reserve,
                )
            )  # fmt: skip
    return out
