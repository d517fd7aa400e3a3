"""Finding a scene's breakdown elements: the lexicons (words in families, French and English),
upper-case introductions and runs, known characters, unnamed people with their head counts, the
vehicle of a scene heading and, with spaCy, verbs told from nouns, compounds and the objects of
handling verbs. The context rules are in :mod:`imagia.script.context`; the categories and the
output model in :mod:`imagia.script.breakdown`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from imagia.script import context as ctx
from imagia.script import cues
from imagia.script.context import entries, sentence_at
from imagia.script.elements import Item, Mention
from imagia.script.model import Scene, Screenplay

_ORDER = (
    "extras",
    "stunts",
    "weapons",
    "vehicles",
    "animals",
    "wardrobe",
    "makeup",
    "sfx",
    "vfx",
    "sound",
    "music",
    "equipment",
    "set_dressing",
    "props",
)
# upper-case runs; a one-letter word inside ("STRANGER IN A RAINCOAT", "FUSIL À POMPE")
_CAPS = re.compile(
    r"(?<![\w'’])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9'’\-]+"
    r"(?:[ ](?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9'’\-]+|[AÀ](?=[ ][A-ZÀ-ÖØ-Þ]{2})))*)"
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
    # parts of a person or of the set, and words for acts: never a prop of their own
    *[
        "forehead",
        "cheek",
        "chin",
        "nose",
        "mouth",
        "neck",
        "back",
        "knee",
        "leg",
        "throat",
        "wrist",
        "brow",
        "temple",
        "chest",
        "jaw",
        "ear",
        "ears",
        "tongue",
        "teeth",
        "tooth",
        "hair",
        "fist",
        "palm",
        "name",
        "names",
        "number",
        "word",
        "words",
        "glance",
        "smile",
        "nod",
        "shrug",
        "call",
        "turn",
        "door",
        "doors",
        "window",
        "windows",
        "wall",
        "walls",
        "floor",
        "ceiling",
        "stairs",
        "room",
        "switch",
        "button",
        "handle",
        "lock",
        "light",
        "lights",
        "engine",
        "attention",
        "breath",
        "hold",
        "grip",
        "aim",
        "fire",
        "shot",
        "way",
        "front",
        "side",
        "end",
        "top",
        "bottom",
        "edge",
        "half",
        "rest",
        "lot",
        "kind",
        "sort",
        "piece",
        "pieces",
    ],
    *[
        "front",
        "joue",
        "menton",
        "nez",
        "bouche",
        "cou",
        "dos",
        "genou",
        "jambe",
        "gorge",
        "poignet",
        "ventre",
        "oreille",
        "langue",
        "dents",
        "cheveux",
        "poing",
        "paume",
        "nom",
        "mot",
        "mots",
        "coup",
        "porte",
        "portes",
        "fenêtre",
        "fenêtres",
        "mur",
        "murs",
        "sol",
        "plafond",
        "escalier",
        "pièce",
        "bouton",
        "poignée",
        "serrure",
        "lumière",
        "lumières",
        "moteur",
        "souffle",
        "parole",
        "place",
        "reste",
        "bout",
        "côté",
        "fond",
        "haut",
        "bas",
        "moitié",
        "sorte",
        "genre",
    ],
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


@lru_cache(maxsize=4)
def lexicons(path: str | None = None) -> dict[str, dict[str, Any]]:
    """The lexicons: category -> language -> entries (a list, or families of lists)."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = (resources.files("imagia.script") / "lexicons.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


_key = ctx.key


@lru_cache(maxsize=8)
def _phrase_index(path: str | None, lang: str | None) -> dict[tuple[str, ...], tuple[str, str]]:
    """Lexicon phrase (accent-free key tokens) -> (category, the entry as written), for the
    script's language only (both when the language is unknown)."""
    idx: dict[tuple[str, ...], tuple[str, str]] = {}
    lex = lexicons(path)
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    for lg in langs:
        for cat in _ORDER:
            for entry in entries(lex.get(cat, {}).get(lg, [])):
                idx.setdefault(tuple(_TOKEN.findall(_key(entry))), (cat, entry))
    return idx


