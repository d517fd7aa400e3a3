"""Drafts a writer or a designer starts from: a game concept one-pager from a brief, a logline
and synopsis from a screenplay. Each field is constrained by a JSON schema; the synopsis is
written from the scenes only, and the names it uses are checked against the screenplay's."""

from __future__ import annotations

import re
from typing import Any

from imagia.assist.passages import from_screenplay
from imagia.core.errors import BadValue
from imagia.script.model import Screenplay

CONCEPT_FIELDS = {
    "title": ("Title", "Titre"),
    "logline": ("Logline", "Logline"),
    "genre": ("Genre", "Genre"),
    "audience": ("Audience", "Public"),
    "platforms": ("Platforms", "Plateformes"),
    "core_loop": ("Core loop", "Boucle de jeu"),
    "unique_selling_points": ("Unique selling points", "Points forts"),
    "art_direction": ("Art direction", "Direction artistique"),
    "business_model": ("Business model", "Modèle économique"),
    "risks": ("Risks", "Risques"),
}
CONCEPT_SCHEMA = {
    "type": "object",
    "properties": {k: {"type": "string"} for k in CONCEPT_FIELDS},
    "required": list(CONCEPT_FIELDS),
}
SYNOPSIS_SCHEMA = {
    "type": "object",
    "properties": {"logline": {"type": "string"}, "synopsis": {"type": "string"}},
    "required": ["logline", "synopsis"],
}


def concept(brief: str, engine: Any, lang: str = "en") -> dict[str, str]:
    """A one-page game concept from a brief."""
    from imagia.assist import prompts
    from imagia.core import llm

    if len(brief.strip()) < 20:
        raise BadValue("brief", brief, "a few sentences about the game (20 characters or more)")
    got = llm.complete_json(
        engine,
        prompts.load("concept", lang).messages(brief=brief.strip()[:4000]),
        CONCEPT_SCHEMA,
        max_tokens=400,
    )
    return {k: str(got.get(k, "")).strip() for k in CONCEPT_FIELDS}


def concept_markdown(c: dict[str, str], lang: str = "en") -> str:
    fr = lang == "fr"
    out = [f"# {c.get('title') or 'Concept'}", ""]
    for key, (en, fr_label) in CONCEPT_FIELDS.items():
        if key != "title":
            out += [f"**{fr_label if fr else en}** — {c.get(key, '')}", ""]
    note = "Brouillon d'un petit modèle local." if fr else "A draft by a small local model."
    return "\n".join([*out, f"*{note}*", ""])


def synopsis(sp: Screenplay, engine: Any, lang: str = "en") -> dict[str, Any]:
    """A logline and a synopsis from the scene list; names not in the script are reported."""
    from imagia.assist import prompts
    from imagia.core import llm

    lines = []
    for p in from_screenplay(sp):
        what = " ".join(p.text.split())[:220]
        lines.append(f"[{p.number}] {p.heading}: {what}")
    got = llm.complete_json(
        engine,
        prompts.load("synopsis", lang).messages(scenes="\n".join(lines)[:6000]),
        SYNOPSIS_SCHEMA,
        max_tokens=400,
    )
    text = f"{got.get('logline', '')} {got.get('synopsis', '')}"
    known = {w.lower() for c in sp.characters() for w in c.name.split()}
    script_words = {w.lower() for w in re.findall(r"\w+", " ".join(lines))}
    strangers = sorted(
        {
            w
            for w in re.findall(r"(?<![.!?]\s)\b([A-ZÀ-Ý][a-zà-ÿ]{2,})\b", text)
            if w.lower() not in known and w.lower() not in script_words
        }
    )
    return {
        "logline": str(got.get("logline", "")).strip(),
        "synopsis": str(got.get("synopsis", "")).strip(),
        "names_not_in_script": strangers,
    }
