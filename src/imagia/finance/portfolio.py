"""A beneficiary's statement across all their works of a catalogue (schema
``CatalogueStatement.1``): each work's entitlement, paid before (each work's ledger) and due,
and the totals per currency (never adding different currencies).

Cross-collateralised works (``catalogue.yaml``): the beneficiary's remuneration is pooled, so an
advance one work has not recouped is set against what the others earn: the pool's remuneration
owed is ``max(0, sum of earned - sum of advances)`` instead of the sum of each work's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, NotFound
from imagia.finance.catalogue import NAME, Catalogue
from imagia.finance.catalogue import load as load_catalogue
from imagia.finance.money import ZERO
from imagia.finance.periods import Period
from imagia.finance.periods import parse as parse_period
from imagia.finance.statements import Builder
from imagia.finance.work import Work
from imagia.finance.work import load as load_work

SCHEMA = "CatalogueStatement.1"


@dataclass
class WorkRow:
    work: str
    title: str
    currency: str
    entitled: Decimal
    paid_before: Decimal
    due: Decimal
    earned: Decimal  # remuneration earned (cumulative)
    advance: Decimal  # advances against it
    shares: Decimal  # step shares (never pooled)
    pool: str = ""  # the cross-collateralisation pool it belongs to, if any


@dataclass
class CatalogueStatement:
    party: str
    name: str
    period: Period
    issued: date
    rows: list[WorkRow]
    totals: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    pools: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def d(v: Any) -> Any:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "schema": SCHEMA,
            "beneficiary": {"id": self.party, "name": self.name},
            "period": {
                "id": self.period.id,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "issued": self.issued.isoformat(),
            "works": [{k: d(v) for k, v in r.__dict__.items()} for r in self.rows],
            "pools": [{k: d(v) for k, v in p.items()} for p in self.pools],
            "totals": {c: {k: str(v) for k, v in t.items()} for c, t in self.totals.items()},
        }


def load_works(
    root: Path, progress: Callable[[float, str], None] | None = None
) -> tuple[Catalogue, list[Work]]:
    """The catalogue of folder ``root`` and each of its works."""
    root = Path(root)
    cat = load_catalogue(root)
    works = []
    for i, e in enumerate(cat.works):
        w = load_work(root / e.folder)
        if w.contract.work.id != e.id:
            raise BadFile(
                root / NAME,
                f"works[{i}]: {e.folder} holds work {w.contract.work.id!r}, not {e.id!r}",
            )
        works.append(w)
        if progress:
            progress((i + 1) / len(cat.works), f"loaded {e.id}")
    return cat, works


def statement(
    cat: Catalogue,
    works: list[Work],
    party: str,
    period: Period | str,
    issued: date | None = None,
) -> CatalogueStatement:
    """``party``'s statement over every work of the catalogue where they are a beneficiary."""
    p = parse_period(period) if isinstance(period, str) else period
    on = issued or date.today()
    pool_of = {
        w: i for i, x in enumerate(cat.cross_collateralised) if x.party == party for w in x.works
    }
    rows: list[WorkRow] = []
    name = ""
    for w in works:
        b = Builder(w, issued=on)
        if party not in b.beneficiaries() or party == w.contract.waterfall.owner:
            continue
        st = b.statement(party, p)
        name = st.beneficiary_name
        res = b.at(p.end)
        rems = [r for r in res.remunerations if r.party == party]
        wid = w.contract.work.id
        rows.append(
            WorkRow(
                wid,
                w.contract.work.title,
                w.contract.work.currency,
                st.entitled,
                st.paid_before,
                st.due,
                sum((r.earned for r in rems), ZERO),
                sum((r.advance for r in rems), ZERO),
                res.allocated_to(party, ("share",)),
                f"pool-{pool_of[wid] + 1}" if wid in pool_of else "",
            )
        )
    if not rows:
        raise NotFound(
            "beneficiary", party, sorted({b for w in works for b in Builder(w).beneficiaries()})
        )
    out = CatalogueStatement(party, name, p, on, rows)
    for i, x in enumerate(cat.cross_collateralised):
        if x.party != party:
            continue
        members = [r for r in rows if r.pool == f"pool-{i + 1}"]
        curs = {r.currency for r in members}
        if len(curs) > 1:
            raise BadFile(NAME, f"cross_collateralised[{i}]: works in {', '.join(sorted(curs))}")
        earned = sum((r.earned for r in members), ZERO)
        advance = sum((r.advance for r in members), ZERO)
        owed = max(ZERO, earned - advance)
        entitled = owed + sum((r.shares for r in members), ZERO)
        paid = sum((r.paid_before for r in members), ZERO)
        out.pools.append(
            {
                "pool": f"pool-{i + 1}",
                "works": [r.work for r in members],
                "clause": x.clause,
                "currency": next(iter(curs), ""),
                "earned": earned,
                "advance": advance,
                "entitled": entitled,
                "paid_before": paid,
                "due": max(ZERO, entitled - paid),
            }
        )
    for r in rows:
        t = out.totals.setdefault(r.currency, {"entitled": ZERO, "paid_before": ZERO, "due": ZERO})
        if not r.pool:
            t["entitled"] += r.entitled
            t["paid_before"] += r.paid_before
            t["due"] += r.due
    for pool in out.pools:
        t = out.totals.setdefault(
            pool["currency"], {"entitled": ZERO, "paid_before": ZERO, "due": ZERO}
        )
        for k in ("entitled", "paid_before", "due"):
            t[k] += pool[k]
    return out