def _words(lang: str | None, group: str, path: str | None = None) -> set[str]:
    lex = lexicons(path).get(group, {})
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    return {_key(w) for lg in langs for w in entries(lex.get(lg, []))}


def _numbers(lang: str | None, path: str | None = None) -> dict[str, int]:
    lex: dict[str, Any] = lexicons(path).get("numbers", {})
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    return {_key(str(k)): int(v) for lg in langs for k, v in (lex.get(lg) or {}).items()}


def _singular(tok: str) -> list[str]:
    out = [tok]
    if len(tok) > 4 and tok.endswith("aux"):  # chevaux -> cheval
        out.append(tok[:-3] + "al")
    if len(tok) > 4 and tok.endswith("ves"):  # wolves -> wolf, knives -> knife
        out += [tok[:-3] + "f", tok[:-3] + "fe"]
    if len(tok) > 4 and tok.endswith("ies"):  # batteries -> battery
        out.append(tok[:-3] + "y")
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
        count: int | None = None,
    ) -> None:
        key = (cat, name)
        it = self.items.get(key)
        if it is None:
            self.items[key] = Item(cat, name, method, conf, [mention], note, count)
            return
        if conf > it.confidence:
            it.confidence, it.method = conf, method
        if note and not it.note:
            it.note = note
        if count is not None:
            it.count = max(count, it.count or 0)
        if all((m.element, m.text) != (mention.element, mention.text) for m in it.mentions):
            it.mentions.append(mention)

    def has_name(self, name: str) -> bool:
        return any(n == name for (_, n) in self.items)


def name_patterns(
    names: list[str], first_names: dict[str, str] | None = None
) -> list[tuple[str, re.Pattern[str]]]:
    """Patterns of the characters' names in the action; ``first_names``: a first name alone
    for a character introduced with a full name ("Pascal" for PASCAL LEBRUN (45 ans))."""
    pats = []
    for first, full in (first_names or {}).items():
        pats.append(
            (
                full,
                re.compile(
                    r"(?<![\w])(?:"
                    + re.escape(first.title())
                    + "|"
                    + re.escape(first)
                    + r")(?![\w])"
                ),
            )
        )
    for n in sorted(names, key=len, reverse=True):
        pats.append((n, re.compile(r"(?<![\w])" + re.escape(n) + r"(?![\w])", re.I)))
        short = ctx.short_name_pattern(n)
        if short is not None:  # "the stranger" for STRANGER IN A RAINCOAT
            pats.append((n, short))
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


_DETERMINER = re.compile(
    r"(?:\b(?:a|an|the|his|her|their|two|three|four|un|une|le|la|les|des|deux|trois|son|sa|"
    r"ses)|['’]s)\s+$",
    re.I,
)


