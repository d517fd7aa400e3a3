"""Readers of users' files: each parses its file or raises an ImagiaError naming the file and
what is wrong, in bounded time (issue 15: finance, schedule and games readers).

One test per crash class the fuzzing probe found, parametrized by reader, then one
hypothesis fuzz test per reader (random byte mutations and truncations of a valid sample).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagia.clips.read_csv import read_csv as read_rights_csv
from imagia.clips.read_yaml import read_yaml as read_rights_yaml
from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.textfile import load_json, load_yaml, read_text
from imagia.finance import contracts
from imagia.finance.drafts import draft
from imagia.finance.lines import load_mapping
from imagia.finance.work import load as load_work
from imagia.games.jobs import read_truth
from imagia.games.schema import iter_lines, read_events
from imagia.games.store import read_parquet
from imagia.games.support import load_kb
from imagia.games.support_kb import EVENTS_HTML, FAQ_FR
from imagia.schedule import budget as bmod
from imagia.schedule.jobs import read_schedule
from imagia.schedule.scenes import load_constraints, read_scenes
from imagia.schedule.talent import read_instance
from imagia.speech.speakers import rttm
from tests.finance_util import MAPPING, SMALL, write_work

EXAMPLES = Path(__file__).parent.parent / "src" / "imagia" / "schedule" / "examples"
SLOW = 2.0  # seconds of CPU (the machine is shared): what "a hang" means for small inputs

# --------------------------------------------------------------------------- valid samples


@cache
def _scene_rows() -> list[dict[str, Any]]:
    return [s.to_dict() for s in read_scenes(EXAMPLES / "scenes.csv")]


@cache
def _schedule_doc() -> dict[str, Any]:
    from tests.test_schedule_budget import _doc

    doc: dict[str, Any] = json.loads(json.dumps(_doc(), default=str))
    return doc


@cache
def _sim() -> Any:
    from imagia.games.simulate import SimOptions, simulate

    return simulate(SimOptions(players=12, days=2, seed=3))


def _events_text() -> str:
    return "\n".join(list(iter_lines(_sim().events, {"seed": 3}))[:30]) + "\n"


def _truth_text() -> str:
    truth = _sim().truth()
    truth["players"] = truth["players"][:4]
    return json.dumps(truth, default=str)


@cache
def _parquet_bytes() -> bytes:
    import tempfile

    from imagia.games.store import write_parquet

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "events.jsonl"
        src.write_text(_events_text(), encoding="utf-8")
        return write_parquet(src, Path(tmp) / "events.parquet").read_bytes()


RIGHTS_CSV = (
    "type,title,match,fps,grant,territories,exclude,channels,max_seconds,start,end,until,"
    "name,cleared\n"
    "title,Les Nuits,nuits.mp4,25,,,,,,,,,,\n"
    "grant,Les Nuits,,,ww,WW,US,social tv,90,2026-01-01,2027-12-31,,,\n"
    "format,Les Nuits,,,ww,,,social,60,,,,,\n"
)
RIGHTS_YAML = """schema: RightsRegister.1
titles:
  - title: Les Nuits
    match: nuits.mp4
    fps: 25
    grants:
      - id: ww
        territories: [WW]
        exclude: [US]
        channels: [social, tv]
        start: 2026-01-01
        end: 2027-12-31
        max_seconds: 90
        formats: {social: 60}
        holdbacks:
          - {channels: [tv], territories: [FR], until: 2026-09-01}
    music:
      - {name: Song X, start: "00:01:10", end: "00:01:40", cleared: [tv]}
