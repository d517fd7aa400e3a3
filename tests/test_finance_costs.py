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
from imagia.core.errors import BadFile
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
