"""``imagia vfx ...``: VFX and restoration (use case restoration)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="VFX and restoration: a restoration chain with a before/after, measured against a "
    "clean reference when one is given.",
    no_args_is_help=True,
)

_T = "vfx-restore"


@app.command("restore")
def restore(
    media: Path = declared(_T, "media"),
    denoise: float = declared(_T, "denoise", "--denoise"),
    denoise_method: str = declared(_T, "denoise_method", "--denoise-method"),
    deflicker: bool = declared(_T, "deflicker", "--deflicker"),
    deflicker_strength: float = declared(_T, "deflicker_strength", "--deflicker-strength"),
    dust: bool = declared(_T, "dust", "--dust"),
    dust_strength: float = declared(_T, "dust_strength", "--dust-strength"),
    dust_fill: str = declared(_T, "dust_fill", "--dust-fill"),
    stabilise: bool = declared(_T, "stabilise", "--stabilise", "--stabilize"),
    stabilise_strength: float = declared(_T, "stabilise_strength", "--stabilise-strength"),
    upscale: int = declared(_T, "upscale", "--upscale"),
    sharpen: float = declared(_T, "sharpen", "--sharpen"),
    reference: Path | None = declared(_T, "reference", "--reference"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Restore a clip: stabilise, deflicker, remove dust and scratches, denoise, upscale."""
    params: dict[str, Any] = {
        "media": str(media),
        "denoise": denoise,
        "denoise_method": denoise_method,
        "deflicker": deflicker,
        "deflicker_strength": deflicker_strength,
        "dust": dust,
        "dust_strength": dust_strength,
        "dust_fill": dust_fill,
        "stabilise": stabilise,
        "stabilise_strength": stabilise_strength,
        "upscale": upscale,
        "sharpen": sharpen,
        "reference": str(reference) if reference else None,
    }
    inputs = [media, *([reference] if reference else [])]
    ws, job = run_tool(workspace, _T, params, inputs)
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{media.name}: {', '.join(r['filters'])} — {r['frames']} frames, "
        f"{r['realtime_factor']}x real time, dust on {r['dust_frames']} frames",
        highlight=False,
    )
    if "psnr_after" in r:
        console.print(
            f"  • PSNR against the reference: {r['psnr_before']} dB → {r['psnr_after']} dB",
            highlight=False,
        )
    print_outputs(ws, job)
