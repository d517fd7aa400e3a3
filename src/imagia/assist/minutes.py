"""Meeting minutes from a transcript: decisions, action items (owner, task, due date), open
questions, by the language model constrained to a JSON schema, then grounded: an owner must be
someone who spoke or was named, a due date must be words the meeting said, else it is left
blank and marked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile

SCHEMA = {
    "type": "object",
    "properties": {
        "decisions": {"type": "array", "items": {"type": "string"}},
        "actions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "owner": {"type": "string"},
                    "task": {"type": "string"},
                    "due": {"type": "string"},
                },
                "required": ["owner", "task", "due"],
            },
        },
        "questions": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["decisions", "actions", "questions"],
}
_TURN = re.compile(r"^\s*([A-ZÀ-Ý][\wÀ-ÿ .'-]{0,40}?)\s*:\s*(.+)$")


@dataclass
class Action:
    owner: str
    task: str
    due: str
    notes: list[str] = field(default_factory=list)  # what the grounding changed


@dataclass
class Minutes:
    decisions: list[str]
    actions: list[Action]
    questions: list[str]
    speakers: list[str]
    model: dict[str, Any] = field(default_factory=dict)


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def read_transcript(path: Path) -> list[tuple[str, str]]:
    """(speaker, words) turns from a text file of "NAME: words" lines, or an imagia
    transcript (Transcript.1 JSON; speakers unknown)."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    if path.suffix.lower() == ".json":
        from imagia.speech.transcript import Transcript

        t = Transcript.load(path)
        return [("", s.text.strip()) for s in t.segments if s.text.strip()]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadFile(path, "not UTF-8 text") from None
    turns = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _TURN.match(line)
        turns.append((m.group(1).strip(), m.group(2).strip()) if m else ("", line.strip()))
    if not turns:
        raise BadFile(path, "empty transcript")
    return turns


def _chunks(turns: list[tuple[str, str]], size: int = 2500) -> list[str]:
    out, cur = [], ""
    for who, words in turns:
        line = f"{who}: {words}" if who else words
        if cur and len(cur) + len(line) > size:
            out.append(cur)
            cur = ""
        cur += line + "\n"
    return [*out, cur] if cur else out


def write(
    turns: list[tuple[str, str]],
    engine: Any,
    lang: str = "en",
    progress: Callable[[float, str], None] | None = None,
) -> Minutes:
    """The minutes of a meeting, grounded in its transcript."""
    from imagia.assist import prompts
    from imagia.core import llm

    prompt = prompts.load("minutes", lang)
    speakers = sorted({w for w, _ in turns if w})
    said = _fold(" ".join(words for _, words in turns))
    decisions: list[str] = []
    actions: list[Action] = []
    questions: list[str] = []
    parts = _chunks(turns)
    for k, part in enumerate(parts):
        got = llm.complete_json(engine, prompt.messages(transcript=part), SCHEMA, max_tokens=500)
        decisions += [str(d) for d in got.get("decisions", []) if str(d).strip()]
        questions += [str(q) for q in got.get("questions", []) if str(q).strip()]
        for a in got.get("actions", []):
            actions.append(_ground(a, speakers, said))
        if progress:
            progress((k + 1) / len(parts), f"part {k + 1}/{len(parts)}")
    return Minutes(decisions, actions, questions, speakers, engine.provenance())


def _ground(item: dict[str, Any], speakers: list[str], said: str) -> Action:
    owner, task, due = (str(item.get(k, "")).strip() for k in ("owner", "task", "due"))
    a = Action(owner, task, due)
    known = {_fold(s) for s in speakers}
    if owner and _fold(owner) not in known and _fold(owner) not in said:
        a.notes.append(f"owner '{owner}' did not take part")
        a.owner = ""
    if due and not all(w in said for w in re.findall(r"\w+", _fold(due)) if len(w) > 2):
        a.notes.append(f"due date '{due}' was not said")
        a.due = ""
    return a


def markdown(m: Minutes, title: str, lang: str = "en") -> str:
    fr = lang == "fr"
    lines = [f"# {title}", ""]
    if m.speakers:
        lines += [("Participants : " if fr else "Participants: ") + ", ".join(m.speakers), ""]
    lines += ["## " + ("Décisions" if fr else "Decisions"), ""]
    lines += [f"- {d}" for d in m.decisions] or ["-"]
    lines += ["", "## " + ("Actions" if fr else "Action items"), ""]
    for a in m.actions:
        owner = a.owner or ("(à attribuer)" if fr else "(to assign)")
        due = f" — {'pour' if fr else 'by'} {a.due}" if a.due else ""
        lines.append(f"- **{owner}**: {a.task}{due}")
    lines += ["", "## " + ("Questions ouvertes" if fr else "Open questions"), ""]
    lines += [f"- {q}" for q in m.questions] or ["-"]
    note = (
        "Brouillon d'un petit modèle local, à relire."
        if fr
        else "A draft by a small local model, to be read over."
    )
    return "\n".join([*lines, "", f"*{note}*", ""])