@dataclass
class Rules:
    """What the detection needs from the lexicons, for one script."""

    lang: str | None
    idx: dict[tuple[str, ...], tuple[str, str]]
    maxlen: int
    verb_ok: set[str]
    persons: set[str]
    children: set[str]
    handling: set[str]
    handled_forms: set[str]
    animals: set[str]
    pronouns: set[str]
    numbers: dict[str, int]
    char_set: set[str]
    char_words: set[str]
    weather: set[str]
    tails: dict[str, tuple[str, str]]
    learned: dict[str, tuple[str, str]]
    first_names: dict[str, str]

    @classmethod
    def make(cls, sp: Screenplay, lexpath: str | None) -> Rules:
        rules = cls._make(sp, lexpath)
        rules.learned = _learned(sp, rules)
        return rules

    @classmethod
    def _make(cls, sp: Screenplay, lexpath: str | None) -> Rules:
        lang = sp.language
        idx = _phrase_index(lexpath, lang)
        handling = _words(lang, "handling_verbs", lexpath)
        chars = {c.name for c in sp.characters()} | _introduced(sp)
        return cls(
            lang=lang,
            idx=idx,
            maxlen=max((len(k) for k in idx), default=1),
            verb_ok=_words(lang, "verb_forms", lexpath),
            persons=_words(lang, "person_words", lexpath),
            children=_words(lang, "children", lexpath),
            handling=handling,
            handled_forms={
                f for v in _words(lang, "carry_verbs", lexpath) for f in ctx.inflections(v, lang)
            },
            animals=_words(lang, "animals", lexpath),
            pronouns=_words(lang, "subject_pronouns", lexpath),
            numbers=_numbers(lang, lexpath),
            char_set=chars,
            char_words={w for c in chars for w in c.split() if len(w) > 2},
            weather=_words(lang, "sfx", lexpath),
            tails={k[0]: v for k, v in idx.items() if len(k) == 1 and len(k[0]) >= 5},
            learned={},
            first_names=_first_names(sp, _words(lang, "person_words", lexpath)),
        )


def _learned(sp: Screenplay, r: Rules) -> dict[str, tuple[str, str]]:
    """Names of vehicles and weapons no lexicon lists, learned where the script first shows
    what they are (a moving scene's place, the object of a driving or a weapon verb), so that
    "Kat's Hilux" in a later scene is the TOYOTA HILUX of INT. TOYOTA HILUX - MOVING."""
    out: dict[str, tuple[str, str]] = {}

    def learn(cat: str, name: str) -> None:
        for w in _TOKEN.findall(_key(name)):
            if len(w) > 2 and not w.isdigit() and _lookup(w, r.idx, r.lang) is None:
                out.setdefault(w, (cat, name))

    ignore = r.persons | r.pronouns | r.animals | _BODY | {w.lower() for w in r.char_words}
    for scene in sp.scenes:
        moving = moving_vehicle(scene, r)
        if moving:
            learn("vehicles", moving)
        for e in scene.elements:
            if e.kind == "action":
                known = lambda w: _lookup(w, r.idx, r.lang) is not None  # noqa: E731
                for cat, name, _, _ in cues.verb_objects(e.text, r.lang, known, ignore):
                    learn(cat, name)
    return {w: v for w, v in out.items() if w not in r.char_words and w.upper() not in r.char_set}


def _first_names(sp: Screenplay, persons: set[str]) -> dict[str, str]:
    """First name -> full name of the characters introduced with a full name and an age who
    never speak under the first name alone (PASCAL LEBRUN (45 ans) -> "PASCAL")."""
    speakers = {c.name for c in sp.characters()}
    words = [w for n in speakers | _introduced(sp) for w in n.split()]
    out = {}
    for name in _introduced(sp):
        first = name.split()[0]
        if (
            len(name.split()) > 1
            and first.isalpha()
            and len(first) > 2
            and _key(first) not in persons
            and words.count(first) == 1
            and first not in speakers
        ):
            out[first] = name
    return out


def _introduced(sp: Screenplay) -> set[str]:
    """Silent characters introduced in capitals with an age (``NINA (19 ans)``), so their
    name in later scenes, in any case, is cast too; not a speaker's longer form (``SERGEANT
    OKAFOR`` when OKAFOR speaks)."""
    speakers = {c.name for c in sp.characters()}
    words = {w for n in speakers for w in n.split()}
    out = set()
    for e in sp.all_elements():
        if e.kind != "action":
            continue
        for m in _CAPS.finditer(e.text):
            run = m.group(1).strip("-'’ ")
            if run in _STOP_CAPS or not _AGE.match(e.text[m.end() :]) or run in speakers:
                continue
            if not words & set(run.split()):
                out.add(run)
    return out


