"""What French law and the 2017 transparency accords require a statement to carry, as checks on a
``Statement.1`` dictionary (docs/finance.md cites the texts).

Each item names its source; ``missing(statement)`` lists the items a statement lacks, so a test
(and anyone auditing a statement) can see that every required item is there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

_AGREEMENT_KEYS = ("gross", "fee", "expenses_recouped", "expenses_to_recoup", "mg_recouped")


@dataclass(frozen=True)
class Item:
    id: str
    title_fr: str
    title_en: str
    source: str
    present: Callable[[dict[str, Any]], bool]


def _receipts(st: dict[str, Any]) -> bool:
    rows = st.get("receipts")
    keys = ("channel", "territory", "period", "cumulative")
    return isinstance(rows, list) and all(all(k in r for k in keys) for r in rows)


def _agreements(st: dict[str, Any], keys: tuple[str, ...]) -> bool:
    rows = st.get("agreements")
    return isinstance(rows, list) and all(
        all(k in a and f"{k}_period" in a for k in keys if not k.endswith("to_recoup"))
        and all(k in a for k in keys if k.endswith("to_recoup"))
        for a in rows
    )


def _yearly(st: dict[str, Any]) -> bool:
    p = st.get("period") or {}
    try:
        days = (date.fromisoformat(p["end"]) - date.fromisoformat(p["start"])).days
    except (KeyError, TypeError, ValueError):
        return False
    return days <= 365


ITEMS: tuple[Item, ...] = (
    Item(
        "identification",
        "Œuvre, bénéficiaire, période, date et auteur du relevé",
        "Work, beneficiary, period, date and issuer of the statement",
        "CPI L.132-28; CCIA L.213-32",
        lambda s: all(s.get(k) for k in ("work", "beneficiary", "period", "issued", "accountant")),
    ),
    Item(
        "at-least-yearly",
        "Au moins une fois par an (période d'un an au plus)",
        "At least once a year (a period of one year at most)",
        "CPI L.132-28; CCIA D.213-13",
        _yearly,
    ),
    Item(
        "receipts-by-mode",
        "Recettes brutes par mode d'exploitation et par territoire, période et cumul",
        "Gross receipts by mode of exploitation and territory, period and cumulative",
        "CPI L.132-28; CCIA L.213-28; accord du 6 juillet 2017 (comptes d'exploitation)",
        _receipts,
    ),
    Item(
        "fee-and-costs",
        "Commission, coûts d'exploitation récupérés et restant à récupérer",
        "Fee, exploitation costs recouped and still to recoup",
        "CCIA L.213-28 et L.213-29; accord du 6 juillet 2017",
        lambda s: _agreements(s, _AGREEMENT_KEYS),
    ),
    Item(
        "mg-recoupment",
        "État de récupération des minima garantis",
        "Recoupment of the minimum guarantees",
        "CCIA L.213-28; accord du 6 juillet 2017",
        lambda s: _agreements(s, ("mg_recouped", "mg_to_recoup")),
    ),
    Item(
        "net-receipts",
        "Recettes nettes part producteur",
        "Producer's net receipts",
        "CCIA L.213-28; accord du 6 juillet 2017",
        lambda s: isinstance(s.get("rnpp"), dict) and {"period", "cumulative"} <= set(s["rnpp"]),
    ),
    Item(
        "public-support",
        "Aides publiques et crédits d'impôt (hors assiette)",
        "Public support and tax credits (outside the base)",
        "CCIA L.213-28",
        lambda s: isinstance(s.get("excluded"), dict),
    ),
    Item(
        "beneficiary-share",
        "Part du bénéficiaire, avances et plafonds, montant acquis",
        "The beneficiary's share, advances and caps, amount earned",
        "CPI L.132-28; CCIA L.213-32 et L.213-33",
        lambda s: isinstance(s.get("positions"), list) and "entitled" in s,
    ),
    Item(
        "paid-and-due",
        "Déjà réglé (registre des paiements) et montant dû",
        "Paid before (payments ledger) and amount due",
        "contrats d'auteurs et de financement; accord du 6 juillet 2017",
        lambda s: all(k in s for k in ("paid_before", "due", "payments")),
    ),
)


def missing(statement: dict[str, Any]) -> list[str]:
    """The ids of the required items ``statement`` lacks (empty: it carries them all)."""
    return [i.id for i in ITEMS if not i.present(statement)]
