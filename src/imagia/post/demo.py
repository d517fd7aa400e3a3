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
            [
                ffmpeg_exe(),
                "-y",
                "-v",
                "error",
                "-filter_complex",
                graph,
                "-map",
                "[out]",
                "-ar",
                "48000",
                "-c:a",
                "pcm_s16le",
                str(tmp),
            ],
            check=True,
        )
        tmp.replace(out)
    return out


def loudness_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = demo_mix(ws)
    return {"media": str(media), "spec": "ebu-r128", "normalise": True}, [media]


def _render(out: Path, graph: str, codec: str = "pcm_s24le") -> Path:
    if not out.exists():
        tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
        subprocess.run(
            [
                ffmpeg_exe(),
                "-y",
                "-v",
                "error",
                "-filter_complex",
                graph,
                "-map",
                "[out]",
                "-ar",
                "48000",
                "-c:a",
                codec,
                str(tmp),
            ],
            check=True,
        )
        tmp.replace(out)
    return out


# A sentence read by ffmpeg's built-in flite voice, padded to ``d`` seconds.
_SPEECH = (
    "flite=text='Scene twelve, take three. Where were you last night when the lights "
    "went out? I was here, in the studio, mixing the last reel.',aresample=48000,"
    "apad,atrim=0:{d}"
)


def qc_demo_mix(ws: Workspace) -> Path:
    """12 s stereo with defects a QC room would catch: 50 Hz hum (and harmonics), a ~20 ms
    dropout at 4 s, a clipped burst at 8 s, the right channel's polarity inverted from 9.5 to
    11 s."""
    graph = (
        "anoisesrc=color=pink:amplitude=0.05:seed=11:duration=12[l];"
        "anoisesrc=color=pink:amplitude=0.05:seed=12:duration=12[r];"
        "sine=frequency=50:duration=12,volume=0.02[h1];"
        "sine=frequency=100:duration=12,volume=0.01[h2];"
        "sine=frequency=150:duration=12,volume=0.006[h3];"
        "[h1][h2][h3]amix=inputs=3:normalize=0[h];"
        "[l][r]join=inputs=2:channel_layout=stereo[st];"
        "[h]pan=stereo|c0=c0|c1=c0[hs];"
        "[st][hs]amix=inputs=2:normalize=0,"
        "volume='if(between(t,4,4.03),0,1)':eval=frame:precision=float,"
        "volume='if(between(t,8,8.2),40,1)':eval=frame:precision=float,"
        "aeval='val(0)|if(between(t,9.5,11),-val(0),val(1))':c=stereo[out]"
    )
    return _render(ws.files_dir / "demo-qc.wav", graph)


def qc_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = qc_demo_mix(ws)
    return {"media": str(media), "fps": "25", "layout": "stereo"}, [media]


def sync_pair(ws: Workspace) -> tuple[Path, Path]:
    """The same take heard by a camera (noisy, high-passed) and a recorder 0.37 s later."""
    event = _SPEECH.format(d=8)
    cam = _render(
        ws.files_dir / "demo-take-camera.wav",
        f"{event},highpass=f=150[s];anoisesrc=color=white:amplitude=0.02:seed=3:"
        "duration=8[n];[s][n]amix=inputs=2:normalize=0[out]",
    )
    rec = _render(
        ws.files_dir / "demo-take-recorder.wav",
        f"{event},adelay=370,atrim=0:8[s];anoisesrc=color=brown:amplitude=0.02:"
        "seed=4:duration=8[n];[s][n]amix=inputs=2:normalize=0[out]",
    )
    return cam, rec


def sync_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    cam, rec = sync_pair(ws)
    return {"a": str(cam), "b": str(rec), "fps": "25"}, [cam, rec]


def noisy_dialogue(ws: Workspace) -> Path:
    """Dialogue over pink noise."""
    graph = (
        f"{_SPEECH.format(d=9)}[s];anoisesrc=color=pink:amplitude=0.08:seed=5:duration=9[n];"
        "[s][n]amix=inputs=2:normalize=0[out]"
    )
    return _render(ws.files_dir / "demo-noisy-dialogue.wav", graph)


def denoise_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = noisy_dialogue(ws)
    return {"media": str(media), "method": "deepfilternet", "strength": 1.0}, [media]


def dehum_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = qc_demo_mix(ws)
    return {"media": str(media), "freq": "auto", "harmonics": 8}, [media]


def dialogue_over_music(ws: Workspace) -> Path:
    """Dialogue over a two-note pad and a kick every half second (a small mix)."""
    graph = (
        f"{_SPEECH.format(d=9)}[s];"
        "sine=frequency=220:duration=9,volume=0.4[m1];"
        "sine=frequency=277:duration=9,volume=0.3[m2];"
        "aevalsrc='0.6*sin(2*PI*60*t)*exp(-30*mod(t,0.5))':s=48000:d=9[k];"
        "[s][m1][m2][k]amix=inputs=4:normalize=0[out]"
    )
    return _render(ws.files_dir / "demo-dialogue-music.wav", graph)


def stems_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    media = dialogue_over_music(ws)
    return {"media": str(media), "method": "deepfilternet"}, [media]
