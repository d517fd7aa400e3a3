"""Reasons of a recommendation on a small hand-made catalogue: "same director as X" when the
catalogue names directors, "editorial pick" for the catalogue's editorial works placed by the
editorial quota; the reader names a bad editorial flag's row."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.broadcast import interactions, items, recommend
from imagia.broadcast.controls import Controls, Quota
from imagia.core.errors import BadFile

CATALOGUE = """id,title,genres,director,editorial
a1,Cléo de 5 à 7,Drama,Agnès Varda,no
a2,Sans toit ni loi,Drama,Agnès Varda,no
b1,Les Parapluies de Cherbourg,Musical,Jacques Demy,no
b2,Lola,Drama,Jacques Demy,no
c1,Playtime,Comedy,Jacques Tati,no
c2,Le Soupirant,Comedy,Pierre Étaix,no
d1,Le Samouraï,Crime,Jean-Pierre Melville,no
e1,Les Glaneurs et la Glaneuse,Documentary,Agnès Varda|Didier Rouget,yes
"""


def _world() -> recommend.Recommender:
    cat = items.parse(CATALOGUE, "catalogue.csv")
    rows = ["user,item"]
    for u in range(12):  # a1 and a2 are watched together, and so are c1 and c2
        rows += [f"v{u},a1", f"v{u},a2", f"v{u},c1", f"v{u},c2"]
        if u % 2:
            rows += [f"v{u},b1", f"v{u},d1"]
    rows += [f"w{u},{i}" for u in range(6) for i in ("c1", "c2")]
    rows += ["v99,e1", "v99,b2", "me,a1", "me,c1"]
    data = interactions.parse("\n".join(rows) + "\n", "inter.csv", [it.id for it in cat])
    return recommend.fit(cat, data, "itemknn")


def test_catalogue_reads_directors_and_editorial_flag() -> None:
    cat = items.parse(CATALOGUE, "catalogue.csv")
    assert cat[7].directors == ("Agnès Varda", "Didier Rouget") and cat[7].editorial
    assert cat[0].directors == ("Agnès Varda",) and not cat[0].editorial
    with pytest.raises(BadFile, match=r"row 2 column editorial"):
        items.parse("id,title,editorial\nx,X,perhaps\n", "c.csv")


def test_same_director_and_editorial_pick_are_the_reasons() -> None:
    rec = _world()
    picks = recommend.recommend(rec, "me", 3)
    by = {p.item: p for p in picks}
    assert by["a2"].why_en == "same director as" and by["a2"].because == "Cléo de 5 à 7"
    assert by["a2"].why_fr == "même réalisateur que"
    assert by["c2"].why_en == "because you watched" and by["c2"].because == "Playtime"
    assert "e1" not in by  # one viewer only: not among the best three
    ctl = Controls(quotas=(Quota("editorial", 0.3, 3),))
    with_pick = {p.item: p for p in recommend.recommend(rec, "me", 3, ctl)}
    assert with_pick["e1"].why_en == "editorial pick"
    assert with_pick["e1"].why_fr == "choix de la rédaction"
    seen = recommend.recommend(rec, "v99", 3, ctl)  # v99 has seen it: not offered again
    assert "e1" not in {p.item for p in seen}


def test_cli_gives_the_reasons_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from imagia.cli import app

    rec = _world()
    (tmp_path / "c.csv").write_text(CATALOGUE)
    rows = ["user,item"] + [
        f"{rec.data.users[u]},{rec.items[i].id}"
        for u, i in zip(rec.data.user, rec.data.item, strict=True)
    ]
    (tmp_path / "i.csv").write_text("\n".join(rows) + "\n")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    args = ["recommend", "for", "me", "-n", "3", "--model", "itemknn", "--eof-share", "0",
            "--european-share", "0", "--editorial-share", "0.3", "--catalogue",
            str(tmp_path / "c.csv"), "--interactions", str(tmp_path / "i.csv"),
            "-w", str(tmp_path / "ws")]  # fmt: skip
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    assert "choix de la rédaction" in out and "même réalisateur que Cléo de 5 à 7" in out
    assert "pourquoi" in out and "données : c.csv" in out and "because" not in out
