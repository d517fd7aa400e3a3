"""Job entries of the post tools that combine several of its modules: ``audio-loudness``
measures (:mod:`imagia.post.loudness`) and, when asked, normalises
(:mod:`imagia.post.normalise`), which itself measures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.post.loudness import measure
from imagia.post.report_html import loudness_html


def _flag(v: Any) -> bool:
    return v is True or str(v).lower() in ("1", "true", "yes", "on")


def loudness_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: measure ``params['media']``, write JSON, CSV and HTML reports; with
    ``normalise`` also write a corrected copy (the original is kept)."""
    media = Path(params["media"])
    spec = params.get("spec", "ebu-r128")
    norm_wanted = _flag(params.get("normalise", False))
    measure_progress = (lambda f, m: job.progress(f * 0.3, m)) if norm_wanted else job.progress
    rep = measure(media, spec, progress=measure_progress)
    data = rep.to_dict()
    engine = "ffmpeg ebur128 (BS.1770-4)"
    norm: dict[str, Any] | None = None
    if norm_wanted:  # normalise needs numpy (the audio extra); measuring alone does not
        from imagia.post.normalise import NormaliseOptions, default_output, normalise

        out_media = default_output(media, job.output_dir)
        result = normalise(
            media,
            NormaliseOptions(
                spec=rep.spec,
                output=out_media,
                bit_depth=str(params.get("bit_depth") or "source"),
            ),
            progress=lambda f, m: job.progress(0.3 + f * 0.65, m),
            measured=rep,
        )
        norm = result.to_dict()
        data["normalisation"] = norm
        engine += " + ffmpeg loudnorm two-pass"
        job.add_output(out_media, "audio/normalised")
    details = {"engine": engine}
    job.write_json(f"{media.stem}.loudness.json", data, "report/json", details=details)
    curve = zip(rep.curve_t, rep.momentary, rep.short_term, strict=True)
    job.write_csv(
        f"{media.stem}.loudness.csv",
        curve,
        ["t_s", "momentary_lufs", "short_term_lufs"],
        "curve/csv",
        details=details,
    )
    job.write_text(f"{media.stem}.loudness.html", loudness_html(data, norm), "report/html")
    summary: dict[str, Any] = {
        "integrated": rep.integrated,
        "lra": rep.lra,
        "true_peak": rep.true_peak,
        "spec": rep.spec.id,
        "compliant": rep.compliant,
        "findings": rep.findings,
    }
    if norm:
        summary["normalised"] = {
            k: norm[k] for k in ("output", "after", "gain_db", "mode", "error_lu", "compliant")
        }
    return summary
