"""The reports of a clips run: one ``ClipRights.1`` JSON per rendered clip (grant used, reasons,
source timecodes, provenance), a ``ClipsReport.1`` summary and a CSV of every moment found."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from imagia.clips.make import Candidate, MakeResult
from imagia.core.provenance import atomic_write, record, sha256_file

CSV_COLUMNS = ("status", "asset", "title", "tc_in", "tc_out", "length", "clip", "grant",
               "loudness", "reasons_en", "reasons_fr", "text", "why")


def _options(result: MakeResult) -> dict[str, Any]:
    d = asdict(result.options)
    d["on"] = str(d["on"])
    return d


def _point(frames: int, c: Candidate, tc: str) -> dict[str, Any]:
    return {"timecode": tc, "frame": frames, "seconds": round(float(frames / c.moment.fps), 6)}


def clip_rights(c: Candidate, result: MakeResult, out_dir: Path,
                provenance: dict[str, Any]) -> dict[str, Any]:
    """The ``ClipRights.1`` record of a rendered clip."""
    m, o = c.moment, result.options
    clip = out_dir / c.clip if c.clip else None
    return {
        "schema": "ClipRights.1", "clip": c.clip,
        "clip_sha256": sha256_file(clip) if clip and clip.is_file() else None,
        "duration": c.duration,
        "source": {"asset": m.asset, "path": m.path, "sha256": m.sha256, "fps": str(m.fps),
                   "in": _point(c.first, c, c.tc_in), "out": _point(c.last, c, c.tc_out),
                   "text": m.text},
        "found_by": c.why,
        "use": {"territory": o.territory, "channel": o.channel, "date": str(o.on)},
        "decision": c.decision.to_dict(), "subtitles": c.subtitles, "loudness": c.loudness,
        "notes": c.notes, "register": result.register, "provenance": provenance}


def write_json(path: Path, data: dict[str, Any]) -> Path:
    with atomic_write(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
    return path


def write_csv(path: Path, result: MakeResult) -> Path:
    with atomic_write(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for c in result.candidates:
            s = c.summary()
            w.writerow([s["status"], s["asset"], s["title"] or "", s["tc_in"], s["tc_out"],
                        s["length"], s["clip"] or "", s["grant"] or "", s["loudness"] or "",
                        " | ".join(r["en"] for r in s["reasons"] + [
                            {"en": n} for n in s["notes"]]),
                        " | ".join(r["fr"] for r in s["reasons"]), s["text"],
                        " | ".join(s["why"])])
    return path


def write_reports(result: MakeResult, out_dir: Path, params: dict[str, Any]) -> list[Path]:
    """Every report of the run; returns the paths written (rights reports first)."""
    written: list[Path] = []
    prov_by_asset: dict[str, dict[str, Any]] = {}
    for c in result.candidates:
        if c.status != "kept" or not c.clip:
            continue
        src = Path(c.moment.path)
        if c.moment.path not in prov_by_asset:
            prov_by_asset[c.moment.path] = record(
                "clips-make", params, [src] if src.is_file() else [])
        name = Path(c.clip).stem + ".rights.json"
        written.append(write_json(out_dir / name, clip_rights(c, result, out_dir,
                                                               prov_by_asset[c.moment.path])))
        c.rights_report = name
    o = result.options
    summary = {
        "schema": "ClipsReport.1", "query": o.query, "person": o.person, "sound": o.sound,
        "use": {"territory": o.territory, "channel": o.channel, "date": str(o.on)},
        "options": _options(result), "found": len(result.candidates),
        **{k: [c.summary() for c in result.by_status(s)]
           for k, s in (("kept", "kept"), ("excluded", "excluded"), ("spare", "spare"),
                        ("failed", "failed"))},
        "register": result.register,
        "provenance": {"tool": "clips-make", "params": params,
                       "engine": "imagia.clips (index fused search: words, USE multilingual "
                                 "meaning, on-screen text; rights register, ffmpeg libx264/"
                                 "aac, libass subtitles, two-pass loudness)",
                       "models": []}}
    written.append(write_json(out_dir / "clips-report.json", summary))
    written.append(write_csv(out_dir / "clips-report.csv", result))
    return written
