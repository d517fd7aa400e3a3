"""The reports of a clips run: one ``ClipRights.1`` JSON per rendered clip (grant used, reasons,
source timecodes), a ``ClipsReport.1`` summary and a CSV of every moment found, written
through the job (its ``Provenance.1`` in each JSON, beside the CSV)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagia.clips.make import Candidate, MakeResult
from imagia.core.provenance import sha256_file

if TYPE_CHECKING:
    from imagia.core.jobs import JobContext

DETAILS = {
    "engine": "imagia.clips (index fused search: words, USE multilingual meaning, "
    "on-screen text; rights register, ffmpeg libx264/aac, libass subtitles, "
    "two-pass loudness)"
}

CSV_COLUMNS = (
    "status",
    "asset",
    "title",
    "tc_in",
    "tc_out",
    "length",
    "clip",
    "grant",
    "loudness",
    "reasons_en",
    "reasons_fr",
    "text",
    "why",
)


def _options(result: MakeResult) -> dict[str, Any]:
    d = asdict(result.options)
    d["on"] = str(d["on"])
    return d


def _point(frames: int, c: Candidate, tc: str) -> dict[str, Any]:
    return {"timecode": tc, "frame": frames, "seconds": round(float(frames / c.moment.fps), 6)}


def clip_rights(c: Candidate, result: MakeResult, out_dir: Path) -> dict[str, Any]:
    """The ``ClipRights.1`` record of a rendered clip."""
    m, o = c.moment, result.options
    clip = out_dir / c.clip if c.clip else None
    return {
        "schema": "ClipRights.1",
        "clip": c.clip,
        "clip_sha256": sha256_file(clip) if clip and clip.is_file() else None,
        "duration": c.duration,
        "source": {
            "asset": m.asset,
            "path": m.path,
            "sha256": m.sha256,
            "fps": str(m.fps),
            "in": _point(c.first, c, c.tc_in),
            "out": _point(c.last, c, c.tc_out),
            "text": m.text,
        },
        "found_by": c.why,
        "use": {"territory": o.territory, "channel": o.channel, "date": str(o.on)},
        "decision": c.decision.to_dict(),
        "subtitles": c.subtitles,
        "loudness": c.loudness,
        "notes": c.notes,
        "register": result.register,
    }


def csv_rows(result: MakeResult) -> list[list[Any]]:
    """One row per moment found, in :data:`CSV_COLUMNS` order."""
    rows = []
    for c in result.candidates:
        s = c.summary()
        rows.append(
            [
                s["status"],
                s["asset"],
                s["title"] or "",
                s["tc_in"],
                s["tc_out"],
                s["length"],
                s["clip"] or "",
                s["grant"] or "",
                s["loudness"] or "",
                " | ".join(r["en"] for r in s["reasons"] + [{"en": n} for n in s["notes"]]),
                " | ".join(r["fr"] for r in s["reasons"]),
                s["text"],
                " | ".join(s["why"]),
            ]
        )
    return rows


def write_reports(result: MakeResult, job: JobContext) -> list[Path]:
    """Every report of the run, registered on ``job``; returns the paths written (rights
    reports first). The sources of the kept clips are recorded as the job's inputs."""
    written: list[Path] = []
    kept = [c for c in result.candidates if c.status == "kept" and c.clip]
    for c in kept:
        if Path(c.moment.path).is_file():
            job.use_input(Path(c.moment.path))
    for c in kept:
        name = Path(str(c.clip)).stem + ".rights.json"
        written.append(
            job.write_json(
                name,
                clip_rights(c, result, job.output_dir),
                "rights/json",
                details=DETAILS,
                indent=1,
            )
        )
        c.rights_report = name
    o = result.options
    summary = {
        "schema": "ClipsReport.1",
        "query": o.query,
        "person": o.person,
        "sound": o.sound,
        "use": {"territory": o.territory, "channel": o.channel, "date": str(o.on)},
        "options": _options(result),
        "found": len(result.candidates),
        **{
            k: [c.summary() for c in result.by_status(s)]
            for k, s in (
                ("kept", "kept"),
                ("excluded", "excluded"),
                ("spare", "spare"),
                ("failed", "failed"),
            )
        },
        "register": result.register,
    }
    written.append(
        job.write_json("clips-report.json", summary, "report/json", details=DETAILS, indent=1)
    )
    written.append(
        job.write_csv(
            "clips-report.csv", csv_rows(result), CSV_COLUMNS, "report/csv", details=DETAILS
        )
    )
    return written
