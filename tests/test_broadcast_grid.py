"""The programme grid: rules and catalogue readers, the independent checker (each rule broken on
purpose), the planner (never a grid the checker refuses; quotas the greedy misses are kept;
conflicting rules named), XMLTV, and the command line."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
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
    r = subprocess.run([*run, str(cat), "--days", "2", "--time-limit", "5", "-w", str(ws)],
                       capture_output=True, text=True, timeout=180)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "eof-films" in r.stdout and "32 slots" in r.stdout
    xml = next(ws.glob("outputs/*/grid.xmltv.xml"))
    assert len(ET.fromstring(xml.read_text().split("\n", 2)[2]).findall("programme")) == 32
    bad = tmp_path / "bad.csv"
    bad.write_text(programmes.to_csv(progs).replace(",TP,", ",PG,", 1))
    r = subprocess.run([*run, str(bad), "--days", "2", "-w", str(ws)],
                       capture_output=True, text=True, timeout=180)  # fmt: skip
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    assert str(bad) in r.stderr and "age_rating" in r.stderr
