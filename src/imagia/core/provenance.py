"""Provenance: which tool, model and parameters made an output, from which inputs.

Every output can be traced and accounted for (the AI Act's transparency duty); nothing here
leaves the machine.
"""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import imagia


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def record(
    tool: str,
    params: dict[str, Any],
    inputs: list[Path] | None = None,
    models: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The provenance block stored with a job and embedded in its outputs."""
    return {
        "schema": "Provenance.1",
        "generator": f"imagia {imagia.__version__}",
        "tool": tool,
        "params": params,
        "inputs": [
            {"path": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size}
            for p in (inputs or [])
        ],
        "models": models or [],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {"python": platform.python_version(), "system": platform.system()},
        "ai_generated": bool(models),
    }


@contextmanager
def atomic_write(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[Any]:
    """Write to a temp file beside ``path`` and rename it into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        enc = None if "b" in mode else encoding
        with open(tmp_path, mode, encoding=enc) as fh:
            yield fh
        tmp_path.replace(path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
