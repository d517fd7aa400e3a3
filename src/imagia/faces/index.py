"""The media index as both faces show it: moment search, assets, people, the rights register,
as JSON-ready dicts with the URLs of thumbnails and media (used by :mod:`imagia.api.routes_index`
and :mod:`imagia.web.pages_index`).

The back-ends (:mod:`imagia.index.search`, :mod:`imagia.index.people`,
:mod:`imagia.clips.register` and :mod:`imagia.clips.view`) are imported when a request needs
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagia.core.errors import BadValue, NotFound
from imagia.core.workspace import Workspace
from imagia.index.jobs import thumbnail_url

if TYPE_CHECKING:
    from imagia.index.store import IndexStore

MAX_LIMIT = 200
LANGS = ("fr", "en")


def store_of(ws: Workspace) -> IndexStore | None:
    """The workspace's index, or None when there is none yet (reading never creates it)."""
    from imagia.index.store import index_path, open_index

    return open_index(ws) if index_path(ws).is_file() else None


def media_url(sha256: str | None) -> str | None:
    return f"/api/index/media/{sha256}" if sha256 else None


def moment_dict(m: Any) -> dict[str, Any]:
    """A :class:`imagia.index.search.Moment` as JSON with its thumbnail and media URLs."""
    data: dict[str, Any] = m.to_dict()
    data["thumbnail_url"] = thumbnail_url(m.thumbnail)
    data["media_url"] = media_url(m.sha256)
    return data


def search_moments(
    ws: Workspace,
    text: str = "",
    person: str | None = None,
    sound: str | None = None,
    asset: str | None = None,
    lang: str | None = None,
    limit: int = 20,
    semantic: bool = True,
) -> list[dict[str, Any]]:
    """Moments matching the words and/or a person, a sound class, in an asset or a language
    (:func:`imagia.index.search.search`), best first, as JSON with ``thumbnail_url`` and
    ``media_url``."""
    from imagia.index import search as engine

    text = text.strip()
    person, sound, asset, lang = (
        v.strip() or None if v else None for v in (person, sound, asset, lang)
    )
    if not 1 <= limit <= MAX_LIMIT:
        raise BadValue("limit", limit, reason=f"between 1 and {MAX_LIMIT}")
    if lang is not None and lang not in LANGS:
        raise BadValue("lang", lang, LANGS)
    if not (text or person or sound):
        raise BadValue("q", "", reason="give words, a person or a sound to look for")
    store = store_of(ws)
    if store is None:
        return []
    query = engine.Query(
        text=text,
        person=person,
        sound=sound,
        asset=asset,
        lang=lang,
        limit=limit,
        semantic=semantic,
    )
    return [moment_dict(m) for m in engine.search(store, query)]


def list_assets(ws: Workspace) -> list[dict[str, Any]]:
    store = store_of(ws)
    if store is None:
        return []
    return [{**a, "media_url": media_url(a["sha256"])} for a in store.assets()]


def sound_labels(ws: Workspace) -> list[str]:
    """The sound classes heard somewhere in the index (for the search form)."""
    store = store_of(ws)
    if store is None:
        return []
    with store.connect() as con:
        return [r[0] for r in con.execute("SELECT DISTINCT label FROM sounds ORDER BY label")]


# -- people -------------------------------------------------------------------------------------
def _person_dict(p: dict[str, Any]) -> dict[str, Any]:
    return {**p, "thumbnail_url": thumbnail_url(p.get("thumbnail"))}


def _people_store(ws: Workspace, person_id: int) -> IndexStore:
    store = store_of(ws)
    if store is None:
        raise NotFound("person", str(person_id))
    return store


def list_people(ws: Workspace) -> list[dict[str, Any]]:
    """People with faces, most seen first (:func:`imagia.index.people.list_people`), with the
    URL of their clearest face."""
    from imagia.index import people

    store = store_of(ws)
    return [] if store is None else [_person_dict(p) for p in people.list_people(store)]


def name_person(ws: Workspace, person_id: int, name: str) -> dict[str, Any]:
    """Give a cluster of faces a name; returns the person with their moments."""
    from imagia.index import people

    store = _people_store(ws, person_id)
    people.name_person(store, person_id, name)
    return _person_dict(people.person(store, person_id))


def merge_people(ws: Workspace, keep: int, other: int) -> dict[str, Any]:
    """Move ``other``'s faces to ``keep`` (the same person seen twice) and remove ``other``;
    returns ``keep`` with ``merged``, ``moved`` (faces) and ``dropped_name``."""
    from imagia.index import people

    store = _people_store(ws, keep)
    done = people.merge_people(store, keep, other)
    return {
        **_person_dict(people.person(store, keep)),
        **{k: done.get(k) for k in ("merged", "moved", "dropped_name")},
    }


# -- the rights register ------------------------------------------------------------------------
def register_rows(reg: Any) -> dict[str, Any]:
    """A :class:`imagia.clips.model.RightsRegister` as plain rows: ``titles`` (one per title),
    ``rows`` (one per grant and per restriction, from :func:`imagia.clips.view.rows`:
    ``kind`` grant, music, archive or person) and the files ``imported``."""
    from imagia.clips import view

    titles = [
        {
            "title": t.title,
            "match": t.match,
            "match_kind": t.match_kind,
            "fps": str(t.fps),
            "grants": len(t.grants),
            "restrictions": len(t.music) + len(t.people) + len(t.archive),
        }
        for t in reg.titles
    ]
    imported = [
        {
            "file": Path(str(i.get("file", ""))).name,
            "sha256": i.get("sha256"),
            "at": i.get("at"),
            "titles": list(i.get("titles") or []),
        }
        for i in reg.imported
    ]
    return {
        "titles": titles,
        "columns": list(view.COLUMNS),
        "rows": view.rows(reg),
        "imported": imported,
    }


def rights_rows(ws: Workspace) -> dict[str, Any]:
    """The workspace's rights register as plain rows (``register`` false when none was
    imported yet)."""
    from imagia.clips import register, view

    reg = register.load(ws)
    if reg is None:
        return {
            "register": False,
            "titles": [],
            "columns": list(view.COLUMNS),
            "rows": [],
            "imported": [],
        }
    return {"register": True, **register_rows(reg)}


def import_rights(ws: Workspace, path: Path, merge: bool = False) -> dict[str, Any]:
    """Check a YAML or CSV register file and make it the workspace's register (``merge``: its
    titles replace those of the same name, the others stay)."""
    from imagia.clips import register

    reg = register.import_file(ws, path, merge=merge)
    return {"register": True, **register_rows(reg)}
