"""Catalogues: a statement file covering many works, a beneficiary's statement across their
works, cross-collateralisation, hand-computed.

Two copies of the small case (tests/test_finance_waterfall's docstring): work ``a`` with its
three half-years, work ``b`` with 2025-H1 only; the distributor sends one 2025-H1 statement for
both (a ``Title`` column). As of 2026-06-30: the author earned 5 000 on ``a`` (4 500 against the
advance, 500 owed) and 4 000 on ``b`` (all against its 4 500 advance, 0 owed): 500 due in all.
Cross-collateralised, the pool has earned 9 000 against 9 000 of advances: nothing due. The
co-producer: 38 000 on ``a`` + 30 400 on ``b`` (10 000 + 40 % x 51 000) = 68 400.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile
from imagia.finance import portfolio
from imagia.finance.work import load
from tests.finance_util import MAPPING, SMALL_LINES, contract, write_work

D = Decimal


def _catalogue(root: Path, cross: bool = False, extra_row: list[str] | None = None) -> Path:
    root.mkdir(parents=True)
    (root / "shared").mkdir()
    with (root / "shared" / "dist-2025-H1.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Date", "Title", "Kind", "Amount"])
        for title in ("Film A", "Film B"):
            for d, kind, amount in SMALL_LINES["2025-H1"]:
                w.writerow([d, title, kind, amount])
        if extra_row:
            w.writerow(extra_row)
    shared = {**MAPPING, "id": "shared", "columns": {**MAPPING["columns"], "work": "Title"}}
    shared["columns"].pop("description")
    for wid, periods in (("a", ("2025-H2", "2026-H1")), ("b", ())):
        raw = contract(work={**contract()["work"], "id": wid, "title": f"Film {wid.upper()}"})
        c = write_work(root / wid, raw, {p: SMALL_LINES[p] for p in periods})
        (c.parent / "mappings" / "shared.yaml").write_text(yaml.safe_dump(shared), encoding="utf-8")
        rec = yaml.safe_load((c.parent / "received.yaml").read_text())
        rec["statements"].insert(
            0,
            {
                "file": "../shared/dist-2025-H1.csv",
                "mapping": "mappings/shared.yaml",
                "period": "2025-H1",
            },
        )
        (c.parent / "received.yaml").write_text(yaml.safe_dump(rec), encoding="utf-8")
    cat: dict[str, Any] = {
        "schema": "Catalogue.1",
        "works": [
            {"id": "a", "title": "Film A", "folder": "a"},
            {"id": "b", "title": "Film B", "folder": "b"},
        ],
    }
    if cross:
        cat["cross_collateralised"] = [{"party": "auth", "works": ["a", "b"], "clause": "art. 7"}]
    (root / "catalogue.yaml").write_text(yaml.safe_dump(cat), encoding="utf-8")
    return root


def test_one_statement_file_for_many_works(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "cat")
    a, b = load(root / "a"), load(root / "b")
    assert [ln.where for ln in b.lines] == [f"../shared/dist-2025-H1.csv:{r}" for r in (5, 6, 7)]
    assert len(a.lines) == 3 + 2 + 1


def test_unknown_work_is_an_error_naming_the_row(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "cat", extra_row=["2025-04-01", "Film Z", "receipt", "10.00"])
    with pytest.raises(BadFile, match=r"row 8, work \(column 'Title'\): unknown work 'Film Z'"):
        load(root / "a")


def test_statement_across_works_and_cross_collateralisation(tmp_path: Path) -> None:
    cat, works = portfolio.load_works(_catalogue(tmp_path / "plain"))
    st = portfolio.statement(cat, works, "auth", "2026-H1", date(2026, 7, 15))
    assert [(r.work, r.earned, r.advance, r.due) for r in st.rows] == [
        ("a", D("5000.00"), D("4500.00"), D("500.00")),
        ("b", D("4000.00"), D("4500.00"), D("0.00")),
    ]
    assert st.totals == {"EUR": {"entitled": D("500.00"), "paid_before": 0, "due": D("500.00")}}
    cop = portfolio.statement(cat, works, "cop", "2026-H1", date(2026, 7, 15))
    assert [r.entitled for r in cop.rows] == [38000, D("30400.00")]
    assert cop.totals["EUR"]["due"] == D("68400.00")
    cat, works = portfolio.load_works(_catalogue(tmp_path / "crossed", cross=True))
    st = portfolio.statement(cat, works, "auth", "2026-H1", date(2026, 7, 15))
    assert st.pools[0]["works"] == ["a", "b"] and st.pools[0]["clause"] == "art. 7"
    assert (st.pools[0]["earned"], st.pools[0]["advance"], st.pools[0]["due"]) == (9000, 9000, 0)
    assert st.totals["EUR"]["due"] == 0


def test_catalogue_job_writes_one_statement_per_beneficiary(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "cat", cross=True)
    ws = wsmod.init(tmp_path / "ws")
    params = {"catalogue": str(root / "catalogue.yaml"), "period": "2026-H1", "date": "2026-07-15"}
    job = jobmod.run(
        ws, jobmod.submit(ws, "finance-catalogue", params, [root / "catalogue.yaml"]).id
    )
    got = {s["beneficiary"]["id"]: s for s in job.result["statements"]}
    assert set(got) == {"auth", "fin", "cop"}
    assert (
        got["auth"]["totals"]["EUR"]["due"] == "0.00"
        and got["cop"]["totals"]["EUR"]["due"] == "68400.00"
    )
    assert any(o["kind"] == "catalogue-statement/json" for o in job.outputs)


def test_a_catalogue_yaml_of_another_kind_beside_a_work_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "catalogue.yaml").write_text("schema: UseCase.1\nid: x\n", encoding="utf-8")
    w = load(write_work(tmp_path / "w"))
    assert len(w.lines) == 6
