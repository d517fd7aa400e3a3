"""Statements carry what the French texts require (obligations.ITEMS), and the checks can fail."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from typing import Any

import pytest

from imagia.finance.jobs import sample_dir
from imagia.finance.obligations import ITEMS, missing
from imagia.finance.statements import Builder
from imagia.finance.work import load


@pytest.fixture(scope="module")
def statements() -> list[dict[str, Any]]:
    b = Builder(load(sample_dir()), issued=date(2026, 7, 31))
    return [s.to_dict() for p in ("2025-H1", "2026-H1") for s in b.all(p)]


def test_every_sample_statement_carries_every_item(statements: list[dict[str, Any]]) -> None:
    assert len(statements) == 10
    for st in statements:
        assert missing(st) == [], st["beneficiary"]
    assert len(ITEMS) == 9 and all(i.title_fr and i.title_en and i.source for i in ITEMS)


# For each item, a change to a statement that must make it missing.
BREAK = {
    "identification": lambda s: s.update(issued=""),
    "at-least-yearly": lambda s: s["period"].update(start="2024-01-01"),
    "receipts-by-mode": lambda s: s["receipts"][0].pop("territory"),
    "fee-and-costs": lambda s: s["agreements"][0].pop("fee_period"),
    "mg-recoupment": lambda s: s["agreements"][0].pop("mg_to_recoup"),
    "net-receipts": lambda s: s.pop("rnpp"),
    "public-support": lambda s: s.pop("excluded"),
    "beneficiary-share": lambda s: s.pop("positions"),
    "paid-and-due": lambda s: s.pop("payments"),
}


@pytest.mark.parametrize("item", [i.id for i in ITEMS])
def test_each_item_is_checked(statements: list[dict[str, Any]], item: str) -> None:
    st = deepcopy(next(s for s in statements if s["beneficiary"]["id"] == "riaux"))
    BREAK[item](st)
    assert missing(st) == [item]