def _people(acc: _Acc, r: Rules, masked: str, text: str, ei: int, line: int | None) -> None:
    """Unnamed people in lower case with an article or a number ("a motorcycle cop", "deux
    policiers"): background (extras), with their head count."""
    seen = {m.text.lower() for it in acc.items.values() for m in it.mentions}
    for m in _TOKEN.finditer(masked):
        word = m.group(0)
        k = _key(word)
        if not word.islower() or not {k, k[:-1] if k[-1:] in "sx" else k} & r.persons:
            continue
        if (k,) in r.idx or word in seen:
            continue
        after = _TOKEN.match(masked[m.end() :].lstrip())
        if after and any(
            r.idx.get((w,), ("",))[0] in _OBJECTS for w in _singular(_key(after.group(0)))
        ):
            continue  # "a pirate hat", "a police car": a modifier of a listed thing
        before = masked[max(0, m.start() - 40) : m.start()]
        count = ctx.head_count(masked, m.start(), r.numbers)
        article = _INDEFINITE.search(before)
        bare = (
            r.lang != "fr"
            and k.endswith("s")
            and (k[:-1] in r.persons or k in r.persons)
            and not _DEFINITE_BEFORE.search(before)
        )  # "Customs officers walk the line": new people, with no article in English
        if (not article and count is None and not bare) or (
            article and _NOT_NEW.search(before[: article.start()])
        ):
            continue  # "a photograph of a little girl", "les deux hommes": not new people
        mention = _mention(ei, word, line, text, m.start())
        acc.add("extras", k, "person", 0.6, mention, count=count if count != 1 else None)


_OBJECTS = ("props", "wardrobe", "vehicles", "weapons", "set_dressing", "animals")
_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|his|her|their|its|our|my|your|these|those|both|all|of|with|by|to|and|for)"
    r"\s+(?:[\w-]+\s+)?$",
    re.I,
)
_NOT_NEW = re.compile(r"\b(?:of|de|d['’]|the|les)\s*$", re.I)
_INDEFINITE = re.compile(
    r"\b(?:a|an|some|two|three|four|five|six|un|une|des|deux|trois|quatre|cinq|six|\d+)"
    r"(?:\s+[\w-]+)?\s+$",
    re.I,
)


def _heading_vehicles(acc: _Acc, r: Rules, scene: Scene) -> None:
    """A vehicle the scene takes place in: INT. MINIBUS - MOVING, INT. VOITURE DE POLICE."""
    for place in (scene.location, scene.sub_location):
        toks = _TOKEN.findall(_key(place or ""))
        for cat, form, words, _, _ in _scan_lexicon(place or "", r.idx, r.maxlen):
            head = _TOKEN.findall(_key(words))
            # the vehicle is what the place is: INT. MINIBUS, not EXT. CAR PARK
            if (
                cat == "vehicles"
                and head
                and head[0 if r.lang == "fr" else -1]
                in (
                    toks[0] if r.lang == "fr" else toks[-1],
                    *_singular(toks[0] if r.lang == "fr" else toks[-1]),
                )
            ):
                mention = Mention(-1, words, None, scene.clean_heading)
                acc.add(cat, form, "heading", 0.8, mention)
    moving = moving_vehicle(scene, r)
    if moving and not any(it.method == "heading" for it in acc.items.values()):
        mention = Mention(-1, scene.location, None, scene.clean_heading)
        acc.add("vehicles", moving, "heading", 0.75, mention)


_MOVING = re.compile(
    r"\b(?:MOVING|TRAVELLING|TRAVELING|DRIVING|EN MOUVEMENT|EN ROUTE|ROULANTE?|EN MARCHE)\b"
)


