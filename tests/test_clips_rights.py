"""Rights rules (pure cases), register import from YAML and CSV, and bad registers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.clips import register as regmod
from imagia.clips.model import Moment, Use
from imagia.clips.read_csv import read_csv
from imagia.clips.read_yaml import read_yaml
from imagia.clips.rights import check
from imagia.clips.view import register_rows
from imagia.core.errors import BadFile
from imagia.core.workspace import Workspace

REGISTER = """schema: RightsRegister.1
titles:
  - title: Les Nuits
    match: nuits.mp4
    fps: 25
    grants:
      - id: ww-social
        territories: [WW]
        exclude: [US, CA]
        channels: [social, press, tv, avod]
        start: 2026-01-01
        end: 2027-12-31
        max_seconds: 90
        formats: {social: 60, press: 120}
        holdbacks:
          - {channels: [avod], territories: [FR], until: 2026-09-01}
    music:
      - {name: Song X, start: "00:01:10", end: "00:01:40", cleared: [tv]}
    people:
      - {name: Jane Doe, channels: [social]}
    archive:
      - {name: INA 1968, start: "00:02:00:00", end: "00:02:10:12", cleared: [tv, press]}
  - title: Rushes day 2
    match: "*/day2/*.mov"
    grants:
      - {id: fr-tv, territories: FR BE, channels: tv}
"""

CSV = (
    (
        "type,title,match,fps,grant,territories,exclude,channels,max_seconds,start,end,until,"
        "name,cleared\n"
    )
    + """title,Les Nuits,nuits.mp4,25,,,,,,,,,,
