"""The screenplay model every format reads into and writes from (schema ``Screenplay.1``).

A screenplay is a title page, a preamble (what comes before the first scene heading) and
scenes; a scene is its heading (parsed into number, INT/EXT, location, sub-location and time of
day) and its elements in order. Elements are flat, like Final Draft's paragraphs: a speech is a
``character`` cue followed by ``parenthetical``/``dialogue``/``lyrics`` elements.

Page length is counted the way breakdown sheets count it: each scene is laid out on a standard
page (action 61 characters wide, dialogue 35, parentheticals 26, a blank line between blocks,
55 lines a page) and its length is given in eighths of a page (at least 1/8). The same count is
used whatever the source format, so a Fountain draft and its PDF give the same eighths.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "Screenplay.1"
LINES_PER_PAGE = 55
KINDS = (
    "action",
    "character",
    "parenthetical",
    "dialogue",
    "lyrics",
    "transition",
    "centered",
    "note",
    "section",
    "synopsis",
    "page_break",
)
SPEECH_KINDS = ("parenthetical", "dialogue", "lyrics")
_WIDTH = {
    "action": 61,
    "dialogue": 35,
    "lyrics": 35,
    "parenthetical": 26,
    "centered": 61,
    "transition": 61,
    "character": 61,
}

# Scene heading prefixes, English and French (longest first).
_PREFIX = re.compile(
    r"^(?P<p>INT(?:\.|ÉRIEUR|ERIEUR)?\s*[./-]\s*EXT(?:\.|ÉRIEUR|ERIEUR)?|"
    r"EXT(?:\.|ÉRIEUR|ERIEUR)?\s*[./-]\s*INT(?:\.|ÉRIEUR|ERIEUR)?|I\s*/\s*E\.?|E\s*/\s*I\.?|"
    r"INTÉRIEUR|INTERIEUR|EXTÉRIEUR|EXTERIEUR|INT\.?|EXT\.?|EST\.?)(?=[\s.:/-]|$)\s*[.:/-]?\s*",
    re.IGNORECASE,
)
# The patterns below are read on every line of user files: none may backtrack over a run of
# spaces more than once (``\s*[.)]?\s+`` is written ``(?:\s*[.)]\s+|\s+)``, and a search
# starts a run of spaces only at its first one, ``(?<!\s)\s+``), so they stay linear.
HEADING_START = re.compile(
    r"^\s*(?:\d+[A-Z]?(?:\s*[.)-]\s+|\s+))?(?:INT|EXT|EST|I\s*/\s*E|E\s*/\s*I|INTÉRIEUR|"
    r"INTERIEUR|EXTÉRIEUR|EXTERIEUR)(?:\.|\s|/|-|$)",
    re.IGNORECASE,
)
_LEAD_NUMBER = re.compile(r"^\s*(?P<n>\d+[A-Z]{0,2})(?:\s*[.)]\s+|\s+)(?=\S)")
_FOUNTAIN_NUMBER = re.compile(r"(?:(?<!\s)\s+)?#(?P<n>[\w.-]+)#\s*$")
_TRAIL_NUMBER = re.compile(r"(?<!\s)\s+(?P<n>\d+[A-Z]{0,2})\s*\.?$")

# Times of day as written (upper case, accents kept); longest first.
TIMES_OF_DAY = (
    "MOMENTS LATER",
    "A FEW MINUTES LATER",
    "SAME TIME",
    "LATE NIGHT",
    "CONTINUOUS",
    "LATER",
    "SAME",
    "DAY",
    "NIGHT",
    "DUSK",
    "DAWN",
    "MORNING",
    "EVENING",
    "AFTERNOON",
    "SUNSET",
    "SUNRISE",
    "NOON",
    "MIDNIGHT",
    "MAGIC HOUR",
    "PLUS TARD",
    "UN PEU PLUS TARD",
    "FIN DE JOURNÉE",
    "FIN DE JOURNEE",
    "DÉBUT DE SOIRÉE",
    "APRÈS-MIDI",
    "APRES-MIDI",
    "CRÉPUSCULE",
    "CREPUSCULE",
    "CONTINU",
    "CONTINUITÉ",
    "SUITE",
    "JOUR",
    "NUIT",
    "SOIR",
    "SOIRÉE",
    "MATIN",
    "AUBE",
    "AURORE",
    "MIDI",
    "PETIT MATIN",
    "AU MÊME MOMENT",
    "MÊME MOMENT",
)
_DAY = {
    "DAY",
    "MORNING",
    "AFTERNOON",
    "NOON",
    "SUNRISE",
    "DAWN",
    "JOUR",
    "MATIN",
    "MIDI",
    "APRÈS-MIDI",
    "APRES-MIDI",
    "AUBE",
    "AURORE",
    "PETIT MATIN",
}
_NIGHT = {
    "NIGHT",
    "EVENING",
    "DUSK",
    "SUNSET",
    "MIDNIGHT",
    "LATE NIGHT",
    "MAGIC HOUR",
    "NUIT",
    "SOIR",
    "SOIRÉE",
    "CRÉPUSCULE",
    "CREPUSCULE",
    "FIN DE JOURNÉE",
    "FIN DE JOURNEE",
    "DÉBUT DE SOIRÉE",
}

# Character cue extensions, English and French.
_EXT = re.compile(r"(?:(?<!\s)\s+)?\((?P<e>[^()]*)\)\s*")
_DASHES = "-–—"
_HEADING_SPLIT = re.compile(r"(?<!\s)\s+[-–—]+\s+|(?<!\s)\s+/\s+")


def split_notes(text: str, sep: str = "") -> tuple[str, list[str]]:
    r"""``text`` with its ``[[notes]]`` replaced by ``sep``, and the notes' texts. The same as
    ``re.sub(r"\[\[.*?\]\]", sep, text, flags=re.S)``, in linear time (the regex rescans to
    the end from every ``[[`` that is never closed)."""
    notes: list[str] = []
    out: list[str] = []
    pos = 0
    while (a := text.find("[[", pos)) >= 0 and (b := text.find("]]", a + 2)) >= 0:
        out += [text[pos:a], sep]
        notes.append(text[a + 2 : b])
        pos = b + 2
    if not notes:
        return text, notes
    out.append(text[pos:])
    return "".join(out), notes


def count_words(text: str) -> int:
    """Words of spoken text: whitespace-separated tokens with a letter or a digit (notes
    stripped)."""
    text = split_notes(text, " ")[0]
    return sum(1 for t in text.split() if any(c.isalnum() for c in t))


def normalise_name(cue: str) -> tuple[str, str | None]:
    """``'@McGRATH (V.O.) ^'`` -> ``('MCGRATH', 'V.O.')``; the name is upper case without
    extensions; several extensions are joined with a space."""
    text = cue.strip()
    text = text.removesuffix("^").strip()
    text = text.lstrip("@").strip()
    exts = [m["e"].strip() for m in _EXT.finditer(text)]
    name = _EXT.sub(" ", text)
    name = re.sub(r"\s+", " ", name).strip().rstrip(":").strip()
    return name.upper(), (" ".join(exts) if exts else None)


def is_upper_line(text: str) -> bool:
    """All letters (outside parentheses) upper case, at least one letter."""
    core = _EXT.sub(" ", text)
    letters = [c for c in core if c.isalpha()]
    return bool(letters) and all(c.isupper() or not c.islower() for c in letters)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _wrap_count(text: str, width: int) -> int:
    """Lines ``text`` takes when greedily word-wrapped at ``width`` (at least 1)."""
    lines = 0
    col = -1  # no line open
    for w in text.split():
        n = len(w)
        if col < 0:
            lines += 1
            col = 0
        elif col + 1 + n <= width:
            col += 1 + n
            continue
        else:
            lines += 1
            col = 0
        while n > width:  # long words are broken
            n -= width
            lines += 1
        col = n
    return max(1, lines)


@dataclass
class Heading:
    number: str | None
    int_ext: str | None
    location: str
    sub_location: str | None
    time_of_day: str | None


def _int_ext(prefix: str) -> str | None:
    p = strip_accents(prefix.upper())
    has_i = bool(re.search(r"\bINT|^I\b|^I/|/I\b", p))
    has_e = bool(re.search(r"EXT|^E\b|/E\b|^E/", p))
    if has_i and has_e:
        return "INT/EXT"
    if has_i:
        return "INT"
    if has_e or p.startswith("EST"):
        return "EXT"
    return None


def _time_part(part: str) -> str | None:
    up = part.strip().upper()
    bare = up.strip("() ")
    for t in TIMES_OF_DAY:
        if bare == t or bare.startswith(t + " ") or bare.startswith(t + " ("):
            return bare
    return None


def parse_heading(text: str) -> Heading:
    """Split a scene heading: ``12. INT. MAISON - CUISINE - JOUR #12#``."""
    s = text.strip()
    number = None
    m = _FOUNTAIN_NUMBER.search(s)
    if m:
        number, s = m["n"], s[: m.start()].rstrip()
    m = _LEAD_NUMBER.match(s)
    if m and HEADING_START.match(s):
        number = number or m["n"]
        s = s[m.end() :]
    m = _TRAIL_NUMBER.search(s)
    if m and number is not None and m["n"] == number:
        s = s[: m.start()].rstrip()
    s = s.lstrip(".").strip() if s.startswith(".") and not s.startswith("..") else s
    int_ext = None
    m = _PREFIX.match(s)
    if m:
        int_ext = _int_ext(m["p"])
        s = s[m.end() :]
    # a trailing dash is dropped, then the parts split at " - " or " / " (linear: see above)
    end = len(s)
    while end and (s[end - 1].isspace() or s[end - 1] in _DASHES):
        end -= 1
    if end < len(s) and any(c in _DASHES for c in s[end:]):
        s = s[:end]
    parts = [p.strip() for p in _HEADING_SPLIT.split(s) if p.strip()]
    time_of_day = None
    if parts:
        t = _time_part(parts[-1])
        if t is not None:
            time_of_day = t
            parts = parts[:-1]
        elif len(parts) > 1 and _time_part(parts[0]) is not None:  # "INT. JOUR - SALON"
            time_of_day = _time_part(parts[0])
            parts = parts[1:]
    # "(CONTINUOUS)" glued to the location
    if parts and time_of_day is None:
        mm = re.search(r"\(([^()]+)\)\s*$", parts[-1])
        if mm and _time_part(mm[1]):
            time_of_day = _time_part(mm[1])
            parts[-1] = parts[-1][: mm.start()].strip()
    location = parts[0].upper() if parts else ""
    sub = " - ".join(parts[1:]).upper() if len(parts) > 1 else None
    return Heading(number, int_ext, location, sub, time_of_day)


def day_night(time_of_day: str | None) -> str | None:
    """``DAY``, ``NIGHT`` or None (continuous, later... inherit from the scene before)."""
    if not time_of_day:
        return None
    t = time_of_day.upper()
    for word in sorted(_NIGHT | _DAY, key=len, reverse=True):
        if t == word or t.startswith(word + " "):
            return "NIGHT" if word in _NIGHT else "DAY"
    return None


@dataclass
class Element:
    """One paragraph of the script. For ``character`` cues, ``name`` is the normalised name,
    ``extension`` what was in parentheses and ``dual`` marks dual dialogue; speech elements
    (``parenthetical``, ``dialogue``, ``lyrics``) carry the speaker's ``name`` too."""

    kind: str
    text: str
    name: str | None = None
    extension: str | None = None
    dual: bool = False
    forced: bool = False
    line: int | None = None
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for k in ("name", "extension", "line", "page"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        if self.dual:
            d["dual"] = True
        if self.forced:
            d["forced"] = True
        return d


@dataclass
class Scene:
    heading: str
    number: str | None = None
    int_ext: str | None = None
    location: str = ""
    sub_location: str | None = None
    time_of_day: str | None = None
    elements: list[Element] = field(default_factory=list)
    forced: bool = False
    line: int | None = None
    page: int | None = None
    index: int = 0  # 1-based order in the script

    @classmethod
    def from_heading(cls, text: str, **kw: Any) -> Scene:
        h = parse_heading(text)
        return cls(
            heading=text.strip(),
            number=h.number,
            int_ext=h.int_ext,
            location=h.location,
            sub_location=h.sub_location,
            time_of_day=h.time_of_day,
            **kw,
        )

    @property
    def clean_heading(self) -> str:
        """The heading without scene numbers or forcing dot."""
        s = _FOUNTAIN_NUMBER.sub("", self.heading).strip()
        m = _LEAD_NUMBER.match(s)
        if m and self.number and m["n"] == self.number:
            s = s[m.end() :]
        m = _TRAIL_NUMBER.search(s)
        if m and self.number and m["n"] == self.number:
            s = s[: m.start()].rstrip()
        return s[1:] if s.startswith(".") and not s.startswith("..") else s

    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.elements:
            if e.kind == "character" and e.name:
                seen.setdefault(e.name, None)
        return list(seen)

    def layout_lines(self) -> int:
        """Lines this scene takes on a standard page (heading included)."""
        n = 2  # heading + blank
        prev = None
        for e in self.elements:
            if e.kind in ("note", "section", "synopsis", "page_break"):
                continue
            if e.kind not in SPEECH_KINDS or prev not in ("character", *SPEECH_KINDS):
                n += 1 if prev is not None else 0  # blank line between blocks
            width = _WIDTH.get(e.kind, 61)
            for para in e.text.split("\n") or [""]:
                n += _wrap_count(para, width)
            prev = e.kind
        return n + 1

    @property
    def eighths(self) -> int:
        lines = self.layout_lines()
        return max(1, int(lines * 8 / LINES_PER_PAGE + 0.5))

    def action_text(self) -> str:
        return "\n".join(e.text for e in self.elements if e.kind == "action")

    def to_dict(self, elements: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "index": self.index,
            "number": self.number,
            "heading": self.clean_heading,
            "int_ext": self.int_ext,
            "location": self.location,
            "sub_location": self.sub_location,
            "time_of_day": self.time_of_day,
            "day_night": day_night(self.time_of_day),
            "eighths": self.eighths,
            "characters": self.speakers(),
        }
        if self.page is not None:
            d["page"] = self.page
        if elements:
            d["elements"] = [e.to_dict() for e in self.elements]
        return d


@dataclass
class Character:
    name: str
    aliases: list[str] = field(default_factory=list)
    dialogue_lines: int = 0
    dialogue_words: int = 0
    scenes: list[int] = field(default_factory=list)  # scene indexes (1-based) where they speak
    first_scene: int | None = None
    last_scene: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Screenplay:
    title_page: dict[str, str] = field(default_factory=dict)
    preamble: list[Element] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    language: str | None = None
    source_format: str | None = None
    source: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        for key in ("Title", "Titre", "title", "titre"):
            if key in self.title_page:
                return self.title_page[key].split("\n")[0].strip("_* ")
        return None

    def renumber(self) -> None:
        for i, s in enumerate(self.scenes, 1):
            s.index = i

    def all_elements(self) -> list[Element]:
        out = list(self.preamble)
        for s in self.scenes:
            out.extend(s.elements)
        return out

    def characters(self) -> list[Character]:
        """Speaking characters, most speeches first."""
        chars: dict[str, Character] = {}
        for s in self.scenes:
            for e in s.elements:
                if not e.name:
                    continue
                c = chars.setdefault(e.name, Character(e.name))
                if e.kind == "character":
                    c.dialogue_lines += 1
                    raw = e.text.strip().lstrip("@").removesuffix("^").strip()
                    raw = _EXT.sub(" ", raw).strip()
                    if raw != e.name and raw not in c.aliases:
                        c.aliases.append(raw)
                    if not c.scenes or c.scenes[-1] != s.index:
                        c.scenes.append(s.index)
                elif e.kind == "dialogue":
                    c.dialogue_words += count_words(e.text)
        for c in chars.values():
            c.first_scene = c.scenes[0] if c.scenes else None
            c.last_scene = c.scenes[-1] if c.scenes else None
        return sorted(chars.values(), key=lambda c: (-c.dialogue_lines, -c.dialogue_words, c.name))

    @property
    def eighths(self) -> int:
        return sum(s.eighths for s in self.scenes)

    def to_dict(self, elements: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "title": self.title,
            "language": self.language,
            "source_format": self.source_format,
            "title_page": dict(self.title_page),
            "pages": round(self.eighths / 8, 2),
            "scenes": [s.to_dict(elements) for s in self.scenes],
            "characters": [c.to_dict() for c in self.characters()],
        }
        if elements:
            d["preamble"] = [e.to_dict() for e in self.preamble]
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Screenplay:
        def el(x: dict[str, Any]) -> Element:
            return Element(**{k: v for k, v in x.items() if k in Element.__dataclass_fields__})

        sp = cls(
            title_page=dict(d.get("title_page") or {}),
            preamble=[el(x) for x in d.get("preamble", [])],
            language=d.get("language"),
            source_format=d.get("source_format"),
        )
        for sd in d.get("scenes", []):
            heading = sd["heading"]
            scene = Scene.from_heading(heading)
            scene.number = sd.get("number")
            scene.elements = [el(x) for x in sd.get("elements", [])]
            sp.scenes.append(scene)
        sp.renumber()
        return sp


def _merge_names(sp: Screenplay, aliases: dict[str, str] | None) -> None:
    """One name per character: spellings that differ only by accents, spaces or dots
    (``HELENE``/``HÉLÈNE``, ``MC GRATH``/``MCGRATH``) take the most used one; ``aliases`` maps
    other names to the one to keep (``{"DR. OKAFOR": "OKAFOR"}``)."""
    explicit = {normalise_name(k)[0]: normalise_name(v)[0] for k, v in (aliases or {}).items()}
    cues = [e for s in sp.scenes for e in s.elements if e.kind == "character" and e.name]
    for e in cues:
        e.name = explicit.get(e.name or "", e.name)
    groups: dict[str, dict[str, int]] = {}
    for e in cues:
        key = re.sub(r"[\s.'’-]+", "", strip_accents(e.name or ""))
        spellings = groups.setdefault(key, {})
        spellings[e.name or ""] = spellings.get(e.name or "", 0) + 1
    canon: dict[str, str] = {}
    for spellings in groups.values():
        if len(spellings) > 1:
            best = max(spellings, key=lambda n: (spellings[n], n != strip_accents(n)))
            for n in spellings:
                canon[n] = best
    for e in cues:
        e.name = canon.get(e.name or "", e.name)


def finish(sp: Screenplay, aliases: dict[str, str] | None = None) -> Screenplay:
    """Number scenes, merge name spellings, fill speech names, detect the language."""
    from imagia.script.lang import detect_language

    sp.renumber()
    _merge_names(sp, aliases)
    for s in sp.scenes:
        current: str | None = None
        for e in s.elements:
            if e.kind == "character":
                current = e.name
            elif e.kind in SPEECH_KINDS:
                e.name = current
            else:
                current = None
    if sp.language is None:
        sample = " ".join(e.text for e in sp.all_elements() if e.kind in ("action", "dialogue"))[
            :20000
        ]
        sp.language = detect_language(sample + " " + " ".join(s.heading for s in sp.scenes))
        if sp.language is None and sp.scenes:
            sp.warnings.append(
                "language not recognised as French or English; lexicon-based "
                "steps (breakdown, analysis) will be weak"
            )
    numbers = Counter(s.number for s in sp.scenes if s.number)
    dupes = sorted(n for n, k in numbers.items() if k > 1)
    if dupes:
        sp.warnings.append(f"scene numbers used twice: {', '.join(dupes)}")
    no_time = [s.number or str(s.index) for s in sp.scenes if s.int_ext and not s.time_of_day]
    if no_time:
        sp.warnings.append(
            f"{len(no_time)} scene heading(s) without a time of day "
            f"(scenes {', '.join(no_time[:10])})"
        )
    return sp
