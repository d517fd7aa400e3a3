"""Demo example of the assistant tools: questions about the shipped sample screenplay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[1] / "script" / "samples" / "night-ferry.fountain"


def ask_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    return (
        {"script": str(SAMPLE), "questions": "Who is waiting at the hospice?", "top": 3},
        [SAMPLE],
    )


def continuity_example(ws: Any) -> tuple[dict[str, Any], list[Path]]:
    return ({"script": str(SAMPLE), "model": "none"}, [SAMPLE])
