"""Script breakdown ("dépouillement"): per scene, the elements a breakdown sheet lists.

Categories (the trade's breakdown sheet): cast, extras (background), stunts, vehicles, animals,
props, wardrobe, makeup (make-up/hair), sfx (special effects), vfx, sound, music, equipment.

How elements are found, each with its method and a confidence:

- ``speaker`` (1.0): characters who speak in the scene;
- ``name`` (0.9): a known character named in the action (silent presence);
- ``intro`` (0.85): an upper-case introduction with an age, ``JOSEPH (80s)``, ``CAMILLE (19 ans)``;
- ``caps`` (0.5-0.85): other upper-case words in the action (writers capitalise props, sounds and
  vehicles), classified by the lexicons, as a sound when they read like a verb, else as a prop;
- ``lexicon`` (0.7): curated French/English lexicons (``lexicons.yaml``) matched in the action;
- ``lyrics`` (0.9): sung lines are music;
- ``ner`` (0.5) and ``object`` (0.55), with spaCy (optional, ``nlp=True``): people the NER finds
  and the direct objects of handling verbs (takes, holds, pours... / prend, tient, pose...).

The confidences are heuristics, measured on the annotated sample (see docs/script.md): the
lexicons miss what they do not list and catch some words used figuratively.

The user corrects the breakdown JSON; :func:`apply_corrections` carries those corrections to a
re-parsed draft for every scene whose text has not changed (same fingerprint).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile
from imagia.script.model import Scene, Screenplay, day_night, strip_accents

SCHEMA = "Breakdown.1"
CATEGORIES = (
    "cast",
    "extras",
    "stunts",
    "vehicles",
    "animals",
    "props",
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
    "animals": ("Animals", "Animaux"),
    "props": ("Props", "Accessoires"),
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
    "animals": "FFC0E0",
    "props": "B38FE6",
    "wardrobe": "8FB8E6",
    "makeup": "FFE680",
    "sfx": "5C8AE6",
    "vfx": "66D9D9",
    "sound": "C09060",
    "music": "D9A066",
    "equipment": "BFBFBF",
}
# lexicon lookup order (props last: the most generic)
_ORDER = (
    "extras",
    "stunts",
    "vehicles",
    "animals",
    "wardrobe",
    "makeup",
    "sfx",
    "vfx",
    "sound",
    "music",
    "equipment",
    "props",
)
_CAPS = re.compile(
    r"(?<![\w'’])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+(?:[ ][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+)*)"
    r"(?![\w'’])"
)
_AGE = re.compile(r"^\s*\((?P<age>\d{1,3})\s*(?:s\b|ans\b|years?\b|yo\b|,|\)|\s)", re.I)
_TOKEN = re.compile(r"\w+(?:-\w+)*")  # elisions split: d'accordéon -> d, accordéon
_BODY = {
    "hand",
    "hands",
    "head",
    "eye",
    "eyes",
    "arm",
    "arms",
    "face",
    "look",
    "breath",
    "time",
    "step",
    "turn",
    "main",
    "mains",
    "tête",
    "yeux",
    "bras",
    "visage",
    "regard",
    "it",
    "her",
    "him",
    "them",
    "place",
    "way",
    "seat",
    "moment",
    "thing",
    "chose",
    "œil",
    "oeil",
    "épaule",
    "épaules",
    "shoulder",
    "shoulders",
    "foot",
    "feet",
    "pied",
    "pieds",
    "lip",
    "lips",
    "lèvres",
    "finger",
    "doigt",
}
_STOP_CAPS = {
    "INT",
    "EXT",
    "CONTINUOUS",
    "O.S",
    "V.O",
    "CONT'D",
    "OFF",
    "OK",
    "TV",
    "POV",
    "FADE",
    "CUT",
    "THE",
    "END",
    "LE",
    "LA",
    "LES",
    "UN",
    "UNE",
    "A",
    "I",
}


@dataclass
class Mention:
    element: int  # index of the element in the scene
    text: str  # the words as written
    line: int | None = None


@dataclass
class Item:
    category: str
    name: str
    method: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    note: str | None = None  # e.g. "minor (8)"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.note is None:
            d.pop("note")
        return d


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


# ---------------------------------------------------------------- lexicons


@lru_cache(maxsize=4)
def lexicons(path: str | None = None) -> dict[str, dict[str, list[str]]]:
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = (resources.files("imagia.script") / "lexicons.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(text)
    return data


def _key(text: str) -> str:
    return strip_accents(text.lower().replace("’", "'"))


@lru_cache(maxsize=8)
def _phrase_index(path: str | None, lang: str | None) -> dict[tuple[str, ...], tuple[str, str]]:
    """Lexicon phrase (accent-free key tokens) -> (category, the entry as written), for the
    script's language only (both when the language is unknown)."""
    idx: dict[tuple[str, ...], tuple[str, str]] = {}
    lex = lexicons(path)
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    for lg in langs:
        for cat in _ORDER:
            for entry in lex.get(cat, {}).get(lg, []):
                idx.setdefault(tuple(_TOKEN.findall(_key(str(entry)))), (cat, str(entry)))
    return idx


