"""Demo input of ``vfx-restore``: 2 s of rotating SMPTE bars at 320x180, damaged with known
dust, scratches and noise (seeded), restored and measured against the clean clip."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.probe import ffmpeg_exe
from imagia.vfx.degrade import Damage, degrade

CLEAN = "smptehdbars=size=640x360:rate=25:duration=2,rotate=a=0.1*PI*t:ow=320:oh=180"


def clean_clip(out: Path, source: str = CLEAN) -> Path:
    """Write the lavfi ``source`` as FFV1 into ``out`` (lossless)."""
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
    cmd = [ffmpeg_exe(), "-y", "-v", "error", "-f", "lavfi", "-i", source, "-c:v", "ffv1"]
    subprocess.run([*cmd, str(tmp)], check=True)
    tmp.replace(out)
    return out


def restore_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    clean = ws.files_dir / "demo-restore-clean.mkv"
    damaged = ws.files_dir / "demo-restore-damaged.mkv"
    if not clean.exists():
        clean_clip(clean)
    if not damaged.exists():
        degrade(clean, damaged, Damage(noise=8.0, dust=8, scratches=0.3, seed=7))
    params = {
        "media": str(damaged),
        "dust": True,
        "denoise": 0.4,
        "reference": str(clean),
    }
    return params, [damaged, clean]
