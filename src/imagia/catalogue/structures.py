"""The study's structures beside the cards: value-chain stages, professions, flags, matrix.

Plain accessors over the packaged YAML files, so the CLI, the API and the web pages read the
same data the same way.
"""

from __future__ import annotations

from typing import Any

from imagia.catalogue.loader import packaged_structure
from imagia.catalogue.schema import SECTORS, STAGES
from imagia.catalogue.text import slug
from imagia.core.errors import BadValue


def stages(sector: str) -> list[dict[str, Any]]:
    """Stages of a sector in value-chain order: id, name_fr, name_en, categories."""
    if sector not in SECTORS:
        raise BadValue("sector", sector, SECTORS)
    data = (packaged_structure("stages") or {}).get("sectors", {}).get(sector, {})
    by_id = {s["id"]: s for s in data.get("stages", [])}
    return [
        {
            "id": sid,
            "name_fr": by_id.get(sid, {}).get("name_fr", sid),
            "name_en": by_id.get(sid, {}).get("name_en", sid),
            "categories": by_id.get(sid, {}).get("categories", []),
        }
        for sid in STAGES[sector]
    ]


def sector_name(sector: str, lang: str = "en") -> str:
    data = (packaged_structure("stages") or {}).get("sectors", {}).get(sector, {})
    return str(data.get(f"name_{lang}", sector))


def professions() -> list[dict[str, Any]]:
    """The professions of the study (section 3.2 maps and the cards)."""
    return list((packaged_structure("professions") or {}).get("professions", []))


def profession_id(card_name_fr: str, name_en: str) -> str:
    """The profession id for a name printed on a card (falls back to a slug of the English)."""
    names = (packaged_structure("professions") or {}).get("card_names", {})
    return str(names.get(card_name_fr) or slug(name_en))


def flags() -> list[dict[str, Any]]:
    """The six legal and ethical flags with what to check and the facts the study cites."""
    return list((packaged_structure("flags") or {}).get("flags", []))


def interests() -> list[dict[str, Any]]:
    return list((packaged_structure("legends") or {}).get("interests", []))


def matrix() -> dict[str, Any]:
    """The maturity x adoption matrix (groups, axes, entries whose group was lost)."""
    return dict(packaged_structure("matrix") or {})
