"""Continuity: contradictions across scenes, and against a series bible, each with both citations.

Two passes. Rules (no model) read what a script states in a fixed form: a character's age at
introduction ("NORA (30s", "HÉLÈNE (45 ans"), eye and hair colour, a death followed by lines
spoken later, one name spelled two ways; and compare them with the bible. The language model
then reads, per character, every line that mentions them and lists contradictions it finds; its
findings are kept only when both scenes it cites exist and mention the character, and they are
marked as the model's reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imagia.assist.passages import Passage, from_screenplay
from imagia.core.errors import BadFile
from imagia.script.model import Screenplay


@dataclass(frozen=True)
class Cite:
    scene: str  # scene number, or "bible"
    quote: str


@dataclass
class Contradiction:
    subject: str  # a character (or place)
    topic: str  # age, eyes, hair, death, name, model
    a: Cite
    b: Cite
    source: str  # "rules" or "model"
    en: str
    fr: str

    def key(self) -> tuple[str, str, frozenset[str]]:
        return (self.subject, self.topic, frozenset((self.a.scene, self.b.scene)))


@dataclass
class Bible:
    """What the series bible fixes: characters' ages, eyes, hair, status (alive/dead)."""

    characters: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: Path | None = None


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def read_bible(path: Path) -> Bible:
    """A YAML bible: ``characters: {NAME: {age: 34, eyes: green, hair: grey, dead: false}}``."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise BadFile(path, f"not a readable YAML bible ({type(e).__name__})") from None
    chars = data.get("characters") if isinstance(data, dict) else None
    if not isinstance(chars, dict) or not all(isinstance(v, dict) for v in chars.values()):
        raise BadFile(path, "expected 'characters:' mapping each NAME to its facts (age, eyes...)")
    for name, facts in chars.items():
        age = facts.get("age")
        if age is not None and (not isinstance(age, int) or not 0 <= age <= 130):
            raise BadFile(path, f"characters.{name}.age: expected a whole number of years")
    return Bible({str(k).upper(): v for k, v in chars.items()}, path)


# --- facts stated in a fixed form ------------------------------------------------------------

_INTRO = re.compile(
    r"(?P<name>[A-ZÀ-Ý][A-ZÀ-Ý'’.-]+(?: [A-ZÀ-Ý][A-ZÀ-Ý'’.-]+)?)\s*\((?P<body>[^)]*)\)"
)
_AGE = re.compile(r"^\s*(?P<n>\d{1,3})\s*(?P<s>s\b|ans\b|an\b|years?\b)?", re.I)
_COLOURS = {
    "blue": "blue",
    "bleus": "blue",
    "bleu": "blue",
    "green": "green",
    "verts": "green",
    "vert": "green",
    "brown": "brown",
    "marron": "brown",
    "bruns": "brown",
    "black": "black",
    "noirs": "black",
    "noir": "black",
    "grey": "grey",
    "gray": "grey",
    "gris": "grey",
    "blond": "blond",
    "blonds": "blond",
    "blonde": "blond",
    "red": "red",
    "roux": "red",
    "rousse": "red",
    "white": "white",
    "blancs": "white",
    "hazel": "hazel",
    "noisette": "hazel",
}
_WORD_FR = {"eyes": "yeux", "hair": "cheveux"}
_EYES = re.compile(r"\b(\w+)\s+eyes\b|\byeux\s+(\w+)", re.I)
_HAIR = re.compile(r"\b(\w+)\s+hair\b|\bcheveux\s+(\w+)", re.I)
_DEATH = re.compile(
    r"\b(dies|is dead|died|passes away|meurt|est mort|est morte|décède|rend son dernier souffle)\b",
    re.I,
)


def _is_flashback(p: Passage) -> bool:
    h = _fold(p.heading)
    return (
        "flashback" in h
        or "flash-back" in h
        or "souvenir" in h
        or bool(re.search(r"\b(19|20)\d\d\b", h))
    )


def _age(body: str) -> tuple[int, int] | None:
    """(low, high) years from '30s', '45 ans', '8'."""
    m = _AGE.match(body)
    if not m:
        return None
    n = int(m["n"])
    if m["s"] and m["s"].lower() == "s":
        return (n, n + 9)
    return (n, n)


def _colour(regex: re.Pattern[str], text: str) -> str | None:
    for m in regex.finditer(text):
        word = _fold(m.group(1) or m.group(2) or "")
        if word in _COLOURS:
            return _COLOURS[word]
    return None


_ARTICLES = {"le", "la", "les", "l'", "the", "un", "une", "a", "an"}


def _handle(name: str) -> str:
    """The word a name is mentioned by in action lines: NORA -> nora, LE PASSEUR -> passeur."""
    words = [w for w in _fold(name).split() if w not in _ARTICLES]
    return words[0] if words else _fold(name)


def _mentions(line: str, name: str) -> bool:
    return bool(re.search(rf"\b{re.escape(_handle(name))}\b", _fold(line)))


def _lines_about(p: Passage, name: str) -> list[str]:
    return [ln for ln in p.text.splitlines() if _mentions(ln, name)]


def rules(passages: Sequence[Passage], bible: Bible | None = None) -> list[Contradiction]:
    """Contradictions found without a model."""
    out: list[Contradiction] = []
    ages: dict[str, tuple[tuple[int, int], Cite]] = {}
    looks: dict[tuple[str, str], tuple[str, Cite]] = {}
    died: dict[str, Cite] = {}
    stated: list[tuple[str, tuple[int, int], Cite]] = []
    every: list[tuple[str, str, str, Cite]] = []
    names = sorted({c for p in passages for c in p.characters})
    for p in passages:
        flash = _is_flashback(p)
        for line in p.text.splitlines():
            if ":" in line.split(" ", 1)[0]:  # dialogue "NAME: ..." states no intro facts
                continue
            for m in _INTRO.finditer(line):
                name = m["name"].strip().upper()
                age = _age(m["body"])
                cite = Cite(p.number, line.strip()[:160])
                if age and not flash:
                    stated.append((name, age, cite))
                    if name in ages:
                        (lo, hi), first = ages[name]
                        if age[1] < lo or age[0] > hi:
                            out.append(_age_clash(name, first, cite))
                    else:
                        ages[name] = (age, cite)
                for topic, regex in (("eyes", _EYES), ("hair", _HAIR)):
                    colour = _colour(regex, m["body"])
                    if colour:
                        _look(out, looks, name, topic, colour, cite, every)
        for line in p.text.splitlines():
            speaker = line.split(":", 1)[0] if ":" in line else ""
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                named = [n for n in names if n != speaker and _mentions(sentence, n)]
                cite = Cite(p.number, line.strip()[:160])
                death = _DEATH.search(sentence)
                if death and not flash and not speaker:
                    # the one who dies is the last character named before the verb
                    before = _fold(sentence[: death.start()])
                    subject = [n for n in named if re.search(rf"\b{_handle(n)}\b", before)]
                    if subject:
                        died.setdefault(max(subject, key=lambda n: before.rfind(_handle(n))), cite)
                if len(named) != 1:
                    continue  # a look is credited only when one character is named
                for topic, regex in (("eyes", _EYES), ("hair", _HAIR)):
                    colour = _colour(regex, sentence)
                    if colour:
                        _look(out, looks, named[0], topic, colour, cite, every)
        for name in names:
            if name in died and died[name].scene != p.number and not flash:
                spoken = [ln for ln in p.text.splitlines() if ln.startswith(f"{name}:")]
                if spoken:
                    out.append(
                        Contradiction(
                            name,
                            "death",
                            died[name],
                            Cite(p.number, spoken[0][:160]),
                            "rules",
                            f"{name} dies in scene {died[name].scene} but speaks in scene "
                            f"{p.number}",
                            f"{name} meurt séquence {died[name].scene} mais parle séquence "
                            f"{p.number}",
                        )
                    )
                    del died[name]
    out += _spellings(passages)
    if bible:
        out += _against_bible(bible, stated, every)
    return _unique(out)


def _age_clash(name: str, a: Cite, b: Cite) -> Contradiction:
    return Contradiction(
        name,
        "age",
        a,
        b,
        "rules",
        f"{name}'s age differs between scenes {a.scene} and {b.scene}",
        f"l'âge de {name} diffère entre les séquences {a.scene} et {b.scene}",
    )


def _look(
    out: list[Contradiction],
    looks: dict[tuple[str, str], tuple[str, Cite]],
    name: str,
    topic: str,
    colour: str,
    cite: Cite,
    every: list[tuple[str, str, str, Cite]],
) -> None:
    key = (name, topic)
    every.append((name, topic, colour, cite))
    if key not in looks:
        looks[key] = (colour, cite)
        return
    first, where = looks[key]
    if first != colour and where.scene != cite.scene:
        word_fr = _WORD_FR[topic]
        out.append(
            Contradiction(
                name,
                topic,
                where,
                cite,
                "rules",
                f"{name}'s {topic}: {first} in scene {where.scene}, {colour} in scene {cite.scene}",
                f"{word_fr} de {name} : {first} séquence {where.scene}, {colour} séquence "
                f"{cite.scene}",
            )
        )


def _edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _spellings(passages: Sequence[Passage]) -> list[Contradiction]:
    """One character's cue spelled two ways (NORA / NORAH): the rarer spelling is flagged."""
    count: dict[str, int] = {}
    first: dict[str, Cite] = {}
    for p in passages:
        for c in p.characters:
            count[c] = count.get(c, 0) + 1
            first.setdefault(c, Cite(p.number, c))
    out = []
    for rare in count:
        for common in count:
            if (
                rare != common
                and count[rare] < count[common]
                and len(common) >= 4
                and _edits(_fold(rare), _fold(common)) == 1
                and not set(rare.split()) & set(common.split())
            ):
                out.append(
                    Contradiction(
                        common,
                        "name",
                        first[common],
                        first[rare],
                        "rules",
                        f"{rare} (scene {first[rare].scene}) looks like a misspelling of {common}",
                        f"{rare} (séquence {first[rare].scene}) ressemble à une faute pour "
                        f"{common}",
                    )
                )
    return out


