"""Screenplay formats against hand-written answer keys: Fountain (EN, FR), FDX, plain text and
PDF (US and French layouts, with a (MORE)/(CONT'D) page break), round trips, bad inputs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.script import read, write
from imagia.script.demo import sample_path
from imagia.script.evaluate import answers, parse_accuracy
from imagia.script.formats import dumps, guess_format, loads
from imagia.script.formats import pdf as pdfmod
from imagia.script.formats import text as textmod
from imagia.script.lang import detect_language
from imagia.script.model import count_words, normalise_name, parse_heading

EN = "night-ferry.fountain"
FR = "dernier-tram.fountain"


def _shape(sp) -> dict:  # type: ignore[no-untyped-def]
    d = sp.to_dict(elements=False)
    for s in d["scenes"]:
        s.pop("page", None)
    return {k: d[k] for k in ("scenes", "characters", "language")}


@pytest.mark.parametrize("name", [EN, FR])
def test_fountain_matches_answer_key(name: str) -> None:
    key = answers()[name]
    sp = read(sample_path(name))
    acc = parse_accuracy(sp, key)
    assert acc["scenes_found"] == acc["scenes_expected"]
    assert acc["scenes_all_fields_right"] == acc["scenes_expected"], acc
    assert acc["characters_right"] == acc["characters_expected"], acc
    assert sp.title == key["title"] and sp.language == key["language"]
    kinds: dict[str, int] = {}
    for e in sp.all_elements():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    for kind, n in key["elements"].items():
        assert kinds.get(kind, 0) == n, kind
    dual = [e.name for e in sp.scenes[key["dual_dialogue_scene"] - 1].elements if e.dual]
    assert len(dual) == 2


def test_fountain_spec_details() -> None:
    sp = read(sample_path(EN))
    assert sp.title_page["Contact"] == "imagia project\nNot for production"
    assert "BOATHOUSE" not in str(sp.to_dict())  # the boneyard is not part of the script
    assert sp.preamble[0].kind == "transition" and sp.preamble[0].text == "FADE IN:"
    assert [e.kind for e in sp.preamble[1:]] == ["section", "synopsis"]
    s1 = sp.scenes[0]
    assert s1.elements[-1].kind == "note" and "timetable" in s1.elements[-1].text
    cue = next(e for e in s1.elements if e.kind == "character" and e.extension)
    assert (cue.name, cue.extension) == ("SAM", "O.S.")
    s8 = sp.scenes[7]
    assert s8.forced and s8.number == "8" and s8.int_ext is None
    lyrics = [e.text for e in sp.scenes[4].elements if e.kind == "lyrics"]
    assert lyrics == ["Row, row, row your boat,", "gently down the stream."]
    assert sp.scenes[5].elements[-1].kind == "centered"


def test_fountain_forced_elements_and_inline_notes() -> None:
    src = (
        b"!EXT. NOT A HEADING\n\n.INSIDE THE CAR\n\n@McGRATH (V.O.)\nHi [[a note]] there.\n\n"
        b"> ON SCREEN\n\n!ALL CAPS ACTION\n\nHE NODS.\n\n~La la la\n\n#13A#\n\n"
        b"INT. HOUSE - DAY #12#\n\nText.\n"
    )
    sp = loads(src, "fountain")
    assert sp.scenes[0].heading == ".INSIDE THE CAR"
    assert sp.preamble[0].kind == "action" and sp.preamble[0].text == "EXT. NOT A HEADING"
    s = sp.scenes[0]
    cue = s.elements[0]
    assert (cue.kind, cue.name, cue.extension, cue.forced) == ("character", "MCGRATH", "V.O.", True)
    assert s.elements[1].text == "Hi there." and s.elements[2].kind == "note"
    assert s.elements[3].kind == "transition" and s.elements[3].forced
    assert s.elements[4].kind == "action" and s.elements[5].text == "HE NODS."
    assert s.elements[6].kind == "lyrics"
    assert sp.scenes[1].number == "12"
    again = loads(dumps(sp, "fountain"), "fountain")
    assert _shape(again) == _shape(sp)


@pytest.mark.parametrize(
    ("heading", "want"),
    [
        ("INT. MAISON - CUISINE - JOUR", (None, "INT", "MAISON", "CUISINE", "JOUR")),
        ("12. INT. SALON - SOIR", ("12", "INT", "SALON", None, "SOIR")),
        ("EXT./INT. CAR - MOVING - NIGHT", (None, "INT/EXT", "CAR", "MOVING", "NIGHT")),
        ("I/E. VOITURE - NUIT", (None, "INT/EXT", "VOITURE", None, "NUIT")),
        ("INT. HALL - MOMENTS LATER #4A#", ("4A", "INT", "HALL", None, "MOMENTS LATER")),
        ("EXT. PLAGE - CRÉPUSCULE", (None, "EXT", "PLAGE", None, "CRÉPUSCULE")),
        ("INT. BUREAU (CONTINUOUS)", (None, "INT", "BUREAU", None, "CONTINUOUS")),
        ("EST. PARIS - DAWN", (None, "EXT", "PARIS", None, "DAWN")),
        ("INT. GARE", (None, "INT", "GARE", None, None)),
    ],
)
def test_heading_conventions(heading: str, want: tuple) -> None:  # type: ignore[type-arg]
    h = parse_heading(heading)
    assert (h.number, h.int_ext, h.location, h.sub_location, h.time_of_day) == want


def test_names_and_words() -> None:
    assert normalise_name("@McGRATH (V.O.)") == ("MCGRATH", "V.O.")
    assert normalise_name("HÉLÈNE (OFF) (SUITE)") == ("HÉLÈNE", "OFF SUITE")
    assert normalise_name("SAM ^") == ("SAM", None)
    assert count_words("Hélène ! Tu n'as pas changé.") == 5
    assert count_words("Alors... on — y va ? 12") == 5


@pytest.mark.parametrize("name", [EN, FR])
def test_fdx_round_trip(name: str, tmp_path: Path) -> None:
    sp = read(sample_path(name))
    out = write(sp, tmp_path / "x.fdx")
    back = read(out)
    assert back.source_format == "fdx"
    assert _shape(back) == _shape(sp)
    assert back.title_page == sp.title_page
    assert [e.dual for e in back.all_elements() if e.kind == "character"] == [
        e.dual for e in sp.all_elements() if e.kind == "character"
    ]
    assert sum(e.kind == "note" for e in back.all_elements()) == 1


def test_fdx_written_by_final_draft_shape() -> None:
    src = b"""<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<FinalDraft DocumentType="Script" Template="No" Version="4">
