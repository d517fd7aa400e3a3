"""The catalogue as both faces show it, beyond a card's own JSON: professions with their use
cases."""

from __future__ import annotations

from typing import Any

from imagia.catalogue.query import Catalogue


def professions(cat: Catalogue) -> list[dict[str, Any]]:
    """Every profession the cards name, with the use cases touching it (highest impact first)."""
    members: dict[str, list[dict[str, Any]]] = {pid: [] for pid in cat.professions()}
    for uc in cat.all():
        for pid in dict.fromkeys(uc.profession_ids):
            members[pid].append(
                {
                    "id": uc.id,
                    "name_fr": uc.card.name_fr,
                    "name_en": uc.card.name_en,
                    "impact": uc.impact_level,
                    "maturity": uc.maturity_level,
                    "status": uc.status,
                }
            )
    out = []
    for pid, names in cat.professions().items():
        ucs = sorted(members[pid], key=lambda u: (-(u["impact"] or 0), u["id"]))
        levels = [u["impact"] for u in ucs if u["impact"] is not None]
        out.append(
            {
                "id": pid,
                "fr": names["fr"],
                "en": names["en"],
                "max_impact": max(levels) if levels else None,
                "usecases": ucs,
            }
        )
    return out
