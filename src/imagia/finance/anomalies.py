"""Checks that flag, with the evidence, what a person accounting for a work must look at.

The checks are a table (:data:`REGISTRY`) of small named functions, each registered with
:func:`anomaly_check`: an id (kebab-case, the ``check`` of its findings), the usual severity of
what it finds, a title in French and in English, and what it inspects. :func:`check` runs them
in order. Each finding names the party, the figures and the source rows; every check stays
silent on a clean work (tested on a case made for each one and on a clean one), and
``docs/finance.md`` lists them all (tested).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from imagia.core.errors import BadValue
from imagia.finance.labels import channel, day
from imagia.finance.money import ZERO, fmt_money
from imagia.finance.periods import parse as parse_period
from imagia.finance.periods import series
from imagia.finance.waterfall import Engine, Result
from imagia.finance.work import Work

SCHEMA = "Anomalies.1"
_FREQ_FR = {
    "annual": "annuels",
    "semiannual": "semestriels",
    "quarterly": "trimestriels",
    "monthly": "mensuels",
}


def _pct(rate: Decimal, lang: str) -> str:
    """``30.0%`` / ``30,0 %``: a rate to one decimal, as each reader writes it."""
    v = f"{rate * 100:.1f}"
    return f"{v.replace('.', ',')}\u00a0%" if lang == "fr" else f"{v}%"


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
    message_fr: str = ""
    currency: str = ""
    status: str = "open"  # resolved once reviewed, or once every line it names is decided
    decision: str = ""  # accepted or rejected
    review: str = ""  # the reason given
    reviewed_on: str = ""

    @property
    def id(self) -> str:
        """``check@first evidence`` (or ``check@party``): how adjustments.yaml names it."""
        return f"{self.check}@{self.evidence[0] if self.evidence else self.party}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **asdict(self)}


@dataclass
class Flag:
    """What a check yields; :func:`check` makes it a :class:`Finding` with the check's id and,
    unless the flag says otherwise, its severity."""

    party: str
    message: str
    evidence: list[str] = field(default_factory=list)
    amount: str | None = None
    severity: str | None = None
    message_fr: str = ""


class Context:
    """What every check reads: the work, the date, the prepared engine and its result."""

    def __init__(self, work: Work, as_of: date) -> None:
        self.work = work
        self.as_of = as_of
        self.contract = work.contract
        self.engine = Engine(work)
        self.lines = [ln for ln in work.lines if ln.on <= as_of]  # the lines up to as_of
        self.name = {p.id: p.name for p in self.contract.parties}
        self._at: dict[date, Result] = {}

    @cached_property
    def result(self) -> Result:
        return self.at(self.as_of)

    def at(self, end: date) -> Result:
        """The waterfall as of ``end`` (computed once per date)."""
        if end not in self._at:
            self._at[end] = self.engine.compute(end)
        return self._at[end]

    def position(self, agreement: str, end: date) -> Any:
        return next(x for x in self.at(end).agreements if x.id == agreement)

    def money(self, v: Decimal) -> str:
        return fmt_money(v, self.contract.work.currency, "en")

    def fr(self, v: Decimal) -> str:
        """An amount as a French reader writes it (``1 234,56 EUR``)."""
        return fmt_money(v, self.contract.work.currency, "fr")

    def who(self, party: str) -> str:
        return self.name.get(party, party)

    def rows(self, agreement: str, kind: str, end: date) -> list[str]:
        """The source rows of an agreement's lines of one kind, up to ``end``."""
        return [
            ln.where
            for ln, ag in zip(self.work.lines, self.engine.line_agreement, strict=True)
            if ag == agreement and ln.kind == kind and ln.on <= end
        ]

    def received_ends(self, party: str) -> list[date]:
        """The end dates of the statements received from ``party``, in order."""
        return sorted({r.period.end for r in self.work.received if r.party == party})


Run = Callable[[Context], Iterable[Flag]]


