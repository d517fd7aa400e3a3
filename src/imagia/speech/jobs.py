"""Job entries of the speech and subtitle tools: thin adapters over the Python API."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.core.textfile import read_text
from imagia.speech.subtitles import formats, profiles, qc, shots
from imagia.speech.subtitles.model import SubtitleFile
from imagia.speech.subtitles.segment import build

TRANSCRIPT_FORMATS = ("json", "txt", "srt")


def cue_rows(sf: SubtitleFile, rate: Fraction) -> list[dict[str, Any]]:
    """The events as the web results view lists them: number, times (s), timecodes, lines,
    characters and reading speed counted as the QC counts them (in frames at ``rate``)."""
    from imagia.media.timecode import frames_to_timecode, ms_to_frames

    rows = []
    for n, e in enumerate(sf.events, 1):
        st, en = ms_to_frames(e.start, rate), ms_to_frames(e.end, rate)
        lines = qc._plain(e.text).split("\n")
        chars = sum(len(x) for x in lines)
        rows.append(
            {
                "n": n,
                "start": e.start / 1000,
                "end": e.end / 1000,
                "tc_in": frames_to_timecode(max(st, 0), rate),
                "tc_out": frames_to_timecode(max(en, 0), rate),
                "lines": lines,
                "chars": chars,
                "cps": round(chars * float(rate) / (en - st), 1) if en > st else None,
            }
        )
    return rows


def _options(params: dict[str, Any]) -> Any:
    from imagia.speech.transcribe import TranscribeOptions

    lang = params.get("lang") or None
    return TranscribeOptions(
        model=str(params.get("model") or "base"),
        language=None if lang == "auto" else lang,
        vad=bool(params.get("vad", True)),
    )


def transcribe_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``speech-transcribe``: JSON (words, segments), TXT and SRT."""
    from imagia.speech.transcribe import transcribe

    media = Path(params["media"])
    wanted = [f.strip() for f in str(params.get("formats") or "json,txt,srt").split(",") if f]
    for f in wanted:
        if f not in TRANSCRIPT_FORMATS:
            raise BadValue("format", f, TRANSCRIPT_FORMATS)
    t0 = time.perf_counter()
    checkpoint = job.output_dir / ".transcribe.checkpoint.json"
    if checkpoint.is_file():
        job.log("an earlier run was interrupted: going on from its checkpoint")
    tr = transcribe(media, _options(params), progress=job.progress, checkpoint=checkpoint)
    elapsed = time.perf_counter() - t0
    job.use_model(tr.model)
    for f in wanted:
        if f == "json":
            job.write_json(f"{media.stem}.transcript.json", tr.to_dict(), "transcript/json")
        elif f == "txt":
            job.write_text(f"{media.stem}.txt", tr.to_txt(), "transcript/txt")
        else:  # a foreign standard: its provenance is in the job record
            path = formats.save(
                tr.to_subtitles(), job.output_dir / f"{media.stem}.segments.srt", "srt"
            )
            job.add_output(path, "subtitles/srt")
    return {
        "language": tr.language,
        "language_probability": tr.language_probability,
        "duration": tr.duration,
        "segments": len(tr.segments),
        "words": len(tr.words()),
        "seconds": round(elapsed, 2),
        "real_time_factor": round(elapsed / tr.duration, 3) if tr.duration else None,
        "text": tr.text[:400],
    }


