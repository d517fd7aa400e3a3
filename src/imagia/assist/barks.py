"""Game barks: N variants per trigger and character, in the character's voice, de-duplicated,
within length and rating limits, as a string table game engines import (CSV/JSON).

A writer picks among the variants (as with Ubisoft's Ghostwriter): every variant is kept in the
table with why it was dropped when it was, so nothing is hidden from them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile, BadValue


@dataclass(frozen=True)
class CharacterSheet:
    name: str
    description: str
    examples: tuple[str, ...]
    lang: str = "en"


@dataclass
class Bark:
    key: str  # string-table key: CHARACTER_TRIGGER_NN
    character: str
    trigger: str
    text: str
    lang: str
    kept: bool = True
    dropped: str = ""  # why not kept: duplicate, too long, empty, rating
    rating: list[str] = field(default_factory=list)


def read_sheets(path: Path) -> tuple[list[CharacterSheet], list[str]]:
    """YAML: ``characters: [{name, description, examples: [...], lang}]`` and ``triggers:``."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise BadFile(path, f"not a readable YAML file ({type(e).__name__})") from None
    if not isinstance(data, dict):
        raise BadFile(path, "expected 'characters:' and 'triggers:'")
    chars = data.get("characters")
    triggers = data.get("triggers")
    if not isinstance(chars, list) or not chars:
        raise BadFile(path, "'characters:' must list at least one character sheet")
    if not isinstance(triggers, list) or not all(isinstance(t, str) and t for t in triggers):
        raise BadFile(path, "'triggers:' must list situations as text")
    sheets = []
    for k, c in enumerate(chars, 1):
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            raise BadFile(path, f"character {k}: needs a name")
        examples = c.get("examples") or []
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise BadFile(path, f"character {c['name']}: 'examples' must be a list of lines")
        lang = str(c.get("lang", "en"))
        if lang not in ("en", "fr"):
            raise BadFile(path, f"character {c['name']}: lang must be en or fr, not {lang}")
        sheets.append(
            CharacterSheet(c["name"], str(c.get("description", "")), tuple(examples), lang)
        )
    return sheets, [str(t) for t in triggers]


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^\w ]+", "", "".join(c for c in nfkd if not unicodedata.combining(c))).strip()


def _grams(text: str, n: int = 3) -> set[str]:
    t = f" {_fold(text)} "
    return {t[i : i + n] for i in range(max(len(t) - n + 1, 1))}


def similar(a: str, b: str) -> float:
    """Character-trigram Jaccard similarity of two lines (accents and punctuation folded)."""
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / max(len(ga | gb), 1)


def clean(text: str) -> str:
    line = text.strip().split("\n")[0].strip()
    line = re.sub(r"^[A-ZÀ-Ý][\w .'-]{0,30}:\s*", "", line)  # "NAME: line" -> "line"
    for _ in range(2):
        if len(line) >= 2 and line[0] in "\"'«“" and line[-1] in "\"'»”":
            line = line[1:-1].strip()
    return line


def generate(
    sheets: Sequence[CharacterSheet],
    triggers: Sequence[str],
    engine: Any,
    *,
    variants: int = 5,
    limit: int = 80,
    near: float = 0.6,
    progress: Callable[[float, str], None] | None = None,
) -> list[Bark]:
    """``variants`` lines per character and trigger (sampled with one seed each)."""
    from imagia.assist import prompts
    from imagia.core import llm
    from imagia.games.moderation import score_lines

    if not 1 <= variants <= 20:
        raise BadValue("variants", variants, "1 to 20")
    if not 10 <= limit <= 300:
        raise BadValue("limit", limit, "10 to 300 characters")
    out: list[Bark] = []
    total = len(sheets) * len(triggers)
    done = 0
    for sheet in sheets:
        prompt = prompts.load("barks", sheet.lang)
        for trigger in triggers:
            msgs = prompt.messages(
                character=sheet.name,
                description=sheet.description,
                examples="\n".join(f"- {e}" for e in sheet.examples) or "-",
                trigger=trigger,
                limit=str(limit),
            )
            kept: list[str] = []
            for n in range(variants):
                # each variant samples (temperature 0.8) with its own seed: reproducible
                eng = llm.tuned(engine, temperature=0.8, seed=1000 + n)
                text = clean(llm.complete(eng, msgs, max_tokens=max(16, limit // 2)).text)
                key = f"{_slug(sheet.name)}_{_slug(trigger)}_{n + 1:02d}"
                bark = Bark(key, sheet.name, trigger, text, sheet.lang)
                if not text:
                    bark.kept, bark.dropped = False, "empty"
                elif len(text) > limit:
                    bark.kept, bark.dropped = False, "too long"
                elif any(similar(text, k) >= near for k in kept) or any(
                    similar(text, e) >= near for e in sheet.examples
                ):
                    bark.kept, bark.dropped = False, "duplicate"
                if bark.kept:
                    kept.append(text)
                out.append(bark)
            done += 1
            if progress:
                progress(done / total, f"{sheet.name}: {trigger}")
    verdicts = score_lines([b.text or "-" for b in out])
    for b, v in zip(out, verdicts, strict=True):
        if v.flagged and b.kept:
            b.kept, b.dropped, b.rating = False, "rating", list(v.evidence)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", _fold(text).upper()).strip("_")[:32] or "X"


def table(barks: Sequence[Bark]) -> list[dict[str, Any]]:
    """The string table rows (every variant, kept or not, with the reason)."""
    return [
        {
            "key": b.key,
            "character": b.character,
            "trigger": b.trigger,
            "lang": b.lang,
            "text": b.text,
            "kept": b.kept,
            "dropped": b.dropped,
        }
        for b in barks
    ]
