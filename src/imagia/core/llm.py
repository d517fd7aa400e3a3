"""The language model every assistant and subtitle translation use.

Local by default: llama.cpp (``llama-cpp-python``) on a Qwen2.5-Coder-Instruct GGUF model
found by :mod:`imagia.core.models` (0.5B ships in the dev set-up; 1.5B when its packages are
installed). Or any OpenAI-compatible endpoint the user configures (Ollama, vLLM, llama.cpp's
server): ``IMAGIA_LLM_ENDPOINT=http://host:port/v1`` (and ``IMAGIA_LLM_MODEL``,
``IMAGIA_LLM_API_KEY``). Nothing leaves the machine unless an endpoint is configured.
``IMAGIA_LLM_THREADS`` sets llama.cpp's threads (default: one per core, 8 at most; use 1 when
several processes share the cores: llama.cpp's threads wait by spinning).

Every request has a token budget and a time-out; results that are data are constrained by a
JSON schema (a grammar in llama.cpp, ``response_format`` on an endpoint) and parsed; the
settings and the model go into each output's provenance.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from imagia.core.errors import BadValue, ImagiaError, MissingDependency

# Short names users type -> model ids of imagia.core.models (largest first: the default is
# the best one installed).
LOCAL_MODELS = {"qwen-1.5b": "qwen2.5-coder-1.5b", "qwen-0.5b": "qwen2.5-coder-0.5b"}
Message = dict[str, str]


@dataclass(frozen=True)
class LlmSettings:
    """What a request runs on; recorded in provenance."""

    model: str = "auto"  # a LOCAL_MODELS name, "auto" (best installed), or the endpoint's name
    endpoint: str | None = None  # base URL of an OpenAI-compatible API, ending in /v1
    api_key: str | None = field(default=None, repr=False)
    temperature: float = 0.0
    seed: int = 42
    max_tokens: int = 256
    timeout_s: float = 120.0
    n_ctx: int = 4096
    threads: int = 0  # 0: one per core, 8 at most

    def record(self) -> dict[str, Any]:
        """The settings as provenance (no secret)."""
        out = asdict(self)
        out.pop("api_key")
        return out


def settings(**overrides: Any) -> LlmSettings:
    """Settings from the environment (IMAGIA_LLM_*), then the caller's overrides."""
    env: dict[str, Any] = {}
    if os.environ.get("IMAGIA_LLM_ENDPOINT"):
        env["endpoint"] = os.environ["IMAGIA_LLM_ENDPOINT"].rstrip("/")
    if os.environ.get("IMAGIA_LLM_MODEL"):
        env["model"] = os.environ["IMAGIA_LLM_MODEL"]
    if os.environ.get("IMAGIA_LLM_API_KEY"):
        env["api_key"] = os.environ["IMAGIA_LLM_API_KEY"]
    if os.environ.get("IMAGIA_LLM_THREADS", "").isdigit():
        env["threads"] = int(os.environ["IMAGIA_LLM_THREADS"])
    if os.environ.get("IMAGIA_LLM_TIMEOUT"):
        try:
            env["timeout_s"] = float(os.environ["IMAGIA_LLM_TIMEOUT"])
        except ValueError:
            raise BadValue(
                "IMAGIA_LLM_TIMEOUT", os.environ["IMAGIA_LLM_TIMEOUT"], "seconds"
            ) from None
    out = replace(LlmSettings(), **env)
    return replace(out, **{k: v for k, v in overrides.items() if v is not None})


@dataclass
class Completion:
    """A finished answer and how it went."""

    text: str
    tokens: int
    seconds: float
    first_token_s: float | None
    stopped: str  # "stop" (the model ended), "length" (token budget), "timeout"

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


class Engine(Protocol):
    settings: LlmSettings

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        schema: dict[str, Any] | None = None,
    ) -> Iterator[str]: ...

    def provenance(self) -> dict[str, Any]: ...