def _against_bible(
    bible: Bible,
    stated: list[tuple[str, tuple[int, int], Cite]],
    every: list[tuple[str, str, str, Cite]],
) -> list[Contradiction]:
    out = []
    for name, facts in bible.characters.items():
        age = facts.get("age")
        for who, (lo, hi), cite in stated:
            if who == name and isinstance(age, int) and not lo <= age <= hi:
                out.append(
                    Contradiction(
                        name,
                        "age",
                        Cite("bible", f"age: {age}"),
                        cite,
                        "rules",
                        f"{name} is {age} in the bible, not so in scene {cite.scene}",
                        f"{name} a {age} ans dans la bible, pas dans la séquence {cite.scene}",
                    )
                )
        for topic in ("eyes", "hair"):
            want = _COLOURS.get(_fold(str(facts.get(topic, ""))))
            for who, what, got, cite in every:
                if want and (who, what) == (name, topic) and got != want:
                    out.append(
                        Contradiction(
                            name,
                            topic,
                            Cite("bible", f"{topic}: {facts[topic]}"),
                            cite,
                            "rules",
                            f"{name}'s {topic}: {want} in the bible, {got} in scene {cite.scene}",
                            f"{name}, {_WORD_FR[topic]} : {want} dans la bible, {got} séquence "
                            f"{cite.scene}",
                        )
                    )
    return out


