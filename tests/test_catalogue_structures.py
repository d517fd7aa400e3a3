"""The study's structures are consistent with the cards."""

from __future__ import annotations

from typing import Any

from imagia.catalogue import structures
from imagia.catalogue.loader import packaged_structure, packaged_usecases
from imagia.catalogue.schema import FLAGS, INTERESTS, STAGES

IDS = {c.id for c in packaged_usecases()}


def _usecase_refs(node: Any) -> list[str]:
    """Every list under a key named 'usecases' (or 'members') anywhere in a structure."""
    found: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("usecases", "members") and isinstance(v, list):
                found += [x for x in v if isinstance(x, str)]
            else:
                found += _usecase_refs(v)
    elif isinstance(node, list):
        for v in node:
            found += _usecase_refs(v)
    return found


def test_every_structure_has_a_schema_and_known_ids() -> None:
    for name in ("stages", "matrix", "professions", "genres", "legends", "flags"):
        data = packaged_structure(name)
        assert data["schema"].startswith(name.capitalize() + "."), name
        unknown = set(_usecase_refs(data)) - IDS
        assert not unknown, (name, unknown)


def test_every_card_profession_maps_to_a_profession() -> None:
    # "Tous les métiers" (office tasks) names every profession, not one of them.
    known = {p["id"] for p in structures.professions()} | {"all"}
    for card in packaged_usecases():
        for p in card.professions:
            assert structures.profession_id(p.fr, p.en) in known, (card.id, p.fr)


def test_stages_follow_the_schema_order() -> None:
    for sector, ids in STAGES.items():
        got = structures.stages(sector)
        assert [s["id"] for s in got] == list(ids)
        assert all(s["name_fr"] and s["name_en"] for s in got)
    assert structures.stages("cinema_av")[0]["name_fr"] == "Développement"


def test_flags_and_interests_match_the_schema() -> None:
    assert [f["id"] for f in structures.flags()] == list(FLAGS)
    assert [i["id"] for i in structures.interests()] == list(INTERESTS)
    for f in structures.flags():
        assert f["check"]["fr"] and f["check"]["en"]


def test_matrix_has_six_groups() -> None:
    m = structures.matrix()
    assert len(m["groups"]) == 6
