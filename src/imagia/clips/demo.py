"""Demo of ``clips-make``: a 9 s clip where the same word is said twice (espeak-ng), indexed
with its transcript, and a register granting social in France with a music cue over the
second sentence, so one moment is kept and one excluded with its reason."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.workspace import Workspace
from imagia.media.encode import MUX_H264_AAC
from imagia.media.probe import ffmpeg_exe, probe

SENTENCES = ("The castle is quiet at dawn.", "The castle is loud at night.")
LEAD, GAP = 0.5, 2.0  # silence before the first sentence and between the two
NAME = "demo-castle.mp4"

REGISTER = """schema: RightsRegister.1
titles:
  - title: Castle (demo)
    match: {name}
    fps: 25
    grants:
      - id: social-fr
        territories: [FR, BE, CH, LU, MC]
        channels: [social, avod, press]
        formats: {{social: 60, press: 120}}
        start: 2026-01-01
        end: 2035-12-31
    music:
      - name: Night Theme (library music)
        start: {cue_start}
        end: {cue_end}
        cleared: [tv]
"""


def _speech(text: str, out: Path) -> float:
    espeak = shutil.which("espeak-ng")
    if espeak:
        subprocess.run(
            [espeak, "-v", "en-us", "-s", "140", "-w", str(out), text],
            check=True,
            capture_output=True,
        )
    else:  # a tone the length of the sentence, so the demo still builds
        subprocess.run(
            [
                ffmpeg_exe(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=300:duration=1.8",
                str(out),
            ],
            check=True,
        )
    return probe(out).duration or 0.0


def demo_clip(ws: Workspace) -> tuple[Path, list[tuple[float, float]]]:
    """The clip and the time range of each sentence in it."""
    out = ws.files_dir / NAME
    work = ws.files_dir / ".demo-castle"
    work.mkdir(parents=True, exist_ok=True)
    spans, t, inputs, parts = [], LEAD, [], []
    for k, text in enumerate(SENTENCES):
        d = _speech(text, work / f"s{k}.wav")
        spans.append((t, t + d))
        inputs += ["-i", str(work / f"s{k}.wav")]
        parts.append(f"[{k + 2}:a]aresample=48000,adelay={round(t * 1000)}:all=1[a{k}]")
        t += d + GAP
    total = spans[-1][1] + 0.5
    if not out.exists():
        tmp = out.with_name(f".{out.stem}.tmp.mp4")
        graph = (
            ";".join(parts) + ";[a0][a1]amix=inputs=2:normalize=0,apad,atrim=0:"
            f"{total:.3f}[a];[0:v][1:v]concat=n=2:v=1:a=0[v]"
        )
        half = total / 2
        subprocess.run(
            [
                ffmpeg_exe(),
                "-y",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"color=0x334455:s=320x180:r=25:d={half:.3f}",
                "-f",
                "lavfi",
                "-i",
                f"color=0x885522:s=320x180:r=25:d={total - half:.3f}",
                *inputs,
                "-filter_complex",
                graph,
                *MUX_H264_AAC,
                "-t",
                f"{total:.3f}",
                str(tmp),
            ],
            check=True,
        )
        tmp.replace(out)
    shutil.rmtree(work, ignore_errors=True)
    return out, spans


def _index_known(ws: Workspace, clip: Path, spans: list[tuple[float, float]]) -> None:
    """Without the speech extra: index the clip with the sentences we spoke (words spread
    evenly over each sentence)."""
    from imagia.core.provenance import sha256_file
    from imagia.index.store import AssetRecord, Window, open_index

    windows = []
    for text, (s, e) in zip(SENTENCES, spans, strict=True):
        words = text.split()
        step = (e - s) / len(words)
        windows.append(
            Window(
                s,
                e,
                text,
                tuple((w, s + k * step, s + (k + 1) * step) for k, w in enumerate(words)),
            )
        )
    info = probe(clip)
    open_index(ws).add(
        AssetRecord(
            sha256_file(clip),
            str(clip.resolve()),
            info.duration,
            Fraction(25),
            320,
            180,
            "h264",
            "aac",
            1,
            "en",
            notes=["demo: transcript from the spoken text"],
        ),
        [],
        windows,
    )


def prepare(ws: Workspace) -> Path:
    """Make, index and register the demo clip (each step skipped when already done)."""
    from imagia.clips.register import import_file
    from imagia.core.provenance import sha256_file
    from imagia.index.analysis import IngestOptions
    from imagia.index.ingest import index_paths
    from imagia.index.store import open_index

    clip, spans = demo_clip(ws)
    store = open_index(ws)
    if not store.has(sha256_file(clip)):
        if importlib.util.find_spec("faster_whisper") is not None:
            index_paths(
                store,
                [clip],
                ws.root / "index" / "thumbs",
                ws.root,
                IngestOptions(model="tiny.en", language="en"),
            )
        else:
            _index_known(ws, clip, spans)
    s2 = spans[1][0]
    reg = ws.files_dir / "demo-rights.yaml"
    reg.write_text(
        REGISTER.format(name=NAME, cue_start=f"{s2 + 1.0:.2f}", cue_end=f"{spans[1][1] + 0.4:.2f}"),
        encoding="utf-8",
    )
    import_file(ws, reg, merge=True)
    return clip


def make_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    prepare(ws)
    return {
        "query": "castle",
        "territory": "FR",
        "channel": "social",
        "date": "",
        "max": 5,
        "subtitles": True,
        "loudness": "-23",
        "handles": 0.5,
    }, []
