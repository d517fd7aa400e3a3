"""``imagia subtitles ...``: subtitles to delivery profiles, QC that fixes, format conversion."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Subtitles: build them to a profile (Netflix, BBC, SDH), check and fix "
    "them, convert SRT/WebVTT/TTML/ASS/EBU-STL.",
    no_args_is_help=True,
)

_PROFILE_HELP = (
    "netflix-en, netflix-fr, netflix-en-children, netflix-fr-children, sdh-en, "
    "sdh-fr, bbc, or a YAML profile file."
)


@app.command("make")
def make(
    media: Path = typer.Argument(..., help="Audio or video file."),
    profile: str = declared("subtitles-make", "profile", "--profile", "-p"),
    to: str = declared("subtitles-make", "to", "--to"),
    lang: str = declared("subtitles-make", "lang", "--lang"),
    fps: str | None = declared("subtitles-make", "fps", "--fps"),
    shots: str = declared("subtitles-make", "shots", "--shots"),
    sound_tags: bool = declared("subtitles-make", "sound_tags", "--sound-tags/--no-sound-tags"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Transcribe MEDIA and build subtitles that hold the profile's rules."""
    from imagia.speech.audio import probe_audio
    from imagia.speech.jobs import wants_sound_tags
    from imagia.speech.subtitles import formats, profiles

    formats.module(to)
    prof = profiles.get(profile)
    probe_audio(media)
    if wants_sound_tags(prof, {"sound_tags": sound_tags}):
        from imagia.core.models import find

        find("yamnet")  # fail before the job when the sound classifier is missing
    ws = wsmod.resolve(workspace)
    params = {
        "media": str(media.resolve()),
        "profile": str(profile) if prof.id == profile else str(Path(profile).resolve()),
        "to": to,
        "lang": lang,
        "fps": fps,
        "shots": shots if shots in ("auto", "none") else str(Path(shots).resolve()),
        "sound_tags": sound_tags,
    }
    job = jobmod.submit(ws, "subtitles-make", params, [media])
    job = run_with_progress(ws, job.id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{media.name}: {r['events']} events ({r['language']}, {r['profile']}, "
        f"{r['rate']} fps, {r['shots']} shot changes) — "
        f"{r['share_ok']:.0%} meet the profile (plain Whisper segments: "
        f"{r['plain_whisper_share_ok']:.0%})",
        highlight=False,
    )
    for rule, n in r["by_rule"].items():
        console.print(f"  • {rule}: {n}", highlight=False)
    for rv in r.get("review") or []:
        console.print(
            f"  [yellow]review[/] #{rv['event']} {rv['at']} {rv['why']}: {rv['text']!r} "
            f"(was {rv['original']!r})",
            highlight=False,
        )
    for t in r.get("sound_tags") or []:
        console.print(
            f"  {t['label']} {t['start']:.2f}-{t['end']:.2f} s: {t['placed']}", highlight=False
        )
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)


