"""One exception family for imagia, turned into a message and an exit code at each face."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class ImagiaError(Exception):
    """Base of every error a user can cause and fix.

    ``exit_code`` is what the CLI returns; ``http_status`` what the API answers.
    """

    exit_code = 1
    http_status = 400
    kind = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (type(self), self.__dict__.copy()))

    def to_dict(self) -> dict[str, object]:
        return {"error": self.kind, "message": self.message, "hint": self.hint}


def _rebuild(cls: type[ImagiaError], state: dict[str, object]) -> ImagiaError:
    err = cls.__new__(cls)
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


class NotFound(ImagiaError):
    """An id, file or job that does not exist; carries close matches."""

    http_status = 404
    kind = "not_found"

    def __init__(self, what: str, value: str, candidates: Iterable[str] = ()) -> None:
        self.what = what
        self.value = value
        close = difflib.get_close_matches(value, list(candidates), n=3, cutoff=0.5)
        hint = f"did you mean: {', '.join(close)}?" if close else None
        super().__init__(f"unknown {what} {value!r}", hint=hint)
        self.suggestions = close

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "suggestions": self.suggestions}


class BadValue(ImagiaError):
    """A parameter outside its valid set; lists the valid values."""

    http_status = 422
    kind = "bad_value"

    def __init__(
        self,
        param: str,
        value: object,
        valid: Iterable[str] | None = None,
        reason: str | None = None,
    ) -> None:
        self.param = param
        self.value = value
        self.valid = list(valid) if valid is not None else None
        msg = f"invalid {param} {value!r}"
        if reason:
            msg += f": {reason}"
        hint = f"valid values: {', '.join(self.valid)}" if self.valid else None
        super().__init__(msg, hint=hint)

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "param": self.param, "valid": self.valid}


class BadFile(ImagiaError):
    """A missing, unreadable or invalid file; names the file and what is wrong."""

    kind = "bad_file"

    def __init__(self, path: object, problem: str, hint: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}", hint=hint)

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "path": self.path}


class MissingDependency(ImagiaError):
    """An optional extra or model is not installed; says what to install."""

    kind = "missing_dependency"
    http_status = 503


class WorkspaceError(ImagiaError):
    kind = "workspace"
