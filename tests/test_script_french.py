"""The screenplay tools' results in French too: the parser's warnings, the analysis note, and
the result views of parse, analysis and compare rendered in one language at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from imagia.script import read
from imagia.script.analysis import ReportOptions, analyse
from imagia.script.compare import compare
from imagia.script.demo import sample_path
from imagia.script.notes_fr import french
from imagia.script.ocr_pdf import note
from imagia.web import i18n
from tests.test_web_language import foreign


def test_every_parser_warning_has_its_french_text(tmp_path: Path) -> None:
    src = tmp_path / "draft.fountain"
    src.write_text(
        "INT. KITCHEN\n\nNORA sits.\n\n#4#\n\nEXT. PARK - DAY #4#\n\nSAM runs.\n",
        encoding="utf-8",
    )
    warnings = read(src).warnings
    assert warnings
    for w in [*warnings, note(3)]:
        fr = french(w)
        assert fr and foreign(fr, "fr") is None, (w, fr)
    assert french("scene numbers used twice: 4, 7") == (
        "numéros de séquence employés deux fois : 4, 7"
    )
    assert "page 3 lue par reconnaissance" in french(note(3))
    assert french("something else entirely") == ""


def test_analysis_note_in_both_languages(tmp_path: Path) -> None:
    rep = analyse(read(sample_path("night-ferry.fountain")))
    assert "inferred" in rep["parity_note"] and "déduits" in rep["parity_note_fr"]
    sheet = tmp_path / "cast.csv"
    sheet.write_text("name,gender\nNORA,F\n", encoding="utf-8")
    rep = analyse(read(sample_path("night-ferry.fountain")), ReportOptions(cast_sheet=sheet))
    assert rep["parity_note_fr"] == "genres d'après la fiche de distribution"


def _render(view: str, lang: str, **ctx: Any) -> str:
    from jinja2 import Environment, FileSystemLoader

    from imagia.web import pages

    env = Environment(loader=FileSystemLoader(str(pages.TEMPLATES)), autoescape=True)
    base = {
        "lang": lang,
        "num": lambda v: i18n.number(v, lang),
        "money": lambda v, cur="EUR": i18n.money(v, cur, lang),
        "vocab": lambda kind, value: i18n.vocab(kind, value, lang),
        "colon": "\u00a0:" if lang == "fr" else ":",
        "job": {"result": {}},
        "outputs_json": {},
    }
    return env.get_template(f"results/{view}.html").render(**{**base, **ctx})


def _visible(html: str) -> list[str]:
    """Text outside tags marked translate="no" (the screenplay's own words)."""
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.data: list[bool] = []
            self.out: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in ("br", "meta"):
                self.data.append(dict(attrs).get("translate") == "no" or any(self.data))

        def handle_endtag(self, tag: str) -> None:
            if tag not in ("br", "meta") and self.data:
                self.data.pop()

        def handle_data(self, d: str) -> None:
            if d.strip() and not any(self.data):
                self.out.append(" ".join(d.split()))

    p = P()
    p.feed(html)
    return p.out


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_views_in_one_language(lang: str) -> None:
    a = read(sample_path("night-ferry.fountain"))
    b = read(sample_path("night-ferry-v2.fountain"))
    diff = compare(a, b)
    rep = analyse(a)
    sp = a.to_dict()
    result = {
        "title": a.title,
        "language": a.language,
        "format": a.source_format,
        "scenes": len(a.scenes),
        "characters": len(a.characters()),
        "pages": 3.0,
        "warnings": ["scene numbers used twice: 4"],
        "warnings_fr": [french("scene numbers used twice: 4")],
    }
    views = {
        "script-compare": _render("script-compare", lang, outputs_json={"diff/json": diff}),
        "script-analysis": _render("script-analysis", lang, outputs_json={"report/json": rep}),
        "script-parse": _render(
            "script-parse", lang, outputs_json={"screenplay/json": sp}, job={"result": result}
        ),
    }
    for view, html in views.items():
        texts = _visible(html)
        assert len(texts) > 20, view
        bad = [(t, foreign(t, lang)) for t in texts if foreign(t, lang)]
        assert not bad, (view, bad)
    fr = lang == "fr"
    assert ("Séquences déplacées" if fr else "Scenes moved") in views["script-compare"]
    assert ("numéros de séquence" if fr else "scene numbers used") in views["script-parse"]
