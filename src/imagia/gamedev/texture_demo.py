"""Demo example of the texture tool: a small seeded stone texture, nothing to download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace


def texture_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {"preset": "stone", "size": 256, "seed": 0}, []
