"""Install llama-cpp-python (the local LLM engine) from a wheel built once and cached.

PyPI publishes llama-cpp-python as source only: building llama.cpp takes about 15 minutes on
2 cores. The first set-up builds a wheel from the pinned, hash-checked source archive into a
cache outside the repository (``$IMAGIA_WHEELS``, default ``~/.cache/imagia/wheels``); every
later set-up on the machine installs that wheel in seconds. The wheel is keyed by the source's
SHA-256 and the build flags (a sidecar ``.key`` file), so a change of either rebuilds it.

Usage: python scripts/llm_wheel.py [--pip PATH] [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME = "llama-cpp-python"
VERSION = "0.3.36"
SDIST_SHA256 = "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
# Portable CPU build (no -march=native: the wheel may move to another machine of the same
# platform); only the library is built, not llama.cpp's examples, tools or tests.
CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF "
    "-DLLAMA_BUILD_TOOLS=OFF -DLLAVA_BUILD=OFF -DLLAMA_CURL=OFF"
)


def cache_dir() -> Path:
    env = os.environ.get("IMAGIA_WHEELS")
    return Path(env) if env else Path.home() / ".cache" / "imagia" / "wheels"


def cache_key() -> str:
    key = f"{SDIST_SHA256}|{CMAKE_ARGS}|{sys.version_info[:2]}"
    return hashlib.sha256(key.encode()).hexdigest()


def cached_wheel(cache: Path) -> Path | None:
    for wheel in sorted(cache.glob(f"llama_cpp_python-{VERSION}-*.whl")):
        key = wheel.with_suffix(".key")
        if key.is_file() and key.read_text().strip() == cache_key():
            return wheel
    return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build(pip: Path, cache: Path) -> Path:
    """Download the pinned source, check its hash, build the wheel into the cache."""
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="imagia-llm-") as tmp:
        src = Path(tmp) / "src"
        subprocess.run(
            [
                str(pip),
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"{NAME}=={VERSION}",
                "-d",
                str(src),
            ],
            check=True,
        )
        archives = list(src.glob("*.tar.gz"))
        if len(archives) != 1 or _sha256(archives[0]) != SDIST_SHA256:
            sys.exit(f"error: {NAME} {VERSION} source archive does not match its pinned SHA-256")
        print(
            f"imagia set-up: building {NAME} {VERSION} (llama.cpp) once, about 15 minutes on "
            f"2 cores; the wheel is cached in {cache}",
            flush=True,
        )
        started = time.monotonic()
        out = Path(tmp) / "wheel"
        env = dict(os.environ, CMAKE_ARGS=CMAKE_ARGS)
        env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
        subprocess.run(
            [str(pip), "wheel", "-q", "--no-deps", "-w", str(out), str(archives[0])],
            check=True,
            env=env,
        )
        (built,) = out.glob("*.whl")
        target = cache / built.name
        os.replace(built, target)
        target.with_suffix(".key").write_text(cache_key() + "\n")
        print(f"imagia set-up: built in {time.monotonic() - started:.0f} s", flush=True)
        return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pip", type=Path, default=Path(sys.executable).parent / "pip")
    ap.add_argument("--check", action="store_true", help="only say whether the wheel is cached")
    args = ap.parse_args()
    cache = cache_dir()
    wheel = cached_wheel(cache)
    if args.check:
        print(wheel or "not cached")
        sys.exit(0 if wheel else 1)
    if wheel is None:
        wheel = build(args.pip, cache)
    subprocess.run([str(args.pip), "install", "-q", "--no-deps", str(wheel)], check=True)


if __name__ == "__main__":
    main()