def moving_vehicle(scene: Scene, r: Rules) -> str | None:
    """INT. TOYOTA HILUX - MOVING: a place said to be moving is a vehicle, named by the place
    when a vehicle word is in it (a brand, a model) or nothing in it is listed."""
    if not _MOVING.search(scene.clean_heading.upper()) or not scene.location:
        return None
    found = _scan_lexicon(scene.location, r.idx, r.maxlen)
    if found and all(cat != "vehicles" for cat, *_ in found):
        return None  # INT. KITCHEN - ... (a boat's kitchen): not the vehicle itself
    return " ".join(scene.location.lower().split())


def _mention(ei: int, text: str, line: int | None, source: str, start: int) -> Mention:
    return Mention(ei, text, line, sentence_at(source, start))


def _describe(
    acc: _Acc, r: Rules, desc: str, ei: int, line: int | None, source: str, start: int
) -> None:
    """Wardrobe, props... in a character's description ("EN MANTEAU DE FOURRURE")."""
    for cat, form, words, _, _ in _scan_lexicon(desc, r.idx, r.maxlen):
        if cat not in ("extras", "stunts", "sound", "music"):
            acc.add(cat, form, "description", 0.75, _mention(ei, words, line, source, start))


def _caps_runs(
    acc: _Acc, r: Rules, masked: str, text: str, ei: int, line: int | None, after_name: set[int]
) -> None:
    """Upper-case runs: introductions (age, descriptions), then lexicon words, then guesses."""
    for m in _CAPS.finditer(masked):
        run = m.group(1).strip("-'’ ")
        if len(run) < 2 or run in _STOP_CAPS or run.upper() in r.char_set:
            continue
        if m.start() in after_name:  # a surname after a known first name: ELSPETH GRAY
            continue
        mention = _mention(ei, run, line, text, m.start())
        age = _AGE.match(masked[m.end() :])
        before = masked[max(0, m.start() - 12) : m.start()].lower()
        if age:
            a = int(age["age"])
            is_minor = a < 16 or any(w in _key(before).split() for w in r.children)
            acc.add("cast", run, "intro", 0.85, mention, note=f"minor ({a})" if is_minor else None)
            _describe(acc, r, masked[m.end() : m.end() + age.end()], ei, line, text, m.start())
            continue
        exact = _TOKEN.findall(_key(run))
        listed = any(
            r.idx.get((*exact[:-1], w), ("extras",))[0] != "extras" or w != exact[-1]
            for w in _singular(exact[-1])
            if (*exact[:-1], w) in r.idx
        )  # PASSENGERS, BERGER ALLEMAND: listed background or animal; A SECURITY GUARD: cast
        described = None if listed else ctx.describe_run(run, r.persons, r.numbers, r.lang)
        if described:
            name, count, _ = described
            if count is None and name.split()[-1].endswith("S"):  # "Two CUSTOMS OFFICERS"
                before_count = ctx.head_count(masked, m.start(), r.numbers)
                count = before_count if before_count != 1 else None
            acc.add("cast", name, "intro", 0.8, mention, count=count)
            _describe(acc, r, run.lower(), ei, line, text, m.start())  # FORKLIFT DRIVER
            continue
        found = _lookup(run, r.idx, r.lang)
        if found:
            count = None
            if found[0] == "extras":
                count = ctx.head_count(masked, m.start(), r.numbers)
            acc.add(found[0], found[1], "caps", 0.85, mention, count=count)
            continue
        noun = _DETERMINER.search(masked[: m.start()]) is not None
        counted = ctx.head_count(masked, m.start(), r.numbers)
        last = _key(run).split()[-1]
        if counted and counted > 1 and last.endswith(_PEOPLE_SUFFIX.get(r.lang or "en", ())):
            acc.add("cast", run, "intro", 0.7, mention, count=counted)  # deux DÉMÉNAGEURS
        elif _key(run) in r.persons or _key(run).split()[-1] in r.persons:
            acc.add("cast", run, "caps", 0.7, mention)
        elif not noun and _looks_like_sound(run, r.lang):
            acc.add("sound", run.lower(), "caps", 0.6, mention)
        else:
            acc.add("props", run.lower(), "caps", 0.5, mention)


