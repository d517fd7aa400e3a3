"""``imagia script ...`` end to end through the real console script, and the web views."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from imagia.script.demo import sample_path

ROOT = Path(__file__).resolve().parents[1]


def imagia(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imagia", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(cwd)},
    )


def test_parse_json_has_the_documented_fields(tmp_path: Path) -> None:
    r = imagia(
        "script",
        "parse",
        str(sample_path("night-ferry.fountain")),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["title"] == "THE NIGHT FERRY" and d["language"] == "en"
    s = d["scenes"][0]
    assert {
        k: s[k]
        for k in (
            "number",
            "heading",
            "int_ext",
            "location",
            "sub_location",
            "time_of_day",
            "characters",
        )
    } == {
        "number": "1",
        "heading": "EXT. HARBOUR - QUAYSIDE - NIGHT",
        "int_ext": "EXT",
        "location": "HARBOUR",
        "sub_location": "QUAYSIDE",
        "time_of_day": "NIGHT",
        "characters": ["NORA", "SAM"],
    }
    assert isinstance(s["eighths"], int)
    nora = d["characters"][0]
    assert (nora["name"], nora["dialogue_lines"], nora["dialogue_words"]) == ("NORA", 12, 51)
    assert nora["scenes"] == [1, 2, 3, 4, 5, 6, 7]


def test_convert_then_parse_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "tram.pdf"
    r = imagia(
        "script",
        "parse",
        str(sample_path("dernier-tram.fountain")),
        "--format",
        "pdf",
        "--layout",
        "fr",
        "-o",
        str(pdf),
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    r = imagia("script", "parse", str(pdf), "--format", "json", cwd=tmp_path)
    d = json.loads(r.stdout)
    assert len(d["scenes"]) == 7 and d["language"] == "fr"
    assert d["characters"][0]["name"] == "HÉLÈNE"


def test_breakdown_report_compare_run_as_jobs(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    r = imagia(
        "script",
        "breakdown",
        str(sample_path("dernier-tram.fountain")),
        "--no-nlp",
        "--format",
        "scenes",
        "-w",
        str(ws),
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 7 and rows[1]["cast"] == "HÉLÈNE;JÉRÔME;LE PATRON"
    r = imagia(
        "script",
        "breakdown",
        str(sample_path("dernier-tram.fountain")),
        "--no-nlp",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "b.xlsx"),
        "-w",
        str(ws),
        cwd=tmp_path,
    )
    assert r.returncode == 0 and (tmp_path / "b.xlsx").stat().st_size > 1000
    r = imagia(
        "script",
        "report",
        str(sample_path("night-ferry.fountain")),
        "--format",
        "json",
        "-w",
        str(ws),
        cwd=tmp_path,
    )
    rep = json.loads(r.stdout)
    assert rep["schema"] == "ScriptReport.1" and rep["provenance"]["tool"] == "script-analysis"
    r = imagia(
        "script",
        "diff",
        str(sample_path("night-ferry.fountain")),
        str(sample_path("night-ferry-v2.fountain")),
        "-w",
        str(ws),
        cwd=tmp_path,
    )
    assert r.returncode == 0 and "NURSE → ADA" in r.stdout
    jobs = json.loads(imagia("jobs", "list", "-w", str(ws), "--json", cwd=tmp_path).stdout)
    assert {j["tool"] for j in jobs} == {"script-breakdown", "script-analysis", "script-compare"}
    assert all(j["status"] == "done" for j in jobs)


def test_errors_are_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("Just a shopping list: milk, eggs, bread.\n")
    r = imagia("script", "parse", str(junk), cwd=tmp_path)
    assert r.returncode == 1
    assert "junk.txt: no scene heading found" in r.stderr and len(r.stderr.splitlines()) <= 2
    r = imagia("script", "parse", str(tmp_path / "missing.fdx"), cwd=tmp_path)
    assert r.returncode == 1 and "file not found" in r.stderr
    r = imagia(
        "script",
        "parse",
        str(sample_path("night-ferry.fountain")),
        "--format",
        "docx",
        cwd=tmp_path,
    )
    assert r.returncode == 1 and "valid values" in r.stderr


def test_web_views_show_breakdown_and_report(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import jobs as jobmod
    from imagia.core import workspace as wsmod
    from imagia.script.demo import breakdown_example, report_example

    ws = wsmod.init(tmp_path / "ws")
    ids = []
    for example in (breakdown_example, report_example):
        params, inputs = example(ws)
        if example is breakdown_example:
            params["nlp"] = False  # the lexicons only: quick
        job = jobmod.submit(
            ws,
            "script-breakdown" if example is breakdown_example else "script-analysis",
            params,
            inputs,
        )
        ids.append(jobmod.run(ws, job.id).id)
    client = TestClient(create_app(ws))
    page = client.get(f"/jobs/{ids[0]}").text
    assert "data-breakdown" in page and "NORA" in page
    page = client.get(f"/jobs/{ids[1]}").text
    assert "data-characters" in page and "HÉLÈNE" in page


def test_parse_with_an_alias(tmp_path: Path) -> None:
    r = imagia(
        "script",
        "parse",
        str(sample_path("night-ferry.fountain")),
        "--format",
        "json",
        "--alias",
        "LITTLE NORA=NORA",
        cwd=tmp_path,
    )
    nora = json.loads(r.stdout)["characters"][0]
    assert (nora["name"], nora["dialogue_lines"], nora["aliases"]) == ("NORA", 13, ["LITTLE NORA"])
    r = imagia(
        "script", "parse", str(sample_path("night-ferry.fountain")), "--alias", "oops", cwd=tmp_path
    )
    assert r.returncode == 1 and "expected OLD=NEW" in r.stderr
