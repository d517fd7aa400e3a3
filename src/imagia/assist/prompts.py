"""Prompts are data files a user can read and change: ``assist/prompts/<name>.yaml`` ships with
imagia; a file of the same name in ``$IMAGIA_PROMPTS`` (a folder) replaces it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from imagia.core.errors import BadFile, BadValue

SHIPPED = Path(__file__).parent / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    lang: str
    system: str
    user: str
    source: Path

    def messages(self, **fields: str) -> list[dict[str, str]]:
        """The chat messages with ``{field}`` placeholders filled."""
        return [
            {"role": "system", "content": self.system.format(**fields)},
            {"role": "user", "content": self.user.format(**fields)},
        ]


def path(name: str) -> Path:
    own = os.environ.get("IMAGIA_PROMPTS")
    if own and (Path(own) / f"{name}.yaml").is_file():
        return Path(own) / f"{name}.yaml"
    return SHIPPED / f"{name}.yaml"


def load(name: str, lang: str) -> Prompt:
    """The prompt ``name`` in ``lang`` (fr or en)."""
    p = path(name)
    if not p.is_file():
        raise BadValue("prompt", name, ", ".join(sorted(f.stem for f in SHIPPED.glob("*.yaml"))))
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise BadFile(p, f"not a readable YAML prompt file ({type(e).__name__})") from None
    entry = data.get(lang) if isinstance(data, dict) else None
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(k), str) for k in ("system", "user")
    ):
        raise BadFile(p, f"no '{lang}' entry with 'system' and 'user' texts")
    return Prompt(name, lang, entry["system"], entry["user"], p)
