"""``imagia speech ...``: transcription with word times (use case subtitling)."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Speech: transcription with word times, language detection, voice activity, speakers.",
    no_args_is_help=True,
)


@app.command("transcribe")
def transcribe(
    media: Path = typer.Argument(..., help="Audio or video file (anything ffmpeg reads)."),
    lang: str = declared("speech-transcribe", "lang", "--lang"),
    model: str = declared("speech-transcribe", "model", "--model"),
    formats: str = declared("speech-transcribe", "formats", "--to"),
    vad: bool = declared("speech-transcribe", "vad", "--vad/--no-vad"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Transcribe speech with word start/end times; writes JSON (Transcript.1), TXT and SRT."""
    from imagia.core.errors import BadValue
    from imagia.speech.audio import probe_audio
    from imagia.speech.jobs import TRANSCRIPT_FORMATS

    for f in formats.split(","):
        if f.strip() not in TRANSCRIPT_FORMATS:
            raise BadValue("--to", f, TRANSCRIPT_FORMATS)
    probe_audio(media)
    ws = wsmod.resolve(workspace)
    job = jobmod.submit(
        ws,
        "speech-transcribe",
        {
            "media": str(media.resolve()),
            "lang": lang,
            "model": model,
            "formats": formats,
            "vad": vad,
        },
        [media],
    )
    job = run_with_progress(ws, job.id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{media.name}: {r['language']} (p={r['language_probability']}), "
        f"{r['segments']} segments, {r['words']} words, {r['seconds']} s "
        f"({r['real_time_factor']}x real time)",
        highlight=False,
    )
    console.print(r["text"], highlight=False)
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)


@app.command("voices")
def voices(
    media: Path = typer.Argument(..., help="Audio or video file (anything ffmpeg reads)."),
    threshold: float = typer.Option(
        165.0, "--threshold", help="F0 in Hz between lower and higher voices."
    ),
    band: float = typer.Option(
        1.5, "--band", help="Semitones either side of the threshold labelled unknown."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the result as JSON (VoiceRegister.1)."
    ),
) -> None:
    """Lower or higher voice per stretch of speech, by pitch register (median F0 of the voiced
    frames, YIN); not a judgement of gender."""
    from imagia.speech.voice import VoiceOptions, estimate

    report = estimate(media, VoiceOptions(threshold_hz=threshold, band_semitones=band))
    if as_json:
        emit_json(report.to_dict())
        return
    lo, hi = report.band_hz
    f0 = f"{report.f0_median:.0f} Hz" if report.f0_median is not None else "no voiced frames"
    console.print(
        f"{media.name}: {report.label} ({f0}, confidence {report.confidence:.2f}); "
        f"unknown between {lo:.0f} and {hi:.0f} Hz",
        highlight=False,
    )
    for s in report.segments:
        med = f"{s.f0_median:6.1f} Hz" if s.f0_median is not None else "     — Hz"
        console.print(
            f"  {s.start:8.2f}-{s.end:8.2f} s  {med}  {s.label:<7} "
            f"{s.confidence:.2f}  voiced {s.voiced_s:.1f} s",
            highlight=False,
        )


@app.command("speakers")
def speakers_command(
    media: Path = declared("speech-speakers", "media"),
    speakers: int = declared("speech-speakers", "speakers", "--speakers"),
    threshold: float = declared("speech-speakers", "threshold", "--threshold"),
    names: Path | None = declared("speech-speakers", "names", "--names"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Who speaks when: speaker turns (RTTM, CSV), speaking time per speaker and per confirmed
    gender, a sample per speaker; --names gives names and genders (YAML answers file)."""
    from imagia.cli.tools import emit_job, print_outputs, run_tool

    params = {
        "media": str(media.resolve()),
        "speakers": speakers,
        "threshold": threshold,
        "names": str(names.resolve()) if names else None,
    }
    inputs = [media] + ([names] if names else [])
    ws, job = run_tool(workspace, "speech-speakers", params, inputs)
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{media.name}: {r['speakers']} speaker(s), {r['turns']} turns, "
        f"{r['speech_seconds']} s of speech ({r['real_time_factor']}x real time)",
        highlight=False,
    )
    total = r["speech_seconds"] or 1.0
    for label, secs in r["by_speaker"].items():
        console.print(f"  {label:<20} {secs:8.1f} s  {100 * secs / total:5.1f} %", highlight=False)
    unconfirmed = r["by_gender"].get("unconfirmed", 0.0)
    genders = ", ".join(f"{g} {s:.1f} s" for g, s in r["by_gender"].items() if s)
    console.print(f"  by gender: {genders}", highlight=False)
    if unconfirmed:
        console.print(
            "  gender not confirmed for some speakers: fill in the names file and run again "
            "with --names",
            highlight=False,
        )
    print_outputs(ws, job)
