"""Disputes, reserves, corrections and reviewed findings (adjustments.yaml), hand-computed.

The small case of test_finance_waterfall (fee 30 % to 100 000 of gross then 20 %, P&A cap
50 000, MG 80 000 paid, author 5 % of RNPP with a 4 500 advance):

- The 70 000 receipt of 2025-09-15 disputed on 2025-10-01 and *rejected*: as of 2026-06-30 gross
  130 000, fee 30 000 + 20 % x 30 000 = 36 000, expenses 50 000, net 44 000 < MG: no overage,
  RNPP 80 000, author 4 000 against the advance. Disputed then *accepted* on 2026-02-01: as
  before the dispute (gross 200 000, RNPP 100 000), and as of 2025-12-31 gross 80 000.
- A reserve of 10 000 held on 2026-01-15, released on 2026-09-01: as of 2026-06-30 gross
  190 000, fee 30 000 + 18 000 = 48 000, net 92 000, overage 12 000, RNPP 92 000, author
  4 600 - 4 500 = 100 owed; as of 2026-12-31 back to RNPP 100 000, author 500.
- A correction of +5 000 dated 2026-03-01: gross 205 000, fee 51 000, net 104 000, RNPP
  104 000, author 5 200 - 4 500 = 700.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile
from imagia.finance import anomalies, waterfall
from imagia.finance.jobs import input_files
from imagia.finance.work import Work, load
from tests.finance_util import write_work

D = Decimal
LINE = "statements/dist-2025-H2.csv:2"  # the 70 000 receipt of 2025-09-15


def _work(root: Path, adj: dict[str, Any]) -> Work:
    c = write_work(root)
    (root / "adjustments.yaml").write_text(
        yaml.safe_dump({"schema": "Adjustments.1", **adj}), encoding="utf-8"
    )
    return load(c)


def _at(w: Work, d: str) -> tuple[Decimal, Decimal, Decimal]:
    r = waterfall.compute(w, date.fromisoformat(d))
    return r.gross, r.rnpp, r.allocated_to("auth", ("remuneration",))


def _dispute(**more: Any) -> dict[str, Any]:
    return {"line": LINE, "disputed": "2025-10-01", "reason": "figures differ from CNC", **more}


def test_disputed_line_rejected_stays_out(tmp_path: Path) -> None:
    w = _work(
        tmp_path / "w",
        {"lines": [_dispute(decision="rejected", resolved="2026-02-01", resolution="no proof")]},
    )
    assert _at(w, "2025-12-31")[0] == 80000
    assert _at(w, "2026-06-30") == (130000, 80000, 0)
    a = waterfall.compute(w, date(2026, 6, 30)).agreements[0]
    assert (a.fee, a.net, a.mg_recouped, a.overage) == (36000, 44000, 44000, 0)


def test_disputed_line_accepted_counts_again_from_the_decision(tmp_path: Path) -> None:
    w = _work(
        tmp_path / "w",
        {"lines": [_dispute(decision="accepted", resolved="2026-02-01", resolution="checked")]},
    )
    assert _at(w, "2025-12-31")[0] == 80000  # out while disputed
    assert _at(w, "2026-06-30") == (200000, 100000, 500)
    back = [ln for ln in w.lines if ln.source == "adjustments.yaml"]
    assert [(ln.date, ln.amount, ln.ref) for ln in back] == [
        (date(2025, 10, 1), D("-70000.00"), LINE),
        (date(2026, 2, 1), D("70000.00"), LINE),
    ]


def test_reserve_for_returns_is_held_then_released(tmp_path: Path) -> None:
    reserve = {
        "id": "video-returns",
        "party": "dist",
        "channel": "theatrical",
        "territory": "fr",
        "amount": "10000.00",
        "held": "2026-01-15",
        "release": "2026-09-01",
        "reason": "returns expected",
    }
    w = _work(tmp_path / "w", {"reserves": [reserve]})
    assert _at(w, "2026-06-30") == (190000, 92000, 100)
    assert _at(w, "2026-12-31") == (200000, 100000, 500)
    held = next(ln for ln in w.lines if ln.source == "adjustments.yaml")
    assert held.reason == "return" and "release 2026-09-01" in held.description


def test_correction_adds_a_line_with_its_reason(tmp_path: Path) -> None:
    fix = {
        "id": "missed-march",
        "party": "dist",
        "date": "2026-03-01",
        "kind": "receipt",
        "channel": "theatrical",
        "territory": "FR",
        "amount": "5000.00",
        "reason": "omitted from the 2026-H1 statement",
    }
    w = _work(tmp_path / "w", {"corrections": [fix]})
    assert _at(w, "2026-06-30") == (205000, 104000, 700)
    r = waterfall.compute(w, date(2026, 6, 30))
    assert "adjustments.yaml:1" in r.to_dict(w.lines)["figures"].__repr__()


def test_findings_are_open_until_reviewed(tmp_path: Path) -> None:
    w = _work(tmp_path / "w", {})
    (f,) = anomalies.check(w)
    assert (f.id, f.status) == ("expenses-over-cap@statements/dist-2025-H1.csv:4", "open")
    review = {"finding": f.id, "decision": "accepted", "reason": "cap known", "on": "2026-01-10"}
    w = _work(tmp_path / "w2", {"findings": [review]})
    (f,) = anomalies.check(w)
    assert (f.status, f.decision, f.review, f.reviewed_on) == (
        "resolved",
        "accepted",
        "cap known",
        "2026-01-10",
    )
    # Every line a finding names decided: resolved with the lines' decision.
    lines = [
        {
            "line": where,
            "disputed": "2026-01-05",
            "reason": "over the cap",
            "decision": "rejected",
            "resolved": "2026-01-20",
            "resolution": "distributor agreed",
        }
        for where in ("statements/dist-2025-H1.csv:4", "statements/dist-2025-H2.csv:3")
    ]
    w = _work(tmp_path / "w3", {"lines": lines})
    assert [f.check for f in anomalies.check(w)] == []  # both expenses out: nothing over the cap


def test_adjustment_in_a_closed_period_is_booked_after_it(tmp_path: Path) -> None:
    c = write_work(tmp_path / "w")
    ws = wsmod.init(tmp_path / "ws")
    for period, day in (("2025-H1", "2025-07-15"), ("2025-H2", "2026-01-15")):
        job = jobmod.submit(
            ws,
            "finance-issue",
            {"work": str(c), "period": period, "date": day, "formats": "json"},
            input_files(c),
        )
        jobmod.run(ws, job.id)
    # Disputed once 2025-H2 is closed: taken out on 2026-01-01, 2025-H2 unchanged.
    (c.parent / "adjustments.yaml").write_text(
        yaml.safe_dump({"schema": "Adjustments.1", "lines": [_dispute()]}), encoding="utf-8"
    )
    from imagia.finance.issuing import load_for_issue

    w, _reg = load_for_issue(c, ws.root)
    out = next(ln for ln in w.lines if ln.source == "adjustments.yaml")
    assert (out.date, out.booked) == (date(2025, 10, 1), date(2026, 1, 1))
    assert _at(w, "2025-12-31")[0] == 150000 and _at(w, "2026-06-30")[0] == 130000
    job = jobmod.submit(
        ws,
        "finance-issue",
        {"work": str(c), "period": "2026-H1", "date": "2026-07-15", "formats": "json"},
        input_files(c),
    )
    jobmod.run(ws, job.id)
    # Now covered by 2026-H1's statements: changing the entry is refused.
    (c.parent / "adjustments.yaml").write_text(
        yaml.safe_dump({"schema": "Adjustments.1", "lines": [_dispute(disputed="2025-11-01")]}),
        encoding="utf-8",
    )
    with pytest.raises(BadFile, match="an entry statement small-0009 covered .* was changed"):
        load_for_issue(c, ws.root)


@pytest.mark.parametrize(
    ("adj", "problem"),
    [
        ({"lines": [_dispute(line="statements/x.csv:9")]}, "lines[0]: line 'statements/x.csv:9'"),
        ({"lines": [_dispute(decision="accepted")]}, "lines[0]: a decision needs its date"),
        (
            {"lines": [_dispute(decision="accepted", resolved="2025-01-01")]},
            "lines[0]: resolved on 2025-01-01, before the dispute",
        ),
        ({"lines": [{"line": LINE, "disputed": "2025-10-01", "reason": ""}]}, "lines.0.reason"),
        (
            {
                "reserves": [
                    {
                        "id": "r",
                        "party": "dist",
                        "channel": "theatrical",
                        "territory": "FR",
                        "amount": "1,5",
                        "held": "2026-01-01",
                        "release": "2026-02-01",
                        "reason": "x",
                    }
                ]
            },
            "reserves.0.amount: '1,5' is not an amount",
        ),
        (
            {
                "corrections": [
                    {
                        "id": "c",
                        "party": "dist",
                        "date": "2026-01-01",
                        "kind": "receipt",
                        "channel": "cinema",
                        "territory": "FR",
                        "amount": "10.00",
                        "reason": "x",
                    }
                ]
            },
            "corrections[0] (c): 'cinema' is not a channel",
        ),
    ],
)
def test_bad_adjustments_name_the_entry(tmp_path: Path, adj: dict[str, Any], problem: str) -> None:
    with pytest.raises(BadFile, match=r"adjustments\.yaml: " + re.escape(problem)):
        _work(tmp_path / "w", adj)


def test_financier_premium_is_its_own_term(tmp_path: Path) -> None:
    """The investment step (cap 20 000) with a 10 % premium (2 000). As of 2025-06-30: 71 000
    reaches it, it takes 22 000: investment 10 000 + premium 1 000 to each co-producer; 49 000
    left: producer 29 400, co-producer 19 600. Co-producer: 10 000 + 1 000 + 19 600 = 30 600."""
    from imagia.finance.statements import Builder
    from tests.finance_util import SMALL, contract

    raw = contract()
    raw["waterfall"] = {
        **SMALL["waterfall"],
        "steps": [dict(s) for s in SMALL["waterfall"]["steps"]],
    }
    raw["waterfall"]["steps"][1]["premium"] = "10%"
    w = load(write_work(tmp_path / "w", raw))
    r = waterfall.compute(w, date(2025, 6, 30))
    inv = next(s for s in r.steps if s.id == "invest")
    assert (inv.taken, inv.premium, inv.premium_taken, inv.cap_left) == (22000, 2000, 1000 * 2, 0)
    assert r.figures["premium:invest:cop"].amount == 1000
    assert r.figures["share:invest:cop"].amount == 10000
    st = Builder(w, issued=date(2025, 7, 15)).statement("cop", "2025-H1", "en")
    assert st.entitled == D("30600.00")
    by = {p.figure: p for p in st.positions}
    assert (by["share:invest:cop"].label, by["premium:invest:cop"].label) == (
        "Share (invest, Coprod SA)",
        "Premium (invest, Coprod SA)",
    )
    assert (by["premium:invest:cop"].threshold, by["premium:invest:cop"].to_recoup) == (2000, 0)
    assert (by["share:invest:cop"].recouped, by["share:invest:cop"].to_recoup) == (20000, 0)
    bad = contract()
    bad["waterfall"] = {
        **SMALL["waterfall"],
        "steps": [dict(s) for s in SMALL["waterfall"]["steps"]],
    }
    bad["waterfall"]["steps"][2]["premium"] = "1000"
    with pytest.raises(BadFile, match="give the step a cap"):
        load(write_work(tmp_path / "bad", bad))
