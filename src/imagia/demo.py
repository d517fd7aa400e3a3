"""Build the demo workspace that ``make run`` opens: real inputs the project makes, and one
finished job of every registered tool, plus an example re-scoring of the catalogue.

Every input is generated here (ffmpeg's lavfi sources, text written by us), so the demo needs
nothing from the network. Re-running the build keeps what is there and only adds what misses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.errors import ImagiaError
from imagia.core.registry import all_tools, load_ref

DEMO_ASSESSMENT = """\
schema: Assessment.1
date: 2026-11
author: imagia demo (example re-scoring, not an official assessment)
note: >-
  Example of how a team re-scores the map as technology moves; edit or delete this file.
usecases:
  text-to-video:
    maturity: 3
    rationale: >-
      Text-to-video models released since 2024 (e.g. OpenAI Sora, Google Veo, Runway Gen-3)
      produce usable shots for previs and some inserts, still with limited control.
  subtitling:
    rationale: >-
      Unchanged level; open speech models (Whisper family) now run locally on a laptop, which
      removes the confidentiality obstacle.
    maturity: 4
  audio-description:
    maturity: 3
    rationale: >-
      Multimodal models describe scenes well enough for drafts that describers edit.
"""


def build(
    root: Path, progress: Callable[[str], None] | None = None, strict: bool = True
) -> wsmod.Workspace:
    """Create or complete the demo workspace at ``root``.

    With ``strict=False`` a tool whose example fails (e.g. its optional extra is not installed)
    is reported and skipped, so the rest of the demo still builds.
    """
    say = progress or (lambda _msg: None)
    ws = wsmod.init(root, "imagia demo")
    asm = ws.assessments_dir / "2026-11.yaml"
    if not asm.exists():
        asm.write_text(DEMO_ASSESSMENT, encoding="utf-8")
    done = {j.tool for j in jobmod.list_jobs(ws, limit=1000) if j.status == "done"}
    for tool in all_tools():
        if tool.id in done:
            say(f"demo: {tool.id} already has a result")
            continue
        if tool.demo is None:
            raise ImagiaError(f"tool {tool.id} declares no demo example (Tool.demo)")
        say(f"demo: running {tool.id}")
        try:
            params, inputs = load_ref(tool.demo)(ws)
            job = jobmod.submit(ws, tool.id, params, inputs)
            jobmod.run(ws, job.id)
        except Exception as exc:  # one broken example must not block the demo
            if strict:
                raise
            say(f"demo: skipped {tool.id}: {exc}")
    return ws


def build_in_background(
    root: Path, progress: Callable[[str], None] | None = None
) -> tuple[wsmod.Workspace, threading.Thread]:
    """Create the demo workspace now and run its missing examples in a background thread, so
    the web app serves at once and shows the demo jobs progressing."""
    ws = wsmod.init(root, "imagia demo")
    th = threading.Thread(
        target=build, args=(root, progress, False), name="imagia-demo", daemon=True
    )
    th.start()
    return ws, th