def _words(lang: str | None, group: str, path: str | None = None) -> set[str]:
    lex = lexicons(path).get(group, {})
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    return {_key(str(w)) for lg in langs for w in lex.get(lg, [])}


def _singular(tok: str) -> list[str]:
    out = [tok]
    if len(tok) > 3 and tok.endswith("es"):
        out.append(tok[:-2])
    if len(tok) > 3 and tok[-1] in "sx":
        out.append(tok[:-1])
    return out


def _lookup(
    phrase: str, idx: dict[tuple[str, ...], tuple[str, str]], lang: str | None
) -> tuple[str, str] | None:
    """Category and lexicon form of a phrase, trying the whole phrase then its head word."""
    toks = _TOKEN.findall(_key(phrase))
    if not toks:
        return None
    variants = [(*toks[:-1], s) for s in _singular(toks[-1])]
    for v in variants:
        if v in idx:
            return idx[v]
    heads = [toks[-1], toks[0]] if lang != "fr" else [toks[0], toks[-1]]
    for h in heads:
        for s in _singular(h):
            if (s,) in idx:
                return idx[(s,)]
    return None


# ---------------------------------------------------------------- detection


def fingerprint(scene: Scene) -> str:
    h = hashlib.sha1(usedforsecurity=False)
    h.update(_key(scene.clean_heading).encode())
    for e in scene.elements:
        if e.kind in ("note", "page_break"):
            continue
        h.update(f"\x00{e.kind}\x00{' '.join(e.text.split())}".encode())
    return h.hexdigest()[:16]


class _Acc:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Item] = {}

    def add(
        self,
        cat: str,
        name: str,
        method: str,
        conf: float,
        mention: Mention,
        note: str | None = None,
    ) -> None:
        key = (cat, name)
        it = self.items.get(key)
        if it is None:
            self.items[key] = Item(cat, name, method, conf, [mention], note)
            return
        if conf > it.confidence:
            it.confidence, it.method = conf, method
        if note and not it.note:
            it.note = note
        if all((m.element, m.text) != (mention.element, mention.text) for m in it.mentions):
            it.mentions.append(mention)

    def has_name(self, name: str) -> bool:
        return any(n == name for (_, n) in self.items)


def _name_patterns(names: list[str]) -> list[tuple[str, re.Pattern[str]]]:
    pats = []
    for n in sorted(names, key=len, reverse=True):
        pats.append((n, re.compile(r"(?<![\w])" + re.escape(n) + r"(?![\w])", re.I)))
    return pats


def _scan_lexicon(
    text: str, idx: dict[tuple[str, ...], tuple[str, str]], maxlen: int
) -> list[tuple[str, str, str, int, int]]:
    """(category, lexicon entry, words as written, start, end) for each lexicon phrase."""
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    keys = [_key(t[0]) for t in toks]
    out = []
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(maxlen, len(toks) - i), 0, -1):
            span = keys[i : i + n]
            for last in _singular(span[-1]):
                cand = (*span[:-1], last)
                if cand in idx:
                    hit = (*idx[cand], n)
                    break
            if hit:
                break
        if hit:
            n = hit[2]
            words = " ".join(t[0] for t in toks[i : i + n])
            out.append((hit[0], hit[1], words, toks[i][1], toks[i + n - 1][2]))
            i += n
        else:
            i += 1
    return out


def _looks_like_sound(word: str, lang: str | None) -> bool:
    w = word.lower()
    if " " in w:
        return False
    if lang == "fr":
        return w.endswith(("ent", "it", "ine", "onne", "ille"))
    return w.endswith(("s", "ing", "ed")) and not w.endswith(("ss", "us"))