def complete(
    eng: Engine,
    messages: Sequence[Message],
    *,
    max_tokens: int | None = None,
    schema: dict[str, Any] | None = None,
    on_token: Any = None,
) -> Completion:
    """Run a request to the end (or its budget/time-out), streaming tokens to ``on_token``."""
    started = time.monotonic()
    deadline = started + eng.settings.timeout_s
    budget = max_tokens or eng.settings.max_tokens
    parts: list[str] = []
    first: float | None = None
    stopped = "stop"
    for piece in eng.stream(messages, max_tokens=budget, schema=schema):
        if first is None:
            first = time.monotonic() - started
        parts.append(piece)
        if on_token is not None:
            on_token(piece)
        if time.monotonic() > deadline:
            stopped = "timeout"
            break
    else:
        if len(parts) >= budget:
            stopped = "length"
    return Completion("".join(parts), len(parts), time.monotonic() - started, first, stopped)


def complete_json(
    eng: Engine,
    messages: Sequence[Message],
    schema: dict[str, Any],
    *,
    max_tokens: int | None = None,
) -> Any:
    """An answer constrained by ``schema`` and parsed; a clear error when it is not JSON."""
    done = complete(eng, messages, max_tokens=max_tokens, schema=schema)
    try:
        return json.loads(done.text)
    except json.JSONDecodeError:
        why = "ran out of tokens" if done.stopped != "stop" else "did not answer in JSON"
        raise ImagiaError(
            f"the language model {why} ({done.tokens} tokens)",
            hint="raise the token budget or the time-out, or use a larger model",
        ) from None


# --- local: llama.cpp --------------------------------------------------------------------


def installed_local_models() -> list[str]:
    """Short names of the local models whose packages are installed, best first."""
    from imagia.core import models

    out = []
    for name, model_id in LOCAL_MODELS.items():
        spec = models.spec(model_id)
        if all(_dist_installed(d) for d in spec.dists):
            out.append(name)
    return out


def _dist_installed(dist: str) -> bool:
    from importlib import metadata

    try:
        metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return False
    return True