@dataclass(frozen=True)
class Check:
    """One named check: ``run(ctx)`` yields its findings."""

    id: str
    severity: str  # of what it finds; a milder case may say "warning" (each finding says)
    title_en: str
    title_fr: str
    inspects: str
    run: Run

    def describe(self) -> dict[str, str]:
        return {
            "id": self.id,
            "severity": self.severity,
            "title_en": self.title_en,
            "title_fr": self.title_fr,
            "inspects": self.inspects,
        }


REGISTRY: dict[str, Check] = {}
SEVERITIES = ("error", "warning")


def anomaly_check(
    id: str, *, severity: str, title_en: str, title_fr: str, inspects: str
) -> Callable[[Run], Run]:
    """Register the decorated function as the check ``id`` (run in registration order)."""
    if id in REGISTRY:
        raise ValueError(f"check {id!r} registered twice")
    if severity not in SEVERITIES:
        raise ValueError(f"check {id!r}: severity {severity!r} not in {SEVERITIES}")

    def register(fn: Run) -> Run:
        REGISTRY[id] = Check(id, severity, title_en, title_fr, inspects, fn)
        return fn

    return register


def default_as_of(work: Work) -> date:
    """The end of the latest period a statement was received for (or the release date)."""
    ends = [r.period.end for r in work.received]
    return max(ends) if ends else work.contract.work.release


