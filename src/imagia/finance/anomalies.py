"""Checks that flag, with the evidence, what a person accounting for a work must look at.

Each check returns findings naming the party, the figures and the source rows; every check stays
silent on a clean work (tested on a case made for each one and on a clean one).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from imagia.finance.money import ZERO, fmt_money
from imagia.finance.periods import parse as parse_period
from imagia.finance.periods import series
from imagia.finance.waterfall import Engine
from imagia.finance.work import Work

SCHEMA = "Anomalies.1"
CHECKS = ("missing-statement", "fee-above-contract", "expenses-over-cap", "duplicate-line",
          "not-granted", "remittance-mismatch", "statement-total", "outlier")
TOLERANCE = Decimal("1.00")  # per-line rounding in a distributor's own fee computation
OUTLIER_Z = 3.5  # modified z-score (Iglewicz and Hoaglin) above which a period stands out


@dataclass
class Finding:
    check: str
    severity: str
    party: str
    message: str
    evidence: list[str] = field(default_factory=list)
    amount: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_as_of(work: Work) -> date:
    """The end of the latest period a statement was received for (or the release date)."""
    ends = [r.period.end for r in work.received]
    return max(ends) if ends else work.contract.work.release


def check(work: Work, as_of: date | None = None,
          progress: Callable[[float, str], None] | None = None) -> list[Finding]:
    as_of = as_of or default_as_of(work)
    engine = Engine(work)
    res = engine.compute(as_of)
    c = work.contract
    cur = c.work.currency
    out: list[Finding] = []
    lines = [ln for ln in work.lines if ln.date <= as_of]
    name = {p.id: p.name for p in c.parties}

    def m(v: Decimal) -> str:
        return fmt_money(v, cur, "en")

    # missing-statement: an agreement that must report, with no statement for a period.
    first = (parse_period(c.accounting.first_period).start if c.accounting.first_period
             else c.work.release)
    for a in c.agreements:
        if a.reporting == "none":
            continue
        start = max(a.start, first)
        got = [r.period for r in work.received if r.party == a.party]
        for p in series(start, as_of, a.reporting):
            if p.end > as_of or (a.end is not None and p.start > a.end):
                continue
            if not any(g.start <= p.start and p.end <= g.end for g in got):
                out.append(Finding("missing-statement", "error", a.party,
                                   f"{name[a.party]} sent no statement for {p.id} "
                                   f"({a.reporting} reporting under {a.id})",
                                   [f"received: {', '.join(g.id for g in got) or 'none'}"]))
    if progress:
        progress(0.2, "statements received")

    # fee-above-contract: the fee a distributor reports against the contract's, cumulatively
    # at the end of each of its statements.
    for a in c.agreements:
        rec = sorted({r.period.end for r in work.received if r.party == a.party})
        for end in rec:
            if end > as_of:
                continue
            pos = next(x for x in engine.compute(end).agreements if x.id == a.id)
            if pos.fee_reported > pos.fee + TOLERANCE:
                ev = [ln.where for ln, ag in zip(work.lines, engine.line_agreement, strict=True)
                      if ag == a.id and ln.kind == "fee" and ln.date <= end]
                out.append(Finding("fee-above-contract", "error", a.party,
                                   f"{name[a.party]} reports fees of {m(pos.fee_reported)} to "
                                   f"{end}; the contract's fees come to {m(pos.fee)} "
                                   f"({m(pos.fee_reported - pos.fee)} too much)", ev,
                                   str(pos.fee_reported - pos.fee)))
    # expenses-over-cap
    for pos in res.agreements:
        if pos.expenses_incurred > pos.expenses_allowed:
            ev = [ln.where for ln, ag in zip(work.lines, engine.line_agreement, strict=True)
                  if ag == pos.id and ln.kind == "expense" and ln.date <= as_of]
            over = pos.expenses_incurred - pos.expenses_allowed
            out.append(Finding("expenses-over-cap", "warning", pos.party,
                               f"{name[pos.party]} charged {m(pos.expenses_incurred)} of expenses "
                               f"under {pos.id}, capped at {m(pos.expenses_allowed)}: "
                               f"{m(over)} not recoupable", ev, str(over)))
    if progress:
        progress(0.4, "fees and expenses")

    # duplicate-line: the same line twice (in one statement or two).
    seen: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for ln in lines:
        if ln.kind in ("total", "remittance"):
            continue
        seen[(ln.party, ln.date, ln.kind, ln.channel, ln.territory, ln.original, ln.currency,
              ln.description, ln.ref)].append(ln.where)
    for key, where in seen.items():
        if len(where) > 1:
            kind = "expense charged" if key[2] == "expense" else f"{key[2]} line"
            out.append(Finding("duplicate-line", "error", key[0],
                               f"{name.get(key[0], key[0])}: {kind} of {key[5]} {key[6]} on "
                               f"{key[1]} appears {len(where)} times", where, str(key[5])))

    # not-granted: receipts from a channel, territory or date the party holds no rights for.
    by_party: dict[str, list[Any]] = defaultdict(list)
    for a in c.agreements:
        by_party[a.party].append(a)
    for ln in lines:
        if ln.kind != "receipt" or ln.party == c.waterfall.owner:
            continue
        agrs = by_party.get(ln.party, [])
        if not agrs:
            out.append(Finding("not-granted", "error", ln.party,
                               f"{name.get(ln.party, ln.party)} reports receipts but holds no "
                               "agreement", [ln.where], str(ln.amount)))
        elif not any(a.grants(ln.channel, ln.territory) for a in agrs):
            out.append(Finding("not-granted", "error", ln.party,
                               f"{name[ln.party]} reports {ln.channel} receipts in "
                               f"{ln.territory} ({m(ln.amount)}), not granted by "
                               f"{', '.join(a.id for a in agrs)}", [ln.where], str(ln.amount)))
        elif not any(a.grants(ln.channel, ln.territory) and a.in_window(ln.date) for a in agrs):
            out.append(Finding("not-granted", "warning", ln.party,
                               f"{name[ln.party]} reports {ln.channel} receipts in "
                               f"{ln.territory} on {ln.date}, outside the rights window",
                               [ln.where], str(ln.amount)))
    if progress:
        progress(0.6, "duplicates and grants")

    # remittance-mismatch: what a distributor paid the producer against the overage owed,
    # at the end of each of its statements (overpaid) and at the end (underpaid).
    for a in c.agreements:
        ends = sorted({r.period.end for r in work.received if r.party == a.party
                       and r.period.end <= as_of} | {as_of})
        for end in ends:
            pos = next(x for x in engine.compute(end).agreements if x.id == a.id)
            ev = [ln.where for ln, ag in zip(work.lines, engine.line_agreement, strict=True)
                  if ag == a.id and ln.kind == "remittance" and ln.date <= end]
            if pos.remitted > pos.overage + TOLERANCE:
                why = (f"while its minimum guarantee is not recouped ({m(pos.mg_to_recoup)} "
                       "still to recoup)" if pos.mg_to_recoup > 0 else
                       f"beyond the overage owed ({m(pos.overage)})")
                out.append(Finding("remittance-mismatch", "warning", a.party,
                                   f"{name[a.party]} had paid {m(pos.remitted)} of overage by "
                                   f"{end} {why}", ev, str(pos.remitted - pos.overage)))
                break
            if end == as_of and ev and pos.remitted + TOLERANCE < pos.overage:
                out.append(Finding("remittance-mismatch", "error", a.party,
                                   f"{name[a.party]} owes an overage of {m(pos.overage)} and "
                                   f"paid {m(pos.remitted)} "
                                   f"({m(pos.overage - pos.remitted)} missing)",
                                   ev, str(pos.overage - pos.remitted)))

    # statement-total: a statement whose declared total does not add up.
    per_file: dict[str, list[Any]] = defaultdict(list)
    for ln in work.lines:
        per_file[ln.source].append(ln)
    for src, lns in per_file.items():
        totals = [ln for ln in lns if ln.kind == "total"]
        if not totals:
            continue
        declared = sum((ln.original for ln in totals), ZERO)
        actual = sum((ln.original for ln in lns if ln.kind == "receipt"), ZERO)
        if declared != actual:
            out.append(Finding("statement-total", "error", lns[0].party,
                               f"{src}: declared total {declared} but its receipt lines add up "
                               f"to {actual} (difference {declared - actual})",
                               [ln.where for ln in totals], str(declared - actual)))

    # outlier: a period's receipts far from the work's history for that party and channel.
    hist: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for ln in lines:
        if ln.kind == "receipt" and ln.period:
            hist[(ln.party, ln.channel)][ln.period] += ln.amount
    for (party, ch), per in hist.items():
        if len(per) < 4:
            continue
        vals = [float(v) for v in per.values()]
        med = statistics.median(vals)
        mad = statistics.median(abs(v - med) for v in vals)
        if mad == 0:
            continue
        for pid, v in per.items():
            z = 0.6745 * (float(v) - med) / mad
            if abs(z) > OUTLIER_Z:
                out.append(Finding("outlier", "warning", party,
                                   f"{name.get(party, party)}: {ch} receipts of {m(v)} in {pid} "
                                   f"are far from this work's history (median "
                                   f"{m(Decimal(str(round(med, 2))))}, modified z-score "
                                   f"{z:.1f})", [f"period {pid}"], str(v)))
    if progress:
        progress(1.0, f"{len(out)} finding(s)")
    return out
