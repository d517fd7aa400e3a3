"""The demo workspace holds one finished job of every registered tool."""

from __future__ import annotations

from pathlib import Path

from imagia.core import jobs
from imagia.core.registry import all_tools
from imagia.demo import build


def test_demo_runs_every_tool_and_is_incremental(tmp_path: Path) -> None:
    ws = build(tmp_path / "demo", strict=True)
    done = {j.tool for j in jobs.list_jobs(ws, limit=1000) if j.status == "done"}
    assert done == {t.id for t in all_tools()}
    n = len(jobs.list_jobs(ws, limit=1000))
    build(tmp_path / "demo", strict=True)  # a second build adds nothing
    assert len(jobs.list_jobs(ws, limit=1000)) == n
    assert (ws.assessments_dir / "2026-11.yaml").is_file()
