"""Job entries of the screenplay tools: thin adapters over the Python API
(``fn(params, job) -> summary``), writing their files through the job (atomic, with the
job's provenance)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.script.formats import FORMATS, dumps, read


def _inputs(job: Any, *paths: Path | None) -> None:
    """Record the files read in the provenance (those given at submission are there already)."""
    for p in paths:
        if p is not None and p.is_file():
            job.use_input(p)


def _ocr_models(job: Any, *screenplays: Any) -> list[dict[str, Any]]:
    """Record the OCR model on the job when a page of these screenplays was read by it; the
    models recorded are returned."""
    from imagia.script import ocr_pdf

    if not any(ocr_pdf.ocr_pages(sp.warnings) for sp in screenplays):
        return []
    info = ocr_pdf.model_info()
    job.use_model(info)
    return [info]


def parse_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Parse a screenplay into the model (JSON) and, on request, convert it."""
    from imagia.script.notes_fr import french

    src = Path(params["file"])
    job.progress(0.1, "reading")
    sp = read(src, params.get("from") or None)
    job.progress(0.7, "writing")
    _inputs(job, src)
    _ocr_models(job, sp)
    job.write_json(f"{src.stem}.screenplay.json", sp.to_dict(), "screenplay/json")
    to = params.get("to") or ""
    if to and to != "json":
        ext = {"fountain": "fountain", "fdx": "fdx", "pdf": "pdf", "text": "txt"}[to]
        if to in ("pdf", "text"):
            from importlib import import_module

            mod = import_module(FORMATS[to])
            body = mod.dumps(sp, params.get("layout") or "us")
        else:
            body = dumps(sp, to)
        job.write_bytes(f"{src.stem}.{ext}", body, f"screenplay/{to}")
    job.progress(1.0, "parsed")
    return {
        "title": sp.title,
        "language": sp.language,
        "format": sp.source_format,
        "scenes": len(sp.scenes),
        "characters": len(sp.characters()),
        "pages": round(sp.eighths / 8, 2),
        "warnings": sp.warnings,
        "warnings_fr": [french(w) for w in sp.warnings],
    }


def breakdown_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Break a screenplay down; JSON, element CSV, scene-list CSV and XLSX sheets."""
    from imagia.script import breakdown as bdm
    from imagia.script.nlp import model_provenance

    src = Path(params["file"])
    sp = read(src)
    job.progress(0.05, "parsed")
    nlp = params.get("nlp")
    opts = bdm.BreakdownOptions(
        nlp=None if nlp in (None, "auto") else bool(nlp),
        min_confidence=float(params.get("min_confidence") or 0.0),
    )
    bd = bdm.break_down(sp, opts, progress=lambda f, m: job.progress(0.05 + 0.8 * f, m))
    _ocr_models(job, sp)
    if bd.nlp:
        info = model_provenance(sp.language)
        if info:
            job.use_model(info)
    corrected = 0
    if params.get("corrections"):
        corrected = bdm.apply_corrections(bd, bdm.load(Path(params["corrections"])))
    carried = _carry_edits(job, bd, sp.title, src.name)
    _inputs(job, src, Path(params["corrections"]) if params.get("corrections") else None)
    bd.provenance = job.provenance()
    stem = src.stem
    job.write_json(f"{stem}.breakdown.json", {**bd.to_dict(), "edits": carried}, "breakdown/json")
    job.write_csv(
        f"{stem}.scenes.csv", bdm.scene_list_rows(bd), bdm.SCENE_LIST_COLUMNS, "scenes/csv"
    )
    job.write_csv(
        f"{stem}.breakdown.csv", bdm.element_rows(bd), bdm.ELEMENT_COLUMNS, "breakdown/csv"
    )
    xlsx = bdm.to_xlsx(bd, job.output_dir / f"{stem}.breakdown.xlsx", sp.language or "en")
    job.add_output(xlsx, "breakdown/xlsx")
    job.progress(1.0, "done")
    counts: dict[str, int] = {}
    for s in bd.scenes:
        for it in s.items:
            counts[it.category] = counts.get(it.category, 0) + 1
    return {
        "title": sp.title,
        "language": sp.language,
        "scenes": len(bd.scenes),
        "elements": counts,
        "nlp": bd.nlp,
        "corrected_scenes": corrected,
        "edits_carried": carried["carried"],
        "edits_not_carried": carried["lost"],
    }


def _carry_edits(job: Any, bd: Any, title: str | None, source_name: str) -> dict[str, Any]:
    """Apply the edits a person saved for this screenplay (in the job's workspace, from the
    web view) to ``bd``; what was carried, for the breakdown's ``edits`` field."""
    from imagia.script import edits

    key = edits.screenplay_key(title, source_name)
    path = edits.path_for(job.ws.root, key)
    kept = edits.read(path, key)
    result = edits.apply(bd, kept)
    if kept.edits:
        job.use_input(path)
        job.log(f"edits carried over: {result.carried}; not carried: {len(result.lost)}")
    rel = path.relative_to(job.ws.root).as_posix()
    return {"screenplay": key, "file": rel, **result.to_dict()}


def report_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """The analysis report as JSON and HTML."""
    from imagia.script.analysis import ReportOptions, analyse, to_html, to_pdf

    src = Path(params["file"])
    sp = read(src)
    job.progress(0.2, "analysing")
    cast = Path(params["cast"]) if params.get("cast") else None
    rep = analyse(sp, ReportOptions(cast_sheet=cast, nlp=bool(params.get("nlp"))))
    _inputs(job, src, cast)
    _ocr_models(job, sp)
    job.write_json(f"{src.stem}.report.json", rep, "report/json")
    job.write_text(f"{src.stem}.report.html", to_html(rep), "report/html")
    job.write_bytes(f"{src.stem}.report.pdf", to_pdf(rep), "report/pdf")
    job.progress(1.0, "done")
    top = rep["characters"][:3]
    return {
        "title": rep["title"],
        "scenes": rep["scenes"],
        "pages": rep["pages"],
        "runtime_min": rep["estimated_runtime_min"],
        "top_characters": [c["name"] for c in top],
        "parity_dialogue": {g: v["dialogue_share"] for g, v in rep["parity"].items()},
        "bechdel": rep["bechdel"]["passes"],
        "locations": rep["production"]["distinct_locations"],
    }


def compare_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Compare two drafts: JSON, Markdown and HTML."""
    from imagia.script.compare import compare, to_html, to_markdown

    a, b = Path(params["a"]), Path(params["b"])
    sa = read(a)
    job.progress(0.3, "read A")
    sb = read(b)
    job.progress(0.6, "read B")
    d = compare(sa, sb)
    _inputs(job, a, b)
    _ocr_models(job, sa, sb)
    stem = f"{a.stem}--{b.stem}"
    job.write_json(f"{stem}.diff.json", d, "diff/json")
    job.write_text(f"{stem}.diff.md", to_markdown(d), "diff/markdown")
    job.write_text(f"{stem}.diff.html", to_html(d), "diff/html")
    job.progress(1.0, "done")
    return {
        "summary": d["summary"],
        "eighths_delta": d["eighths_delta"],
        "renamed": d["renamed"],
        "locations": d["locations"],
    }