"""
TALENT_TEXT = "x\n4\n2\n1 1 0 1 5\n0 1 1 1 3\n1 2 1 1\n"
TALENT_DZN = (
    "numScenes = 3;\nnumActors = 2;\nia = array2d(1..2, 1..3, [1,0,1, 0,1,1]);\n"
    "c = [4, 2];\nd = [1, 2, 1];\n"
)


# --------------------------------------------------------------------------- the readers

Reader = Callable[[Path, bytes], Any]


def _file(name: str, read: Callable[[Path], Any]) -> Reader:
    """A reader of one file named ``name`` written in a folder of its own."""

    def run(folder: Path, data: bytes) -> Any:
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / name
        p.write_bytes(data)
        return read(p)

    return run


def _in_work(rel: str) -> Reader:
    """A file of a finance work folder (the rest of it valid), read through ``work.load``."""

    def run(folder: Path, data: bytes) -> Any:
        if not (folder / "contracts.yaml").exists():
            write_work(folder)
        (folder / rel).write_bytes(data)
        return load_work(folder)

    return run


def _constraints(p: Path) -> Any:
    from imagia.schedule.scenes import scenes_from_rows

    return load_constraints(p, scenes_from_rows(_scene_rows()))


def _ratecard(p: Path) -> Any:
    """Read and used as the budget job does: a figure's BadValue becomes a BadFile naming it."""
    card = bmod.read_ratecard(p)
    try:
        return bmod.topsheet(_schedule_doc(), card)
    except BadValue as exc:
        raise BadFile(p, exc.message, hint=exc.hint) from None


def _timeline(fmt: str) -> bytes:
    from fractions import Fraction

    from imagia.timeline import edl, fcpxml
    from imagia.timeline.model import Event, Source, Timeline

    src = Source("été.mp4", "/media/été.mp4", duration=250)
    tl = Timeline(
        "démo",
        Fraction(25),
        [Event(src, 0, 50, 0, 50), Event(src, 100, 160, 50, 110, "plan", 5, "dissolve", 10)],
        size=(1920, 1080),
        notes=["made by a test"],
    )
    return (edl.to_string(tl) if fmt == "edl" else fcpxml.to_string(tl)).encode()


def _timeline_reader(p: Path) -> Any:
    from imagia.timeline import edl, fcpxml

    return edl.read(p) if p.suffix == ".edl" else fcpxml.read(p)


CATALOGUE_CSV = (
    "id,title,genres,year,eof,european,age_rating\n"
    "1,Les Nuits,Drama|Crime,2021,oui,oui,-12\n2,Far Away,Comedy,1999,non,non,TP\n"
)
INTER_CSV = "user,item,rating,time\nu1,a,4,881250949\nu2,b,3,2024-01-02\n"
PROGRAMMES_CSV = (
    "id,title,duration,genre,kind,eof,european,age_rating,financed,art_house,rights_start,"
    "rights_end,runs,appeal\n"
    "P1,Les Nuits,104,film,film,yes,yes,-12,no,yes,2026-01-01,2028-01-01,2,0.7\n"
    "P2,Episode 1,52,series,audiovisual,no,yes,TP,no,no,,,3,0.4\n"
)

RTTM_TEXT = (
    ";; speaker turns\nSPEAKER film 1 0.500 1.750 <NA> <NA> Claire <NA> <NA>\n"
    "SPEAKER film 1 2.750 1.250 <NA> <NA> S2 <NA> <NA>\n"
)


def _broadcast(kind: str) -> Callable[[Path], Any]:
    def read(p: Path) -> Any:
        from imagia.broadcast import gridrules, interactions, items, programmes

        return {
            "items": items.read,
            "interactions": interactions.read,
            "programmes": programmes.read,
            "rules": gridrules.load_rules,
            "slots": gridrules.load_template,
        }[kind](p)

    return read


def _grid_file(name: str) -> Callable[[], bytes]:
    from imagia.broadcast.gridrules import DATA

    return lambda: (DATA / name).read_bytes()


def _tiled(p: Path) -> Any:
    from imagia.gamedev import tiled

    return tiled.read(p)


def _tiled_sample() -> bytes:
    from imagia.gamedev import tiled
    from imagia.gamedev.tiles import Level

    level = Level(("........", ".S..E.X.", "###..###", "########"))
    return json.dumps(tiled.to_json(level), separators=(",", ":")).encode()


