"""Plan a batch: each input checked by the tool's contract, checksummed, keyed, and matched
against what the workspace has done already.

An input's key is the SHA-256 of the tool id and its checked parameters, the input file
replaced by its checksum: the same tool with the same parameters on the same content is the
same work, whatever the file is called. An input the contract refuses is ``skipped`` with the
contract's message; an input whose key a finished job of an earlier batch has is ``done`` at
once (nothing is redone); the others are ``pending``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from imagia.batch import state
from imagia.batch.inputs import BatchInput, file_param
from imagia.batch.state import Batch, Item
from imagia.core import jobs
from imagia.core.errors import BadFile, BadValue, ImagiaError, NotFound
from imagia.core.params import validate
from imagia.core.provenance import sha256_file
from imagia.core.registry import get_tool
from imagia.core.workspace import Workspace


def work_key(tool_id: str, checked: dict[str, Any], file_name: str, sha: str) -> str:
    body = {"tool": tool_id, "params": {**checked, file_name: sha}}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checked_params(batch: Batch, item: Item) -> dict[str, Any]:
    """The item's parameters checked by the tool's contract (raises what the contract raises)."""
    tool = get_tool(batch.tool)
    raw = {**batch.params, **item.params, file_param(tool).name: item.input}
    return validate(tool, raw)[0]


def _finished_elsewhere(ws: Workspace, batch_id: str) -> dict[str, tuple[str, str, float | None]]:
    """Keys done in the workspace's other batches: key -> (batch id, job id, seconds)."""
    out: dict[str, tuple[str, str, float | None]] = {}
    for other in state.ids(ws):
        if other == batch_id:
            continue
        try:
            old = state.load(ws, other)
        except ImagiaError:
            continue  # a damaged record: its work is done again rather than trusted
        for it in old.items:
            if it.status == "done" and it.key and it.job and it.key not in out:
                out[it.key] = (other, it.job, it.seconds)
    return out


def _job_done(ws: Workspace, job_id: str | None) -> bool:
    if not job_id:
        return False
    try:
        return jobs.get(ws, job_id).status == "done"
    except NotFound:
        return False


def _key_item(ws: Workspace, batch: Batch, item: Item) -> None:
    """Check ``item`` against the contract and checksum it; ``skipped`` with the reason when
    refused. A changed file gets a new key (and, later, a new job)."""
    tool = get_tool(batch.tool)
    try:
        checked = checked_params(batch, item)
        path = Path(item.input)
        try:
            sha = sha256_file(path)
        except OSError as exc:
            raise BadFile(path, f"cannot be read ({exc.strerror or exc})") from None
    except ImagiaError as exc:
        item.status, item.reason, item.key = "skipped", str(exc), None
        return
    if item.sha256 is not None and sha != item.sha256:  # the file changed since: new work
        item.job, item.attempts, item.seconds, item.status, item.reason = None, 0, None, "", ""
    item.sha256 = sha
    item.key = work_key(tool.id, checked, file_param(tool).name, sha)
    if item.status not in ("done", "failed"):
        item.status, item.reason = "pending", ""


def _settle(ws: Workspace, batch: Batch, retry_failed: bool) -> None:
    """Mark done what is done (here or in another batch) and skip repeats of the same work."""
    elsewhere = _finished_elsewhere(ws, batch.id)
    first: dict[str, Item] = {}
    for item in batch.items:
        if item.status == "skipped" or item.key is None:
            continue
        if item.status == "done" and _job_done(ws, item.job):
            first.setdefault(item.key, item)
            continue
        if item.status == "failed" and not retry_failed:
            first.setdefault(item.key, item)
            continue
        if _job_done(ws, item.job):  # finished before a crash could record it
            item.status, item.reason = "done", ""
            batch.ran += 1
            first.setdefault(item.key, item)
            continue
        if item.key in first:
            twin = first[item.key]
            item.status, item.job = "skipped", None
            item.reason = f"same content and parameters as {twin.input}"
            continue
        first[item.key] = item
        if item.key in elsewhere and _job_done(ws, elsewhere[item.key][1]):
            other, job_id, seconds = elsewhere[item.key]
            item.status, item.job, item.seconds = "done", job_id, seconds
            item.reason = f"already done in batch {other}"
            continue
        item.status = "pending"


def plan(
    ws: Workspace,
    tool_id: str,
    inputs: list[BatchInput],
    params: dict[str, Any],
    engine: str = "serial",
    workers: int = 1,
) -> Batch:
    """A new batch record, saved: every input keyed, skipped or matched with done work."""
    tool = get_tool(tool_id)
    name = file_param(tool).name
    if name in params:
        raise BadValue("param", name, reason="the batch gives each input to it: leave it out")
    loose = replace(tool, params=tuple(replace(p, required=False) for p in tool.params))
    validate(loose, params)  # the batch's own values, once (per-file columns may add more)
    batch = Batch(state.new_id(), tool.id, dict(params), engine=engine, workers=workers)
    batch.items = [Item(str(i.path), i.origin, dict(i.params)) for i in inputs]
    for item in batch.items:
        _key_item(ws, batch, item)
    _settle(ws, batch, retry_failed=False)
    state.save(ws, batch)
    return batch


def replan(ws: Workspace, batch: Batch, retry_failed: bool = False) -> Batch:
    """An interrupted batch made ready to go on: inputs checksummed again (a changed file is
    new work), what finished before the crash counted once, the rest pending."""
    if batch.status == "running" and batch.driver and state.alive(batch.driver):
        raise ImagiaError(
            f"batch {batch.id} is running (process {batch.driver})",
            hint="wait for it, or stop it (Ctrl-C) before resuming",
        )
    for item in batch.items:
        if item.status == "skipped":  # checked again: the file may be there or fixed now
            item.status, item.reason = "pending", ""
        _key_item(ws, batch, item)
    _settle(ws, batch, retry_failed)
    state.save(ws, batch)
    return batch
