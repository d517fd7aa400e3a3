"""An NPC that talks from a world file: memory of the conversation, retrieval of the world's
facts, the local language model in character, and a guard that refuses to invent.

The guard is what Inworld/Convai users ask for: after the model answers, every name (a
capitalised word not at a sentence start) and every number in the answer must come from the
facts, the persona, the question or the conversation; otherwise the NPC says in character that
it does not know, and the turn records what was refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile, BadValue

DONT_KNOW = {"en": "I don't know anything about that.", "fr": "Je n'en sais rien."}
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-Ý][a-zà-ÿ]{2,})\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_COMMON = {
    "en": {
        "Player",
        "Yes",
        "No",
        "Well",
        "Ah",
        "Oh",
        "Hello",
        "Sorry",
        "Aye",
        "Sir",
        "Madam",
        "The",
    },
    "fr": {
        "Joueur",
        "Oui",
        "Non",
        "Bon",
        "Ah",
        "Oh",
        "Bonjour",
        "Désolé",
        "Monsieur",
        "Madame",
        "Le",
        "La",
    },
}


@dataclass(frozen=True)
class World:
    name: str
    persona: str
    lang: str
    facts: tuple[str, ...]
    source: Path | None = None


@dataclass
class Turn:
    question: str
    answer: str
    refused: list[str] = field(default_factory=list)  # what the guard did not find in the world
    facts: list[str] = field(default_factory=list)  # facts given to the model
    said: str = ""  # what the model answered, before the guard


@dataclass
class Npc:
    world: World
    engine: Any
    memory: int = 4  # turns remembered
    turns: list[Turn] = field(default_factory=list)

    def say(self, question: str, top: int = 4) -> Turn:
        """The NPC's answer to the player's ``question``."""
        from imagia.assist import prompts
        from imagia.core import llm

        if not question.strip():
            raise BadValue("question", question, "what the player says")
        facts = relevant(self.world, question, top)
        history = "\n".join(
            f"{'Joueur' if self.world.lang == 'fr' else 'Player'}: {t.question}\n"
            f"{self.world.name}: {t.answer}"
            for t in self.turns[-self.memory :]
        )
        prompt = prompts.load("npc", self.world.lang)
        msgs = prompt.messages(
            name=self.world.name,
            persona=self.world.persona,
            facts="\n".join(f"- {f}" for f in facts) or "-",
            history=history,
            question=question.strip(),
        )
        text = llm.complete(self.engine, msgs, max_tokens=80).text.strip()
        text = re.sub(rf"^{re.escape(self.world.name)}\s*:\s*", "", text)
        allowed = " ".join([*self.world.facts, self.world.persona, self.world.name, question]) + (
            " " + " ".join(f"{t.question} {t.answer}" for t in self.turns)
        )
        refused = unsupported(text, allowed, self.world.lang)
        turn = Turn(
            question.strip(), DONT_KNOW[self.world.lang] if refused else text, refused, facts
        )
        self.turns.append(turn)
        return turn


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def unsupported(answer: str, allowed: str, lang: str = "en") -> list[str]:
    """Names and numbers of ``answer`` that ``allowed`` never mentions."""
    pool = _fold(allowed)
    words = set(re.findall(r"\w+", pool))
    out = []
    for m in _NAME.finditer(answer):
        w = m.group(1)
        if w in _COMMON.get(lang, set()) or _fold(w) in words:
            continue
        out.append(w)
    for n in _NUMBER.findall(answer):
        if n not in pool:
            out.append(n)
    return out


def relevant(world: World, question: str, top: int = 4) -> list[str]:
    """The world's facts closest to the question (meaning, multilingual encoder)."""
    import numpy as np

    from imagia.media import sentences

    if not world.facts:
        return []
    vecs = sentences.encode([question, *world.facts])
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    order = np.argsort(-(vecs[1:] @ vecs[0]))[:top]
    return [world.facts[int(k)] for k in sorted(order)]


def read_world(path: Path) -> World:
    """YAML: ``name``, ``persona``, ``lang`` (en/fr), ``facts`` (a list of sentences)."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise BadFile(path, f"not a readable YAML world file ({type(e).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise BadFile(path, "expected 'name:', 'persona:', 'lang:' and 'facts:'")
    facts = data.get("facts") or []
    if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts) or not facts:
        raise BadFile(path, "'facts:' must list the world's facts as sentences")
    lang = str(data.get("lang", "en"))
    if lang not in ("en", "fr"):
        raise BadFile(path, f"lang must be en or fr, not {lang}")
    return World(data["name"], str(data.get("persona", "")), lang, tuple(facts), path)