def make_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``subtitles-make``: transcribe, build events to the profile, write the file."""
    from imagia.speech.transcribe import transcribe

    media = Path(params["media"])
    profile = profiles.get(params.get("profile") or "netflix-en")
    fmt = str(params.get("to") or "srt")
    formats.module(fmt)
    rate = shots.resolve_rate(params.get("fps"), media)
    job.progress(0.01, "shot changes")
    cuts = shots.resolve(params.get("shots", "auto"), media, rate)
    tr = transcribe(
        media,
        _options({**params, "lang": params.get("lang") or "auto"}),
        progress=lambda f, m: job.progress(0.02 + 0.9 * f, m),
    )
    job.use_model(tr.model)
    job.progress(0.93, "building subtitles")
    events = build(tr.words(), profile, rate, cuts, language=tr.language, audio=media)
    placed: list[dict[str, Any]] | None = None
    if wants_sound_tags(profile, params):
        from imagia.speech import sounds

        tag_lang = profile.language if profile.language != "any" else tr.language
        det = sounds.detect(
            media, progress=lambda f, m: job.progress(0.93 + 0.04 * f, m), duration=tr.duration
        )
        job.use_model(det.model)
        events, placed = sounds.insert_tags(events, det.events, profile, rate, tag_lang, cuts)
        data = det.to_dict(tag_lang, profile.sound_tag_case)
        data["events"] = placed
        job.write_json(f"{media.stem}.sounds.json", data, "sounds/json")
    sf = SubtitleFile(events, language=tr.language, rate=rate, title=media.stem)
    heard = _onsets(media)
    report = qc.check(sf, profile, rate, cuts, heard)
    plain = qc.check(tr.to_subtitles(), profile, rate, cuts, heard)
    ext = formats.module(fmt).EXTENSIONS[0]
    out = formats.save(sf, job.output_dir / f"{media.stem}.{profile.id}{ext}", fmt)
    job.add_output(out, f"subtitles/{fmt}")
    job.write_json(f"{media.stem}.transcript.json", tr.to_dict(), "transcript/json")
    job.write_json(
        f"{media.stem}.qc.json",
        {
            **report.to_dict(),
            "cues": cue_rows(sf, rate),
            "shots": cuts,
            "plain_whisper_segments": plain.to_dict(),
        },
        "report/json",
    )
    job.progress(1.0, "done")
    return {
        "events": len(events),
        "language": tr.language,
        "profile": profile.id,
        "rate": f"{float(rate):.3f}",
        "shots": len(cuts),
        "share_ok": round(report.share_ok, 4),
        "by_rule": report.by_rule(),
        "plain_whisper_share_ok": round(plain.share_ok, 4),
        "review": report.review,
        "format": fmt,
        "sound_tags": None
        if placed is None
        else [
            {"start": p["start"], "end": p["end"], "label": p["label"], "placed": p["placed"]}
            for p in placed
        ],
    }


def _onsets(media: Path | None) -> list[float]:
    """Speech onsets of the media's audio (seconds), for QC's in-cue checks."""
    if media is None:
        return []
    from imagia.speech.audio import load
    from imagia.speech.subtitles.turns import speech_onsets

    return speech_onsets(load(media))


def wants_sound_tags(profile: Any, params: dict[str, Any]) -> bool:
    """SDH profiles with ``sound_tags`` set, unless the job says ``sound_tags: false``."""
    flag = params.get("sound_tags", True)
    off = flag is False or str(flag).lower() in ("false", "0", "no", "off")
    return bool(profile.sdh and profile.sound_tags and not off)


def qc_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``subtitles-qc``: report every violation; with ``fix``, write a corrected copy."""
    path = Path(params["subs"])
    sf = formats.load(path, params.get("format") or None, params.get("encoding") or None)
    profile = profiles.get(params.get("profile") or "netflix-en")
    media = Path(params["media"]) if params.get("media") else None
    rate = shots.resolve_rate(params.get("fps"), media, sf.rate)
    cuts = shots.resolve(params.get("shots") or ("auto" if media else "none"), media, rate)
    do_fix = bool(params.get("fix"))
    heard = _onsets(media)
    if do_fix:
        result = qc.fix(sf, profile, rate, cuts, heard)
        before, after = result.before, result.after
        fmt = sf.meta.get("format", "srt")
        result.file.rate = result.file.rate or rate
        out = formats.save(result.file, job.output_dir / f"{path.stem}.fixed{path.suffix}", fmt)
        job.add_output(out, f"subtitles/{fmt}")
        fixed, fixed_fr = result.fixed, result.fixed_fr
    else:
        before = after = qc.check(sf, profile, rate, cuts, heard)
        fixed, fixed_fr = [], []
    job.write_json(
        f"{path.stem}.qc.json",
        {
            "before": before.to_dict(),
            "after": after.to_dict(),
            "fixed": fixed,
            "fixed_fr": fixed_fr,
            "encoding": sf.meta.get("encoding"),
            "shots": cuts,
        },
        "report/json",
    )
    return {
        "profile": profile.id,
        "rate": f"{float(rate):.3f}",
        "events": before.events,
        "share_ok_before": round(before.share_ok, 4),
        "share_ok_after": round(after.share_ok, 4),
        "fixed": fixed,
        "encoding": sf.meta.get("encoding"),
        "violations": [v.to_dict() for v in after.violations][:200],
        "by_rule": after.by_rule(),
    }


