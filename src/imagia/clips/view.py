"""The rights register as plain rows, for a web page or a table: one row per grant and per
restriction of each title."""

from __future__ import annotations

from typing import Any

from imagia.clips import register as regmod
from imagia.clips.model import RightsRegister
from imagia.core.workspace import Workspace

COLUMNS = ("title", "match", "kind", "id", "territories", "channels", "window", "detail")


def rows(reg: RightsRegister) -> list[dict[str, Any]]:
    """``kind`` is grant, music, archive or person; ``detail`` says the rest in words."""
    out: list[dict[str, Any]] = []
    for t in reg.titles:
        base = {"title": t.title, "match": f"{t.match_kind}: {t.match}"}
        for g in t.grants:
            terr = " ".join(g.territories) + (f" minus {' '.join(g.exclude)}" if g.exclude else "")
            detail = [f"max {g.max_seconds:g} s" if g.max_seconds else ""]
            detail += [f"{ch} max {s:g} s" for ch, s in g.formats.items()]
            detail += [
                f"holdback {'/'.join(h.channels)} in {' '.join(h.territories)} until {h.until}"
                for h in g.holdbacks
            ]
            out.append(
                {
                    **base,
                    "kind": "grant",
                    "id": g.id,
                    "territories": terr,
                    "channels": " ".join(g.channels),
                    "window": f"{g.start or '…'} → {g.end or '…'}",
                    "detail": "; ".join(d for d in detail if d),
                }
            )
        for m in t.music:
            out.append(
                {
                    **base,
                    "kind": "music",
                    "id": m.name,
                    "territories": "",
                    "channels": " ".join(m.cleared),
                    "window": "",
                    "detail": f"{m.span.label()} cleared for {' '.join(m.cleared) or 'none'}",
                }
            )
        for a in t.archive:
            out.append(
                {
                    **base,
                    "kind": "archive",
                    "id": a.name,
                    "territories": "",
                    "channels": " ".join(a.cleared),
                    "window": "",
                    "detail": f"{a.span.label()} cleared for {' '.join(a.cleared) or 'none'}",
                }
            )
        for p in t.people:
            out.append(
                {
                    **base,
                    "kind": "person",
                    "id": p.name,
                    "territories": "",
                    "channels": " ".join(p.channels),
                    "window": "",
                    "detail": f"image restricted on {' '.join(p.channels)}",
                }
            )
    return out


def register_rows(ws: Workspace) -> list[dict[str, Any]]:
    """The workspace register's rows (empty when no register was imported)."""
    reg = regmod.load(ws)
    return rows(reg) if reg is not None else []