READERS: dict[str, tuple[Reader, Callable[[], bytes]]] = {
    "contract": (
        _file("contracts.yaml", contracts.load),
        lambda: yaml.safe_dump(SMALL, allow_unicode=True).encode(),
    ),
    "contract-json": (
        _file("contracts.json", contracts.load),
        lambda: json.dumps(SMALL).encode(),
    ),
    "mapping": (_file("dist.yaml", load_mapping), lambda: yaml.safe_dump(MAPPING).encode()),
    "received": (
        _in_work("received.yaml"),
        lambda: (
            b"schema: Received.1\nstatements:\n- {file: statements/dist-2025-H1.csv, "
            b"mapping: mappings/dist.yaml, period: 2025-H1}\n"
        ),
    ),
    "statement": (
        _in_work("statements/dist-2025-H1.csv"),
        lambda: b"Date,Label,Kind,Amount\n2025-02-10,a,receipt,50000.00\n2025-03-10,b,expense,10\n",
    ),
    "scenes-csv": (
        _file("scenes.csv", read_scenes),
        lambda: (EXAMPLES / "scenes.csv").read_bytes(),
    ),
    "scenes-json": (
        _file("scenes.json", read_scenes),
        lambda: json.dumps({"scenes": _scene_rows()[:6]}).encode(),
    ),
    "constraints": (
        _file("constraints.yaml", _constraints),
        lambda: (EXAMPLES / "constraints.yaml").read_bytes(),
    ),
    "ratecard": (
        _file("ratecard.yaml", _ratecard),
        lambda: (EXAMPLES / "ratecard.yaml").read_bytes(),
    ),
    "schedule": (
        _file("s.schedule.json", read_schedule),
        lambda: json.dumps(_schedule_doc()).encode(),
    ),
    "talent": (_file("talent.txt", read_instance), TALENT_TEXT.encode),
    "talent-dzn": (_file("talent.dzn", read_instance), TALENT_DZN.encode),
    "events": (_file("events.jsonl", read_events), lambda: _events_text().encode()),
    "truth": (_file("truth.json", read_truth), lambda: _truth_text().encode()),
    "rights-csv": (_file("rights.csv", read_rights_csv), RIGHTS_CSV.encode),
    "rights-yaml": (_file("rights.yaml", read_rights_yaml), RIGHTS_YAML.encode),
    "support-md": (_file("faq.md", lambda p: load_kb([p])), FAQ_FR.encode),
    "support-html": (_file("events.html", lambda p: load_kb([p])), EVENTS_HTML.encode),
    "edl": (_file("cuts.edl", _timeline_reader), lambda: _timeline("edl")),
    "fcpxml": (_file("cuts.fcpxml", _timeline_reader), lambda: _timeline("fcpxml")),
    "parquet": (_file("events.parquet", read_parquet), lambda: _parquet_bytes()),
    "catalogue": (_file("catalogue.csv", _broadcast("items")), CATALOGUE_CSV.encode),
    "interactions": (_file("interactions.csv", _broadcast("interactions")), INTER_CSV.encode),
    "programmes": (_file("programmes.csv", _broadcast("programmes")), PROGRAMMES_CSV.encode),
    "grid-rules": (_file("rules.yaml", _broadcast("rules")), _grid_file("grid-rules.yaml")),
    "grid-slots": (_file("slots.yaml", _broadcast("slots")), _grid_file("grid-slots.yaml")),
    "rttm": (_file("turns.rttm", rttm.read), RTTM_TEXT.encode),
    "tiled-json": (_file("level.json", _tiled), _tiled_sample),
}
YAML_READERS = [
    "contract", "mapping", "received", "constraints", "ratecard", "rights-yaml", "grid-rules",
    "grid-slots",
]  # fmt: skip
JSON_READERS = ["contract-json", "scenes-json", "schedule", "truth", "events", "tiled-json"]


def _name(reader: str) -> str:
    """The file name a reader's error must show."""
    return {
        "received": "received.yaml",
        "statement": "dist-2025-H1.csv",
    }.get(reader, "")


