"""``/api/broadcast``: recommendations for one viewer, synchronous, for a platform's front end.

The model is fitted once per data set and kept in memory (:mod:`imagia.broadcast.service`);
without files the data is MovieLens 100k from the recbole package. Files are workspace paths.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from imagia.core.errors import BadValue
from imagia.core.workspace import Workspace
from imagia.faces import deps, uploads

router = APIRouter(prefix="/api/broadcast", tags=["broadcast"])

RATINGS = ("TP", "-10", "-12", "-16", "-18")
MODELS = ("ease", "itemknn", "als", "popularity")


@router.get("/recommend")
def recommend_for(
    ws: Annotated[Workspace, Depends(deps.workspace)],
    user: Annotated[str, Query(min_length=1, max_length=128)],
    n: Annotated[int, Query(ge=1, le=100)] = 10,
    model: str = "ease",
    eof_share: Annotated[float, Query(ge=0, le=1)] = 0.4,
    european_share: Annotated[float, Query(ge=0, le=1)] = 0.6,
    within: Annotated[int, Query(ge=1, le=100)] = 10,
    max_rating: str = "-18",
    catalogue: Annotated[str | None, Query(max_length=300)] = None,
    interactions: Annotated[str | None, Query(max_length=300)] = None,
) -> dict[str, Any]:
    """The n works for ``user`` under the EOF/European quotas and the profile's age rating."""
    from imagia.broadcast import recommend, service
    from imagia.broadcast.controls import Controls, Quota

    if model not in MODELS:
        raise BadValue("model", model, MODELS)
    if max_rating not in RATINGS:
        raise BadValue("max_rating", max_rating, RATINGS)
    cat = uploads.workspace_input(ws, catalogue) if catalogue else None
    inter = uploads.workspace_input(ws, interactions) if interactions else None
    rec = service.fitted(cat, inter, model)
    quotas = tuple(
        Quota(flag, share, within)
        for flag, share in (("eof", eof_share), ("european", european_share))
        if share > 0
    )
    picks = recommend.recommend(rec, user, n, Controls(quotas=quotas), max_rating)
    return {
        "user": user,
        "known_user": user in (rec.users or {}),
        "model": model,
        "picks": [{"rank": k + 1, **asdict(p)} for k, p in enumerate(picks)],
    }
