"""Screenplays: accuracy on the hand-keyed samples (every format), breakdown precision/recall,
and time + peak memory to parse, break down and report 30/60/120-page scripts, against a
baseline measured in the same run (reading the file and splitting it into words)."""

from __future__ import annotations

import copy
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks import breakdown_score
from benchmarks.timing import best_of
from imagia.script import Screenplay, read
from imagia.script import breakdown as bdm
from imagia.script.analysis import ReportOptions, analyse, to_html
from imagia.script.demo import sample_path
from imagia.script.evaluate import answers, breakdown_scores, parse_accuracy
from imagia.script.formats import dumps, loads
from imagia.script.formats import pdf as pdfmod
from imagia.script.formats import text as textmod
from imagia.script.lang import detect_language

_PLACES = [
    "HARBOUR",
    "HOSPICE",
    "LIGHTHOUSE",
    "SCHOOL",
    "BAKERY",
    "TRAIN STATION",
    "FARM",
    "POLICE STATION",
    "MUSEUM",
    "BEACH",
    "HOTEL",
    "CHURCH",
    "MARKET",
    "GARAGE",
]


def long_script(pages: int) -> Screenplay:
    """A ``pages``-page script made of the English sample's scenes, with varied locations."""
    base = read(sample_path("night-ferry.fountain"))
    sp = Screenplay(title_page=dict(base.title_page), language="en")
    k = 0
    while sp.eighths < pages * 8:
        for s in base.scenes:
            t = copy.deepcopy(s)
            place = _PLACES[k % len(_PLACES)]
            t.heading = t.clean_heading.replace(s.location, f"{place} {k // len(_PLACES)}", 1)
            t.location = f"{place} {k // len(_PLACES)}"
            t.number = str(k + 1)
            sp.scenes.append(t)
            k += 1
    sp.renumber()
    return sp


def _language() -> None:
    right = unknown = wrong = 0
    for name, lang in (
        ("night-ferry.fountain", "en"),
        ("dernier-tram.fountain", "fr"),
        ("held-out.fountain", "en"),
        ("hors-echantillon.fountain", "fr"),
    ):
        for s in read(sample_path(name)).scenes:
            text = " ".join(e.text for e in s.elements if e.kind in ("action", "dialogue"))
            got = detect_language(text)
            right += got == lang
            unknown += got is None
            wrong += got not in (lang, None)
    print(
        f"  language per scene (23 scenes, 3-15 lines each): {right} right, {unknown} "
        f"unknown, {wrong} wrong"
    )


def _accuracy() -> None:
    _language()
    keys = answers()
    for name in ("night-ferry.fountain", "dernier-tram.fountain"):
        sp = read(sample_path(name))
        variants = {
            "fountain": sp,
            "fdx": loads(dumps(sp, "fdx"), "fdx"),
            "pdf-us": loads(pdfmod.dumps(sp, "us"), "pdf"),
            "pdf-fr": loads(pdfmod.dumps(sp, "fr"), "pdf"),
            "text-us": loads(textmod.dumps(sp, "us"), "text"),
        }
        for fmt, got in variants.items():
            a = parse_accuracy(got, keys[name], words=not fmt.startswith("text"))
            print(
                f"  parse {name:24s} {fmt:8s} scenes {a['scenes_all_fields_right']}/"
                f"{a['scenes_expected']} all fields right, characters "
                f"{a['characters_right']}/{a['characters_expected']} right"
                + (" (words not checked: lyrics read as dialogue)" if fmt == "text-us" else "")
            )
    for name in (
        "night-ferry.fountain",
        "dernier-tram.fountain",
        "held-out.fountain",
        "hors-echantillon.fountain",
    ):
        sp = read(sample_path(name))
        for nlp in (False, True):
            bd = bdm.break_down(sp, bdm.BreakdownOptions(nlp=nlp))
            s = breakdown_scores(bd, keys[name]["breakdown"])["all"]
            print(
                f"  breakdown {name:26s} {'spaCy' if nlp else 'lexicons':8s} precision "
                f"{s.precision:.2f} recall {s.recall:.2f} (tp {s.tp}, fp {s.fp}, fn {s.fn})"
            )


BREAKDOWN_DATA = Path(__file__).parent / "data" / "breakdown"
_KEY_CATEGORIES = (
    "cast",
    "extras",
    "stunts",
    "vehicles",
    "weapons",
    "animals",
    "props",
    "set_dressing",
    "wardrobe",
    "makeup",
    "sfx",
    "vfx",
    "sound",
    "music",
    "equipment",
)


def score_set(name: str, nlp: bool) -> breakdown_score.Result:
    """Break down every script of ``benchmarks/data/breakdown/<name>/`` and score it against
    the set's hand-made keys with the independent scorer."""
    folder = BREAKDOWN_DATA / name
    keys = breakdown_score.load_keys(folder)
    total = breakdown_score.Result()
    for script, key in keys.items():
        bd = bdm.break_down(read(folder / script), bdm.BreakdownOptions(nlp=nlp))
        total.add(breakdown_score.score(bd.to_dict(), key["scenes"], f"{script}:"))
    return total


def breakdown_sets(misses: bool = False) -> None:
    """Per-category precision/recall on the development and the held-out breakdown sets."""
    for name in ("dev", "heldout"):
        for nlp in (False, True):
            res = score_set(name, nlp)
            print(f"  breakdown set {name!r} ({'spaCy' if nlp else 'lexicons only'}):")
            print("\n".join(breakdown_score.table(res, _KEY_CATEGORIES)))
            if misses:
                for cat, t in sorted(res.by_category.items()):
                    print(f"      {cat} missed: {', '.join(t.misses)}")
                    print(f"      {cat} wrong: {', '.join(t.false_positives)}")


