"""Anomaly findings read in French and in English: rates, amounts with their currency, the source
rows; and their status in the job's outputs and the web view."""

from __future__ import annotations

import csv
from pathlib import Path

from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs as jobmod
from imagia.core.workspace import Workspace
from imagia.finance import anomalies
from imagia.finance.jobs import input_files, sample_dir
from imagia.finance.work import load
from tests.finance_util import write_work
from tests.test_finance_anomalies import CLEAN


def test_fee_finding_in_both_languages_with_the_rates(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H1": [*CLEAN["2025-H1"], ("2025-06-30", "fee", "28000.00")]}
    (f,) = anomalies.check(load(write_work(tmp_path / "w", statements=st)))
    # 28 000 reported on 80 000 of gross: 35 %, where the contract's 30 % gives 24 000.
    assert f.message == (
        "Distrib reports fees of EUR 28,000.00 to 2025-06-30; the contract's fees come to "
        "EUR 24,000.00 (EUR 4,000.00 too much; 35.0% of gross vs 30.0% by contract)"
    )
    assert f.message_fr == (
        "Distrib déclare 28 000,00 EUR de commissions au 30 juin 2025 ; le contrat donne "
        "24 000,00 EUR (4 000,00 EUR de trop ; 35,0\u00a0% du brut au lieu de 30,0\u00a0%)"
    )
    assert f.currency == "EUR" and f.evidence == ["statements/dist-2025-H1.csv:5"]


def test_sample_finding_in_french() -> None:
    (f,) = anomalies.check(load(sample_dir()))
    assert f.message_fr.startswith("Northlight") and "hors des droits cédés" in f.message_fr
    assert "International en BE" in f.message_fr


def test_findings_view_and_csv_in_both_languages(ws: Workspace, tmp_path: Path) -> None:
    c = write_work(tmp_path / "w")  # its expenses go over the cap
    job = jobmod.run(
        ws, jobmod.submit(ws, "finance-anomalies", {"work": str(c)}, input_files(c)).id
    )
    out = next(o["path"] for o in job.outputs if o["kind"] == "anomalies/csv")
    with (ws.root / out).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["status"] == "open" and rows[0]["message_fr"].startswith("Distrib a imputé")
    with TestClient(create_app(ws)) as client:
        fr = client.get(f"/jobs/{job.id}", headers={"Accept-Language": "fr-FR"}).text
        en = client.get(f"/jobs/{job.id}", headers={"Accept-Language": "en-GB"}).text
    assert "Frais au-delà du plafond" in fr and "non récupérables" in fr and "ouvert" in fr
    assert "Expenses over their cap" in en and "not recoupable" in en and "open" in en
    assert "statements/dist-2025-H1.csv:4" in fr
    for raw in ("message_fr", ">warning<", ">open<", "True", "None"):
        assert raw not in fr, raw
