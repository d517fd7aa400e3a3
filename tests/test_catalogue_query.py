"""Filters, search, stats, assessments and their bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.catalogue import assessments as asm
from imagia.catalogue.query import Catalogue, Filters
from imagia.core.errors import BadFile, BadValue, NotFound


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return Catalogue.load()


def test_filters_combine(cat: Catalogue) -> None:
    games = cat.filter(Filters(sector="games"))
    assert {uc.id for uc in games} >= {"matchmaking", "cheat-detection", "toxicity-detection"}
    assert all("games" in uc.card.sectors for uc in games)
    post = cat.filter(Filters(sector="cinema_av", stage="postproduction", maturity_min=4))
    assert "subtitling" in {uc.id for uc in post}
    assert all((uc.maturity_level or 0) >= 4 for uc in post)
    writers = cat.filter(Filters(profession="screenwriters"))
    assert {"screenplay-writing", "script-analysis"} <= {uc.id for uc in writers}
    assert all(uc.card.group == "broadcast" for uc in cat.filter(Filters(group="broadcast")))
    risk = cat.filter(Filters(interest="risk_reduction"))
    assert "project-potential" in {uc.id for uc in risk}


def test_status_filter_follows_the_registry(cat: Catalogue) -> None:
    running = {uc.id for uc in cat.filter(Filters(status="imagia"))}
    assert "audio-post" in running
    assert "text-to-video" not in running


@pytest.mark.parametrize(
    ("filters", "param"),
    [
        (Filters(sector="film"), "sector"),
        (Filters(sector="games", stage="postproduction"), "stage"),
        (Filters(profession="wizards"), "profession"),
        (Filters(group="vfx"), "group"),
        (Filters(maturity_min=7), "maturity-min"),
        (Filters(interest="fun"), "interest"),
        (Filters(status="maybe"), "status"),
    ],
)
def test_unknown_filter_value_lists_the_valid_ones(
    cat: Catalogue, filters: Filters, param: str
) -> None:
    with pytest.raises(BadValue) as exc:
        cat.filter(filters)
    assert exc.value.param == param
    assert exc.value.valid


def test_unknown_id_suggests_close_ids(cat: Catalogue) -> None:
    with pytest.raises(NotFound) as exc:
        cat.get("subtitles")
    assert "subtitling" in exc.value.suggestions


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sous-titrage", "subtitling"),
        ("SOUS TITRAGE", "subtitling"),
        ("etalonnage", "colour-grading"),
        ("Étalonnage", "colour-grading"),
        ("subtitles", "subtitling"),
        ("matchmaking", "matchmaking"),
        ("doublage", "foreign-dubbing"),
        ("triche", "cheat-detection"),
    ],
)
def test_search_is_accent_and_case_insensitive(cat: Catalogue, query: str, expected: str) -> None:
    hits = [uc.id for uc, _ in cat.search(query)]
    assert expected in hits[:3], hits[:5]


def test_search_needs_words(cat: Catalogue) -> None:
    with pytest.raises(BadValue):
        cat.search("  ")


def test_stats_beside_the_study(cat: Catalogue) -> None:
    rows = cat.stats()
    by = {(r["sector"], r["stage"]): r for r in rows}
    assert by[("cinema_av", "postproduction")]["study"] == 23
    assert by[("games", "development")]["study"] == 26
    assert by[("cinema_av", "theatres")]["study"] == 0
    assert by[("cinema_av", "theatres")]["cards"] == 0
    for r in rows:
        assert r["cards"] == len(r["usecases"])
        if r["difference"]:
            assert r["explanation"] and r["explanation"] != "same count"


def _write_assessment(folder: Path, text: str, name: str = "2026-06.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_assessment_diff(tmp_path: Path) -> None:
    _write_assessment(
        tmp_path,
        """\
schema: Assessment.1
date: 2026-06
usecases:
  text-to-video: {maturity: 3, rationale: new video models}
  subtitling: {impact: 4, rationale: unchanged}
""",
    )
    cat = Catalogue.load(assessments=tmp_path)
    assert [h.date for h in cat.history] == ["2024-01", "2026-06"]
    changes = asm.diff(cat.history, "2024-01", "2026-06")
    assert [(c.usecase, c.field, c.after) for c in changes] == [("text-to-video", "maturity", 3)]
    assert cat.get("text-to-video").maturity_level == 3
    assert next(uc for uc in cat.at("2024-01") if uc.id == "text-to-video").maturity_level == 1
    with pytest.raises(NotFound):
        asm.diff(cat.history, "2024-01", "2030-01")


def test_bad_assessment_names_file_and_field(tmp_path: Path) -> None:
    p = _write_assessment(
        tmp_path,
        """\
schema: Assessment.1
date: 2026-06
usecases:
  text-to-video: {maturity: 9, rationale: too high}
""",
    )
    with pytest.raises(BadFile) as exc:
        Catalogue.load(assessments=tmp_path)
    assert str(p) in str(exc.value) and "usecases.text-to-video.maturity" in str(exc.value)
    p.write_text("schema: Assessment.1\ndate: 2026-06\nusecases:\n  nope: {rationale: xyz}\n")
    with pytest.raises(BadFile, match="usecases.nope"):
        Catalogue.load(assessments=tmp_path)
