"""XLSX sheets read whole, inside one error boundary.

openpyxl's read-only mode parses a sheet's XML while the rows are iterated, so a truncated or
malformed workbook fails late, with whatever its XML or zip layer raises. Readers of users'
workbooks call :func:`read_sheet`, which reads every row before returning and turns any such
failure into a :class:`BadFile` naming the file.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError, MissingDependency

# More rows than any statement, scene list or rights register a person keeps in a workbook.
MAX_ROWS = 1_000_000
# Cells read, empty ones included: a sheet that declares itself XFD1048576 is padded with
# empty cells up to that corner, 17 billion of them.
MAX_CELLS = 20_000_000
# Sheets up to this many rows are read a second time, formulas and all, when a cell came back
# empty: a formula whose value was never saved must not be read as an empty cell.
FORMULA_CHECK_ROWS = 200_000


def read_sheet(
    path: Path | str,
    sheet: str | None = None,
    min_row: int = 1,
    max_row: int | None = None,
    max_rows: int = MAX_ROWS,
) -> list[tuple[Any, ...]]:
    """The cell values of ``sheet`` (default: the first), from ``min_row`` to ``max_row``."""
    try:
        import openpyxl
    except ImportError:
        raise MissingDependency(
            "reading XLSX needs openpyxl", hint="pip install openpyxl"
        ) from None
    p = Path(path)
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises what its zip and XML layers raise
        raise BadFile(p, f"not a readable XLSX workbook ({_first_line(exc)})") from None
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            raise BadFile(p, f"sheet {sheet!r} not found", hint=f"sheets: {', '.join(names)}")
        if sheet is None and not wb.worksheets:
            raise BadFile(p, "the workbook has no sheet")
        ws: Any = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows: list[tuple[Any, ...]] = []
        cells = 0
        blank = False
        for values in ws.iter_rows(min_row=min_row, max_row=max_row, values_only=True):
            cells += len(values)
            if len(rows) >= max_rows or cells > MAX_CELLS:
                raise BadFile(
                    p,
                    f"sheet {ws.title!r} is too large (over {max_rows:,} rows "
                    f"or {MAX_CELLS:,} cells, empty ones included)",
                    hint="keep only the table in the sheet",
                )
            row = list(values)
            blank = blank or None in row
            while row and row[-1] is None:  # the padding up to the declared last column
                row.pop()
            rows.append(tuple(row))
        if blank and len(rows) <= FORMULA_CHECK_ROWS:
            _no_cached_formula(p, ws.title, min_row, max_row, rows)
        return rows
    except ImagiaError:
        raise
    except Exception as exc:  # truncated sheet XML, bad shared strings, odd cell types...
        raise BadFile(p, f"not a readable XLSX workbook ({_first_line(exc)})") from None
    finally:
        with contextlib.suppress(Exception):
            wb.close()


def _no_cached_formula(
    p: Path, title: str, min_row: int, max_row: int | None, rows: list[tuple[Any, ...]]
) -> None:
    """BadFile when an empty-looking cell of ``rows`` (the saved values) holds a formula whose
    value was never saved (a file written by a program, not a spreadsheet): reading it as empty
    would lose a figure."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(p, read_only=True, data_only=False)
    try:
        ws: Any = wb[title]
        for k, values in enumerate(
            ws.iter_rows(min_row=min_row, max_row=max_row, values_only=True)
        ):
            saved = rows[k] if k < len(rows) else ()
            for c, v in enumerate(values):
                if (
                    isinstance(v, str)
                    and v.startswith("=")
                    and (c >= len(saved) or saved[c] is None)
                ):
                    raise BadFile(
                        p,
                        f"sheet {title!r} cell {get_column_letter(c + 1)}{min_row + k} holds a "
                        f"formula ({v[:40]}) whose value was never saved",
                        hint="open the file in a spreadsheet and save it, so the computed "
                        "values are stored",
                    )
    finally:
        with contextlib.suppress(Exception):
            wb.close()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
