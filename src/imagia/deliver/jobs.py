"""Job entry of ``deliver-ladder`` (a thin adapter over :mod:`imagia.deliver.ladder`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.jobs import JobContext

CSV_COLUMNS = (
    "width", "height", "crf", "target_kbps", "kbps", "vmaf", "vmaf_harmonic", "vmaf_min",
    "psnr_y", "ssim", "on_hull", "rung", "fixed_ladder", "seconds",
)  # fmt: skip


def _media(params: dict[str, Any]) -> Path:
    value = params.get("media")
    if isinstance(value, list):
        value = value[0] if value else ""
    if not value or not str(value).strip():
        raise BadValue("media", value or "", reason="give a video file")
    return Path(str(value))


def _flag(value: Any, default: bool) -> bool:
    if value in (None, ""):
        return default
    return str(value).lower() not in ("false", "0", "no", "off")


def rows(ladder: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV row per measured encode (grid and fixed ladder)."""
    hull = {(h["width"], h["height"], h["crf"]) for h in ladder["hull"]}
    rungs = {(r["width"], r["height"], r["crf"]) for r in ladder["rungs"]}
    out = []
    for fixed, points in ((False, ladder["points"]), (True, ladder["fixed_ladder"]["points"])):
        for p in points:
            key = (p["width"], p["height"], p["crf"])
            out.append(
                {
                    **{k: p[k] for k in ("width", "height", "crf", "target_kbps", "kbps")},
                    **{k: p["scores"][k] for k in ("vmaf", "vmaf_harmonic", "vmaf_min")},
                    "psnr_y": p["scores"]["psnr_y"],
                    "ssim": p["scores"]["ssim"],
                    "on_hull": not fixed and key in hull,
                    "rung": not fixed and key in rungs,
                    "fixed_ladder": fixed,
                    "seconds": p["seconds"],
                }
            )
    return out


def run_ladder(params: dict[str, Any], job: JobContext) -> dict[str, Any]:
    """Sample, encode and measure the grid, choose the rungs, plot and report; on request
    encode the rungs and package them (HLS, DASH)."""
    from imagia.deliver import package, plot, report
    from imagia.deliver.ffmpeg import find
    from imagia.deliver.ladder import LadderOptions, build

    media = _media(params)
    formats = package.parse_formats(str(params.get("package") or ""))
    opts = LadderOptions(
        codec=str(params.get("codec") or "x264"),
        preset=str(params.get("preset") or "medium"),
        budget=float(params.get("budget", 10.0)),
        segments=int(params.get("segments") or 6),
        segment_seconds=float(params.get("segment_seconds") or 5.0),
        targets=str(params.get("targets") or "95,93,88,80,70,60"),
        compare=_flag(params.get("compare"), True),
    )
    opts.check()
    ff = find(opts.codec, muxers=tuple(formats))
    share = 0.7 if formats else 0.95
    ladder = build(media, opts, lambda f, m: job.progress(f * share, m), ff)
    job.use_model(
        {
            "name": "VMAF vmaf_v0.6.1",
            "where": f"built into libvmaf of {ff.exe} ({ff.found})",
            "licence": "BSD-2-Clause-Patent",
            "source": "https://github.com/Netflix/vmaf",
        }
    )
    details = {
        "engine": f"imagia.deliver (ffmpeg {ff.found}, {opts.codec} {opts.preset}, libvmaf "
        "vmaf_v0.6.1, shots by imagia.media.shots)",
    }
    stem = media.stem
    ladder["plot"] = plot.geometry(ladder)
    ladder["packaged"] = _package(job, media, ladder, opts, formats, share) if formats else {}
    job.write_json(f"{stem}.ladder.json", ladder, "encoding-ladder/json", details=details)
    job.write_csv(
        f"{stem}.grid.csv", rows(ladder), CSV_COLUMNS, "encoding-ladder/csv", details=details
    )
    for lang in ("en", "fr"):
        job.write_text(f"{stem}.ladder.{lang}.svg", plot.svg(ladder, lang), "image/svg+xml")
        job.write_text(f"{stem}.report.{lang}.html", report.html(ladder, lang), "report/html")
    job.progress(1.0, "done")
    fixed = ladder["fixed_ladder"]
    return {
        "rungs": len(ladder["rungs"]),
        "ladder": [f"{r['width']}x{r['height']}@{r['kbps']:.0f}k" for r in ladder["rungs"]],
        "bd_rate": None if fixed["bd_rate"] is None else round(fixed["bd_rate"], 4),
        "cells": ladder["budget"]["cells"],
        "spent_minutes": ladder["budget"]["spent_minutes"],
        "gave_up": [g["en"] for g in ladder["budget"]["gave_up"]],
        "packaged": sorted(ladder["packaged"]),
    }


def _package(
    job: JobContext,
    media: Path,
    ladder: dict[str, Any],
    opts: Any,
    formats: list[str],
    share: float,
) -> dict[str, str]:
    """Encode the rungs over the whole title, package them; register every file."""
    from imagia.deliver import package
    from imagia.deliver.ffmpeg import find
    from imagia.media.probe import probe

    ff = find(opts.codec, vmaf=False, muxers=tuple(formats))
    info = probe(media)
    rungs = [package.Rung(r["width"], r["height"], r["crf"], r["kbps"]) for r in ladder["rungs"]]
    if not rungs:
        return {}
    n = len(rungs)

    def step(i: int, r: package.Rung) -> None:
        job.progress(share + (1 - share) * 0.9 * i / n, f"encoding rung {r.name} ({i + 1}/{n})")

    folder = job.output_dir
    videos = package.encode_rungs(
        ff, media, rungs, folder / "rungs", codec_name=opts.codec, preset=opts.preset,
        fps=float(info.frame_rate or 25), progress=step,
    )  # fmt: skip
    audio = package.encode_audio(ff, media, folder / "rungs" / "audio.m4a") if info.audio else None
    out: dict[str, str] = {}
    job.progress(share + (1 - share) * 0.92, "packaging")
    if "hls" in formats:
        out["hls"] = str(package.hls(ff, videos, audio, folder / "hls", opts.codec).name)
    if "dash" in formats:
        out["dash"] = str(package.dash(ff, videos, audio, folder / "dash").name)
    kinds = {".mp4": "video/mp4", ".m4a": "audio/mp4", ".m3u8": "hls/m3u8", ".mpd": "dash/mpd"}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.parent != folder:
            job.add_output(path, kinds.get(path.suffix, "stream/segment"))
    return {k: f"{k}/{v}" for k, v in out.items()}
