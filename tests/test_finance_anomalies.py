"""Each anomaly check fires on a case made for it and stays silent on a clean one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from imagia.finance import anomalies
from imagia.finance.jobs import sample_dir
from imagia.finance.work import Work, load
from tests.finance_util import write_work

# Like SMALL_LINES but P&A stay within the 50 000 cap.
CLEAN = {
    "2025-H1": [("2025-02-10", "receipt", "50000.00"), ("2025-03-10", "receipt", "30000.00"),
                ("2025-01-20", "expense", "40000.00")],
    "2025-H2": [("2025-09-15", "receipt", "70000.00"), ("2025-10-01", "expense", "10000.00")],
    "2026-H1": [("2026-02-01", "receipt", "50000.00")],
}


def _work(tmp_path: Path, statements: dict[str, list[tuple[str, str, str]]]) -> Work:
    return load(write_work(tmp_path / "w", statements=statements))


def _checks(w: Work) -> list[str]:
    return [f.check for f in anomalies.check(w)]


def test_clean_work_is_silent(tmp_path: Path) -> None:
    assert anomalies.check(_work(tmp_path, CLEAN)) == []


def test_sample_work_flags_only_the_receipts_outside_the_grant() -> None:
    found = anomalies.check(load(sample_dir()))
    assert [(f.check, f.evidence) for f in found] == [
        ("not-granted", ["statements/northlight-2026-H1.csv:5"])]
    assert "BE" in found[0].message


def test_missing_statement(tmp_path: Path) -> None:
    found = anomalies.check(_work(tmp_path, {k: v for k, v in CLEAN.items() if k != "2025-H2"}))
    assert [f.check for f in found] == ["missing-statement"]
    assert "Distrib sent no statement for 2025-H2" in found[0].message


def test_statement_with_no_line_counts_as_received(tmp_path: Path) -> None:
    assert anomalies.check(_work(tmp_path, {**CLEAN, "2026-H1": []})) == []


def test_fee_above_contract(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H1": [*CLEAN["2025-H1"], ("2025-06-30", "fee", "28000.00")]}
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["fee-above-contract"]
    assert found[0].amount == "4000.00"  # 35% of 80 000 reported, 30% due
    assert found[0].evidence == ["statements/dist-2025-H1.csv:5"]
    st = {**CLEAN, "2025-H1": [*CLEAN["2025-H1"], ("2025-06-30", "fee", "24000.00")]}
    assert _checks(_work(tmp_path / "ok", st)) == []


def test_expenses_over_cap(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H2": [("2025-09-15", "receipt", "70000.00"),
                               ("2025-10-01", "expense", "15000.00")]}
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["expenses-over-cap"]
    assert found[0].amount == "5000.00" and len(found[0].evidence) == 2


def test_expense_charged_twice(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H2": [*CLEAN["2025-H2"]]}
    w = _work(tmp_path, st)
    dup = w.lines[3]
    w.lines.append(type(dup)(**{**{k: getattr(dup, k) for k in dup.__slots__}, "row": 9,
                                "source": "statements/dist-2026-H1.csv"}))
    w.lines[-1].date = w.lines[3].date
    w.lines[-1].description = w.lines[3].description
    found = [f for f in anomalies.check(w) if f.check == "duplicate-line"]
    assert len(found) == 1
    assert found[0].evidence == ["statements/dist-2025-H2.csv:2", "statements/dist-2026-H1.csv:9"]


def test_receipts_outside_the_grant(tmp_path: Path) -> None:
    w = _work(tmp_path, CLEAN)
    w.lines[0].territory = "BE"
    w.lines[1].channel = "svod"
    found = anomalies.check(w)
    assert [f.check for f in found] == ["not-granted", "not-granted"]
    assert "theatrical receipts in BE" in found[0].message
    assert "svod receipts in FR" in found[1].message


def test_overage_paid_while_mg_not_recouped(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H1": [*CLEAN["2025-H1"], ("2025-06-30", "remittance", "1000.00")]}
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["remittance-mismatch"]
    assert "while its minimum guarantee is not recouped" in found[0].message


def test_overage_owed_but_not_paid(tmp_path: Path) -> None:
    # As of 2026-06-30 the overage is 20 000 (net 100 000 - MG 80 000): 10 000 paid.
    st = {**CLEAN, "2026-H1": [*CLEAN["2026-H1"], ("2026-06-30", "remittance", "10000.00")]}
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["remittance-mismatch"]
    assert found[0].amount == "10000.00" and "missing" in found[0].message


def test_statement_total_that_does_not_add_up(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H2": [*CLEAN["2025-H2"], ("2025-12-31", "total", "70100.00")]}
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["statement-total"]
    assert "declared total 70100.00 but its receipt lines add up to 70000.00" in found[0].message
    st = {**CLEAN, "2025-H2": [*CLEAN["2025-H2"], ("2025-12-31", "total", "70000.00")]}
    assert _checks(_work(tmp_path / "ok", st)) == []


def test_outlier_against_the_work_history(tmp_path: Path) -> None:
    amounts = {"2025-H1": "10000", "2025-H2": "11000", "2026-H1": "9000", "2026-H2": "10500",
               "2027-H1": "250000"}
    st = {p: [(f"{p[:4]}-{'03' if p.endswith('1') else '09'}-01", "receipt", a)]
          for p, a in amounts.items()}
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["outlier"]
    assert "2027-H1" in found[0].message and found[0].amount == str(Decimal("250000.00"))
