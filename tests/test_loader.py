"""Invalid data files are reported with the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imagia.catalogue.loader import data_dir, load_usecase_dir, load_usecase_file
from imagia.core.errors import BadFile

GOOD = data_dir() / "usecases" / "subtitling.yaml"


def _copy(tmp_path: Path, text: str | None = None, name: str = "subtitling.yaml") -> Path:
    p = tmp_path / name
    if text is None:
        shutil.copy(GOOD, p)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_good_file_loads(tmp_path: Path) -> None:
    assert load_usecase_file(_copy(tmp_path)).id == "subtitling"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("group: shooting_post", "group: somewhere", "field group"),
        (
            "  level: 4\n  basis: derived_from_label\nmaturity:",
            "  level: 9\n  basis: derived_from_label\nmaturity:",
            "field impact.level",
        ),
        ("interests: [time_saving, cost_reduction]", "interests: [fun]", "field interests.0"),
        ("cinema_av: [postproduction]", "cinema_av: [pub]", "field stages"),
    ],
)
def test_invalid_field_names_file_and_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    p = _copy(tmp_path, text.replace(old, new, 1))
    with pytest.raises(BadFile) as exc:
        load_usecase_file(p)
    assert str(p) in str(exc.value)
    assert field in str(exc.value)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    p = _copy(tmp_path, GOOD.read_text(encoding="utf-8"), name="other.yaml")
    with pytest.raises(BadFile, match="does not match the file name"):
        load_usecase_file(p)


def test_broken_yaml_and_empty_dir(tmp_path: Path) -> None:
    p = _copy(tmp_path, "id: [unclosed\n")
    with pytest.raises(BadFile, match="not valid YAML"):
        load_usecase_file(p)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadFile, match="no use-case files"):
        load_usecase_dir(empty)