def _typed_error(tmp_path: Path, reader: str, data: bytes, limit: float = SLOW) -> ImagiaError:
    """Read ``data`` with ``reader``: an ImagiaError naming the file, raised within ``limit``."""
    read, _ = READERS[reader]
    folder = tmp_path / reader
    start = time.process_time()
    with pytest.raises(ImagiaError) as exc:
        read(folder, data)
    took = time.process_time() - start
    assert took < limit, f"{reader} took {took:.1f} s"
    msg = str(exc.value)
    want = _name(reader)
    if want:
        assert want in msg, msg
    else:
        assert any(p.name in msg for p in folder.rglob("*") if p.is_file()), msg
    assert "\n" not in msg.strip()
    return exc.value


def test_valid_samples_parse(tmp_path: Path) -> None:
    for name, (read, sample) in READERS.items():
        assert read(tmp_path / name, sample()) is not None, name


# --------------------------------------------------------------------------- crash classes


NOT_TEXT = b"schema: \x81\x8d\x90 \x00\x01\x02\xfe\n"


@pytest.mark.parametrize("reader", [r for r in READERS if r != "parquet"])  # Parquet: binary
def test_bytes_that_are_not_text(tmp_path: Path, reader: str) -> None:
    err = _typed_error(tmp_path, reader, NOT_TEXT)
    if reader != "events":  # events: each line is reported, then "no valid event"
        assert "not text" in str(err) or "UTF-8" in str(err)


def test_legacy_and_utf16_text_is_read(tmp_path: Path) -> None:
    raw = {**SMALL, "work": {**SMALL["work"], "title": "Été à Noël"}}
    text = yaml.safe_dump(raw, allow_unicode=True)
    for enc in ("cp1252", "utf-16", "utf-8-sig"):
        p = tmp_path / f"{enc}.yaml"
        p.write_bytes(text.encode(enc))
        assert contracts.load(p).work.title == "Été à Noël", enc
    (tmp_path / "nul.txt").write_bytes(b"a\x00b")
    with pytest.raises(BadFile, match=r"nul.txt: not text in UTF-8, UTF-16"):
        read_text(tmp_path / "nul.txt")


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
YAML_BOMBS = {
    "huge-integer": "schema: x\nn: " + "9" * 4301 + "\n",
    "impossible-date": "schema: x\nd: 2025-02-30\n",
    "deep-nesting": "schema: x\nn: " + "[" * 1000 + "]" * 1000 + "\n",
    "billion-laughs": BILLION_LAUGHS,
}


@pytest.mark.parametrize("bomb", list(YAML_BOMBS))
@pytest.mark.parametrize("reader", YAML_READERS)
def test_yaml_that_crashes_or_explodes(tmp_path: Path, reader: str, bomb: str) -> None:
    _typed_error(tmp_path, reader, YAML_BOMBS[bomb].encode())


def test_yaml_aliases_are_refused_fast(tmp_path: Path) -> None:
    p = tmp_path / "laughs.yaml"
    p.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(BILLION_LAUGHS) < 2000
    start = time.process_time()
    with pytest.raises(BadFile, match=r"laughs.yaml: not valid YAML \(.*alias \*a not accepted"):
        load_yaml(p)
    assert time.process_time() - start < 0.5


