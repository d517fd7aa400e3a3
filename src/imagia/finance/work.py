"""A work folder: its contracts, the statements received (with the mapping of each), the lines.

Layout (see ``samples/les-heures-claires``)::

    contracts.yaml   Contract.1: parties, agreements, recoupment plan, rates
    received.yaml    Received.1: each statement received, its mapping and its period
    mappings/*.yaml  Mapping.1, one per distributor, saved once
    statements/*     the distributors' statements as they came (CSV or XLSX)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.core.textfile import load_yaml
from imagia.finance import contracts
from imagia.finance.lines import Line, Mapping, load_mapping, read_statement
from imagia.finance.money import Rate, Rates
from imagia.finance.periods import Period
from imagia.finance.periods import parse as parse_period

RECEIVED_SCHEMA = "Received.1"


@dataclass
class Received:
    """One statement received from a party for a period (possibly with no line at all)."""

    file: str
    mapping: str
    party: str
    period: Period
    lines: int = 0


@dataclass
class Work:
    root: Path
    contract_path: Path
    contract: contracts.Contract
    rates: Rates
    received: list[Received] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def rates_of(c: contracts.Contract) -> Rates:
    return Rates(
        c.work.currency, [Rate(r.currency, r.date, r.rate, r.source or "") for r in c.rates]
    )


def load(path: Path, progress: Callable[[float, str], None] | None = None) -> Work:
    """Load a work folder (or its contracts file) and every statement it has received."""
    path = Path(path)
    cpath = path / "contracts.yaml" if path.is_dir() else path
    root = cpath.parent
    contract = contracts.load(cpath)
    w = Work(root, cpath, contract, rates_of(contract))
    rec_path = root / "received.yaml"
    if not rec_path.exists():
        return w
    raw = load_yaml(rec_path)
    if not isinstance(raw, dict) or raw.get("schema") != RECEIVED_SCHEMA:
        raise BadFile(rec_path, f"schema: expected {RECEIVED_SCHEMA!r}")
    items = raw.get("statements") or []
    if not isinstance(items, list):
        raise BadFile(rec_path, "statements: expected a list of {file, mapping, period}")
    mappings: dict[str, Mapping] = {}
    parties = contract.party_ids()
    for i, item in enumerate(items):
        for key in ("file", "mapping", "period"):
            if not isinstance(item, dict) or key not in item:
                raise BadFile(rec_path, f"statements[{i}].{key}: missing")
        for key in ("file", "mapping"):
            if not isinstance(item[key], str) or not item[key].strip():
                raise BadFile(rec_path, f"statements[{i}].{key}: expected a file name")
        mpath = root / item["mapping"]
        if item["mapping"] not in mappings:
            m = load_mapping(mpath)
            if m.party not in parties:
                raise BadFile(
                    mpath,
                    f"party: unknown party {m.party!r}",
                    hint=f"parties of {cpath.name}: {', '.join(parties)}",
                )
            mappings[item["mapping"]] = m
        m = mappings[item["mapping"]]
        try:
            period = parse_period(str(item["period"]))
        except Exception:
            raise BadFile(
                rec_path, f"statements[{i}].period: {item['period']!r} is not a period like 2025-H1"
            ) from None
        got = read_statement(
            root / item["file"], m, w.rates, item["mapping"], period.id, source=item["file"]
        )
        w.received.append(Received(item["file"], item["mapping"], m.party, period, len(got)))
        w.lines.extend(got)
        if progress:
            progress((i + 1) / max(len(items), 1), f"read {item['file']}")
    return w
