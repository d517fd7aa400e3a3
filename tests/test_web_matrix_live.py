"""The study's matrix as people read it (every use case in a box, re-scored levels followed,
the basis on hover, no "lost" box) and the Jobs page's live stream (which rows it sends)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from imagia.catalogue.loader import packaged_structure
from imagia.catalogue.query import Catalogue
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.web import i18n, live
from imagia.web import matrix as study_matrix

LINK = re.compile(
    r'<a href="/usecases/([a-z0-9-]+)" class="mx-item( derived)?"><title>([^<]*)</title>'
)


def _links(svg: str) -> dict[str, tuple[bool, str]]:
    return {m.group(1): (bool(m.group(2)), unescape(m.group(3))) for m in LINK.finditer(svg)}


def _unassigned() -> set[str]:
    data = packaged_structure("matrix")
    return {u for e in data["unassigned_entries"]["entries"] for u in e["usecases"]}


def test_every_entry_of_the_study_matrix_is_placed_with_its_basis() -> None:
    cat = Catalogue.load()
    shown = study_matrix.study(cat, "en")
    assert shown is not None
    svg = str(shown["svg"])
    assert 'class="unknown"' not in svg and i18n.t("matrix.lost", "en") not in svg
    links = _links(svg)
    levels = {uc.id: uc.maturity_level for uc in cat.all()}
    for uid in _unassigned():
        if levels[uid] is None:
            assert uid not in links and uid in {u.id for u in shown["unassigned"]}
            continue
        derived, title = links[uid]
        assert derived and "Placed from the card's maturity level" in title, uid
        assert f"maturity {levels[uid]}" in title.lower()
    assert not links["shooting-schedule"][0]  # a member the study's text kept
    assert "Placed as in the study" in links["shooting-schedule"][1]
    fr = unescape(str(study_matrix.study(cat, "fr")["svg"]))  # type: ignore[index]
    assert "Placé d'après le niveau de maturité de la fiche" in fr
    assert "Potentiel d'adoption non précisé par l'étude" in fr


def _row_of(svg: str, uid: str) -> float:
    link = rf'href="/usecases/{uid}" class="mx-item[^"]*"><title>[^<]*</title>'
    m = re.search(link + r'<circle[^>]* cy="([\d.]+)"', svg)
    assert m, uid
    return float(m.group(1))


def test_a_re_scored_level_moves_the_use_case(tmp_path: Path) -> None:
    before = str(study_matrix.study(Catalogue.load(), "en")["svg"])  # type: ignore[index]
    assert Catalogue.load().get("foley").maturity_level == 3
    (tmp_path / "2026-06.yaml").write_text(
        "schema: Assessment.1\ndate: 2026-06\nauthor: test\nusecases:\n"
        '  foley: {maturity: 1, rationale: "not there yet"}\n',
        encoding="utf-8",
    )
    cat = Catalogue.load(assessments=tmp_path)
    after = str(study_matrix.study(cat, "en")["svg"])  # type: ignore[index]
    # y grows downwards: the nascent row is under the improving band ("lighting": level 3)
    assert _row_of(before, "foley") < _row_of(before, "music-scoring")
    assert _row_of(after, "foley") > _row_of(after, "lighting")
    assert _row_of(after, "music-scoring") > _row_of(after, "lighting")
    assert "maturity 1" in _links(after)["foley"][1].lower()


def test_the_live_stream_sends_new_and_changed_jobs_only(tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "ws")
    media = tmp_path / "ws" / "files" / "a.srt"
    media.write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour\n", encoding="utf-8")
    old = jobs.submit(ws, "subtitles-qc", {"subs": str(media)})
    with ws.connect() as con:  # finished long before the page was drawn
        con.execute("UPDATE jobs SET status='done', finished=1, created=1 WHERE id=?", (old.id,))
    first = live.states(ws)
    drawn = 100.0
    assert live.changed(None, first, drawn) == []  # nothing moved since the page was drawn
    queued = jobs.submit(ws, "subtitles-qc", {"subs": str(media)})
    now = live.states(ws)
    assert live.changed(None, now, drawn) == [queued.id]  # still running: always sent first
    before = {k: v[0] for k, v in now.items()}
    assert live.changed(before, now, drawn) == []
    with ws.connect() as con:
        con.execute("UPDATE jobs SET progress=0.5, status='running' WHERE id=?", (queued.id,))
    assert live.changed(before, live.states(ws), drawn) == [queued.id]