@app.command("align")
def align(
    media: Path = typer.Argument(..., help="Audio or video file."),
    text: Path = typer.Argument(
        ...,
        help="A text (.txt: transcript, dialogue list) or a "
        "subtitle file whose text is put on the audio.",
    ),
    profile: str = declared("subtitles-align", "profile", "--profile", "-p"),
    to: str = declared("subtitles-align", "to", "--to"),
    lang: str = declared("subtitles-align", "lang", "--lang"),
    fps: str | None = declared("subtitles-align", "fps", "--fps"),
    shots: str = declared("subtitles-align", "shots", "--shots"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Time an existing text or subtitle file on the audio, word by word, to the profile."""
    from imagia.core.errors import BadFile
    from imagia.speech.audio import probe_audio
    from imagia.speech.subtitles import formats, profiles

    formats.module(to)
    prof = profiles.get(profile)
    probe_audio(media)
    if not text.is_file():
        raise BadFile(text, "file not found")
    if text.suffix.lower() in formats.EXTENSIONS:
        formats.load(text)
    ws = wsmod.resolve(workspace)
    params = {
        "media": str(media.resolve()),
        "text": str(text.resolve()),
        "profile": profile if prof.id == profile else str(Path(profile).resolve()),
        "to": to,
        "lang": lang,
        "fps": fps,
        "shots": shots,
    }
    job = jobmod.submit(ws, "subtitles-align", params, [media, text])
    job = run_with_progress(ws, job.id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{text.name} on {media.name}: {r['words']} words, {r['share_matched']:.0%} "
        f"timed directly, the rest interpolated; {r['events']} events, "
        f"{r['share_ok']:.0%} meet {r['profile']}",
        highlight=False,
    )
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)


def _qc(
    subs: Path,
    profile: str,
    fix: bool,
    fps: str | None,
    media: Path | None,
    shots: str | None,
    encoding: str | None,
    workspace: Path | None,
    as_json: bool,
) -> None:
    from imagia.speech.subtitles import formats, profiles

    prof = profiles.get(profile)
    formats.load(subs, encoding=encoding)  # fail here, before any job is recorded
    ws = wsmod.resolve(workspace)
    params = {
        "subs": str(subs.resolve()),
        "profile": profile if prof.id == profile else str(Path(profile).resolve()),
        "fix": fix,
        "fps": fps,
        "media": str(media.resolve()) if media else None,
        "shots": shots,
        "encoding": encoding,
    }
    job = jobmod.submit(ws, "subtitles-qc", params, [subs] + ([media] if media else []))
    job = run_with_progress(ws, job.id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    enc = f", read as {r['encoding']}" if r.get("encoding") not in (None, "utf-8") else ""
    head = (
        f"{subs.name}: {r['events']} events, {r['share_ok_before']:.0%} meet {r['profile']} "
        f"at {r['rate']} fps{enc}"
    )
    if fix:
        head += f"; after fixing: {r['share_ok_after']:.0%}"
    console.print(head, highlight=False)
    for f in r["fixed"]:
        console.print(f"  [green]fixed[/] {f}", highlight=False)
    label = "needs a person" if fix else "violation"
    for v in r["violations"]:
        console.print(
            f"  [red]{label}[/] #{v['event']} {v['at']} {v['rule']}: {v['message']} "
            f"(limit {v['limit']})",
            highlight=False,
        )
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)


@app.command("qc")
def qc(
    subs: Path = typer.Argument(..., help="Subtitle file: SRT, VTT, TTML, ASS or STL."),
    profile: str = declared("subtitles-qc", "profile", "--profile", "-p"),
    fix: bool = declared("subtitles-qc", "fix", "--fix"),
    fps: str | None = declared("subtitles-qc", "fps", "--fps"),
    media: Path | None = declared("subtitles-qc", "media", "--media"),
    shots: str | None = declared("subtitles-qc", "shots", "--shots"),
    encoding: str | None = declared("subtitles-qc", "encoding", "--encoding"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Check a subtitle file against a profile: every violation with its value and limit."""
    _qc(subs, profile, fix, fps, media, shots, encoding, workspace, as_json)


app.command("check", help="Same as qc.")(qc)


@app.command("translate")
def translate(
    subs: Path = typer.Argument(..., help="Subtitle file to translate."),
    to: str = typer.Option(..., "--to", help="Target language: en, fr, es, de, it."),
    source: str | None = typer.Option(
        None, "--from", help="Source language when the file does not say (SRT never does)."
    ),
    model: str = typer.Option(
        "auto",
        "--model",
        help="auto (the best local model installed, or IMAGIA_LLM_ENDPOINT's), qwen-1.5b "
        "(better) or qwen-0.5b (faster).",
    ),
    profile: str | None = typer.Option(
        None, "--profile", "-p", help="Target profile; default netflix-<target>."
    ),
    fps: str | None = typer.Option(None, "--fps", help="Frame rate; default the file's, else 25."),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Translate with the local LLM, keep the timing, re-fit to the target profile."""
    import importlib.util
    import os

    from imagia.core.errors import MissingDependency
    from imagia.speech.subtitles import formats, profiles
    from imagia.speech.subtitles.translate import LANGS

    if to not in LANGS:
        from imagia.core.errors import BadValue

        raise BadValue("--to", to, LANGS)
    if profile:
        profiles.get(profile)
    sf = formats.load(subs)
    if not (source or sf.language):
        from imagia.core.errors import BadValue

        raise BadValue(
            "--from", "(missing)", LANGS, reason=f"{subs.name} does not say its language"
        )
    if importlib.util.find_spec("llama_cpp") is None and not os.environ.get("IMAGIA_LLM_ENDPOINT"):
        raise MissingDependency(
            "llama-cpp-python (the local language model engine) is not installed",
            hint="`make setup-dev` builds it once (scripts/llm_wheel.py), or set "
            "IMAGIA_LLM_ENDPOINT to an OpenAI-compatible server",
        )
    ws = wsmod.resolve(workspace)
    params = {
        "subs": str(subs.resolve()),
        "to": to,
        "source": source,
        "model": model,
        "profile": profile,
        "fps": fps,
    }
    job = jobmod.submit(ws, "subtitles-translate", params, [subs])
    job = run_with_progress(ws, job.id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r, "outputs": job.outputs})
        return
    console.print(
        f"{subs.name} → {r['target']}: {r['events']} events, {r['share_ok']:.0%} meet "
        f"{r['profile']}; condensed {len(r['condensed'])}, flagged for a person "
        f"{r['flagged'] or 'none'}",
        highlight=False,
    )
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)


@app.command("convert")
def convert(
    src: Path = typer.Argument(..., help="Subtitle file to read."),
    dest: Path = typer.Argument(..., help="File to write; the format comes from its extension."),
    to: str | None = typer.Option(None, "--to", help="Format when the extension does not say."),
    fps: str | None = typer.Option(None, "--fps", help="Frame rate written to TTML/STL."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding of SRC."),
) -> None:
    """Convert between SRT, WebVTT, TTML/IMSC, ASS and EBU-STL (written in UTF-8)."""
    from imagia.media.timecode import parse_rate
    from imagia.speech.subtitles import formats

    sf = formats.load(src, encoding=encoding)
    if fps:
        sf.rate = parse_rate(fps)
    formats.save(sf, dest, to)
    console.print(
        f"{src.name} ({sf.meta['format']}, {sf.meta.get('encoding', 'binary')}) → "
        f"{dest} ({len(sf.events)} events)",
        highlight=False,
    )


@app.command("profiles")
def profiles_(
    show: str | None = typer.Option(
        None,
        "--show",
        help="Print one profile as YAML (copy it, edit it, pass the file as --profile).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List the delivery profiles and their rules."""
    from imagia.speech.subtitles import profiles

    if show:
        p = profiles.get(show)
        if as_json:
            emit_json(p.to_dict())
        else:
            typer.echo(profiles.to_yaml(p), nl=False)
        return
    rows = [p.to_dict() for p in profiles.PROFILES.values()]
    if as_json:
        emit_json(rows)
        return
    for p in profiles.PROFILES.values():
        console.print(
            f"{p.id:20} {p.max_chars_per_line} chars × {p.max_lines} lines, "
            f"{p.max_cps:g} cps, {p.min_duration_ms / 1000:g}-"
            f"{p.max_duration_ms / 1000:g} s, gap {p.min_gap_frames} frames"
            f"{', SDH' if p.sdh else ''} — {p.name}",
            highlight=False,
        )
