"""Each anomaly check fires on a case made for it and stays silent on a clean one."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from imagia.core.errors import BadValue
from imagia.finance import anomalies
from imagia.finance.jobs import sample_dir
from imagia.finance.work import Work, load
from tests.finance_util import write_work

# Like SMALL_LINES but P&A stay within the 50 000 cap.
CLEAN = {
    "2025-H1": [
        ("2025-02-10", "receipt", "50000.00"),
        ("2025-03-10", "receipt", "30000.00"),
        ("2025-01-20", "expense", "40000.00"),
    ],
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
        ("not-granted", ["statements/northlight-2026-H1.csv:5"])
    ]
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
    st = {
        **CLEAN,
        "2025-H2": [("2025-09-15", "receipt", "70000.00"), ("2025-10-01", "expense", "15000.00")],
    }
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["expenses-over-cap"]
    assert found[0].amount == "5000.00" and len(found[0].evidence) == 2


def test_expense_charged_twice(tmp_path: Path) -> None:
    st = {**CLEAN, "2025-H2": [*CLEAN["2025-H2"]]}
    w = _work(tmp_path, st)
    dup = w.lines[3]
    w.lines.append(
        type(dup)(
            **{
                **{k: getattr(dup, k) for k in dup.__slots__},
                "row": 9,
                "source": "statements/dist-2026-H1.csv",
            }
        )
    )
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
    amounts = {
        "2025-H1": "10000",
        "2025-H2": "11000",
        "2026-H1": "9000",
        "2026-H2": "10500",
        "2027-H1": "250000",
    }
    st = {
        p: [(f"{p[:4]}-{'03' if p.endswith('1') else '09'}-01", "receipt", a)]
        for p, a in amounts.items()
    }
    found = anomalies.check(_work(tmp_path, st))
    assert [f.check for f in found] == ["outlier"]
    assert "2027-H1" in found[0].message and found[0].amount == str(Decimal("250000.00"))


# One small statement per registered check that makes it fire (and only it, on CLEAN).
def _with(period: str, *lines: tuple[str, str, str]) -> dict[str, list[tuple[str, str, str]]]:
    return {**CLEAN, period: [*CLEAN[period], *lines]}


def _twice(tmp_path: Path) -> Work:
    w = _work(tmp_path, CLEAN)
    dup = w.lines[3]
    w.lines.append(type(dup)(**{**{k: getattr(dup, k) for k in dup.__slots__}, "row": 9}))
    return w


def _elsewhere(tmp_path: Path) -> Work:
    w = _work(tmp_path, CLEAN)
    w.lines[0].territory = "BE"
    return w


TRIGGERS: dict[str, Callable[[Path], Work]] = {
    "missing-statement": lambda p: _work(p, {k: v for k, v in CLEAN.items() if k != "2025-H2"}),
    "fee-above-contract": lambda p: _work(p, _with("2025-H1", ("2025-06-30", "fee", "28000.00"))),
    "expenses-over-cap": lambda p: _work(p, _with("2025-H2", ("2025-11-01", "expense", "5000"))),
    "duplicate-line": _twice,
    "not-granted": _elsewhere,
    "remittance-mismatch": lambda p: _work(
        p,
        _with(
            "2026-H1",  # 20 000 owed, 10 000 paid
            ("2026-06-30", "remittance", "10000.00"),
        ),
    ),
    "statement-total": lambda p: _work(p, _with("2025-H2", ("2025-12-31", "total", "1.00"))),
    "outlier": lambda p: _work(
        p,
        {
            f"{y}-H{h}": [(f"{y}-0{3 + 6 * (h - 1)}-01", "receipt", a)]
            for (y, h), a in zip(
                [(2025, 1), (2025, 2), (2026, 1), (2026, 2), (2027, 1)],
                ["10000", "11000", "9000", "10500", "250000"],
                strict=True,
            )
        },
    ),
}


def test_every_check_is_named_and_has_a_case_that_triggers_it(tmp_path: Path) -> None:
    assert list(anomalies.CHECKS) == list(anomalies.REGISTRY)
    assert set(TRIGGERS) == set(anomalies.REGISTRY)
    for cid, c in anomalies.REGISTRY.items():
        assert c.id == cid and re.fullmatch(r"[a-z]+(-[a-z]+)*", cid), cid
        assert c.severity in anomalies.SEVERITIES
        assert c.title_en.strip() and c.title_fr.strip() and c.inspects.strip(), cid
        w = TRIGGERS[cid](tmp_path / cid)
        assert [f.check for f in anomalies.check(w)] == [cid], cid  # it, and only it
        only = anomalies.check(w, only=[cid])
        assert only and {f.check for f in only} == {cid}
        assert c.severity in {f.severity for f in only}, cid
        assert c.describe()["title_fr"] == c.title_fr


def test_only_runs_the_named_checks_and_refuses_unknown_ones(tmp_path: Path) -> None:
    w = TRIGGERS["missing-statement"](tmp_path)
    assert anomalies.check(w, only=["outlier"]) == []
    with pytest.raises(BadValue, match="no-such-check"):
        anomalies.check(w, only=["no-such-check"])


def test_progress_names_each_check(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    anomalies.check(_work(tmp_path, CLEAN), progress=lambda f, m: seen.append((f, m)))
    assert [m for _, m in seen[:-1]] == [c.title_en for c in anomalies.REGISTRY.values()]
    assert seen[-1] == (1.0, "0 finding(s)")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


def test_docs_list_every_check_in_the_checks_table() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "finance.md").read_text("utf-8")
    section = docs.split("## Checks (`imagia finance anomalies`)", 1)[1].split("\n## ", 1)[0]
    rows = [r.split("|")[1:-1] for r in section.splitlines() if r.startswith("| `")]
    table = {cells[0].strip().strip("`"): [c.strip() for c in cells[1:]] for cells in rows}
    assert list(table) == list(anomalies.CHECKS)  # every check, in the order they run
    for cid, (severity, titles, meaning) in table.items():
        c = anomalies.REGISTRY[cid]
        assert severity == c.severity and titles == f"{c.title_fr} / {c.title_en}", cid
        assert meaning, cid
