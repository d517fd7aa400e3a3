"""The PDF statement a producer or an author reads: French letters, dates in the reader's
locale, the statement's number and payment date, the ledger's payments, no internal ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from imagia.finance import render
from imagia.finance.jobs import sample_dir
from imagia.finance.statements import Builder
from imagia.finance.work import load


@pytest.mark.skipif(render.unicode_font() is None, reason="no Unicode TrueType font here")
def test_pdf_reads_in_french_without_internal_ids(tmp_path: Path) -> None:
    w = load(sample_dir())
    st = Builder(w, issued=date(2026, 7, 31)).statement("riaux", "2026-H1", "fr")
    st.number = "les-heures-claires-0012"
    with pdfplumber.open(render.write_pdf(st, tmp_path / "s.pdf")) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    for want in (
        "Œuvre",
        "Les Heures claires",
        "Relevé n° les-heures-claires-0012",
        "1er janvier 2026 – 30 juin 2026",
        "Établi le 31 juillet 2026",
        "Date de paiement 30 août 2026",
        "Déjà réglé (registre des paiements)",
        "16 mars 2026 VIR-20260316-RX virement",
        "2 762,03 EUR",
    ):
        assert want in text.replace("\u00a0", " "), want
    ids = ["(riaux)", "riaux-screenplay", "rivages-theatrical", "northlight-international", "#"]
    for internal in ids:
        assert internal not in text, internal


def test_owner_summary_lists_what_it_owes_and_keeps(tmp_path: Path) -> None:
    w = load(sample_dir())
    b = Builder(w, issued=date(2026, 7, 31))
    owner = b.statement("quai", "2026-H1", "en")
    others = {s.beneficiary_name: s for s in b.all("2026-H1") if s.beneficiary != "quai"}
    assert [o["beneficiary"] for o in owner.owes] == list(others)
    for o in owner.owes:
        s = others[o["beneficiary"]]
        assert (o["entitled"], o["paid_before"], o["due"]) == (s.entitled, s.paid_before, s.due)
    keeps = b.at(date(2026, 6, 30)).allocated_to("quai")
    assert owner.reasons == [f"Owner of the recoupment plan: retains {owner.money(keeps)}"]
    with pdfplumber.open(render.write_pdf(owner, tmp_path / "o.pdf")) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "What the owner owes each beneficiary" in text and "Paul Riaux" in text


def test_vat_and_withholding_lines_where_they_apply(tmp_path: Path) -> None:
    """The author invoices 10 % VAT and 15 % is withheld at source: 500 due (hand computation
    of test_finance_waterfall, 2026-H1), VAT 50, withheld 75, payable 475."""
    import openpyxl

    from tests.finance_util import contract, write_work

    raw = contract()
    raw["parties"] = [
        {**p, "vat": "10%", "withholding": "15%"} if p["id"] == "auth" else p
        for p in raw["parties"]
    ]
    b = Builder(load(write_work(tmp_path / "w", raw)), issued=date(2026, 7, 15))
    st = b.statement("auth", "2026-H1", "fr")
    assert (st.due, st.vat, st.withheld, st.payable) == (500, 50, 75, 475)
    assert st.to_dict()["payable"] == "475.00"
    cells = [
        v
        for row in openpyxl.load_workbook(render.write_xlsx(st, tmp_path / "a.xlsx"))
        .worksheets[0]
        .iter_rows(values_only=True)
        for v in row
    ]
    assert "TVA (10\u00a0%)" in cells and "Retenue à la source (15\u00a0%)" in cells
    assert "Net à payer" in cells
    cop = b.statement("cop", "2026-H1", "en")
    assert (cop.vat, cop.withheld, cop.payable) == (0, 0, cop.due)
    cells = [
        v
        for row in openpyxl.load_workbook(render.write_xlsx(cop, tmp_path / "c.xlsx"))
        .worksheets[0]
        .iter_rows(values_only=True)
        for v in row
    ]
    assert "Amount payable" not in cells
