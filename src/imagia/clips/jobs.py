"""Job entry of ``clips-make`` (a thin adapter over :mod:`imagia.clips.make`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from imagia.clips.make import MakeOptions, make_clips
from imagia.clips.report import write_reports
from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext


def _flag(v: Any) -> bool:
    return v is True or str(v).strip().lower() in ("1", "true", "yes", "on")


def _loudness(v: Any) -> float | None:
    if v is None or str(v).strip().lower() in ("", "off", "none"):
        return None
    try:
        return float(v)
    except ValueError:
        raise BadValue(
            "loudness", v, reason="a target in LUFS such as -23 or -14, or off"
        ) from None


def _date(v: Any) -> date | None:
    if v is None or str(v).strip() == "":
        return None
    try:
        return date.fromisoformat(str(v).strip())
    except ValueError:
        raise BadValue("date", v, reason="a date YYYY-MM-DD") from None


def _text(v: Any) -> str | None:
    """A text parameter, None when absent or blank."""
    if v is None:
        return None
    return str(v).strip() or None


def options(params: dict[str, Any]) -> MakeOptions:
    """The run's options from the job's parameters (web form strings or CLI values)."""
    try:
        max_clips, handles = int(params.get("max", 5)), float(params.get("handles", 0.5))
    except (TypeError, ValueError):
        raise BadValue(
            "max/handles", f"{params.get('max')}/{params.get('handles')}", reason="numbers"
        ) from None
    return MakeOptions(
        query=str(params.get("query", "")),
        territory=str(params.get("territory", "")),
        channel=str(params.get("channel", "")),
        on=_date(params.get("date")),
        max_clips=max_clips,
        subtitles=_flag(params.get("subtitles", True)),
        loudness=_loudness(params.get("loudness", -23)),
        handles=handles,
        person=_text(params.get("person")),
        sound=_text(params.get("sound")),
    )


def run_make(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    result = make_clips(job.ws, options(params), job.output_dir, job.progress)
    for c in result.by_status("kept"):
        if c.clip:
            job.add_output(job.output_dir / c.clip, "video/mp4")
        if c.subtitles:
            job.add_output(job.output_dir / c.subtitles, "subtitles/srt")
    write_reports(result, job)
    for c in result.by_status("failed"):
        job.log(f"{c.moment.asset} {c.tc_in}: {'; '.join(c.notes)}", "warning")
    o = result.options
    job.progress(1.0, f"{len(result.by_status('kept'))} clip(s) made")
    return {
        "query": o.query,
        "use": f"{o.channel} / {o.territory} / {o.on}",
        "person": o.person,
        "sound": o.sound,
        "found": len(result.candidates),
        "kept": len(result.by_status("kept")),
        "excluded": len(result.by_status("excluded")),
        "failed": len(result.by_status("failed")),
        "clips": [
            {
                "clip": c.clip,
                "asset": c.moment.asset,
                "tc_in": c.tc_in,
                "tc_out": c.tc_out,
                "duration": c.duration,
                "why": c.why,
                "loudness": (c.loudness.get("after") or {}).get("integrated"),
            }
            for c in result.by_status("kept")
        ],
        "excluded_reasons": [
            {
                "asset": c.moment.asset,
                "tc_in": c.tc_in,
                "reasons": [r.en for r in c.decision.reasons],
                "why": c.why,
            }
            for c in result.by_status("excluded")
        ],
    }
