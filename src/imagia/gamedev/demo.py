"""Demo example of the game-creation tools: a small seeded batch, nothing to download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace


def levels_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {"generator": "wfc", "count": 6, "seed": 1, "width": 32}, []
