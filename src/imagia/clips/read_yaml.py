"""Read a rights register from YAML, keeping the line of every field for error messages.

Times such as ``00:01:10`` or ``00:01:10:12`` stay text (YAML 1.1 would read them as base-60
numbers); :mod:`imagia.clips.schema` converts them with the title's frame rate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from imagia.clips.model import RightsRegister
from imagia.clips.schema import Node, build, register_text
from imagia.core.errors import BadFile
from imagia.core.textfile import safe_loader


class _Loader(safe_loader()):  # type: ignore[misc]
    """Safe loader: mappings become :class:`Node` with their lines; no base-60 numbers; no
    aliases (``*name``: a 2 KB "billion laughs" register would expand to gigabytes), no deep
    nesting (:func:`imagia.core.textfile.safe_loader`)."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    out = Node(line=node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float):
            raise BadFile("<yaml>", f"line {key_node.start_mark.line + 1}: a key must be text")
        out[str(key)] = loader.construct_object(value_node, deep=True)
        out.lines[str(key)] = value_node.start_mark.line + 1
    return out


def _number(kind: str) -> Any:
    base = (
        yaml.SafeLoader.construct_yaml_int
        if kind == "int"
        else yaml.SafeLoader.construct_yaml_float
    )

    def construct(loader: _Loader, node: yaml.ScalarNode) -> Any:
        if ":" in str(node.value):  # 00:01:10 is a time, not 70 in base 60
            return str(node.value)
        return base(loader, node)

    return construct


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _number("int"))
_Loader.add_constructor("tag:yaml.org,2002:float", _number("float"))
# Dates stay text: the schema parses them and names the field when one is wrong.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: str(node.value))


def parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BadFile(source, f"{where}not valid YAML ({problem})") from None
    except BadFile as exc:
        raise BadFile(source, exc.problem) from None
    except RecursionError:
        raise BadFile(source, "not valid YAML (nested too deeply)") from None
    except (ValueError, OverflowError) as exc:  # a 5,000-digit integer
        raise BadFile(source, f"not valid YAML ({str(exc).splitlines()[0][:200]})") from None


def read_yaml(path: Path) -> RightsRegister:
    """A register from a YAML file (see docs/clips.md for the format)."""
    path = Path(path)
    text = register_text(path)
    return build(parse_yaml(text, str(path)), str(path))
