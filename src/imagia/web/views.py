"""What the pages show, built from the catalogue: the value chain, the matrix, stage names.

Plain functions over :class:`Catalogue`; the routes in ``pages.py`` only render them.
"""

from __future__ import annotations

from typing import Any

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
    names = {s: {st: st.replace("_", " ").capitalize() for st in ids}
             for s, ids in STAGES.items()}
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


def item(uc: UseCase, lang: str) -> Item:
    return Item(uc.id, uc.name(lang), uc.maturity_level, uc.status != "not_yet",
                f"/usecases/{uc.id}")


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
_MATURITY_WORDS = (("nascent", "naiss", "emerg", "low", "early"),
                   ("improv", "amélior", "amelior", "develop", "evolv", "medium", "partial"),
                   ("mature", "proven", "éprouv", "high", "exist"))
_ADOPTION_WORDS = (("limited", "limit", "restrict", "narrow", "low"),
                   ("broad", "large", "wide", "high"))


def _rank(value: Any, words: tuple[tuple[str, ...], ...]) -> int | None:
    if isinstance(value, int):
        return value
    text = str(value).lower()
    for i, group in enumerate(words):
        if any(w in text for w in group):
            return i
    return None


def _label(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(f"name_{lang}") or value.get(f"label_{lang}") or value.get("id"))
    return str(value).replace("_", " ").capitalize()


def study_matrix(cat: Catalogue, lang: str, t: Any) -> Any | None:
    """The study's maturity × adoption matrix from ``matrix.yaml``; None when the file is
    missing or its shape is not one this page can read."""
    data = _structure("matrix")
    if not isinstance(data, dict):
        return None
    cells_in = next((data[k] for k in ("cells", "quadrants", "zones") if k in data), None)
    if not isinstance(cells_in, list):
        return None
    by_id = {uc.id: uc for uc in cat.all()}
    mat_keys: dict[Any, str] = {}
    ado_keys: dict[Any, str] = {}
    raw = []
    for c in cells_in:
        if not isinstance(c, dict):
            return None
        m, a = c.get("maturity"), c.get("adoption")
        ids = c.get("usecases") or c.get("ids") or []
        if m is None or a is None or not isinstance(ids, list):
            return None
        mk, ak = str(m.get("id") if isinstance(m, dict) else m), str(
            a.get("id") if isinstance(a, dict) else a)
        mat_keys.setdefault(mk, _label(m, lang))
        ado_keys.setdefault(ak, _label(a, lang))
        raw.append((mk, ak, [by_id[i] for i in ids if i in by_id]))

    def order(keys: dict[Any, str], words: tuple[tuple[str, ...], ...]) -> list[str]:
        ranks = {k: _rank(k, words) for k in keys}
        seq = list(keys)
        if all(r is not None for r in ranks.values()):
            seq.sort(key=lambda k: ranks[k] or 0)
        return seq

    cols, rows = order(mat_keys, _MATURITY_WORDS), order(ado_keys, _ADOPTION_WORDS)
    cells: dict[tuple[int, int], list[Item]] = {}
    for mk, ak, ucs in raw:
        cells.setdefault((cols.index(mk), rows.index(ak)), []).extend(item(u, lang) for u in ucs)
    svg = grid([mat_keys[k] for k in cols], [ado_keys[k] for k in rows], cells,
               t("maturity"), t("matrix.adoption"), t("matrix.title"), t("matrix.study"))
    placed = {it.id for items in cells.values() for it in items}
    return {"svg": svg, "study": True, "unplaced": [u for u in cat.all() if u.id not in placed]}


def fallback_matrix(cat: Catalogue, lang: str, t: Any) -> dict[str, Any]:
    """Maturity (x) × impact on jobs (y), both levels 1-4 of every card."""
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
    svg = grid(cols, rows, cells, t("matrix.x"), t("matrix.y"), t("matrix.title"),
               t("matrix.fallback"))
    return {"svg": svg, "study": False, "unplaced": unplaced}


def matrix(cat: Catalogue, lang: str) -> dict[str, Any]:
    t = i18n.translator(lang)
    return study_matrix(cat, lang, t) or fallback_matrix(cat, lang, t)
