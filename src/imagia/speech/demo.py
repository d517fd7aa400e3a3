"""Demo examples of the speech tools: speech made by espeak-ng when installed (else ffmpeg's
built-in Flite voice, which Whisper hears less well), and a hand-written subtitle file with the
usual faults."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.probe import ffmpeg_exe

DEMO_TEXT = (
    "Good evening. Tonight the mayor announced a new plan for the river banks. "
    "The works will start in the spring."
)
DEMO_SRT = """1
00:00:01,000 --> 00:00:01,400
Good evening.

2
00:00:01,440 --> 00:00:05,000
Tonight the mayor announced a new plan for the river banks.

3
00:00:05,300 --> 00:00:14,000
The works will start
in the spring.
"""


def demo_speech(ws: Workspace) -> Path:
    """About 7 s of English speech."""
    out = ws.files_dir / "demo-speech.wav"
    if not out.exists():
        tmp = out.with_suffix(".tmp.wav")
        espeak = shutil.which("espeak-ng")
        if espeak:
            raw = out.with_suffix(".raw.wav")
            subprocess.run(
                [espeak, "-v", "en-us", "-s", "150", "-w", str(raw), DEMO_TEXT], check=True
            )
            src = ["-i", str(raw)]
        else:
            text = DEMO_TEXT.replace("'", "").replace(":", " ")
            src = ["-f", "lavfi", "-i", f"flite=text='{text}'"]
        subprocess.run(
            [
                ffmpeg_exe(),
                "-y",
                "-v",
                "error",
                *src,
                "-af",
                "apad=pad_dur=0.5",
                "-ar",
                "16000",
                "-ac",
                "1",
                str(tmp),
            ],
            check=True,
        )
        if espeak:
            raw.unlink(missing_ok=True)
        tmp.replace(out)
    return out


def transcribe_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_speech(ws)
    return {"media": str(media), "lang": "auto", "model": "base"}, [media]


def make_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_speech(ws)
    return {"media": str(media), "profile": "netflix-en", "to": "srt", "shots": "none"}, [media]


def qc_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    subs = ws.files_dir / "demo-faults.srt"
    if not subs.exists():
        subs.write_text(DEMO_SRT, encoding="utf-8")
    return {"subs": str(subs), "profile": "netflix-en", "fix": True}, [subs]


def align_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_speech(ws)
    text = ws.files_dir / "demo-script.txt"
    if not text.exists():
        text.write_text(DEMO_TEXT + "\n", encoding="utf-8")
    return {"media": str(media), "text": str(text), "profile": "netflix-en"}, [media, text]


DEMO_FR = """1
00:00:01,000 --> 00:00:03,000
Bonsoir à tous.

2
00:00:03,500 --> 00:00:06,500
Le maire a présenté un nouveau projet
pour les bords de la rivière.
"""


def translate_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    subs = ws.files_dir / "demo-fr.srt"
    if not subs.exists():
        subs.write_text(DEMO_FR, encoding="utf-8")
    return {"subs": str(subs), "to": "en", "source": "fr", "model": "qwen-0.5b"}, [subs]


DEMO_DIALOGUE = (
    ("en+f3", "slt", "Did you see the rushes from yesterday?"),
    ("en+m1", "kal", "Yes, the light in the second take was much better."),
    ("en+f3", "slt", "Then we keep that one for the edit."),
    ("en+m1", "kal", "I will tell the editor this afternoon, before the screening."),
)


def demo_dialogue(ws: Workspace) -> Path:
    """About 12 s of a two-voice dialogue (espeak-ng's en+f3 and en+m1, else ffmpeg's Flite
    voices slt and kal), lines 0.6 s apart."""
    out = ws.files_dir / "demo-dialogue.wav"
    if out.exists():
        return out
    espeak = shutil.which("espeak-ng")
    parts = []
    for k, (voice, flite, text) in enumerate(DEMO_DIALOGUE):
        part = out.with_suffix(f".part{k}.wav")
        if espeak:
            subprocess.run([espeak, "-v", voice, "-s", "155", "-w", str(part), text], check=True)
        else:
            source = f"flite=text='{text.replace(chr(39), '')}':voice={flite}"
            cmd = [ffmpeg_exe(), "-y", "-v", "error", "-f", "lavfi", "-i", source, str(part)]
            subprocess.run(cmd, check=True)
        parts.append(part)
    inputs = [x for p in parts for x in ("-i", str(p))]
    graph = "".join(f"[{k}:a]aresample=16000,apad=pad_dur=0.6[a{k}];" for k in range(len(parts)))
    graph += "".join(f"[a{k}]" for k in range(len(parts))) + f"concat=n={len(parts)}:v=0:a=1"
    tmp = out.with_suffix(".tmp.wav")
    cmd = [ffmpeg_exe(), "-y", "-v", "error", *inputs, "-filter_complex", graph]
    subprocess.run([*cmd, "-ar", "16000", "-ac", "1", str(tmp)], check=True)
    for p in parts:
        p.unlink(missing_ok=True)
    tmp.replace(out)
    return out


def speakers_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_dialogue(ws)
    return {"media": str(media), "speakers": 0, "threshold": 0.4}, [media]
