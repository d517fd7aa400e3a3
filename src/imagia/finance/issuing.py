"""Issuing statements: numbered, dated, frozen in the register (register.py), never rewritten.

Rules: a period is issued once per beneficiary, in order (not before a period already closed),
after it ends and not before the last statement's date; a correction is a new statement naming
the one it corrects, for the same beneficiary and period. Before anything is issued, every file
already issued is checked against its checksum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue, ImagiaError, NotFound
from imagia.core.provenance import sha256_file
from imagia.finance import contracts
from imagia.finance.adjustments import NAME as ADJUSTMENTS
from imagia.finance.adjustments import key as adjustment_key
from imagia.finance.periods import parse as parse_period
from imagia.finance.register import Entry, Register
from imagia.finance.statements import Builder, Statement
from imagia.finance.work import Work
from imagia.finance.work import load as load_work

# Writes a statement's files under the workspace; returns [{path (relative), kind, sha256}].
Writer = Callable[[Statement, str], list[dict[str, str]]]


@dataclass
class IssueOptions:
    period: str
    beneficiaries: list[str] | None = None
    lang: str | None = None
    corrects: str = ""
    issued: date | None = None


@dataclass
class Issued:
    work: Work
    register: Register
    entries: list[Entry]
    statements: list[Statement]


def load_for_issue(work_path: Path, ws_root: Path) -> tuple[Work, Register]:
    """The work with its late lines booked after the periods its register has closed."""
    cpath = work_path / "contracts.yaml" if Path(work_path).is_dir() else Path(work_path)
    c = contracts.load(cpath)
    reg = Register.load(ws_root, c.work.id)
    problems = reg.verify(ws_root)
    if problems:
        raise ImagiaError(
            f"issued statements of {c.work.id} were altered: {problems[0]}",
            hint="restore them from a backup; an issued statement is never rewritten",
        )
    closed = reg.closings()
    return (
        load_work(
            cpath,
            closings=closed,
            peer_closings=lambda wid: Register.load(ws_root, wid).closings(),
        ),
        reg,
    )


def issue(
    work_path: Path,
    ws_root: Path,
    opts: IssueOptions,
    write: Writer,
    progress: Callable[[float, str], None] | None = None,
) -> Issued:
    work, reg = load_for_issue(work_path, ws_root)
    on = opts.issued or date.today()
    b = Builder(work, issued=on)
    period = parse_period(opts.period)
    grid = [p.id for p in b.grid(period.end)]
    if period.id not in grid:
        raise BadValue("period", opts.period, grid[-6:], reason="a period of the work's accounting")
    if on <= period.end:
        raise BadValue("issued", on.isoformat(), (f"after {period.end}",), reason="period not over")
    last = max((e.issued for e in reg.entries), default=None)
    if last is not None and on < last:
        raise BadValue("issued", on.isoformat(), (f"{last} or later",), reason="back-dated")
    if opts.corrects:
        old = reg.find(opts.corrects)
        if old is None:
            raise NotFound("statement", opts.corrects, [e.number for e in reg.entries][-10:])
        newer = reg.corrected_by(old.number)
        if newer:
            raise ImagiaError(
                f"statement {old.number} was already corrected by {newer}",
                hint=f"correct {newer} instead",
            )
        if old.period.id != period.id:
            raise BadValue("period", period.id, (old.period.id,), reason=f"{old.number}'s period")
        parties = [old.beneficiary]
    else:
        later = [c.period.id for c in reg.closings() if c.period.start > period.end]
        if later:
            raise ImagiaError(
                f"{period.id} comes before {later[0]}, already closed",
                hint="periods are issued in order; correct an issued statement instead",
            )
        parties = opts.beneficiaries or b.beneficiaries()
        for p in parties:
            cur = reg.current(period.id, p)
            if cur is not None:
                raise ImagiaError(
                    f"{period.id} was already issued to {p} as statement {cur.number}",
                    hint=f"to correct it, issue again with corrects={cur.number}",
                )
    inputs = {r.file: sha256_file(work.root / r.file) for r in work.received}
    inputs.update({adjustment_key(ln): "" for ln in work.lines if ln.source == ADJUSTMENTS})
    seq = reg.next_seq()
    entries: list[Entry] = []
    sts: list[Statement] = []
    for i, party in enumerate(parties):
        st = b.statement(party, period, opts.lang)
        st.number = reg.number(seq + i)
        st.corrects = opts.corrects
        files = write(st, f"{st.number}.{st.beneficiary}.{st.period.id}.{st.lang}")
        entries.append(
            Entry(
                st.number,
                seq + i,
                period,
                party,
                st.beneficiary_name,
                st.lang,
                on,
                st.currency,
                str(st.entitled),
                str(st.paid_before),
                str(st.due),
                files,
                inputs,
                opts.corrects,
            )
        )
        sts.append(st)
        if progress:
            progress((i + 1) / len(parties), f"issued {st.number}")
    reg.append(entries)
    return Issued(work, reg, entries, sts)


def summary(res: Issued) -> dict[str, Any]:
    """The job's result: the statements issued, the late receipts and the payments behind."""
    c = res.work.contract
    return {
        "work": c.work.title,
        "currency": c.work.currency,
        "statements": [
            {
                **e.to_dict(),
                "nothing_due": st.nothing_due,
                "reasons": st.reasons,
                "late": st.late,
                "payments": st.payments,
                "payment_date": st.payment_date.isoformat() if st.payment_date else "",
            }
            for e, st in zip(res.entries, res.statements, strict=True)
        ],
        "closed": [{"period": cl.period.id, "number": cl.number} for cl in res.register.closings()],
    }
