"""Every domain's tool declarations, gathered.

Each domain declares its tools in its own ``declare`` module (metadata only: ``register(Tool(...))``
with the use case id, params, entry and demo example); the code behind a tool is imported when the
tool runs, so the catalogue and the CLI's help stay light. A domain listed here whose package is
not there yet is skipped.
"""

from __future__ import annotations

import importlib
import importlib.util

DOMAINS: tuple[str, ...] = (
    "imagia.post.declare",  # audio post-production: loudness, QC, clean-up, sync
    "imagia.script.declare",  # screenplays: parse, breakdown, analysis, compare
    "imagia.schedule.declare",  # shooting schedule, DOOD, budget
    "imagia.finance.declare",  # revenue waterfalls and statements to rights holders
    "imagia.games.declare",  # matchmaking, difficulty, moderation, cheats, analytics
    "imagia.speech.declare",  # transcription, subtitles
    "imagia.index.declare",  # rushes indexing: metadata, shots, transcript search
    "imagia.timeline.declare",  # edit cut detection, selects as EDL / OTIO / FCPXML
    "imagia.metadata.declare",  # EBUCore and JSON metadata of a programme
    "imagia.clips.declare",  # clips under rights: register, selection, rendering
    "imagia.promo.declare",  # social reframing, smart framing, trailer highlights
    "imagia.broadcast.declare",  # recommendation under editorial controls
    "imagia.deliver.declare",  # per-title encoding ladders measured by VMAF
    "imagia.access.declare",  # audio description and the TTS voices it speaks with
    "imagia.assist.declare",  # writing assistants on the local language model
    "imagia.gamedev.declare",  # game creation: procedural levels proven playable
    "imagia.vfx.declare",  # restoration chain, measured against clean references
)

for _name in DOMAINS:
    if importlib.util.find_spec(_name.rsplit(".", 1)[0]) is not None and (
        importlib.util.find_spec(_name) is not None
    ):
        importlib.import_module(_name)
