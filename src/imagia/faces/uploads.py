"""Uploads and workspace paths: type by content, safe names, no way out of the workspace.

A file is accepted when its bytes are one of the formats imagia reads (audio, video, PDF, UTF-8
text, XML, XLSX), whatever its name says; it is stored under the workspace's ``files/`` with a
sanitised name and never executed. Every path a request names is resolved and must stay inside
the folder it belongs to.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from imagia.core.errors import ImagiaError
from imagia.core.filekinds import CHUNK, KINDS, sniff
from imagia.core.workspace import Workspace

MB = 1024 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Unauthorized(ImagiaError):
    kind = "unauthorized"
    http_status = 401


class UnsafePath(ImagiaError):
    """A path that would leave the folder it must stay in."""

    kind = "unsafe_path"
    http_status = 400

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"path {path!r} is not inside the workspace folder it must stay in",
            hint="give a relative path without '..' such as files/take1.wav",
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "path": self.path}


class TooLarge(ImagiaError):
    kind = "too_large"
    http_status = 413

    def __init__(self, limit: int, *, upload: bool = True) -> None:
        self.limit = limit
        if upload:
            super().__init__(
                f"upload larger than the limit of {_human(limit)}",
                hint="raise web.max_upload_mb in the workspace's imagia.toml",
            )
        else:
            super().__init__(
                f"request body larger than the limit of {_human(limit)}",
                hint="send files as uploads (multipart/form-data), or raise web.max_body_mb "
                "in the workspace's imagia.toml",
            )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "limit_bytes": self.limit}


class UnsupportedType(ImagiaError):
    """An upload refused by its content; ``reason`` says why: ``empty`` (no bytes),
    ``encoding`` (text, but not in an encoding imagia reads) or ``format`` (anything else)."""

    kind = "unsupported_type"
    http_status = 415
    _PROBLEMS: ClassVar[dict[str, str]] = {
        "empty": "the file is empty",
        "encoding": "text that is not UTF-8 (nor UTF-16 with a BOM, nor Windows-1252)",
        "format": "content is not a format imagia reads",
    }
    _HINTS: ClassVar[dict[str, str]] = {
        "empty": "choose the file again: nothing was received",
        "encoding": "save the file as UTF-8 text and upload it again",
    }

    def __init__(self, name: str, reason: str = "format") -> None:
        self.name = name
        self.reason = reason if reason in self._PROBLEMS else "format"
        super().__init__(
            f"{name}: {self._PROBLEMS[self.reason]}",
            hint=self._HINTS.get(self.reason, "accepted: " + ", ".join(k for k in KINDS)),
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "reason": self.reason, "accepted": list(KINDS)}


def refusal_reason(path: Path) -> str:
    """Why :func:`sniff` refused ``path``: ``empty``, ``encoding`` (no binary signature, no
    NUL byte and mostly printable: text in another encoding) or ``format``."""
    with path.open("rb") as fh:
        head = fh.read(CHUNK)
    if not head:
        return "empty"
    if b"\x00" in head:
        return "format"
    printable = sum(1 for b in head if 32 <= b < 127 or b in b"\t\r\n")
    return "encoding" if printable >= 0.8 * len(head) else "format"


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"


human_size = _human


# -- names and paths ----------------------------------------------------------------------------
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str | None) -> str:
    """A plain file name from whatever the client sent: no folders, no leading dots, ASCII."""
    base = (name or "").replace("\\", "/").split("/")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).strip("._-")
    stem, dot, ext = base.rpartition(".")
    if dot and len(ext) <= 10:
        base = f"{stem[:100]}.{ext}" if stem else f"upload.{ext}"
    return base[:120] or "upload"


def inside(folder: Path, rel: str) -> Path:
    """``folder / rel`` resolved, or :class:`UnsafePath` when it would leave ``folder``."""
    if not rel or "\x00" in rel or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        raise UnsafePath(rel)
    root = folder.resolve()
    target = (root / rel).resolve()
    if target == root or not target.is_relative_to(root):
        raise UnsafePath(rel)
    return target


def workspace_input(ws: Workspace, rel: str) -> Path:
    """A tool's input named relative to the workspace (``files/take1.wav``); must exist."""
    path = inside(ws.root, rel)
    if not path.is_file():
        from imagia.core.errors import NotFound

        raise NotFound("workspace file", rel, [f["path"] for f in list_files(ws)])
    return path


