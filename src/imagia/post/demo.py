"""Demo examples of the audio post-production tools (inputs made with ffmpeg)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.probe import ffmpeg_exe


def demo_mix(ws: Workspace) -> Path:
    """A 20 s programme-like stereo mix: pink noise bed with a tone rising 6 dB mid-way."""
    out = ws.files_dir / "demo-mix.wav"
    if not out.exists():
        tmp = out.with_suffix(".tmp.wav")
        graph = (
            "anoisesrc=color=pink:amplitude=0.08:seed=7:duration=20[n];"
            "sine=frequency=440:duration=20,volume='if(lt(t,10),0.1,0.2)':eval=frame[s];"
            "[n][s]amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=c0[out]"
        )
        subprocess.run(
            [ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, "-map", "[out]",
             "-ar", "48000", "-c:a", "pcm_s16le", str(tmp)],
            check=True,
        )
        tmp.replace(out)
    return out


def loudness_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_mix(ws)
    return {"media": str(media), "spec": "ebu-r128"}, [media]
