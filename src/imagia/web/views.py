"""What the pages show, built from the catalogue: the value chain, the matrix, stage names.

Plain functions over :class:`Catalogue`; the routes in ``pages.py`` only render them.
"""

from __future__ import annotations

from typing import Any

from imagia.catalogue.genres import genre_ids
from imagia.catalogue.loader import data_dir, packaged_structure
from imagia.catalogue.model import UseCase
from imagia.catalogue.query import Catalogue
from imagia.catalogue.schema import STAGES, WHOLE_CHAIN
from imagia.web import i18n
from imagia.web.svg import Item, grid


def _structure(name: str) -> Any:
    """One of the study's structure files, or None while it does not exist yet."""
    if not (data_dir() / f"{name}.yaml").is_file():
        return None
    return packaged_structure(name)


def stage_names(lang: str) -> dict[str, dict[str, str]]:
    """sector -> stage id -> name, from ``stages.yaml`` when present, else the ids."""
    names = {s: {st: st.replace("_", " ").capitalize() for st in ids} for s, ids in STAGES.items()}
    data = _structure("stages")
    sectors = data.get("sectors") if isinstance(data, dict) else None
    if isinstance(sectors, dict):
        for sector, entries in sectors.items():
            if isinstance(entries, dict):
                entries = entries.get("stages", [])
            for e in entries if isinstance(entries, list) else []:
                if isinstance(e, dict) and e.get("id"):
                    name = e.get(f"name_{lang}") or e.get("name_en") or e.get("name_fr")
                    if name:
                        names.setdefault(sector, {})[e["id"]] = str(name)
    return names


def genres(lang: str) -> list[tuple[str, str]]:
    """(id, name) of the genres in the study's tables, in their order."""
    data = _structure("genres") or {}
    names = {
        g["id"]: g.get(f"name_{lang}") or g["id"]
        for g in data.get("genres", [])
        if isinstance(g, dict) and "id" in g
    }
    return [(gid, str(names.get(gid, gid))) for gid in genre_ids()]


def item(uc: UseCase, lang: str) -> Item:
    return Item(
        uc.id, uc.name(lang), uc.maturity_level, uc.status != "not_yet", f"/usecases/{uc.id}"
    )


def chain(cat: Catalogue, sector: str, lang: str) -> dict[str, Any]:
    """Columns of use cases per stage of ``sector``, and those along the whole chain."""
    names = stage_names(lang).get(sector, {})
    ucs = [uc for uc in cat.all() if sector in uc.card.sectors]
    ucs.sort(key=lambda u: (-(u.maturity_level or 0), i18n.fold_key(u.name(lang))))
    columns = []
    for stage in STAGES[sector]:
        members = [u for u in ucs if stage in u.card.stages.get(sector, [])]  # type: ignore[call-overload]
        columns.append({"id": stage, "name": names.get(stage, stage), "usecases": members})
    whole = [u for u in ucs if WHOLE_CHAIN in u.card.stages.get(sector, [])]  # type: ignore[call-overload]
    return {"sector": sector, "columns": columns, "whole": whole, "count": len(ucs)}


# -- the matrix ---------------------------------------------------------------------------------
def cards_matrix(cat: Catalogue, lang: str, t: Any) -> dict[str, Any]:
    """Maturity (x) × impact on jobs (y), both levels 1-4 that every card gives."""
    cells: dict[tuple[int, int], list[Item]] = {}
    unplaced = []
    ucs = sorted(cat.all(), key=lambda u: i18n.fold_key(u.name(lang)))
    for uc in ucs:
        if uc.maturity_level is None or uc.impact_level is None:
            unplaced.append(uc)
            continue
        cells.setdefault((uc.maturity_level - 1, uc.impact_level - 1), []).append(item(uc, lang))
    cols = [f"{n} · {t(f'maturity.short.{n}')}" for n in range(1, 5)]
    rows = [f"{n} · {t(f'impact.short.{n}')}" for n in range(1, 5)]
    svg = grid(
        cols,
        rows,
        cells,
        t("matrix.x"),
        t("matrix.y"),
        t("matrix.cards"),
        t("matrix.cards.intro"),
        col_w=300,
        ident="cards",
    )
    return {"svg": svg, "unplaced": unplaced}


# -- a job's page: where its outputs can go, a breakdown's edits --------------------------------
def job_extras(ws: Any, job: Any, lang: str) -> dict[str, Any]:
    """What the job page shows besides the job: "use in…" per output (its path relative to
    the workspace -> the tools' parameters that take it) and, for a breakdown, its elements
    with the saved edits and the legend of categories."""
    from imagia.core.errors import ImagiaError
    from imagia.faces import breakdown, chain

    extras: dict[str, Any] = {"use_in": chain.job_targets(ws, job)}
    if job.tool == breakdown.TOOL and job.status == "done":
        try:
            extras["bd_edit"] = breakdown.load(ws, job.id).to_dict()
        except ImagiaError:
            extras["bd_edit"] = None
        extras["bd_legend"] = breakdown.categories(lang)
    return extras
