"""Job entries of the promo tools (thin adapters over :mod:`reframe` and :mod:`highlights`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext
from imagia.promo.framing import FramingOptions, parse_aspect
from imagia.promo.reframe import (
    CSV_COLUMNS,
    ReframeOptions,
    ReframeResult,
    parse_size,
    reframe,
    smart_camera_options,
)
from imagia.promo.track import TrackOptions


def _media(params: dict[str, Any]) -> Path:
    value = params.get("media")
    if isinstance(value, list):
        value = value[0] if value else ""
    if not value or not str(value).strip():
        raise BadValue("media", value or "", reason="give a video file")
    return Path(str(value))


def _num(params: dict[str, Any], key: str, default: float) -> float:
    value = params.get(key, default)
    try:
        return float(default if value in (None, "") else value)
    except (TypeError, ValueError):
        raise BadValue(key, value, reason="expected a number") from None


def _tracking(params: dict[str, Any]) -> TrackOptions:
    return TrackOptions(
        detector=str(params.get("detector") or "hog"), sample_fps=_num(params, "sample_fps", 5.0)
    )


def _finish(
    job: JobContext, tool: str, media: Path, res: ReframeResult, params: dict[str, Any]
) -> dict[str, Any]:
    cp = res.path
    stem = media.stem
    model = cp.tracking.get("model") or {}
    if model:
        job.use_model(model)
    details = {
        "engine": f"imagia.promo ({cp.tracking['name']} faces every "
        f"{cp.tracking['sample_every_frames']} frame(s), shots by imagia.media.shots, "
        "dead zone + Gaussian smoothing in a safety tube, ffmpeg + libx264)",
        "detector": {"name": cp.tracking["name"], "params": cp.tracking["params"]},
    }
    if res.video is not None:
        job.add_output(res.video, "video/mp4")
    job.write_json(
        f"{stem}.crop.json", cp.to_dict(), "crop-path/json", details=details, indent=None
    )
    job.write_csv(f"{stem}.crop.csv", cp.csv_rows(), CSV_COLUMNS, "crop-path/csv", details=details)
    for note in cp.crops.notes:
        job.log(note)
    return {
        **res.summary(),
        "video": res.video.name if res.video else None,
        "notes": cp.crops.notes[:20],
    }


def run_reframe(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Reframe to a social aspect (9:16, 1:1, 4:5, 16:9) around the main face."""
    media = _media(params)
    aspect = parse_aspect(str(params.get("aspect") or "9:16"))
    opts = ReframeOptions(
        framing=FramingOptions(aspect=aspect, smooth_seconds=_num(params, "smooth_seconds", 0.5)),
        tracking=_tracking(params),
        size=parse_size(params.get("size")),
    )
    tag = f"{aspect.numerator}x{aspect.denominator}"
    out = job.output_dir / f"{media.stem}.{tag}.mp4"
    render = str(params.get("render", True)).lower() not in ("false", "0", "no", "off")
    res = reframe(media, out if render else None, opts, job.progress)
    return _finish(job, "reframe", media, res, params)


def run_smart_framing(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Smart-camera framing: a tighter shot at the source aspect that follows the face."""
    media = _media(params)
    framing = smart_camera_options(_num(params, "face_fraction", 0.25))
    opts = ReframeOptions(
        framing=framing, tracking=_tracking(params), size=parse_size(params.get("size"))
    )
    out = job.output_dir / f"{media.stem}.smart.mp4"
    res = reframe(media, out, opts, job.progress)
    return _finish(job, "smart-framing", media, res, params)


def run_highlights(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Rank trailer moments; write ``Highlights.1`` JSON and an OTIO timeline."""
    from imagia.promo.highlights import HighlightOptions, find_highlights, index_windows, otio_text

    media = _media(params)
    top = int(_num(params, "top", 5))
    opts = HighlightOptions(
        top=top,
        length=_num(params, "length", 4.0),
        faces=str(params.get("faces", True)).lower() not in ("false", "0", "no", "off"),
        detector=str(params.get("detector") or "hog"),
    )
    opts.check()
    if not media.is_file():
        from imagia.core.errors import BadFile

        raise BadFile(media, "file not found")
    job.progress(0.0, "reading the index")
    windows = index_windows(job.ws.root, media)
    h = find_highlights(media, opts, windows, job.progress)
    model = (h.detector or {}).get("model") or {}
    if model:
        job.use_model(model)
    details = {
        "engine": "ffmpeg ebur128 momentary loudness, imagia.index transcript windows, "
        "imagia.media.shots cuts, imagia.promo face tracks",
        "detector": h.detector,
    }
    job.write_json(f"{media.stem}.highlights.json", h.to_dict(), "report/json", details=details)
    job.write_text(
        f"{media.stem}.highlights.otio", otio_text(h, job.provenance(**details)), "timeline/otio"
    )
    for note in h.notes:
        job.log(note)
    return {
        "moments": [
            {
                k: m.to_dict(h.fps)[k]
                for k in ("rank", "timecode_in", "timecode_out", "score", "why")
            }
            for m in h.moments
        ],
        "signals": h.signals_used,
        "notes": h.notes,
        "seconds": round(h.seconds, 2),
        "x_real_time": round(h.duration / h.seconds, 2) if h.seconds else None,
    }
