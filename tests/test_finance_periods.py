"""Closed periods, the payments ledger and late receipts, on hand-computed cases (cents exact).

The small case of test_finance_waterfall (its docstring has the hand computation) with the
payments its statements asked for: fin 5 000 and cop 30 400 after 2025-H1, cop 7 600 and the
author 500 after 2026-H1. Then a receipt of 20 000 dated 2026-03-10 (in 2026-H1, already
closed) is reported in the 2026-H2 statement. Booked on 2026-07-01, as of 2026-12-31:
gross 220 000; fee 30 000 + 20 % x 120 000 = 54 000; expenses 50 000; net 116 000: MG 80 000
recouped, overage 36 000; RNPP 80 000 + 36 000 = 116 000. Author: 5 % = 5 800, 4 500 against
the advance, 1 300 owed, 500 paid (ledger): 800 due. Flow 116 000 - 5 800 = 110 200: corridor
capped (5 000 reached), priority 20 000, 85 200 left: 51 120 producer, 34 080 co-producer; the
co-producer's cumulative 10 000 + 34 080 = 44 080, paid 38 000: 6 080 due. The 2026-H1
statement keeps its figures (author 500, co-producer 38 000).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.finance import ledger, waterfall
from imagia.finance.jobs import input_files
from imagia.finance.register import Register
from imagia.finance.statements import Builder
from imagia.finance.work import load
from tests.finance_util import SMALL_LINES, write_payments, write_work

D = Decimal
LATE = ("2026-03-10", "receipt", "20000.00")
PAID = [
    ("2025-07-31", "fin", "5000.00", "VIR-1"),
    ("2025-07-31", "cop", "30400.00", "VIR-2"),
    ("2026-07-31", "cop", "7600.00", "VIR-3"),
    ("2026-07-31", "auth", "500.00", "VIR-4"),
]


def _work(root: Path, late_in: str | None = "2026-H2") -> Path:
    lines = dict(SMALL_LINES)
    if late_in:
        lines[late_in] = [LATE]
    c = write_work(root, statements=lines)
    write_payments(root, PAID)
    return c


def _issue(ws: wsmod.Workspace, c: Path, **params: Any) -> dict[str, Any]:
    params = {"work": str(c), "formats": "json", **params}  # PDF/XLSX where a test reads them
    job = jobmod.submit(ws, "finance-issue", params, input_files(c))
    result: dict[str, Any] = jobmod.run(ws, job.id).result
    return result


def _by(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["beneficiary"]: s for s in result["statements"]}


def test_late_receipt_is_booked_in_the_period_that_reports_it(tmp_path: Path) -> None:
    w = load(_work(tmp_path / "w"))
    late = next(ln for ln in w.lines if ln.date == date(2026, 3, 10))
    assert late.booked == date(2026, 7, 1) and late.on == date(2026, 7, 1)
    h1 = Builder(w, issued=date(2026, 7, 15)).statement("auth", "2026-H1")
    assert (h1.entitled, h1.paid_before, h1.due) == (500, 0, 500)  # the closed period unchanged
    assert waterfall.compute(w, date(2026, 6, 30)).rnpp == 100000
    h2 = {s.beneficiary: s for s in Builder(w, issued=date(2027, 1, 15)).all("2026-H2")}
    assert (h2["auth"].entitled, h2["auth"].paid_before, h2["auth"].due) == (
        D("1300.00"),
        D("500.00"),
        D("800.00"),
    )
    assert (h2["cop"].entitled, h2["cop"].paid_before, h2["cop"].due) == (
        D("44080.00"),
        D("38000.00"),
        D("6080.00"),
    )
    assert h2["auth"].late == [
        {
            "source": "statements/dist-2026-H2.csv:2",
            "date": "2026-03-10",
            "booked": "2026-07-01",
            "kind": "receipt",
            "channel": "theatrical",
            "territory": "FR",
            "amount": "20000.00",
        }
    ]
    # Before the fix the line counted on its own date: 2026-H1 rose to 1 300 and, as "paid
    # before" was recomputed from it, the author's 800 was never paid. Counted on its date:
    assert waterfall.compute(w, date(2026, 12, 31)).rnpp == 116000


def test_statement_received_for_a_closed_period_is_booked_after_it(tmp_path: Path) -> None:
    c = _work(tmp_path / "w", late_in=None)
    ws = wsmod.init(tmp_path / "ws")
    for period, day in (("2025-H1", "2025-07-15"), ("2025-H2", "2026-01-15")):
        _issue(ws, c, period=period, date=day)
    h1 = _by(_issue(ws, c, period="2026-H1", date="2026-07-15"))
    assert (h1["auth"]["due"], h1["cop"]["due"]) == ("500.00", "7600.00")
    issued_before = json.loads(Register.load(ws.root, "small").path.read_text())
    # The distributor then sends a supplementary statement for 2026-H1, now closed.
    bis = c.parent / "statements" / "dist-2026-H1-bis.csv"
    bis.write_text("Date,Label,Kind,Amount\n2026-03-10,late,receipt,20000.00\n", encoding="utf-8")
    rec = yaml.safe_load((c.parent / "received.yaml").read_text())
    rec["statements"].append(
        {
            "file": "statements/dist-2026-H1-bis.csv",
            "mapping": "mappings/dist.yaml",
            "period": "2026-H1",
        }
    )
    (c.parent / "received.yaml").write_text(yaml.safe_dump(rec), encoding="utf-8")
    h2 = _by(_issue(ws, c, period="2026-H2", date="2027-01-15"))
    assert (h2["auth"]["due"], h2["cop"]["due"]) == ("800.00", "6080.00")
    assert h2["auth"]["late"][0]["source"] == "statements/dist-2026-H1-bis.csv:2"
    # Nothing already issued changed: the register's earlier entries and every file's checksum.
    reg = Register.load(ws.root, "small")
    assert [e.to_dict() for e in reg.entries[:12]] == issued_before["statements"]
    assert reg.verify(ws.root) == []
    assert [cl.period.id for cl in reg.closings()] == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    # A statement file a closed period covered may not change afterwards.
    first = c.parent / "statements" / "dist-2025-H1.csv"
    first.write_text(first.read_text() + "2025-03-11,again,receipt,1.00\n", encoding="utf-8")
    with pytest.raises(BadFile, match=r"dist-2025-H1.csv: changed since statement small-0001"):
        _issue(ws, c, period="2027-H1", date="2027-07-15")


def test_issuing_numbers_freezes_and_checksums(tmp_path: Path) -> None:
    c = _work(tmp_path / "w", late_in=None)
    ws = wsmod.init(tmp_path / "ws")
    r = _issue(ws, c, period="2025-H1", date="2025-07-15", lang="fr", formats="pdf,xlsx,json")
    got = _by(r)
    assert [s["number"] for s in r["statements"]] == [f"small-000{i}" for i in (1, 2, 3, 4)]
    assert (got["fin"]["due"], got["cop"]["due"], got["auth"]["due"]) == (
        "5000.00",
        "30400.00",
        "0.00",
    )
    reg = Register.load(ws.root, "small")
    e = reg.find("small-0003")
    assert e is not None and e.beneficiary == "cop" and e.issued == date(2025, 7, 15)
    assert sorted(f["kind"] for f in e.files) == [
        "statement/json",
        "statement/pdf",
        "statement/xlsx",
    ]
    assert set(e.inputs) == {f"statements/dist-{p}.csv" for p in SMALL_LINES}
    js = next(ws.root / f["path"] for f in e.files if f["kind"] == "statement/json")
    data = json.loads(js.read_text())
    assert (data["number"], data["due"], data["paid_before"]) == ("small-0003", "30400.00", "0.00")
    xlsx = next(ws.root / f["path"] for f in e.files if f["kind"] == "statement/xlsx")
    cells = [
        v
        for row in openpyxl.load_workbook(xlsx).worksheets[0].iter_rows(values_only=True)
        for v in row
    ]
    assert (
        "small-0003" in cells
        and "15 juillet 2025" in cells
        and "Aucun paiement enregistré." in cells
    )
    # Issued once: again is refused, naming the statement to correct.
    with pytest.raises(ImagiaError, match="already issued to fin as statement small-0002"):
        _issue(ws, c, period="2025-H1", date="2025-07-20", beneficiary="fin")
    with pytest.raises(BadValue, match="period not over"):
        _issue(ws, c, period="2025-H2", date="2025-12-31")
    with pytest.raises(BadValue, match="back-dated"):
        _issue(ws, c, period="2025-H1", date="2025-07-10", corrects="small-0002")
    # An issued file altered afterwards stops any further issue.
    pdf = next(ws.root / f["path"] for f in e.files if f["kind"] == "statement/pdf")
    pdf.chmod(0o644)
    pdf.write_bytes(pdf.read_bytes() + b"%")
    with pytest.raises(ImagiaError, match="small-0003: .*pdf changed since it was issued"):
        _issue(ws, c, period="2025-H2", date="2026-01-15")


def test_correction_is_a_new_statement_naming_the_one_it_corrects(tmp_path: Path) -> None:
    c = _work(tmp_path / "w", late_in=None)
    ws = wsmod.init(tmp_path / "ws")
    _issue(ws, c, period="2025-H1", date="2025-07-15")
    _issue(ws, c, period="2025-H2", date="2026-01-15")
    with pytest.raises(ImagiaError, match="2025-H1 comes before 2025-H2, already closed"):
        _issue(ws, c, period="2025-H1", date="2026-01-20", beneficiary="cop")
    fixed = _by(_issue(ws, c, period="2025-H1", date="2026-01-20", corrects="small-0003"))
    # Corrected after the 2025-07-31 payment: the ledger's 30 400 now shows as paid before.
    assert fixed["cop"]["number"] == "small-0009" and fixed["cop"]["corrects"] == "small-0003"
    assert (fixed["cop"]["paid_before"], fixed["cop"]["due"]) == ("30400.00", "0.00")
    reg = Register.load(ws.root, "small")
    assert reg.current("2025-H1", "cop").number == "small-0009"  # type: ignore[union-attr]
    assert reg.find("small-0003") is not None and reg.corrected_by("small-0003") == "small-0009"
    with pytest.raises(ImagiaError, match="already corrected by small-0009"):
        _issue(ws, c, period="2025-H1", date="2026-01-21", corrects="small-0003")
    with pytest.raises(BadValue, match="small-0001's period"):
        _issue(ws, c, period="2025-H2", date="2026-01-21", corrects="small-0001")


def test_paid_before_comes_from_the_ledger(tmp_path: Path) -> None:
    c = write_work(tmp_path / "w")
    write_payments(c.parent, [("2025-08-01", "cop", "20000.00", "CHQ-88")], method="cheque")
    st = Builder(load(c), issued=date(2026, 7, 15)).statement("cop", "2026-H1", "en")
    # Entitled 38 000 (hand computation); only 20 000 was paid, whatever 2025-H1 said was due.
    assert (st.entitled, st.paid_before, st.due) == (38000, D("20000.00"), D("18000.00"))
    assert st.payments[0]["reference"] == "CHQ-88" and st.payments[0]["method"] == "cheque"
    assert Builder(load(c), issued=date(2025, 7, 31)).statement("cop", "2026-H1").paid_before == 0


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ('2025-08-01,cop,"1,234.56",R1,transfer', "row 2, amount: '1,234.56' is not an amount"),
        ('2025-08-01,cop,"1.234,56",R1,transfer', "row 2, amount: '1.234,56' is not an amount"),
        ("2025-08-01,cop,12.345,R1,transfer", "row 2, amount: '12.345' is not an amount"),
        ("2025-08-01,coo,10.00,R1,transfer", "row 2, beneficiary: unknown party 'coo'"),
        ("01/08/2025,cop,10.00,R1,transfer", "row 2, date: '01/08/2025' is not a date"),
        ("2025-08-01,cop,10.00,R1,wire", "row 2, method: 'wire' is not one of"),
        ("2025-08-01,cop,10.00,R1,reversal", "row 2, amount: 10.00: positive for a payment"),
        ("2025-08-01,cop,10.00,,transfer", "row 2, reference: empty"),
        ("2025-08-01,cop,10.00,R0,transfer", "row 2, reference: 'R0' already used on row 3"),
    ],
)
def test_bad_ledger_rows(tmp_path: Path, row: str, problem: str) -> None:
    (tmp_path / "payments.csv").write_text(
        f"date,beneficiary,amount,reference,method\n{row}\n"
        + ("2025-08-02,cop,5.00,R0,transfer\n" if "R0" not in row else ""),
        encoding="utf-8",
    )
    if "already used" in problem:  # the duplicate comes second
        (tmp_path / "payments.csv").write_text(
            f"date,beneficiary,amount,reference,method\n2025-08-02,cop,5.00,R0,transfer\n{row}\n",
            encoding="utf-8",
        )
        problem = "row 3, reference: 'R0' already used on row 2"
    with pytest.raises(BadFile, match=r"payments\.csv: " + problem.replace("(", r"\(")):
        ledger.load(tmp_path, ["cop", "fin"], "EUR")


def test_ledger_columns_and_currency(tmp_path: Path) -> None:
    p = tmp_path / "payments.csv"
    p.write_text("date,beneficiary,amount,reference\n", encoding="utf-8")
    with pytest.raises(BadFile, match="column 'method' missing"):
        ledger.load(tmp_path, ["cop"], "EUR")
    p.write_text(
        "date,beneficiary,amount,reference,method,currency\n2025-08-01,cop,1.00,R,transfer,USD\n",
        encoding="utf-8",
    )
    with pytest.raises(BadFile, match="row 2, currency: USD is not the work's currency EUR"):
        ledger.load(tmp_path, ["cop"], "EUR")
    p.write_text(
        "date,beneficiary,amount,reference,method\n2025-08-01,cop,100.00,R1,transfer\n"
        "2025-09-01,cop,-40.00,R2,reversal\n",
        encoding="utf-8",
    )
    led = ledger.load(tmp_path, ["cop"], "EUR")
    assert led.paid("cop", date(2025, 8, 31))[0] == D("100.00")
    assert led.paid("cop", date(2025, 9, 1))[0] == D("60.00")


def test_full_cycle_on_the_sample_through_the_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from imagia.cli import app

    runner = CliRunner()
    work, ws = tmp_path / "work", str(tmp_path / "ws")
    assert runner.invoke(app, ["finance", "sample", str(work)]).exit_code == 0

    def issue(*args: str) -> dict[str, Any]:
        r = runner.invoke(
            app, ["finance", "issue", str(work), "-w", ws, "--formats", "json", "--json", *args]
        )
        assert r.exit_code == 0, r.output
        data: dict[str, Any] = json.loads(r.stdout)
        return data

    issue("--period", "2025-H1", "--date", "2025-07-31")
    h2 = _by(issue("--period", "2025-H2", "--date", "2026-01-31"))
    assert h2["riaux"]["number"] == "les-heures-claires-0007"
    # Paid before comes from the sample's ledger: 2025-H1's amounts, paid on 2025-09-15.
    assert (h2["horizon"]["paid_before"], h2["horizon"]["due"]) == ("124943.80", "55299.94")
    h3 = _by(issue("--period", "2026-H1", "--date", "2026-07-31"))
    assert (h3["riaux"]["paid_before"], h3["riaux"]["due"]) == ("3931.44", "2762.03")
    assert h3["riaux"]["payment_date"] == "2026-08-30"  # accounting.payment_days: 30
    fix = _by(
        issue(
            "--period", "2026-H1", "--date", "2026-08-05", "--corrects", "les-heures-claires-0012"
        )
    )
    assert fix["riaux"]["number"] == "les-heures-claires-0016"
    r = runner.invoke(app, ["finance", "issue", str(work), "-w", ws, "--period", "2026-H1"])
    assert r.exit_code == 1 and "already issued to morel" in str(r.exception)
