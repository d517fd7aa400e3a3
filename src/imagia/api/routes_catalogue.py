"""``/api/catalogue``, ``/api/advise``, ``/api/assessments``, ``/api/tools``: the study as data."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Query

from imagia.catalogue import advisor
from imagia.catalogue import assessments as asm
from imagia.catalogue.query import Catalogue, Filters
from imagia.core.errors import BadValue
from imagia.core.registry import Tool, all_tools, get_tool
from imagia.faces import deps
from imagia.faces.catalogue import professions

router = APIRouter(prefix="/api")
LEVELS = ("1", "2", "3", "4")


def _level(name: str, value: str | None) -> int | None:
    """A 1-4 level from a query string; anything else is a :class:`BadValue` with the levels."""
    if value is None or value == "":
        return None
    if value.strip() not in LEVELS:
        raise BadValue(name, value, LEVELS)
    return int(value)


def _opt(value: str | None) -> str | None:
    return value or None


def tool_dict(t: Tool) -> dict[str, Any]:
    return {
        "id": t.id,
        "usecase": t.usecase,
        "status": t.status,
        "title_en": t.title_en,
        "title_fr": t.title_fr,
        "command": t.command,
        "scope_en": t.scope_en,
        "scope_fr": t.scope_fr,
        "params": [{**asdict(p), "choices": list(p.choices)} for p in t.params],
        "models": list(t.models),
        "outputs": list(t.outputs),
    }


@router.get("/catalogue", tags=["catalogue"], summary="List use cases, filtered")
def list_usecases(
    sector: str | None = Query(None, description="cinema_av or games"),
    stage: str | None = Query(None, description="Stage id, e.g. postproduction"),
    profession: str | None = Query(None, description="Profession id, e.g. sound-editors"),
    group: str | None = Query(None, description="One of the study's 7 groups"),
    maturity: str | None = Query(None, description="Maturity level at least N (1-4)"),
    impact: str | None = Query(None, description="Impact on jobs, level N (1-4)"),
    interest: str | None = Query(None, description="e.g. time_saving"),
    status: str | None = Query(None, description="runs, partial, not_yet or imagia"),
    at: str | None = Query(None, description="Assessment date (default: the latest)"),
    cat: Catalogue = Depends(deps.catalogue),
) -> dict[str, Any]:
    f = Filters(
        _opt(sector),
        _opt(stage),
        _opt(profession),
        _opt(group),
        _level("maturity", maturity),
        _level("impact", impact),
        _opt(interest),
        _opt(status),
    )
    found = {uc.id for uc in cat.filter(f)}
    items = [uc.to_dict() for uc in cat.at(_opt(at)) if uc.id in found]
    return {"count": len(items), "assessment": at or cat.current.date, "usecases": items}


@router.get("/catalogue/search", tags=["catalogue"], summary="Search the catalogue")
def search(
    q: str = Query(..., description="Words, French or English, any accents"),
    cat: Catalogue = Depends(deps.catalogue),
) -> dict[str, Any]:
    hits = cat.search(q)
    return {
        "query": q,
        "count": len(hits),
        "results": [{**uc.to_dict(), "score": score} for uc, score in hits],
    }


@router.get(
    "/catalogue/stats",
    tags=["catalogue"],
    summary="Use cases per stage beside the study's synthesis counts",
)
def stats(cat: Catalogue = Depends(deps.catalogue)) -> list[dict[str, Any]]:
    return cat.stats()


@router.get("/catalogue/{usecase_id}", tags=["catalogue"], summary="One use case's whole card")
def show(usecase_id: str, cat: Catalogue = Depends(deps.catalogue)) -> dict[str, Any]:
    uc = cat.get(usecase_id)
    data = uc.to_dict()
    data["history"] = [
        {"date": h.date, "source": h.source, **asdict(h.scores[uc.id])} for h in cat.history
    ]
    return data


@router.get(
    "/professions", tags=["catalogue"], summary="Professions and the use cases touching them"
)
def list_professions(cat: Catalogue = Depends(deps.catalogue)) -> list[dict[str, Any]]:
    return professions(cat)


@router.get("/advise", tags=["advisor"], summary="Rank the use cases that fit a project")
def advise(
    sector: str = Query(..., description="cinema_av or games"),
    genre: str | None = Query(
        None, description="fiction-film, series, documentary, animation or video-game"
    ),
    stage: str | None = Query(None, description="Stage id of the sector"),
    goal: str = Query(
        "time", description="time, cost, quality, creativity, experience, revenue or risk"
    ),
    budget: str = Query("mid", description="low, mid or high"),
    limit: int = Query(10, ge=1, le=100),
    cat: Catalogue = Depends(deps.catalogue),
) -> dict[str, Any]:
    req = advisor.Request(
        sector=sector, genre=_opt(genre), stage=_opt(stage), goal=goal, budget=budget
    )
    recs = advisor.advise(cat, req)
    return {
        "request": asdict(req),
        "count": len(recs),
        "recommendations": [r.to_dict() for r in recs[:limit]],
    }


@router.get("/assessments", tags=["catalogue"], summary="Dated assessments available")
def assessments(cat: Catalogue = Depends(deps.catalogue)) -> list[dict[str, str]]:
    return [{"date": h.date, "source": h.source} for h in cat.history]


@router.get(
    "/assessments/diff", tags=["catalogue"], summary="What moved between two dated assessments"
)
def assessments_diff(
    before: str = Query(..., description="e.g. 2024-01"),
    after: str = Query(..., description="a later date"),
    cat: Catalogue = Depends(deps.catalogue),
) -> list[dict[str, Any]]:
    return [asdict(c) for c in asm.diff(cat.history, before, after)]


@router.get("/tools", tags=["tools"], summary="Tools imagia runs, each tied to a use case")
def tools() -> list[dict[str, Any]]:
    return [tool_dict(t) for t in all_tools()]


@router.get("/tools/{tool_id}", tags=["tools"], summary="One tool and its parameters")
def tool(tool_id: str) -> dict[str, Any]:
    return tool_dict(get_tool(tool_id))
