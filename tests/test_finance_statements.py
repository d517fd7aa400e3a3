"""Statements per beneficiary and period: amounts due, nothing due, FR/EN, PDF/XLSX/JSON."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from imagia.core.errors import BadValue, NotFound
from imagia.finance import render
from imagia.finance.jobs import sample_dir
from imagia.finance.statements import Builder
from imagia.finance.work import Work, load
from tests.finance_util import write_payments, write_work

D = Decimal


# What the 2025-H1 statements said was due, paid on 2025-07-31 (the payments ledger).
PAID = [("2025-07-31", "fin", "5000.00", "VIR-1"), ("2025-07-31", "cop", "30400.00", "VIR-2")]


@pytest.fixture
def work(tmp_path: Path) -> Work:
    c = write_work(tmp_path / "small")
    write_payments(c.parent, PAID)
    return load(c)


@pytest.fixture
def builder(work: Work) -> Builder:
    return Builder(work, issued=date(2026, 7, 15))


def test_amounts_due_follow_the_hand_computation(work: Work, builder: Builder) -> None:
    # See the docstring of test_finance_waterfall for the hand computation.
    h1 = {s.beneficiary: s for s in Builder(work, issued=date(2025, 7, 15)).all("2025-H1")}
    assert list(h1) == ["auth", "fin", "cop", "prod"]
    assert (h1["fin"].due, h1["cop"].due, h1["auth"].due) == (5000, D("30400.00"), 0)
    assert h1["auth"].nothing_due and "500" in h1["auth"].reasons[0]
    assert h1["cop"].paid_before == 0 and h1["cop"].payments == []
    h3 = {s.beneficiary: s for s in builder.all("2026-H1")}
    assert [p["reference"] for p in h3["cop"].payments] == ["VIR-2"]
    assert (h3["cop"].entitled, h3["cop"].paid_before, h3["cop"].due) == (
        38000,
        D("30400.00"),
        D("7600.00"),
    )
    assert h3["auth"].due == 500 and h3["fin"].due == 0
    fin = builder.statement("fin", "2026-H1", "en")
    assert fin.nothing_due and fin.reasons == [
        "cap of EUR 5,000.00 of step \u201cfin-corridor\u201d reached"
    ]


def test_statement_is_produced_when_nothing_is_due(builder: Builder, tmp_path: Path) -> None:
    # 2025-H2: the MG is not recouped, RNPP does not move: nothing due to anyone.
    for st in builder.all("2025-H2"):
        assert st.due == 0 and st.nothing_due
        pdf = render.write_pdf(st, tmp_path / f"{st.beneficiary}.pdf")
        xlsx = render.write_xlsx(st, tmp_path / f"{st.beneficiary}.xlsx")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1500
        ws = openpyxl.load_workbook(xlsx).worksheets[0]
        cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        if st.beneficiary != "prod":
            assert (
                "Aucune somme n'est due pour cette période." in cells
                or "Nothing is due for this period." in cells
            )
    assert builder.statement("auth", "2025-H2").lang == "en"  # the party's language


def test_french_and_english_statements(builder: Builder, tmp_path: Path) -> None:
    fr = builder.statement("cop", "2026-H1", "fr")
    en = builder.statement("cop", "2026-H1", "en")
    assert fr.money(fr.due) == "7 600,00 EUR" and en.money(en.due) == "EUR 7,600.00"
    wb = openpyxl.load_workbook(render.write_xlsx(fr, tmp_path / "fr.xlsx"))
    assert wb.sheetnames == ["Relevé de comptes", "Recettes", "RNPP", "Piste d'audit"]
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert ("Montant dû pour la période", None, None, 7600) in [r[:4] for r in rows]
    wb = openpyxl.load_workbook(render.write_xlsx(en, tmp_path / "en.xlsx"))
    assert wb.sheetnames[0] == "Statement of account"
    assert render.write_pdf(en, tmp_path / "en.pdf").read_bytes()[:4] == b"%PDF"


def test_statement_audit_trail_reaches_source_rows_and_clauses(builder: Builder) -> None:
    st = builder.statement("cop", "2026-H1")
    data = st.to_dict()
    assert data["schema"] == "Statement.1"
    sources = " ".join(a["sources"] for a in data["audit"])
    clauses = " ".join(a["clause"] for a in data["audit"])
    assert "statements/dist-2025-H1.csv: 2-3" in sources  # the two receipt rows
    assert "statements/dist-2026-H1.csv: 2" in sources
    assert "agreements[dist-fr].fees" in clauses and "waterfall.steps[invest].shares" in clauses
    json.dumps(data)  # JSON-able


def test_receipts_by_channel_and_territory_per_period(builder: Builder) -> None:
    st = builder.statement("cop", "2025-H2")
    assert st.receipts == [
        {
            "agreement": "dist-fr",
            "party": "Distrib",
            "channel": "theatrical",
            "channel_label": "Salles",
            "territory": "FR",
            "period": D("70000.00"),
            "cumulative": D("150000.00"),
        }
    ]
    a = st.agreements[0]
    assert (a["fee_period"], a["mg_recouped_period"], a["mg_to_recoup"]) == (16000, 44000, 20000)


def test_sample_work_statements(tmp_path: Path) -> None:
    b = Builder(load(sample_dir()))
    sts = {s.beneficiary: s for s in b.all("2026-H1")}
    assert set(sts) == {"morel", "riaux", "horizon", "meuse", "quai"}
    assert sts["morel"].nothing_due  # the director's advance is not recouped yet
    assert sts["riaux"].due > 0 and sts["meuse"].due > 0
    for st in sts.values():
        render.write_pdf(st, tmp_path / f"{st.beneficiary}.pdf")
        render.write_xlsx(st, tmp_path / f"{st.beneficiary}.xlsx")
    usd = sts["meuse"].rates
    assert usd and usd[0]["currency"] == "USD"


def test_unknown_beneficiary_and_period(builder: Builder) -> None:
    with pytest.raises(NotFound, match="beneficiary 'coo'"):
        builder.statement("coo", "2025-H1")
    with pytest.raises(BadValue, match="period '2025-S1'"):
        builder.statement("cop", "2025-S1")
