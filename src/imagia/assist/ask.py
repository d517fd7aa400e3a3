"""Questions about a screenplay, answered by the language model from the retrieved scenes only,
with the scenes cited as [N]; citations are checked against what the model was given."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from imagia.assist import passages as passmod
from imagia.assist import prompts, retrieve
from imagia.core import llm
from imagia.core.errors import BadValue
from imagia.script.lang import detect_language
from imagia.script.model import Screenplay

_CITE = re.compile(r"\[(?:(?:sc(?:e|è)ne|s[ée]quence|scene)\s*)?([0-9]+[A-Z]?)\]", re.I)
_UNKNOWN = re.compile(
    r"(does not say|doesn't say|not (?:in|mentioned)|no (?:scene|information)|ne (?:le )?dit pas|"
    r"ne précise pas|aucune (?:séquence|information))",
    re.I,
)


@dataclass
class Answer:
    question: str
    lang: str
    text: str
    cited: list[str]  # scene numbers cited that the model was given
    stray: list[str]  # cited numbers the model was not given (not trusted)
    retrieved: list[retrieve.Hit]
    completion: llm.Completion
    model: dict[str, Any] = field(default_factory=dict)
    attributed: bool = False  # the model cited nothing: imagia matched the answer to a scene

    @property
    def says_unknown(self) -> bool:
        return bool(_UNKNOWN.search(self.text))


def citations(text: str) -> list[str]:
    """Scene numbers cited as [N] (or [scene N]), in order, without repeats."""
    seen: list[str] = []
    for m in _CITE.finditer(text):
        n = m.group(1).upper()
        if n not in seen:
            seen.append(n)
    return seen


def ask(
    sp: Screenplay,
    question: str,
    *,
    lang: str | None = None,
    top: int = 4,
    engine: llm.Engine | None = None,
    on_token: Callable[[str], None] | None = None,
) -> Answer:
    """Answer ``question`` about ``sp`` from its ``top`` most relevant scenes."""
    if not question.strip():
        raise BadValue("question", question, "a question about the screenplay")
    if not 1 <= top <= 20:
        raise BadValue("top", top, "1 to 20 scenes")
    lang = lang or detect_language(question) or sp.language or "en"
    lang = lang if lang in ("fr", "en") else "en"
    eng = engine or llm.engine(llm.settings(max_tokens=200))
    hits = retrieve.search(question, passmod.from_screenplay(sp), top=top)
    context = "\n\n".join(h.passage.render() for h in hits)
    prompt = prompts.load("ask", lang)
    done = llm.complete(
        eng, prompt.messages(scenes=context, question=question.strip()), on_token=on_token
    )
    given = {h.passage.number.upper() for h in hits}
    cited = citations(done.text)
    attributed = False
    if not cited and done.text.strip():
        best = attribute(done.text, hits)
        if best:
            cited, attributed = [best], True
    return Answer(
        question=question.strip(),
        lang=lang,
        text=done.text.strip(),
        cited=[n for n in cited if n in given],
        stray=[n for n in cited if n not in given],
        retrieved=hits,
        completion=done,
        model=eng.provenance(),
        attributed=attributed,
    )


_CONTENT = re.compile(r"[\wÀ-ÿ'-]{4,}")


def attribute(answer: str, hits: list[retrieve.Hit], least: float = 0.5) -> str | None:
    """The given scene that holds most of the answer's content words (at least ``least`` of
    them), for an answer the model did not cite: a check of the answer, not the model's claim."""
    words = {w.lower() for w in _CONTENT.findall(answer)}
    if not words:
        return None
    best, share = None, 0.0
    for h in hits:
        text = f"{h.passage.heading} {h.passage.text}".lower()
        got = sum(1 for w in words if w in text) / len(words)
        if got > share:
            best, share = h.passage.number.upper(), got
    return best if share >= least else None
