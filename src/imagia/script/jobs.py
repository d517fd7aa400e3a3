"""Job entries of the screenplay tools: thin adapters over the Python API
(``fn(params, job) -> summary``), writing their files atomically with provenance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imagia.core.provenance import atomic_write, record
from imagia.script.formats import FORMATS, dumps, read


def _write_json(path: Path, data: dict[str, Any]) -> Path:
    with atomic_write(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
    return path


def _prov(tool: str, params: dict[str, Any], inputs: list[Path],
          models: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return record(tool, params, inputs, models)


def _ocr_models(job: Any, *screenplays: Any) -> list[dict[str, Any]]:
    """The OCR model, recorded on the job, when a page of these screenplays was read by it."""
    from imagia.script import ocr_pdf

    if not any(ocr_pdf.ocr_pages(sp.warnings) for sp in screenplays):
        return []
    info = ocr_pdf.model_info()
    job.use_model(info)
    return [info]


def parse_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Parse a screenplay into the model (JSON) and, on request, convert it."""
    src = Path(params["file"])
    job.progress(0.1, "reading")
    sp = read(src, params.get("from") or None)
    job.progress(0.7, "writing")
    data = sp.to_dict()
    data["provenance"] = _prov("script-parse", params, [src], _ocr_models(job, sp))
    out = _write_json(job.output_dir / f"{src.stem}.screenplay.json", data)
    job.add_output(out, "screenplay/json")
    to = params.get("to") or ""
    if to and to != "json":
        ext = {"fountain": "fountain", "fdx": "fdx", "pdf": "pdf", "text": "txt"}[to]
        conv = job.output_dir / f"{src.stem}.{ext}"
        if to in ("pdf", "text"):
            from importlib import import_module

            mod = import_module(FORMATS[to])
            body = mod.dumps(sp, params.get("layout") or "us")
        else:
            body = dumps(sp, to)
        with atomic_write(conv, "wb") as fh:
            fh.write(body)
        job.add_output(conv, f"screenplay/{to}")
    job.progress(1.0, "parsed")
    return {"title": sp.title, "language": sp.language, "format": sp.source_format,
            "scenes": len(sp.scenes), "characters": len(sp.characters()),
            "pages": round(sp.eighths / 8, 2), "warnings": sp.warnings}


def breakdown_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Break a screenplay down; JSON, element CSV, scene-list CSV and XLSX sheets."""
    from imagia.script import breakdown as bdm
    from imagia.script.nlp import model_provenance

    src = Path(params["file"])
    sp = read(src)
    job.progress(0.05, "parsed")
    nlp = params.get("nlp")
    opts = bdm.BreakdownOptions(nlp=None if nlp in (None, "auto") else bool(nlp),
                                min_confidence=float(params.get("min_confidence") or 0.0))
    bd = bdm.break_down(sp, opts, progress=lambda f, m: job.progress(0.05 + 0.8 * f, m))
    models = _ocr_models(job, sp)
    if bd.nlp:
        info = model_provenance(sp.language)
        if info:
            job.use_model(info)
            models.append(info)
    corrected = 0
    if params.get("corrections"):
        corrected = bdm.apply_corrections(bd, bdm.load(Path(params["corrections"])))
    inputs = [src] + ([Path(params["corrections"])] if params.get("corrections") else [])
    bd.provenance = _prov("script-breakdown", params, inputs, models)
    stem = src.stem
    out = _write_json(job.output_dir / f"{stem}.breakdown.json", bd.to_dict())
    job.add_output(out, "breakdown/json")
    for name, kind, text in ((f"{stem}.scenes.csv", "scenes/csv", bdm.scene_list_csv(bd)),
                             (f"{stem}.breakdown.csv", "breakdown/csv", bdm.elements_csv(bd))):
        with atomic_write(job.output_dir / name) as fh:
            fh.write(text)
        job.add_output(job.output_dir / name, kind)
    xlsx = bdm.to_xlsx(bd, job.output_dir / f"{stem}.breakdown.xlsx", sp.language or "en")
    job.add_output(xlsx, "breakdown/xlsx")
    job.progress(1.0, "done")
    counts: dict[str, int] = {}
    for s in bd.scenes:
        for it in s.items:
            counts[it.category] = counts.get(it.category, 0) + 1
    return {"title": sp.title, "language": sp.language, "scenes": len(bd.scenes),
            "elements": counts, "nlp": bd.nlp, "corrected_scenes": corrected}


def report_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """The analysis report as JSON and HTML."""
    from imagia.script.analysis import ReportOptions, analyse, to_html, to_pdf

    src = Path(params["file"])
    sp = read(src)
    job.progress(0.2, "analysing")
    cast = Path(params["cast"]) if params.get("cast") else None
    rep = analyse(sp, ReportOptions(cast_sheet=cast, nlp=bool(params.get("nlp"))))
    rep["provenance"] = _prov("script-analysis", params, [src] + ([cast] if cast else []),
                              _ocr_models(job, sp))
    out = _write_json(job.output_dir / f"{src.stem}.report.json", rep)
    job.add_output(out, "report/json")
    page = job.output_dir / f"{src.stem}.report.html"
    with atomic_write(page) as fh:
        fh.write(to_html(rep))
    job.add_output(page, "report/html")
    pdf = job.output_dir / f"{src.stem}.report.pdf"
    with atomic_write(pdf, "wb") as fh:
        fh.write(to_pdf(rep))
    job.add_output(pdf, "report/pdf")
    job.progress(1.0, "done")
    top = rep["characters"][:3]
    return {"title": rep["title"], "scenes": rep["scenes"], "pages": rep["pages"],
            "runtime_min": rep["estimated_runtime_min"],
            "top_characters": [c["name"] for c in top],
            "parity_dialogue": {g: v["dialogue_share"] for g, v in rep["parity"].items()},
            "bechdel": rep["bechdel"]["passes"],
            "locations": rep["production"]["distinct_locations"]}


def compare_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Compare two drafts: JSON, Markdown and HTML."""
    from imagia.script.compare import compare, to_html, to_markdown

    a, b = Path(params["a"]), Path(params["b"])
    sa = read(a)
    job.progress(0.3, "read A")
    sb = read(b)
    job.progress(0.6, "read B")
    d = compare(sa, sb)
    d["provenance"] = _prov("script-compare", params, [a, b], _ocr_models(job, sa, sb))
    out = _write_json(job.output_dir / f"{a.stem}--{b.stem}.diff.json", d)
    job.add_output(out, "diff/json")
    md = job.output_dir / f"{a.stem}--{b.stem}.diff.md"
    with atomic_write(md) as fh:
        fh.write(to_markdown(d))
    job.add_output(md, "diff/markdown")
    page = job.output_dir / f"{a.stem}--{b.stem}.diff.html"
    with atomic_write(page) as fh:
        fh.write(to_html(d))
    job.add_output(page, "diff/html")
    job.progress(1.0, "done")
    return {"summary": d["summary"], "eighths_delta": d["eighths_delta"],
            "renamed": d["renamed"], "locations": d["locations"]}
