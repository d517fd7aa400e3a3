"""The NPC runtime: the guard refuses names and numbers the world file never gives, the real
local model answers from the facts and remembers the conversation, over HTTP too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imagia.assist import npc
from imagia.core import llm
from imagia.core.errors import BadFile

WORLD = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "npc" / "ferryman.yaml"


def test_guard_finds_what_the_world_never_said() -> None:
    facts = "The inn at Saltby is kept by Ilsa. A crossing costs three silver coins."
    assert npc.unsupported("Ask Ilsa at the inn in Saltby.", facts) == []
    assert npc.unsupported("Ask Ilsa, or Gregor the smith, 12 coins.", facts) == ["Gregor", "12"]
    assert npc.unsupported("Demande à Paul, il y a 3 ans.", "Le meunier s'appelle Paul.", "fr") == [
        "3"
    ]


def test_the_npc_answers_from_its_world_and_remembers() -> None:
    world = npc.read_world(WORLD)
    talk = npc.Npc(
        world, llm.engine(llm.LlmSettings(model="qwen-0.5b", timeout_s=900, threads=1, n_ctx=2048))
    )
    first = talk.say("How much does a crossing cost?")
    assert "three" in first.answer.lower() or "3" in first.answer
    assert any("three silver" in f for f in first.facts)
    talk.say("And children?")
    assert len(talk.turns) == 2
    assert "How much does a crossing cost?" in " ".join(t.question for t in talk.turns)


def test_bad_world_files_are_named(tmp_path: Path) -> None:
    p = tmp_path / "world.yaml"
    p.write_text("name: Marek\nfacts: []\n", encoding="utf-8")
    with pytest.raises(BadFile, match="'facts:' must list"):
        npc.read_world(p)
    p.write_text("name: Marek\nlang: de\nfacts: [x]\n", encoding="utf-8")
    with pytest.raises(BadFile, match="lang must be en or fr"):
        npc.read_world(p)


def test_a_game_client_talks_over_http(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import workspace as wsmod

    ws = wsmod.init(tmp_path / "ws")
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(WORLD, ws.files_dir / "ferryman.yaml")
    with TestClient(create_app(ws), base_url="http://localhost") as c:
        token = c.get("/").cookies.get("imagia_csrf") or ""
        h = {"X-CSRF-Token": token, "Origin": "http://localhost"}
        r = c.post("/api/assist/npc", json={"world": "ferryman.yaml"}, headers=h)
        assert r.status_code == 200, r.text
        sid = r.json()["session"]
        r = c.post(f"/api/assist/npc/{sid}", json={"text": "Where does the ferry go?"}, headers=h)
        assert r.status_code == 200 and r.json()["turns"] == 1 and r.json()["answer"]
        assert c.post("/api/assist/npc/nope", json={"text": "Hi"}, headers=h).status_code == 404
        r = c.post("/api/assist/npc", json={"world": "../../etc/passwd"}, headers=h)
        assert r.status_code == 400
