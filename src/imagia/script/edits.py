"""A person's edits of a breakdown (schema ``BreakdownEdits.1``), kept for the next draft.

In the web view a person adds an element to a scene, removes one or moves it to another
category. Each edit is saved in the workspace (``edits/breakdown/<screenplay>.json``), keyed by
the screenplay (its title, else its file name without a draft or version suffix), so the next
breakdown of a new draft of the same screenplay applies them: removed stays removed, added
stays added while its scene still exists, recategorised keeps its new category.

An edit names its scene by an anchor (number, heading, text fingerprint, rank among the scenes
with that heading). In a new draft the scene is found by the same fingerprint (unchanged text,
even renumbered), else by the same heading (the same rank among its repeats) among the scenes
that no other edit's text claims. An edit whose scene cannot be found (cut, or its heading
changed) is not carried, and the breakdown says how many were carried and how many were not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from imagia.core.errors import BadFile, BadValue
from imagia.core.provenance import atomic_write
from imagia.core.textfile import load_json
from imagia.script.breakdown import CATEGORIES, Breakdown, SceneBreakdown
from imagia.script.elements import Item

SCHEMA = "BreakdownEdits.1"
OPS = ("add", "remove", "recategorise")
Op = Literal["add", "remove", "recategorise"]
FOLDER = Path("edits") / "breakdown"
MAX_NAME = 200
MAX_EDITS = 20_000
_LOCK = threading.Lock()
# Words that mark a draft rather than name the screenplay ("film-v2", "film draft 3 final").
_DRAFT = re.compile(
    r"^(\d{1,3}|v\d*|version|ver|rev\d*|draft\d*|d\d+|final|copy|copie|brouillon|"
    r"ecriture|revision|maj|new|nouveau|nouvelle)$"
)


def fold(text: str) -> str:
    """A name as compared: case, accents and spacing ignored."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[^\W_]+", t))


def screenplay_key(title: str | None, source_name: str) -> str:
    """What makes two drafts "the same screenplay": the title, else the file name without its
    extension and draft marks (``film-v2.fountain``, ``film draft 3.pdf`` -> ``film``)."""
    base = fold(title or "")
    if not base:
        words = fold(Path(source_name).name.split(".")[0] if source_name else "").split()
        while len(words) > 1 and _DRAFT.match(words[-1]):
            words.pop()
        base = " ".join(words)
    return re.sub(r"\s+", "-", base)[:80] or "untitled"


@dataclass(frozen=True)
class Anchor:
    """Where an edit belongs: a scene of the draft it was made on."""

    number: str
    heading: str
    fingerprint: str
    rank: int = 0  # among the scenes with the same heading, in order


@dataclass
class Edit:
    op: Op
    scene: Anchor
    name: str
    category: str  # add/remove: the element's category; recategorise: the new one
    previous: str | None = None  # recategorise: the category it had
    count: int | None = None  # add: a head count (extras)
    at: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v is not None}


@dataclass
class Edits:
    key: str
    title: str | None = None
    edits: list[Edit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "screenplay": self.key,
            "title": self.title,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass
class Carried:
    """What applying edits to a breakdown did: edits carried (their scene found) and lost."""

    carried: int = 0
    lost: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"carried": self.carried, "lost": len(self.lost), "not_carried": self.lost}


# ---------------------------------------------------------------- anchors


def anchors(bd: Breakdown) -> list[Anchor]:
    """The anchor of every scene of ``bd``, in order."""
    seen: dict[str, int] = {}
    out = []
    for s in bd.scenes:
        h = fold(s.heading)
        rank = seen.get(h, 0)
        seen[h] = rank + 1
        out.append(Anchor(str(s.scene), s.heading, s.fingerprint, rank))
    return out


