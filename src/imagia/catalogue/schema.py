"""The shape of the catalogue's data files, validated when they load.

One YAML file per use case (``data/usecases/<id>.yaml``, schema ``UseCase.1``) plus one file per
structure of the study (stages, matrix, professions, genres, legends). Levels lost with the
slides' graphics are recorded with their ``basis`` so nobody mistakes a derived value for a
printed one.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_USECASE = "UseCase.1"

Sector = Literal["cinema_av", "games"]
SECTORS: tuple[str, ...] = ("cinema_av", "games")

Group = Literal[
    "development",
    "shooting_post",
    "animation_vfx_games",
    "distribution_marketing",
    "broadcast",
    "catalogue",
    "game_lifecycle",
]
GROUPS: tuple[str, ...] = (
    "development",
    "shooting_post",
    "animation_vfx_games",
    "distribution_marketing",
    "broadcast",
    "catalogue",
    "game_lifecycle",
)

# Stage ids per sector, in value-chain order (study section 1.1 and the synthesis slide).
CINEMA_STAGES: tuple[str, ...] = (
    "development",
    "preproduction_shooting",
    "postproduction",
    "release",
    "theatres",
    "broadcast",
    "catalogue",
)
GAMES_STAGES: tuple[str, ...] = ("design", "preproduction", "development", "launch", "post_launch")
STAGES: dict[str, tuple[str, ...]] = {"cinema_av": CINEMA_STAGES, "games": GAMES_STAGES}
# The study's "Tout au long de la chaîne de valeur": the use case belongs to no single stage.
WHOLE_CHAIN = "whole_chain"

Interest = Literal[
    "creativity",
    "cost_reduction",
    "time_saving",
    "quality",
    "user_experience",
    "new_revenue",
    "risk_reduction",
]
INTERESTS: tuple[str, ...] = (
    "creativity",
    "cost_reduction",
    "time_saving",
    "quality",
    "user_experience",
    "new_revenue",
    "risk_reduction",
)

Flag = Literal[
    "work_protection",
    "output_rights",
    "training_transparency",
    "confidentiality",
    "cultural_bias",
    "personality_rights",
]
FLAGS: tuple[str, ...] = (
    "work_protection",
    "output_rights",
    "training_transparency",
    "confidentiality",
    "cultural_bias",
    "personality_rights",
)

# How a level was obtained: printed in the study's text, or derived from the card's label
# because the slide showed it only as a graphic.
Basis = Literal["study", "derived_from_label", "unknown"]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A short text in French and English, written by us."""

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Level(Strict):
    """A scored dimension (impact on jobs or technological maturity)."""

    label_fr: str = Field(min_length=1)
    label_en: str = Field(min_length=1)
    level: int | None = Field(default=None, ge=1, le=4)
    basis: Basis = "derived_from_label"


class Profession(Strict):
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class UseCaseFile(Strict):
    """One use case of the study, as stored in ``data/usecases/<id>.yaml``."""

    schema_: Literal["UseCase.1"] = Field(alias="schema")
    id: str
    name_fr: str = Field(min_length=3)
    name_en: str = Field(min_length=3)
    group: Group
    sectors: list[Sector] = Field(min_length=1)
    stages: dict[Sector, list[str]]
    professions: list[Profession]
    interests: list[Interest]
    impact: Level
    maturity: Level
    tools_cited: list[str]
    examples: list[Text]
    perception: Text | None = None
    sources: list[int]
    description: Text
    adoption: Text
    flags: list[Flag]
    keywords: list[str] = Field(default_factory=list)
    study_page_hint: str | None = None

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be lower-case words joined by '-'")
        return value

    @field_validator("stages")
    @classmethod
    def _stages_known(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for sector, stages in value.items():
            for stage in stages:
                if stage != WHOLE_CHAIN and stage not in STAGES[sector]:
                    valid = ", ".join(STAGES[sector])
                    raise ValueError(f"stage {stage!r} unknown for {sector}; valid: {valid}")
        return value
