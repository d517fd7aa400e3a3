"""Analysis report and draft comparison on the shipped samples, against hand-made keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.script import read
from imagia.script.analysis import ReportOptions, analyse, guess_gender, to_html, to_pdf
from imagia.script.compare import compare, to_markdown
from imagia.script.demo import sample_path
from imagia.script.evaluate import answers


def test_report_on_the_french_sample() -> None:
    rep = analyse(read(sample_path("dernier-tram.fountain")))
    assert rep["schema"] == "ScriptReport.1" and rep["scenes"] == 7
    chars = {c["name"]: c for c in rep["characters"]}
    assert chars["HÉLÈNE"]["dialogue_words"] == 43 and chars["HÉLÈNE"]["gender"] == "female"
    # LE PATRON speaks in 2 scenes and is named in the action of a third
    assert (chars["LE PATRON"]["scenes_speaking"], chars["LE PATRON"]["scenes_present"]) == (2, 3)
    assert rep["parity"]["female"]["characters"] == 2
    assert rep["parity"]["female"]["dialogue_share"] == pytest.approx(63 / 108, abs=0.001)
    assert rep["bechdel"]["passes"] and rep["bechdel"]["scenes"] == ["7"]
    prod = rep["production"]
    assert prod["distinct_locations"] == 5 and prod["int_ext"] == {"EXT": 3, "INT": 4}
    assert prod["night_exteriors"] == ["6"]
    assert prod["sets_reused"] == {"CAFÉ DES SPORTS - SALLE": 2}
    w = rep["writing"]
    assert w["dialogue_words"] == 108 and 0 < w["dialogue_ratio"] < 1
    assert len(w["tension"]) == 7
    page = to_html(rep)
    assert "<svg" in page and "LE DERNIER TRAMWAY" in page
    pdf = to_pdf(rep)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_report_with_a_cast_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "cast.csv"
    sheet.write_text("name,gender\nNURSE,F\nLITTLE NORA,F\nJOSEPH,M\n", encoding="utf-8")
    rep = analyse(read(sample_path("night-ferry.fountain")), ReportOptions(cast_sheet=sheet))
    chars = {c["name"]: c for c in rep["characters"]}
    assert chars["NURSE"]["gender"] == "female"
    assert chars["NURSE"]["gender_source"] == "cast sheet"
    assert chars["SAM"]["gender_source"] == "first name"
    assert rep["parity"]["unknown"]["characters"] == 0
    assert rep["production"]["scenes_with"]["children"] == ["8"]
    assert rep["production"]["day_night"] == {"NIGHT": 5, "DAY": 2, "unknown": 1}
    bad = tmp_path / "bad.csv"
    bad.write_text("NORA,maybe\n", encoding="utf-8")
    with pytest.raises(BadFile, match="bad.csv: line 1: gender 'maybe'"):
        analyse(read(sample_path("night-ferry.fountain")), ReportOptions(cast_sheet=bad))


def test_gender_guess_is_honest() -> None:
    assert guess_gender("HÉLÈNE") == "female" and guess_gender("LE PATRON") == "male"
    assert guess_gender("NURSE") == "unknown" and guess_gender("X-27") == "unknown"


def test_compare_drafts_against_key() -> None:
    key = answers()["compare"]
    a = read(sample_path("night-ferry.fountain"))
    b = read(sample_path("night-ferry-v2.fountain"))
    d = compare(a, b)
    got: dict[str, list] = {}  # type: ignore[type-arg]
    for s in d["scenes"]:
        if s["status"] == "removed":
            got.setdefault("removed", []).append(int(s["a"]))
        elif s["status"] == "added":
            got.setdefault("added", []).append(s["b_index"])
        else:
            status = "moved" if "moved" in s["status"] else s["status"]
            got.setdefault(status, []).append([int(s["a"]), s["b_index"]])
    for status in ("unchanged", "moved", "changed", "removed", "added"):
        assert sorted(got.get(status, [])) == sorted(key[status]), status
    assert {r["from"]: r["to"] for r in d["renamed"]} == key["renamed"]
    chars = {c["name"]: c for c in d["characters"]}
    assert chars["ADA"]["status"] == "renamed" and chars["ADA"]["was"] == "NURSE"
    assert chars["NORA"]["dialogue_lines"] == {"a": 12, "b": 13, "delta": 1}
    assert chars["JOSEPH"]["dialogue_words"]["delta"] == 6
    assert d["locations"] == {"added": ["ISLAND"], "removed": []}
    md = to_markdown(d)
    assert "NURSE → ADA" in md and "| added |" in md


def test_a_rewritten_scene() -> None:
    from imagia.script.formats import loads

    a = loads(
        b"INT. HOUSE - DAY\n\nAnn reads a letter by the window, slowly.\n\nANN\n"
        b"Nothing from him again.\n",
        "fountain",
    )
    b = loads(
        b"INT. HOUSE - DAY\n\nAnn tears the letter up and throws it in the fire.\n\n"
        b"ANN\nNever again.\n",
        "fountain",
    )
    d = compare(a, b)
    assert d["scenes"][0]["status"] == "rewritten"


def test_compare_a_draft_with_itself_and_with_its_pdf() -> None:
    from imagia.script.formats import loads
    from imagia.script.formats import pdf as pdfmod

    a = read(sample_path("dernier-tram.fountain"))
    same = compare(a, a)
    assert same["summary"] == {"unchanged": 7}
    b = loads(pdfmod.dumps(a, "fr"), "pdf")
    d = compare(a, b)
    assert d["summary"].get("removed", 0) == 0 and d["summary"].get("added", 0) == 0
    assert all(c["dialogue_words"]["delta"] == 0 for c in d["characters"])