def run() -> None:
    breakdown_sets()
    _accuracy()
    print("  -- scanned PDFs (OCR) --")
    run_ocr()
    print("  -- scale --")
    with tempfile.TemporaryDirectory() as tmp:
        prev = None
        for pages in (30, 60, 120):
            sp = long_script(pages)
            f = Path(tmp) / f"long{pages}.fountain"
            f.write_bytes(dumps(sp, "fountain"))
            pdf = Path(tmp) / f"long{pages}.pdf"
            pdf.write_bytes(pdfmod.dumps(sp, "us"))
            base = best_of(lambda f=f: f.read_text(encoding="utf-8").split(), 3)  # type: ignore[misc]
            parse = best_of(lambda f=f: read(f), 3)  # type: ignore[misc]
            parse_pdf = best_of(lambda p=pdf: read(p), 1)  # type: ignore[misc]

            def whole(f: Path = f) -> None:
                s = read(f)
                bd = bdm.break_down(s, bdm.BreakdownOptions(nlp=False))
                to_html(analyse(s, ReportOptions(breakdown=bd)))

            total = best_of(whole, 2)
            tracemalloc.start()
            whole()
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            t0 = time.perf_counter()
            whole(pdf)
            total_pdf = time.perf_counter() - t0
            growth = f", x{total / prev:.1f} for x2 pages" if prev else ""
            print(
                f"  {pages:3d} pages ({len(sp.scenes)} scenes): read {parse:.3f} s "
                f"({parse / base:.0f}x the split baseline {base * 1000:.1f} ms), PDF read "
                f"{parse_pdf:.2f} s; parse+breakdown+HTML report {total:.2f} s from Fountain, "
                f"{total_pdf:.2f} s from PDF, Python heap peak {peak:.0f} MiB (no spaCy)"
                f"{growth}"
            )
            prev = total
        s120 = read(f)
        bdm.break_down(s120, bdm.BreakdownOptions(nlp=True))  # load the model once
        t0 = time.perf_counter()
        bd = bdm.break_down(s120, bdm.BreakdownOptions(nlp=True))
        t_nlp = time.perf_counter() - t0
        t0 = time.perf_counter()
        bdm.break_down(s120, bdm.BreakdownOptions(nlp=False))
        t_lex = time.perf_counter() - t0
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  process peak RSS so far {rss:.0f} MiB (spaCy's English model loaded)")
        print(
            f"  120 pages breakdown with spaCy ({bd.nlp}): {t_nlp:.1f} s vs lexicons only "
            f"{t_lex:.2f} s ({t_nlp / t_lex:.0f}x), model load not counted"
        )


def run_ocr() -> None:
    """Scanned PDFs: each sample typeset (its own layout), rendered at 150 dpi, turned 0.3°,
    noised and saved as JPEG in an image-only PDF (and a poor scan: 100 dpi, 0.5°, more
    noise), then read back by OCR; against the answer keys and against the same PDF with its
    text layer. Speech WER: every spoken word against the Fountain source, in order."""
    from imagia.script import ocr_pdf

    if not ocr_pdf.available():
        print("  scanned PDFs: skipped (rapidocr_onnxruntime or pypdfium2 not installed)")
        return
    keys = answers()
    first = pdfmod.dumps(read(sample_path("night-ferry.fountain")), "us")
    ocr_pdf.read_image(ocr_pdf.render(first, [1])[0])  # load the models once
    scans = (("150 dpi 0.3° noise 6", 150, 0.3, 6.0), ("100 dpi 0.5° noise 15", 100, 0.5, 15.0))
    for name, style in (("night-ferry.fountain", "us"), ("dernier-tram.fountain", "fr")):
        sp = read(sample_path(name))
        pdf = pdfmod.dumps(sp, style)
        ref = ocr_pdf.speech_text(sp)
        exp = keys[name]["scenes"]
        for label, dpi, angle, noise in (("text layer", 0, 0.0, 0.0), *scans):
            data = ocr_pdf.simulate_scan(pdf, dpi, angle, noise) if dpi else pdf
            t0 = time.perf_counter()
            got = loads(data, "pdf")
            dt = time.perf_counter() - t0
            n = len(ocr_pdf.ocr_pages(got.warnings))
            a = parse_accuracy(got, keys[name])
            f = a["fields_right"]
            cues = {e.name for e in got.all_elements() if e.kind == "character"}
            names_ok = sum(1 for c in keys[name]["characters"] if c in cues)
            wer = ocr_pdf.word_error_rate(ref, ocr_pdf.speech_text(got))
            wer_f = ocr_pdf.word_error_rate(ref, ocr_pdf.speech_text(got), fold_accents=True)
            speed = f"{dt:.1f} s, {dt / n:.1f} s a page ({n} pages OCR'd)" if n else f"{dt:.2f} s"
            print(
                f"  {name:22s} {style} {label:22s}: scenes {a['scenes_found']}/{len(exp)} "
                f"found, headings exact {f.get('heading', 0)}/{len(exp)}, numbers "
                f"{f.get('number', 0)}/{len(exp)}, all fields "
                f"{a['scenes_all_fields_right']}/{len(exp)}; character names exact "
                f"{names_ok}/{len(keys[name]['characters'])}, all right "
                f"{a['characters_right']}/{a['characters_expected']}; speech WER {wer:.3f} "
                f"({wer_f:.3f} accents folded); {speed}"
            )
