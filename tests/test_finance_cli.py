"""``imagia finance ...`` end to end on the shipped example work, and the tools' demos."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.registry import get_tool, load_ref, tools_for
from imagia.finance.jobs import sample_dir

runner = CliRunner()


def _json(*args: str) -> dict[str, Any]:
    r = runner.invoke(app, ["finance", *args, "--json"])
    assert r.exit_code == 0, r.output
    data: dict[str, Any] = json.loads(r.stdout)
    return data


def test_waterfall_statements_anomalies_on_the_sample(tmp_path: Path) -> None:
    work = tmp_path / "work"
    r = runner.invoke(app, ["finance", "sample", str(work)])
    assert r.exit_code == 0, r.output
    ws = str(tmp_path / "ws")
    wf = _json("waterfall", str(work), "-w", ws, "--as-of", "2026-H1")
    assert wf["as_of"] == "2026-06-30" and wf["total_in"] == wf["total_allocated"]
    assert wf["lines"] == 74
    out = next(o["path"] for o in wf["outputs"] if o["kind"] == "waterfall/json")
    data = json.loads((tmp_path / "ws" / out).read_text())
    assert data["schema"] == "Waterfall.1" and data["provenance"]["tool"] == "finance-waterfall"

    st = _json("statements", str(work), "-w", ws, "--period", "2026-H1", "--lang", "en")
    by = {s["beneficiary"]: s for s in st["statements"]}
    assert by["morel"]["nothing_due"] and "advance of EUR 30,000.00" in by["morel"]["reasons"][0]
    assert len(st["outputs"]) == 3 * 5
    xlsx = next(o["path"] for o in st["outputs"] if o["path"].endswith("morel.en.xlsx"))
    rows = list(
        openpyxl.load_workbook(tmp_path / "ws" / xlsx).worksheets[0].iter_rows(values_only=True)
    )
    cells = [c for row in rows for c in row if c is not None]
    assert "Nothing is due for this period." in cells
    assert "advance of EUR 5,000.00 not yet recouped (EUR 1,594.03 still to recoup)" in cells

    an = _json("anomalies", str(work), "-w", ws)
    assert [f["check"] for f in an["findings"]] == ["not-granted"]


def test_plain_output_and_import(tmp_path: Path) -> None:
    root = sample_dir()
    r = runner.invoke(
        app,
        [
            "finance",
            "statements",
            str(root),
            "-w",
            str(tmp_path / "ws"),
            "-b",
            "riaux",
            "--formats",
            "json",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Paul Riaux" in r.stdout and "due 2762.03" in r.stdout
    out = tmp_path / "lines.csv"
    got = _json(
        "import",
        str(root / "statements" / "northlight-2025-H1.csv"),
        "-m",
        str(root / "mappings" / "northlight.yaml"),
        "-c",
        str(root / "contracts.yaml"),
        "-p",
        "2025-H1",
        "-o",
        str(out),
    )
    # 60 000 + 25 000 EUR, 90 000 + 20 000 USD at 0.9620.
    assert got["by_kind"] == {"receipt": "190820.00", "expense": "18500.00"}
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("source,row,party,date")
    r = runner.invoke(app, ["finance", "schema"])
    assert json.loads(r.stdout)["title"] == "Contract"


def test_tools_are_declared_with_runnable_demos(tmp_path: Path) -> None:
    tools = tools_for("rights-accounting")
    assert [t.id for t in tools] == [
        "finance-anomalies",
        "finance-catalogue",
        "finance-costs",
        "finance-issue",
        "finance-statements",
        "finance-waterfall",
    ]
    ws = wsmod.init(tmp_path / "demo")
    for t in tools:
        assert t.status == "runs" and t.demo
        params, inputs = load_ref(t.demo)(ws)
        job = jobmod.run(ws, jobmod.submit(ws, t.id, params, inputs).id)
        assert job.status == "done" and job.outputs, t.id
    assert get_tool("finance-statements").load().__name__ == "run_statements"


def test_declarations_and_cli_module_stay_light() -> None:
    code = (
        "import sys, imagia.finance.declare, imagia.cli.finance; "
        "print(any(m in sys.modules for m in ('openpyxl', 'fpdf', 'imagia.finance.render')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"


def test_web_view_draws_the_waterfall(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    ws = wsmod.init(tmp_path / "web")
    params, inputs = load_ref(get_tool("finance-waterfall").demo or "")(ws)
    job = jobmod.run(ws, jobmod.submit(ws, "finance-waterfall", params, inputs).id)
    with TestClient(create_app(ws)) as client:
        for lang, needle in (("fr", "La cascade"), ("en", "The waterfall")):
            r = client.get(f"/jobs/{job.id}", headers={"accept-language": lang})
            assert r.status_code == 200
            assert needle in r.text and "<svg" in r.text and "data-rnpp" in r.text
        assert "1,084,673.60" in r.text


def test_docs_cover_the_schema_and_the_checks() -> None:
    from pydantic import BaseModel

    from imagia.finance import anomalies, contracts

    docs = (Path(__file__).resolve().parents[1] / "docs" / "finance.md").read_text("utf-8")
    models: list[type[BaseModel]] = [
        contracts.Contract,
        contracts.Work,
        contracts.Party,
        contracts.Agreement,
        contracts.FeeTier,
        contracts.Payment,
        contracts.Waterfall,
        contracts.Remuneration,
        contracts.Step,
        contracts.Share,
        contracts.Rate,
        contracts.Accounting,
    ]
    for m in models:
        for name, f in m.model_fields.items():
            assert f"`{f.alias or name}`" in docs, f"{m.__name__}.{name} undocumented"
    for check in anomalies.CHECKS:
        assert f"`{check}`" in docs
