"""A breakdown job's elements as a person edits them (API and web view share this).

The job's ``breakdown/json`` output stays as the job wrote it; the edits live in the workspace
(:mod:`imagia.script.edits`) and are laid over it whenever it is shown or edited, so a reload
shows them and the next draft's breakdown carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError
from imagia.core.textfile import load_json
from imagia.core.workspace import Workspace
from imagia.script import edits as ed
from imagia.script.breakdown import CATEGORIES, COLOURS, LABELS, Breakdown

TOOL = "script-breakdown"


class NotReady(ImagiaError):
    """The job exists but has no breakdown (yet)."""

    kind = "not_ready"
    http_status = 409


@dataclass
class Edited:
    """A breakdown job's breakdown with the saved edits laid over it."""

    job: jobs.Job
    breakdown: Breakdown
    key: str
    edits: ed.Edits
    carried: dict[str, Any]  # what the job itself carried from earlier drafts

    @property
    def path(self) -> Path:
        return ed.path_for(Path(), self.key)

    def scene(self, index: int) -> dict[str, Any]:
        s = self.breakdown.scenes[index]
        return {**s.to_dict(), "position": index}

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.job.id,
            "title": self.breakdown.title,
            "language": self.breakdown.language,
            "nlp": self.breakdown.nlp,
            "screenplay": self.key,
            "file": self.path.as_posix(),
            "edits": [e.to_dict() for e in self.edits.edits],
            "carried": self.carried,
            "scenes": [self.scene(i) for i in range(len(self.breakdown.scenes))],
        }


def categories(lang: str) -> list[dict[str, str]]:
    """The legend: every category with its name in ``lang`` and its breakdown-sheet colour."""
    i = 1 if lang == "fr" else 0
    return [{"id": c, "name": LABELS[c][i], "colour": COLOURS[c]} for c in CATEGORIES]


def load(ws: Workspace, job_id: str) -> Edited:
    """The breakdown of job ``job_id`` with the edits kept for its screenplay."""
    job = jobs.get(ws, job_id)  # NotFound -> 404
    if job.tool != TOOL:
        raise BadValue("job", job_id, reason=f"a {job.tool} job, not a {TOOL} job")
    out = next((o for o in job.outputs if o["kind"] == "breakdown/json"), None)
    if job.status != "done" or out is None:
        raise NotReady(f"job {job_id} has no breakdown yet ({job.status})")
    path = jobs.output_path(ws, job.id, out["path"])
    data = load_json(path)
    bd = Breakdown.from_dict(data)
    source = Path(str(job.params.get("file") or "")).name
    key = ed.screenplay_key(bd.title, source)
    kept = ed.read(ed.path_for(ws.root, key), key)
    ed.apply(bd, kept)
    carried = data.get("edits") if isinstance(data.get("edits"), dict) else {}
    return Edited(job, bd, key, kept, carried)


def save(ws: Workspace, job_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Record one edit of job ``job_id``'s breakdown (``scene``: the scene's position, 0-based;
    ``op``, ``name``, ``category``, ``previous``, ``count``) and return the scene as edited."""
    current = load(ws, job_id)
    scene = body.get("scene")
    if isinstance(scene, bool) or not isinstance(scene, int):
        raise BadValue("scene", scene, reason="the scene's position, a whole number from 0")
    edit = ed.make_edit(
        current.breakdown,
        scene,
        str(body.get("op") or ""),
        str(body.get("name") or ""),
        str(body.get("category") or ""),
        body.get("previous"),
        body.get("count"),
    )
    kept = ed.save(ws.root, current.key, current.breakdown.title, edit)
    after = load(ws, job_id)
    return {"edits": len(kept.edits), "scene": after.scene(scene), "file": after.path.as_posix()}
