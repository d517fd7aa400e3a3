"""The demo workspace holds one finished job of every registered tool."""

from __future__ import annotations

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import all_tools
from imagia.demo import build


def test_demo_runs_every_tool_and_is_incremental(demo_ws: wsmod.Workspace) -> None:
    ws = demo_ws  # built once for the session (tests/conftest.py), shared with other tests
    done = {j.tool for j in jobs.list_jobs(ws, limit=1000) if j.status == "done"}
    assert done == {t.id for t in all_tools()}
    n = len(jobs.list_jobs(ws, limit=1000))
    build(ws.root, strict=True)  # a second build adds nothing
    assert len(jobs.list_jobs(ws, limit=1000)) == n
    assert (ws.assessments_dir / "2026-11.yaml").is_file()
