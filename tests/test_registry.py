"""The catalogue's status is derived from the tool registry, never written by hand."""

from __future__ import annotations

import pytest

from imagia.catalogue.query import Catalogue
from imagia.core import registry
from imagia.core.registry import Tool


def test_declared_tools_point_at_real_use_cases() -> None:
    ids = set(Catalogue.load().ids())
    for t in registry.all_tools():
        assert t.usecase in ids, t.id
        assert t.command.startswith("imagia "), t.id
        assert callable(t.load()), t.id


def test_status_follows_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    assert registry.usecase_status("audio-post") == "partial"
    # a use case no domain implements yet (smart NPCs now have the assist tools)
    assert registry.usecase_status("lipsync") == "not_yet"
    fake = Tool(
        id="fake-npc",
        usecase="lipsync",
        status="runs",
        title_en="x",
        title_fr="x",
        command="imagia games npc",
        scope_en="x",
        scope_fr="x",
        entry="imagia.post.loudness:run_job",
    )
    monkeypatch.setitem(registry._TOOLS, fake.id, fake)
    assert registry.usecase_status("lipsync") == "runs"
    card = Catalogue.load().get("lipsync").to_dict()
    assert card["status"] == "runs"
    assert card["imagia_tools"][0]["command"] == "imagia games npc"


def test_unknown_tool_suggests() -> None:
    from imagia.core.errors import NotFound

    with pytest.raises(NotFound) as exc:
        registry.get_tool("audio-loudnes")
    assert exc.value.suggestions[0] == "audio-loudness"


def test_catalogue_import_stays_light() -> None:
    """Listing the catalogue never imports a tool's heavy code."""
    import subprocess
    import sys

    code = (
        "import sys; from imagia.catalogue.query import Catalogue; "
        "[u.to_dict() for u in Catalogue.load().all()]; "
        "bad = [m for m in ('torch', 'imagia.post.loudness', 'numpy', 'fastapi') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_cli_help_stays_light() -> None:
    """`imagia --help` loads no heavy library (they are optional extras, imported on use)."""
    import subprocess
    import sys

    heavy = (
        "torch",
        "numpy",
        "scipy",
        "ortools",
        "spacy",
        "duckdb",
        "faster_whisper",
        "fastapi",
        "uvicorn",
        "openpyxl",
        "pandas",
        "llama_cpp",
        "cv2",
    )
    code = (
        "import sys; from imagia.cli import app; "
        f"bad = [m for m in {heavy!r} if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
