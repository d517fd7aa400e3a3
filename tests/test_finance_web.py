"""The result views of the finance tools read in French and in English, with no raw field names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs as jobmod
from imagia.core.workspace import Workspace
from imagia.finance.jobs import input_files
from tests.finance_util import write_payments, write_work


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws)) as c:
        yield c


def _page(client: TestClient, job_id: str, lang: str) -> str:
    resp = client.get(f"/jobs/{job_id}", headers={"Accept-Language": lang})
    assert resp.status_code == 200, resp.text
    text = re.sub(r"<script.*?</script>", "", resp.text, flags=re.S)
    for raw in ("paid_before", "nothing_due", "payment_date", "True", "False", "None"):
        assert raw not in text, raw
    return text


def test_issue_view_in_both_languages(ws: Workspace, client: TestClient, tmp_path: Path) -> None:
    c = write_work(tmp_path / "w")
    write_payments(c.parent, [("2025-07-31", "cop", "30400.00", "VIR-2")])
    params = {"work": str(c), "period": "2025-H2", "date": "2026-01-15"}
    job = jobmod.run(ws, jobmod.submit(ws, "finance-issue", params, input_files(c)).id)
    fr = _page(client, job.id, "fr-FR")
    assert "Relevés émis" in fr and "small-0003" in fr and "15 janvier 2026" in fr
    assert "VIR-2" in fr and "virement" in fr and "30 400,00 EUR" in fr
    assert 'close par le relevé n° <span translate="no">small-0001</span>' in fr
    en = _page(client, job.id, "en-GB")
    assert "Statements issued" in en and "Paid before (payments ledger)" in en
    assert "EUR 30,400.00" in en and "15 January 2026" in en and "transfer" in en


def test_catalogue_view_in_both_languages(ws: Workspace, client: TestClient) -> None:
    from imagia.finance.demo import catalogue_example

    params, inputs = catalogue_example(ws)
    job = jobmod.run(ws, jobmod.submit(ws, "finance-catalogue", params, inputs).id)
    fr = _page(client, job.id, "fr-FR")
    assert "Paul Riaux" in fr and "Montant dû" in fr and "Les Heures claires" in fr
    en = _page(client, job.id, "en-GB")
    assert "Amount due" in en and "Total EUR" in en and "EUR 2,762.03" in en


def test_statements_view_in_both_languages(
    ws: Workspace, client: TestClient, tmp_path: Path
) -> None:
    c = write_work(tmp_path / "w")
    write_payments(c.parent, [("2025-07-31", "cop", "30400.00", "VIR-2")])
    params = {"work": str(c), "period": "2025-H2", "formats": "json"}
    job = jobmod.run(ws, jobmod.submit(ws, "finance-statements", params, input_files(c)).id)
    fr = _page(client, job.id, "fr-FR")
    assert "Relevés par bénéficiaire" in fr and "1er juillet 2025" in fr
    assert "Déjà réglé (registre des paiements)" in fr and "30 400,00 EUR" in fr
    assert "VIR-2" in fr and "virement" in fr and "titulaire du plan" in fr
    en = _page(client, job.id, "en-GB")
    assert "Statements by beneficiary" in en and "1 July 2025" in en
    assert "EUR 30,400.00" in en and "transfer" in en and "RNPP in the period" in en


def test_waterfall_view_shows_the_pool(ws: Workspace, client: TestClient, tmp_path: Path) -> None:
    from tests.test_finance_cross import _slate

    root = _slate(tmp_path / "slate")
    c = root / "a" / "contracts.yaml"
    params = {"work": str(c), "as_of": "2025-06-30"}
    job = jobmod.run(ws, jobmod.submit(ws, "finance-waterfall", params, input_files(c)).id)
    fr = _page(client, job.id, "fr-FR").replace("\u202f", " ").replace("\u00a0", " ")
    assert "Compensation des MG entre œuvres" in fr and "29 801,32" in fr and "slate-2025" in fr
    en = _page(client, job.id, "en-GB")
    assert "MGs cross-collateralised between works" in en and "29,801.32" in en
    assert "10,198.68" in en  # the overage left after the pool