def _unique(found: list[Contradiction]) -> list[Contradiction]:
    seen: set[tuple[str, str, frozenset[str]]] = set()
    out = []
    for c in found:
        if c.key() not in seen:
            seen.add(c.key())
            out.append(c)
    return out


# --- the model's reading ---------------------------------------------------------------------

SCHEMA = {
    "type": "object",
    "properties": {
        "contradictions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "first_scene": {"type": "string"},
                    "second_scene": {"type": "string"},
                    "what": {"type": "string"},
                },
                "required": ["first_scene", "second_scene", "what"],
            },
        }
    },
    "required": ["contradictions"],
}


def model_pass(
    passages: Sequence[Passage],
    engine: Any,
    lang: str = "en",
    progress: Callable[[float, str], None] | None = None,
) -> list[Contradiction]:
    """Per character, the lines that mention them, read by the language model."""
    from imagia.assist import prompts
    from imagia.core import llm

    prompt = prompts.load("continuity", lang)
    names = sorted({c for p in passages for c in p.characters})
    out: list[Contradiction] = []
    for k, name in enumerate(names):
        facts = [(p.number, line) for p in passages for line in _lines_about(p, name)]
        scenes = {n for n, _ in facts}
        if len(scenes) < 2:
            continue
        text = "\n".join(f"[{n}] {line}" for n, line in facts)[:3500]
        got = llm.complete_json(
            engine, prompt.messages(character=name, lines=text), SCHEMA, max_tokens=300
        )
        for item in got.get("contradictions", []) if isinstance(got, dict) else []:
            a, b = (
                str(item.get("first_scene", "")).strip("[] "),
                str(item.get("second_scene", "")).strip("[] "),
            )
            if a in scenes and b in scenes and a != b:
                qa = next(line for n, line in facts if n == a)
                qb = next(line for n, line in facts if n == b)
                what = str(item.get("what", ""))[:200]
                out.append(
                    Contradiction(
                        name,
                        "model",
                        Cite(a, qa[:160]),
                        Cite(b, qb[:160]),
                        "model",
                        f"(model's reading) {what}",
                        f"(lecture du modèle) {what}",
                    )
                )
        if progress:
            progress((k + 1) / len(names), f"read {name}")
    return _unique(out)


def check(
    sp: Screenplay,
    bible: Bible | None = None,
    engine: Any = None,
    lang: str = "en",
    progress: Callable[[float, str], None] | None = None,
) -> list[Contradiction]:
    """Rules, then the model's reading when an engine is given (its duplicates dropped)."""
    passages = from_screenplay(sp)
    found = rules(passages, bible)
    if engine is not None:
        ruled = {frozenset((c.a.scene, c.b.scene)) for c in found}
        found += [
            c
            for c in model_pass(passages, engine, lang, progress)
            if frozenset((c.a.scene, c.b.scene)) not in ruled
        ]
    return found
