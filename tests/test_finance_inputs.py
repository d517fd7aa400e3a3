"""Bad inputs: one clear message each, naming the file and the field or row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from imagia.core.errors import BadFile, ImagiaError
from imagia.finance.work import load
from tests.finance_util import MAPPING, contract, write_work


def _error(
    tmp_path: Path,
    raw: dict[str, Any] | None = None,
    statements: dict[str, list[tuple[str, str, str]]] | None = None,
    mapping: dict[str, Any] | None = None,
) -> str:
    with pytest.raises(ImagiaError) as exc:
        load(write_work(tmp_path / "w", raw, statements, mapping))
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_unknown_party_in_an_agreement(tmp_path: Path) -> None:
    raw = contract()
    raw["agreements"][0]["party"] = "distt"
    msg = _error(tmp_path, raw)
    assert "contracts.yaml: agreements.dist-fr.party: unknown party 'distt'" in msg
    assert "parties: prod, cop, fin, dist, auth" in msg


def test_corridor_referencing_a_missing_party(tmp_path: Path) -> None:
    raw = contract()
    raw["waterfall"]["steps"][0]["shares"][0]["party"] = "sofica"
    msg = _error(tmp_path, raw)
    assert "contracts.yaml: waterfall.steps.fin-corridor.shares: unknown party 'sofica'" in msg


def test_circular_recoupment_order(tmp_path: Path) -> None:
    raw = contract()
    steps = raw["waterfall"]["steps"]
    steps[0]["after"] = ["profits"]
    steps[2]["after"] = ["invest"]
    steps[1]["after"] = ["fin-corridor"]
    msg = _error(tmp_path, raw)
    assert "contracts.yaml: waterfall.steps: circular recoupment order" in msg
    assert "fin-corridor" in msg and "profits" in msg


def test_negative_amount_in_a_contract(tmp_path: Path) -> None:
    raw = contract()
    raw["agreements"][0]["expenses_cap"] = -100
    msg = _error(tmp_path, raw)
    assert "contracts.yaml: agreements.dist-fr.expenses_cap: negative amount -100" in msg


def test_negative_receipt_without_a_reason_code(tmp_path: Path) -> None:
    msg = _error(
        tmp_path,
        statements={
            "2025-H1": [("2025-02-01", "receipt", "100.00"), ("2025-02-08", "receipt", "-50.00")]
        },
    )
    assert msg.startswith("")
    assert (
        "statements/dist-2025-H1.csv: row 3, amount (column 'Amount'): negative receipt "
        "-50.00 without a reason code" in msg
    )


def test_negative_receipt_with_a_reason_code_is_accepted(tmp_path: Path) -> None:
    mapping = {**MAPPING, "columns": {**MAPPING["columns"], "reason": "Reason"}}
    write_work(tmp_path / "w", statements={"2025-H1": []}, mapping=mapping)
    path = tmp_path / "w" / "statements" / "dist-2025-H1.csv"
    path.write_text(
        "Date,Label,Kind,Amount,Reason\n2025-02-01,returns,receipt,-50.00,return\n",
        encoding="utf-8",
    )
    w = load(tmp_path / "w")
    assert w.lines[0].amount == -50 and w.lines[0].reason == "return"


def test_statement_with_a_missing_mapped_column(tmp_path: Path) -> None:
    write_work(tmp_path / "w")
    path = tmp_path / "w" / "statements" / "dist-2025-H2.csv"
    path.write_text("Date,Label,Kind,Montant\n2025-09-01,x,receipt,10\n", encoding="utf-8")
    with pytest.raises(BadFile) as exc:
        load(tmp_path / "w")
    assert str(exc.value).startswith(str(path))
    assert "column 'Amount' (field 'amount' in mappings/dist.yaml) not found" in str(exc.value)
    assert "columns in the file: Date, Label, Kind, Montant" in str(exc.value)


def test_statement_with_an_unmapped_column(tmp_path: Path) -> None:
    write_work(tmp_path / "w")
    path = tmp_path / "w" / "statements" / "dist-2025-H1.csv"
    path.write_text("Date,Label,Kind,Amount,Frais\n2025-02-01,x,receipt,10,2\n", encoding="utf-8")
    with pytest.raises(
        BadFile,
        match=r"dist-2025-H1.csv: column 'Frais' is not mapped by "
        r"mappings/dist.yaml \(map it under columns or list it "
        r"under ignore\)",
    ):
        load(tmp_path / "w")


def test_unknown_currencies(tmp_path: Path) -> None:
    raw = contract()
    raw["work"]["currency"] = "EUR0"
    assert "contracts.yaml: work.currency: unknown currency 'EUR0'" in _error(tmp_path, raw)
    mapping = {**MAPPING, "constants": {**MAPPING["constants"], "currency": "XYZ"}}
    msg = _error(tmp_path / "2", mapping=mapping)
    assert (
        "dist-2025-H1.csv: row 2, currency (column 'constant currency'): unknown currency "
        "'XYZ'" in msg
    )


def test_missing_conversion_rate(tmp_path: Path) -> None:
    mapping = {**MAPPING, "constants": {**MAPPING["constants"], "currency": "USD"}}
    msg = _error(tmp_path, mapping=mapping)
    assert "dist-2025-H1.csv: row 2, currency" in msg and "USD->EUR on 2025-02-10" in msg
    assert "no rate dated on or before it" in msg


def test_bad_kind_date_and_amount_name_the_row(tmp_path: Path) -> None:
    assert "row 2, kind (column 'Kind'): 'recette' is not a line kind" in _error(
        tmp_path / "a", statements={"2025-H1": [("2025-02-01", "recette", "1")]}
    )
    assert "row 2, date (column 'Date'): '01/02/2025' does not match %Y-%m-%d" in _error(
        tmp_path / "b", statements={"2025-H1": [("01/02/2025", "receipt", "1")]}
    )
    assert "row 2, amount (column 'Amount'): 'douze' is not an amount" in _error(
        tmp_path / "c", statements={"2025-H1": [("2025-02-01", "receipt", "douze")]}
    )


def test_shares_must_add_up(tmp_path: Path) -> None:
    raw = contract()
    raw["waterfall"]["steps"][2]["shares"][0]["share"] = "50%"
    assert "waterfall.steps.profits.shares: they add up to 0.9, not 100%" in _error(tmp_path, raw)


def test_mapping_for_an_unknown_party(tmp_path: Path) -> None:
    msg = _error(tmp_path, mapping={**MAPPING, "party": "nobody"})
    assert "mappings/dist.yaml: party: unknown party 'nobody'" in msg


def test_cli_prints_one_line_and_writes_nothing(tmp_path: Path) -> None:
    raw = contract()
    raw["agreements"][0]["party"] = "distt"
    c = write_work(tmp_path / "w", raw)
    ws = tmp_path / "ws"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "imagia",
            "finance",
            "statements",
            str(c),
            "-w",
            str(ws),
            "--period",
            "2025-H1",
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "agreements.dist-fr.party: unknown party 'distt'" in lines[0]
    assert not [p for p in (ws / "outputs").rglob("*") if p.is_file()]


def test_draft_mapping_reads_the_sample_statements_like_the_saved_ones(tmp_path: Path) -> None:
    import yaml

    from imagia.finance.drafts import draft
    from imagia.finance.jobs import sample_dir
    from imagia.finance.lines import load_mapping, read_statement

    root = sample_dir()
    for name, party, saved in (
        ("cine-rivages-2025-H2.csv", "rivages", "cine-rivages"),
        ("northlight-2025-H1.csv", "northlight", "northlight"),
    ):
        m, notes = draft(root / "statements" / name, party)
        path = tmp_path / f"{party}.yaml"
        path.write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
        got = read_statement(root / "statements" / name, load_mapping(path))
        want = read_statement(
            root / "statements" / name, load_mapping(root / "mappings" / f"{saved}.yaml")
        )
        same = ("date", "kind", "territory", "original", "currency", "reason")
        assert [[getattr(x, f) for f in same] for x in got] == [
            [getattr(x, f) for f in same] for x in want
        ], name
    # The sales agent's file has no channel column: the draft says what it assumed.
    assert notes == [
        "no channel column: constant 'theatrical' assumed, check it",
        "amounts: decimal point, as row 2 shows ('60000.00'); check it",
    ]
    m, notes = draft(root / "statements" / "sillage-video-2025-H2.xlsx", "sillage")
    assert m["header_row"] == 3 and m["values"]["kind"]["PPHT"] == "public_price"
    assert "column 'Quantité' left out (ignore): map it if it matters" in notes
