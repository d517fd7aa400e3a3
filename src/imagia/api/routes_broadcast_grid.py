"""``/api/broadcast/grid``: re-check a planned grid after programmes were moved by hand."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError
from imagia.core.workspace import Workspace
from imagia.faces import deps

router = APIRouter(prefix="/api/broadcast/grid", tags=["broadcast"])

Short = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class Airing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: Short = Field(description="The slot's start, as in the job's grid (2027-01-04T21:00)")
    programme: Short = Field(description="A programme id of the job's catalogue")


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    job: Short
    grid: list[Airing] = Field(max_length=20_000)


@router.post("/check", summary="Rules, quotas and expected audience of an edited grid")
def check(body: CheckRequest, ws: Annotated[Workspace, Depends(deps.workspace)]) -> dict[str, Any]:
    from imagia.broadcast.gridedit import recheck

    job = jobs.get(ws, body.job)  # NotFound -> 404
    if job.tool != "grid-plan":
        raise BadValue("job", body.job, reason=f"a {job.tool} job, not a grid-plan job")
    if job.status != "done":
        raise ImagiaError(f"job {body.job} is {job.status}: it has no grid to edit")
    return recheck(job.params, [a.model_dump() for a in body.grid])
