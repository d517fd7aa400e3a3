"""Amounts are never guessed: the decimal convention of a column is explicit or unambiguous,
more than two decimals are refused unless the mapping rounds, and `finance map` shows its
evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from imagia.core.errors import BadFile
from imagia.finance.drafts import draft
from imagia.finance.money import column_rule, notation
from imagia.finance.work import load
from tests.finance_util import MAPPING, write_work


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1,234.56", "point"),
        ("1.234,56", "comma"),
        ("1 234,56", "comma"),
        ("1,234", "ambiguous"),
        ("1.234", "ambiguous"),
        ("12,5", "comma"),
        ("1,234,567", "point"),
        ("1234", "plain"),
        ("(1.234,56)", "comma"),
        (12.5, "plain"),
    ],
)
def test_notation(text: object, kind: str) -> None:
    assert notation(text) == kind


def _amounts(tmp_path: Path, amounts: list[str], **mapping: Any) -> Path:
    c = write_work(tmp_path / "w", statements={"2025-H1": []}, mapping={**MAPPING, **mapping})
    rows = "".join(f'2025-02-{i + 10},line,receipt,"{a}"\n' for i, a in enumerate(amounts))
    (c.parent / "statements" / "dist-2025-H1.csv").write_text(
        "Date,Label,Kind,Amount\n" + rows, encoding="utf-8"
    )
    return c


def test_unambiguous_columns_are_read(tmp_path: Path) -> None:
    w = load(_amounts(tmp_path / "a", ["1,234.56", "12.50", "1,000"]))
    assert [str(ln.amount) for ln in w.lines] == ["1234.56", "12.50", "1000.00"]
    w = load(_amounts(tmp_path / "b", ["1.234,56", "1 234,56", "1.000"]))
    assert [str(ln.amount) for ln in w.lines] == ["1234.56", "1234.56", "1000.00"]


def test_a_column_that_disagrees_is_refused_with_its_rows(tmp_path: Path) -> None:
    with pytest.raises(
        BadFile,
        match=r"amount \(column 'Amount'\): ambiguous column: row 3 with a decimal comma "
        r"\('1\.234,56'\), row 2 with a decimal point \('1,234\.56'\)",
    ):
        load(_amounts(tmp_path / "a", ["1,234.56", "1.234,56"]))
    with pytest.raises(BadFile, match=r"rows 2, 3 \('1,234'\) can be read as thousands"):
        load(_amounts(tmp_path / "b", ["1,234", "2,500", "12"]))
    # An explicit rule settles "1,234" but not a value that contradicts it.
    w = load(_amounts(tmp_path / "c", ["1,234", "2,500"], decimal_comma=False))
    assert [ln.amount for ln in w.lines] == [1234, 2500]
    with pytest.raises(BadFile, match=r"row 3 is written with a decimal point \('12\.50'\)"):
        load(_amounts(tmp_path / "d", ["1,50", "12.50"], decimal_comma=True))


def test_more_than_two_decimals_only_when_the_mapping_rounds(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match=r"row 2, amount \(column 'Amount'\): '12\.3456' has more"):
        load(_amounts(tmp_path / "a", ["12.3456"]))
    w = load(_amounts(tmp_path / "b", ["12.3456", "12.3449"], rounding=True))
    assert [str(ln.amount) for ln in w.lines] == ["12.35", "12.34"]
    # "12.345" could be 12 345: refused as ambiguous, unless the mapping says which it is.
    with pytest.raises(BadFile, match=r"row 2 \('12\.345'\) can be read as thousands"):
        load(_amounts(tmp_path / "c", ["12.345"], rounding=True))
    w = load(_amounts(tmp_path / "d", ["12.340"], decimal_comma=True))
    assert str(w.lines[0].amount) == "12340.00"  # a dot as thousands separator, as told
    w = load(_amounts(tmp_path / "f", ["12.340"], decimal_comma=False))
    assert str(w.lines[0].amount) == "12.34"
    w = load(_amounts(tmp_path / "e", ["12.340", "1.5"]))
    assert [str(ln.amount) for ln in w.lines] == ["12.34", "1.50"]  # "1.5": decimal point


def test_map_proposes_the_rule_with_its_evidence(tmp_path: Path) -> None:
    en = tmp_path / "en.csv"
    en.write_text('Date,Title,Type,Amount\n2025-02-01,a,Receipt,"1,234.56"\n', encoding="utf-8")
    m, notes = draft(en, "dist")
    assert m["decimal_comma"] is False
    assert "amounts: decimal point, as row 2 shows ('1,234.56'); check it" in notes
    fr = tmp_path / "fr.csv"
    fr.write_text("Date;Titre;Nature;Montant\n2025-02-01;a;Recette;1 234,56\n", encoding="utf-8")
    m, notes = draft(fr, "dist")
    assert m["decimal_comma"] is True
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        'Date,Title,Type,Amount\n2025-02-01,a,Receipt,"1,234"\n2025-02-02,b,Receipt,"2,000"\n',
        encoding="utf-8",
    )
    m, notes = draft(mixed, "dist")
    assert "decimal_comma" not in m
    assert any("rows 2, 3 ('1,234') can be read as thousands" in n for n in notes)
    yaml.safe_dump(m)


def test_rule_helper() -> None:
    assert column_rule([(2, "10"), (3, 12.5)], None) == (False, None)
