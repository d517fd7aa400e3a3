"""Demo examples of the finance tools: the shipped work *Les Heures claires*, copied into the
workspace so its files can be opened and edited."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.finance.jobs import SAMPLE, input_files, sample_dir


def demo_work(ws: Workspace) -> Path:
    dest = ws.files_dir / SAMPLE
    if not (dest / "contracts.yaml").exists():
        shutil.copytree(sample_dir(), dest, dirs_exist_ok=True)
    return dest / "contracts.yaml"


def waterfall_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    c = demo_work(ws)
    return {"work": str(c), "as_of": "2026-H1"}, input_files(c)


def statements_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    c = demo_work(ws)
    return {"work": str(c), "period": "2026-H1", "formats": "pdf,xlsx,json"}, input_files(c)


def anomalies_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    c = demo_work(ws)
    return {"work": str(c)}, input_files(c)


def issue_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    c = demo_work(ws)
    return {"work": str(c), "period": "2025-H1", "date": "2025-08-01"}, input_files(c)


def catalogue_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    """A catalogue holding the example work (copied beside it)."""
    root = ws.files_dir / "catalogue"
    if not (root / SAMPLE / "contracts.yaml").exists():
        shutil.copytree(sample_dir(), root / SAMPLE, dirs_exist_ok=True)
    cat = root / "catalogue.yaml"
    if not cat.exists():
        cat.write_text(
            "schema: Catalogue.1\n"
            f"works:\n  - {{id: {SAMPLE}, title: Les Heures claires, folder: {SAMPLE}}}\n",
            encoding="utf-8",
        )
    return {"catalogue": str(cat), "period": "2026-H1", "date": "2026-07-31"}, [cat]


def costs_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    c = demo_work(ws)
    return {"work": str(c), "lang": "fr"}, input_files(c)