@dataclass(frozen=True)
class Stored:
    name: str
    path: str  # relative to the workspace root
    kind: str
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "kind": self.kind, "bytes": self.bytes}


async def store(
    ws: Workspace, filename: str | None, chunks: AsyncIterator[bytes], limit: int
) -> Stored:
    """Write an upload under ``files/`` (temp file, size check, type check, then rename)."""
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=ws.files_dir)
    tmp = Path(tmp_name)
    try:
        size = 0
        with os.fdopen(fd, "wb") as fh:
            async for block in chunks:
                size += len(block)
                if size > limit:
                    raise TooLarge(limit)
                fh.write(block)
        name = safe_name(filename)
        kind = sniff(tmp)
        if kind is None:
            raise UnsupportedType(name, refusal_reason(tmp))
        os.chmod(tmp, 0o644)
        final = _claim(ws.files_dir, name, tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return Stored(final.name, f"files/{final.name}", kind, size)


def _claim(folder: Path, name: str, tmp: Path) -> Path:
    """Link ``tmp`` to ``name`` in ``folder``, adding -1, -2... rather than overwrite."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for i in range(10_000):
        candidate = folder / (name if i == 0 else f"{stem}-{i}{dot}{ext}")
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            continue
        except OSError:  # no hard links here: reserve the name, then move over it
            try:
                os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                continue
            os.replace(tmp, candidate)
        return candidate
    raise ImagiaError(f"too many files named {name} in {folder}")


def list_files(ws: Workspace) -> list[dict[str, Any]]:
    """Files under ``files/`` (not the half-written ones), sorted by name."""
    out: list[dict[str, Any]] = []
    if not ws.files_dir.is_dir():
        return out
    for p in sorted(ws.files_dir.rglob("*")):
        if not p.is_file() or p.name.startswith("."):
            continue
        rel = p.relative_to(ws.files_dir).as_posix()
        out.append(
            {
                "name": rel,
                "path": f"files/{rel}",
                "bytes": p.stat().st_size,
                "kind": sniff(p, text_limit=CHUNK),
            }
        )
    return out


class BodyLimit:
    """ASGI middleware: a request body may not exceed its limit.

    An upload (``multipart/form-data``) may have ``limit`` bytes: the check happens when the
    route reads the body, so the error goes through the app's own handlers (JSON for the API, a
    page for the web), at once when ``Content-Length`` says too much, else as soon as the bytes
    received pass the limit. Any other body (JSON, a urlencoded form) of a POST, PUT, PATCH or
    DELETE may have ``body_limit`` bytes: it is read here first (never more than that), and a
    larger one is answered with ``refuse(scope, TooLarge)``, an ASGI response in the app's error
    shape.
    """

    def __init__(
        self,
        app: Any,
        limit: int,
        upload_limit: int,
        body_limit: int | None = None,
        refuse: Callable[[Any, ImagiaError], Any] | None = None,
    ) -> None:
        self.app = app
        self.limit = limit  # body bytes: the upload limit plus room for the form's framing
        self.upload_limit = upload_limit  # what the error message states
        self.body_limit = body_limit
        self.refuse = refuse

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        ctype = b""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                with contextlib.suppress(ValueError):
                    declared = int(value)
            elif name == b"content-type":
                ctype = value.lower()
        if (
            self.body_limit is not None
            and self.refuse is not None
            and scope.get("method") in BODY_METHODS
            and not ctype.startswith(b"multipart/form-data")
        ):
            await self._small_body(scope, receive, send, declared)
            return
        limit = self.limit
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            if declared is not None and declared > limit:
                raise TooLarge(self.upload_limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(self.upload_limit)
            return message

        await self.app(scope, limited, send)

    async def _small_body(self, scope: Any, receive: Any, send: Any, declared: int | None) -> None:
        """Read a body that is not an upload (at most ``body_limit`` bytes), then hand it on."""
        assert self.body_limit is not None and self.refuse is not None
        limit = self.body_limit
        if declared is not None and declared > limit:
            await self.refuse(scope, TooLarge(limit, upload=False))(scope, receive, send)
            return
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            part = message.get("body", b"")
            size += len(part)
            if size > limit:
                await self.refuse(scope, TooLarge(limit, upload=False))(scope, receive, send)
                return
            parts.append(part)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(parts), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