_PEOPLE_SUFFIX = {
    "en": ("ists", "ians", "men", "ers"),
    "fr": ("eurs", "euses", "istes", "iens", "iennes", "iers", "ières"),
}


def _lexicon_items(
    acc: _Acc, r: Rules, masked: str, text: str, ei: int, line: int | None, doc: Any
) -> None:
    """Lexicon phrases in lower case, with the context rules."""
    for cat, form, words, start, end in _scan_lexicon(masked, r.idx, r.maxlen):
        if words.isupper() and len(words) > 1:
            continue  # already seen as a capitalised run
        name, conf, count = form, 0.7, None
        if doc is not None:
            span = doc.char_span(start, end, alignment_mode="expand")
            described = _in_parentheses(masked, start)
            verb = span is not None and " " not in form and _not_a_noun(span, masked[:start])
            if verb and not described and _key(form) not in r.verb_ok:
                continue  # "she waves", "il la suit", "tablier bleu": not the lexicon's noun
            if span is not None and " " not in form and cat != "cast" and _modifier(span, r):
                continue  # "glass counter", "steam train": a modifier of another noun
            if span is not None and cat not in ("stunts", "sound", "sfx", "cast"):
                name = _compound(span, form, r.lang, r.char_words)
        if cat == "stunts":
            who = ctx.subject_kind(
                masked, start, r.animals, r.persons | r.pronouns, r.char_set, r.weather
            )
            if who in ("animal", "weather"):
                continue  # a cat that jumps, a wave that crashes: not a stunt
        elif cat == "extras":
            plural = _key(words) != _key(form) and _key(words).endswith(("s", "x"))
            if doc is not None and span is not None and span.root.dep_ == "compound" and not plural:
                continue  # "the passenger seat": a modifier, not people
            count = ctx.head_count(masked, start, r.numbers)
            count = None if count == 1 else count  # "a crowd of": no head count
        elif cat == "set_dressing" and ctx.handled(masked, start, r.handled_forms):
            cat, conf = "props", 0.65  # handled: a prop, not set dressing
        mention = _mention(ei, words, line, text, start)
        acc.add(cat, name, "lexicon", conf, mention, count=count)


_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|his|her|its|their|my|your|our|this|that|some|un|une|le|la|les|des|du|de"
    r"|son|sa|ses|leur|leurs|ce|cette|ces|mon|ma|mes|\d+)\s+|\b[ld]['’]\s*)(?:[\w-]+\s+)?$",
    re.I,
)


def _in_parentheses(text: str, start: int) -> bool:
    """Whether ``start`` is inside a parenthesis: a character's description, all nouns."""
    return text.rfind("(", 0, start) > text.rfind(")", 0, start)


def _modifier(span: Any, r: Rules) -> bool:
    """A noun qualifying the next one, itself an element ("the glass counter", "a steam
    train"); not before a word the lexicons read as an action ("the kettle whistles", which
    the small models often parse as a compound)."""
    root = span.root
    nxt = root.doc[span.end] if span.end < len(root.doc) else None
    if nxt is None or root.dep_ != "compound" or root.head.i != nxt.i or nxt.is_upper:
        return False
    found = next((r.idx[(w,)] for w in _singular(_key(nxt.text)) if (w,) in r.idx), None)
    return found is not None and found[0] not in ("sound", "stunts", "sfx", "music")


def _not_a_noun(span: Any, before: str) -> bool:
    """Whether spaCy reads a lexicon word as a verb ("she waves") or an adjective after a noun
    ("tablier bleu"), unless an article comes just before it (small models often tag a noun
    of an action line as an adjective or a verb: "un vieux tracteur", "a siren wails")."""
    if _NOUN_BEFORE.search(before):
        return False
    root = span.root
    if root.pos_ in ("VERB", "AUX"):
        return True
    prev = root.doc[span.start - 1] if span.start > 0 else None
    return root.pos_ == "ADJ" and prev is not None and prev.pos_ in ("NOUN", "PROPN")


