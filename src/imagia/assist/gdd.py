"""Game design documents: a template with the sections of a standard GDD, and a checker that
lists missing sections, terms used but never defined, and numbers that contradict each other
(the same quantity given two values), each with the lines it read. Markdown in; no model."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile, BadValue

SECTIONS = Path(__file__).parent / "data" / "gdd-sections.yaml"


@dataclass(frozen=True)
class Section:
    id: str
    en: str
    fr: str
    required: bool
    words: tuple[str, ...]


@dataclass
class Finding:
    kind: str  # missing, undefined, numbers
    en: str
    fr: str
    lines: list[int] = field(default_factory=list)  # 1-based lines of the document


def sections() -> list[Section]:
    data = yaml.safe_load(SECTIONS.read_text(encoding="utf-8"))
    return [
        Section(d["id"], d["en"], d["fr"], bool(d["required"]), tuple(d["words"])) for d in data
    ]


def template(lang: str = "en", title: str = "") -> str:
    """A Markdown GDD skeleton with every section, required ones marked."""
    if lang not in ("en", "fr"):
        raise BadValue("lang", lang, "en or fr")
    head = title or ("Titre du jeu" if lang == "fr" else "Game title")
    out = [f"# {head}", ""]
    for s in sections():
        name = s.fr if lang == "fr" else s.en
        out += [f"## {name}", ""]
        if s.required:
            out += ["<!-- " + ("obligatoire" if lang == "fr" else "required") + " -->", ""]
    return "\n".join(out)


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_DEF = re.compile(r"\*\*([^*]{2,40})\*\*\s*[:—–-]")
_TERM = re.compile(r"\b([A-Z][a-zA-Z]+(?:[A-Z][a-zA-Z]+)+|[A-Z]{2,}[a-z]*)\b")  # CamelCase, XP, HP
_ALLOWED_ACRONYMS = {"UI", "UX", "HUD", "GDD", "NPC", "PNJ", "AI", "IA", "PC", "FPS", "DLC", "MVP"}
_QUANTITY = [
    # "4 players", "up to 60 levels", "jusqu'à 4 joueurs"
    re.compile(
        r"\b(?:up to|max(?:imum)?|jusqu'?à|au plus)?\s*(\d+(?:[.,]\d+)?)\s+([a-zà-ÿ]{3,})", re.I
    ),
    # "level cap of 50", "plafond de niveau à 50"
    re.compile(r"\b([a-zà-ÿ]{3,})\s+(?:cap|limit|count|max(?:imum)?)\s+(?:of|is|:)?\s*(\d+)", re.I),
]
_UNITS = {"seconds", "secondes", "minutes", "hours", "heures", "percent", "pourcent", "fps", "ms"}


def _singular(word: str) -> str:
    w = _fold(word)
    return w[:-1] if len(w) > 4 and w.endswith(("s", "x")) else w


def read(path: Path) -> list[str]:
    if not path.is_file():
        raise BadFile(path, "file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadFile(path, "not UTF-8 text: save the GDD as UTF-8 Markdown") from None
    if not text.strip():
        raise BadFile(path, "empty file")
    return text.splitlines()


def check(lines: list[str]) -> list[Finding]:
    """Missing sections, undefined terms, contradicting numbers."""
    out: list[Finding] = []
    headings = [_fold(m.group(2)) for ln in lines if (m := _HEADING.match(ln))]
    for s in sections():
        if s.required and not any(any(w in h for w in s.words) for h in headings):
            out.append(
                Finding("missing", f"missing section: {s.en}", f"section manquante : {s.fr}")
            )
    out += _undefined(lines)
    out += _numbers(lines)
    return out


def _undefined(lines: list[str]) -> list[Finding]:
    """CamelCase words and acronyms used in the text but defined nowhere: not in a heading, not
    as '**Term**:' and not in a glossary section."""
    defined: set[str] = set()
    in_glossary = False
    for ln in lines:
        m = _HEADING.match(ln)
        if m:
            in_glossary = any(w in _fold(m.group(2)) for w in ("glossary", "glossaire", "lexique"))
            defined |= set(_TERM.findall(m.group(2)))
            continue
        defined |= {t.strip() for t in _BOLD_DEF.findall(ln)}
        if in_glossary:
            defined |= set(_TERM.findall(ln.split(":")[0]))
    used: dict[str, list[int]] = {}
    for k, ln in enumerate(lines, 1):
        if _HEADING.match(ln):
            continue
        for t in _TERM.findall(ln):
            used.setdefault(t, []).append(k)
    out = []
    for term, where in sorted(used.items()):
        if term in defined or term in _ALLOWED_ACRONYMS:
            continue
        out.append(
            Finding(
                "undefined",
                f"'{term}' is used but never defined (add it to the glossary)",
                f"« {term} » est employé sans être défini (ajoutez-le au glossaire)",
                where[:5],
            )
        )
    return out


def _numbers(lines: list[str]) -> list[Finding]:
    """The same counted thing given two values ('4 players' and 'up to 6 players')."""
    seen: dict[str, dict[str, int]] = {}
    for k, ln in enumerate(lines, 1):
        if _HEADING.match(ln):
            continue
        for rx in _QUANTITY:
            for m in rx.finditer(ln):
                a, b = m.group(1), m.group(2)
                num, noun = (a, b) if a[0].isdigit() else (b, a)
                noun = _singular(noun)
                if noun in _UNITS or len(noun) < 3:
                    continue
                seen.setdefault(noun, {}).setdefault(num.replace(",", "."), k)
    out = []
    for noun, values in sorted(seen.items()):
        if len(values) > 1:
            shown = ", ".join(f"{v} (line {k})" for v, k in values.items())
            shown_fr = ", ".join(f"{v} (ligne {k})" for v, k in values.items())
            out.append(
                Finding(
                    "numbers",
                    f"'{noun}' has {len(values)} different values, check: {shown}",
                    f"« {noun} » a {len(values)} valeurs différentes, à vérifier : {shown_fr}",
                    sorted(values.values()),
                )
            )
    return out


def report(findings: list[Finding]) -> dict[str, Any]:
    return {
        "missing": sum(f.kind == "missing" for f in findings),
        "undefined": sum(f.kind == "undefined" for f in findings),
        "numbers": sum(f.kind == "numbers" for f in findings),
        "findings": [f.__dict__ for f in findings],
    }
