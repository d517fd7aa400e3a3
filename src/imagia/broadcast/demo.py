"""Demo examples of the broadcast tools: MovieLens 100k from the recbole package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace


def recommend_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {"user": "196", "n": 10}, []


def evaluate_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {"models": "popularity,ease", "split": "temporal", "sample_users": 200}, []


def grid_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {"days": 7, "time_limit": 5}, []
