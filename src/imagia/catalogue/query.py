"""Query the catalogue: list with filters, one card, search, stats against the study's counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.catalogue import assessments as asm
from imagia.catalogue.loader import load_usecase_dir, packaged_structure, packaged_usecases
from imagia.catalogue.model import UseCase
from imagia.catalogue.schema import GROUPS, INTERESTS, SECTORS, STAGES, WHOLE_CHAIN, UseCaseFile
from imagia.catalogue.structures import profession_id
from imagia.catalogue.text import fold
from imagia.core.errors import BadValue, NotFound

STATUSES = ("runs", "partial", "not_yet")


@dataclass
class Filters:
    """Filters of ``catalogue list``; each is optional and they combine with AND."""

    sector: str | None = None
    stage: str | None = None
    profession: str | None = None
    group: str | None = None
    maturity_min: int | None = None
    impact: int | None = None
    interest: str | None = None
    status: str | None = None  # runs / partial / not_yet / "imagia" (runs or partial)


@dataclass
class Catalogue:
    """The use cases with the assessment history (the study's baseline plus workspace files)."""

    cards: list[UseCaseFile]
    history: list[asm.Assessment] = field(default_factory=list)

    @classmethod
    def load(cls, data: Path | None = None, assessments: Path | None = None) -> Catalogue:
        cards = load_usecase_dir(data) if data else list(packaged_usecases())
        return cls(cards, asm.history(cards, assessments))

    # -- access -----------------------------------------------------------------------------
    @property
    def current(self) -> asm.Assessment:
        return self.history[-1]

    def at(self, date: str | None = None) -> list[UseCase]:
        """Every use case with the levels of the assessment at ``date`` (default: latest)."""
        hist = {h.date: h for h in self.history}
        if date is not None and date not in hist:
            raise NotFound("assessment date", date, hist)
        a = hist[date] if date else self.current
        return [
            UseCase(c, a.scores[c.id].impact, a.scores[c.id].maturity, a.date) for c in self.cards
        ]

    def all(self) -> list[UseCase]:
        return self.at()

    def ids(self) -> list[str]:
        return [c.id for c in self.cards]

    def get(self, usecase_id: str) -> UseCase:
        for uc in self.all():
            if uc.id == usecase_id:
                return uc
        raise NotFound("use case", usecase_id, self.ids())

    # -- filters ----------------------------------------------------------------------------
    def professions(self) -> dict[str, dict[str, str]]:
        """Profession id -> names, from the cards."""
        out: dict[str, dict[str, str]] = {}
        for c in self.cards:
            for p in c.professions:
                out.setdefault(profession_id(p.fr, p.en), {"fr": p.fr, "en": p.en})
        return dict(sorted(out.items()))

    def validate(self, f: Filters) -> None:
        """Raise :class:`BadValue` listing the valid values for any unknown filter value."""
        if f.sector is not None and f.sector not in SECTORS:
            raise BadValue("sector", f.sector, SECTORS)
        all_stages = sorted({s for v in STAGES.values() for s in v} | {WHOLE_CHAIN})
        if f.stage is not None:
            valid = STAGES[f.sector] + (WHOLE_CHAIN,) if f.sector else tuple(all_stages)
            if f.stage not in valid:
                raise BadValue("stage", f.stage, valid)
        if f.profession is not None and f.profession not in self.professions():
            raise BadValue("profession", f.profession, self.professions())
        if f.group is not None and f.group not in GROUPS:
            raise BadValue("group", f.group, GROUPS)
        for name in ("maturity_min", "impact"):
            v = getattr(f, name)
            if v is not None and v not in (1, 2, 3, 4):
                raise BadValue(name.replace("_", "-"), v, ["1", "2", "3", "4"])
        if f.interest is not None and f.interest not in INTERESTS:
            raise BadValue("interest", f.interest, INTERESTS)
        if f.status is not None and f.status not in (*STATUSES, "imagia"):
            raise BadValue("status", f.status, (*STATUSES, "imagia"))

    def filter(self, f: Filters | None = None) -> list[UseCase]:
        f = f or Filters()
        self.validate(f)
        out = []
        for uc in self.all():
            c = uc.card
            if f.sector and f.sector not in c.sectors:
                continue
            if f.stage:
                sectors = [f.sector] if f.sector else list(c.stages)
                if not any(f.stage in c.stages.get(s, []) for s in sectors):  # type: ignore[call-overload,unused-ignore]
                    continue
            if f.profession and f.profession not in uc.profession_ids:
                continue
            if f.group and c.group != f.group:
                continue
            if f.maturity_min and (uc.maturity_level or 0) < f.maturity_min:
                continue
            if f.impact and uc.impact_level != f.impact:
                continue
            if f.interest and f.interest not in c.interests:
                continue
            if f.status:
                st = uc.status
                if f.status == "imagia" and st == "not_yet":
                    continue
                if f.status != "imagia" and st != f.status:
                    continue
            out.append(uc)
        return out

    # -- search -----------------------------------------------------------------------------
    def search(self, text: str) -> list[tuple[UseCase, float]]:
        """Use cases matching every word of ``text`` (accent- and case-insensitive, FR and EN),
        best first. Names weigh more than keywords, keywords more than descriptions."""
        words = [w for w in fold(text).replace("-", " ").split() if len(w) > 1 or w.isdigit()]
        if not words:
            raise BadValue("search text", text, reason="give at least one word")
        results = []
        for uc in self.all():
            c = uc.card
            fields = [
                (3.0, f"{c.name_fr} {c.name_en} {c.id}"),
                (2.0, " ".join(c.keywords) + " " + " ".join(c.tools_cited)),
                (1.5, " ".join(f"{p.fr} {p.en}" for p in c.professions)),
                (1.0, f"{c.description.fr} {c.description.en} {c.adoption.fr} {c.adoption.en}"),
                (0.5, " ".join(f"{e.fr} {e.en}" for e in c.examples)),
            ]
            folded = [(w, fold(t).replace("-", " ")) for w, t in fields]
            score = 0.0
            for word in words:
                hit = sum(weight * _count(word, t) for weight, t in folded)
                if hit == 0:
                    break
                score += hit
            else:
                results.append((uc, round(score, 2)))
        return sorted(results, key=lambda r: (-r[1], r[0].id))

    # -- stats ------------------------------------------------------------------------------
    def stats(self) -> list[dict[str, Any]]:
        """Use cases per stage per sector beside the study's synthesis counts, with the reason
        for every difference."""
        stages_data = packaged_structure("stages") or {}
        study = stages_data.get("synthesis_counts", {})
        notes = {
            d["stage"]: d.get("note", {})
            for d in (stages_data.get("card_counts") or {}).get("discrepancies", [])
        }
        rows = []
        for sector in SECTORS:
            counts: Counter[str] = Counter()
            whole: list[str] = []
            members: dict[str, list[str]] = {}
            for c in self.cards:
                for stage in c.stages.get(sector, []):  # type: ignore[call-overload]
                    if stage == WHOLE_CHAIN:
                        whole.append(c.id)
                        continue
                    counts[stage] += 1
                    members.setdefault(stage, []).append(c.id)
            for stage in STAGES[sector]:
                ours = counts.get(stage, 0)
                theirs = (study.get(sector) or {}).get(stage)
                if isinstance(theirs, dict):
                    theirs = theirs.get("count")
                rows.append(
                    {
                        "sector": sector,
                        "stage": stage,
                        "cards": ours,
                        "study": theirs,
                        "difference": None if theirs is None else ours - theirs,
                        "usecases": members.get(stage, []),
                        "explanation": _explain(
                            sector,
                            stage,
                            ours,
                            theirs,
                            whole,
                            self.cards,
                            notes.get(f"{sector}.{stage}", {}).get("en"),
                        ),
                        "explanation_fr": notes.get(f"{sector}.{stage}", {}).get("fr"),
                    }
                )
        return rows


def _count(word: str, text: str) -> int:
    """Occurrences of ``word`` as a word prefix in ``text`` (so 'sous-titr' finds both)."""
    n = 0
    start = 0
    while True:
        i = text.find(word, start)
        if i < 0:
            return n
        if i == 0 or not text[i - 1].isalnum():
            n += 1
        start = i + 1


def _explain(
    sector: str,
    stage: str,
    ours: int,
    theirs: int | None,
    whole: list[str],
    cards: list[UseCaseFile],
    note: str | None = None,
) -> str:
    if theirs is None:
        return "the study gives no count for this stage"
    if ours == theirs:
        return "same count" + (f"; {note}" if note else "")
    if note:
        return note
    multi = [
        c.id
        for c in cards
        if len([s for s in c.stages.get(sector, []) if s != WHOLE_CHAIN]) > 1  # type: ignore[call-overload]
        and stage in c.stages.get(sector, [])  # type: ignore[call-overload]
    ]
    parts = []
    if multi:
        parts.append(
            f"{len(multi)} card(s) sit at several stages and count once per stage here "
            f"({', '.join(multi)})"
        )
    if whole:
        parts.append(
            f"{len(whole)} card(s) say 'the whole value chain' and are counted at no stage "
            f"({', '.join(whole)})"
        )
    parts.append(
        "the synthesis slide counts the use cases it drew per stage, which groups or splits "
        "some cards differently from their own 'Étape' field"
        if ours != theirs
        else ""
    )
    return "; ".join(p for p in parts if p)