def _find(anchor: Anchor, scenes: list[Anchor], claimed: set[int]) -> int | None:
    """Index in ``scenes`` of the scene ``anchor`` names, or None: the same text, else the
    same heading (its rank among repeats) among the scenes no other edit's text claims."""
    for i, a in enumerate(scenes):
        if a.fingerprint and a.fingerprint == anchor.fingerprint:
            return i
    want = fold(anchor.heading)
    same = [i for i, a in enumerate(scenes) if fold(a.heading) == want and i not in claimed]
    if not want or not same:
        return None
    ranked = [i for i in same if scenes[i].rank == anchor.rank]
    return ranked[0] if ranked else same[min(anchor.rank, len(same) - 1)]


# ---------------------------------------------------------------- applying


def _items_named(scene: SceneBreakdown, name: str, category: str) -> list[Item]:
    f = fold(name)
    return [it for it in scene.items if it.category == category and fold(it.name) == f]


def apply(bd: Breakdown, edits: Edits) -> Carried:
    """Apply ``edits`` to ``bd`` in place (scenes found by their anchors); returns the count
    of edits carried and those whose scene is gone."""
    scenes = anchors(bd)
    prints = {e.scene.fingerprint for e in edits.edits}
    claimed = {i for i, a in enumerate(scenes) if a.fingerprint in prints}
    result = Carried()
    for e in edits.edits:
        k = _find(e.scene, scenes, claimed)
        if k is None:
            result.lost.append(e.to_dict())
            continue
        result.carried += 1
        scene = bd.scenes[k]
        if e.op == "remove":
            drop = {id(it) for it in _items_named(scene, e.name, e.category)}
            scene.items = [it for it in scene.items if id(it) not in drop]
        elif e.op == "add":
            if not _items_named(scene, e.name, e.category):
                scene.items.append(Item(e.category, e.name, "user", 1.0, [], None, e.count))
        else:
            for it in _items_named(scene, e.name, e.previous or ""):
                it.category = e.category
                it.confidence = 1.0
        scene.items.sort(key=_order)
    return result


def _order(it: Item) -> tuple[int, float, str]:
    """The breakdown's own order: category, then surest first, then name."""
    rank = CATEGORIES.index(it.category) if it.category in CATEGORIES else len(CATEGORIES)
    return (rank, -it.confidence, it.name)


# ---------------------------------------------------------------- recording


def check(op: str, name: str, category: str, previous: str | None, count: Any) -> None:
    """An edit's fields, or :class:`BadValue` naming the wrong one."""
    if op not in OPS:
        raise BadValue("op", op, OPS)
    if not name.strip() or len(name) > MAX_NAME:
        raise BadValue("name", name, reason=f"1 to {MAX_NAME} characters")
    if category not in CATEGORIES:
        raise BadValue("category", category, CATEGORIES)
    if op == "recategorise" and previous not in CATEGORIES:
        raise BadValue("previous", previous, CATEGORIES)
    if count is not None and (
        isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100_000
    ):
        raise BadValue("count", count, reason="a whole number from 1 to 100000")


def record(edits: Edits, new: Edit) -> None:
    """Add ``new`` to ``edits``, folding it into what is there: removing an added element
    forgets the addition, moving an element twice keeps one move, adding back a removed one
    forgets the removal."""
    check(new.op, new.name, new.category, new.previous, new.count)
    if len(edits.edits) >= MAX_EDITS:
        raise BadValue("edits", len(edits.edits), reason=f"at most {MAX_EDITS} per screenplay")
    f = fold(new.name)

    def same(e: Edit, op: str, category: str) -> bool:
        return (
            e.op == op
            and e.category == category
            and fold(e.name) == f
            and e.scene.fingerprint == new.scene.fingerprint
        )

    if new.op == "remove":
        added = [e for e in edits.edits if same(e, "add", new.category)]
        if added:
            edits.edits = [e for e in edits.edits if e not in added]
            return
        moved = [e for e in edits.edits if same(e, "recategorise", new.category)]
        if moved:  # the detector has it under its first category: remove that one
            edits.edits = [e for e in edits.edits if e not in moved]
            new = Edit("remove", new.scene, new.name, moved[0].previous or new.category, at=new.at)
    elif new.op == "add":
        removed = [e for e in edits.edits if same(e, "remove", new.category)]
        if removed:
            edits.edits = [e for e in edits.edits if e not in removed]
            return
        if any(same(e, "add", new.category) for e in edits.edits):
            return
    else:
        assert new.previous is not None
        for e in edits.edits:
            if same(e, "add", new.previous):
                e.category = new.category
                return
            if same(e, "recategorise", new.previous):
                if e.previous == new.category:
                    edits.edits.remove(e)
                else:
                    e.category = new.category
                return
    edits.edits.append(new)


