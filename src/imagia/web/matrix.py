"""The study's maturity × adoption matrix as people read it: every use case in a box.

The text of the study kept the members of three of its six groups; the other 36 entries are
known to sit in one of the three remaining groups (improving/limited, improving/broad,
nascent/limited) but which one was lost. Rather than show empty "lost" boxes, each of those
entries is placed from its card's current maturity level (re-scorings included): level 1 puts
it in the only nascent candidate (nascent/limited); a higher level puts it on the "improving"
row, across both adoption columns since the study does not say which. The basis of every
place is the link's hover text; the ones we placed are in italics.
"""

from __future__ import annotations

from typing import Any

from imagia.catalogue.loader import data_dir, packaged_structure
from imagia.catalogue.model import UseCase
from imagia.catalogue.query import Catalogue
from imagia.web import i18n
from imagia.web.svg import Item, grid


def _axis(data: dict[str, Any], name: str, key: str) -> list[dict[str, Any]]:
    axis = (data.get("axes") or {}).get(name) or {}
    return [v for v in axis.get(key) or [] if isinstance(v, dict) and v.get("id")]


def _item(uc: UseCase, lang: str, basis: str, derived: bool) -> Item:
    return Item(
        uc.id,
        uc.name(lang),
        uc.maturity_level,
        uc.status != "not_yet",
        f"/usecases/{uc.id}",
        basis=basis,
        derived=derived,
    )


def _level_words(uc: UseCase, lang: str) -> str:
    """ "maturity 3 · usable in some cases" for the hover text (the current, re-scored level)."""
    n = uc.maturity_level
    if n is None:
        return ""
    return f"{i18n.t('maturity', lang).lower()} {n} · {i18n.t(f'maturity.short.{n}', lang)}"


def study(cat: Catalogue, lang: str) -> dict[str, Any] | None:
    """The matrix's SVG and the entries it cannot place (no level, or not in the study's
    matrix). None while ``matrix.yaml`` is missing or has no axes."""
    if not (data_dir() / "matrix.yaml").is_file():
        return None
    data = packaged_structure("matrix")
    if not isinstance(data, dict):
        return None
    rows, cols = _axis(data, "maturity", "rows"), _axis(data, "adoption", "columns")
    if not rows or not cols:
        return None
    t = i18n.translator(lang)
    row_ix = {r["id"]: i for i, r in enumerate(rows)}
    col_ix = {c["id"]: i for i, c in enumerate(cols)}
    by_id = {uc.id: uc for uc in cat.all()}
    cells: dict[tuple[int, int], list[Item]] = {}
    placed: set[str] = set()
    for g in data.get("groups") or []:
        ci, ri = col_ix.get(g.get("adoption")), row_ix.get(g.get("maturity"))
        if ci is None or ri is None:
            continue
        for uid in g.get("usecases") or []:
            if uid in by_id and uid not in placed:
                uc = by_id[uid]
                basis = f"{t('matrix.in_study')} ({_level_words(uc, lang)})"
                cells.setdefault((ci, ri), []).append(_item(uc, lang, basis, False))
                placed.add(uid)
    band: list[Item] = []
    unassigned: list[UseCase] = []
    nascent = (col_ix.get("limited"), row_ix.get("nascent"))
    improving = row_ix.get("improving")
    for e in (data.get("unassigned_entries") or {}).get("entries") or []:
        for uid in e.get("usecases") or []:
            if uid not in by_id or uid in placed:
                continue
            uc = by_id[uid]
            placed.add(uid)
            basis = f"{t('matrix.placed')} ({_level_words(uc, lang)})"
            if uc.maturity_level == 1 and None not in nascent:
                cells.setdefault((int(nascent[0] or 0), int(nascent[1] or 0)), []).append(
                    _item(uc, lang, basis, True)
                )
            elif uc.maturity_level is not None and improving is not None:
                band.append(_item(uc, lang, basis, True))
            else:
                unassigned.append(uc)
    for key in cells:
        cells[key].sort(key=lambda it: (it.derived, i18n.fold_key(it.label)))
    band.sort(key=lambda it: i18n.fold_key(it.label))
    outside = [by_id[i] for i in data.get("not_in_matrix") or [] if i in by_id]

    def label(v: dict[str, Any]) -> str:
        return str(v.get(f"label_{lang}") or v.get("label_en") or v["id"])

    axes = data.get("axes") or {}
    svg = grid(
        [label(c) for c in cols],
        [label(r) for r in rows],
        cells,
        str(axes.get("adoption", {}).get(f"name_{lang}") or t("matrix.adoption")),
        str(axes.get("maturity", {}).get(f"name_{lang}") or t("maturity")),
        t("matrix.title"),
        t("matrix.study"),
        col_w=440,
        bands={improving: (t("matrix.band"), band)} if band and improving is not None else None,
        ident="study",
    )
    return {
        "svg": svg,
        "unassigned": unassigned,
        "outside": outside,
        "lost_note": t("matrix.caption"),
    }
