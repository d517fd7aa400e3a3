"""Text files as every imagia reader takes them: one decoding rule, safe YAML and JSON.

Decoding (shared with :mod:`imagia.core.filekinds`, which sniffs uploads by the same rule):
UTF-16 when the file starts with its byte-order mark, else UTF-8 (with or without BOM), else
Windows-1252 (the legacy encoding of French and English spreadsheets, scripts and subtitles);
bytes Windows-1252 leaves undefined and control characters other than tab, line feed, form feed
and carriage return mean the file is not text. Anything else is a :class:`BadFile` naming the
file, never a ``UnicodeDecodeError``.

:func:`load_yaml` refuses YAML aliases (``*name``: a 2 KB "billion laughs" file expands to
gigabytes) and turns what PyYAML and ``json`` raise on hostile input (integers over Python's
4,300-digit limit, impossible dates, deep nesting) into a :class:`BadFile`.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile

# Windows-1252 leaves these bytes undefined: a file holding them is not cp1252 text.
CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Control characters text may hold: tab, line feed, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
ENCODINGS = "UTF-8, UTF-16 (with a byte-order mark) or Windows-1252"
# Bigger than any contract, mapping, scene list or statement a person writes by hand.
MAX_BYTES = 256 << 20
# Deeper than any document a person writes; deep enough ones exhaust the parser's stack.
MAX_DEPTH = 100


def text_encodings(head: bytes) -> tuple[str, ...]:
    """The encodings to try for a file starting with ``head``, in order."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return ("utf-16",)
    return ("utf-8-sig", "cp1252")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character text files do not (NUL, escape...)."""
    return _CONTROL.search(text) is not None


def decode(data: bytes) -> str | None:
    """``data`` as text by the rule above, or None when it is not text."""
    for encoding in text_encodings(data[:2]):
        if encoding == "cp1252" and not CP1252_HOLES.isdisjoint(data):
            return None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if has_control(text) else text
    return None


def is_file(path: Path | str) -> bool:
    """Whether ``path`` is a file; False, not OSError, for a name no file can have (too long)."""
    try:
        return Path(path).is_file()
    except OSError:
        return False


def read_bytes(path: Path | str, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes; BadFile when it is missing, unreadable or over ``max_bytes``."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise BadFile(p, "file not found") from None
    except OSError as exc:
        raise BadFile(p, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise BadFile(p, f"larger than {max_bytes >> 20} MiB: not a file imagia reads")
    return data


def read_text(path: Path | str, max_bytes: int = MAX_BYTES) -> str:
    """The text of a file in UTF-8, UTF-16 with a BOM or Windows-1252; else BadFile."""
    text = decode(read_bytes(path, max_bytes))
    if text is None:
        raise BadFile(
            path,
            f"not text in {ENCODINGS} (binary or control bytes)",
            hint="save it as UTF-8 text",
        )
    return text


@functools.cache
def safe_loader() -> Any:
    """A SafeLoader that refuses aliases, so what it builds is bounded by the file's size, and
    nesting deeper than :data:`MAX_DEPTH` (refused at once, not by a slow RecursionError).
    Readers that need their own constructors subclass it."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"alias *{event.anchor} not accepted (write the value out in full)",
                    event.start_mark,
                )
            if self._depth >= MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return NoAliasLoader


def parse_yaml(text: str, path: Path | str = "<yaml>", what: str = "YAML") -> Any:
    """``text`` as YAML (JSON too), aliases refused; any failure is a BadFile naming ``path``."""
    import yaml

    try:
        return yaml.load(text, Loader=safe_loader())  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise BadFile(path, f"not valid {what} ({_yaml_problem(exc)})") from None
    except RecursionError:
        raise BadFile(path, f"not valid {what} (nested too deeply)") from None
    except (ValueError, OverflowError) as exc:  # 2025-02-30, a 5,000-digit integer
        raise BadFile(path, f"not valid {what} ({_first_line(exc)})") from None


def _yaml_problem(exc: Exception) -> str:
    """``expected ',' or ']' at line 3, column 7`` from a PyYAML error."""
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if not problem:
        return _first_line(exc)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{str(problem)[:200]}{where}"


def load_yaml(path: Path | str, what: str = "YAML", max_bytes: int = MAX_BYTES) -> Any:
    """A YAML (or JSON) file's data, read with :func:`read_text` and :func:`parse_yaml`."""
    return parse_yaml(read_text(path, max_bytes), path, what)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, path: Path | str = "<json>") -> Any:
    """``text`` as strict JSON (no NaN or Infinity); any failure is a BadFile naming ``path``."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadFile(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise BadFile(path, "not valid JSON (nested too deeply)") from None
    except (ValueError, OverflowError) as exc:
        raise BadFile(path, f"not valid JSON ({_first_line(exc)})") from None


def load_json(path: Path | str, max_bytes: int = MAX_BYTES) -> Any:
    """A JSON file's data, read with :func:`read_text` and :func:`parse_json`."""
    return parse_json(read_text(path, max_bytes), path)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
