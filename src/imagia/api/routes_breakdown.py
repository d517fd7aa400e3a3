"""``/api/script/breakdown``: edit a breakdown job's elements (add, remove, recategorise).

``GET /api/script/breakdown/{job}/edits`` gives the job's breakdown with the edits kept for its
screenplay laid over it; ``POST`` records one edit (JSON; from a page, with the CSRF token as
every POST) in the workspace's ``edits/breakdown/<screenplay>.json``, which the next breakdown
of a new draft of the same screenplay applies (:mod:`imagia.script.edits`).
``GET /api/jobs/{job}/use`` says which tools' file parameters each output of a job can be
("use in…"), with the run form that has it chosen.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from imagia.core import jobs
from imagia.core.workspace import Workspace
from imagia.faces import breakdown, chain, deps

router = APIRouter(tags=["script"])


class EditRequest(BaseModel):
    scene: int = Field(ge=0, description="Position of the scene in the breakdown (0 = first)")
    op: Literal["add", "remove", "recategorise"] = Field(description="What to do")
    name: str = Field(min_length=1, max_length=200, description="The element, e.g. kettle")
    category: str = Field(
        description="add/remove: the element's category; recategorise: its new category",
        examples=["props"],
    )
    previous: str | None = Field(None, description="recategorise: the category it had")
    count: int | None = Field(None, ge=1, le=100_000, description="add: a head count (extras)")


@router.get(
    "/api/script/breakdown/{job_id}/edits",
    summary="A breakdown job's elements with the saved edits",
)
def get_edits(job_id: str, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return breakdown.load(ws, job_id).to_dict()


@router.post(
    "/api/script/breakdown/{job_id}/edits",
    status_code=201,
    summary="Add, remove or recategorise an element; kept for the next draft",
)
def post_edit(
    job_id: str, body: EditRequest, ws: Workspace = Depends(deps.workspace)
) -> dict[str, Any]:
    return breakdown.save(ws, job_id, body.model_dump())


@router.get("/api/jobs/{job_id}/use", tags=["jobs"], summary="Where each output can be used")
def use_in(job_id: str, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return {"job": job_id, "outputs": chain.job_targets(ws, jobs.get(ws, job_id))}