def _compound(span: Any, form: str, lang: str | None, names: set[str]) -> str:
    """The noun phrase around a lexicon head: English compounds before it ("pump-action
    shotgun"), French complements after it ("fusil de chasse", "lampe à pétrole")."""
    root = span.root
    doc = root.doc
    if lang == "fr":
        end = span.end
        if end + 1 < len(doc) and doc[end].lower_ in ("de", "à", "en"):
            nxt = doc[end + 1]
            if nxt.pos_ == "NOUN" and nxt.head.i in range(span.start, span.end) and nxt.is_lower:
                return f"{form} {doc[end].lower_} {nxt.text.lower()}"
        return form
    start = span.start
    while start > 0 and (doc[start - 1].dep_ == "compound" or doc[start - 1].text == "-"):
        if doc[start - 1].head.i < start:
            break
        if doc[start - 1].text.upper() in names or doc[start - 1].is_upper:
            break
        start -= 1
    if start == span.start:
        return form
    words = " ".join(t.text for t in doc[start : span.start]).replace(" - ", "-")
    return f"{words.lower()} {form}"


def _names(
    acc: _Acc,
    r: Rules,
    name_pats: list[tuple[str, re.Pattern[str]]],
    text: str,
    ei: int,
    line: int | None,
) -> str:
    """Known characters named in the action, as cast; returns the text with them masked (a
    name's last character as NUL, so a surname glued after it can be told)."""
    masked = text
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
            mention = _mention(ei, m.group(0), line, text, m.start())
            acc.add("cast", name, "name", 0.9, mention, minor)
            if m.group(0).isupper() and " " in name:  # HOMME EN COSTUME, FORKLIFT DRIVER
                _describe(acc, r, name.lower(), ei, line, text, m.start())
            masked = masked[: m.start()] + " " * (len(m.group(0)) - 1) + "\x00" + masked[m.end() :]
    return masked


def _nlp_items(doc: Any, masked: str, ei: int, line: int | None, acc: _Acc, r: Rules) -> None:
    for ent in doc.ents:
        if not masked[ent.start_char : ent.end_char].strip():
            continue  # a known character, already counted
        if len(ent) == 1 and ent.start == ent.sent.start:
            continue  # "Flour everywhere.": a capital of a sentence, not a name
        if ent.label_ in ("PERSON", "PER") and ent.text[:1].isupper():
            name = ent.text.upper()
            if (
                name in r.char_set
                or acc.has_name(name)
                or ent.text.isupper()
                or any(name in c.split() for c in r.char_set)
            ):
                continue
            if _lookup(ent.text, r.idx, r.lang) or acc.has_name(ent.text.lower()):
                continue
            mention = _mention(ei, ent.text, line, doc.text, ent.start_char)
            acc.add("cast", name, "ner", 0.5, mention)
    for tok in doc:
        if tok.dep_ not in ("dobj", "obj") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if _key(tok.head.lemma_) not in r.handling:
            continue
        lemma = tok.lemma_.lower()
        if lemma in _BODY or tok.text.isupper() or not masked[tok.idx : tok.idx + 1].strip():
            continue
        if _key(lemma) in r.numbers or _key(tok.text) in r.numbers:
            continue  # "une vingtaine de voisins": a count, not an object
        found = _lookup(tok.text, r.idx, r.lang)
        if found or acc.has_name(tok.text.lower()) or acc.has_name(lemma):
            continue  # the lexicon or the context pass has it
        acc.add("props", lemma, "object", 0.55, _mention(ei, tok.text, line, doc.text, tok.idx))