grant,Les Nuits,,,ww-social,WW,US;CA,social press tv avod,90,2026-01-01,2027-12-31,,,
format,Les Nuits,,,ww-social,,,social,60,,,,,
format,Les Nuits,,,ww-social,,,press,120,,,,,
holdback,Les Nuits,,,ww-social,FR,,avod,,,,2026-09-01,,
music,Les Nuits,,,,,,,,00:01:10,00:01:40,,Song X,tv
person,Les Nuits,,,,,,social,,,,,Jane Doe,
archive,Les Nuits,,,,,,,,00:02:00:00,00:02:10:12,,INA 1968,tv press
title,Rushes day 2,*/day2/*.mov,,,,,,,,,,,
grant,Rushes day 2,,,fr-tv,FR BE,,tv,,,,,,
"""
)

DAY = date(2026, 11, 26)


@pytest.fixture
def reg_file(tmp_path: Path) -> Path:
    p = tmp_path / "rights.yaml"
    p.write_text(REGISTER, encoding="utf-8")
    return p


def _m(
    start: float = 10.0,
    end: float | None = 40.0,
    people: tuple[str, ...] = (),
    asset: str = "nuits.mp4",
    path: str = "/media/nuits.mp4",
) -> Moment:
    return Moment(asset, path, start, end, Fraction(25), people=people)


def _codes(d: object) -> list[str]:
    return [r.code for r in d.reasons]  # type: ignore[attr-defined]


def test_worldwide_minus_exclusions(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    d = check(_m(), Use("FR", "social", DAY), reg)
    assert d.allowed and d.grant is not None and d.grant.id == "ww-social" and not d.reasons
    assert check(_m(), Use("JP", "social", DAY), reg).allowed
    us = check(_m(), Use("US", "social", DAY), reg)
    assert not us.allowed and _codes(us) == ["territory"]
    assert "territory US excluded" in us.reasons[0].en
    assert "territoire US exclu" in us.reasons[0].fr


def test_window_before_and_after(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    before = check(_m(), Use("FR", "social", date(2025, 12, 31)), reg)
    after = check(_m(), Use("FR", "social", date(2028, 1, 1)), reg)
    assert _codes(before) == ["window"] and "before the rights window" in before.reasons[0].en
    assert _codes(after) == ["window"] and "après la fenêtre" in after.reasons[0].fr
    assert "after the rights window (closed 2027-12-31)" in after.reasons[0].en
    assert check(_m(), Use("FR", "social", date(2027, 12, 31)), reg).allowed  # last day


def test_holdback_only_in_its_territory_and_until_its_date(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    held = check(_m(), Use("FR", "avod", date(2026, 8, 31)), reg)
    assert _codes(held) == ["holdback"]
    assert "no avod in FR before 2026-09-01" in held.reasons[0].en
    assert check(_m(), Use("BE", "avod", date(2026, 8, 31)), reg).allowed
    assert check(_m(), Use("FR", "avod", date(2026, 9, 1)), reg).allowed


def test_music_cue_overlap_social_vs_tv(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    over = _m(65.0, 75.0)
    social = check(over, Use("FR", "social", DAY), reg)
    assert not social.allowed and _codes(social) == ["music"]
    assert social.reasons[0].en == (
        "music cue 'Song X' 00:01:10:00-00:01:40:00 not cleared for social"
    )
    assert "musique « Song X »" in social.reasons[0].fr
    assert check(over, Use("FR", "tv", DAY), reg).allowed
    assert check(_m(40.0, 70.0), Use("FR", "social", DAY), reg).allowed  # ends as the cue starts


def test_restricted_person_and_archive_range(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    seen = _m(people=("jane doe", "Someone Else"))
    d = check(seen, Use("FR", "social", DAY), reg)
    assert _codes(d) == ["person"] and "Jane Doe" in d.reasons[0].en
    assert check(seen, Use("FR", "press", DAY), reg).allowed
    archive = _m(125.0, 130.0)
    d = check(archive, Use("FR", "social", DAY), reg)
    assert _codes(d) == ["archive"]
    assert "00:02:00:00-00:02:10:12" in d.reasons[0].en
    assert check(archive, Use("FR", "press", DAY), reg).allowed


def test_max_duration_per_channel_and_every_reason(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    assert check(_m(131.0, 231.0), Use("FR", "press", DAY), reg).allowed  # press: 120 s
    d = check(_m(0.0, 61.0), Use("FR", "social", DAY), reg)
    assert _codes(d) == ["duration"] and "61.0 s longer than the 60 s" in d.reasons[0].en
    assert check(_m(0.0, 91.0), Use("FR", "tv", DAY), reg).reasons[0].code == "duration"
    many = check(_m(60.0, 140.0, people=("Jane Doe",)), Use("US", "social", date(2030, 1, 1)), reg)
    assert set(_codes(many)) == {"territory", "window", "duration", "music", "archive", "person"}


def test_title_matching_and_unknown_asset(reg_file: Path) -> None:
    reg = read_yaml(reg_file)
    day2 = _m(asset="A001.mov", path="/prod/day2/A001.mov")
    assert check(day2, Use("BE", "tv", DAY), reg).allowed
    d = check(day2, Use("FR", "social", DAY), reg)
    assert _codes(d) == ["channel"] and "channel social not granted" in d.reasons[0].en
    d = check(_m(asset="other.mp4", path="/x/other.mp4"), Use("FR", "tv", DAY), reg)
    assert _codes(d) == ["no-title"] and "aucun droit" in d.reasons[0].fr


def test_csv_and_yaml_give_the_same_register(reg_file: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "rights.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    assert read_csv(csv_file).titles == read_yaml(reg_file).titles
    semi = tmp_path / "semi.csv"
    semi.write_text(CSV.replace(",", ";").replace("US;CA", "US CA"), encoding="utf-8")
    assert read_csv(semi).titles == read_yaml(reg_file).titles


def test_import_list_and_round_trip(reg_file: Path, ws: Workspace, tmp_path: Path) -> None:
    reg = regmod.import_file(ws, reg_file)
    stored = regmod.register_path(ws)
    assert stored == ws.root / "rights" / "register.yaml" and stored.is_file()
    assert "RightsRegister.1" in stored.read_text(encoding="utf-8")
    again = regmod.load(ws)
    assert again is not None and again.titles == reg.titles
    assert reg_file.read_text(encoding="utf-8") == REGISTER  # input untouched
    rows = register_rows(ws)
    assert [r["kind"] for r in rows] == ["grant", "music", "archive", "person", "grant"]
    assert rows[0]["territories"] == "WW minus US CA"
    other = tmp_path / "more.yaml"
    other.write_text(
        "titles:\n  - title: Extra\n    match: extra.mov\n    grants:\n"
        "      - {territories: [FR], channels: [tv]}\n",
        encoding="utf-8",
    )
    merged = regmod.import_file(ws, other, merge=True)
    assert [t.title for t in merged.titles] == ["Les Nuits", "Rushes day 2", "Extra"]
    assert len(merged.imported) == 2 and merged.titles[2].grants[0].id == "grant-1"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("exclude: [US, CA]", "exclude: [USA]", "line 9, field titles[0].grants[0].exclude: 'USA'"),
        (
            "channels: [social, press, tv, avod]",
            "channels: [social, radio]",
            "line 10, field titles[0].grants[0].channels: unknown channel 'radio'",
        ),
        ("end: 2027-12-31", "end: 2027-13-31", "line 12, field titles[0].grants[0].end"),
        ("end: 2027-12-31", "end: 2025-12-31", "ends (2025-12-31) before it starts"),
        ('end: "00:01:40"', 'end: "00:01:05"', "music[0].end: the end must come after the start"),
        ("match: nuits.mp4", "matchs: nuits.mp4", "line 4, field titles[0].matchs: unknown field"),
        ("    fps: 25\n", "    fps: fast\n", "line 5, field titles[0].fps"),
        (
            "{channels: [avod], territories: [FR], until: 2026-09-01}",
            "{channels: [avod], territories: [FR]}",
            "holdbacks[0].until: 'until' is missing",
        ),
        (
            "schema: RightsRegister.1",
            "schema: RightsRegister.9",
            "this imagia reads RightsRegister.1",
        ),
        ("  - title: Rushes day 2", "  - title: Les Nuits", "title 'Les Nuits' is listed twice"),
        ("    music:\n", "    music: [\n", "not valid YAML"),
    ],
)
def test_bad_yaml_register_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in REGISTER
    bad = tmp_path / "bad.yaml"
    bad.write_text(REGISTER.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BadFile) as err:
        read_yaml(bad)
    assert str(bad) in str(err.value) and expected in str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("WW,US;CA", "WW,USA", "line 3, column 'exclude': 'USA' is not an ISO 3166"),
        (
            "holdback,Les Nuits,,,ww-social",
            "holdback,Les Nuits,,,nope",
            "line 6, column 'grant': no grant row 'nope'",
        ),
        ("music,Les Nuits", "musik,Les Nuits", "line 7, column 'type': unknown row type 'musik'"),
        (
            "person,Les Nuits,,,,,,social,,,,,Jane Doe,",
            "person,Les Nuits,,,,,,social,,,,2026-01-01,Jane Doe,",
            "line 8, column 'until': not used on a person row",
        ),
        ("00:01:10,00:01:40", "00:01:10,1m40", "line 7, column 'end': '1m40' is not a time"),
        ("grant,Rushes day 2", "grant,Rushes day 3", "line 11, column 'title': no title row"),
        (
            "format,Les Nuits,,,ww-social,,,social,60",
            "format,Les Nuits,,,ww-social,,,social,-5",
            "line 4, column 'max_seconds': '-5': a duration must be positive",
        ),
    ],
)
def test_bad_csv_register_names_file_line_and_column(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in CSV
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BadFile) as err:
        read_csv(bad)
    assert str(bad) in str(err.value) and expected in str(err.value)


def test_bad_register_import_leaves_the_stored_one(
    reg_file: Path, ws: Workspace, tmp_path: Path
) -> None:
    regmod.import_file(ws, reg_file)
    before = regmod.register_path(ws).read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text("titles: []\n", encoding="utf-8")
    with pytest.raises(BadFile, match="lists no title"):
        regmod.import_file(ws, bad)
    assert regmod.register_path(ws).read_bytes() == before
