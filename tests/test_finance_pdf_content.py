"""What the statement PDF carries, read back from its text (pdfplumber): per period and
cumulative, gross by mode of exploitation and territory, each deduction, what is still to
recoup, overage, RNPP, the beneficiary's terms, paid before, due now, number, payment date,
VAT; names rather than ids, French typography and dates in the reader's locale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from imagia.finance import render
from imagia.finance.jobs import sample_dir
from imagia.finance.statements import Builder
from imagia.finance.work import load

pytestmark = pytest.mark.skipif(render.unicode_font() is None, reason="no Unicode font here")


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(load(sample_dir()), issued=date(2026, 7, 31))


def test_french_statement_carries_every_item(builder: Builder, tmp_path: Path) -> None:
    st = builder.statement("riaux", "2026-H1", "fr")
    st.number = "les-heures-claires-0012"
    text = _text(render.write_pdf(st, tmp_path / "fr.pdf"))
    for want in (
        "Œuvre Les Heures claires",
        "Relevé n° les-heures-claires-0012",
        "Date de paiement 30 août 2026",
        "Poste Période Cumul",
        # Gross by mode of exploitation and territory, period then cumulative.
        "VàD à l’acte – Sillage Vidéo CH 2 450,00 EUR 2 450,00 EUR",
        "International – Northlight Sales KR 15 480,00 EUR 15 480,00 EUR",
        # Each deduction and what is still to recoup, period and cumulative.
        "Commission de distribution 315,00 EUR 178 192,40 EUR",
        "Frais récupérés 2 300,00 EUR 26 300,00 EUR",
        "Minimum garanti récupéré 735,00 EUR 115 062,25 EUR",
        "Minimum garanti restant à récupérer 134 937,75 EUR",
        "Frais d’édition (P&A) restant à récupérer 0,00 EUR",
        "Surplus (au-delà du MG) 29 184,00 EUR 94 627,60 EUR",
        "Licence restant à encaisser 180 000,00 EUR",
        "Recettes nettes part producteur (RNPP) 138 101,50 EUR 1 084 673,60 EUR",
        # The beneficiary's share, paid before (ledger), due now.
        "2 % des recettes nettes part producteur 138 101,50 EUR 1 084 673,60 EUR "
        "2 762,03 EUR 21 693,47 EUR",
        "Déjà réglé (registre des paiements) 3 931,44 EUR",
        "16 mars 2026 VIR-20260316-RX virement 3 931,44 EUR",
        "Montant dû pour la période 2 762,03 EUR",
        "RNPP : 1 084 673,60 EUR",  # French typography: a space before the colon
    ):
        assert want in text, want
    for internal in ("riaux-screenplay", "rivages-theatrical", "(riaux)", "contracts.yaml#"):
        assert internal not in text, internal
    assert "d'" not in text  # the typographic apostrophe throughout


def test_english_statement_and_vat(builder: Builder, tmp_path: Path) -> None:
    st = builder.statement("riaux", "2026-H1", "en")
    text = _text(render.write_pdf(st, tmp_path / "en.pdf"))
    for want in (
        "Work Les Heures claires",
        "Period 1 January 2026 – 30 June 2026",
        "Item Period Cumulative",
        "P&A expenses still to recoup EUR 0.00",
        "Minimum guarantee still to recoup EUR 134,937.75",
        "2% of the producer's net receipts EUR 138,101.50 EUR 1,084,673.60 EUR 2,762.03",
        "Amount due for the period EUR 2,762.03",
    ):
        assert want in text, want
    assert "Œuvre" not in text and "Période" not in text


def test_vat_line_and_amount_payable_in_the_pdf(tmp_path: Path) -> None:
    from tests.finance_util import contract, write_work

    raw = contract()
    raw["parties"] = [{**p, "vat": "10%"} if p["id"] == "auth" else p for p in raw["parties"]]
    b = Builder(load(write_work(tmp_path / "w", raw)), issued=date(2026, 7, 15))
    st = b.statement("auth", "2026-H1", "fr")
    text = _text(render.write_pdf(st, tmp_path / "vat.pdf"))
    assert "TVA (10 %) 50,00 EUR" in text
    assert "Net à payer 550,00 EUR" in text