def _cue_items(
    acc: _Acc, r: Rules, masked: str, text: str, ei: int, line: int | None, doc: Any
) -> None:
    """What the lexicons do not list, found by its context (:mod:`imagia.script.cues`)."""

    def known(words: str) -> bool:
        return _lookup(words, r.idx, r.lang) is not None

    def category_of(word: str) -> str | None:
        found = _lookup(word, r.idx, r.lang)
        return found[0] if found else None

    ignore = r.persons | r.pronouns | r.animals | _BODY | {w.lower() for w in r.char_words}
    for cat, name, words, start in cues.verb_objects(masked, r.lang, known, ignore):
        for k, it in list(acc.items.items()):  # a capitalised word guessed as a prop or a sound
            if it.method == "caps" and _key(it.name) in _key(name).split():
                del acc.items[k]
        acc.add(cat, name, "context", 0.6, _mention(ei, words, line, text, start))
    for m in _TOKEN.finditer(masked):
        hit = r.learned.get(_key(m.group(0)))
        if hit and not any(it.name == hit[1] for it in acc.items.values()):
            acc.add(hit[0], hit[1], "context", 0.6, _mention(ei, m.group(0), line, text, m.start()))
    for cat, name, words, start in cues.counted(masked, r.lang, category_of, r.numbers):
        count = ctx.head_count(masked, start, r.numbers)
        acc.add(cat, name, "crowd", 0.55, _mention(ei, words, line, text, start), count=count)
    for cat, name, words, start in cues.crowds(masked, r.lang, category_of, r.persons):
        count = ctx.head_count(masked, start, r.numbers)
        mention = _mention(ei, words, line, text, start)
        acc.add(cat, name, "crowd", 0.55, mention, count=count if count != 1 else None)
    if r.lang == "fr":
        return
    nouns = []
    for m in _TOKEN.finditer(masked):
        word = m.group(0)
        if not word.islower() or len(word) < 8 or known(word) or _key(word) in r.persons:
            continue
        if doc is not None:
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or span.root.pos_ != "NOUN":
                continue
        elif not _NOUN_BEFORE.search(masked[: m.start()]):
            continue
        nouns.append((word, m.start()))
    for cat, name, words, start in cues.compounds(nouns, r.tails):
        acc.add(cat, name, "compound", 0.6, _mention(ei, words, line, text, start))


def scene_items(
    scene: Scene,
    k: int,
    rules: Rules,
    name_pats: list[tuple[str, re.Pattern[str]]],
    docs: dict[tuple[int, int], Any],
) -> list[Item]:
    """The elements of ``scene`` (the ``k``-th; ``docs``: spaCy parses by (scene, element))."""
    acc = _Acc()
    _heading_vehicles(acc, rules, scene)
    for ei, e in enumerate(scene.elements):
        m0 = Mention(ei, e.text[:80], e.line)
        if e.kind == "character" and e.name:
            acc.add("cast", e.name, "speaker", 1.0, Mention(ei, e.text, e.line))
        elif e.kind == "lyrics" and (ei == 0 or scene.elements[ei - 1].kind != "lyrics"):
            acc.add("music", e.text.split("\n")[0].strip(" ,.;")[:60], "lyrics", 0.9, m0)
        if e.kind != "action":
            continue
        doc = docs.get((k, ei))
        masked = _names(acc, rules, name_pats, e.text, ei, e.line)
        after = {
            i
            for i in range(1, len(masked))
            if masked[i - 1] == " " and i >= 2 and masked[i - 2] == "\x00"
        }
        masked = masked.replace("\x00", " ")
        _caps_runs(acc, rules, masked, e.text, ei, e.line, after)
        _lexicon_items(acc, rules, masked, e.text, ei, e.line, doc)
        _people(acc, rules, masked, e.text, ei, e.line)
        _cue_items(acc, rules, masked, e.text, ei, e.line, doc)
        if doc is not None:
            _nlp_items(doc, masked, ei, e.line, acc, rules)
    return list(acc.items.values())
