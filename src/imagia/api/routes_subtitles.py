"""``/api/subtitles``: the cue editor of the subtitle results (make, align, QC).

- ``GET /api/subtitles/{job}/cues`` — the job's subtitles as cues to edit (the latest version
  saved by hand unless ``?version=`` names another, or ``original``), with the profile, the exact
  frame rate and the saved versions.
- ``POST /api/subtitles/qc`` — the project's QC rules on edited cues, findings in the reader's
  language (``lang``, else ``Accept-Language``).
- ``POST /api/subtitles/save`` — the edited cues as a new file in the original's format under
  ``files/`` (never over another file), with its provenance (tool ``subtitles-edit``, by hand).
- ``GET /api/subtitles/{job}/waveform`` — peaks of the media's audio every 10 ms
  (``Waveform.1``), computed once per media and cached in the workspace.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError, NotFound
from imagia.core.workspace import Workspace
from imagia.faces import deps, messages
from imagia.media.timecode import is_drop_frame_rate

router = APIRouter(prefix="/api/subtitles", tags=["subtitles"])
TOOLS = ("subtitles-make", "subtitles-align", "subtitles-qc")
_CONTEXTS: dict[tuple[str, str], Any] = {}  # (workspace, job) -> _Job, jobs never change


class JobNotReady(ImagiaError):
    """The job exists but has no subtitles yet (queued, running, failed)."""

    kind = "not_ready"
    http_status = 409


class Cue(BaseModel):
    start: Any = Field(description="In-time in milliseconds")
    end: Any = Field(description="Out-time in milliseconds")
    text: Any = Field("", description="Lines joined by \\n")
    src: int | None = Field(None, description="Index of the cue it comes from (GET .../cues)")


class EditRequest(BaseModel):
    job: str = Field(description="Id of a finished subtitles-make, -align or -qc job")
    cues: list[Cue] = Field(description="Every cue, in time order")
    version: str | None = Field(None, description="The saved version the edit started from")
    lang: str | None = Field(None, description="fr or en (default: Accept-Language)")


@dataclass
class _Job:
    job: jobs.Job
    source: Path  # the subtitle file the job made (or read, for QC without a fix)
    encoding: str | None  # the encoding the job was told for its input, when that is the source
    media: Path | None
    ctx: Any  # edit.Context


def _lang(request: Request, given: str | None) -> str:
    if given in messages.LANGS:
        return str(given)
    return messages.accept_language(request.headers.get("accept-language")) or "en"


def _source(ws: Workspace, job: jobs.Job) -> Path:
    subs = [o for o in job.outputs if o["kind"].startswith("subtitles/")]
    if subs:
        return jobs.output_path(ws, job.id, subs[0]["path"])
    if job.params.get("subs"):
        return Path(job.params["subs"])
    raise NotFound("output", "subtitles", [o["kind"] for o in job.outputs])


def _report(ws: Workspace, job: jobs.Job) -> dict[str, Any]:
    out = next((o for o in job.outputs if o["kind"] == "report/json"), None)
    if out is None:
        return {}
    try:
        data = json.loads(jobs.output_path(ws, job.id, out["path"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _job(ws: Workspace, job_id: str) -> _Job:
    """A finished subtitle job and what its QC used: profile, frame rate, shots, onsets."""
    from imagia.speech.subtitles import edit, formats, profiles, shots, waveform

    key = (str(ws.root), job_id)
    if key in _CONTEXTS:
        found: _Job = _CONTEXTS[key]
        return found
    job = jobs.get(ws, job_id)  # NotFound -> 404
    if job.tool not in TOOLS:
        raise BadValue("job", job_id, reason=f"a {job.tool} job, not a subtitle job")
    if job.status != "done":
        raise JobNotReady(
            f"job {job_id} is {job.status}: it has no subtitles to edit",
            hint="wait for it to finish, or pick a finished subtitle job",
        )
    params = job.params
    source = _source(ws, job)
    given = (
        params.get("encoding") if params.get("subs") and source == Path(params["subs"]) else None
    )
    encoding = str(given) if given else None  # outputs are UTF-8
    sf = formats.load(source, None, encoding)
    media = Path(params["media"]) if params.get("media") else None
    if media is not None and not media.is_file():
        media = None
    profile = profiles.get(params.get("profile") or "netflix-en")
    rate = shots.resolve_rate(params.get("fps"), media, sf.rate)
    rep = _report(ws, job)
    if isinstance(rep.get("shots"), list):
        cuts = [float(s) for s in rep["shots"]]
    else:
        cuts = shots.resolve(params.get("shots") or "none", media, rate)
    onsets = None
    if media is not None and job.tool != "subtitles-align":  # align's QC runs without them
        onsets = waveform.cached(media, ws.root / "cache" / "waveforms", onsets=True)["onsets"]
    language = job.result.get("language") or sf.language
    ctx = edit.Context(profile, rate, language, cuts, onsets)
    found = _Job(job, source, encoding, media, ctx)
    if len(_CONTEXTS) >= 8:
        _CONTEXTS.clear()
    _CONTEXTS[key] = found
    return found


def _version(ws: Workspace, j: _Job, name: str | None) -> tuple[Path, str | None]:
    """The file an edit starts from: a version saved from this job, or the job's own."""
    from imagia.speech.subtitles import edit

    saved = [v["name"] for v in edit.versions(ws.files_dir, j.job.id)]
    if name in (None, ""):
        name = saved[-1] if saved else "original"
    if name == "original":
        return j.source, None
    if name not in saved:
        raise NotFound("version", str(name), ["original", *saved])
    return ws.files_dir / str(name), name