def align_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``subtitles-align``: put a text or a subtitle file on the audio, to the profile."""
    from imagia.core.errors import BadFile
    from imagia.speech.align import align, retime_file
    from imagia.speech.subtitles.segment import retime

    media = Path(params["media"])
    source = Path(params["text"])
    profile = profiles.get(params.get("profile") or "netflix-en")
    fmt = str(params.get("to") or "srt")
    formats.module(fmt)
    rate = shots.resolve_rate(params.get("fps"), media)
    cuts = shots.resolve(params.get("shots", "none"), media, rate)
    lang = params.get("lang") or None
    lang = None if lang == "auto" else lang

    def step(fraction: float, message: str) -> None:
        job.progress(0.9 * fraction, message)

    if source.suffix.lower() in formats.EXTENSIONS:
        sf_in = formats.load(source)
        sf, al = retime_file(sf_in, media, lang, progress=step)
        sf.rate = rate
        retime(sf.events, profile, rate, cuts)
    else:
        text = read_text(source)  # UTF-8, UTF-16 with a BOM or Windows-1252; else BadFile
        if not text.split():
            raise BadFile(source, "the text is empty")
        al = align(media, text, lang, progress=step)
        sf = SubtitleFile(
            build(al.words, profile, rate, cuts, language=al.language),
            language=al.language,
            rate=rate,
            title=media.stem,
        )
    job.use_model(al.model)
    report = qc.check(sf, profile, rate, cuts)
    ext = formats.module(fmt).EXTENSIONS[0]
    out = formats.save(sf, job.output_dir / f"{source.stem}.aligned{ext}", fmt)
    job.add_output(out, f"subtitles/{fmt}")
    job.write_json(
        f"{source.stem}.align.json",
        {
            "schema": "Alignment.1",
            "matched": al.matched,
            "words": [{"text": w.text, "start": w.start, "end": w.end} for w in al.words],
            "qc": report.to_dict(),
            "cues": cue_rows(sf, rate),
        },
        "report/json",
    )
    return {
        "events": len(sf.events),
        "words": len(al.words),
        "matched": al.matched,
        "share_matched": round(al.share_matched, 4),
        "language": al.language,
        "profile": profile.id,
        "share_ok": round(report.share_ok, 4),
        "by_rule": report.by_rule(),
        "format": fmt,
    }


def translate_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``subtitles-translate``: same timing, text translated and re-fitted to the target
    profile; events that do not fit are flagged."""
    from imagia.speech.subtitles.translate import TranslateOptions, translate_file

    path = Path(params["subs"])
    sf = formats.load(path, encoding=params.get("encoding") or None)
    target = str(params["to"])
    opts = TranslateOptions(
        target=target,
        source=params.get("source") or None,
        model=str(params.get("model") or "qwen-1.5b"),
        profile=params.get("profile") or None,
    )
    rate = shots.resolve_rate(params.get("fps"), None, sf.rate)
    result = translate_file(sf, opts, rate, progress=job.progress)
    job.use_model(result.model)
    profile = profiles.get(opts.profile or ("netflix-en" if target == "en" else "netflix-fr"))
    report = qc.check(result.file, profile, rate)
    fmt = sf.meta.get("format", "srt")
    out = formats.save(result.file, job.output_dir / f"{path.stem}.{target}{path.suffix}", fmt)
    job.add_output(out, f"subtitles/{fmt}")
    job.write_json(
        f"{path.stem}.{target}.qc.json",
        {**report.to_dict(), "flagged": result.flagged, "condensed": result.condensed},
        "report/json",
    )
    return {
        "events": len(result.file.events),
        "target": target,
        "profile": profile.id,
        "flagged": result.flagged,
        "condensed": result.condensed,
        "share_ok": round(report.share_ok, 4),
        "by_rule": report.by_rule(),
        "sample": [e.text for e in result.file.events[:5]],
    }


def speakers_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``speech-speakers``: who speaks when (RTTM, CSV of turns, JSON summary), a sample
    WAV per speaker to listen to, and an answers file to name them and confirm their gender."""
    from imagia.speech.speakers import SpeakerOptions, diarize, names, rttm, samples

    media = Path(params["media"])
    count = int(params.get("speakers") or 0)
    opts = SpeakerOptions(speakers=count or None, threshold=float(params.get("threshold") or 0.4))
    opts.check()
    answers_file = Path(params["names"]) if params.get("names") else None
    if answers_file is not None:
        names.read(answers_file)  # a malformed file fails before the long part
    t0 = time.perf_counter()
    res = diarize(media, opts, progress=lambda f, m: job.progress(0.95 * f, m))
    elapsed = time.perf_counter() - t0
    if answers_file is not None:
        names.apply(res.speakers, names.read(answers_file, [s.id for s in res.speakers]))
    job.use_model(res.model.provenance())
    stem = media.stem
    job.write_text(f"{stem}.rttm", rttm.to_string(res.turns, stem, res.names()), "speakers/rttm")
    labels = {s.id: s.label for s in res.speakers}
    job.write_csv(
        f"{stem}.turns.csv",
        [{**t.to_dict(), "name": labels.get(t.speaker, "")} for t in res.turns],
        ["start", "end", "speaker", "name", "confidence"],
        "speakers/csv",
    )
    data = res.to_dict()
    data["seconds"] = round(elapsed, 2)
    data["real_time_factor"] = round(elapsed / res.duration, 3) if res.duration else None
    job.write_json(f"{stem}.speakers.json", data, "speakers/json")
    job.write_text(f"{stem}.names.yaml", names.template(res.speakers), "speakers/names")
    for s in res.speakers:
        wav = samples.clip_wav(media, *s.sample)
        job.write_bytes(f"{stem}.{s.id}.sample.wav", wav, "audio/sample")
    job.progress(1.0, "done")
    return {
        "speakers": len(res.speakers),
        "turns": len(res.turns),
        "speech_seconds": round(res.speech_seconds, 2),
        "by_speaker": {s.label: round(s.seconds, 2) for s in res.speakers},
        "by_gender": res.by_gender(),
        "uncertain": len(res.uncertain),
        "seconds": round(elapsed, 2),
        "real_time_factor": data["real_time_factor"],
    }