def make_edit(
    bd: Breakdown,
    scene_index: int,
    op: str,
    name: str,
    category: str,
    previous: str | None = None,
    count: int | None = None,
) -> Edit:
    """An edit of the ``scene_index``-th scene of ``bd`` (0-based), checked against it."""
    check(op, name, category, previous, count)
    if not 0 <= scene_index < len(bd.scenes):
        raise BadValue("scene", scene_index, reason=f"a scene from 0 to {len(bd.scenes) - 1}")
    scene = bd.scenes[scene_index]
    had = (previous or "") if op == "recategorise" else category
    if op != "add" and not _items_named(scene, name, had):
        raise BadValue(
            "name", name, [it.name for it in scene.items], reason=f"not in scene {scene.scene}"
        )
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    anchor = anchors(bd)[scene_index]
    return Edit(op, anchor, name.strip(), category, previous, count, at)  # type: ignore[arg-type]


# ---------------------------------------------------------------- files


def path_for(root: Path, key: str) -> Path:
    """Where the edits of screenplay ``key`` are kept in the workspace at ``root``."""
    safe = re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-") or "untitled"
    return root / FOLDER / f"{safe}.json"


def _anchor(path: Path, d: Any) -> Anchor:
    if not isinstance(d, dict) or not isinstance(d.get("heading"), str):
        raise BadFile(path, "an edit's scene must be an object with a heading")
    rank = d.get("rank", 0)
    return Anchor(
        str(d.get("number", "")),
        d["heading"],
        str(d.get("fingerprint", "")),
        rank if isinstance(rank, int) and not isinstance(rank, bool) else 0,
    )


def read(path: Path, key: str | None = None) -> Edits:
    """The edits kept in ``path`` (none when it does not exist); a :class:`BadFile` naming
    the file and the field when it is not a ``BreakdownEdits.1`` document."""
    if not path.exists():
        return Edits(key or path.stem)
    data = load_json(path)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BadFile(path, f"not a {SCHEMA} document")
    raw = data.get("edits")
    if not isinstance(raw, list):
        raise BadFile(path, "edits: expected a list")
    title = data.get("title")
    out = Edits(
        str(data.get("screenplay") or key or path.stem), title if isinstance(title, str) else None
    )
    for n, d in enumerate(raw, start=1):
        if not isinstance(d, dict):
            raise BadFile(path, f"edit {n}: expected an object")
        try:
            check(
                str(d.get("op")),
                str(d.get("name", "")),
                str(d.get("category")),
                d.get("previous"),
                d.get("count"),
            )
        except BadValue as exc:
            raise BadFile(path, f"edit {n}: {exc.message}") from None
        out.edits.append(
            Edit(
                d["op"],
                _anchor(path, d.get("scene")),
                str(d["name"]),
                d["category"],
                d.get("previous") if d["op"] == "recategorise" else None,
                d.get("count"),
                str(d.get("at", "")),
            )
        )
    return out


def write(path: Path, edits: Edits) -> Path:
    """Write ``edits`` to ``path`` atomically (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as fh:
        fh.write(json.dumps(edits.to_dict(), ensure_ascii=False, indent=2))
    return path


def save(root: Path, key: str, title: str | None, new: Edit) -> Edits:
    """Record ``new`` in the edits of screenplay ``key`` kept under ``root``: read, fold,
    write, one writer at a time."""
    path = path_for(root, key)
    with _LOCK:
        edits = read(path, key)
        edits.title = edits.title or title
        record(edits, new)
        write(path, edits)
    return edits
