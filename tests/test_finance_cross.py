"""Cross-collateralisation of a distributor's minimum guarantees between works (pools.py).

Hand-computed slate (30 % fee, no expenses, MG paid on 1 January 2025, author 10 % of RNPP):

- A: MG 100 000, gross 200 000 -> fee 60 000, net 140 000, excess 40 000;
- B: MG  80 000, gross  50 000 -> fee 15 000, net  35 000, shortfall 45 000;
- C: MG  30 000, gross  72 000 -> fee 21 600, net  50 400, excess 20 400.

Pooled (2025-H1): excesses 60 400, shortfalls 45 000, so 45 000 of the excesses recoup B's MG:
A gives 45 000 x 40 000 / 60 400 = 29 801.3245 -> 29 801.32, C gives 45 000 x 20 400 / 60 400
= 15 198.6755 -> 15 198.67 + the cent left (largest remainder, .0055 > .0045) = 15 198.68.
A's overage 40 000 - 29 801.32 = 10 198.68, C's 20 400 - 15 198.68 = 5 201.32; B's MG is fully
recouped (45 000 received). A's RNPP 100 000 + 10 198.68 = 110 198.68, its author 11 019.87
(without the pool: RNPP 140 000, author 14 000.00).

2025-H2: B earns 20 000 more (net +14 000): shortfall 31 000, all recouped by the excesses:
A gives 31 000 x 40 000 / 60 400 = 20 529.8013 -> 20 529.80, C 10 470.1987 -> 10 470.19 + 1 cent
= 10 470.20. A's overage (cumulative) 19 470.20, so 9 271.52 in the period; its author
11 947.02 cumulative (10 % of 119 470.20), 927.15 in the period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagia.core.errors import BadFile
from imagia.finance import waterfall
from imagia.finance.pools import Member, settle
from imagia.finance.statements import Builder
from imagia.finance.work import load as load_work
from tests.finance_util import write_work

H1 = date(2025, 6, 30)


def _contract(wid: str, mg: int, pool: str | None) -> dict[str, Any]:
    agr: dict[str, Any] = {
        "id": "dist-fr",
        "party": "dist",
        "channels": ["theatrical"],
        "territories": ["FR"],
        "start": "2025-01-01",
        "fees": [{"rate": "30%"}],
        "mg": mg,
        "payments": [{"date": "2025-01-01", "amount": mg}],
    }
    if pool:
        agr["cross_pool"] = pool
    return {
        "schema": "Contract.1",
        "work": {"id": wid, "title": f"Œuvre {wid.upper()}", "release": "2025-01-01"},
        "parties": [
            {"id": "prod", "name": "Prod SAS", "role": "producer"},
            {"id": "dist", "name": "Distrib", "role": "distributor"},
            {"id": "auth", "name": f"Autrice {wid}", "role": "author"},
        ],
        "agreements": [agr],
        "waterfall": {
            "owner": "prod",
            "remunerations": [{"id": "auth-pct", "party": "auth", "rate": "10%", "payer": "prod"}],
            "steps": [{"id": "rest", "kind": "split", "shares": [{"party": "prod", "share": 1}]}],
        },
        "accounting": {"frequency": "semiannual", "first_period": "2025-H1"},
    }


SLATE = {
    "a": (100000, {"2025-H1": [("2025-03-01", "receipt", "200000.00")]}),
    "b": (
        80000,
        {
            "2025-H1": [("2025-03-01", "receipt", "50000.00")],
            "2025-H2": [("2025-09-01", "receipt", "20000.00")],
        },
    ),
    "c": (30000, {"2025-H1": [("2025-04-01", "receipt", "72000.00")]}),
}


def _slate(root: Path, pool: str | None = "slate-2025", catalogue: bool = True) -> Path:
    for wid, (mg, stmts) in SLATE.items():
        write_work(root / wid, _contract(wid, mg, pool), stmts)
    if catalogue:
        cat = {
            "schema": "Catalogue.1",
            "works": [{"id": w, "title": f"Œuvre {w.upper()}", "folder": w} for w in SLATE],
        }
        (root / "catalogue.yaml").write_text(yaml.safe_dump(cat), encoding="utf-8")
    return root


def _agr(root: Path, wid: str, on: date) -> waterfall.AgreementPosition:
    return waterfall.compute(load_work(root / wid), on).agreements[0]


def test_pooled_mgs_recoup_across_works_to_the_cent(tmp_path: Path) -> None:
    root = _slate(tmp_path)
    a, b, c = (_agr(root, w, H1) for w in "abc")
    assert (a.net, a.mg_recouped, a.cross_given, a.overage) == (
        D("140000.00"),
        D("100000.00"),
        D("29801.32"),
        D("10198.68"),
    )
    assert (b.net, b.mg_recouped, b.cross_received, b.mg_to_recoup, b.overage) == (
        D("35000.00"),
        D("35000.00"),
        D("45000.00"),
        D("0.00"),
        0,
    )
    assert (c.cross_given, c.overage) == (D("15198.68"), D("5201.32"))
    assert a.cross_given + c.cross_given == b.cross_received
    res = waterfall.compute(load_work(root / "a"), H1)
    assert res.rnpp == D("110198.68")
    assert res.remunerations[0].earned == D("11019.87")
    assert res.total_in == res.total_allocated  # the excess given away stays accounted for
    assert res.allocated_to("dist", ("cross_recoupment",)) == D("29801.32")


def test_without_a_pool_each_work_stands_alone(tmp_path: Path) -> None:
    root = _slate(tmp_path, pool=None)
    a, b, c = (_agr(root, w, H1) for w in "abc")
    assert (a.overage, a.cross_given) == (D("40000.00"), 0)
    assert (b.mg_to_recoup, b.cross_received) == (D("45000.00"), 0)
    assert c.overage == D("20400.00")
    res = waterfall.compute(load_work(root / "a"), H1)
    assert (res.rnpp, res.remunerations[0].earned) == (D("140000.00"), D("14000.00"))


def test_statement_shows_the_pool_per_period_and_cumulative(tmp_path: Path) -> None:
    root = _slate(tmp_path)
    b = Builder(load_work(root / "a"), issued=date(2026, 1, 31))
    st = b.statement("auth", "2025-H2", lang="en")
    row = st.agreements[0]
    assert (row["cross_given"], row["cross_given_period"]) == (D("20529.80"), D("-9271.52"))
    assert (row["overage"], row["overage_period"]) == (D("19470.20"), D("9271.52"))
    assert row["cross_pool"] == "slate-2025"
    assert (st.entitled, st.rnpp[0]) == (D("11947.02"), D("9271.52"))
    h1 = b.statement("auth", "2025-H1", lang="en")
    assert h1.entitled == D("11019.87")
    assert st.entitled - h1.entitled == D("927.15")


def test_settle_splits_by_largest_remainder_and_conserves() -> None:
    got = settle(
        [
            Member("c", "x", D("50400"), D("30000")),
            Member("a", "x", D("140000"), D("100000")),
            Member("b", "x", D("35000"), D("80000")),
        ]
    )
    assert got[("a", "x")].given == D("29801.32")
    assert got[("c", "x")].given == D("15198.68")
    assert got[("b", "x")].received == D("45000.00")
    # More shortfall than excess: every excess goes, the shortfalls share it pro rata.
    two = settle(
        [
            Member("a", "x", D("110"), D("100")),
            Member("b", "x", D("0"), D("30")),
            Member("c", "x", D("0"), D("10")),
        ]
    )
    assert two[("a", "x")].given == 10
    assert (two[("b", "x")].received, two[("c", "x")].received) == (D("7.50"), D("2.50"))


def test_pool_without_catalogue_is_refused(tmp_path: Path) -> None:
    root = _slate(tmp_path, catalogue=False)
    with pytest.raises(BadFile, match=r"agreements\.dist-fr\.cross_pool: pool 'slate-2025'"):
        load_work(root / "a")


def test_pool_no_other_work_names_is_refused(tmp_path: Path) -> None:
    root = _slate(tmp_path)
    raw = _contract("a", 100000, "slate-2052")
    (root / "a" / "contracts.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(BadFile, match="no other work of the catalogue .* 'slate-2052'"):
        load_work(root / "a")


def test_pool_on_a_flat_licence_is_refused(tmp_path: Path) -> None:
    raw = _contract("a", 100000, "slate")
    raw["agreements"][0]["kind"] = "licence"
    raw["agreements"][0]["fees"] = []
    write_work(tmp_path / "a", raw, {})
    with pytest.raises(BadFile, match=r"contracts.yaml: agreements\.dist-fr\.cross_pool: a flat"):
        load_work(tmp_path / "a")


def test_pdf_statement_shows_the_pool(tmp_path: Path) -> None:
    import pdfplumber

    from imagia.finance import render

    if render.unicode_font() is None:
        pytest.skip("no Unicode font here")
    root = _slate(tmp_path / "slate")
    b = Builder(load_work(root / "a"), issued=date(2026, 1, 31))
    st = b.statement("auth", "2025-H2", lang="fr")
    with pdfplumber.open(render.write_pdf(st, tmp_path / "a.pdf")) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages).replace("\u00a0", " ")
    for want in (
        "Distrib — Groupe de compensation slate-2025",
        "Affecté aux MG d’autres œuvres (compensation inter-films) -9 271,52 EUR 20 529,80 EUR",
        "Surplus (au-delà du MG) 9 271,52 EUR 19 470,20 EUR",
        "MG récupéré sur les recettes d’autres œuvres (compensation inter-films) 0,00 EUR 0,00 EUR",
    ):
        assert want in text, want
    import openpyxl

    rnpp = openpyxl.load_workbook(render.write_xlsx(st, tmp_path / "a.xlsx"))["RNPP"]
    head = [c.value for c in rnpp[1]]
    row = dict(zip(head, [c.value for c in rnpp[2]], strict=True))
    assert row["Affecté aux MG d'autres œuvres (compensation inter-films) — Cumul"] == 20529.8
    assert row["Recettes nettes part producteur (RNPP) — Période"] == 9271.52
    b2 = Builder(load_work(root / "b"), issued=date(2026, 1, 31))
    st2 = b2.statement("auth", "2025-H1", lang="en")
    assert st2.agreements[0]["cross_received"] == D("45000.00")
    assert st2.agreements[0]["mg_to_recoup"] == 0