<Content>
<Paragraph Number="3" Type="Scene Heading"><Text>INT. KITCHEN - NIGHT</Text></Paragraph>
<Paragraph Type="Action"><Text>Ann opens the </Text><Text Style="Bold">FRIDGE</Text></Paragraph>
<Paragraph Type="Character"><Text>ANN (CONT'D)</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>Nothing. Again.</Text></Paragraph>
<Paragraph Type="Shot"><Text>CLOSE ON THE FRIDGE</Text></Paragraph>
</Content>
<TitlePage><Content><Paragraph><Text>KITCHEN</Text></Paragraph>
<Paragraph><Text>by</Text></Paragraph></Content></TitlePage>
</FinalDraft>"""
    sp = loads(src, "fdx")
    s = sp.scenes[0]
    assert s.number == "3" and s.time_of_day == "NIGHT"
    assert s.elements[0].text == "Ann opens the FRIDGE"
    assert s.speakers() == ["ANN"] and sp.characters()[0].dialogue_words == 2
    assert sp.title == "KITCHEN"


@pytest.mark.parametrize(("name", "style"), [(EN, "us"), (FR, "fr"), (EN, "fr"), (FR, "us")])
def test_text_and_pdf_layouts_read_back(name: str, style: str) -> None:
    sp = read(sample_path(name))
    want = _shape(sp)
    txt = textmod.dumps(sp, style)
    assert guess_format(Path("draft.txt"), txt) == "text"
    back = loads(txt, "text")
    # plain text cannot show italics: lyrics come back as dialogue
    lyric_words = sum(count_words(e.text) for e in sp.all_elements() if e.kind == "lyrics")
    got = _shape(back)
    assert got["scenes"] == want["scenes"]
    assert (
        sum(c["dialogue_words"] for c in got["characters"])
        == sum(c["dialogue_words"] for c in want["characters"]) + lyric_words
    )
    pdf = pdfmod.dumps(sp, style)
    assert guess_format(Path("noext"), pdf) == "pdf"
    assert _shape(loads(pdf, "pdf")) == want


def test_pdf_page_break_inside_a_speech_is_one_speech() -> None:
    sp = read(sample_path(EN))
    pdf = pdfmod.dumps(sp, "us")
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    assert "(MORE)" in text and "JOSEPH (CONT'D)" in text
    back = loads(pdf, "pdf")
    joseph = next(c for c in back.characters() if c.name == "JOSEPH")
    assert (joseph.dialogue_lines, joseph.dialogue_words) == (3, 69)
    assert "(MORE)" not in str(back.to_dict())
    pages = {s.page for s in back.scenes}
    assert len(pages) >= 3  # page numbers were dropped, not read as text
    assert back.title_page["Title"] == "THE NIGHT FERRY"
    # French layout: (À SUIVRE) / (SUITE)
    fr = loads(pdfmod.dumps(sp, "fr", lines_per_page=50), "pdf")
    assert _shape(fr) == _shape(sp)


def test_flush_left_text_reads_like_fountain() -> None:
    src = b"INT. ROOM - DAY\n\nA room.\n\nBOB\nHello there.\n"
    sp = loads(src, guess_format(Path("a.txt"), src))
    assert sp.scenes[0].speakers() == ["BOB"]


def test_language_detection() -> None:
    assert detect_language("Elle ouvre la porte et regarde dans la rue.") == "fr"
    assert detect_language("She opens the door and looks at the street.") == "en"
    assert detect_language("Zzz brr.") is None
    assert detect_language("Gato perro casa mesa silla.") is None


def test_bad_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.fountain"
    empty.write_text("   \n")
    with pytest.raises(BadFile, match="empty.fountain: empty file"):
        read(empty)
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02binary" * 50)
    with pytest.raises(BadFile, match="blob.bin: binary data"):
        read(binary)
    prose = tmp_path / "letter.txt"
    prose.write_text("Dear Ann,\n\nThanks for the lovely dinner last night.\n\nBest, Bob\n")
    with pytest.raises(BadFile, match=r"letter.txt: no scene heading found \(3 action\)"):
        read(prose)
    xml = tmp_path / "other.fdx"
    xml.write_text("<?xml version='1.0'?><html/>")
    with pytest.raises(BadFile, match="not a Final Draft"):
        read(xml)
    broken = tmp_path / "broken.fdx"
    broken.write_text("<FinalDraft><Content><Paragraph>")
    with pytest.raises(BadFile, match="broken.fdx: not well-formed XML"):
        read(broken)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("INT. HOUSE - DAY")
    with pytest.raises(BadFile, match="extension .pdf but the content is not PDF"):
        read(fake_pdf)
    with pytest.raises(BadFile, match="file not found"):
        read(tmp_path / "none.fountain")
    with pytest.raises(BadValue):
        read(sample_path(EN), "docx")


def test_scanned_and_encrypted_pdfs(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=letter)
    c.rect(72, 72, 400, 600, fill=1)  # an image-like page with no text layer
    c.showPage()
    c.save()
    with pytest.raises(BadFile, match="scan.pdf: no text layer in 1 page"):
        read(scan)
    locked = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(locked), pagesize=letter, encrypt="secret")
    c.drawString(72, 700, "INT. HOUSE - DAY")
    c.showPage()
    c.save()
    with pytest.raises(BadFile, match="locked.pdf: encrypted PDF"):
        read(locked)


def test_pdf_running_headers_and_the_pdfplumber_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    sp = read(sample_path(EN))
    want = _shape(sp)
    # a running header on every page, as production drafts carry
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    from imagia.script.formats.layout import typeset

    for n, page in enumerate(typeset(sp, "us"), 1):
        c.setFont("Courier", 12)
        c.drawString(108, 760, f"THE NIGHT FERRY - Blue revision - page {n}")
        for row, line in enumerate(page):
            if line is not None:
                c.setFont("Courier-Oblique" if line.italic else "Courier", 12)
                c.drawString(line.col * 7.2, 720 - row * 12, line.text)
        c.showPage()
    c.save()
    got = loads(buf.getvalue(), "pdf")
    assert _shape(got) == want
    assert "revision" not in str(got.to_dict())
    monkeypatch.setattr(pdfmod, "_pdfium_words", lambda data: None)
    assert _shape(loads(pdfmod.dumps(sp, "fr"), "pdf")) == want


def test_warnings_say_what_looks_wrong() -> None:
    src = b"INT. HOUSE #1#\n\nA room.\n\nEXT. GARDEN - DAY #1#\n\nGrass.\n"
    sp = loads(src, "fountain")
    assert any("scene numbers used twice: 1" in w for w in sp.warnings)
    assert any("without a time of day (scenes 1)" in w for w in sp.warnings)
    assert any("language not recognised" in w for w in sp.warnings)
    assert sp.to_dict()["warnings"]


def test_pdf_with_separate_scene_numbers_and_continued_marks() -> None:
    """Like production PDFs: scene numbers drawn apart in both margins, CONTINUED: headers,
    (CONTINUED) footers, a page number top right, the whole page shifted right."""
    import re

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    from imagia.script.formats.layout import typeset

    sp = read(sample_path(FR))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    shift = 18.0
    for n, page in enumerate(typeset(sp, "us"), 1):
        c.setFont("Courier", 12)
        if n > 2:
            c.drawString(540, 756, f"{n - 1}.")
            c.drawString(108 + shift, 744, "CONTINUED:")
        for row, line in enumerate(page):
            if line is None:
                continue
            y = 720 - row * 12
            m = re.match(r"^(\d+)\s+(.*?)\s+(\d+)$", line.text)
            if m:
                c.drawString(54 + shift, y, m[1])
                c.drawString(108 + shift, y, m[2])
                c.drawString(560 + shift, y, m[3])
            else:
                c.drawString(line.col * 7.2 + shift, y, line.text)
        if n > 1:
            c.drawString(460 + shift, 40, "(CONTINUED)")
        c.showPage()
    c.save()
    got = loads(buf.getvalue(), "pdf")
    assert _shape(got) == _shape(sp)
    assert "CONTINUED" not in str(got.to_dict())


def test_name_spellings_merge_into_one_character() -> None:
    src = (
        "INT. CUISINE - JOUR\n\nHÉLÈNE\nBonjour.\n\nHELENE\nEncore moi.\n\nHÉLÈNE (OFF)\n"
        "Toujours moi.\n\nDR. OKAFOR\nHello.\n\nOKAFOR\nHi.\n"
    ).encode()
    sp = loads(src, "fountain")
    chars = {c.name: c for c in sp.characters()}
    assert chars["HÉLÈNE"].dialogue_lines == 3 and chars["HÉLÈNE"].aliases == ["HELENE"]
    assert "DR. OKAFOR" in chars  # different names stay apart unless told
    sp = loads(src, "fountain", aliases={"Dr. Okafor": "OKAFOR"})
    chars = {c.name: c for c in sp.characters()}
    assert chars["OKAFOR"].dialogue_lines == 2 and chars["OKAFOR"].aliases == ["DR. OKAFOR"]


def test_heading_without_a_blank_line_after() -> None:
    sp = loads(
        b"INT. HOUSE - DAY\nAnn sits.\n\nANN\nHi.\n\nInt. this is action - not a heading\n"
        b"because it is not upper case.\n",
        "fountain",
    )
    assert len(sp.scenes) == 1 and sp.scenes[0].elements[0].text == "Ann sits."
    assert sp.scenes[0].elements[-1].kind == "action"