def check(
    work: Work,
    as_of: date | None = None,
    progress: Callable[[float, str], None] | None = None,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Run the registered checks (or ``only`` those) on ``work`` as of ``as_of``."""
    ctx = Context(work, as_of or default_as_of(work))
    chosen = list(REGISTRY.values())
    if only is not None:
        wanted = list(only)
        for cid in wanted:
            if cid not in REGISTRY:
                raise BadValue("check", cid, list(REGISTRY))
        chosen = [c for c in chosen if c.id in wanted]
    out: list[Finding] = []
    for i, c in enumerate(chosen):
        out.extend(
            Finding(
                c.id,
                f.severity or c.severity,
                f.party,
                f.message,
                f.evidence,
                f.amount,
                f.message_fr or f.message,
                work.contract.work.currency,
            )
            for f in c.run(ctx)
        )
        if progress:
            progress((i + 1) / (len(chosen) + 1), c.title_en)
    _review(work, out)
    if progress:
        progress(1.0, f"{len(out)} finding(s)")
    return out


def _review(work: Work, found: list[Finding]) -> None:
    """Mark findings resolved from the reviews and line decisions of adjustments.yaml."""
    adj = work.adjustments
    if adj is None:
        return
    reviews = {r.finding: r for r in adj.findings}
    decided = {d.line: d for d in adj.lines if d.decision is not None}
    for f in found:
        r = reviews.get(f.id)
        if r is not None:
            f.status, f.decision, f.review, f.reviewed_on = (
                "resolved",
                r.decision,
                r.reason,
                r.on.isoformat(),
            )
        elif f.evidence and all(e in decided for e in f.evidence):
            ds = [decided[e] for e in f.evidence]
            f.status = "resolved"
            f.decision = "rejected" if any(d.decision == "rejected" for d in ds) else "accepted"
            f.review = "; ".join(f"{d.line}: {d.resolution or d.reason}" for d in ds)
            f.reviewed_on = max(d.resolved for d in ds if d.resolved).isoformat()


@anomaly_check(
    "missing-statement",
    severity="error",
    title_en="Missing statement",
    title_fr="Relevé manquant",
    inspects="agreements' reporting frequency against the statements received",
)
def missing_statement(ctx: Context) -> Iterator[Flag]:
    """An agreement that must report, with no statement for a period since its start."""
    c = ctx.contract
    first = (
        parse_period(c.accounting.first_period).start
        if c.accounting.first_period
        else c.work.release
    )
    for a in c.agreements:
        if a.reporting == "none":
            continue
        got = [r.period for r in ctx.work.received if r.party == a.party]
        for p in series(max(a.start, first), ctx.as_of, a.reporting):
            if p.end > ctx.as_of or (a.end is not None and p.start > a.end):
                continue
            if not any(g.start <= p.start and p.end <= g.end for g in got):
                yield Flag(
                    a.party,
                    f"{ctx.name[a.party]} sent no statement for {p.id} "
                    f"({a.reporting} reporting under {a.id})",
                    [f"received: {', '.join(g.id for g in got) or 'none'}"],
                    message_fr=f"{ctx.name[a.party]} n'a envoyé aucun relevé pour {p.id} "
                    f"(relevés {_FREQ_FR.get(a.reporting, a.reporting)} prévus par {a.id})",
                )


@anomaly_check(
    "fee-above-contract",
    severity="error",
    title_en="Fee above the contract",
    title_fr="Commission supérieure au contrat",
    inspects="fee lines against the contract's fee tiers, cumulatively at the end "
    "of each statement",
)
def fee_above_contract(ctx: Context) -> Iterator[Flag]:
    m = ctx.money
    for a in ctx.contract.agreements:
        for end in ctx.received_ends(a.party):
            if end > ctx.as_of:
                continue
            pos = ctx.position(a.id, end)
            if pos.fee_reported > pos.fee + TOLERANCE:
                rates_en = rates_fr = ""
                if pos.gross > 0:
                    took, due = pos.fee_reported / pos.gross, pos.fee / pos.gross
                    rates_en = f"; {_pct(took, 'en')} of gross vs {_pct(due, 'en')} by contract"
                    rates_fr = f" ; {_pct(took, 'fr')} du brut au lieu de {_pct(due, 'fr')}"
                yield Flag(
                    a.party,
                    f"{ctx.name[a.party]} reports fees of {m(pos.fee_reported)} to "
                    f"{end}; the contract's fees come to {m(pos.fee)} "
                    f"({m(pos.fee_reported - pos.fee)} too much{rates_en})",
                    ctx.rows(a.id, "fee", end),
                    str(pos.fee_reported - pos.fee),
                    message_fr=f"{ctx.name[a.party]} déclare {ctx.fr(pos.fee_reported)} de "
                    f"commissions au {day(end, 'fr')} ; le contrat donne {ctx.fr(pos.fee)} "
                    f"({ctx.fr(pos.fee_reported - pos.fee)} de trop{rates_fr})",
                )


@anomaly_check(
    "expenses-over-cap",
    severity="warning",
    title_en="Expenses over their cap",
    title_fr="Frais au-delà du plafond",
    inspects="expense lines against the agreement's expenses cap",
)
def expenses_over_cap(ctx: Context) -> Iterator[Flag]:
    m = ctx.money
    for pos in ctx.result.agreements:
        if pos.expenses_incurred > pos.expenses_allowed:
            over = pos.expenses_incurred - pos.expenses_allowed
            yield Flag(
                pos.party,
                f"{ctx.name[pos.party]} charged {m(pos.expenses_incurred)} of expenses "
                f"under {pos.id}, capped at {m(pos.expenses_allowed)}: "
                f"{m(over)} not recoupable",
                ctx.rows(pos.id, "expense", ctx.as_of),
                str(over),
                message_fr=f"{ctx.name[pos.party]} a imputé {ctx.fr(pos.expenses_incurred)} "
                f"de frais au titre de {pos.id}, plafonnés à {ctx.fr(pos.expenses_allowed)} : "
                f"{ctx.fr(over)} non récupérables",
            )


@anomaly_check(
    "duplicate-line",
    severity="error",
    title_en="Duplicate line",
    title_fr="Ligne en double",
    inspects="every line but totals and remittances, in one statement or two",
)
def duplicate_line(ctx: Context) -> Iterator[Flag]:
    seen: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for ln in ctx.lines:
        if ln.kind in ("total", "remittance"):
            continue
        seen[
            (
                ln.party,
                ln.date,
                ln.kind,
                ln.channel,
                ln.territory,
                ln.original,
                ln.currency,
                ln.description,
                ln.ref,
            )
        ].append(ln.where)
    for key, where in seen.items():
        if len(where) > 1:
            kind = "expense charged" if key[2] == "expense" else f"{key[2]} line"
            kind_fr = "frais facturés" if key[2] == "expense" else f"ligne « {key[2]} »"
            ref_en = f" (reference {key[8]})" if key[8] else ""
            ref_fr = f" (référence {key[8]})" if key[8] else ""
            amount_fr = fmt_money(key[5], key[6], "fr")
            yield Flag(
                key[0],
                f"{ctx.who(key[0])}: {kind} of {fmt_money(key[5], key[6], 'en')} on "
                f"{key[1]}{ref_en} appears {len(where)} times",
                where,
                str(key[5]),
                message_fr=f"{ctx.who(key[0])} : {kind_fr} de {amount_fr} du "
                f"{day(key[1], 'fr')}{ref_fr} présente {len(where)} fois",
            )


@anomaly_check(
    "not-granted",
    severity="error",
    title_en="Receipts outside the rights granted",
    title_fr="Recettes hors des droits cédés",
    inspects="receipt lines against the channels, territories and rights window of "
    "the party's agreements",
)
def not_granted(ctx: Context) -> Iterator[Flag]:
    """Receipts from a channel, territory or date the party holds no rights for (a date
    outside the rights window is a warning)."""
    c = ctx.contract
    m = ctx.money
    by_party: dict[str, list[Any]] = defaultdict(list)
    for a in c.agreements:
        by_party[a.party].append(a)
    for ln in ctx.lines:
        if ln.kind != "receipt" or ln.party == c.waterfall.owner:
            continue
        agrs = by_party.get(ln.party, [])
        if not agrs:
            yield Flag(
                ln.party,
                f"{ctx.who(ln.party)} reports receipts but holds no agreement",
                [ln.where],
                str(ln.amount),
                message_fr=f"{ctx.who(ln.party)} déclare des recettes sans aucun contrat",
            )
        elif not any(a.grants(ln.channel, ln.territory) for a in agrs):
            yield Flag(
                ln.party,
                f"{ctx.name[ln.party]} reports {ln.channel} receipts in "
                f"{ln.territory} ({m(ln.amount)}), not granted by "
                f"{', '.join(a.id for a in agrs)}",
                [ln.where],
                str(ln.amount),
                message_fr=f"{ctx.name[ln.party]} déclare des recettes "
                f"{channel(ln.channel, 'fr')} en {ln.territory} ({ctx.fr(ln.amount)}), hors des "
                f"droits cédés par {', '.join(a.id for a in agrs)}",
            )
        elif not any(a.grants(ln.channel, ln.territory) and a.in_window(ln.date) for a in agrs):
            yield Flag(
                ln.party,
                f"{ctx.name[ln.party]} reports {ln.channel} receipts in "
                f"{ln.territory} on {ln.date}, outside the rights window",
                [ln.where],
                str(ln.amount),
                severity="warning",
                message_fr=f"{ctx.name[ln.party]} déclare des recettes "
                f"{channel(ln.channel, 'fr')} en {ln.territory} le {day(ln.date, 'fr')}, hors "
                "de la durée des droits",
            )


@anomaly_check(
    "remittance-mismatch",
    severity="error",
    title_en="Remittance does not match the overage",
    title_fr="Versement différent du surplus dû",
    inspects="remittance lines against the overage owed, at the end of each "
    "statement (overpaid, a warning) and as of the date (underpaid)",
)
def remittance_mismatch(ctx: Context) -> Iterator[Flag]:
    m = ctx.money
    for a in ctx.contract.agreements:
        ends = sorted({e for e in ctx.received_ends(a.party) if e <= ctx.as_of} | {ctx.as_of})
        for end in ends:
            pos = ctx.position(a.id, end)
            ev = ctx.rows(a.id, "remittance", end)
            if pos.remitted > pos.overage + TOLERANCE:
                why = (
                    f"while its minimum guarantee is not recouped ({m(pos.mg_to_recoup)} "
                    "still to recoup)"
                    if pos.mg_to_recoup > 0
                    else f"beyond the overage owed ({m(pos.overage)})"
                )
                why_fr = (
                    f"alors que son minimum garanti n'est pas récupéré "
                    f"({ctx.fr(pos.mg_to_recoup)} restent à récupérer)"
                    if pos.mg_to_recoup > 0
                    else f"au-delà du surplus dû ({ctx.fr(pos.overage)})"
                )
                yield Flag(
                    a.party,
                    f"{ctx.name[a.party]} had paid {m(pos.remitted)} of overage by {end} {why}",
                    ev,
                    str(pos.remitted - pos.overage),
                    severity="warning",
                    message_fr=f"{ctx.name[a.party]} avait versé {ctx.fr(pos.remitted)} de "
                    f"surplus au {day(end, 'fr')} {why_fr}",
                )
                break
            if end == ctx.as_of and ev and pos.remitted + TOLERANCE < pos.overage:
                yield Flag(
                    a.party,
                    f"{ctx.name[a.party]} owes an overage of {m(pos.overage)} and "
                    f"paid {m(pos.remitted)} "
                    f"({m(pos.overage - pos.remitted)} missing)",
                    ev,
                    str(pos.overage - pos.remitted),
                    message_fr=f"{ctx.name[a.party]} doit un surplus de {ctx.fr(pos.overage)} "
                    f"et a versé {ctx.fr(pos.remitted)} "
                    f"({ctx.fr(pos.overage - pos.remitted)} manquants)",
                )


@anomaly_check(
    "statement-total",
    severity="error",
    title_en="Statement total does not add up",
    title_fr="Total du relevé incohérent",
    inspects="each statement's declared total lines against its receipt lines",
)
def statement_total(ctx: Context) -> Iterator[Flag]:
    per_file: dict[str, list[Any]] = defaultdict(list)
    for ln in ctx.work.lines:
        per_file[ln.source].append(ln)
    for src, lns in per_file.items():
        totals = [ln for ln in lns if ln.kind == "total"]
        if not totals:
            continue
        declared = sum((ln.original for ln in totals), ZERO)
        actual = sum((ln.original for ln in lns if ln.kind == "receipt"), ZERO)
        if declared != actual:
            yield Flag(
                lns[0].party,
                f"{src}: declared total {declared} but its receipt lines add up "
                f"to {actual} (difference {declared - actual})",
                [ln.where for ln in totals],
                str(declared - actual),
                message_fr=f"{src} : total déclaré {declared} mais ses lignes de recettes "
                f"font {actual} (écart {declared - actual})",
            )


@anomaly_check(
    "outlier",
    severity="warning",
    title_en="Receipts far from the work's history",
    title_fr="Recettes hors de l'historique de l'œuvre",
    inspects="receipts per party, channel and period (modified z-score, four periods or more)",
)
def outlier(ctx: Context) -> Iterator[Flag]:
    m = ctx.money
    hist: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for ln in ctx.lines:
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
                yield Flag(
                    party,
                    f"{ctx.who(party)}: {ch} receipts of {m(v)} in {pid} "
                    f"are far from this work's history (median "
                    f"{m(Decimal(str(round(med, 2))))}, modified z-score "
                    f"{z:.1f})",
                    [f"period {pid}"],
                    str(v),
                    message_fr=f"{ctx.who(party)} : recettes {channel(ch, 'fr')} de "
                    f"{ctx.fr(v)} en {pid}, loin de l'historique de l'œuvre (médiane "
                    f"{ctx.fr(Decimal(str(round(med, 2))))}, score z modifié "
                    f"{z:.1f}".replace(".", ",")
                    + ")",
                )


CHECKS = tuple(REGISTRY)  # the check ids, in the order they run
