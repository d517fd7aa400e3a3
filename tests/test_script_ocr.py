"""Scanned (image-only) screenplay PDFs read by OCR (RapidOCR PP-OCRv4): a one-page US script
typeset by imagia, rendered at 150 dpi, turned 0.3°, noised and saved as JPEG in a PDF with no
text layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.script import Screenplay, ocr_pdf, read
from imagia.script.formats import loads
from imagia.script.formats import pdf as pdfmod

pytestmark = pytest.mark.skipif(
    not ocr_pdf.available(), reason="rapidocr_onnxruntime or pypdfium2 not installed"
)

ONE_PAGE = """\
12 EXT. HARBOUR - QUAYSIDE - NIGHT #12#

Rain hammers the quay. A rusty FERRY pulls away, its horn BLARING.

NORA
(out of breath)
Wait! Wait for me, please.

SAM (O.S.)
That was the last one, miss. The next leaves at six.

NORA
Then I will wait here all night.

CUT TO:

13 INT. HARBOUR MASTER'S BOOTH - NIGHT #13#

Cramped. A radio CRACKLES. Sam pours coffee into a chipped mug.

SAM
Drink. You look like a drowned cat.

OLD JOSEPH
Leave her alone, Sam.
"""


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Screenplay, Screenplay]:
    d = tmp_path_factory.mktemp("ocr")
    src = d / "low-tide.fountain"
    src.write_text(ONE_PAGE, encoding="utf-8")
    sp = read(src)
    pdf = pdfmod.dumps(sp, "us")
    scan = ocr_pdf.simulate_scan(pdf, dpi=150, angle=0.3, noise=6.0)
    path = d / "low-tide-scan.pdf"
    path.write_bytes(scan)
    return sp, read(path)


def test_scan_has_no_text_layer() -> None:
    sp = loads(ONE_PAGE.encode(), "fountain")
    scan = ocr_pdf.simulate_scan(pdfmod.dumps(sp, "us"))
    assert pdfmod._pdfium_words(scan) == [[]]


def test_scanned_page_headings_cues_and_dialogue(scanned: tuple[Screenplay, Screenplay]) -> None:
    sp, got = scanned
    want = [(s.number, s.clean_heading, s.time_of_day, s.speakers()) for s in sp.scenes]
    assert [(s.number, s.clean_heading, s.time_of_day, s.speakers()) for s in got.scenes] == want
    cues = [(e.name, e.extension) for e in got.all_elements() if e.kind == "character"]
    assert cues == [(e.name, e.extension) for e in sp.all_elements() if e.kind == "character"]
    kinds = [e.kind for e in got.all_elements()]
    assert kinds == [e.kind for e in sp.all_elements()]
    wer = ocr_pdf.word_error_rate(ocr_pdf.speech_text(sp), ocr_pdf.speech_text(got))
    assert wer <= 0.05, wer
    assert got.warnings[-1] == "page 1 read by OCR (RapidOCR PP-OCRv4), check the text"
    assert ocr_pdf.ocr_pages(got.warnings) == [1]
    assert ocr_pdf.model_info()["model"] == "rapidocr-ppocrv4"


def test_lost_spaces_are_put_back_from_the_character_boxes() -> None:
    cw = 15.0
    glued = ocr_pdf.OcrLine(
        "EXT.HARBOUR-NIGHT",
        0,
        300,
        10,
        20,
        0.99,
        [
            (c, x * cw)
            for c, x in zip(
                "EXT.HARBOUR-NIGHT",
                [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 15, 16, 17, 18, 19],
                strict=True,
            )
        ],
    )
    assert ocr_pdf.spaced_text(glued, cw) == "EXT. HARBOUR - NIGHT"
    # no usable character boxes: the line's width says how many spaces are missing
    bare = ocr_pdf.OcrLine("Drink.You look", 0, 15 * cw, 10, 20, 0.99, [])
    assert ocr_pdf.spaced_text(bare, cw) == "Drink. You look"
    # Courier's o/s/c look alike in both cases: a word of capitals is all capitals
    assert (
        ocr_pdf.spaced_text(ocr_pdf.OcrLine("A black DoG", 0, 11 * cw, 10, 20, 1.0, []), cw)
        == "A black DOG"
    )


def test_wer() -> None:
    assert ocr_pdf.word_error_rate("Vous êtes là ?", "vous etes la") == pytest.approx(2 / 3)
    assert ocr_pdf.word_error_rate("Vous êtes là ?", "vous etes la", fold_accents=True) == 0
    assert ocr_pdf.word_error_rate("a b c d", "a c d e") == 0.5


def test_scan_without_ocr_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sp = loads(ONE_PAGE.encode(), "fountain")
    path = tmp_path / "scan.pdf"
    path.write_bytes(ocr_pdf.simulate_scan(pdfmod.dumps(sp, "us")))
    monkeypatch.setattr(ocr_pdf, "available", lambda: False)
    with pytest.raises(
        BadFile,
        match=r"scan\.pdf: no text layer in 1 page\(s\): a scanned "
        r"\(image-only\) PDF, and OCR \(rapidocr_onnxruntime\) "
        "is not installed",
    ) as err:
        read(path)
    assert "\n" not in str(err.value)


def test_jobs_record_the_ocr_model_only_for_scanned_pages(
    scanned: tuple[Screenplay, Screenplay],
) -> None:
    from imagia.script.jobs import _ocr_models

    class Job:
        def __init__(self) -> None:
            self.models: list[dict[str, object]] = []

        def use_model(self, info: dict[str, object]) -> None:
            self.models.append(info)

    text, scan = scanned
    job = Job()
    assert _ocr_models(job, text) == [] and job.models == []
    [info] = _ocr_models(job, text, scan)
    assert info["model"] == "rapidocr-ppocrv4" and job.models == [info]
