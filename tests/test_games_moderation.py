"""Moderation EN/FR on the hand-labelled set, obfuscations, hard negatives, review queue."""

from __future__ import annotations

import pytest

from imagia.games.chatset import HELD_OUT, HELD_OUT_EN, labelled
from imagia.games.moderation import (
    evidence_fr,
    language,
    measure,
    normalise,
    score_lines,
    summarise,
)


def test_precision_and_recall_per_language() -> None:
    res = {r.lang: r for r in measure(labelled())}
    assert res["fr"].n > 120 and res["en"].n > 100
    assert res["fr"].precision >= 0.95 and res["fr"].recall >= 0.95, res["fr"].errors
    assert res["en"].precision >= 0.85 and res["en"].recall >= 0.95, res["en"].errors
    held = {r.lang: r for r in measure([*HELD_OUT, *HELD_OUT_EN])}
    # lines written after the lexicon: lower, and said so in docs/games.md
    assert held["fr"].recall >= 0.75 and held["fr"].precision == 1.0
    assert held["en"].recall >= 0.6 and held["en"].precision == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "c0nnard",
        "c*nnard",
        "t'es un c0n",
        "connnnaaaard",
        "c o n n a r d",
        "c.o.n.n.a.s.s.e",
        "ta g**le",
        "n1que ta m3re",
        "sal0pe",
        "espèce de débile",
        "vous êtes nuls",
        "f*ck you",
        "kys",
        "you are an id10t",
        "fuuuuuck youuuu",
        "go hang yourself",
    ],
)
def test_obfuscated_insults_are_flagged(text: str) -> None:
    (v,) = score_lines([text])
    assert v.flagged, (text, v)
    assert v.evidence


@pytest.mark.parametrize(
    "text",
    [
        "on a perdu la connexion",
        "je vais le tuer au sniper",
        "on va se disputer la première place",
        "ce jeu à la con plante encore",
        "merde j'ai raté",
        "on est nuls aujourd'hui mdr",
        "nice kill",
        "shit, I missed",
        "I got a headshot on their sniper",
        "he called me an idiot, I reported him",
        "il m'a traité de connard, je l'ai signalé",
    ],
)
def test_hard_negatives_are_not_flagged(text: str) -> None:
    (v,) = score_lines([text])
    assert not v.flagged, (text, v)


def test_language_and_normalisation() -> None:
    assert language("t'es vraiment nul ce soir") == "fr"
    assert language("you are really bad tonight") == "en"
    assert normalise("C0NN@RD!!") == ["connard"]
    assert normalise("c o n n a r d") == ["connard"]


def test_review_queue_has_evidence_and_never_bans() -> None:
    vs = score_lines(["sale con", "gg wp", "ta gueule", "nice shot"])
    for v, p in zip(vs, ["a", "a", "a", "b"], strict=True):
        v.player = p
    (row,) = summarise(vs)
    assert row["player"] == "a" and row["action"] == "review"
    assert row["flagged"] == 2 and row["messages"] == 3
    assert row["evidence"][0]["why"]


def test_evidence_in_french() -> None:
    """Each evidence sentence has a French text; quoted words and numbers stay as data."""
    assert evidence_fr("insult 'connard' (connard)") == "insulte « connard » (connard)"
    assert evidence_fr("English classifier 0.87") == "classifieur anglais 0,87"
    assert evidence_fr("phrase /shut the fuck up/") == "phrase « shut the fuck up »"
    assert evidence_fr("reports or quotes someone else: score halved").startswith("rapporte")
    assert evidence_fr("idiom ('à la con'): insults nobody") == (
        "expression (« à la con ») : n'insulte personne"
    )
    (v,) = score_lines(["t'es vraiment un connard"])
    assert v.flagged and len(v.evidence_fr) == len(v.evidence)
    assert all(e.startswith(("insulte", "«", "phrase")) for e in v.evidence_fr), v.evidence_fr
