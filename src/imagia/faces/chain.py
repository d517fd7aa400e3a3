"""Tools that chain: which tool's file parameter can take a job's output ("use in…").

An output may go to a parameter when two things hold. Its *content* is a kind the parameter
accepts (the :class:`~imagia.core.registry.Param` contract, sniffed as uploads are, by
:func:`imagia.core.filekinds.sniff`). And, for documents, where a content kind says too little
(a scene list, a budget and a screenplay are all "text"), the parameter reads that *kind of
output* (:data:`READS`: a scene list goes to the stripboard, a schedule to the budget, a
transcript to subtitles). Media (audio, video) go wherever their content is accepted.

Job outputs stay where the job wrote them (``outputs/<job>/...``); a run form or an API call
names them relative to the workspace like any workspace file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from imagia.core import jobs
from imagia.core.errors import ImagiaError
from imagia.core.filekinds import GROUPS, sniff
from imagia.core.registry import Param, Tool, all_tools, get_tool
from imagia.core.workspace import Workspace

# What a document parameter reads among other tools' outputs (output kinds; "family/*" for
# every format of a family). Checked against the registry by tests/test_chain.py.
_SCREENPLAY = ("screenplay/fountain", "screenplay/fdx", "screenplay/pdf", "screenplay/text")
READS: dict[tuple[str, str], tuple[str, ...]] = {
    ("schedule-optimise", "scenes"): ("scenes/csv",),
    ("schedule-replan", "scenes"): ("scenes/csv",),
    ("schedule-replan", "schedule"): ("schedule/json",),
    ("budget-topsheet", "schedule"): ("schedule/json",),
    ("subtitles-align", "text"): ("transcript/txt", "subtitles/*"),
    ("subtitles-qc", "subs"): ("subtitles/*",),
    ("script-breakdown", "corrections"): ("breakdown/json",),
    ("script-parse", "file"): _SCREENPLAY,
    ("script-breakdown", "file"): _SCREENPLAY,
    ("script-analysis", "file"): _SCREENPLAY,
    ("script-compare", "a"): _SCREENPLAY,
    ("script-compare", "b"): _SCREENPLAY,
    ("games-analytics", "events"): ("events/jsonl", "events/parquet"),
    ("games-cheats", "events"): ("events/jsonl", "events/parquet"),
    ("games-matchmaking", "events"): ("events/jsonl", "events/parquet"),
    ("games-moderation", "events"): ("events/jsonl", "events/parquet"),
    ("games-ratings", "events"): ("events/jsonl", "events/parquet"),
    ("games-analytics", "truth"): ("truth/json",),
    ("games-cheats", "truth"): ("truth/json",),
    ("games-ratings", "truth"): ("truth/json",),
    ("describe-mix", "script"): ("script/json",),
}
MEDIA = GROUPS["audio"] | GROUPS["video"]
_MEDIA_KINDS = ("audio/", "video/")  # output kinds worth sniffing for a media parameter
SNIFF_LIMIT = 1 << 20
RECENT_JOBS = 60


@dataclass(frozen=True)
class Target:
    """A tool's file parameter an output can go to."""

    tool: Tool
    param: Param

    def to_dict(self, path: str) -> dict[str, Any]:
        return {
            "tool": self.tool.id,
            "param": self.param.name,
            "usecase": self.tool.usecase,
            "title_en": self.tool.title_en,
            "title_fr": self.tool.title_fr,
            "label_en": self.param.label("en"),
            "label_fr": self.param.label("fr"),
            "form": form_url(self.tool, self.param, path),
        }


def form_url(tool: Tool, param: Param, path: str) -> str:
    """The run form of ``tool`` with ``path`` chosen for ``param``."""
    from urllib.parse import urlencode

    query = urlencode({"tool": tool.id, "param": param.name, "file": path})
    return f"/usecases/{tool.usecase}?{query}#tool-{tool.id}"


def _reads(tool_id: str, name: str, output_kind: str) -> bool:
    for want in READS.get((tool_id, name), ()):
        if want == output_kind or (
            want.endswith("/*") and output_kind.startswith(want.removesuffix("*"))
        ):
            return True
    return False


def accepts(param: Param, content: str | None) -> bool:
    """Whether a file whose content is ``content`` (a sniffed kind) passes ``param``'s
    contract."""
    if param.kind not in ("file", "files") or content is None:
        return False
    if not param.accept:
        return True
    return content in set().union(*(GROUPS[g] for g in param.accept))


def fits(tool: Tool, param: Param, output_kind: str, content: str | None) -> bool:
    """Whether an output of ``output_kind`` whose content is ``content`` can be ``param``."""
    if not accepts(param, content):
        return False
    return content in MEDIA or _reads(tool.id, param.name, output_kind)


@lru_cache(maxsize=4096)
def _sniff(path: str, mtime: float, size: int) -> str | None:
    try:
        return sniff(Path(path), text_limit=SNIFF_LIMIT)
    except OSError:
        return None


def content_kind(path: Path) -> str | None:
    """The kind of ``path`` by its content (remembered while the file is unchanged)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _sniff(str(path), st.st_mtime, st.st_size) if path.is_file() else None


def targets(ws: Workspace, rel: str, output_kind: str) -> list[Target]:
    """The tools' file parameters the output ``rel`` (relative to the workspace) can go to."""
    path = ws.root / rel
    content = content_kind(path)
    out = []
    for tool in all_tools():
        for p in tool.params:
            if fits(tool, p, output_kind, content):
                out.append(Target(tool, p))
    return out


def job_targets(ws: Workspace, job: jobs.Job) -> dict[str, list[dict[str, Any]]]:
    """Output path (relative to the workspace) -> where it can be used, for a finished job."""
    if job.status != "done":
        return {}
    return {
        o["path"]: [t.to_dict(o["path"]) for t in targets(ws, o["path"], o["kind"])]
        for o in job.outputs
        if o["kind"] != "provenance/json"
    }


def outputs_for(ws: Workspace, tool: Tool, param: Param) -> list[dict[str, Any]]:
    """Outputs of recent finished jobs that ``param`` of ``tool`` can take, newest first:
    ``{"path", "name", "job", "tool"}``."""
    out = []
    for job in jobs.list_jobs(ws, RECENT_JOBS):
        if job.status != "done":
            continue
        for o in job.outputs:
            maybe = _reads(tool.id, param.name, o["kind"]) or o["kind"].startswith(_MEDIA_KINDS)
            if maybe and fits(tool, param, o["kind"], content_kind(ws.root / o["path"])):
                name = o["path"].rsplit("/", 1)[-1]
                out.append({"path": o["path"], "name": name, "job": job.id, "tool": job.tool})
    return out


def chosen(ws: Workspace, tool_id: str, name: str, rel: str) -> dict[str, Any] | None:
    """A file named for a run form (``?tool=&param=&file=``) when the parameter can take it:
    inside the workspace, existing, of an accepted content kind; else None."""
    from imagia.faces import uploads

    try:
        tool = get_tool(tool_id)
        path = uploads.inside(ws.root, rel)
    except ImagiaError:
        return None
    param = next((p for p in tool.params if p.name == name), None)
    if param is None or not accepts(param, content_kind(path)):
        return None
    return {"tool": tool.id, "param": name, "path": rel, "name": path.name}
