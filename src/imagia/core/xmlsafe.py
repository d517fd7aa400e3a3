"""XML from users' files, parsed safely: no entity declarations (the "billion laughs"), no
external entities, bounded nesting, and every failure a :class:`BadFile` naming the file.

``defusedxml`` does the parsing when it is installed; without it the standard library's parser
is given a tree builder that refuses any ``<!DOCTYPE>`` (where entities would be declared).
"""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET
from typing import Any

from imagia.core.errors import BadFile

# Deeper than any subtitle or screenplay document; deep enough trees would exhaust the stack
# of the readers that walk them recursively.
MAX_DEPTH = 100


class _NoDoctype(ET.TreeBuilder):
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _Refused(f"document type declaration <!DOCTYPE {name}> (DTDs are not accepted)")


class _Refused(Exception):
    pass


def _defused() -> Any | None:
    try:
        return importlib.import_module("defusedxml.ElementTree")
    except ImportError:  # pragma: no cover - depends on the install
        return None


def _parser(use_defused: bool = True) -> Any:
    mod = _defused() if use_defused else None
    if mod is not None:
        return mod.XMLParser(target=ET.TreeBuilder(), forbid_dtd=False)
    return ET.XMLParser(target=_NoDoctype())


def _check_depth(root: ET.Element, name: str, max_depth: int) -> None:
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > max_depth:
            raise BadFile(name, f"XML nested deeper than {max_depth} elements")
        stack.extend((child, depth + 1) for child in el)


def parse(
    data: bytes | str, name: str, max_depth: int = MAX_DEPTH, use_defused: bool = True
) -> ET.Element:
    """The root element of ``data``; a :class:`BadFile` naming ``name`` for anything wrong:
    not well-formed, an unknown encoding in the XML declaration, entity or DTD declarations,
    nesting deeper than ``max_depth``. A ``str`` is parsed as the text it is (its declared
    encoding is ignored)."""
    parser = _parser(use_defused)
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except ET.ParseError as exc:
        raise BadFile(name, f"not well-formed XML ({exc})") from None
    except LookupError as exc:
        raise BadFile(name, f"unknown encoding in the XML declaration ({exc})") from None
    except RecursionError:
        raise BadFile(name, "XML nested too deeply") from None
    except _Refused as exc:
        raise BadFile(name, str(exc)) from None
    except ValueError as exc:  # defusedxml's refusals, multi-byte encodings expat cannot read
        what = type(exc).__name__
        if what in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            raise BadFile(
                name,
                f"XML with entity declarations or external references ({what}): refused, "
                "they can expand without limit or read other files",
            ) from None
        raise BadFile(name, f"cannot read the XML ({exc})") from None
    _check_depth(root, name, max_depth)
    return root
