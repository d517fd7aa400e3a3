"""``/api/assist``: another question to a screenplay already read by an ``assist-ask`` job,
answered token by token (server-sent events over a POST: ``data: {"token": ...}`` lines, then
one ``event: done`` with the checked citations); and the NPC runtime a game client talks to
(``POST /api/assist/npc`` starts a conversation from a world file, ``POST
/api/assist/npc/{session}`` says something and gets the NPC's answer)."""

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
                        "attributed": a.attributed,
                        "stopped": a.completion.stopped,
                        "model": a.model.get("model"),
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


# --- NPC runtime for a game client -----------------------------------------------------------

_SESSIONS: dict[str, Any] = {}
_SESSIONS_LOCK = threading.Lock()
MAX_SESSIONS = 200


class NpcStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    world: Annotated[str, StringConstraints(min_length=1, max_length=255)] = Field(
        description="The world file (YAML), relative to the workspace's files folder"
    )


class NpcSay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)]


@router.post("/npc", summary="Start a conversation with the NPC of a world file")
def npc_start(body: NpcStart, ws: Annotated[Workspace, Depends(deps.workspace)]) -> dict[str, Any]:
    import secrets

    from imagia.assist import npc
    from imagia.core import llm
    from imagia.faces import uploads

    world = npc.read_world(uploads.inside(ws.files_dir, body.world))
    session = npc.Npc(world, llm.engine(llm.settings()))
    sid = secrets.token_urlsafe(12)
    with _SESSIONS_LOCK:
        if len(_SESSIONS) >= MAX_SESSIONS:
            _SESSIONS.pop(next(iter(_SESSIONS)))  # the oldest conversation goes
        _SESSIONS[sid] = session
    return {"session": sid, "npc": world.name, "lang": world.lang, "facts": len(world.facts)}


@router.post("/npc/{session}", summary="Say something to the NPC; it answers from its world")
def npc_say(session: Short, body: NpcSay) -> dict[str, Any]:
    from imagia.core.errors import NotFound

    with _SESSIONS_LOCK:
        talk = _SESSIONS.get(session)
    if talk is None:
        raise NotFound("conversation", session, [])
    turn = talk.say(body.text)  # the local engine serialises requests to its model
    return {
        "answer": turn.answer,
        "refused": turn.refused,
        "facts": turn.facts,
        "turns": len(talk.turns),
        "model": talk.engine.provenance().get("model"),
    }
