"""Speech made at test time with a TTS engine (espeak-ng for English, pico2wave for French,
espeak-ng's French voice when pico is absent); tests skip with the reason when none is there.
Install them with ``scripts/setup-system.sh --speech``."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.media_cache import session_media

HAS_WHISPER = importlib.util.find_spec("faster_whisper") is not None
needs_whisper = pytest.mark.skipif(
    not HAS_WHISPER, reason="speech extra not installed (pip install 'imagia[speech]')"
)
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")


@session_media
def tts(path: Path, text: str, lang: str = "en", pad: float = 0.0) -> Path:
    raw = path.with_suffix(".raw.wav")
    if lang == "fr" and shutil.which("pico2wave"):
        subprocess.run(
            ["pico2wave", "-l", "fr-FR", "-w", str(raw), text], check=True, capture_output=True
        )
    elif shutil.which("espeak-ng"):
        voice = "fr" if lang == "fr" else "en-us"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
    else:
        pytest.skip("no TTS engine (run scripts/setup-system.sh --speech for espeak-ng, pico)")
    af = ["-af", f"adelay={int(pad * 1000)},apad=pad_dur={pad}"] if pad else []
    subprocess.run(
        ["ffmpeg", "-y", "-v", "error", "-i", str(raw), *af, "-ar", "16000", "-ac", "1", str(path)],
        check=True,
    )
    raw.unlink()
    return path


@session_media
def concat(path: Path, parts: list[Path], silence: float) -> Path:
    """Join WAVs with ``silence`` seconds between them."""
    inputs: list[str] = []
    labels = ""
    for k, p in enumerate(parts):
        inputs += ["-i", str(p)]
        labels += f"[{k}:a]apad=pad_dur={silence}[a{k}];"
    graph = (
        labels
        + "".join(f"[a{k}]" for k in range(len(parts)))
        + f"concat=n={len(parts)}:v=0:a=1[out]"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            *inputs,
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-ar",
            "16000",
            "-ac",
            "1",
            str(path),
        ],
        check=True,
    )
    return path
