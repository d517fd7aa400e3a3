"""A workbook written by a program (formulas whose values were never saved) is refused with
the cell named and the fix said, instead of its figures being read as empty cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.core.xlsx import read_sheet

openpyxl = pytest.importorskip("openpyxl")


def _book(path: Path, formula: bool) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["date", "territory", "amount"])
    ws.append(["2025-01-15", "FR", 1200.5])
    ws.append(["2025-02-15", "FR", "=C2*2" if formula else 2401.0])
    ws.append(["2025-03-15", None, 10])  # a truly empty cell
    wb.save(path)
    return path


def test_unsaved_formula_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = _book(tmp_path / "statement.xlsx", formula=True)
    with pytest.raises(BadFile) as e:
        read_sheet(path)
    msg = str(e.value)
    assert str(path) in msg and "cell C3" in msg and "=C2*2" in msg
    assert "save it" in msg


def test_empty_cells_and_saved_values_read_as_they_are(tmp_path: Path) -> None:
    rows = read_sheet(_book(tmp_path / "statement.xlsx", formula=False))
    assert rows[2] == ("2025-02-15", "FR", 2401.0)
    assert rows[3] == ("2025-03-15", None, 10)
