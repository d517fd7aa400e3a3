"""The language model engine: real generation with the packaged Qwen2.5-Coder 0.5B (fixed seed),
streaming, token budget, time-out, JSON-schema-constrained answers, and the OpenAI-compatible
endpoint path against llama-cpp-python's own server started here."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from imagia.core import llm
from imagia.core.errors import ImagiaError

ASK = [
    {"role": "system", "content": "You answer in one short sentence."},
    {"role": "user", "content": "What is the capital city of France?"},
]
CITY = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
    "required": ["city", "country"],
}


@pytest.fixture(scope="module")
def local() -> llm.Engine:
    return llm.engine(
        llm.LlmSettings(model="qwen-0.5b", timeout_s=900, threads=1, n_ctx=1024, max_tokens=48)
    )


def test_local_answers_streams_and_is_repeatable(local: llm.Engine) -> None:
    pieces: list[str] = []
    first = llm.complete(local, ASK, on_token=pieces.append)
    assert "paris" in first.text.lower()
    assert len(pieces) == first.tokens > 1 and first.first_token_s is not None
    assert first.stopped == "stop"
    again = llm.complete(local, ASK)
    assert again.text == first.text  # temperature 0, fixed seed
    record = local.provenance()
    assert record["model"] == "qwen2.5-coder-0.5b" and record["engine"] == "llama.cpp"
    assert record["settings"]["seed"] == 42 and "api_key" not in record["settings"]


def test_token_budget_and_time_out_stop_the_answer(local: llm.Engine) -> None:
    story = [{"role": "user", "content": "Tell a long story about a lighthouse keeper."}]
    short = llm.complete(local, story, max_tokens=6)
    assert short.tokens <= 6 and short.stopped == "length"
    hurried = llm.engine(llm.LlmSettings(model="qwen-0.5b", n_ctx=1024, threads=1, timeout_s=0.0))
    cut = llm.complete(hurried, story, max_tokens=200)
    assert cut.stopped == "timeout" and cut.tokens < 200


def test_json_schema_constrains_the_answer(local: llm.Engine) -> None:
    got = llm.complete_json(local, ASK, CITY, max_tokens=60)
    assert set(got) >= {"city", "country"} and "paris" in got["city"].lower()


def test_an_answer_cut_by_its_budget_is_a_clear_error(local: llm.Engine) -> None:
    with pytest.raises(ImagiaError, match="ran out of tokens"):
        llm.complete_json(local, ASK, CITY, max_tokens=3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on the same packaged model."""
    from imagia.core import models

    found = models.find_dir("qwen2.5-coder-0.5b")
    assert found.path is not None
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(Path(found.path) / "model.gguf"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "1024",
            "--model_alias",
            "qwen-0.5b",
            "--n_threads",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("llama_cpp.server did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def test_endpoint_streams_and_takes_a_schema(server: str) -> None:
    eng = llm.engine(llm.settings(endpoint=server, model="qwen-0.5b", max_tokens=48))
    pieces: list[str] = []
    done = llm.complete(eng, ASK, on_token=pieces.append)
    assert "paris" in done.text.lower() and len(pieces) > 1
    got = llm.complete_json(eng, ASK, CITY, max_tokens=60)
    assert "paris" in got["city"].lower()
    assert eng.provenance()["where"] == server


def test_unreachable_endpoint_is_named() -> None:
    eng = llm.engine(llm.settings(endpoint=f"http://127.0.0.1:{_free_port()}/v1", timeout_s=5))
    with pytest.raises(ImagiaError, match="unreachable") as e:
        llm.complete(eng, ASK)
    assert "127.0.0.1" in str(e.value)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAGIA_LLM_ENDPOINT", "http://10.0.0.5:11434/v1/")
    monkeypatch.setenv("IMAGIA_LLM_MODEL", "qwen2.5:1.5b")
    monkeypatch.setenv("IMAGIA_LLM_API_KEY", "secret")
    s = llm.settings(max_tokens=10)
    assert (s.endpoint, s.model, s.max_tokens) == ("http://10.0.0.5:11434/v1", "qwen2.5:1.5b", 10)
    assert "secret" not in json.dumps(s.record()) and "secret" not in repr(s)
    monkeypatch.setenv("IMAGIA_LLM_TIMEOUT", "soon")
    with pytest.raises(ImagiaError, match="IMAGIA_LLM_TIMEOUT"):
        llm.settings()
