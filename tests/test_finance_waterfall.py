"""The waterfall against figures computed by hand, rounding, conversion, conservation.

Hand computation of the small case (tests/finance_util.py, SMALL):

Distributor (theatrical FR): fee 30% of the first 100 000 of gross, 20% beyond; P&A capped at
50 000; MG 80 000 paid on 2025-01-01. Author: 5% of RNPP, advance 4 500 paid by the producer.
Plan: SOFICA corridor 10% until 5 000; then co-producers' investment pari passu 50/50 until
20 000; then profits 60% producer / 40% co-producer.

As of 2025-06-30: gross 80 000; fee 30% = 24 000; expenses 40 000 (under the cap), recouped in
full from 56 000; net 16 000 < MG 80 000, so MG recouped 16 000, 64 000 still to recoup, no
overage. RNPP (cash basis) = MG paid 80 000. Author earns 5% = 4 000, all set against the
4 500 advance (500 still to recoup), owed 0. Flow 76 000: corridor 10% = 7 600, capped 5 000;
71 000 left: priority 20 000 (10 000 each); 51 000 left: 30 600 producer, 20 400 co-producer.

As of 2025-12-31: gross 150 000; fee 30 000 + 20% x 50 000 = 40 000; expenses 55 000 charged,
50 000 allowed (cap), recouped from 110 000; net 60 000 < 80 000 (20 000 to recoup), no overage;
RNPP still 80 000: every allocation as in H1, nothing due to anyone for H2.

As of 2026-06-30: gross 200 000; fee 30 000 + 20 000 = 50 000; expenses 50 000; net 100 000:
MG recouped 80 000 (three periods), overage 20 000; RNPP 100 000. Author earns 5 000, 4 500
against the advance, 500 owed. Flow 95 000: corridor 9 500 capped at 5 000 (already reached);
priority 20 000; 70 000 left: 42 000 producer, 28 000 co-producer. Co-producer: cumulative
10 000 + 28 000 = 38 000, paid 30 400 on earlier statements, due 7 600.
Conservation: 200 000 gross + 80 000 MG = 50 000 + 50 000 + 80 000 (distributor) + 100 000.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from imagia.finance import waterfall
from imagia.finance.money import Rate, Rates, cents, fmt_money, parse_amount, split_pari_passu
from imagia.finance.work import load
from tests.finance_util import SMALL, contract, line, memory_work, write_work

D = Decimal
# Hypothesis keeps its files out of the checkout (no .hypothesis/ beside the sources).
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "imagia-hypothesis"))


@pytest.fixture
def small(tmp_path):  # type: ignore[no-untyped-def]
    return load(write_work(tmp_path / "small"))


def test_hand_computed_first_half(small) -> None:  # type: ignore[no-untyped-def]
    r = waterfall.compute(small, date(2025, 6, 30))
    a = r.agreements[0]
    assert (a.gross, a.fee, a.expenses_recouped, a.net) == (D(80000), D(24000), D(40000), D(16000))
    assert (a.mg_recouped, a.mg_to_recoup, a.overage, a.payments) == (
        D(16000),
        D(64000),
        0,
        D(80000),
    )
    assert r.rnpp == 80000
    au = r.remunerations[0]
    assert (au.earned, au.advance_recouped, au.advance_to_recoup, au.owed) == (4000, 4000, 500, 0)
    corridor, invest, profits = r.steps
    assert (corridor.reached, corridor.taken, corridor.cap_left) == (76000, 5000, 0)
    assert invest.shares == {"prod": 10000, "cop": 10000}
    assert profits.shares == {"prod": D("30600.00"), "cop": D("20400.00")}
    assert r.undistributed == 0


def test_hand_computed_mg_recouped_over_three_periods(small) -> None:  # type: ignore[no-untyped-def]
    h2 = waterfall.compute(small, date(2025, 12, 31))
    a = h2.agreements[0]
    assert (a.gross, a.fee, a.expenses_incurred, a.expenses_allowed) == (
        150000,
        40000,
        55000,
        50000,
    )
    assert (a.net, a.mg_recouped, a.mg_to_recoup, a.overage) == (60000, 60000, 20000, 0)
    assert h2.rnpp == 80000
    h3 = waterfall.compute(small, date(2026, 6, 30))
    a = h3.agreements[0]
    assert (a.gross, a.fee, a.net, a.mg_recouped, a.mg_to_recoup, a.overage) == (
        200000,
        50000,
        100000,
        80000,
        0,
        20000,
    )
    assert h3.rnpp == 100000
    assert h3.remunerations[0].owed == 500
    assert h3.steps[0].taken == 5000 and h3.steps[2].shares == {"prod": 42000, "cop": 28000}
    assert h3.allocated_to("cop", ("share",)) == 38000
    assert h3.total_in == h3.total_allocated == 280000


def test_every_figure_is_traceable(small) -> None:  # type: ignore[no-untyped-def]
    r = waterfall.compute(small, date(2026, 6, 30))
    # Each receipt and expense line feeds exactly one figure.
    fed = [i for f in r.figures.values() for i in f.lines]
    assert sorted(fed) == list(range(len(small.lines)))
    # Every allocation's trace reaches source lines or the clause of a payment.
    for al in r.allocations:
        tree = r.trace(al.figure, small.lines)
        assert al.clause.startswith("contracts.yaml#")
        text = repr(tree)
        assert "statements/dist-" in text or "payments" in text, al
    cop = repr(r.trace("share:profits:cop", small.lines))
    for where in (
        "statements/dist-2025-H1.csv:2",
        "statements/dist-2026-H1.csv:2",
        "agreements[dist-fr].fees",
        "agreements[dist-fr].mg",
        "waterfall.remunerations[auth-pct].rate",
        "waterfall.steps[profits].shares",
    ):
        assert where in cop, where


def test_cumulative_result_does_not_depend_on_periods(small) -> None:  # type: ignore[no-untyped-def]
    e = waterfall.Engine(small)
    ends = [date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30)]
    res = [e.compute(d) for d in ends]
    # Same lines in one statement: same cumulative figures.
    one = load(
        write_work(
            small.root.parent / "one",
            statements={
                "2025-01-01..2026-06-30": [
                    x
                    for rows in __import__("tests.finance_util").finance_util.SMALL_LINES.values()
                    for x in rows
                ]
            },
        )
    )
    assert (
        waterfall.compute(one, ends[-1]).to_dict()["allocations"]
        == res[-1].to_dict()["allocations"]
    )


def test_rounding_is_half_up_per_clause_and_splits_add_up() -> None:
    assert cents(D("0.025")) == D("0.03")  # half-up, not banker's
    assert cents(D("0.0125")) == D("0.01")
    assert split_pari_passu(D("100.00"), [D(1) / 3] * 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert split_pari_passu(D("0.05"), [D("0.5"), D("0.5")]) == [D("0.03"), D("0.02")]
    raw = contract()
    raw["agreements"][0].update(fees=[{"rate": "12.5%"}], mg=0, payments=[], expenses_cap=None)
    raw["waterfall"]["remunerations"] = []
    raw["waterfall"]["steps"] = [
        {
            "id": "thirds",
            "kind": "split",
            "shares": [
                {"party": "prod", "share": "1/3"},
                {"party": "cop", "share": "1/3"},
                {"party": "fin", "share": "1/3"},
            ],
        }
    ]
    w = memory_work(raw, [line("dist", "2025-02-01", "receipt", "0.20")])
    r = waterfall.compute(w, date(2025, 12, 31))
    assert r.agreements[0].fee == D("0.03")  # 12.5% x 0.20 = 0.025 -> 0.03
    assert r.rnpp == D("0.17")
    assert r.steps[0].shares == {"prod": D("0.06"), "cop": D("0.06"), "fin": D("0.05")}
    assert r.total_in == r.total_allocated


def test_currency_conversion_uses_the_explicit_rate_in_force() -> None:
    rates = Rates(
        "EUR", [Rate("USD", date(2025, 1, 1), D("0.9")), Rate("USD", date(2025, 4, 1), D("0.95"))]
    )
    assert rates.convert(D("1000.00"), "USD", date(2025, 3, 1))[0] == D("900.00")
    assert rates.convert(D("333.33"), "USD", date(2025, 5, 1))[0] == D("316.66")  # 316.6635
    assert rates.convert(D("10.00"), "EUR", date(2020, 1, 1)) == (D("10.00"), None)
    with pytest.raises(Exception, match=r"no rate dated on or before"):
        rates.convert(D("1"), "USD", date(2024, 12, 31))


def test_statement_lines_in_dollars_are_converted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    raw = contract(rates=[{"currency": "USD", "date": "2025-01-01", "rate": "0.9"}])
    mapping = {
        "schema": "Mapping.1",
        "id": "dist",
        "party": "dist",
        "columns": {"date": "Date", "kind": "Kind", "amount": "Amount", "description": "Label"},
        "constants": {"channel": "theatrical", "territory": "FR", "currency": "USD"},
    }
    w = load(
        write_work(
            tmp_path / "usd", raw, {"2025-H1": [("2025-02-01", "receipt", "1234.57")]}, mapping
        )
    )
    assert w.lines[0].amount == D("1111.11") and w.lines[0].rate == D("0.9")  # 1111.113
    assert w.lines[0].original == D("1234.57") and w.lines[0].currency == "USD"


def test_amount_parsing_and_formatting() -> None:
    assert parse_amount("1 234,56") == D("1234.56")
    assert parse_amount("1,234.56") == D("1234.56")
    assert parse_amount("(12.50)") == D("-12.50")
    assert parse_amount("-850,00", decimal_comma=True) == D("-850.00")
    assert fmt_money(D("1234567.891"), "EUR", "fr") == "1 234 567,89 EUR"
    assert fmt_money(D("-3.5"), "EUR", "en") == "-EUR 3.50"
    with pytest.raises(ValueError):
        parse_amount("abc")


money = st.decimals(min_value=0, max_value=500000, places=2, allow_nan=False, allow_infinity=False)
pct = st.integers(min_value=0, max_value=100).map(lambda n: f"{n}%")


@settings(max_examples=60, deadline=None, database=None)
@given(
    receipts=st.lists(st.tuples(st.integers(0, 700), money), min_size=0, max_size=12),
    expenses=st.lists(st.tuples(st.integers(0, 700), money), max_size=4),
    fee=pct,
    fee2=pct,
    tier=money,
    cap=st.one_of(st.none(), money),
    mg=money,
    author=pct,
    advance=money,
    corridor=pct,
    corridor_cap=st.one_of(st.none(), money),
    prio_cap=st.one_of(st.none(), money),
    share=st.integers(0, 100),
)
def test_money_is_conserved_for_random_contracts(  # type: ignore[no-untyped-def]
    receipts,
    expenses,
    fee,
    fee2,
    tier,
    cap,
    mg,
    author,
    advance,
    corridor,
    corridor_cap,
    prio_cap,
    share,
) -> None:
    raw = contract()
    raw["agreements"][0].update(
        fees=[{"rate": fee}, {"rate": fee2, "from_gross": str(tier)}],
        expenses_cap=None if cap is None else str(cap),
        mg=str(mg),
        payments=[{"date": "2025-01-01", "amount": str(mg)}],
    )
    raw["waterfall"]["remunerations"][0].update(rate=author, advance=str(advance))
    steps = raw["waterfall"]["steps"]
    steps[0].update(rate=corridor, cap=None if corridor_cap is None else str(corridor_cap))
    steps[1].update(
        cap=None if prio_cap is None else str(prio_cap),
        shares=[
            {"party": "prod", "share": f"{share}%"},
            {"party": "cop", "share": f"{100 - share}%"},
        ],
    )
    lines = [
        line(
            "dist",
            (date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + d)).isoformat(),
            "receipt",
            str(a),
        )
        for d, a in receipts
    ]
    lines += [
        line(
            "dist",
            (date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + d)).isoformat(),
            "expense",
            str(a),
        )
        for d, a in expenses
    ]
    e = waterfall.Engine(memory_work(raw, lines))
    for end in (date(2025, 6, 30), date(2025, 12, 31), date(2026, 12, 31)):
        r = e.compute(end)
        assert r.total_in == r.total_allocated  # what enters = distributed + retained
        assert all(a.amount >= 0 for a in r.allocations)
        # (Cumulative entitlements may go down: expenses charged after an overage are set
        # against it; statements then carry a negative balance, never a claim.)
        taken = sum((s.taken for s in r.steps), Decimal(0))
        assert (
            taken + r.undistributed + sum((x.earned for x in r.remunerations), Decimal(0)) == r.rnpp
        )


def test_small_contract_round_trips_through_the_schema() -> None:
    from imagia.finance.contracts import json_schema, parse

    c = parse(SMALL)
    assert c.ordered_steps()[0].id == "fin-corridor"
    assert json_schema()["properties"]["schema"]["const"] == "Contract.1"


def test_author_percentage_of_the_public_price_per_channel() -> None:
    # Hand computation: video public price 12 345.67 + 4 000.00 = 16 345.67 at 1.2%
    # = 196.14804 -> 196.15; theatrical public price (box office) 50 000.00 at 0.5% = 250.00;
    # earned 446.15, advance 300.00, owed 146.15. TVOD is not among the channels: not counted.
    raw = contract()
    raw["waterfall"]["remunerations"] = [
        {
            "id": "auth-pp",
            "party": "auth",
            "payer": "prod",
            "base": "public_price",
            "channels": ["theatrical", "video"],
            "rate": "1.2%",
            "channel_rates": {"theatrical": "0.5%"},
            "advance": 300,
        }
    ]
    lines = [
        line("dist", "2025-03-01", "public_price", "12345.67", "video"),
        line("dist", "2025-04-01", "public_price", "4000.00", "video", "BE"),
        line("dist", "2025-04-01", "public_price", "50000.00"),
        line("dist", "2025-04-01", "public_price", "999.00", "tvod"),
        line("dist", "2025-04-01", "receipt", "1000.00"),
    ]
    r = waterfall.compute(memory_work(raw, lines), date(2025, 6, 30))
    rem = r.remunerations[0]
    assert (rem.base, rem.earned, rem.advance_recouped, rem.owed) == (
        D("66345.67"),
        D("446.15"),
        D("300.00"),
        D("146.15"),
    )
    assert r.gross == D("1000.00")  # public prices are a base, not receipts
    assert r.total_in == r.total_allocated
    trace = repr(r.trace("remuneration:auth-pp:owed", lines))
    assert "s.csv:2" in trace and "public_price:video:BE" in trace


def test_per_channel_rates_need_a_public_price_base() -> None:
    from imagia.core.errors import BadFile
    from imagia.finance.contracts import parse

    raw = contract()
    raw["waterfall"]["remunerations"][0]["channel_rates"] = {"video": "1%"}
    with pytest.raises(
        BadFile,
        match=r"remunerations.auth-pct.channel_rates: rates per channel "
        r"apply to base: public_price",
    ):
        parse(raw, "contracts.yaml")
