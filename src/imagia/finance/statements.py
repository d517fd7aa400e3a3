"""Statements per beneficiary and period (schema ``Statement.1``), produced even when nothing
is owed, with the audit trail of every figure that reaches the beneficiary.

What is *due* to a beneficiary is what the plan's owner pays them (authors' remuneration beyond
their advance, shares of the recoupment steps). Statements are cumulative, as in the trade: the
amount due for a period is the cumulative entitlement at its end less what was actually paid by
the statement's date, read from the payments ledger (``payments.csv``, see ledger.py) and never
recomputed; a cumulative entitlement below what was paid is a negative balance carried forward,
never a claim. Receipts reported late are listed with their original date in the period they
are booked in (see work.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from imagia.core.errors import NotFound
from imagia.finance import labels
from imagia.finance.contracts import Contract
from imagia.finance.lines import Line
from imagia.finance.money import ZERO, cents, fmt_money
from imagia.finance.periods import Period, series
from imagia.finance.periods import parse as parse_period
from imagia.finance.waterfall import Engine, Result
from imagia.finance.work import Work

SCHEMA = "Statement.1"
PAYABLE = ("remuneration", "share")


@dataclass
class Position:
    figure: str
    label: str
    kind: str
    clause: str
    period: Decimal
    cumulative: Decimal
    threshold: Decimal | None = None
    recouped: Decimal | None = None
    to_recoup: Decimal | None = None


@dataclass
class Statement:
    work_id: str
    work_title: str
    beneficiary: str
    beneficiary_name: str
    role: str
    lang: str
    period: Period
    currency: str
    issued: date
    accountant: str
    receipts: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    rnpp: tuple[Decimal, Decimal]
    excluded: tuple[Decimal, Decimal]
    positions: list[Position]
    entitled: Decimal
    paid_before: Decimal
    due: Decimal
    carried: Decimal
    reasons: list[str]
    rates: list[dict[str, str]]
    audit: list[dict[str, Any]] = field(default_factory=list)
    is_owner: bool = False
    payments: list[dict[str, Any]] = field(default_factory=list)
    late: list[dict[str, Any]] = field(default_factory=list)
    number: str = ""
    corrects: str = ""
    payment_date: date | None = None
    owes: list[dict[str, Any]] = field(default_factory=list)  # the owner's summary
    # VAT on the amount due and tax withheld from it, where the beneficiary's contract says so.
    vat_rate: Decimal | None = None
    vat: Decimal = ZERO
    withholding_rate: Decimal | None = None
    withheld: Decimal = ZERO
    # The beneficiary's terms: each rate, its base and what it earned (period and cumulative).
    terms: list[dict[str, Any]] = field(default_factory=list)

    @property
    def payable(self) -> Decimal:
        """What is paid: the amount due, plus VAT, less tax withheld."""
        return self.due + self.vat - self.withheld

    @property
    def nothing_due(self) -> bool:
        return self.due == 0

    def money(self, v: Decimal) -> str:
        return fmt_money(v, self.currency, self.lang)

    def to_dict(self) -> dict[str, Any]:
        def d(v: Any) -> Any:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "schema": SCHEMA,
            "work": {"id": self.work_id, "title": self.work_title},
            "beneficiary": {
                "id": self.beneficiary,
                "name": self.beneficiary_name,
                "role": self.role,
            },
            "lang": self.lang,
            "currency": self.currency,
            "period": {
                "id": self.period.id,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "issued": self.issued.isoformat(),
            "accountant": self.accountant,
            "receipts": [{k: d(v) for k, v in r.items()} for r in self.receipts],
            "agreements": [{k: d(v) for k, v in a.items()} for a in self.agreements],
            "rnpp": {"period": str(self.rnpp[0]), "cumulative": str(self.rnpp[1])},
            "excluded": {"period": str(self.excluded[0]), "cumulative": str(self.excluded[1])},
            "positions": [{k: d(v) for k, v in p.__dict__.items()} for p in self.positions],
            "entitled": str(self.entitled),
            "paid_before": str(self.paid_before),
            "due": str(self.due),
            "carried_forward": str(self.carried),
            "nothing_due": self.nothing_due,
            "reasons": self.reasons,
            "rates": self.rates,
            "audit": self.audit,
            "payments": self.payments,
            "late_receipts": self.late,
            "number": self.number,
            "corrects": self.corrects,
            "payment_date": self.payment_date.isoformat() if self.payment_date else None,
            "owes": [{k: d(v) for k, v in o.items()} for o in self.owes],
            "vat_rate": d(self.vat_rate),
            "vat": str(self.vat),
            "withholding_rate": d(self.withholding_rate),
            "withheld": str(self.withheld),
            "payable": str(self.payable),
            "terms": [{k: d(v) for k, v in x.items()} for x in self.terms],
        }


def _rows_ranges(lines: list[Line], idx: tuple[int, ...]) -> str:
    """``statements/a.csv: 2-5, 9; statements/b.csv: 3``."""
    by: dict[str, list[int]] = {}
    for i in idx:
        by.setdefault(lines[i].source, []).append(lines[i].row)
    out = []
    for src, rows in by.items():
        rows.sort()
        spans: list[str] = []
        start = prev = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            spans.append(f"{start}" if start == prev else f"{start}-{prev}")
            if r is not None:
                start = prev = r
        out.append(f"{src}: {', '.join(spans)}")
    return "; ".join(out)


def clause_texts(c: Contract) -> dict[str, str]:
    """The human reference of each agreement and remuneration (``art. 9 of ...``)."""
    out = {f"agreements[{a.id}]": a.clause for a in c.agreements if a.clause}
    out.update(
        {
            f"waterfall.remunerations[{r.id}]": r.clause
            for r in c.waterfall.remunerations
            if r.clause
        }
    )
    return out


def audit_trail(
    res: Result,
    keys: list[str],
    lines: list[Line],
    lang: str,
    texts: dict[str, str] | None = None,
    limit: int = 400,
    contract: Contract | None = None,
) -> list[dict[str, Any]]:
    """The figures behind ``keys``, each once, parents before what they come from."""
    texts = texts or {}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    stack = list(reversed(keys))
    while stack and len(out) < limit:
        k = stack.pop()
        if k in seen or k not in res.figures:
            continue
        seen.add(k)
        f = res.figures[k]
        path = f.clause.partition("#")[2]
        text = next((v for k, v in texts.items() if path.startswith(k)), "")
        out.append(
            {
                "figure": f.key,
                "label": labels.figure(f.key, lang, contract),
                "amount": str(f.amount),
                "clause": f.clause,
                "clause_text": text,
                "from": list(f.inputs),
                "sources": _rows_ranges(lines, f.lines) if f.lines else "",
            }
        )
        stack.extend(reversed(f.inputs))
    return out


class Builder:
    """Builds statements for a work; the engine is prepared once for all of them."""

    def __init__(self, work: Work, issued: date | None = None) -> None:
        self.work = work
        self.c = work.contract
        self.engine = Engine(work)
        self.issued = issued or date.today()
        self._cache: dict[date, Result] = {}
        self._currencies = {ln.currency for ln in work.lines}

    def at(self, d: date) -> Result:
        if d not in self._cache:
            self._cache[d] = self.engine.compute(d)
        return self._cache[d]

    def grid(self, upto: date) -> list[Period]:
        acc = self.c.accounting
        first = parse_period(acc.first_period).start if acc.first_period else self.c.work.release
        return series(first, upto, acc.frequency)

    def beneficiaries(self) -> list[str]:
        """Parties the owner accounts to (authors, step shareholders), then the owner."""
        w = self.c.waterfall
        ids = [r.party for r in w.remunerations]
        ids += [sh.party for s in w.steps for sh in s.shares]
        out = []
        for i in ids:
            if i not in out and i != w.owner:
                out.append(i)
        return [*out, w.owner]

    def paid_before(self, party: str) -> tuple[Decimal, list[dict[str, Any]]]:
        """What the ledger says ``party`` was paid by the statement's date, and how."""
        total, got = self.work.ledger.paid(party, self.issued)
        return total, [p.to_dict() for p in got]

    def late(self, period: Period) -> list[dict[str, Any]]:
        """Lines booked in ``period`` though dated earlier (reported late), original date shown."""
        return [
            {
                "source": ln.where,
                "date": ln.date.isoformat(),
                "booked": ln.on.isoformat(),
                "kind": ln.kind,
                "channel": ln.channel,
                "territory": ln.territory,
                "amount": str(ln.amount),
            }
            for ln in self.work.lines
            if ln.booked is not None and period.contains(ln.booked)
        ]

    def statement(self, party: str, period: Period | str, lang: str | None = None) -> Statement:
        c = self.c
        if isinstance(period, str):
            period = parse_period(period)
        try:
            who = c.party(party)
        except KeyError:
            raise NotFound("beneficiary", party, c.party_ids()) from None
        lg = lang or who.lang
        end, prev = self.at(period.end), self.at(period.before())
        owner = c.waterfall.owner
        is_owner = party == owner

        receipts = []
        for a_end in end.agreements:
            a_prev = next(x for x in prev.agreements if x.id == a_end.id)
            for (ch, terr), cum in sorted(a_end.gross_by.items()):
                p = cum - a_prev.gross_by.get((ch, terr), ZERO)
                receipts.append(
                    {
                        "agreement": a_end.id,
                        "party": c.party(a_end.party).name,
                        "channel": ch,
                        "channel_label": labels.channel(ch, lg),
                        "territory": terr,
                        "period": p,
                        "cumulative": cum,
                    }
                )
        agrs = []
        for a_end in end.agreements:
            a_prev = next(x for x in prev.agreements if x.id == a_end.id)
            row: dict[str, Any] = {
                "agreement": a_end.id,
                "party": c.party(a_end.party).name,
                "kind": a_end.kind,
            }
            for k in (
                "gross",
                "fee",
                "expenses_recouped",
                "mg_recouped",
                "cross_given",
                "cross_received",
                "overage",
                "payments",
                "rnpp",
            ):
                row[k] = getattr(a_end, k)
                row[f"{k}_period"] = getattr(a_end, k) - getattr(a_prev, k)
            row["expenses_to_recoup"] = a_end.expenses_to_recoup
            row["mg_to_recoup"] = a_end.mg_to_recoup
            row["cross_pool"] = a_end.cross_pool
            agrs.append(row)

        positions: list[Position] = []
        keys: list[str] = []
        prev_alloc = {(a.figure, a.kind): a.amount for a in prev.allocations if a.party == party}
        reasons: list[str] = []
        for al in end.allocations:
            if al.party != party:
                continue
            positions.append(
                Position(
                    al.figure,
                    labels.figure(al.figure, lg, c),
                    al.kind,
                    al.clause,
                    al.amount - prev_alloc.get((al.figure, al.kind), ZERO),
                    al.amount,
                )
            )
            keys.append(al.figure)
        for r in end.remunerations:
            if r.party != party:
                continue
            key = f"remuneration:{r.id}:owed"
            pos = next((p for p in positions if p.figure == key), None)
            if pos is None:
                pos = Position(
                    key,
                    labels.figure(key, lg, c),
                    "remuneration",
                    end.figures[key].clause,
                    ZERO,
                    ZERO,
                )
                positions.append(pos)
                keys.append(key)
            pos.threshold, pos.recouped, pos.to_recoup = (
                r.advance,
                r.advance_recouped,
                r.advance_to_recoup,
            )
            if r.advance_to_recoup > 0:
                reasons.append(
                    labels.t(
                        "advance_left",
                        lg,
                        advance=fmt_money(r.advance, c.work.currency, lg),
                        left=fmt_money(r.advance_to_recoup, c.work.currency, lg),
                    )
                )
        step_parties = {st.id: {sh.party for sh in st.shares} for st in c.waterfall.steps}
        for s in end.steps:
            if party not in step_parties[s.id]:
                continue
            key = f"share:{s.id}:{party}"
            pos = next((p for p in positions if p.figure == key), None)
            if pos is None:
                pos = Position(
                    key, labels.figure(key, lg, c), "share", end.figures[key].clause, ZERO, ZERO
                )
                positions.append(pos)
                keys.append(key)
            pos.threshold = s.cap
            pos.recouped = s.taken - (s.premium_taken or ZERO)
            pos.to_recoup = s.cap_left
            pkey = f"premium:{s.id}:{party}"
            ppos = next((p for p in positions if p.figure == pkey), None)
            if ppos is not None and s.premium is not None:  # the premium, on its own line
                ppos.threshold = s.premium
                ppos.recouped = s.premium_taken
                ppos.to_recoup = s.premium - (s.premium_taken or ZERO)
            if s.taken == 0:
                reasons.append(labels.t("nothing_reached", lg, step=s.id))
            elif s.cap is not None and s.cap_left == 0:
                reasons.append(
                    labels.t(
                        "cap_reached", lg, step=s.id, cap=fmt_money(s.cap, c.work.currency, lg)
                    )
                )
        terms = self._terms(party, end, prev, lg)
        entitled = ZERO if is_owner else end.allocated_to(party, PAYABLE)
        paid, payments = (ZERO, []) if is_owner else self.paid_before(party)
        due = max(ZERO, entitled - paid)
        carried = min(ZERO, entitled - paid)
        if is_owner:
            reasons = [
                labels.t("retains", lg)
                + " "
                + fmt_money(end.allocated_to(owner), c.work.currency, lg)
            ]
        elif due == 0:
            if carried < 0:
                reasons.append(
                    labels.t(
                        "balance_negative", lg, amount=fmt_money(-carried, c.work.currency, lg)
                    )
                )
            if end.total_in == prev.total_in:
                reasons.append(labels.t("no_receipts", lg))
            if not reasons:
                reasons.append(labels.t("already_paid", lg))
        else:
            reasons = []
        rates = [
            {
                "currency": r.currency,
                "date": r.date.isoformat(),
                "rate": str(r.rate),
                "source": r.source or "",
            }
            for r in c.rates
            if r.currency in self._currencies
        ]
        owes = []
        if is_owner:  # what the owner owes each beneficiary, beside what it keeps
            for b in self.beneficiaries():
                if b != owner:
                    o = self.statement(b, period, lg)
                    owes.append(
                        {
                            "beneficiary": o.beneficiary_name,
                            "role": o.role,
                            "entitled": o.entitled,
                            "paid_before": o.paid_before,
                            "due": o.due,
                        }
                    )
        return Statement(
            c.work.id,
            c.work.title,
            party,
            who.name,
            who.role,
            lg,
            period,
            c.work.currency,
            self.issued,
            c.party(owner).name,
            receipts,
            agrs,
            (end.rnpp - prev.rnpp, end.rnpp),
            (end.excluded - prev.excluded, end.excluded),
            positions,
            entitled,
            paid,
            due,
            carried,
            reasons,
            rates,
            audit_trail(end, keys, self.work.lines, lg, clause_texts(c), contract=c),
            is_owner,
            payments,
            self.late(period),
            payment_date=(
                self.issued + timedelta(days=c.accounting.payment_days)
                if c.accounting.payment_days is not None and due > 0
                else None
            ),
            owes=owes,
            vat_rate=who.vat,
            vat=cents(due * who.vat) if who.vat else ZERO,
            withholding_rate=who.withholding,
            withheld=cents(due * who.withholding) if who.withholding else ZERO,
            terms=terms,
        )

    def _terms(self, party: str, end: Result, prev: Result, lg: str) -> list[dict[str, Any]]:
        """``party``'s rates with their base and what they earned, period and cumulative."""
        out: list[dict[str, Any]] = []
        for r in self.c.waterfall.remunerations:
            if r.party != party:
                continue
            e = next(x for x in end.remunerations if x.id == r.id)
            p = next(x for x in prev.remunerations if x.id == r.id)
            if r.base == "rnpp":
                label = labels.t("term_rnpp", lg, rate=labels.percent(r.rate, lg))
            else:
                chans = r.channels or sorted(r.channel_rates) or []
                label = labels.t(
                    "term_public_price",
                    lg,
                    rate=" / ".join(
                        f"{labels.percent(r.channel_rates.get(ch, r.rate), lg)} "
                        f"{labels.channel(ch, lg)}"
                        for ch in chans
                    )
                    or labels.percent(r.rate, lg),
                )
            out.append(
                {
                    "label": label,
                    "base_period": e.base - p.base,
                    "base": e.base,
                    "earned_period": e.earned - p.earned,
                    "earned": e.earned,
                }
            )
        for st in self.c.waterfall.steps:
            share = sum((sh.share for sh in st.shares if sh.party == party), ZERO)
            if not share:
                continue
            e2 = next(x for x in end.steps if x.id == st.id)
            p2 = next(x for x in prev.steps if x.id == st.id)
            out.append(
                {
                    "label": labels.t(
                        "term_step",
                        lg,
                        share=labels.percent(share, lg),
                        step=st.label or st.id,
                        rate=labels.percent(st.rate, lg),
                    ),
                    "base_period": e2.reached - p2.reached,
                    "base": e2.reached,
                    "earned_period": e2.shares.get(party, ZERO) - p2.shares.get(party, ZERO),
                    "earned": e2.shares.get(party, ZERO),
                }
            )
        return out

    def all(
        self,
        period: Period | str,
        parties: list[str] | None = None,
        lang: str | None = None,
        progress: Callable[[float, str], None] | None = None,
    ) -> list[Statement]:
        who = parties or self.beneficiaries()
        out = []
        for i, p in enumerate(who):
            out.append(self.statement(p, period, lang))
            if progress:
                progress((i + 1) / len(who), f"statement for {p}")
        return out
