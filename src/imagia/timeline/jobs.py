"""Job entry of ``edit-cuts`` (a thin adapter over :mod:`imagia.timeline.cuts`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext
from imagia.timeline.model import FORMATS, Timeline

ENGINE = "imagia.media.shots content detector (ffmpeg + numpy)"


def provenance_notes(timeline: Timeline, prov: dict[str, Any]) -> None:
    """Put the provenance in the timeline: one note line (EDL comment, FCPXML note) and the
    whole block in its metadata (OTIO)."""
    inputs = ", ".join(f"{Path(i['path']).name} sha256 {i['sha256']}" for i in prov["inputs"])
    timeline.notes.append(
        f"made by {prov['generator']} tool {prov['tool']} on "
        f"{prov['created']} from {inputs or 'no input file'}"
    )
    timeline.metadata["provenance"] = prov


def event_rows(timeline: Timeline) -> list[dict[str, Any]]:
    return [
        {
            "n": k,
            "source": e.source.name,
            "source_in": timeline.timecode(e.source_in),
            "source_out": timeline.timecode(e.source_out),
            "record_in": timeline.timecode(e.record_in),
            "record_out": timeline.timecode(e.record_out),
            "frames": e.length,
            "comment": e.comment,
            "transition": e.transition,
            "transition_frames": e.transition_frames,
        }
        for k, e in enumerate(timeline.events, 1)
    ]


def run_cuts(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    from imagia.timeline.cuts import CutOptions, detect_cuts
    from imagia.timeline.io import write

    media = Path(str(params.get("media", "")))
    fmt = str(params.get("to", "edl")).lower()
    if fmt not in FORMATS:
        raise BadValue("to", fmt, FORMATS)
    threshold = float(params.get("threshold", 27.0))
    tl = detect_cuts(media, CutOptions(threshold=threshold), job.progress)
    if media.is_file():
        job.use_input(media)
    provenance_notes(tl, job.provenance(engine=ENGINE))
    out = write(tl, job.output_dir / f"{media.stem}.cuts.{fmt}", fmt)
    job.add_output(out, f"timeline/{fmt}")
    rows = event_rows(tl)
    job.write_json(
        f"{media.stem}.cuts.json",
        {
            "schema": "EditCuts.1",
            "media": str(media),
            "format": fmt,
            "timeline": out.name,
            "rate": str(tl.rate),
            "drop_frame": tl.is_drop_frame,
            "shots": len(rows),
            "events": rows,
        },
        "report/json",
        details={"engine": ENGINE},
    )
    job.progress(1.0, f"{len(rows)} shot(s) written as {fmt}")
    return {
        "media": media.name,
        "format": fmt,
        "timeline": out.name,
        "shots": len(rows),
        "rate": str(tl.rate),
        "drop_frame": tl.is_drop_frame,
        "duration": tl.timecode(tl.duration),
    }
