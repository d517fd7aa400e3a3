"""Script breakdown ("dépouillement"): per scene, the elements a breakdown sheet lists.

Categories (the trade's breakdown sheet): cast, extras (background, with head counts), stunts,
vehicles, weapons, animals, props, set_dressing, wardrobe, makeup (make-up/hair), sfx, vfx,
sound, music, equipment.

How elements are found, each with its method, a confidence and the sentence it comes from:

- ``speaker`` (1.0): characters who speak in the scene;
- ``name`` (0.9): a known character named in the action (silent presence), including those
  introduced with an age in another scene and descriptive ones by their head ("the stranger");
- ``intro`` (0.8-0.85): an upper-case introduction with an age, ``JOSEPH (80s)``, or a
  description headed by a person word, ``HOMME EN COSTUME``, ``TWO POLICE OFFICERS`` (count 2);
- ``description`` (0.75): wardrobe and props inside such an introduction;
- ``heading`` (0.8): the vehicle a scene takes place in (``INT. MINIBUS - MOVING``);
- ``caps`` (0.5-0.85): other upper-case words (writers capitalise props, sounds and
  vehicles), classified by the lexicons, as a sound when they read like a verb, else as a prop;
- ``lexicon`` (0.65-0.7): the French/English lexicons (``lexicons.yaml``, words in families),
  with the context rules of :mod:`imagia.script.context` (an animal's jump is no stunt, head
  counts, a carried piece of set dressing is a prop);
- ``person`` (0.6): unnamed people with an article or a number: extras with their count;
- ``lyrics`` (0.9): sung lines are music;
- ``ner`` (0.5) and ``object`` (0.55), with spaCy (optional, ``nlp=True``): people the NER finds
  and the direct objects of handling verbs (takes, holds, pours... / prend, tient, pose...);
  spaCy also drops lexicon words used as verbs and names compounds ("pump-action shotgun").

The confidences are heuristics, measured on the hand-keyed sets of
``benchmarks/data/breakdown`` (see docs/script.md): the lexicons miss what they do not list.

The user corrects the breakdown JSON; :func:`apply_corrections` carries those corrections to a
re-parsed draft for every scene whose text has not changed (same fingerprint).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.core.textfile import load_json
from imagia.script import detect
from imagia.script.context import key as _key
from imagia.script.elements import Item, Mention
from imagia.script.model import Scene, Screenplay, day_night

SCHEMA = "Breakdown.1"
CATEGORIES = (
    "cast",
    "extras",
    "stunts",
    "vehicles",
    "weapons",
    "animals",
    "props",
    "set_dressing",
    "wardrobe",
    "makeup",
    "sfx",
    "vfx",
    "sound",
    "music",
    "equipment",
)
LABELS = {
    "cast": ("Cast", "Rôles"),
    "extras": ("Background / extras", "Figuration"),
    "stunts": ("Stunts", "Cascades"),
    "vehicles": ("Vehicles", "Véhicules"),
    "weapons": ("Weapons", "Armes"),
    "animals": ("Animals", "Animaux"),
    "props": ("Props", "Accessoires"),
    "set_dressing": ("Set dressing", "Décor / mobilier"),
    "wardrobe": ("Wardrobe", "Costumes"),
    "makeup": ("Make-up / hair", "Maquillage / coiffure"),
    "sfx": ("Special effects", "Effets spéciaux"),
    "vfx": ("Visual effects", "Effets visuels"),
    "sound": ("Sound", "Son"),
    "music": ("Music", "Musique"),
    "equipment": ("Special equipment", "Matériel spécial"),
}
# The colour code of breakdown sheets as commonly taught (Movie Magic / StudioBinder habits).
COLOURS = {
    "cast": "FF4D4D",
    "extras": "7FD17F",
    "stunts": "FFA64D",
    "vehicles": "FF99CC",
    "weapons": "E6A0A0",
    "animals": "FFC0E0",
    "props": "B38FE6",
    "set_dressing": "A6D98C",
    "wardrobe": "8FB8E6",
    "makeup": "FFE680",
    "sfx": "5C8AE6",
    "vfx": "66D9D9",
    "sound": "C09060",
    "music": "D9A066",
    "equipment": "BFBFBF",
}


# lexicon lookup order (props last: the most generic)
@dataclass
class SceneBreakdown:
    scene: str  # the printed number, else the position
    index: int
    heading: str
    int_ext: str | None
    location: str
    sub_location: str | None
    time_of_day: str | None
    day_night: str | None
    eighths: int
    fingerprint: str
    items: list[Item] = field(default_factory=list)
    corrected: bool = False

    def by_category(self) -> dict[str, list[Item]]:
        out: dict[str, list[Item]] = {c: [] for c in CATEGORIES}
        for it in self.items:
            out.setdefault(it.category, []).append(it)
        return out

    def names(self, category: str) -> list[str]:
        return [i.name for i in self.items if i.category == category]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["items"] = [i.to_dict() for i in self.items]
        return d


@dataclass
class BreakdownOptions:
    """``nlp``: use spaCy (None: when installed); ``min_confidence``: drop weaker items."""

    nlp: bool | None = None
    min_confidence: float = 0.0
    lexicon: Path | None = None


@dataclass
class Breakdown:
    title: str | None
    language: str | None
    scenes: list[SceneBreakdown]
    nlp: str | None = None  # the spaCy model used, if any
    schema: str = SCHEMA
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "title": self.title,
            "language": self.language,
            "nlp": self.nlp,
            "categories": list(CATEGORIES),
            "scenes": [s.to_dict() for s in self.scenes],
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Breakdown:
        scenes = []
        for s in d.get("scenes", []):
            items = [
                Item(
                    i["category"],
                    i["name"],
                    i.get("method", "user"),
                    float(i.get("confidence", 1.0)),
                    [Mention(**m) for m in i.get("mentions", [])],
                    i.get("note"),
                    i.get("count"),
                )
                for i in s.get("items", [])
            ]
            scenes.append(
                SceneBreakdown(**{**{k: v for k, v in s.items() if k != "items"}, "items": items})
            )
        return cls(
            d.get("title"),
            d.get("language"),
            scenes,
            d.get("nlp"),
            d.get("schema", SCHEMA),
            d.get("provenance", {}),
        )


def lexicons(path: str | None = None) -> dict[str, dict[str, Any]]:
    """The lexicons: category -> language -> entries (a list, or families of lists)."""
    return detect.lexicons(path)


def fingerprint(scene: Scene) -> str:
    h = hashlib.sha1(usedforsecurity=False)
    h.update(_key(scene.clean_heading).encode())
    for e in scene.elements:
        if e.kind in ("note", "page_break"):
            continue
        h.update(f"\x00{e.kind}\x00{' '.join(e.text.split())}".encode())
    return h.hexdigest()[:16]


def break_down(
    sp: Screenplay, options: BreakdownOptions | None = None, progress: Any = None
) -> Breakdown:
    """The breakdown of every scene of ``sp``."""
    opts = options or BreakdownOptions()
    lang = sp.language
    lexpath = str(opts.lexicon) if opts.lexicon else None
    rules = detect.Rules.make(sp, lexpath)
    name_pats = detect.name_patterns(sorted(rules.char_set), rules.first_names)
    nlp, nlp_name = (None, None)
    if opts.nlp or opts.nlp is None:
        from imagia.script.nlp import load_nlp

        nlp, nlp_name = load_nlp(lang, required=bool(opts.nlp))
    scenes: list[SceneBreakdown] = []
    total = max(1, len(sp.scenes))
    last_dn: str | None = None
    docs: dict[tuple[int, int], Any] = {}
    if nlp is not None:  # one batched pass over every action paragraph
        keys = [
            (k, ei)
            for k, sc in enumerate(sp.scenes)
            for ei, el in enumerate(sc.elements)
            if el.kind == "action"
        ]
        texts = (sp.scenes[k].elements[ei].text for k, ei in keys)
        docs = dict(zip(keys, nlp.pipe(texts, batch_size=64), strict=True))
    for k, scene in enumerate(sp.scenes):
        found = detect.scene_items(scene, k, rules, name_pats, docs)
        items = [it for it in found if it.confidence >= opts.min_confidence]
        items.sort(
            key=lambda it: (
                CATEGORIES.index(it.category) if it.category in CATEGORIES else 99,
                -it.confidence,
                it.name,
            )
        )
        dn = day_night(scene.time_of_day)
        if dn is None and scene.time_of_day:  # CONTINUOUS, LATER, SUITE: as the scene before
            dn = last_dn
        last_dn = dn
        scenes.append(
            SceneBreakdown(
                scene=scene.number or str(scene.index),
                index=scene.index,
                heading=scene.clean_heading,
                int_ext=scene.int_ext,
                location=scene.location,
                sub_location=scene.sub_location,
                time_of_day=scene.time_of_day,
                day_night=dn,
                eighths=scene.eighths,
                fingerprint=fingerprint(scene),
                items=items,
            )
        )
        if progress:
            progress((k + 1) / total, f"scene {k + 1}/{total}")
    return Breakdown(sp.title, sp.language, scenes, nlp_name)


# ---------------------------------------------------------------- corrections


def apply_corrections(new: Breakdown, edited: Breakdown) -> int:
    """Carry the user's corrections to ``new`` for scenes whose text did not change; returns
    how many scenes took them."""
    by_fp = {s.fingerprint: s for s in edited.scenes}
    n = 0
    for s in new.scenes:
        old = by_fp.get(s.fingerprint)
        if old is not None:
            s.items = [
                Item(i.category, i.name, i.method, i.confidence, list(i.mentions), i.note)
                for i in old.items
            ]
            s.corrected = True
            n += 1
    return n


def load(path: Path) -> Breakdown:
    data = load_json(path)  # any encoding, nesting or number problem: a BadFile naming it
    schema = data.get("schema") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not str(schema or "").startswith("Breakdown."):
        raise BadFile(path, f"schema {schema!r} is not Breakdown.N")
    return Breakdown.from_dict(data)


# ---------------------------------------------------------------- exports

SCENE_LIST_COLUMNS = (
    "scene",
    "int_ext",
    "location",
    "time_of_day",
    "eighths",
    "cast",
    "sub_location",
    "set",
    "day_night",
    "heading",
    "extras",
)


def scene_list_rows(bd: Breakdown) -> list[dict[str, Any]]:
    rows = []
    for s in bd.scenes:
        rows.append(
            {
                "scene": s.scene,
                "int_ext": s.int_ext or "",
                "location": s.location,
                "time_of_day": s.time_of_day or "",
                "eighths": s.eighths,
                "cast": ";".join(s.names("cast")),
                "sub_location": s.sub_location or "",
                "set": f"{s.location} - {s.sub_location}" if s.sub_location else s.location,
                "day_night": s.day_night or "",
                "heading": s.heading,
                "extras": ";".join(s.names("extras")),
            }
        )
    return rows


def scene_list_csv(bd: Breakdown) -> str:
    """The one-liner scene list the scheduling and budgeting tools read."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(SCENE_LIST_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(scene_list_rows(bd))
    return buf.getvalue()