def test_yaml_nesting_is_bounded_fast(tmp_path: Path) -> None:
    """Deep nesting is refused at once by depth, not by a RecursionError (1-3 s of unwinding)."""
    p = tmp_path / "deep.yaml"
    p.write_text("n: " + "[" * 50 + "]" * 50 + "\n", encoding="utf-8")
    nested: list[Any] = []
    for _ in range(49):
        nested = [nested]
    assert load_yaml(p) == {"n": nested}
    p.write_text("n: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    start = time.process_time()
    with pytest.raises(BadFile, match=r"deep.yaml: not valid YAML \(nested deeper than 100 lev"):
        load_yaml(p)
    assert time.process_time() - start < 0.5


JSON_BOMBS = {
    "huge-integer": '{"n": ' + "9" * 4301 + "}",
    "deep-nesting": '{"n": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "nan": '{"n": NaN}',
}


@pytest.mark.parametrize("bomb", list(JSON_BOMBS))
@pytest.mark.parametrize("reader", JSON_READERS)
def test_json_that_crashes(tmp_path: Path, reader: str, bomb: str) -> None:
    _typed_error(tmp_path, reader, JSON_BOMBS[bomb].encode())


def test_json_helper_names_the_problem(tmp_path: Path) -> None:
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(BadFile, match=r"deep.json: not valid JSON"):
        load_json(p)


def _contract_with(**changes: Any) -> bytes:
    raw = json.loads(json.dumps(SMALL))
    for path, value in changes.items():
        node = raw
        *parents, last = path.split("__")
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value
    return yaml.safe_dump(raw, allow_unicode=True).encode()


WRONG_TYPES = [
    ("constraints", b"calendar: {start: 2026-05-04, days: 3}\nlocations: E\n"),
    ("constraints", b"calendar: 5\n"),
    ("constraints", b"calendar: {start: 2026-05-04, days: 3}\nactors: {CLAIRE: 5}\n"),
    ("constraints", b"calendar: {start: 2026-05-04, days: 3}\nmust_shoot: [5]\n"),
    ("scenes-json", b'{"problem": 5}'),
    ("scenes-json", b'{"scenes": [{"scene": 1, "eighths": 2, "cast": 5, "location": "X"}]}'),
    ("contract", _contract_with(agreements__0__mg=[1])),
    ("contract", _contract_with(parties=5)),
    ("mapping", b"schema: Mapping.1\nid: d\nparty: dist\ncolumns: 5\n"),
    ("mapping", yaml.safe_dump({**MAPPING, "delimiter": ";;"}).encode()),
    ("mapping", yaml.safe_dump({**MAPPING, "encoding": "klingon"}).encode()),
    ("received", b"schema: Received.1\nstatements: 5\n"),
    ("received", b"schema: Received.1\nstatements: [{file: 5, mapping: 6, period: 2025-H1}]\n"),
    ("ratecard", b"currency: EUR\naccounts: {crew: {positions: 5}}\n"),
    ("ratecard", b"currency: EUR\naccounts: {cast: E}\n"),
    ("schedule", b'{"schema": "ShootingSchedule.1", "days": 5}'),
    ("schedule", b'{"schema": "ShootingSchedule.1", "days": [], "problem": 5}'),
    ("truth", b'{"schema": "GameTruth.1", "players": 5}'),
    ("events", b'{"type": "stats", "ts": "2026-01-01T00:00:00Z", "kills": "x"}\n'),
    ("events", b'{"type": "session", "ts": "2026-01-01T00:00:00", "player": "p", "start": 5}\n'),
    ("tiled-json", b'{"width": 2, "height": 1, "layers": [{"type": "tilelayer", "data": "x"}]}'),
    ("tiled-json", b'{"width": 2, "height": 1, "layers": 5}'),
    ("tiled-json", b'{"width": 2, "height": 1, "layers": [5], "tilesets": {}}'),
]


@pytest.mark.parametrize(("reader", "data"), WRONG_TYPES)
def test_wrong_types_in_a_valid_document(tmp_path: Path, reader: str, data: bytes) -> None:
    _typed_error(tmp_path, reader, data)


def _scenes_csv(**row: str) -> bytes:
    base = {"scene": "1", "eighths": "2", "cast": "A", "location": "X", **row}
    return (",".join(base) + "\n" + ",".join(base.values()) + "\n").encode()


BIG = "9" * 400
NUMBERS = [
    ("statement", b"Date,Label,Kind,Amount\n2025-02-10,a,receipt,1e30\n"),
    ("statement", f"Date,Label,Kind,Amount\n2025-02-10,a,receipt,{BIG}\n".encode()),
    ("statement", b"Date,Label,Kind,Amount\n9999-12-31,a,receipt,10\n"),
    ("contract", _contract_with(agreements__0__mg=1e30)),
    ("contract", _contract_with(agreements__0__mg="1e30")),
    ("contract", _contract_with(agreements__0__mg=10**400)),
    ("contract", _contract_with(agreements__0__mg="11e3000000")),  # decimal.Overflow in abs()
    ("statement", b"Date,Label,Kind,Amount\n2025-02-10,a,receipt,1e3000000\n"),
    ("contract", _contract_with(agreements__0__fees__0__rate="NaN")),
    ("contract", _contract_with(agreements__0__end="9999-12-31")),
    ("constraints", f"calendar: {{start: 2026-05-04, days: {BIG}}}\n".encode()),
    (
        "constraints",
        f"calendar: {{start: 2026-05-04, days: 3}}\ncosts: {{company_move: {BIG}}}\n".encode(),
    ),
    ("constraints", b"calendar: {start: 2026-05-04, days: 3}\ncapacity: {eighths_per_day: .inf}\n"),
    ("constraints", b"calendar: {start: 9999-12-31, days: 3}\n"),
    ("scenes-csv", _scenes_csv(eighths=BIG)),
    ("scenes-csv", _scenes_csv(eighths="1e400")),
    ("scenes-csv", _scenes_csv(eighths="", pages="1e400")),
    ("scenes-csv", _scenes_csv(eighths="", pages=f"{BIG} 1/8")),
    ("scenes-csv", _scenes_csv(hours="nan")),
    (
        "scenes-json",
        json.dumps(
            {"scenes": [{"scene": 1, "eighths": 10**400, "cast": "A", "location": "X"}]}
        ).encode(),
    ),
    ("talent", f"x 2 1 1 1 {BIG} 1 1\n".encode()),
    ("rights-yaml", RIGHTS_YAML.replace("max_seconds: 90", f"max_seconds: {BIG}").encode()),
    ("rights-yaml", RIGHTS_YAML.replace("max_seconds: 90", "max_seconds: .inf").encode()),
    ("rights-csv", RIGHTS_CSV.replace(",25,", ",251e400,").encode()),  # float(): OverflowError
    ("rights-yaml", RIGHTS_YAML.replace("fps: 25", "fps: 251e400").encode()),
    # Fraction("1e100000000") builds a 100-million-digit integer: minutes, gigabytes
    ("rights-yaml", RIGHTS_YAML.replace("fps: 25", "fps: 1e100000000").encode()),
    ("rights-yaml", RIGHTS_YAML.replace('start: "00:01:10"', 'start: "1e100000000"').encode()),
    ("rights-yaml", RIGHTS_YAML.replace('"00:01:10"', '"00:01:10.' + "9" * 5000 + '"').encode()),
    (
        "events",
        f'{{"type": "purchase", "ts": "2026-01-01T00:00:00Z", "player": "p", "item": "i", '
        f'"amount_eur": {BIG}}}\n'.encode(),
    ),
]


@pytest.mark.parametrize(("reader", "data"), NUMBERS)
def test_numbers_out_of_range(tmp_path: Path, reader: str, data: bytes) -> None:
    _typed_error(tmp_path, reader, data)


def test_numbers_in_a_rate_card(tmp_path: Path) -> None:
    card = yaml.safe_load((EXAMPLES / "ratecard.yaml").read_text(encoding="utf-8"))
    for bad in (10**400, float("inf"), float("nan"), True, "x"):
        card["accounts"]["cast"]["default_daily"] = bad
        card["accounts"]["cast"]["daily"] = {}
        with pytest.raises(ImagiaError, match="cast.daily"):
            bmod.topsheet(_schedule_doc(), card)


LONG_FIELD = "x" * 140_000
CSV_FIELDS = [
    ("statement", f'Date,Label,Kind,Amount\n2025-02-10,"{LONG_FIELD}",receipt,1\n'.encode()),
    ("scenes-csv", _scenes_csv(description=f'"{LONG_FIELD}"')),
    ("rights-csv", (RIGHTS_CSV + f'title,"{LONG_FIELD}",x.mp4,25,,,,,,,,,,\n').encode()),
]


@pytest.mark.parametrize(("reader", "data"), CSV_FIELDS)
def test_csv_field_over_the_limit(tmp_path: Path, reader: str, data: bytes) -> None:
    err = _typed_error(tmp_path, reader, data)
    assert "field" in str(err)


def test_a_column_name_with_line_breaks_gives_a_one_line_error(tmp_path: Path) -> None:
    """The columns listed when one is missing: a quoted name holding line breaks, long ones."""
    err = _typed_error(tmp_path, "statement", b'Date,"Lab\nel' + b"x" * 1000 + b'",Kind\n1,2,3\n')
    assert "columns in the file: Date, Lab el" in str(err) and len(str(err)) < 600


@pytest.mark.parametrize(
    ("data", "limit"),
    [
        (b"x 2 --1", SLOW),
        (b"x 2 1 1 1 - 1 1", SLOW),
        (b"numScenes = ;\nnumActors = 1;\n", SLOW),
        (b"x=" * 20_000, SLOW),  # 40 KB: a quadratic regex took 10.7 s
        (b"a = array2d(" * 5_000 + b";", SLOW),
        (b"=" * 40_000 + b";", SLOW),
        (b"x" * 40_000 + b"=1", SLOW),
    ],
)
def test_talent_files(tmp_path: Path, data: bytes, limit: float) -> None:
    _typed_error(tmp_path, "talent", data, limit)


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _rewrite(path: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Rewrite the zip members of ``path`` through ``change`` (None drops a member)."""
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            new = change(name, data)
            if new is not None:
                zf.writestr(name, new)
    return path


def _truncated_sheet(name: str, data: bytes) -> bytes:
    return data[: len(data) // 2] if name.endswith("sheet1.xml") else data


def _no_sheet(name: str, data: bytes) -> bytes | None:
    if name.endswith("sheet1.xml"):
        return None
    if name == "xl/workbook.xml":
        text = data.decode()
        start = text.index("<sheets>")
        end = text.index("</sheets>") + len("</sheets>")
        return (text[:start] + "<sheets/>" + text[end:]).encode()
    return data


def _huge_dimension(name: str, data: bytes) -> bytes:
    """A sheet that declares XFD1048576 and has a cell there: 17 billion padded cells."""
    if not name.endswith("sheet1.xml"):
        return data
    text = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:XFD1048576"/>', data.decode())
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>z</t></is></c></row>'
    return text.replace("</sheetData>", last + "</sheetData>").encode()


STATEMENT_ROWS = [["Date", "Label", "Kind", "Amount"]] + [
    ["2025-02-10", f"line {i}", "receipt", 10] for i in range(200)
]
SCENE_ROWS = [["scene", "eighths", "cast", "location"]] + [[i, 2, "A", "X"] for i in range(1, 200)]


def _read_xlsx(kind: str, tmp_path: Path, change: Callable[[str, bytes], bytes | None]) -> Any:
    if kind == "statement":
        write_work(tmp_path, statements={})
        p = _rewrite(_xlsx(tmp_path / "statements" / "dist.xlsx", STATEMENT_ROWS), change)
        (tmp_path / "received.yaml").write_text(
            "schema: Received.1\nstatements:\n- {file: statements/dist.xlsx, "
            "mapping: mappings/dist.yaml, period: 2025-H1}\n",
            encoding="utf-8",
        )
        return p, lambda: load_work(tmp_path)
    if kind == "scenes":
        p = _rewrite(_xlsx(tmp_path / "scenes.xlsx", SCENE_ROWS), change)
        return p, lambda: read_scenes(p)
    p = _rewrite(_xlsx(tmp_path / "draft.xlsx", STATEMENT_ROWS), change)
    return p, lambda: draft(p, "dist")


DAMAGES = {
    "truncated-sheet": _truncated_sheet,
    "no-sheet": _no_sheet,
    "huge-dimension": _huge_dimension,
}


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize("kind", ["statement", "scenes", "draft"])
def test_damaged_workbooks(tmp_path: Path, kind: str, damage: str) -> None:
    p, read = _read_xlsx(kind, tmp_path, DAMAGES[damage])
    start = time.process_time()
    with pytest.raises(BadFile) as exc:
        read()
    assert time.process_time() - start < 10  # not hours, not gigabytes
    assert p.name in str(exc.value)


def test_a_parquet_file_that_is_not_one(tmp_path: Path) -> None:
    p = tmp_path / "e.parquet"
    p.write_bytes(b"PAR1" + b"\x00" * 64 + b"PAR1")
    with pytest.raises(BadFile, match="e.parquet"):
        read_parquet(p)


def test_a_parquet_file_that_expands_too_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from imagia.games import store

    p = tmp_path / "many.parquet"
    store.connect().execute(
        f"COPY (SELECT 'player' AS type, 'p' || i AS player, 'EU' AS region, "
        f"'2026-01-01T00:00:00Z' AS ts FROM range(1001) t(i)) TO '{p}' (FORMAT parquet)"
    )
    assert len(read_parquet(p).of("player")) == 1001
    monkeypatch.setattr(store, "MAX_EVENTS", 1000)
    with pytest.raises(BadFile, match=r"many.parquet: more than 1,000 events"):
        read_parquet(p)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imagia", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_reports_text_that_is_not_utf8(tmp_path: Path) -> None:
    """Windows-1252 bytes pass the file-kind gate (they are text), so the readers see them."""
    ws = str(tmp_path / "ws")
    work = tmp_path / "work"
    write_work(work)
    (work / "contracts.yaml").write_bytes(b"schema: Contract.1\nwork: \xe9t\xe9\n")
    scenes = tmp_path / "scenes.csv"
    scenes.write_bytes(b"scene,eighths,cast,location\n1,\xe9,A,X\n")
    events = tmp_path / "events.jsonl"
    events.write_bytes(b'{"type": "\xe9"}\n' * 3)
    binary = tmp_path / "binary" / "contracts.yaml"
    binary.parent.mkdir()
    binary.write_bytes(NOT_TEXT)
    runs = {
        "contracts.yaml": _cli("finance", "waterfall", str(work), "-w", ws),
        "scenes.csv": _cli(
            "schedule", "optimise", str(scenes), "-c", str(EXAMPLES / "constraints.yaml"), "-w", ws
        ),
        "events.jsonl": _cli("games", "analytics", str(events), "-w", ws),
        "binary/contracts.yaml": _cli("finance", "waterfall", str(binary.parent), "-w", ws),
    }
    for name, r in runs.items():
        assert r.returncode == 1, (name, r.stderr[-2000:])
        assert "Traceback" not in r.stderr, r.stderr[-2000:]
        assert name in r.stderr and "error" in r.stderr, r.stderr


# --------------------------------------------------------------------------- fuzzing

TOKENS = (
    b"&a ",
    b"*a",
    b"[",
    b"{",
    b"]",
    b'"',
    b",",
    b";",
    b":",
    b"=",
    b"\n",
    b"-",
    b"9" * 400,
    b"1e400",
    b"1e30",
    b".inf",
    b"NaN",
    b"2025-02-30",
    b"\x81",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"array2d(",
    b"--",
    b"x=",
)


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """``sample`` after a few random byte edits, insertions, deletions, repeats or a cut."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("set", "insert", "delete", "truncate", "repeat")))
        if not data:
            data.extend(draw(st.binary(min_size=1, max_size=8)))
            continue
        i = draw(st.integers(0, len(data) - 1))
        if op == "set":
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=6))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 24))]
        elif op == "truncate":
            del data[i:]
        else:
            j = min(len(data), i + draw(st.integers(1, 32)))
            data[i:i] = data[i:j] * draw(st.integers(2, 60))
    return bytes(data)


FUZZ_EXAMPLES = int(os.environ.get("IMAGIA_FUZZ_EXAMPLES", "0"))


@pytest.mark.parametrize("reader", list(READERS))
def test_fuzz_parsed_or_typed_error(tmp_path: Path, reader: str) -> None:
    read, sample = READERS[reader]
    base = sample()
    folder = tmp_path / reader
    slowest = 0.0

    @settings(
        derandomize=True,
        # DuckDB: 60 ms a file; ``make fuzz`` sets IMAGIA_FUZZ_EXAMPLES for a long campaign
        max_examples=FUZZ_EXAMPLES or (60 if reader == "parquet" else 300),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(base))
    def one(data: bytes) -> None:
        nonlocal slowest
        start = time.process_time()
        try:
            read(folder, data)
        except ImagiaError as exc:
            assert "\n" not in str(exc).strip()
        took = time.process_time() - start
        slowest = max(slowest, took)
        assert took < SLOW, f"{reader}: {took:.1f} s on {data[:200]!r}"

    one()
