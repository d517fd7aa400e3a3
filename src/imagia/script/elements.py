"""What a breakdown lists: an element (:class:`Item`) and where it was found (:class:`Mention`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Mention:
    element: int  # index of the element in the scene
    text: str  # the words as written
    line: int | None = None
    sentence: str | None = None  # the sentence it comes from


@dataclass
class Item:
    category: str
    name: str
    method: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    note: str | None = None  # e.g. "minor (8)"
    count: int | None = None  # head count (extras, "TWO POLICE OFFICERS")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for opt in ("note", "count"):
            if d[opt] is None:
                d.pop(opt)
        return d
