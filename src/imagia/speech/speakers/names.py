"""The person's answers about the speakers found: a YAML file mapping a speaker id to a name,
and to a gender the person confirms. imagia never sets a gender by itself.

```yaml
S1: Claire                        # a name only: gender stays unknown
S2: {name: Marc, gender: male}    # the person's answer: confirmed
S3: {gender: female, confirmed: false}   # noted, not yet confirmed
```

The mapping may also sit under a top-level ``speakers:`` key (the template imagia writes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.core.textfile import load_yaml
from imagia.speech.speakers.model import GENDERS, Speaker

_KEYS = {"name", "gender", "confirmed"}


@dataclass(frozen=True)
class Answer:
    name: str = ""
    gender: str = "unknown"
    confirmed: bool = False


def read(path: Path | str, known: Iterable[str] | None = None) -> dict[str, Answer]:
    """The answers by speaker id; :class:`BadFile` (naming the file and the entry) for a file
    that is not such a mapping, an unknown gender or field, or a speaker id not in ``known``."""
    p = Path(path)
    data = load_yaml(p, "speaker names YAML")
    if isinstance(data, dict) and set(data) == {"speakers"}:
        data = data["speakers"]
    if not isinstance(data, dict) or not data:
        raise BadFile(p, "expected a mapping of speaker ids to names, e.g. 'S1: Claire'")
    ids = list(known) if known is not None else None
    out: dict[str, Answer] = {}
    for key, value in data.items():
        sid = str(key)
        if ids is not None and sid not in ids:
            raise BadFile(
                p, f"speaker {sid[:40]!r} was not found in this media (speakers: {', '.join(ids)})"
            )
        out[sid] = _answer(p, sid, value)
    return out


def _answer(p: Path, sid: str, value: Any) -> Answer:
    if value is None:
        return Answer()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return Answer(name=str(value).strip())
    if not isinstance(value, dict):
        raise BadFile(p, f"{sid}: expected a name or a mapping with name, gender, confirmed")
    extra = set(map(str, value)) - _KEYS
    if extra:
        bad = sorted(extra)[0][:30]
        raise BadFile(p, f"{sid}: unknown field {bad!r} (name, gender, confirmed)")
    name = value.get("name")
    if name is not None and not isinstance(name, str | int | float):
        raise BadFile(p, f"{sid}: name must be text")
    gender = str(value.get("gender") or "unknown").strip().lower()
    if gender not in GENDERS:
        raise BadFile(p, f"{sid}: gender {gender[:30]!r} is not one of {', '.join(GENDERS)}")
    confirmed = value.get("confirmed", gender != "unknown")
    if not isinstance(confirmed, bool):
        raise BadFile(p, f"{sid}: confirmed must be true or false")
    return Answer(str(name or "").strip(), gender, confirmed and gender != "unknown")


def apply(speakers: Iterable[Speaker], answers: dict[str, Answer]) -> None:
    """Set each speaker's name, gender and confirmation from the answers (in place)."""
    for s in speakers:
        a = answers.get(s.id)
        if a is not None:
            s.name, s.gender, s.confirmed = a.name, a.gender, a.confirmed


def template(speakers: Iterable[Speaker]) -> str:
    """An answers file to fill in (the answers given so far kept): one entry per speaker, with
    its time and register as a comment to help the person recognise the voice. A gender kept
    here counts as confirmed when the file is read back."""
    lines = [
        "# Speakers found: give each a name and confirm its gender (female, male, other,",
        "# unknown). Listen to each speaker's sample first. Then run again with --names.",
        "speakers:",
    ]
    for s in speakers:
        name = json.dumps(s.name, ensure_ascii=False)
        unsure = ", confirmed: false" if s.gender != "unknown" and not s.confirmed else ""
        lines.append(
            f"  {s.id}: {{name: {name}, gender: {s.gender}{unsure}}}  # {s.seconds:.1f} s, "
            f"sample at {s.sample[0]:.1f} s, pitch register {s.register}"
        )
    return "\n".join(lines) + "\n"