class LocalEngine:
    """llama.cpp on a packaged GGUF model; one request at a time per model."""

    def __init__(self, s: LlmSettings) -> None:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise MissingDependency(
                "llama-cpp-python (the local language model engine) is not installed",
                hint="`make setup-dev` builds it once (python scripts/llm_wheel.py), or set "
                "IMAGIA_LLM_ENDPOINT to an OpenAI-compatible server",
            ) from None
        from imagia.core import models

        name = s.model
        if name == "auto":
            found_names = installed_local_models()
            if not found_names:
                raise MissingDependency(
                    "no local language model is installed",
                    hint="pip install 'imagia[llm]' (Qwen2.5-Coder 0.5B), or set "
                    "IMAGIA_LLM_ENDPOINT",
                )
            name = found_names[0]
        if name not in LOCAL_MODELS:
            raise BadValue("language model", name, ", ".join(["auto", *LOCAL_MODELS]))
        self.settings = replace(s, model=name)
        self.found = models.find_dir(LOCAL_MODELS[name])
        assert self.found.path is not None
        path = self.found.path / "model.gguf" if self.found.path.is_dir() else self.found.path
        self.lock = threading.Lock()
        self.llm = Llama(
            model_path=str(path),
            n_ctx=s.n_ctx,
            seed=s.seed,
            verbose=False,
            n_threads=s.threads or min(os.cpu_count() or 1, 8),
        )

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        schema: dict[str, Any] | None = None,
    ) -> Iterator[str]:
        kwargs: dict[str, Any] = {}
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        with self.lock:
            chunks: Any = self.llm.create_chat_completion(
                messages=list(messages),  # type: ignore[arg-type]
                temperature=self.settings.temperature,
                seed=self.settings.seed,
                max_tokens=max_tokens or self.settings.max_tokens,
                stream=True,
                **kwargs,
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece

    def close(self) -> None:
        self.llm.close()

    def provenance(self) -> dict[str, Any]:
        return {
            **self.found.provenance(),
            "engine": "llama.cpp",
            "settings": self.settings.record(),
        }


# --- an OpenAI-compatible endpoint ---------------------------------------------------------


class EndpointEngine:
    """An OpenAI-compatible chat API (Ollama, vLLM, llama.cpp's server...), streamed by SSE."""

    def __init__(self, s: LlmSettings) -> None:
        assert s.endpoint
        self.settings = s if s.model != "auto" else replace(s, model="default")

    def _request(self, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        req = urllib.request.Request(
            f"{self.settings.endpoint}/chat/completions",
            data=json.dumps(body).encode(),
            headers=headers,
            method="POST",
        )
        return urllib.request.urlopen(req, timeout=self.settings.timeout_s)

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        schema: dict[str, Any] | None = None,
    ) -> Iterator[str]:
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": list(messages),
            "temperature": self.settings.temperature,
            "seed": self.settings.seed,
            "max_tokens": max_tokens or self.settings.max_tokens,
            "stream": True,
        }
        if schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema},
            }
        try:
            try:
                resp = self._request(body)
            except urllib.error.HTTPError as e:
                if schema is None or e.code not in (400, 422, 500):
                    raise
                # llama.cpp's own server takes the schema inside a json_object format (and
                # answers its validation error with a 500)
                body["response_format"] = {"type": "json_object", "schema": schema}
                resp = self._request(body)
        except urllib.error.HTTPError as e:
            raise ImagiaError(
                f"the language model endpoint {self.settings.endpoint} refused the request "
                f"(HTTP {e.code})",
                hint="check IMAGIA_LLM_MODEL and IMAGIA_LLM_API_KEY",
            ) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise ImagiaError(
                f"the language model endpoint {self.settings.endpoint} is unreachable: {reason}",
                hint="start the server, or unset IMAGIA_LLM_ENDPOINT to use the local model",
            ) from None
        with resp:
            for raw in resp:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    chunk = json.loads(data)
                    piece = chunk["choices"][0]["delta"].get("content")
                except (json.JSONDecodeError, KeyError, IndexError, TypeError):
                    continue
                if piece:
                    yield piece

    def provenance(self) -> dict[str, Any]:
        return {
            "model": self.settings.model,
            "where": self.settings.endpoint,
            "engine": "OpenAI-compatible endpoint",
            "settings": self.settings.record(),
        }


# --- one engine per local model -------------------------------------------------------------

_LOCAL: dict[tuple[str, int, int, int], LocalEngine] = {}
_LOCK = threading.Lock()


def _close_all() -> None:
    """Free the models before interpreter shutdown (llama.cpp's finaliser fails after it)."""
    with _LOCK:
        for eng in _LOCAL.values():
            eng.close()
        _LOCAL.clear()


def engine(s: LlmSettings | None = None) -> Engine:
    """The engine for these settings (a loaded local model is reused)."""
    s = s or settings()
    if s.endpoint:
        return EndpointEngine(s)
    key = (s.model, s.n_ctx, s.threads, s.seed)
    with _LOCK:
        if key not in _LOCAL:
            if not _LOCAL:
                atexit.register(_close_all)
            _LOCAL[key] = LocalEngine(s)
        eng = _LOCAL[key]
    # same loaded model, this request's temperature/budget/time-out
    return tuned(eng, temperature=s.temperature, max_tokens=s.max_tokens, timeout_s=s.timeout_s)


def tuned(eng: Engine, **changes: Any) -> Engine:
    """The same engine (a loaded model is shared) with other request settings: temperature,
    seed, max_tokens, timeout_s."""
    if all(getattr(eng.settings, k) == v for k, v in changes.items()):
        return eng
    view = type(eng).__new__(type(eng))
    view.__dict__.update(eng.__dict__)
    view.settings = replace(eng.settings, **changes)
    return view
