"""Helpers for the finance tests: small works written to tmp_path or built in memory."""

from __future__ import annotations

import csv
from copy import deepcopy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from imagia.finance import contracts
from imagia.finance.lines import Line
from imagia.finance.work import Work, rates_of

# The hand-computed case of test_finance_waterfall (see the docstring there).
SMALL: dict[str, Any] = {
    "schema": "Contract.1",
    "work": {"id": "small", "title": "Petit film", "release": "2025-01-01", "currency": "EUR"},
    "parties": [
        {"id": "prod", "name": "Prod SAS", "role": "producer"},
        {"id": "cop", "name": "Coprod SA", "role": "coproducer"},
        {"id": "fin", "name": "SOFICA Un", "role": "financier"},
        {"id": "dist", "name": "Distrib", "role": "distributor"},
        {"id": "auth", "name": "Autrice", "role": "author", "lang": "en"},
    ],
    "agreements": [
        {
            "id": "dist-fr",
            "party": "dist",
            "channels": ["theatrical"],
            "territories": ["FR"],
            "start": "2025-01-01",
            "fees": [
                {"channel": "theatrical", "rate": "30%"},
                {"channel": "theatrical", "rate": "20%", "from_gross": 100000},
            ],
            "expenses_cap": 50000,
            "mg": 80000,
            "payments": [{"date": "2025-01-01", "amount": 80000}],
        }
    ],
    "waterfall": {
        "owner": "prod",
        "remunerations": [
            {"id": "auth-pct", "party": "auth", "rate": "5%", "advance": 4500, "payer": "prod"}
        ],
        "steps": [
            {
                "id": "fin-corridor",
                "kind": "corridor",
                "rate": "10%",
                "cap": 5000,
                "shares": [{"party": "fin", "share": "100%"}],
            },
            {
                "id": "invest",
                "kind": "priority",
                "cap": 20000,
                "shares": [{"party": "prod", "share": "50%"}, {"party": "cop", "share": "50%"}],
            },
            {
                "id": "profits",
                "kind": "split",
                "shares": [{"party": "prod", "share": "60%"}, {"party": "cop", "share": "40%"}],
            },
        ],
    },
    "accounting": {"frequency": "semiannual", "first_period": "2025-H1"},
}

# (date, kind, amount) lines of the distributor, one statement per half-year.
SMALL_LINES = {
    "2025-H1": [
        ("2025-02-10", "receipt", "50000.00"),
        ("2025-03-10", "receipt", "30000.00"),
        ("2025-01-20", "expense", "40000.00"),
    ],
    "2025-H2": [("2025-09-15", "receipt", "70000.00"), ("2025-10-01", "expense", "15000.00")],
    "2026-H1": [("2026-02-01", "receipt", "50000.00")],
}

MAPPING: dict[str, Any] = {
    "schema": "Mapping.1",
    "id": "dist",
    "party": "dist",
    "columns": {"date": "Date", "kind": "Kind", "amount": "Amount", "description": "Label"},
    "constants": {"channel": "theatrical", "territory": "FR", "currency": "EUR"},
}


def contract(**changes: Any) -> dict[str, Any]:
    c = deepcopy(SMALL)
    c.update(changes)
    return c


def write_work(
    root: Path,
    raw: dict[str, Any] | None = None,
    statements: dict[str, list[tuple[str, str, str]]] | None = None,
    mapping: dict[str, Any] | None = None,
) -> Path:
    """Write contracts.yaml, a mapping, one CSV statement per period and received.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "contracts.yaml").write_text(
        yaml.safe_dump(raw or SMALL, allow_unicode=True), encoding="utf-8"
    )
    (root / "mappings").mkdir(exist_ok=True)
    (root / "mappings" / "dist.yaml").write_text(
        yaml.safe_dump(mapping or MAPPING), encoding="utf-8"
    )
    (root / "statements").mkdir(exist_ok=True)
    received = []
    for period, rows in (SMALL_LINES if statements is None else statements).items():
        name = f"statements/dist-{period}.csv"
        with (root / name).open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["Date", "Label", "Kind", "Amount"])
            for i, (d, kind, amount) in enumerate(rows):
                w.writerow([d, f"line {i + 1}", kind, amount])
        received.append({"file": name, "mapping": "mappings/dist.yaml", "period": period})
    (root / "received.yaml").write_text(
        yaml.safe_dump({"schema": "Received.1", "statements": received}), encoding="utf-8"
    )
    return root / "contracts.yaml"


def memory_work(raw: dict[str, Any], lines: list[Line]) -> Work:
    c = contracts.parse(raw, "contracts.yaml")
    return Work(Path("."), Path("contracts.yaml"), c, rates_of(c), [], lines)


def line(
    party: str,
    d: str,
    kind: str,
    amount: str,
    channel: str = "theatrical",
    territory: str = "FR",
    row: int = 2,
    source: str = "s.csv",
) -> Line:
    a = Decimal(amount)
    return Line(source, row, party, date.fromisoformat(d), channel, territory, kind, a, "EUR", a)


def write_payments(
    root: Path, rows: list[tuple[str, str, str, str]], method: str = "transfer"
) -> None:
    """payments.csv in the work folder ``root``: (date, beneficiary, amount, reference) rows."""
    with (root / "payments.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "beneficiary", "amount", "reference", "method"])
        for d, who, amount, ref in rows:
            w.writerow([d, who, amount, ref, method])
