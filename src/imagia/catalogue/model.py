"""Use cases as the rest of imagia sees them: the study's card plus what imagia runs for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagia.catalogue.schema import UseCaseFile
from imagia.catalogue.structures import profession_id
from imagia.core.registry import tools_for, usecase_status


@dataclass(frozen=True)
class UseCase:
    """A use case card with its current assessment and imagia status."""

    card: UseCaseFile
    impact_level: int | None
    maturity_level: int | None
    assessment: str  # date label of the assessment giving the levels, e.g. "2024-01"

    @property
    def id(self) -> str:
        return self.card.id

    def name(self, lang: str = "en") -> str:
        return self.card.name_fr if lang == "fr" else self.card.name_en

    @property
    def status(self) -> str:
        return usecase_status(self.card.id)

    @property
    def profession_ids(self) -> list[str]:
        return [profession_id(p.fr, p.en) for p in self.card.professions]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape (``imagia catalogue list --format json``)."""
        c = self.card
        tools = tools_for(c.id)
        return {
            "id": c.id,
            "name_fr": c.name_fr,
            "name_en": c.name_en,
            "group": c.group,
            "sectors": list(c.sectors),
            "stages": {k: list(v) for k, v in c.stages.items()},
            "professions": [
                {"id": pid, "fr": p.fr, "en": p.en}
                for pid, p in zip(self.profession_ids, c.professions, strict=True)
            ],
            "interests": list(c.interests),
            "impact": {
                "label": c.impact.label_en,
                "label_fr": c.impact.label_fr,
                "label_en": c.impact.label_en,
                "level": self.impact_level,
                "basis": c.impact.basis,
            },
            "maturity": {
                "label": c.maturity.label_en,
                "label_fr": c.maturity.label_fr,
                "label_en": c.maturity.label_en,
                "level": self.maturity_level,
                "basis": c.maturity.basis,
            },
            "assessment": self.assessment,
            "tools_cited": list(c.tools_cited),
            "examples": [e.model_dump() for e in c.examples],
            "perception": c.perception.model_dump() if c.perception else None,
            "sources": list(c.sources),
            "description": c.description.model_dump(),
            "adoption": c.adoption.model_dump(),
            "flags": list(c.flags),
            "keywords": list(c.keywords),
            "status": self.status,
            "imagia_tools": [
                {"id": t.id, "status": t.status, "command": t.command, "scope": t.scope_en}
                for t in tools
            ],
        }
