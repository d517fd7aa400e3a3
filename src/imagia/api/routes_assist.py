"""``/api/assist``: another question to a screenplay already read by an ``assist-ask`` job,
answered token by token (server-sent events over a POST: ``data: {"token": ...}`` lines, then
one ``event: done`` with the checked citations)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError
from imagia.core.workspace import Workspace
from imagia.faces import deps

router = APIRouter(prefix="/api/assist", tags=["assist"])

Short = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    job: Short = Field(description="A finished assist-ask job (its screenplay is read again)")
    question: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    top: int = Field(default=4, ge=1, le=20)


def _sse(event: str | None, data: dict[str, Any]) -> str:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post("/ask", summary="Ask a screenplay a question; the answer streams token by token")
def ask(body: AskRequest, ws: Annotated[Workspace, Depends(deps.workspace)]) -> StreamingResponse:
    from imagia.assist.ask import ask as run_ask
    from imagia.core import llm
    from imagia.script import formats

    job = jobs.get(ws, body.job)  # NotFound -> 404
    if job.tool != "assist-ask":
        raise BadValue("job", body.job, reason=f"a {job.tool} job, not an assist-ask job")
    if job.status != "done":
        raise ImagiaError(f"job {body.job} is {job.status}: its screenplay is not read yet")
    sp = formats.read(Path(str(job.params["script"])))
    eng = llm.engine(llm.settings(model=str(job.params.get("model") or "auto"), max_tokens=200))
    tokens: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        try:
            a = run_ask(
                sp,
                body.question,
                top=body.top,
                engine=eng,
                on_token=lambda t: tokens.put(("token", t)),
            )
            heads = {h.passage.number.upper(): h.passage.heading for h in a.retrieved}
            tokens.put(
                (
                    "done",
                    {
                        "answer": a.text,
                        "cited": [{"scene": n, "heading": heads[n]} for n in a.cited],
                        "not_given": a.stray,
                        "stopped": a.completion.stopped,
                        "model": a.model.get("id"),
                    },
                )
            )
        except ImagiaError as e:
            tokens.put(("error", {"error": str(e)}))

    threading.Thread(target=work, daemon=True).start()

    def events() -> Iterator[str]:
        while True:
            kind, value = tokens.get()
            if kind == "token":
                yield _sse(None, {"token": value})
            else:
                yield _sse(kind, value)
                return

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )
