"""The recoupment waterfall: from gross receipts down to every beneficiary, with an audit trail.

Everything is computed **cumulatively** as of a date (all lines accounted on or before it, a
line reported late counting from its booking date ``Line.on``; every payment made by then); a
period's figures are the difference between the cumulative figures at its end and the day
before it starts. Because caps, corridors and advances are applied to
cumulative amounts, the result does not depend on how lines are grouped into periods.

Per agreement (a distributor's, a sales agent's or a flat licence):

1. gross receipts by channel and territory (receipt lines, negatives only with a reason code);
2. the distribution fee, by channel and tier, on the channel's cumulative gross;
3. recoupable expenses, counted up to their cap, recouped from gross less fee;
4. the net (gross - fee - expenses recouped) first recoups the minimum guarantee, the rest is
   the overage owed to the producer; where the agreement is in a cross-collateralisation pool
   (``cross_pool``), that excess first recoups the pool's other works' MGs (see pools.py).

The producer's net receipts (RNPP) are counted on a cash basis: minimum guarantees and licence
fees when paid (the dates in the contract), overages when earned, and receipts the producer
collects directly; public support and tax credits are excluded when the plan says so. Then:

5. each author's remuneration is ``rate x RNPP`` (cumulative), set first against the advance
   (that part goes back to the payer of the advance), the rest is owed to the author;
6. the rest flows through the steps in order: each takes ``rate`` of what reaches it, up to its
   ``cap``, split pari passu between its shares; what is left after the last step stays with the
   plan's owner.

Money is conserved to the cent: gross + payments + excluded = every allocation (tested).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from imagia.finance.contracts import Agreement, Contract
from imagia.finance.lines import Line
from imagia.finance.money import ZERO, Rates, cents, split_pari_passu
from imagia.finance.pools import Member, settle
from imagia.finance.work import Work, rates_of

SCHEMA = "Waterfall.1"
# What each allocation kind means (also the order statements list them in).
ALLOCATION_KINDS = (
    "fee",
    "expenses",
    "mg_recoupment",
    "cross_recoupment",
    "remuneration",
    "advance_recoupment",
    "share",
    "undistributed",
    "excluded",
)


@dataclass(slots=True)
class Figure:
    """One number of the waterfall, the clause that made it and where it comes from."""

    key: str
    label: str
    amount: Decimal
    clause: str = ""
    inputs: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()


@dataclass(slots=True)
class Allocation:
    party: str
    kind: str
    amount: Decimal
    figure: str
    clause: str


@dataclass
class AgreementPosition:
    id: str
    party: str
    kind: str
    gross: Decimal
    gross_by: dict[tuple[str, str], Decimal]
    fee: Decimal
    expenses_incurred: Decimal
    expenses_allowed: Decimal
    expenses_recouped: Decimal
    expenses_to_recoup: Decimal
    net: Decimal
    mg: Decimal
    mg_recouped: Decimal
    mg_to_recoup: Decimal
    overage: Decimal
    payments: Decimal
    rnpp: Decimal
    fee_reported: Decimal
    remitted: Decimal
    cross_pool: str = ""
    cross_given: Decimal = ZERO  # of its excess, recouping other works' MGs (pool)
    cross_received: Decimal = ZERO  # of its MG, recouped from other works' receipts (pool)


@dataclass
class RemunerationPosition:
    id: str
    party: str
    rate: Decimal
    base: Decimal
    earned: Decimal
    advance: Decimal
    advance_recouped: Decimal
    advance_to_recoup: Decimal
    owed: Decimal


@dataclass
class StepPosition:
    id: str
    kind: str
    rate: Decimal
    cap: Decimal | None
    reached: Decimal
    taken: Decimal
    cap_left: Decimal | None
    shares: dict[str, Decimal]
    premium: Decimal | None = None  # the premium on top of the cap (investment), if any
    premium_taken: Decimal | None = None


@dataclass
class Result:
    as_of: date
    currency: str
    figures: dict[str, Figure]
    agreements: list[AgreementPosition]
    gross: Decimal
    payments: Decimal
    direct: Decimal
    rnpp: Decimal
    excluded: Decimal
    remunerations: list[RemunerationPosition]
    steps: list[StepPosition]
    undistributed: Decimal
    allocations: list[Allocation] = field(default_factory=list)

    @property
    def total_in(self) -> Decimal:
        return self.gross + self.payments + self.direct + self.excluded

    @property
    def total_allocated(self) -> Decimal:
        return sum((a.amount for a in self.allocations), ZERO)

    def allocated_to(self, party: str, kinds: Iterable[str] = ALLOCATION_KINDS) -> Decimal:
        ks = set(kinds)
        return sum((a.amount for a in self.allocations if a.party == party and a.kind in ks), ZERO)

    def trace(self, key: str, lines: list[Line] | None = None) -> dict[str, Any]:
        """The figure ``key`` and, recursively, the figures and lines it comes from."""
        f = self.figures[key]
        node: dict[str, Any] = {
            "figure": f.key,
            "label": f.label,
            "amount": str(f.amount),
            "clause": f.clause,
        }
        if f.lines:
            node["lines"] = (
                [lines[i].where for i in f.lines] if lines is not None else list(f.lines)
            )
        if f.inputs:
            node["from"] = [self.trace(k, lines) for k in f.inputs if k in self.figures]
        return node

    def to_dict(self, lines: list[Line] | None = None) -> dict[str, Any]:
        def dec(o: Any) -> Any:
            if isinstance(o, Decimal):
                return str(o)
            if isinstance(o, dict):
                return {("/".join(k) if isinstance(k, tuple) else k): dec(v) for k, v in o.items()}
            if isinstance(o, list | tuple):
                return [dec(v) for v in o]
            return o

        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "total_in": str(self.total_in),
            "total_allocated": str(self.total_allocated),
            "gross": str(self.gross),
            "payments": str(self.payments),
            "direct": str(self.direct),
            "rnpp": str(self.rnpp),
            "excluded": str(self.excluded),
            "undistributed": str(self.undistributed),
            "agreements": [dec(dict(a.__dict__)) for a in self.agreements],
            "remunerations": [dec(dict(r.__dict__)) for r in self.remunerations],
            "steps": [dec(dict(s.__dict__)) for s in self.steps],
            "allocations": [
                {
                    "party": a.party,
                    "kind": a.kind,
                    "amount": str(a.amount),
                    "figure": a.figure,
                    "clause": a.clause,
                }
                for a in self.allocations
            ],
            "figures": [
                {
                    "key": f.key,
                    "label": f.label,
                    "amount": str(f.amount),
                    "clause": f.clause,
                    "from": list(f.inputs),
                    "lines": [lines[i].where for i in f.lines]
                    if lines is not None
                    else list(f.lines),
                }
                for f in self.figures.values()
            ],
        }


@dataclass
class _Group:
    dates: list[date]
    cum: list[Decimal]
    idx: list[int]

    def upto(self, d: date) -> tuple[Decimal, int]:
        k = bisect_right(self.dates, d)
        return (self.cum[k - 1] if k else ZERO), k


def _fee(gross: Decimal, tiers: list[tuple[Decimal, Decimal]]) -> Decimal:
    """Tiered fee on cumulative ``gross``: tiers are (from_gross, rate), sorted."""
    g = max(gross, ZERO)
    total = Decimal(0)
    for i, (start, rate) in enumerate(tiers):
        end = tiers[i + 1][0] if i + 1 < len(tiers) else None
        if g <= start:
            break
        top = g if end is None else min(g, end)
        total += (top - start) * rate
    return cents(total)


class Engine:
    """Prepared once for a work (lines grouped and sorted); ``compute(as_of)`` is then cheap,
    so statements over many periods do not re-read the lines."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.c: Contract = work.contract
        self.rates: Rates = rates_of(self.c)
        self.cfile = work.contract_path.name
        self.lines = work.lines
        c = self.c
        self.owner = c.waterfall.owner
        by_party: dict[str, list[Agreement]] = defaultdict(list)
        for a in c.agreements:
            by_party[a.party].append(a)
        self.line_agreement: list[str | None] = []
        raw: dict[tuple[str, ...], list[int]] = defaultdict(list)
        excluded_kinds = set(c.waterfall.exclude)
        assigned: dict[tuple[str, str, str], Agreement | None] = {}
        for i, ln in enumerate(self.lines):
            ck = (ln.party, ln.channel, ln.territory)
            if ck in assigned:
                agr = assigned[ck]
            else:
                agrs = by_party.get(ln.party, [])
                agr = next((a for a in agrs if a.grants(ln.channel, ln.territory)), None)
                if agr is None and agrs:
                    agr = agrs[0]  # not granted: still accounted for, and flagged by anomalies
                assigned[ck] = agr
            self.line_agreement.append(agr.id if agr else None)
            if ln.kind == "public_price":
                raw[("pp", ln.channel, ln.territory)].append(i)
            elif ln.kind in excluded_kinds:
                raw[("excluded", ln.kind, ln.channel, ln.territory)].append(i)
            elif ln.kind in ("public_support", "tax_credit"):
                raw[("direct", ln.party, ln.channel, ln.territory)].append(i)
            elif agr is None:
                if ln.kind == "receipt":
                    raw[("direct", ln.party, ln.channel, ln.territory)].append(i)
                else:
                    raw[("other", ln.party, ln.kind)].append(i)
            else:
                raw[("agr", agr.id, ln.kind, ln.channel, ln.territory)].append(i)
        self.groups: dict[tuple[str, ...], _Group] = {}
        lines = self.lines
        for key, idx in raw.items():
            idx.sort(key=lambda i: lines[i].on)  # stable: same-day lines keep file order
            cum: list[Decimal] = []
            total = Decimal(0)
            for i in idx:
                total += lines[i].amount
                cum.append(total)
            self.groups[key] = _Group([lines[i].on for i in idx], cum, idx)
        self.fee_tiers: dict[str, dict[str, list[tuple[Decimal, Decimal]]]] = {}
        self.caps: dict[str, Decimal | None] = {}
        self.payments: dict[str, list[tuple[date, Decimal]]] = {}
        for a in c.agreements:
            per: dict[str, list[tuple[Decimal, Decimal]]] = {}
            for ch in a.channels:
                own = [f for f in a.fees if f.channel == ch] or [
                    f for f in a.fees if f.channel == "*"
                ]
                per[ch] = sorted(
                    (self._conv(f.from_gross, a.currency, a.start), f.rate) for f in own
                )
            self.fee_tiers[a.id] = per
            self.caps[a.id] = (
                None if a.expenses_cap is None else self._conv(a.expenses_cap, a.currency, a.start)
            )
            self.payments[a.id] = sorted(
                (p.date, self._conv(p.amount, a.currency, p.date)) for p in a.payments
            )
        # Cross-collateralisation: the other works' engines, per pool (peers have no peers).
        self.peers: dict[str, list[Engine]] = {
            pool: [Engine(w) for w in ws] for pool, ws in work.peers.items()
        }
        self._peer_cache: dict[tuple[str, date], list[Member]] = {}

    def _pool_members(self, pool: str, as_of: date) -> list[Member]:
        """The other works' agreements of ``pool``: their own net and MG as of ``as_of``."""
        key = (pool, as_of)
        if key not in self._peer_cache:
            got = []
            for e in self.peers.get(pool, []):
                res = e.compute(as_of)
                ids = {a.id for a in e.c.agreements if a.cross_pool == pool}
                got += [
                    Member(e.c.work.id, p.id, p.net, p.mg) for p in res.agreements if p.id in ids
                ]
            self._peer_cache[key] = got
        return self._peer_cache[key]

    def _conv(self, amount: Decimal, currency: str, on: date) -> Decimal:
        return self.rates.convert(amount, currency, on)[0]

    def _clause(self, path: str) -> str:
        return f"{self.cfile}#{path}"

    def _mg(self, a: Agreement) -> Decimal:
        if a.kind == "licence" or a.payments:
            return sum((amt for _, amt in self.payments[a.id]), ZERO)
        return self._conv(a.mg, a.currency, a.start)

    def compute(self, as_of: date) -> Result:
        c = self.c
        figs: dict[str, Figure] = {}
        allocs: list[Allocation] = []

        def fig(
            key: str,
            label: str,
            amount: Decimal,
            clause: str = "",
            inputs: Iterable[str] = (),
            lines: Iterable[int] = (),
        ) -> str:
            figs[key] = Figure(key, label, amount, clause, tuple(inputs), tuple(lines))
            return key

        def alloc(party: str, kind: str, amount: Decimal, key: str) -> None:
            if amount:
                allocs.append(Allocation(party, kind, amount, key, figs[key].clause))

        positions: list[AgreementPosition] = []
        rnpp_inputs: list[str] = []
        rnpp_by_agr: dict[str, Decimal] = {}
        gross_total = payments_total = ZERO
        for a in c.agreements:
            p = f"agreements[{a.id}]"
            gross_by: dict[tuple[str, str], Decimal] = {}
            gross_keys: list[str] = []
            gross_ch: dict[str, Decimal] = defaultdict(Decimal)
            expense_lines: list[int] = []
            incurred = fee_reported = remitted = ZERO
            for key, g in self.groups.items():
                if key[0] != "agr" or key[1] != a.id:
                    continue
                amt, k = g.upto(as_of)
                if not k:
                    continue
                kind, ch, terr = key[2], key[3], key[4]
                if kind == "receipt":
                    gross_by[(ch, terr)] = amt
                    gross_ch[ch] += amt
                    gross_keys.append(
                        fig(
                            f"gross:{a.id}:{ch}:{terr}",
                            f"gross receipts {ch} {terr}",
                            amt,
                            self._clause(f"{p}.channels"),
                            (),
                            g.idx[:k],
                        )
                    )
                elif kind == "expense":
                    incurred += amt
                    expense_lines += g.idx[:k]
                elif kind == "fee":
                    fee_reported += amt
                elif kind == "remittance":
                    remitted += amt
            gross = sum(gross_by.values(), ZERO)
            gk = fig(f"gross:{a.id}", f"gross receipts ({a.id})", gross, "", gross_keys)
            fee_keys = []
            fee = ZERO
            for ch, g_ch in sorted(gross_ch.items()):
                tiers = self.fee_tiers[a.id].get(ch) or []
                f_ch = _fee(g_ch, tiers)
                fee += f_ch
                fee_keys.append(
                    fig(
                        f"fee:{a.id}:{ch}",
                        f"distribution fee {ch}",
                        f_ch,
                        self._clause(f"{p}.fees"),
                        [k for k in gross_keys if k.split(":")[2] == ch],
                    )
                )
            fk = fig(
                f"fee:{a.id}",
                f"distribution fee ({a.id})",
                fee,
                self._clause(f"{p}.fees"),
                fee_keys,
            )
            alloc(a.party, "fee", fee, fk)
            cap = self.caps[a.id]
            allowed = incurred if cap is None else min(incurred, cap)
            ik = fig(
                f"expenses:{a.id}:incurred",
                f"expenses charged ({a.id})",
                incurred,
                "",
                (),
                sorted(expense_lines, key=lambda i: (self.lines[i].source, self.lines[i].row)),
            )
            avail = gross - fee
            recouped = min(max(avail, ZERO), max(allowed, ZERO))
            ek = fig(
                f"expenses:{a.id}:recouped",
                f"expenses recouped ({a.id})",
                recouped,
                self._clause(f"{p}.expenses_cap"),
                (gk, fk, ik),
            )
            alloc(a.party, "expenses", recouped, ek)
            net = avail - recouped
            nk = fig(f"net:{a.id}", f"net after fee and expenses ({a.id})", net, "", (gk, fk, ek))
            mg = self._mg(a)
            excess = max(ZERO, net - mg)
            mg_rec = net - excess
            given = received = ZERO
            if a.cross_pool and self.peers.get(a.cross_pool):
                own = Member(c.work.id, a.id, net, mg)
                part = settle([own, *self._pool_members(a.cross_pool, as_of)])
                given, received = part[(c.work.id, a.id)].given, part[(c.work.id, a.id)].received
            overage = excess - given
            mk = fig(
                f"mg_recouped:{a.id}",
                f"minimum guarantee recouped ({a.id})",
                mg_rec,
                self._clause(f"{p}.mg" if a.kind != "licence" else f"{p}.payments"),
                (nk,),
            )
            alloc(a.party, "mg_recoupment", mg_rec, mk)
            cross_keys: tuple[str, ...] = ()
            if a.cross_pool:
                gk2 = fig(
                    f"cross_given:{a.id}",
                    f"recouping other works' MGs, pool {a.cross_pool} ({a.id})",
                    given,
                    self._clause(f"{p}.cross_pool"),
                    (nk, mk),
                )
                alloc(a.party, "cross_recoupment", given, gk2)
                fig(
                    f"cross_received:{a.id}",
                    f"MG recouped from other works' receipts, pool {a.cross_pool} ({a.id})",
                    received,
                    self._clause(f"{p}.cross_pool"),
                )
                cross_keys = (gk2,)
            ok = fig(
                f"overage:{a.id}",
                f"overage ({a.id})",
                overage,
                self._clause(f"{p}.mg"),
                (nk, mk, *cross_keys),
            )
            paid = sum((amt for d, amt in self.payments[a.id] if d <= as_of), ZERO)
            pk = fig(
                f"payments:{a.id}",
                f"{'licence fee' if a.kind == 'licence' else 'MG'} paid ({a.id})",
                paid,
                self._clause(f"{p}.payments"),
            )
            rnpp_inputs += [ok, pk]
            rnpp_by_agr[a.id] = overage + paid
            gross_total += gross
            payments_total += paid
            positions.append(
                AgreementPosition(
                    a.id,
                    a.party,
                    a.kind,
                    gross,
                    gross_by,
                    fee,
                    incurred,
                    allowed,
                    recouped,
                    allowed - recouped,
                    net,
                    mg,
                    mg_rec,
                    mg - mg_rec - received if mg > mg_rec else ZERO,
                    overage,
                    paid,
                    overage + paid,
                    fee_reported,
                    remitted,
                    a.cross_pool or "",
                    given,
                    received,
                )
            )
        direct = excluded = ZERO
        excl_lines: list[int] = []
        pp_by_ch: dict[str, Decimal] = defaultdict(Decimal)
        pp_keys: dict[str, list[str]] = defaultdict(list)
        for key, g in self.groups.items():
            amt, k = g.upto(as_of)
            if not k:
                continue
            if key[0] == "pp":
                pp_by_ch[key[1]] += amt
                pp_keys[key[1]].append(
                    fig(
                        f"public_price:{key[1]}:{key[2]}",
                        f"public price {key[1]} {key[2]}",
                        amt,
                        "",
                        (),
                        g.idx[:k],
                    )
                )
            elif key[0] == "direct":
                direct += amt
                rnpp_inputs.append(
                    fig(
                        f"direct:{key[1]}:{key[2]}:{key[3]}",
                        f"receipts collected by {key[1]} {key[2]} {key[3]}",
                        amt,
                        "",
                        (),
                        g.idx[:k],
                    )
                )
            elif key[0] == "excluded":
                excluded += amt
                excl_lines += g.idx[:k]
        xk = fig(
            "excluded",
            "excluded from the waterfall (public support, tax credits)",
            excluded,
            self._clause("waterfall.exclude"),
            (),
            excl_lines,
        )
        alloc(self.owner, "excluded", excluded, xk)
        rnpp = sum(rnpp_by_agr.values(), ZERO) + direct
        rk = fig("rnpp", "producer's net receipts (RNPP)", rnpp, "", rnpp_inputs)

        flow = rnpp
        rems: list[RemunerationPosition] = []
        rem_keys: list[str] = []
        for r in c.waterfall.remunerations:
            p = f"waterfall.remunerations[{r.id}]"
            if r.base == "public_price":
                chans = r.channels or sorted(pp_by_ch)
                base = sum((pp_by_ch.get(ch, ZERO) for ch in chans), ZERO)
                bk = fig(
                    f"base:{r.id}",
                    f"public price of {', '.join(chans) or 'no channel'}",
                    base,
                    self._clause(f"{p}.channels"),
                    [k for ch in chans for k in pp_keys.get(ch, [])],
                )
                earned = sum(
                    (
                        cents(r.channel_rates.get(ch, r.rate) * pp_by_ch.get(ch, ZERO))
                        for ch in chans
                    ),
                    ZERO,
                )
            elif r.agreements is None:
                base, bk = rnpp, rk
            else:
                base = sum((rnpp_by_agr[x] for x in r.agreements), ZERO)
                bk = fig(
                    f"base:{r.id}",
                    f"RNPP from {', '.join(r.agreements)}",
                    base,
                    self._clause(f"{p}.agreements"),
                    [f"overage:{x}" for x in r.agreements]
                    + [f"payments:{x}" for x in r.agreements],
                )
            if r.base == "rnpp":
                earned = cents(r.rate * base)
            what = "RNPP" if r.base == "rnpp" else "public price"
            ek = fig(
                f"remuneration:{r.id}:earned",
                f"{r.id}: {r.rate * 100:g}% of {what}",
                earned,
                self._clause(f"{p}.rate"),
                (bk,),
            )
            adv_rec = min(max(earned, ZERO), r.advance)
            ak = fig(
                f"remuneration:{r.id}:advance",
                f"{r.id}: set against the advance",
                adv_rec,
                self._clause(f"{p}.advance"),
                (ek,),
            )
            owed = earned - adv_rec
            ok = fig(
                f"remuneration:{r.id}:owed", f"{r.id}: owed", owed, self._clause(f"{p}"), (ek, ak)
            )
            alloc(r.party, "remuneration", owed, ok)
            alloc(r.payer, "advance_recoupment", adv_rec, ak)
            rem_keys.append(ek)
            flow -= earned
            rems.append(
                RemunerationPosition(
                    r.id,
                    r.party,
                    r.rate,
                    base,
                    earned,
                    r.advance,
                    adv_rec,
                    r.advance - adv_rec,
                    owed,
                )
            )
        prev = fig(
            "flow:after-remunerations", "RNPP after remunerations", flow, "", (rk, *rem_keys)
        )
        steps: list[StepPosition] = []
        for s in c.ordered_steps():
            p = f"waterfall.steps[{s.id}]"
            reached = flow
            fk = fig(f"flow:{s.id}", f"reaching {s.id}", reached, "", (prev,))
            want = cents(s.rate * max(reached, ZERO))
            top = None if s.cap is None else s.cap + (s.premium or ZERO)
            take = want if top is None else min(want, top)
            tk = fig(
                f"take:{s.id}",
                f"{s.label or s.id}",
                take,
                self._clause(f"{p}" + (".cap" if top is not None and take == top else ".rate")),
                (fk,),
            )
            # With a premium, the investment (up to the cap) and the premium are split apart.
            invest = take if s.premium is None or s.cap is None else min(take, s.cap)
            premium = take - invest
            parts = split_pari_passu(invest, [sh.share for sh in s.shares])
            shares: dict[str, Decimal] = {}
            for sh, amt in zip(s.shares, parts, strict=True):
                sk = fig(
                    f"share:{s.id}:{sh.party}",
                    f"{s.id}: {sh.share * 100:g}% to {sh.party}",
                    amt,
                    self._clause(f"{p}.shares"),
                    (tk,),
                )
                alloc(sh.party, "share", amt, sk)
                shares[sh.party] = shares.get(sh.party, ZERO) + amt
            if s.premium is not None:
                pparts = split_pari_passu(premium, [sh.share for sh in s.shares])
                for sh, amt in zip(s.shares, pparts, strict=True):
                    pk = fig(
                        f"premium:{s.id}:{sh.party}",
                        f"{s.id}: premium, {sh.share * 100:g}% to {sh.party}",
                        amt,
                        self._clause(f"{p}.premium"),
                        (tk,),
                    )
                    alloc(sh.party, "share", amt, pk)
            flow = reached - take
            prev = fig(f"flow:after:{s.id}", f"after {s.id}", flow, "", (fk, tk))
            steps.append(
                StepPosition(
                    s.id,
                    s.kind,
                    s.rate,
                    s.cap,
                    reached,
                    take,
                    None if s.cap is None else s.cap - invest,
                    shares,
                    s.premium,
                    premium if s.premium is not None else None,
                )
            )
        uk = fig(
            "undistributed",
            "left to the owner after the last step",
            flow,
            self._clause("waterfall.owner"),
            (prev,),
        )
        alloc(self.owner, "undistributed", flow, uk)
        return Result(
            as_of,
            c.work.currency,
            figs,
            positions,
            gross_total,
            payments_total,
            direct,
            rnpp,
            excluded,
            rems,
            steps,
            flow,
            allocs,
        )


def compute(work: Work, as_of: date) -> Result:
    """The cumulative waterfall of ``work`` as of ``as_of``."""
    return Engine(work).compute(as_of)
