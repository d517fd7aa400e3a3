"""Demo of ``media-metadata``: the indexing demo's clip (three coloured shots with speech),
indexed first when it is not, so the EBUCore document has descriptive metadata too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace


def metadata_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    from imagia.core import jobs
    from imagia.core.provenance import sha256_file
    from imagia.index.demo import add_example, demo_clip
    from imagia.index.store import open_index

    clip = demo_clip(ws)
    if not open_index(ws).has(sha256_file(clip)):
        params, inputs = add_example(ws)
        jobs.run(ws, jobs.submit(ws, "index-add", params, inputs).id)
    return {"media": str(clip), "to": "ebucore", "loudness": True}, [clip]
