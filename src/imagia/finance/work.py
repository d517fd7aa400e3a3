"""A work folder: its contracts, the statements received (with the mapping of each), the lines.

Layout (see ``samples/les-heures-claires``)::

    contracts.yaml   Contract.1: parties, agreements, recoupment plan, rates
    received.yaml    Received.1: each statement received, its mapping and its period
    mappings/*.yaml  Mapping.1, one per distributor, saved once
    statements/*     the distributors' statements as they came (CSV or XLSX)
    payments.csv     the payments ledger (optional): what was actually paid (see ledger.py)
    adjustments.yaml disputes, reserves, corrections, reviewed findings (optional, adjustments.py)

Late receipts: a line dated before the period of the statement that reports it, or in a period
already closed (issued) when its statement arrived, is *booked* on the first day still open
(``Line.booked``, its own date kept), so nothing already issued changes and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.core.provenance import sha256_file
from imagia.core.textfile import load_yaml
from imagia.finance import contracts
from imagia.finance.adjustments import NAME as ADJUSTMENTS
from imagia.finance.adjustments import Adjustments
from imagia.finance.adjustments import key as adjustment_key
from imagia.finance.adjustments import load as load_adjustments
from imagia.finance.catalogue import Catalogue, beside
from imagia.finance.ledger import Ledger
from imagia.finance.ledger import load as load_ledger
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


@dataclass(frozen=True)
class Closing:
    """A closed period: the statement that first closed it and the received files it covered
    (name in received.yaml -> SHA-256 at the time)."""

    period: Period
    number: str
    files: dict[str, str]


def open_from(name: str, start: date, closings: Sequence[Closing]) -> date:
    """The first day a line of ``name`` (a received file, or an adjustment's key) may count on:
    ``start`` (its statement's period start), or the day after the last period closed without
    it."""
    days = [start] + [c.period.end + timedelta(days=1) for c in closings if name not in c.files]
    return max(days)


def _check_unchanged(root: Path, name: str, closings: Sequence[Closing]) -> None:
    for c in closings:
        if name in c.files and sha256_file(root / name) != c.files[name]:
            raise BadFile(
                root / name,
                f"changed since statement {c.number} closed {c.period.id}",
                hint="keep the file as it was and send the correction as a new statement file",
            )


@dataclass
class Work:
    root: Path
    contract_path: Path
    contract: contracts.Contract
    rates: Rates
    received: list[Received] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    ledger: Ledger = field(default_factory=lambda: Ledger([]))
    adjustments: Adjustments | None = None
    # Cross-collateralisation: pool -> the other works of the catalogue with an agreement in it.
    peers: dict[str, list[Work]] = field(default_factory=dict)


def rates_of(c: contracts.Contract) -> Rates:
    return Rates(
        c.work.currency, [Rate(r.currency, r.date, r.rate, r.source or "") for r in c.rates]
    )


def load(
    path: Path,
    progress: Callable[[float, str], None] | None = None,
    closings: Sequence[Closing] = (),
    peer_closings: Callable[[str], Sequence[Closing]] | None = None,
    pools: bool = True,
) -> Work:
    """Load a work folder (or its contracts file) and every statement it has received; lines
    reported late are booked after the periods already ``closings``. An agreement in a
    cross-collateralisation pool brings the catalogue's other works of that pool (``peers``,
    loaded with their own closed periods from ``peer_closings(work id)``); ``pools=False``
    loads the work alone."""
    path = Path(path)
    cpath = path / "contracts.yaml" if path.is_dir() else path
    root = cpath.parent
    contract = contracts.load(cpath)
    cat = beside(root)
    works = (
        cat.names()
        if cat
        else {contract.work.id: contract.work.id, contract.work.title: contract.work.id}
    )
    w = Work(root, cpath, contract, rates_of(contract))
    w.ledger = load_ledger(root, contract.party_ids(), contract.work.currency)
    if pools and any(a.cross_pool for a in contract.agreements):
        w.peers = _peers(w, cat, peer_closings)
    rec_path = root / "received.yaml"
    if not rec_path.exists():
        _adjust(w, closings)
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
            root / item["file"],
            m,
            w.rates,
            item["mapping"],
            period.id,
            source=item["file"],
            works=works,
            keep=contract.work.id,
        )
        _check_unchanged(root, item["file"], closings)
        first = open_from(item["file"], period.start, closings)
        for ln in got:
            if ln.date < first:
                ln.booked = first
        w.received.append(Received(item["file"], item["mapping"], m.party, period, len(got)))
        w.lines.extend(got)
        if progress:
            progress((i + 1) / max(len(items), 1), f"read {item['file']}")
    _adjust(w, closings)
    return w


def _peers(
    w: Work,
    cat: Catalogue | None,
    peer_closings: Callable[[str], Sequence[Closing]] | None,
) -> dict[str, list[Work]]:
    """The other works of the catalogue with an agreement in one of ``w``'s pools."""
    c = w.contract
    mine: dict[str, str] = {a.cross_pool: a.id for a in c.agreements if a.cross_pool}
    if cat is None:
        pool, aid = next(iter(mine.items()))
        raise BadFile(
            w.contract_path,
            f"agreements.{aid}.cross_pool: pool {pool!r} needs a catalogue.yaml (Catalogue.1) "
            "beside the work folder, listing the works of the pool",
        )
    base = w.root.resolve().parent
    out: dict[str, list[Work]] = {p: [] for p in mine}
    for e in cat.works:
        if e.id == c.work.id:
            continue
        other = contracts.load(base / e.folder / "contracts.yaml")
        shared = {a.cross_pool for a in other.agreements if a.cross_pool} & set(mine)
        if not shared:
            continue
        if other.work.currency != c.work.currency:
            raise BadFile(
                base / e.folder / "contracts.yaml",
                f"work.currency: {other.work.currency}, while the work {c.work.id!r} sharing "
                f"its pool {sorted(shared)[0]!r} is in {c.work.currency} "
                "(a pool never adds different currencies)",
            )
        peer = load(
            base / e.folder,
            closings=peer_closings(e.id) if peer_closings else (),
            pools=False,
        )
        for p in sorted(shared):
            out[p].append(peer)
    for pool, aid in mine.items():
        if not out[pool]:
            raise BadFile(
                w.contract_path,
                f"agreements.{aid}.cross_pool: no other work of the catalogue has an "
                f"agreement in pool {pool!r}",
            )
    return out


def _adjust(w: Work, closings: Sequence[Closing]) -> None:
    """Add the adjustments' lines, booked after the periods closed without them."""
    c = w.contract
    got = load_adjustments(w.root, w.lines, c.party_ids(), c.work.currency)
    w.adjustments = got.data
    keys = {adjustment_key(ln) for ln in got.lines}
    for cl in closings:
        for k in cl.files:
            if k.startswith(ADJUSTMENTS + "#") and k not in keys:
                raise BadFile(
                    w.root / ADJUSTMENTS,
                    f"an entry statement {cl.number} covered ({k.partition('#')[2]}) was "
                    "changed or removed",
                    hint="add a new entry (a correction, a decision) instead",
                )
    for ln in got.lines:
        first = open_from(adjustment_key(ln), ln.date, closings)
        if ln.date < first:
            ln.booked = first
    w.lines.extend(got.lines)
