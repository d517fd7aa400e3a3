"""Dated assessments of the use cases: the study's 2024-01 scores and later re-scorings.

A workspace adds a file ``assessments/<date>.yaml`` (schema ``Assessment.1``) that re-scores some
use cases with a rationale; levels of use cases it does not mention carry over from the previous
assessment. ``diff`` tells what moved between two dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from imagia.catalogue.loader import describe_validation, read_yaml
from imagia.catalogue.schema import UseCaseFile
from imagia.core.errors import BadFile, NotFound

BASELINE = "2024-01"
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class Rescore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    maturity: int | None = Field(default=None, ge=1, le=4)
    impact: int | None = Field(default=None, ge=1, le=4)
    rationale: str = Field(min_length=3)


class AssessmentFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: str = Field(alias="schema", pattern=r"^Assessment\.1$")
    date: str = Field(pattern=_DATE.pattern)
    author: str | None = None
    note: str | None = None
    usecases: dict[str, Rescore]


@dataclass(frozen=True)
class Scores:
    maturity: int | None
    impact: int | None
    rationale: str | None = None


@dataclass(frozen=True)
class Assessment:
    """Levels of every use case at a date."""

    date: str
    source: str  # "study" or the file it came from
    scores: dict[str, Scores]


def baseline(cards: list[UseCaseFile]) -> Assessment:
    return Assessment(
        BASELINE,
        "study",
        {c.id: Scores(c.maturity.level, c.impact.level) for c in cards},
    )


def read_assessment(path: Path, known_ids: set[str]) -> AssessmentFile:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise BadFile(path, "expected a mapping with schema, date and usecases")
    try:
        data = AssessmentFile.model_validate(raw)
    except ValidationError as exc:
        raise BadFile(path, describe_validation(exc)) from exc
    for uc in data.usecases:
        if uc not in known_ids:
            err = NotFound("use case", uc, known_ids)
            raise BadFile(path, f"field usecases.{uc}: {err}")
    return data


def history(cards: list[UseCaseFile], folder: Path | None) -> list[Assessment]:
    """The baseline then each assessment file of ``folder`` in date order, carried forward."""
    result = [baseline(cards)]
    if folder is None or not folder.is_dir():
        return result
    known = {c.id for c in cards}
    files = [read_assessment(p, known) for p in sorted(folder.glob("*.yaml"))]
    for f in sorted(files, key=lambda a: a.date):
        prev = result[-1].scores
        scores = dict(prev)
        for uc, r in f.usecases.items():
            old = prev[uc]
            scores[uc] = Scores(
                r.maturity if r.maturity is not None else old.maturity,
                r.impact if r.impact is not None else old.impact,
                r.rationale,
            )
        result.append(Assessment(f.date, f"{folder.name}/{f.date}.yaml", scores))
    return result


@dataclass(frozen=True)
class Change:
    usecase: str
    field: str
    before: int | None
    after: int | None
    rationale: str | None


def diff(hist: list[Assessment], a: str, b: str) -> list[Change]:
    """What moved from assessment ``a`` to ``b`` (dates as listed by ``history``)."""
    by_date = {h.date: h for h in hist}
    for d in (a, b):
        if d not in by_date:
            raise NotFound("assessment date", d, by_date)
    before, after = by_date[a].scores, by_date[b].scores
    changes = []
    for uc in sorted(after):
        for fld in ("maturity", "impact"):
            x, y = getattr(before[uc], fld), getattr(after[uc], fld)
            if x != y:
                changes.append(Change(uc, fld, x, y, after[uc].rationale))
    return changes
