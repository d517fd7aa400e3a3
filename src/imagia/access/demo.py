"""Demo examples of the accessibility tools: a 12 s clip made here (ffmpeg test pictures, three
lines spoken by the local TTS at known times) and a script filled in as a describer would."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.probe import ffmpeg_exe

LINES = (
    (0.5, "The train is late again."),
    (5.5, "We should have taken the car."),
    (10.0, "Next time, then."),
)
DESCRIPTIONS = (
    "A crowded platform. Anna checks her watch.",
    "Colour bars fill the screen.",
    "She smiles.",
)


def make_clip(
    out: Path,
    lines: tuple[tuple[float, str], ...] = LINES,
    seconds: float = 12.0,
    voice: str = "en",
    cut: float = 3.6,
) -> list[tuple[float, float]]:
    """A small H.264/AAC clip: test pictures with one cut at ``cut`` seconds, ``lines`` spoken
    at their times over a quiet 12 kHz tone; returns the spoken spans (start, end) in s."""
    import numpy as np
    import soundfile as sf

    from imagia.speech import tts

    audio = np.zeros(int(seconds * tts.RATE), np.float32)
    spans = []
    for at, text in lines:
        s = tts.say(text, voice)
        a = int(at * tts.RATE)
        take = s.audio[: len(audio) - a]
        audio[a : a + len(take)] += 0.5 * take
        spans.append((at, round(at + len(take) / tts.RATE, 3)))
    bed = 0.01 * np.sin(2 * np.pi * 12000 * np.arange(len(audio)) / tts.RATE)  # a quiet tone
    wav = out.with_name(f".{out.stem}.tmp.wav")
    sf.write(str(wav), (audio + bed).astype(np.float32), tts.RATE, subtype="PCM_16")
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
    try:
        subprocess.run(
            [
                ffmpeg_exe(),
                "-y",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"testsrc2=s=160x90:r=25:d={cut}",
                "-f",
                "lavfi",
                "-i",
                f"smptebars=s=160x90:r=25:d={seconds - cut}",
                "-i",
                str(wav),
                "-filter_complex",
                "[0:v][1:v]concat=n=2:v=1:a=0[v]",
                "-map",
                "[v]",
                "-map",
                "2:a",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "192k",
                "-shortest",
                str(tmp),
            ],
            check=True,
            capture_output=True,
        )
        tmp.replace(out)
    finally:
        wav.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return spans


def demo_clip(ws: Workspace) -> Path:
    out = ws.files_dir / "demo-ad.mp4"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        make_clip(out)
    return out


def voice_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    lines = ws.files_dir / "demo-barks.txt"
    if not lines.exists():
        lines.parent.mkdir(parents=True, exist_ok=True)
        lines.write_text("Over here!\nReloading. [pause 0.3s] Cover me.\nArea clear.\n", "utf-8")
    return {"file": str(lines), "voice": "en"}, [lines]


def slots_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_clip(ws)
    return {"media": str(media), "lang": "en"}, [media]


def mix_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    from imagia.access import script as adscript
    from imagia.access.slots import find

    media = demo_clip(ws)
    path = ws.files_dir / "demo-ad-script.json"
    if not path.exists():
        sc = adscript.template(find(media))
        for line, text in zip(sc.lines, DESCRIPTIONS, strict=False):
            line.text = text
        path.write_text(json.dumps(sc.to_dict(), ensure_ascii=False, indent=2), "utf-8")
    return {"media": str(media), "script": str(path)}, [media, path]
