"""Cross-collateralisation of minimum guarantees between works (a distributor's slate).

An agreement whose contract names a ``cross_pool`` shares it with the agreements of the other
works of the catalogue that name the same pool. Each member's own net (gross less fee and
expenses recouped) first recoups its own MG, as without a pool; then what members earn beyond
their own MG (their excess) recoups what the others have not recouped (their shortfall) before
any overage is owed:

- used = min(sum of excesses, sum of shortfalls), all cumulative as of the same date;
- a member with an excess gives ``used x its excess / sum of excesses`` (its overage is its
  excess less that), a member short of its MG receives ``used x its shortfall / sum of
  shortfalls`` (its MG still to recoup is its shortfall less that);
- parts are rounded to the cent by largest remainders in the order of the members sorted by
  (work id, agreement id), so every work of the pool computes the same split and what is given
  equals what is received, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from imagia.finance.money import ZERO, split_pari_passu


@dataclass(frozen=True)
class Member:
    work: str
    agreement: str
    net: Decimal  # gross less fee and expenses recouped (cumulative)
    mg: Decimal  # its own minimum guarantee


@dataclass(frozen=True)
class Settled:
    given: Decimal  # of its excess, set against the other members' MGs
    received: Decimal  # of its MG, recouped from the other members' receipts


def settle(members: list[Member]) -> dict[tuple[str, str], Settled]:
    """Each member's part of the pool, keyed by (work id, agreement id)."""
    order = sorted(members, key=lambda m: (m.work, m.agreement))
    excess = [m.net - m.mg for m in order]
    surplus = sum((e for e in excess if e > 0), ZERO)
    short = sum((-e for e in excess if e < 0), ZERO)
    used = min(surplus, short)
    give = [i for i, e in enumerate(excess) if e > 0]
    take = [i for i, e in enumerate(excess) if e < 0]
    gives = split_pari_passu(used, [excess[i] / surplus for i in give]) if used else []
    takes = split_pari_passu(used, [-excess[i] / short for i in take]) if used else []
    out = {(m.work, m.agreement): Settled(ZERO, ZERO) for m in order}
    for i, amt in zip(give, gives, strict=False):
        out[(order[i].work, order[i].agreement)] = Settled(amt, ZERO)
    for i, amt in zip(take, takes, strict=False):
        out[(order[i].work, order[i].agreement)] = Settled(ZERO, amt)
    return out
