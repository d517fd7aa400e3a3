"""Demo examples of the screenplay tools, from the sample screenplays shipped with imagia
(original texts written for the project: ``imagia/script/samples``)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace

SAMPLES = ("night-ferry.fountain", "night-ferry-v2.fountain", "dernier-tram.fountain")


def sample_path(name: str) -> Path:
    """The path of a shipped sample screenplay."""
    return Path(str(resources.files("imagia.script") / "samples" / name))


def copy_sample(ws: Workspace, name: str) -> Path:
    out = ws.files_dir / name
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample_path(name), out)
    return out


def parse_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    f = copy_sample(ws, "dernier-tram.fountain")
    return {"file": str(f), "to": "pdf", "layout": "fr"}, [f]


def breakdown_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    f = copy_sample(ws, "night-ferry.fountain")
    return {"file": str(f), "nlp": True}, [f]


def report_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    f = copy_sample(ws, "dernier-tram.fountain")
    return {"file": str(f)}, [f]


def compare_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    a = copy_sample(ws, "night-ferry.fountain")
    b = copy_sample(ws, "night-ferry-v2.fountain")
    return {"a": str(a), "b": str(b)}, [a, b]