def _encoding(j: _Job, version: str | None) -> str | None:
    """The encoding the job was told for its own file; saved versions are UTF-8."""
    return j.encoding if version is None else None


def _rate(rate: Fraction) -> dict[str, Any]:
    return {
        "num": rate.numerator,
        "den": rate.denominator,
        "fps": f"{float(rate):.3f}".rstrip("0").rstrip("."),
        "drop": is_drop_frame_rate(rate),
    }


def _qc(j: _Job, events: list[Any], lang: str) -> dict[str, Any]:
    from imagia.speech.subtitles import edit

    t0 = time.perf_counter()
    rep = edit.check(events, j.ctx)
    ms = (time.perf_counter() - t0) * 1000
    return {
        "profile": rep.profile,
        "events": rep.events,
        "events_ok": rep.events_ok,
        "by_rule": rep.by_rule(),
        "findings": edit.findings(rep, lang),
        "checked_ms": round(ms, 1),
    }


@router.get("/{job_id}/cues", summary="A subtitle job's cues to edit, with profile and rate")
def cues(
    job_id: str,
    request: Request,
    version: str | None = Query(None, description="A saved version's name, or 'original'"),
    lang: str | None = Query(None, description="fr or en"),
    ws: Workspace = Depends(deps.workspace),
) -> dict[str, Any]:
    from imagia.speech.subtitles import edit, formats

    j = _job(ws, job_id)
    path, name = _version(ws, j, version)
    sf = formats.load(path, None, _encoding(j, name))
    p = j.ctx.profile
    rows = [
        {"start": e.start, "end": e.end, "text": edit.clean_text(e.text), "src": k}
        for k, e in enumerate(sf.events)
    ]
    return {
        "job": job_id,
        "tool": j.job.tool,
        "format": sf.meta.get("format"),
        "source": j.source.name,
        "version": name,
        "versions": [
            {**v, "url": f"/api/files/{v['name']}"} for v in edit.versions(ws.files_dir, job_id)
        ],
        "profile": {
            "id": p.id,
            "max_cps": p.max_cps,
            "max_chars_per_line": p.max_chars_per_line,
            "max_lines": p.max_lines,
            "min_gap_frames": p.min_gap_frames,
        },
        "rate": _rate(j.ctx.rate),
        "language": j.ctx.language,
        "waveform": f"/api/subtitles/{job_id}/waveform" if j.media is not None else None,
        "cues": rows,
        "qc": _qc(j, sf.events, _lang(request, lang)),
    }


@router.post("/qc", summary="QC of edited cues against the job's profile")
def check(
    body: EditRequest, request: Request, ws: Workspace = Depends(deps.workspace)
) -> dict[str, Any]:
    from imagia.speech.subtitles import edit

    lang = _lang(request, body.lang)
    j = _job(ws, body.job)
    events = edit.cues_from([c.model_dump() for c in body.cues], j.ctx.rate, lang)
    return _qc(j, events, lang)


@router.post("/save", status_code=201, summary="Save edited cues as a new subtitle file")
def save(
    body: EditRequest, request: Request, ws: Workspace = Depends(deps.workspace)
) -> dict[str, Any]:
    from imagia.speech.subtitles import edit, formats

    lang = _lang(request, body.lang)
    j = _job(ws, body.job)
    path, name = _version(ws, j, body.version or "original")
    base = formats.load(path, None, _encoding(j, name))
    raw = [c.model_dump() for c in body.cues]
    events = edit.cues_from(raw, j.ctx.rate, lang, base.events, need_text=True)
    changes = edit.diff(base.events, events, [c.get("src") for c in raw])
    params = {
        "job": j.job.id,
        "from_tool": j.job.tool,
        "from": name or j.source.name,
        "profile": j.ctx.profile.id,
        "rate": f"{j.ctx.rate.numerator}/{j.ctx.rate.denominator}",
    }
    inputs = [path] if path == j.source else [j.source, path]
    target = edit.save_version(ws.files_dir, j.source, base, events, params, inputs, changes)
    rel = target.name
    return {
        "saved": {"name": rel, "path": f"files/{rel}", "url": f"/api/files/{rel}"},
        "edit": changes,
        "versions": [
            {**v, "url": f"/api/files/{v['name']}"} for v in edit.versions(ws.files_dir, j.job.id)
        ],
        "qc": _qc(j, events, lang),
    }


@router.get("/{job_id}/waveform", summary="Peaks of the job's media every 10 ms (Waveform.1)")
def wave(job_id: str, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    from imagia.speech.subtitles import waveform

    j = _job(ws, job_id)
    if j.media is None:
        raise NotFound("media of job", job_id)
    return waveform.cached(j.media, ws.root / "cache" / "waveforms")
