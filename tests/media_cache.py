"""Made once per test session: media helpers that render the same clip for many tests.

``@session_media`` wraps a helper ``f(path, *args, **kw) -> path`` that writes a file made
only from its arguments (ffmpeg lavfi, TTS, drawn frames). The first call with given arguments
renders into a cache folder of this process; every call copies that file to ``path``, so a
test still owns (and may change) its own file. Input files among the arguments count by their
content, the output name by its suffix (the container). Each xdist worker has its own cache.
IMAGIA_TEST_MEDIA_CACHE=0 renders every time (to measure what the cache saves).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_DIR: Path | None = None
STATS = {"made": 0, "reused": 0}


def _dir() -> Path:
    global _DIR
    if _DIR is None:
        _DIR = Path(tempfile.mkdtemp(prefix="imagia-test-media-"))
        atexit.register(shutil.rmtree, _DIR, True)
    return _DIR


def _key(value: Any) -> Any:
    if isinstance(value, Path):
        if value.is_file():
            return ("file", hashlib.sha256(value.read_bytes()).hexdigest())
        return ("path", str(value))
    if isinstance(value, dict):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    return repr(value)


def session_media(func: F) -> F:
    @functools.wraps(func)
    def wrapper(path: Path, *args: Any, **kw: Any) -> Any:
        path = Path(path)
        if os.environ.get("IMAGIA_TEST_MEDIA_CACHE") == "0":  # to measure what it saves
            return func(path, *args, **kw)
        blob = repr((func.__module__, func.__qualname__, path.suffix, _key(args), _key(kw)))
        digest = hashlib.sha256(blob.encode()).hexdigest()[:24]
        cached = _dir() / f"{digest}{path.suffix}"
        if cached.is_file():
            STATS["reused"] += 1
        else:
            part = _dir() / f"{digest}.part{path.suffix}"
            made = func(part, *args, **kw)
            if Path(made) != part:  # only helpers that return the file they were given
                raise TypeError(f"{func.__qualname__} did not return its path")
            part.replace(cached)
            STATS["made"] += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, path)
        return path

    return wrapper  # type: ignore[return-value]
