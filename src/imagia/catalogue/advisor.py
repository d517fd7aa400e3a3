"""The advisor: which use cases fit a project, ranked, with the reason for each.

Ranking rule (documented in docs/advisor.md and tested):

1. **Eligibility.** The use case must belong to the project's sector; when a stage is given, the
   card must sit at that stage (or along the whole value chain). When a genre is given and the
   study's genre tables say the use case is little or not concerned for it, it is left out (and
   listed among the exclusions with that reason).
2. **Score** = goal + maturity + genre fit + imagia, where
   - goal: +3 when the study lists the goal among the use case's interests;
   - maturity: level (1-4) x a budget weight (low 1.5, mid 1.0, high 0.5): a small budget needs
     proven technology, a large one can afford to try what is still developing; on a low budget
     a technology of level 1-2 also costs -3;
   - genre fit: +2 when generally applicable to the genre, +1 when partly, 0 when unknown;
   - imagia: +2 when imagia runs the use case, +1 when it runs part of it (x1.5 on a low budget:
     local tools cost nothing per use);
   - high budget: +0.5 when the use case serves creativity or quality;
   - deliverables: +2 for what distributors and broadcasters require at delivery whatever the
     budget (subtitles, audio description, a loudness-compliant mix, metadata, regulatory
     compliance), when no stage is given or the stage is post-production, release or broadcast;
     the low-budget penalty for immature technology does not apply to them, since a professional
     edits the AI draft of a deliverable that must be made anyway;
   - rights to clear: on a low budget, -1 for each flag that needs contracts or consents
     (performers' personality rights, rights to use generated outputs);
   - stage: when a stage is given, +1 for a use case placed at that stage (not one that runs
     along the whole chain, which fits every stage and so says little about this one);
   - live operations: a game after launch is run on its players (matches, reports, cheats,
     behaviour), so the use cases that act on the live player base (:data:`LIVE_OPS`) are
     eligible at ``post_launch`` even where the study places them at development, and get +3
     there (the weight of a goal: it is the stage's main job).
3. Ties break by expected impact on jobs (lower first: less disruption to absorb), then id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imagia.catalogue.genres import applicability, genre_ids
from imagia.catalogue.model import UseCase
from imagia.catalogue.query import Catalogue
from imagia.catalogue.schema import SECTORS, STAGES, WHOLE_CHAIN
from imagia.core.errors import BadValue
from imagia.core.registry import tools_for

GOALS: dict[str, str] = {
    "time": "time_saving",
    "cost": "cost_reduction",
    "quality": "quality",
    "creativity": "creativity",
    "experience": "user_experience",
    "revenue": "new_revenue",
    "risk": "risk_reduction",
}
BUDGETS = {"low": 1.5, "mid": 1.0, "high": 0.5}
FIT_POINTS = {"generally": 2.0, "partly": 1.0, "unknown": 0.0}
# What a distributor or broadcaster requires at delivery (accessibility versions, a compliant
# mix, metadata, regulatory checks).
DELIVERABLES = frozenset(
    {"subtitling", "audio-description", "audio-post", "metadata", "compliance"}
)
DELIVERY_STAGES = frozenset({"postproduction", "release", "broadcast"})
CONTRACT_FLAGS = frozenset({"personality_rights", "output_rights"})
# Use cases that act on a live game's players: what a studio runs every day after launch.
LIVE_OPS = frozenset({"matchmaking", "player-analytics", "toxicity-detection", "cheat-detection"})
# Words for the reasons (French, English): a person reads them, not ids.
GOAL_WORDS: dict[str, tuple[str, str]] = {
    "time": ("gagner du temps", "saving time"),
    "cost": ("réduire les coûts", "cutting costs"),
    "quality": ("améliorer la qualité", "better quality"),
    "creativity": ("stimuler la créativité", "creativity"),
    "experience": ("l'expérience des utilisateurs", "the users' experience"),
    "revenue": ("de nouvelles recettes", "new revenue"),
    "risk": ("réduire les risques", "reducing risk"),
}
FLAG_WORDS: dict[str, tuple[str, str]] = {
    "personality_rights": (
        "droits de la personnalité des interprètes",
        "performers' personality rights",
    ),
    "output_rights": ("droits sur les contenus générés", "rights in generated content"),
}
MATURITY_WORDS: dict[int, tuple[str, str]] = {
    1: ("technologie émergente", "emerging technology"),
    2: ("technologie en développement", "technology in development"),
    3: ("technologie mature", "mature technology"),
    4: ("technologie très mature", "very mature technology"),
}


@dataclass(frozen=True)
class Request:
    sector: str
    goal: str = "time"
    budget: str = "mid"
    genre: str | None = None
    stage: str | None = None

    def check(self) -> None:
        if self.sector not in SECTORS:
            raise BadValue("sector", self.sector, SECTORS)
        if self.goal not in GOALS:
            raise BadValue("goal", self.goal, GOALS)
        if self.budget not in BUDGETS:
            raise BadValue("budget", self.budget, BUDGETS)
        if self.genre is not None and self.genre not in genre_ids():
            raise BadValue("genre", self.genre, genre_ids())
        if self.stage is not None and self.stage not in STAGES[self.sector]:
            raise BadValue("stage", self.stage, STAGES[self.sector])


@dataclass
class Recommendation:
    usecase: UseCase
    score: float
    reasons: list[str] = field(default_factory=list)
    reasons_fr: list[str] = field(default_factory=list)
    fit: str = "unknown"
    command: str | None = None

    def to_dict(self) -> dict[str, Any]:
        uc = self.usecase
        return {
            "id": uc.id,
            "name_fr": uc.card.name_fr,
            "name_en": uc.card.name_en,
            "score": self.score,
            "reasons": self.reasons,
            "reasons_fr": self.reasons_fr,
            "genre_fit": self.fit,
            "maturity": {"label": uc.card.maturity.label_en, "level": uc.maturity_level},
            "impact": {"label": uc.card.impact.label_en, "level": uc.impact_level},
            "flags": list(uc.card.flags),
            "status": uc.status,
            "command": self.command,
        }


def _live_ops(uc: UseCase, req: Request) -> bool:
    return req.sector == "games" and req.stage == "post_launch" and uc.id in LIVE_OPS


def _eligible_stage(uc: UseCase, req: Request) -> bool:
    stages = uc.card.stages.get(req.sector, [])  # type: ignore[call-overload]
    return req.stage is None or req.stage in stages or WHOLE_CHAIN in stages or _live_ops(uc, req)


def advise(cat: Catalogue, req: Request) -> list[Recommendation]:
    """Ranked recommendations for ``req`` (see the module docstring for the rule)."""
    req.check()
    weight = BUDGETS[req.budget]
    interest = GOALS[req.goal]
    fits = applicability(req.genre) if req.genre else {}
    recs: list[Recommendation] = []
    for uc in cat.all():
        c = uc.card
        if req.sector not in c.sectors or not _eligible_stage(uc, req):
            continue
        fit = fits.get(uc.id, "unknown")
        if fit == "little":
            continue
        r = Recommendation(uc, 0.0, fit=fit)
        if interest in c.interests:
            r.score += 3
            fr, en = GOAL_WORDS[req.goal]
            r.reasons.append(f"serves your goal: {en}")
            r.reasons_fr.append(f"répond à votre objectif : {fr}")
        level = uc.maturity_level or 0
        r.score += level * weight
        if level in MATURITY_WORDS:
            r.reasons_fr.append(MATURITY_WORDS[level][0])
            r.reasons.append(MATURITY_WORDS[level][1])
        stages = c.stages.get(req.sector, [])
        if _live_ops(uc, req):
            r.score += 3
            r.reasons.append("runs on your live game's players (matches, reports, behaviour)")
            r.reasons_fr.append(
                "agit sur les joueurs de votre jeu en ligne (parties, signalements)"
            )
        elif req.stage is not None and req.stage in stages:
            r.score += 1
            r.reasons.append("made for this stage")
            r.reasons_fr.append("propre à cette étape")
        deliverable = uc.id in DELIVERABLES and (req.stage is None or req.stage in DELIVERY_STAGES)
        if deliverable:
            r.score += 2
            r.reasons.append("a deliverable distributors and broadcasters require")
            r.reasons_fr.append("un livrable exigé par les distributeurs et diffuseurs")
        if req.budget == "low" and level <= 2 and not deliverable:
            r.score -= 3
            r.reasons.append("technology still developing: risky on a small budget")
            r.reasons_fr.append("technologie encore en développement : risquée à petit budget")
        if req.genre:
            r.score += FIT_POINTS[fit]
            if fit != "unknown":
                en = "generally" if fit == "generally" else "partly"
                fr = "généralement" if fit == "generally" else "en partie"
                r.reasons.append(f"{en} applicable to {req.genre}")
                r.reasons_fr.append(f"{fr} applicable au genre {req.genre}")
        st = uc.status
        if st != "not_yet":
            bonus = (2.0 if st == "runs" else 1.0) * (1.5 if req.budget == "low" else 1.0)
            r.score += bonus
            tools = tools_for(uc.id)
            r.command = tools[0].command if tools else None
            r.reasons.append(
                "imagia runs it locally" if st == "runs" else "imagia runs part of it locally"
            )
            r.reasons_fr.append(
                "imagia le fait tourner en local"
                if st == "runs"
                else "imagia en fait tourner une partie en local"
            )
        contracts = CONTRACT_FLAGS & set(c.flags)
        if req.budget == "low" and contracts:
            r.score -= len(contracts)
            r.reasons.append(
                "rights to clear: " + ", ".join(FLAG_WORDS[f][1] for f in sorted(contracts))
            )
            r.reasons_fr.append(
                "droits à négocier : " + ", ".join(FLAG_WORDS[f][0] for f in sorted(contracts))
            )
        if req.budget == "high" and {"creativity", "quality"} & set(c.interests):
            r.score += 0.5
            r.reasons.append("creativity or quality gain, worth it on a large budget")
            r.reasons_fr.append("gain créatif ou qualitatif, pertinent à gros budget")
        r.score = round(r.score, 2)
        recs.append(r)
    # at equal scores, a live game's own operations before what only borders on them
    recs.sort(
        key=lambda r: (
            -r.score,
            not _live_ops(r.usecase, req),
            r.usecase.impact_level or 0,
            r.usecase.id,
        )
    )
    return recs
