"""An independent check of a grid against the rules, written from the rules file and not from
the planner: every airing is re-read (times, durations, rights, ratings, runs, repeats,
Saturday cinema) and every quota recomputed, with what was required, achieved and the margin.
Advertising is re-derived from the airing too: the time its programme leaves free in the slot,
less the slot's reserve (trailers, idents), in equal breaks — one after each equal part of the
programme, the slot's ``breaks`` of them inside it — summed per clock hour and per day.
The planner never returns a grid this refuses (tests hold it to that)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from imagia.broadcast.gridrules import Rules
from imagia.broadcast.programmes import Programme

# What each rule is called on a page, French then English.
RULE_WORDS: dict[str, tuple[str, str]] = {
    "catalogue": ("catalogue", "catalogue"),
    "duration": ("durée", "duration"),
    "overlap": ("chevauchement", "overlap"),
    "rights-window": ("fenêtre de droits", "rights window"),
    "runs": ("diffusions restantes", "runs left"),
    "repeats": ("espacement des rediffusions", "repeat spacing"),
    "cinema-saturday": ("cinéma le samedi soir", "cinema on Saturday evening"),
    "age--10": ("signalétique -10", "rating -10"),
    "age--12": ("signalétique -12", "rating -12"),
    "age--16": ("signalétique -16", "rating -16"),
    "age--18": ("signalétique -18", "rating -18"),
    "european-audiovisual": ("œuvres audiovisuelles européennes", "European audiovisual works"),
    "eof-audiovisual": ("œuvres audiovisuelles EOF", "French original audiovisual works"),
    "european-audiovisual-peak": (
        "œuvres européennes aux heures de grande écoute",
        "European works at peak hours",
    ),
    "eof-audiovisual-peak": ("œuvres EOF aux heures de grande écoute", "EOF works at peak hours"),
    "european-films": ("films européens", "European films"),
    "eof-films": ("films EOF", "French original films"),
    "european-films-peak": (
        "films européens aux heures de grande écoute",
        "European films at peak hours",
    ),
    "eof-films-peak": ("films EOF aux heures de grande écoute", "EOF films at peak hours"),
    "ad-minutes-hour": ("publicité par heure d'horloge", "advertising per clock hour"),
    "ad-minutes-average": (
        "publicité en moyenne quotidienne",
        "advertising, daily average per hour",
    ),
    "ad-interruptions": ("interruptions publicitaires d'une œuvre", "ad breaks inside a work"),
}

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Airing:
    day: date  # broadcast day
    start: datetime
    slot_minutes: int
    daypart: str
    programme: str  # id
    breaks: int = 0  # ad breaks the slot puts inside its programme
    reserve: int = 0  # minutes of the slot for trailers and idents (not advertising)


@dataclass(frozen=True)
class Finding:
    rule: str
    when: str
    programme: str
    detail: str
    detail_fr: str = ""


@dataclass(frozen=True)
class QuotaLine:
    rule: str
    required: float
    achieved: float | None  # None: nothing counted (no such work in those hours)
    margin: float | None
    ok: bool
    basis: str  # "minutes" or "broadcasts" and how many counted
    source: str


def _clock_in(t: time, a: time, b: time) -> bool:
    return a <= t < b if a <= b else (t >= a or t < b)


def _peak(rules: Rules, kind: str, start: datetime) -> bool:
    for when, (a, b) in rules.peak.get(kind, {}).items():
        if when not in ("every_day", _DAYS[start.weekday()]):
            continue
        if _clock_in(start.time(), a, b):
            return True
    return False


def ad_breaks(a: Airing, duration: int) -> list[tuple[Fraction, Fraction]]:
    """The airing's ad breaks as (start, end) in minutes from the slot's start."""
    free = a.slot_minutes - duration - a.reserve
    if free <= 0:
        return []
    parts = a.breaks + 1
    each = Fraction(free, parts)
    out = []
    for j in range(parts):  # after part j + 1 of the programme, the breaks before it aired
        start = Fraction(duration * (j + 1), parts) + each * j
        out.append((start, start + each))
    return out


def ad_minutes_by_hour(a: Airing, duration: int) -> dict[datetime, Fraction]:
    """Minutes of advertising of one airing in each clock hour it touches."""
    first_hour = a.start.replace(minute=0, second=0, microsecond=0)
    into = Fraction(a.start.minute)  # the slot starts this far into its clock hour
    out: dict[datetime, Fraction] = defaultdict(Fraction)
    for b0, b1 in ad_breaks(a, duration):
        k = 0
        while into + b0 >= 60 * (k + 1):
            k += 1
        while 60 * k < into + b1:
            lo, hi = max(into + b0, Fraction(60 * k)), min(into + b1, Fraction(60 * (k + 1)))
            if hi > lo:
                out[first_hour + timedelta(hours=k)] += hi - lo
            k += 1
    return out


def _advertising(airings: list[Airing], by_id: dict[str, Programme], rules: Rules) -> list[Finding]:
    ads = rules.ads
    found: list[Finding] = []
    hours: dict[datetime, Fraction] = defaultdict(Fraction)
    day_ads: dict[date, Fraction] = defaultdict(Fraction)
    day_minutes: dict[date, int] = defaultdict(int)
    for a in airings:
        p = by_id.get(a.programme)
        if p is None:
            continue
        day_minutes[a.day] += a.slot_minutes
        per_hour = ad_minutes_by_hour(a, p.duration)
        for h, v in per_hour.items():
            hours[h] += v
            day_ads[a.day] += v
        limit = ads.interruptions.get(p.kind)
        if limit is not None and per_hour and a.breaks > limit:
            found.append(
                Finding(
                    "ad-interruptions",
                    f"{a.start:%Y-%m-%d %H:%M}",
                    p.id,
                    f"{a.breaks} ad breaks inside a {p.kind} work, at most {limit}",
                    f"{a.breaks} coupures dans une œuvre ({p.kind}), {limit} au plus",
                )
            )
    if ads.per_clock_hour is not None:
        for h in sorted(hours):
            if hours[h] > Fraction(ads.per_clock_hour):
                found.append(
                    Finding(
                        "ad-minutes-hour",
                        f"{h:%Y-%m-%d %H:%M}",
                        "",
                        f"{float(hours[h]):.1f} min of advertising in the clock hour "
                        f"{h:%H}:00-{h:%H}:59, {ads.per_clock_hour:g} allowed",
                        f"{float(hours[h]):.1f} min de publicité dans l'heure d'horloge "
                        f"{h:%H} h, {ads.per_clock_hour:g} permises",
                    )
                )
    if ads.daily_average is not None:
        for d in sorted(day_ads):
            hours_on_air = Fraction(day_minutes[d], 60)
            if day_ads[d] > Fraction(ads.daily_average) * hours_on_air:
                avg = float(day_ads[d] / hours_on_air)
                found.append(
                    Finding(
                        "ad-minutes-average",
                        str(d),
                        "",
                        f"{avg:.1f} min of advertising an hour on average, "
                        f"{ads.daily_average:g} allowed",
                        f"{avg:.1f} min de publicité par heure en moyenne, "
                        f"{ads.daily_average:g} permises",
                    )
                )
    return found


def check(
    airings: list[Airing], programmes: list[Programme], rules: Rules
) -> tuple[list[Finding], list[QuotaLine]]:
    """Every broken rule (empty: the grid holds) and the quota report."""
    by_id = {p.id: p for p in programmes}
    findings: list[Finding] = []
    runs: dict[str, int] = defaultdict(int)
    days: dict[str, list[date]] = defaultdict(list)
    ordered = sorted(airings, key=lambda a: a.start)
    for i, a in enumerate(ordered):
        when = f"{a.start:%Y-%m-%d %H:%M}"
        p = by_id.get(a.programme)
        if p is None:
            findings.append(
                Finding(
                    "catalogue", when, a.programme, "not in the catalogue", "absent du catalogue"
                )
            )
            continue
        end = a.start + timedelta(minutes=p.duration)
        if p.duration > a.slot_minutes:
            findings.append(
                Finding(
                    "duration",
                    when,
                    p.id,
                    f"{p.duration} min in a {a.slot_minutes}-min slot",
                    f"{p.duration} min dans une case de {a.slot_minutes} min",
                )
            )
        if i + 1 < len(ordered) and end > ordered[i + 1].start:
            findings.append(
                Finding(
                    "overlap",
                    when,
                    p.id,
                    f"runs until {end:%H:%M}, next starts {ordered[i + 1].start:%H:%M}",
                    f"finit à {end:%H:%M}, le suivant commence à {ordered[i + 1].start:%H:%M}",
                )
            )
        if p.rights_start and a.day < p.rights_start:
            findings.append(
                Finding(
                    "rights-window",
                    when,
                    p.id,
                    f"rights start {p.rights_start}",
                    f"droits ouverts le {p.rights_start}",
                )
            )
        if p.rights_end and a.day > p.rights_end:
            findings.append(
                Finding(
                    "rights-window",
                    when,
                    p.id,
                    f"rights ended {p.rights_end}",
                    f"droits échus le {p.rights_end}",
                )
            )
        runs[p.id] += 1
        days[p.id].append(a.day)
        rule = rules.ages.get(p.age_rating)
        if rule is not None:
            bad = bad_fr = ""
            if rule.never:
                bad, bad_fr = "never on this channel", "jamais sur cette chaîne"
            elif a.daypart in rule.not_in_dayparts:
                bad = f"not in {a.daypart} slots"
                bad_fr = f"interdit dans les cases {a.daypart}"
            elif rule.start is not None:
                until = rule.until or time(0, 0)
                if not _clock_in(a.start.time(), rule.start, until):
                    bad = f"starts {a.start:%H:%M}, allowed from {rule.start:%H:%M}"
                    bad_fr = f"commence à {a.start:%H:%M}, permis à partir de {rule.start:%H:%M}"
                elif rule.until is not None and not (
                    _clock_in(end.time(), rule.start, until) or end.time() == until
                ):
                    bad = f"ends {end:%H:%M}, allowed until {until:%H:%M}"
                    bad_fr = f"finit à {end:%H:%M}, permis jusqu'à {until:%H:%M}"
            if bad:
                findings.append(Finding(f"age-{p.age_rating}", when, p.id, bad, bad_fr))
        if (
            p.kind == "film"
            and rules.saturday_from is not None
            and a.start.weekday() == 5
            and a.start.time() >= rules.saturday_from
        ):
            allowed = ("financed" in rules.saturday_allowed and p.financed) or (
                "art_house" in rules.saturday_allowed and p.art_house
            )
            if not allowed:
                findings.append(
                    Finding(
                        "cinema-saturday",
                        when,
                        p.id,
                        "neither financed by the channel nor art-house",
                        "ni financé par la chaîne ni art et essai",
                    )
                )
    for pid, n in runs.items():
        if n > by_id[pid].runs:
            findings.append(
                Finding(
                    "runs",
                    "",
                    pid,
                    f"{n} broadcasts, {by_id[pid].runs} run(s) left",
                    f"{n} diffusions, {by_id[pid].runs} restante(s)",
                )
            )
    for pid, ds in days.items():
        ds = sorted(ds)
        for a_day, b_day in itertools.pairwise(ds):
            if (b_day - a_day).days < rules.min_days_between:
                findings.append(
                    Finding(
                        "repeats",
                        str(b_day),
                        pid,
                        f"again after {(b_day - a_day).days} day(s), "
                        f"{rules.min_days_between} required",
                        f"rediffusé après {(b_day - a_day).days} jour(s), "
                        f"{rules.min_days_between} exigé(s)",
                    )
                )
    findings += _advertising(airings, by_id, rules)
    quotas = []
    for q in rules.quotas:
        num = den = 0.0
        for a in airings:
            p = by_id.get(a.programme)
            if p is None or p.kind != q.works:
                continue
            if q.peak and not _peak(rules, q.peak, a.start):
                continue
            w = p.duration if q.measure == "minutes" else 1
            den += w
            num += w if getattr(p, q.flag) else 0
        ok = den == 0 or num * 1000 >= round(q.share * 1000) * den - 1e-9
        basis = f"{int(den)} {'minutes' if q.measure == 'minutes' else 'broadcasts'}"
        achieved = num / den if den else 0.0
        got = round(achieved, 4) if den else None
        margin = round(achieved - q.share, 4) if den else None
        quotas.append(QuotaLine(q.id, q.share, got, margin, ok, basis, q.source))
        if not ok:
            findings.append(
                Finding(
                    q.id,
                    "",
                    "",
                    f"{achieved:.1%} of {basis}, {q.share:.0%} required",
                    f"{achieved:.1%} sur {basis.replace('broadcasts', 'diffusions')}, "
                    f"{q.share:.0%} exigé",
                )
            )
    return findings, quotas
