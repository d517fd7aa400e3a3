"""The programme grid: rules and catalogue readers, the independent checker (each rule broken on
purpose), the planner (never a grid the checker refuses; quotas the greedy misses are kept;
conflicting rules named), XMLTV, and the command line."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from imagia.broadcast import gridcheck, gridplan, gridrules, gridsynth, programmes, xmltv
from imagia.broadcast.gridcheck import Airing
from imagia.broadcast.programmes import Programme
from imagia.core.errors import BadFile

RULES = gridrules.load_rules()
TEMPLATE = gridrules.load_template()
MONDAY = date(2027, 1, 4)


# --- readers -------------------------------------------------------------------------------


def test_default_rules_carry_their_sources() -> None:
    assert {q.id for q in RULES.quotas} >= {"european-audiovisual", "eof-films"}
    assert all(q.source for q in RULES.quotas)
    assert RULES.ages["-12"].start == datetime(2000, 1, 1, 22, 0).time()
    assert RULES.ages["-18"].never and RULES.cinema_source.startswith("Décret n° 2020-984")


def test_bad_rules_and_slots_are_named(tmp_path: Path) -> None:
    p = tmp_path / "rules.yaml"
    p.write_text(
        "schema: GridRules.1\nquotas:\n  - {id: q, works: audiovisual, flag: eof, share: 1.4}\n"
    )
    with pytest.raises(BadFile, match=r"quotas\[0\] \(q\): share"):
        gridrules.load_rules(p)
    p.write_text("schema: Other.1\n")
    with pytest.raises(BadFile, match="not a GridRules.1 file"):
        gridrules.load_rules(p)
    s = tmp_path / "slots.yaml"
    s.write_text("schema: GridSlots.1\nslots:\n  - {start: '25h', minutes: 60}\n")
    with pytest.raises(BadFile, match=r"slots\[0\]: expected a time"):
        gridrules.load_template(s)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("a,A,52,series,audiovisual,oui,,-13,,,,,1,0.5", ["row 2", "age_rating"]),
        ("a,A,52,series,audiovisual,oui,,TP,,,2027-02-30,,1,0.5", ["row 2", "rights_start"]),
        ("a,A,fifty,series,audiovisual,oui,,TP,,,,,1,0.5", ["row 2", "duration"]),
        ("a,A,52,series,sitcom,oui,,TP,,,,,1,0.5", ["row 2", "kind", "sitcom"]),
    ],
)
def test_programme_catalogue_names_the_row(tmp_path: Path, row: str, words: list[str]) -> None:
    p = tmp_path / "programmes.csv"
    header = (
        "id,title,duration,genre,kind,eof,european,age_rating,financed,art_house,"
        "rights_start,rights_end,runs,appeal"
    )
    p.write_text(header + "\n" + row + "\n")
    with pytest.raises(BadFile) as e:
        programmes.read(p)
    assert str(p) in str(e.value) and all(w in str(e.value) for w in words)
    p.write_text("id,title\nx,y\n")
    with pytest.raises(BadFile, match="missing column"):
        programmes.read(p)


def test_catalogue_round_trips_through_csv(tmp_path: Path) -> None:
    progs = gridsynth.catalogue(50, MONDAY, 7, seed=3)
    p = tmp_path / "p.csv"
    p.write_text(programmes.to_csv(progs))
    assert programmes.read(p) == progs


# --- the independent checker: each rule broken on purpose ---------------------------------------


def _prog(**kw: object) -> Programme:
    base = {"id": "p", "title": "P", "duration": 52, "genre": "series", "kind": "audiovisual",
            "eof": True, "european": True, "runs": 3}  # fmt: skip
    base.update(kw)
    return Programme(**base)  # type: ignore[arg-type]


def _air(
    p: Programme, day: int, hh: int, mm: int = 0, minutes: int = 60, part: str = "prime"
) -> Airing:
    d = date(2027, 1, day)
    cal = d if hh >= 6 else date(2027, 1, day + 1)
    return Airing(d, datetime(cal.year, cal.month, cal.day, hh, mm), minutes, part, p.id)


@pytest.mark.parametrize(
    ("prog", "airings", "rule"),
    [
        (_prog(duration=70), [(4, 20)], "duration"),
        (_prog(rights_end=date(2027, 1, 3)), [(4, 20)], "rights-window"),
        (_prog(runs=1), [(4, 20), (7, 20)], "runs"),
        (_prog(), [(4, 20), (5, 20)], "repeats"),
        (_prog(age_rating="-12"), [(4, 21)], "age--12"),
        (_prog(age_rating="-16"), [(4, 22)], "age--16"),
        (_prog(age_rating="-18"), [(4, 0)], "age--18"),
        (_prog(age_rating="-10"), [(4, 7)], "age--10"),
        (_prog(kind="film", duration=100), [(9, 21)], "cinema-saturday"),  # 9 Jan 2027: Saturday
    ],
)
def test_checker_finds_each_broken_rule(
    prog: Programme, airings: list[tuple[int, int]], rule: str
) -> None:
    part = {7: "morning"}
    air = [
        _air(prog, d, h, minutes=120 if prog.duration > 60 else 60, part=part.get(h, "prime"))
        for d, h in airings
    ]
    if rule == "duration":
        air = [replace(a, slot_minutes=60) for a in air]
    findings, _q = gridcheck.check(air, [prog], RULES)
    assert rule in {f.rule for f in findings}, findings
    fixed = {"age--12": 23, "age--16": 23, "age--10": 9}
    if rule in fixed:  # the same programme at an allowed hour passes
        ok = [_air(prog, airings[0][0], fixed[rule], part="late")]
        assert not gridcheck.check(ok, [prog], RULES)[0]


def test_checker_counts_quotas_and_overlaps() -> None:
    fr = _prog(id="fr")
    us = _prog(id="us", eof=False, european=False)
    air = [_air(fr, 4, 9), _air(us, 4, 10), _air(us, 6, 10)]
    findings, quotas = gridcheck.check(air, [fr, us], RULES)
    by = {q.rule: q for q in quotas}
    assert by["eof-audiovisual"].achieved == pytest.approx(1 / 3, abs=1e-4)
    assert not by["eof-audiovisual"].ok and "eof-audiovisual" in {f.rule for f in findings}
    assert by["eof-films"].achieved is None and by["eof-films"].ok  # no film: nothing to count
    long = _prog(id="long", duration=58)
    clash = [_air(long, 4, 9), Airing(date(2027, 1, 4), datetime(2027, 1, 4, 9, 30), 60, "x", "fr")]
    assert "overlap" in {f.rule for f in gridcheck.check(clash, [long, fr], RULES)[0]}


# --- the planner ---------------------------------------------------------------------------------


def test_planner_keeps_every_rule_the_greedy_breaks() -> None:
    slots = gridrules.expand(TEMPLATE, RULES, MONDAY, 3)
    progs = gridsynth.catalogue(400, MONDAY, 3, seed=1)
    # few French films: the greedy, blind to quotas, fills prime time with the best films
    progs = [replace(p, eof=False) if p.kind == "film" and p.appeal > 0.3 else p for p in progs]
    greedy = gridplan.greedy(progs, slots, TEMPLATE, RULES)
    g_find, _ = gridcheck.check(gridplan.to_airings(greedy, slots, progs), progs, RULES)
    assert "eof-films" in {f.rule for f in g_find}
    hint = gridplan.repair(greedy, progs, slots, TEMPLATE, RULES)
    assert not gridcheck.check(gridplan.to_airings(hint, slots, progs), progs, RULES)[0]
    plan = gridplan.solve(progs, slots, TEMPLATE, RULES, time_limit=4, hint=hint)
    assert plan.status in ("optimal", "feasible") and len(plan.assign) == len(slots)
    findings, quotas = gridcheck.check(gridplan.to_airings(plan, slots, progs), progs, RULES)
    assert not findings and all(q.ok for q in quotas)
    assert plan.audience >= hint.audience - 1e-6
    assert plan.bound is not None and plan.bound >= plan.audience


def test_conflicting_rules_are_named(tmp_path: Path) -> None:
    slots = gridrules.expand(TEMPLATE, RULES, MONDAY, 1)
    progs = gridsynth.catalogue(300, MONDAY, 1, seed=2)
    strict = replace(
        RULES,
        quotas=tuple(replace(q, share=1.0) if q.id == "eof-films" else q for q in RULES.quotas),
    )
    # only films fill the two-hour slots, and none of them is French
    progs = [replace(p, eof=False) for p in progs if p.kind == "film" or p.duration <= 60]
    plan = gridplan.solve(progs, slots, TEMPLATE, strict, time_limit=8)
    assert plan.status == "infeasible" and not plan.assign
    assert "eof-films" in plan.conflicts and len(plan.conflicts) <= 3


def test_xmltv_lists_every_airing_with_paris_time() -> None:
    july = date(2027, 7, 5)
    slots = gridrules.expand(TEMPLATE, RULES, july, 1)
    progs = gridsynth.catalogue(300, july, 1, seed=4)
    plan = gridplan.greedy(progs, slots, TEMPLATE, RULES)
    doc = xmltv.write(gridplan.to_airings(plan, slots, progs), progs, "Chaîne test")
    root = ET.fromstring(doc.split("\n", 2)[2])
    shows = root.findall("programme")
    assert len(shows) == len(plan.assign) and root.find("channel").get("id") == "chainetest.imagia"  # type: ignore[union-attr]
    assert shows[0].get("start", "").endswith(" +0200")  # summer time in July
    assert all(s.find("title") is not None for s in shows)


# --- the command line ----------------------------------------------------------------------------


def test_cli_plans_a_grid_from_a_catalogue_and_refuses_a_bad_one(tmp_path: Path) -> None:
    progs = gridsynth.catalogue(300, MONDAY, 2, seed=5)
    cat = tmp_path / "programmes.csv"
    cat.write_text(programmes.to_csv(progs))
    ws = tmp_path / "ws"
    run = [sys.executable, "-m", "imagia", "grid", "plan"]
    r = subprocess.run([*run, str(cat), "--days", "2", "--time-limit", "5", "-w", str(ws),
                        "--lang", "en"], capture_output=True, text=True, timeout=180)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "eof-films" in r.stdout and "32 slots" in r.stdout and "audience model:" in r.stdout
    xml = next(ws.glob("outputs/*/grid.xmltv.xml"))
    assert len(ET.fromstring(xml.read_text().split("\n", 2)[2]).findall("programme")) == 32
    bad = tmp_path / "bad.csv"
    bad.write_text(programmes.to_csv(progs).replace(",TP,", ",PG,", 1))
    r = subprocess.run([*run, str(bad), "--days", "2", "-w", str(ws)],
                       capture_output=True, text=True, timeout=180)  # fmt: skip
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    assert str(bad) in r.stderr and "age_rating" in r.stderr


# --- advertising and the films' peak hours ------------------------------------------------------


def test_checker_names_advertising_over_the_clock_hour_and_interruptions() -> None:
    short = _prog(id="short", duration=40)  # 20 free minutes: all advertising
    findings, _q = gridcheck.check([_air(short, 4, 18)], [short], RULES)
    hour = [f for f in findings if f.rule == "ad-minutes-hour"]
    assert hour and "20.0 min" in hour[0].detail and hour[0].when == "2027-01-04 18:00"
    # the same 20 minutes split by a break inside the programme fall in two clock hours
    film = _prog(id="film", kind="film", duration=100)
    split = replace(_air(film, 4, 21, minutes=120), breaks=1, reserve=0)
    found = {f.rule for f in gridcheck.check([split], [film], RULES)[0]}
    assert "ad-minutes-hour" not in found and "ad-interruptions" not in found
    two = replace(split, breaks=2)  # art. 73: one interruption only
    assert "ad-interruptions" in {f.rule for f in gridcheck.check([two], [film], RULES)[0]}
    # an eight-minute break every hour of a day breaks a two-minute daily average
    strict = replace(RULES, ads=replace(RULES.ads, daily_average=2.0))
    day = [_air(_prog(id=f"s{h}"), 4, h) for h in range(8, 20)]
    progs = [_prog(id=f"s{h}") for h in range(8, 20)]
    assert "ad-minutes-average" in {f.rule for f in gridcheck.check(day, progs, strict)[0]}
    assert "ad-minutes-average" not in {f.rule for f in gridcheck.check(day, progs, RULES)[0]}


def test_films_peak_quota_is_its_own_rule() -> None:
    fr = [_prog(id=f"fr{d}", kind="film", duration=100) for d in (4, 5)]
    us = _prog(id="us", kind="film", duration=100, eof=False, european=False)
    air = [_air(fr[0], 4, 13, minutes=120), _air(fr[1], 5, 13, minutes=120)]
    air.append(_air(us, 6, 21, minutes=120))  # the only film at 20:30-22:30
    findings, quotas = gridcheck.check(air, [*fr, us], RULES)
    by = {q.rule: q for q in quotas}
    assert by["eof-films"].ok and by["eof-films"].achieved == pytest.approx(2 / 3, abs=1e-4)
    assert not by["eof-films-peak"].ok and by["eof-films-peak"].basis == "1 broadcasts"
    assert {"eof-films-peak", "european-films-peak"} <= {f.rule for f in findings}
    assert "eof-films" not in {f.rule for f in findings}


def test_planner_keeps_the_clock_hour_across_slots_and_names_it() -> None:
    half = gridrules.Template(
        (
            gridrules.SlotSpec(clock(21, 0), 30, "prime"),
            gridrules.SlotSpec(clock(21, 30), 30, "prime"),
        ),
        slack=15,
    )
    rules = replace(RULES, ads=replace(RULES.ads, daily_average=None))
    slots = gridrules.expand(half, rules, MONDAY, 1)
    # 20-minute programmes leave 10 minutes of advertising each: twice that is 20 in 21:00-22:00
    progs = [_prog(id=f"s{i}", duration=20, appeal=0.9) for i in range(2)]
    progs += [_prog(id=f"l{i}", duration=28, appeal=0.2) for i in range(2)]
    greedy = gridplan.greedy(progs, slots, half, rules)
    g_find = gridcheck.check(gridplan.to_airings(greedy, slots, progs), progs, rules)[0]
    assert "ad-minutes-hour" in {f.rule for f in g_find}  # each slot alone is fine
    plan = gridplan.solve(progs, slots, half, rules, time_limit=5)
    assert plan.status == "optimal" and len(plan.assign) == 2
    assert not gridcheck.check(gridplan.to_airings(plan, slots, progs), progs, rules)[0]
    assert sorted(progs[k].id[0] for k in plan.assign.values()) == ["l", "s"]
    only_short = [_prog(id=f"s{i}", duration=20) for i in range(3)]
    bad = gridplan.solve(only_short, slots, half, rules, time_limit=5)
    assert bad.status == "infeasible" and "ad-minutes-hour" in bad.conflicts


def test_pdf_grid_in_french_and_english() -> None:
    import io

    import pdfplumber

    from imagia.broadcast import gridexport

    slots = gridrules.expand(TEMPLATE, RULES, MONDAY, 1)
    progs = gridsynth.catalogue(200, MONDAY, 1, seed=6)
    plan = gridplan.greedy(progs, slots, TEMPLATE, RULES)
    rows = [
        {"week": "2027-W01", "day": slots[si].day.isoformat(), "slot": f"{slots[si].start:%H:%M}",
         "start": slots[si].start.isoformat(), "programme": p.id, "title": p.title,
         "genre": p.genre, "eof": p.eof, "european": p.european, "age_rating": p.age_rating}
        for si, p in ((si, progs[k]) for si, k in plan.assign.items())
    ]  # fmt: skip
    _f, quotas = gridcheck.check(gridplan.to_airings(plan, slots, progs), progs, RULES)
    qrows = [
        {**q.__dict__, "label_fr": gridcheck.RULE_WORDS[q.rule][0],
         "label_en": gridcheck.RULE_WORDS[q.rule][1]} for q in quotas
    ]  # fmt: skip
    text = {}
    for lang in ("fr", "en"):
        data = gridexport.pdf(rows, qrows, "Chaîne test", lang, (f"note {lang}",))
        with pdfplumber.open(io.BytesIO(data)) as doc:
            text[lang] = "\n".join(page.extract_text() for page in doc.pages)
    assert "lundi 04/01" in text["fr"]
    assert "Monday 04/01" in text["en"] and "lundi" not in text["en"]
    assert (
        "films EOF aux heures de grande" in text["fr"] and "EOF films at peak hours" in text["en"]
    )
    first = progs[plan.assign[0]].title
    assert first in text["fr"] and first in text["en"] and "note fr" in text["fr"]


def test_cli_speaks_french_when_the_user_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from imagia.cli import app

    cat = tmp_path / "programmes.csv"
    cat.write_text(programmes.to_csv(gridsynth.catalogue(300, MONDAY, 1, seed=5)))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    ws = str(tmp_path / "ws")
    args = ["grid", "plan", str(cat), "--days", "1", "--method", "greedy", "-w", ws]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "16 cases à partir du 2027-01-04" in r.output and "films EOF" in r.output
    assert "modèle d'audience : modèle fictif" in r.output and "slots from" not in r.output
