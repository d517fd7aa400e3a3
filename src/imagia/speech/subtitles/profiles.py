"""Delivery profiles as data: each rule with its source. A user copies one to a YAML file
(``imagia subtitles profiles --show ID > mine.yaml``), edits it and passes the file's path as
``--profile``.

Sources: Netflix Timed Text Style Guide (general requirements and the English/French
guides), Netflix "Subtitle Timing Guidelines" (2-frame gaps, 12-frame rules at shot changes),
BBC Subtitle Guidelines 2024 (37 characters, 160-180 words per minute).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile, NotFound
from imagia.core.textfile import load_yaml


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    language: str  # "en", "fr", "any"
    max_chars_per_line: int = 42
    max_lines: int = 2
    max_cps: float = 17.0
    min_duration_ms: int = 833  # 5/6 s
    max_duration_ms: int = 7000
    min_gap_frames: int = 2
    close_gap_frames: int = 12  # gaps of this many frames or fewer are closed to min_gap
    shot_snap_frames: int = 12  # cues within this many frames of a shot change move to it
    out_cue_before_shot_frames: int = 2  # an out-cue near a shot change ends this many before
    dialogue: str = "dash"  # speaker change inside an event: "dash" or "name"
    dash: str = "-"  # English guide: "-Are you coming?"; French guide: "- Mais j'allais..."
    sdh: bool = False  # sound events [in brackets] and speaker names
    sound_tags: bool = False  # SDH: [MUSIC], [LAUGHTER]... from the sound classifier
    sound_tag_case: str = "upper"  # "upper" ([MUSIC]), "lower" ([music]) or "as-is"
    sound_tags_in_dialogue: bool = True  # under speech: the tag as a line of the event
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_NETFLIX = (
    "Netflix Timed Text Style Guide: 42 characters per line, 2 lines, 5/6 s to 7 s, "
    "2-frame gaps; reading speed 20 cps for adult English, 17 for other languages, "
    "17/13 for children's programmes"
)

PROFILES: dict[str, Profile] = {
    p.id: p
    for p in (
        Profile("netflix-en", "Netflix English (adult)", "en", max_cps=20.0, source=_NETFLIX),
        Profile(
            "netflix-fr", "Netflix French (adult)", "fr", max_cps=17.0, dash="- ", source=_NETFLIX
        ),
        Profile(
            "netflix-en-children", "Netflix English (children)", "en", max_cps=17.0, source=_NETFLIX
        ),
        Profile(
            "netflix-fr-children",
            "Netflix French (children)",
            "fr",
            max_cps=13.0,
            dash="- ",
            source=_NETFLIX,
        ),
        Profile(
            "sdh-en",
            "Netflix English SDH",
            "en",
            max_cps=20.0,
            sdh=True,
            sound_tags=True,
            source=_NETFLIX,
        ),
        Profile(
            "sdh-fr",
            "Netflix French SDH (sourds et malentendants)",
            "fr",
            max_cps=17.0,
            dash="- ",
            sdh=True,
            sound_tags=True,
            source=_NETFLIX,
        ),
        Profile(
            "bbc",
            "BBC subtitles",
            "en",
            max_chars_per_line=37,
            max_cps=16.0,
            min_duration_ms=1000,
            max_duration_ms=7000,
            dialogue="name",
            source="BBC Subtitle Guidelines: 37 characters per line (68% of a 16:9 screen), "
            "2 lines, 160-180 words per minute (about 16 characters per second)",
        ),
    )
}


def names() -> list[str]:
    return list(PROFILES)


def get(profile: str | Path | Profile) -> Profile:
    """A built-in profile by id, or a YAML file a user edited (same keys as ``to_dict``)."""
    if isinstance(profile, Profile):
        return profile
    key = str(profile)
    if key in PROFILES:
        return PROFILES[key]
    path = Path(key)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        if not path.is_file():
            raise BadFile(path, "profile file not found")
        raw = load_yaml(path, "YAML profile")  # any encoding, alias or YAML problem: BadFile
        if not isinstance(raw, dict):
            raise BadFile(path, "a profile must be a mapping of rule: value")
        known = {f.name for f in fields(Profile)}
        unknown = sorted(set(raw) - known - {"base"})
        if unknown:
            raise BadFile(
                path,
                f"unknown profile keys {unknown}",
                hint=f"valid keys: {', '.join(sorted(known))}",
            )
        base = PROFILES.get(str(raw.pop("base", "")), PROFILES["netflix-en"])
        # a copied profile is a new profile: its id is the file's name
        data = {**base.to_dict(), "name": path.stem, **raw, "id": path.stem}
        try:
            return Profile(**data)
        except TypeError as exc:
            raise BadFile(path, str(exc)) from None
    raise NotFound("subtitle profile", key, PROFILES)


def to_yaml(p: Profile) -> str:
    return yaml.safe_dump(p.to_dict(), sort_keys=False, allow_unicode=True)