ELEMENT_COLUMNS = (
    "scene",
    "heading",
    "category",
    "name",
    "confidence",
    "method",
    "found_as",
    "line",
    "note",
    "count",
    "sentence",
)


def element_rows(bd: Breakdown) -> list[list[Any]]:
    """One row per element, in :data:`ELEMENT_COLUMNS` order."""
    rows = []
    for s in bd.scenes:
        for it in s.items:
            first = it.mentions[0] if it.mentions else None
            rows.append(
                [
                    s.scene,
                    s.heading,
                    it.category,
                    it.name,
                    it.confidence,
                    it.method,
                    first.text if first else "",
                    first.line if first else "",
                    it.note or "",
                    it.count if it.count is not None else "",
                    (first.sentence or "") if first else "",
                ]
            )
    return rows


def elements_csv(bd: Breakdown) -> str:
    """One row per element: scene, heading, category, name, confidence, method, where."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ELEMENT_COLUMNS)
    w.writerows(element_rows(bd))
    return buf.getvalue()


def to_xlsx(bd: Breakdown, path: Path, lang: str = "en") -> Path:
    """Breakdown sheets: a summary, then one sheet per scene, in the trade's colour code."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from imagia.core.provenance import atomic_write

    li = 1 if lang == "fr" else 0
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary" if li == 0 else "Synthèse"
    head = [
        "scene",
        "heading",
        "int_ext",
        "time_of_day",
        "eighths",
        *[LABELS[c][li] for c in CATEGORIES],
    ]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
    for col, cat in enumerate(CATEGORIES, start=6):
        ws.cell(row=1, column=col).fill = PatternFill("solid", fgColor=COLOURS[cat])
    for s in bd.scenes:
        ws.append(
            [
                s.scene,
                s.heading,
                s.int_ext,
                s.time_of_day,
                s.eighths,
                *[", ".join(s.names(c)) for c in CATEGORIES],
            ]
        )
    used: set[str] = set()
    for s in bd.scenes:
        name = re.sub(r"[\[\]:*?/\\]", "-", f"Sc {s.scene}")[:31]
        while name in used:
            name = (name[:28] + "+")[:31]
        used.add(name)
        sh = wb.create_sheet(name)
        sh.append([s.heading])
        sh["A1"].font = Font(bold=True, size=13)
        sh.append(
            [
                f"{s.int_ext or ''} {s.time_of_day or ''}".strip(),
                f"{s.eighths // 8} {s.eighths % 8}/8 p." if s.eighths >= 8 else f"{s.eighths}/8 p.",
            ]
        )
        sh.append([])
        sh.append(
            ["category", "element", "confidence", "method", "found as", "note", "count", "sentence"]
        )
        for c in sh[4]:
            c.font = Font(bold=True)
        for cat, items in s.by_category().items():
            for it in items:
                sh.append(
                    [
                        LABELS[cat][li],
                        it.name,
                        it.confidence,
                        it.method,
                        it.mentions[0].text if it.mentions else "",
                        it.note or "",
                        it.count,
                        (it.mentions[0].sentence or "") if it.mentions else "",
                    ]
                )
                fill = PatternFill("solid", fgColor=COLOURS[cat])
                sh.cell(row=sh.max_row, column=1).fill = fill
                sh.cell(row=sh.max_row, column=2).fill = fill
        sh.column_dimensions["A"].width = 22
        sh.column_dimensions["B"].width = 30
    buf = io.BytesIO()
    wb.save(buf)
    with atomic_write(path, "wb") as fh:
        fh.write(buf.getvalue())
    return path
