"""The production cost account and financing plan of the example work, computed by hand:
costs 85 000 + 180 000 + 520 000 + 410 000 + 310 000 + 190 000 + 145 000 + 160 000 + 230 000
+ 42 000 + 150 000 + 20 000 = 2 442 000; financing 210 000 + 400 000 + 350 000 + 300 000 +
500 000 + 250 000 + 180 000 + 230 000 = 2 420 000; gap -22 000; pre-sales 430 000 = 17.8 %."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs as jobmod
from imagia.core.errors import BadFile, ImagiaError
from imagia.core.workspace import Workspace
from imagia.finance import costs
from imagia.finance.demo import costs_example
from imagia.finance.jobs import sample_dir


def test_sample_account_adds_up() -> None:
    a = costs.account(sample_dir(), "EUR")
    assert (a["cost"]["total"], a["financing"]["total"], a["gap"]) == (
        "2442000.00",
        "2420000.00",
        "-22000.00",
    )
    plan = {f["kind"]: f for f in a["financing"]["plan"]}
    assert plan["presale"]["amount"] == "430000.00" and plan["presale"]["share_percent"] == "17.8"
    assert [h["category"] for h in a["cost"]["headings"]][:3] == ["development", "rights", "crew"]


def test_bad_cost_rows_name_the_row(tmp_path: Path) -> None:
    (tmp_path / "costs.csv").write_text(
        "date,category,description,amount\n2024-01-01,catering,lunch,10.00\n", encoding="utf-8"
    )
    with pytest.raises(BadFile, match=r"costs\.csv: row 2, category: 'catering' is not one of"):
        costs.account(tmp_path, "EUR")
    (tmp_path / "costs.csv").write_text(
        'date,category,description,amount\n2024-01-01,crew,x,"1,5"\n', encoding="utf-8"
    )
    with pytest.raises(BadFile, match=r"row 2, amount: '1,5' is not an amount"):
        costs.account(tmp_path, "EUR")


def test_costs_job_workbook_and_view(ws: Workspace) -> None:
    params, inputs = costs_example(ws)
    job = jobmod.run(ws, jobmod.submit(ws, "finance-costs", params, inputs).id)
    xlsx = next(o["path"] for o in job.outputs if o["kind"] == "costs/xlsx")
    wb = openpyxl.load_workbook(ws.root / xlsx)
    assert wb.sheetnames == ["Compte de production", "Plan de financement"]
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    assert ("Écart financement - coût", None, -22000) in [r[:3] for r in rows]
    with TestClient(create_app(ws)) as client:
        fr = client.get(f"/jobs/{job.id}", headers={"Accept-Language": "fr-FR"}).text
        en = client.get(f"/jobs/{job.id}", headers={"Accept-Language": "en-GB"}).text
    assert "Plan de financement" in fr and "-22 000,00 EUR" in fr and "17,8 %" in fr
    assert "Financing plan" in en and "EUR -22,000.00" in en and "Pre-sales" in en
    for raw in ("share_percent", "label_en", "post_production"):
        assert raw not in fr and raw not in en


def test_cost_account_pdf_numbered_and_checksummed(ws: Workspace) -> None:
    """The PDF in French and English (the sample's hand-computed totals above), numbered
    accounts in the workspace's register with the SHA-256 of every file and ledger."""
    import json

    import pdfplumber

    from imagia.core.provenance import sha256_file
    from imagia.finance import costdoc, render

    params, inputs = costs_example(ws)
    params = {**params, "lang": "both", "date": "2026-09-15"}
    job = jobmod.run(ws, jobmod.submit(ws, "finance-costs", params, inputs).id)
    assert job.result["number"] == "les-heures-claires-CP-0001"
    pdfs = {
        Path(o["path"]).name: ws.root / o["path"] for o in job.outputs if o["kind"] == "costs/pdf"
    }
    assert set(pdfs) == {"les-heures-claires-CP-0001.fr.pdf", "les-heures-claires-CP-0001.en.pdf"}
    texts = {}
    for name, path in pdfs.items():
        with pdfplumber.open(path) as pdf:
            texts[name] = "\n".join(p.extract_text() or "" for p in pdf.pages).replace(
                "\u00a0", " "
            )
    fr, en = texts["les-heures-claires-CP-0001.fr.pdf"], texts["les-heures-claires-CP-0001.en.pdf"]
    if render.unicode_font() is not None:
        assert "Œuvre Les Heures claires" in fr
    for want in (
        "Compte n° les-heures-claires-CP-0001",
        "Établi le 15 septembre 2026",
        "Producteur délégué Les Films du Quai",
        "Coût définitif de l’œuvre 2 442 000,00 EUR 100,0 %",
        "Total des financements 2 420 000,00 EUR 100,0 %",
        "Préventes et minima garantis 430 000,00 EUR 17,8 %",
        "Écart financement - coût -22 000,00 EUR",
        "Coût non couvert par le plan de financement : 22 000,00 EUR",
        "L.213-24",
    ):
        assert want in fr, want
    for want in (
        "Final cost of the work EUR 2,442,000.00 100.0%",
        "Pre-sales and minimum guarantees EUR 430,000.00 17.8%",
        "Drawn up on 15 September 2026",
        "Financing less cost -EUR 22,000.00",
    ):
        assert want in en, want
    reg = json.loads((ws.root / "finance" / "les-heures-claires.costs.json").read_text("utf-8"))
    assert reg["schema"] == costdoc.SCHEMA
    (e,) = reg["accounts"]
    assert {Path(f["path"]).suffix for f in e["files"]} == {".pdf", ".xlsx", ".json"}
    for f in e["files"]:
        assert sha256_file(ws.root / f["path"]) == f["sha256"]
    assert e["inputs"]["costs.csv"] == sha256_file(sample_dir() / "costs.csv")
    # A second account is the next number; an altered earlier file stops it.
    again = jobmod.run(ws, jobmod.submit(ws, "finance-costs", params, inputs).id)
    assert again.result["number"] == "les-heures-claires-CP-0002"
    pdfs["les-heures-claires-CP-0001.fr.pdf"].chmod(0o644)
    pdfs["les-heures-claires-CP-0001.fr.pdf"].write_bytes(b"%PDF-1.4 altered")
    with pytest.raises(ImagiaError, match="CP-0001.fr.pdf changed since"):
        jobmod.run(ws, jobmod.submit(ws, "finance-costs", params, inputs).id)
