"""The study's genre tables: which use-case categories apply to which genre of work."""

from __future__ import annotations

from typing import Any

from imagia.catalogue.loader import packaged_structure

LEVELS = ("generally", "partly", "little", "unknown")
_RANK = {"generally": 3, "partly": 2, "unknown": 1, "little": 0}


def _level(cell: Any) -> str:
    value = cell.get("level") if isinstance(cell, dict) else cell
    return value if value in LEVELS else "unknown"


def genre_ids() -> tuple[str, ...]:
    """The genres of the study's tables (fiction_feature, fiction_series, documentary, ...)."""
    data = packaged_structure("genres") or {}
    return tuple(g["id"] for g in data.get("genres", []))


def applicability(genre: str) -> dict[str, str]:
    """Use case id -> generally / partly / little / unknown for ``genre``.

    A use case in several categories takes the most favourable reading.
    """
    data = packaged_structure("genres") or {}
    out: dict[str, str] = {}
    for cat in data.get("categories", []):
        level = _level((cat.get("applicability") or {}).get(genre, "unknown"))
        for uc in cat.get("usecases", []):
            prev = out.get(uc)
            if prev is None or _RANK[level] > _RANK[prev]:
                out[uc] = level
    return out