def break_down(
    sp: Screenplay, options: BreakdownOptions | None = None, progress: Any = None
) -> Breakdown:
    """The breakdown of every scene of ``sp``."""
    opts = options or BreakdownOptions()
    lang = sp.language
    lexpath = str(opts.lexicon) if opts.lexicon else None
    verb_ok = _words(lang, "verb_forms", lexpath)
    idx = _phrase_index(lexpath, lang)
    maxlen = max((len(k) for k in idx), default=1)
    persons = _words(lang, "person_words", lexpath)
    children = _words(lang, "children", lexpath)
    handling = _words(lang, "handling_verbs", lexpath)
    chars = [c.name for c in sp.characters()]
    char_set = set(chars)
    name_pats = _name_patterns(chars)
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
        acc = _Acc()
        for ei, e in enumerate(scene.elements):
            m0 = Mention(ei, e.text[:80], e.line)
            if e.kind == "character" and e.name:
                acc.add("cast", e.name, "speaker", 1.0, Mention(ei, e.text, e.line))
            elif e.kind == "lyrics" and (ei == 0 or scene.elements[ei - 1].kind != "lyrics"):
                acc.add("music", e.text.split("\n")[0].strip(" ,.;")[:60], "lyrics", 0.9, m0)
            if e.kind != "action":
                continue
            text = e.text
            masked = text
            doc = docs.get((k, ei))
            # known characters named in the action
            for name, pat in name_pats:
                for m in pat.finditer(masked):
                    # an upper-case title glued before the name: "SERGEANT OKAFOR"
                    title = re.search(r"(?:[A-ZÀ-ÖØ-Þ]{2,}\s+)+$", masked[: m.start()])
                    if title and m.group(0).isupper():
                        masked = (
                            masked[: title.start()]
                            + " " * (m.start() - title.start())
                            + masked[m.start() :]
                        )
                    age = _AGE.match(masked[m.end() :])
                    minor = f"minor ({age['age']})" if age and int(age["age"]) < 16 else None
                    acc.add("cast", name, "name", 0.9, Mention(ei, m.group(0), e.line), minor)
                    masked = masked[: m.start()] + " " * len(m.group(0)) + masked[m.end() :]
            # upper-case runs
            for m in _CAPS.finditer(masked):
                run = m.group(1).strip("-'’ ")
                if len(run) < 2 or run in _STOP_CAPS or run.upper() in char_set:
                    continue
                mention = Mention(ei, run, e.line)
                age = _AGE.match(masked[m.end() :])
                before = masked[max(0, m.start() - 12) : m.start()].lower()
                if age:
                    a = int(age["age"])
                    is_minor = a < 16 or any(w in _key(before).split() for w in children)
                    acc.add(
                        "cast",
                        run,
                        "intro",
                        0.85,
                        mention,
                        note=f"minor ({a})" if is_minor else None,
                    )
                    continue
                found = _lookup(run, idx, lang)
                if found:
                    acc.add(found[0], found[1], "caps", 0.85, mention)
                    continue
                if _key(run) in persons or _key(run).split()[-1] in persons:
                    acc.add("cast", run, "caps", 0.7, mention)
                elif _looks_like_sound(run, lang):
                    acc.add("sound", run.lower(), "caps", 0.6, mention)
                else:
                    acc.add("props", run.lower(), "caps", 0.5, mention)
            # lexicon phrases in the rest of the text
            for cat, form, words, start, end in _scan_lexicon(masked, idx, maxlen):
                if words.isupper() and len(words) > 1:
                    continue  # already seen as a capitalised run
                if doc is not None and _key(form) not in verb_ok:
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is not None and span.root.pos_ in ("VERB", "AUX", "ADJ"):
                        continue  # "she waves", "il la suit": not the noun of the lexicon
                acc.add(cat, form, "lexicon", 0.7, Mention(ei, words, e.line))
            if doc is not None:
                _nlp_items(doc, masked, ei, e.line, acc, idx, lang, handling, char_set)
        items = [it for it in acc.items.values() if it.confidence >= opts.min_confidence]
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


def _nlp_items(
    doc: Any,
    masked: str,
    ei: int,
    line: int | None,
    acc: _Acc,
    idx: dict[tuple[str, ...], tuple[str, str]],
    lang: str | None,
    handling: set[str],
    char_set: set[str],
) -> None:
    for ent in doc.ents:
        if not masked[ent.start_char : ent.end_char].strip():
            continue  # a known character, already counted
        if ent.label_ in ("PERSON", "PER") and ent.text[:1].isupper():
            name = ent.text.upper()
            if (
                name in char_set
                or acc.has_name(name)
                or ent.text.isupper()
                or any(name in c.split() for c in char_set)
            ):
                continue
            if _lookup(ent.text, idx, lang):
                continue
            acc.add("cast", name, "ner", 0.5, Mention(ei, ent.text, line))
    for tok in doc:
        if tok.dep_ not in ("dobj", "obj") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if _key(tok.head.lemma_) not in handling:
            continue
        lemma = tok.lemma_.lower()
        if lemma in _BODY or tok.text.isupper() or not masked[tok.idx : tok.idx + 1].strip():
            continue
        found = _lookup(tok.text, idx, lang)
        if found:
            continue  # the lexicon pass has it
        acc.add("props", lemma, "object", 0.55, Mention(ei, tok.text, line))


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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadFile(path, f"not a breakdown JSON file ({exc})") from None
    if not str(data.get("schema", "")).startswith("Breakdown."):
        raise BadFile(path, f"schema {data.get('schema')!r} is not Breakdown.N")
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
        sh.append(["category", "element", "confidence", "method", "found as", "note"])
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
