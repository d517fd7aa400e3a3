"""Job entry of ``media-metadata`` (a thin adapter over :mod:`collect` and :mod:`ebucore`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext

TARGETS = ("ebucore", "json")


def _flag(v: Any) -> bool:
    return v is True or str(v).lower() in ("1", "true", "yes", "on")


def run_metadata(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Collect the metadata of ``params['media']``; always write the JSON report
    (``<stem>.metadata.json``), and the EBUCore XML (``<stem>.ebucore.xml``) for
    ``to=ebucore``."""
    from imagia.index.store import index_path
    from imagia.metadata.collect import collect
    from imagia.metadata.ebucore import schema_path, write_xml

    media = Path(str(params.get("media", "")))
    to = str(params.get("to", "ebucore")).lower()
    if to not in TARGETS:
        raise BadValue("to", to, TARGETS)
    loudness = _flag(params.get("loudness", True))
    job.progress(0.05, f"probing {media.name}")
    md = collect(media, index_path(job.ws), loudness=loudness)
    if media.is_file():
        job.use_input(media)
    details = {"engine": "ffprobe, ffmpeg ebur128, imagia index (read-only)"}
    job.progress(0.8, "writing")
    out_json = job.write_json(
        f"{media.stem}.metadata.json", md.to_dict(), "report/json", details=details
    )
    result: dict[str, Any] = {
        "media": media.name,
        "format": to,
        "title": md.title,
        "sha256": md.sha256,
        "duration": md.technical.duration,
        "indexed": md.descriptive is not None,
        "notes": md.notes,
    }
    if to == "ebucore":
        # EBUCore has no slot for it: the provenance goes in an XML comment and the job record
        out_xml = write_xml(
            md, job.output_dir / f"{media.stem}.ebucore.xml", job.provenance(**details)
        )
        job.add_output(out_xml, "metadata/ebucore")
        result["file"] = out_xml.name
        result["schema"] = schema_path().name
    else:
        result["file"] = out_json.name
    d = md.descriptive
    if d is not None:
        result.update(
            language=d.language,
            keywords=[k["word"] for k in d.keywords],
            shots=d.shots,
            people=[p["name"] for p in d.people],
        )
    job.progress(1.0, f"metadata written as {to}")
    return result
