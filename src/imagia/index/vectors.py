"""Sentence embeddings of transcript windows, for semantic and cross-language search.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, 512 dimensions,
unit length), loaded once per process by the shared :mod:`imagia.media.sentences`. Vectors are
stored as float32 bytes in the index's ``vectors`` table with the model name :data:`MODEL`; a
query is embedded with the same model, so French words find English windows and the reverse.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from imagia.media import sentences
from imagia.media.sentences import DIM, MODEL

BATCH = 64


def embed(texts: list[str]) -> Any:
    """``[len(texts), 512]`` float32 unit vectors."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    parts = [sentences.encode(texts[k : k + BATCH]) for k in range(0, len(texts), BATCH)]
    v = np.concatenate(parts)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return (v / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=256)
def embed_query(text: str) -> Any:
    """One query's vector (cached per process)."""
    v = embed([text])[0]
    v.setflags(write=False)
    return v


def model_info() -> dict[str, object]:
    from imagia.core import models
    from imagia.core.errors import ImagiaError

    try:
        prov = models.find("use-multilingual").provenance()
    except ImagiaError:  # provenance only: the encoder import is what counts
        prov = {"model": "use-multilingual", "where": "package"}
    return {**prov, "name": MODEL, "version": sentences.model_info()["version"], "dim": DIM}


def vectors_step(work: Any) -> None:
    """Set ``vector`` on every transcript window of ``work.findings`` (an
    :class:`imagia.index.analysis.AssetWork`)."""
    windows = work.findings.windows
    if not windows:
        return
    vecs = embed([w.text for w in windows])
    work.findings.windows = [
        replace(w, vector=v.tobytes()) for w, v in zip(windows, vecs, strict=True)
    ]
    work.findings.vector_model = MODEL
    work.use_model(model_info())


__all__ = ["DIM", "MODEL", "embed", "embed_query", "model_info", "vectors_step"]
