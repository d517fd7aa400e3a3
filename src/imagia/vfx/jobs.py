"""Job entry of ``vfx-restore``: a thin adapter over :func:`imagia.vfx.restore.restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue


def _flag(v: Any) -> bool:
    return v is True or str(v).lower() in ("1", "true", "yes", "on")


def options(params: dict[str, Any]) -> Any:
    """The :class:`RestoreOptions` of a job's (validated) parameters."""
    from imagia.vfx.restore import RestoreOptions

    return RestoreOptions(
        denoise=float(params.get("denoise") or 0.0),
        denoise_method=str(params.get("denoise_method") or "hqdn3d"),
        deflicker=_flag(params.get("deflicker", False)),
        deflicker_strength=float(params.get("deflicker_strength", 0.5)),
        dust=_flag(params.get("dust", False)),
        dust_strength=float(params.get("dust_strength", 0.5)),
        dust_fill=str(params.get("dust_fill") or "temporal"),
        stabilise=_flag(params.get("stabilise", False)),
        stabilise_strength=float(params.get("stabilise_strength", 0.5)),
        upscale=int(params.get("upscale") or 1),
        sharpen=float(params.get("sharpen", 0.6)),
    )


def restore_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Restore ``params['media']``; write the restored clip, a before/after side by side and
    a JSON report (with PSNR/SSIM/VMAF when a clean ``reference`` is given)."""
    from imagia.vfx.measure import compare
    from imagia.vfx.restore import restore, side_by_side

    media = Path(params["media"])
    opts = options(params)
    opts.check()
    ref = Path(params["reference"]) if params.get("reference") else None
    if ref is not None and opts.upscale > 1:
        raise BadValue("reference", str(ref), reason="measuring needs upscale 1 (same size)")
    if not any((opts.denoise > 0, opts.deflicker, opts.dust, opts.stabilise, opts.upscale > 1)):
        raise BadValue(
            "filters",
            "none",
            reason="switch on at least one of denoise, deflicker, dust, stabilise, upscale",
        )
    out = job.output_dir / f"{media.stem}.restored.mp4"
    result = restore(media, out, opts, progress=lambda f, m: job.progress(f * 0.8, m))
    job.add_output(out, "video/restored")
    job.progress(0.82, "before/after")
    sbs = job.output_dir / f"{media.stem}.before-after.mp4"
    side_by_side(media, out, sbs)
    job.add_output(sbs, "video/side-by-side")
    data = result.to_dict()
    data["output"] = out.name
    data["source"] = media.name
    data["side_by_side"] = sbs.name
    if ref is not None:
        job.progress(0.88, "measuring against the reference")
        vmaf = _has_vmaf()
        data["quality"] = {
            "reference": ref.name,
            "before": compare(media, ref, vmaf=vmaf).to_dict(),
            "after": compare(out, ref, vmaf=vmaf).to_dict(),
        }
    details = {"engine": "ffmpeg (vid.stab, deflicker, hqdn3d/nlmeans, lanczos) + OpenCV"}
    job.write_json(f"{media.stem}.restore.json", data, "report/json", details=details)
    job.progress(1.0, "done")
    summary = {k: data[k] for k in ("frames", "realtime_factor", "dust_frames", "output")}
    summary["filters"] = [c["filter"] for c in result.chain]
    if "quality" in data:
        summary["psnr_before"] = data["quality"]["before"]["psnr"]
        summary["psnr_after"] = data["quality"]["after"]["psnr"]
    return summary


def _has_vmaf() -> bool:
    from imagia.core.errors import MissingDependency
    from imagia.vfx.measure import vmaf_exe

    try:
        vmaf_exe()
    except MissingDependency:
        return False
    return True
