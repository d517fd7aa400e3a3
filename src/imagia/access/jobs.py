"""Job entries of the accessibility tools: thin adapters over :mod:`imagia.access.slots`,
:mod:`imagia.access.script`, :mod:`imagia.access.mix` and :mod:`imagia.speech.tts`."""

from __future__ import annotations

import re
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue

VAD_ENGINE = "Silero VAD (ONNX, shipped in faster-whisper)"
MAX_BATCH = 2000


# The notes a result carries, in French (the English is the library's own words).
_NOTES_FR = (
    (
        r"dialogue from voice activity and (\d+) subtitle events",
        r"dialogue d'après la détection de la voix et \1 sous-titres",
    ),
    (
        r"dialogue from voice activity only \(give subtitles to add their times\)",
        "dialogue d'après la seule détection de la voix (donnez les sous-titres pour ajouter "
        "leurs temps)",
    ),
    (
        r"audio only: no shot changes or thumbnails",
        "audio seul : ni changements de plan ni vignettes",
    ),
    (
        r"on-screen text: the media is not indexed \(imagia index add\) — skipped",
        "texte à l'écran : le média n'est pas indexé (imagia index add) — ignoré",
    ),
    (
        r"on-screen text: this media is not in the index \(imagia index add\) — skipped",
        "texte à l'écran : ce média n'est pas dans l'index (imagia index add) — ignoré",
    ),
    (
        r"on-screen text from the index \((\d+) readings\)",
        r"texte à l'écran d'après l'index (\1 lectures)",
    ),
    (
        r"no model writes descriptions from pictures: the describer writes the texts",
        "aucun modèle n'écrit de description à partir des images : l'audiodescripteur écrit",
    ),
    (
        r"programme too quiet to measure: descriptions left at the voice's level",
        "programme trop faible pour être mesuré : descriptions laissées au niveau de la voix",
    ),
    (
        r"no dialogue in the script: voice activity detected again",
        "pas de dialogue dans le script : voix détectée à nouveau",
    ),
    (
        r"no description placed: the mix is the programme",
        "aucune description placée : le mixage est le programme",
    ),
)


def notes_fr(notes: list[str]) -> list[str]:
    """``notes`` in French (a note without a translation stays as it is)."""
    out = []
    for n in notes:
        for pattern, fr in _NOTES_FR:
            if re.fullmatch(pattern, n):
                n = re.sub(pattern, fr, n)
                break
        out.append(n)
    return out


def _num(params: dict[str, Any], name: str, default: float | None) -> float | None:
    v = params.get(name)
    return default if v in (None, "") else float(v)


# --- voice-say ----------------------------------------------------------------------------------


def batch_lines(path: Path) -> list[tuple[str, str]]:
    """``(name, text)`` per line to say: a screenplay's dialogue lines (Fountain, FDX), or the
    non-empty lines of a text file."""
    from imagia.core.textfile import read_text

    if path.suffix.lower() in (".fountain", ".spmd", ".fdx"):
        from imagia.script.formats import read

        sp = read(path)
        out = []
        for e in sp.all_elements():
            if e.kind == "dialogue" and e.text.strip():
                out.append((e.name or "line", " ".join(e.text.split())))
        if not out:
            raise BadFile(path, "no dialogue line in this screenplay")
        return out
    lines = [" ".join(ln.split()) for ln in read_text(path).splitlines()]
    out = [("line", ln) for ln in lines if ln]
    if not out:
        raise BadFile(path, "no line of text to say")
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:24] or "line"


def voice_say_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``voice-say``: one 48 kHz WAV for the text, or one per line of the file."""
    from imagia.speech import tts

    text = str(params.get("text") or "").strip()
    file = params.get("file")
    if bool(text) == bool(file):
        raise BadValue("text", text[:40], reason="give either a text or a file, not both")
    voice = tts.pick(str(params.get("voice") or "en"))
    rate = _num(params, "rate", None)
    items = [("say", text)] if text else batch_lines(Path(str(file)))
    if len(items) > MAX_BATCH:
        raise BadFile(str(file), f"{len(items)} lines, more than {MAX_BATCH} in one batch")
    t0 = time.perf_counter()
    rows: list[dict[str, Any]] = []
    spoken = 0.0
    for k, (who, line) in enumerate(items, 1):
        job.progress(k / (len(items) + 1), f"line {k}/{len(items)}")
        speech = tts.say(line, voice, rate)
        name = f"{k:04d}-{_slug(who)}.wav" if file else "say.wav"
        path = tts.write_wav(job.output_dir / name, speech)
        job.add_output(path, "audio/wav")
        spoken += speech.seconds
        rows.append(
            {
                "n": k,
                "file": name,
                "who": who,
                "text": line,
                "words": speech.words,
                "seconds": round(speech.seconds, 3),
            }
        )
    elapsed = time.perf_counter() - t0
    summary = {
        "voice": voice.id,
        "lang": voice.language,
        "voice_label_en": voice.label_en,
        "voice_label_fr": voice.label_fr,
        "reason_en": voice.reason_en,
        "reason_fr": voice.reason_fr,
        "rate": rate,
        "lines": len(rows),
        "seconds": round(spoken, 3),
        "real_time_factor": round(elapsed / spoken, 3) if spoken else None,
        "sample_rate": tts.RATE,
    }
    job.write_json(
        "voice.json",
        {"schema": "VoiceLines.1", **summary, "items": rows},
        "report/json",
        details={"engine": voice.engine},
    )
    return {**summary, "items": rows[:50]}


# --- describe-slots -------------------------------------------------------------------------------


def _screen_text(job: Any, media: Path, lines: list[Any]) -> str | None:
    """On-screen text from the workspace's index when ``media`` is indexed; the note otherwise."""
    from imagia.core.provenance import sha256_file
    from imagia.index.store import index_path, open_index

    if not index_path(job.ws).is_file():
        return "on-screen text: the media is not indexed (imagia index add) — skipped"
    store = open_index(job.ws)
    digest = sha256_file(media)
    with store.connect() as con:
        row = con.execute("SELECT id FROM assets WHERE sha256=?", (digest,)).fetchone()
        if row is None:
            return "on-screen text: this media is not in the index (imagia index add) — skipped"
        texts = con.execute(
            "SELECT start, end, text FROM texts WHERE asset_id=? ORDER BY start", (row["id"],)
        ).fetchall()
    for ln in lines:
        ln.screen_text = list(
            dict.fromkeys(t["text"] for t in texts if t["start"] < ln.end and t["end"] > ln.start)
        )
    return f"on-screen text from the index ({len(texts)} readings)"


def slots_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``describe-slots``: slots (JSON), script template (JSON, DOCX) and thumbnails."""
    from imagia.access import script as adscript
    from imagia.access.slots import SlotOptions, find

    media = Path(params["media"])
    subs = params.get("subtitles")
    o = SlotOptions(
        lang=str(params.get("lang") or "en"),
        wpm=_num(params, "wpm", None),
        min_slot=_num(params, "min_slot", 1.5) or 0.0,
        margin_after=_num(params, "margin_after", 0.3) or 0.0,
        margin_before=_num(params, "margin_before", 0.3) or 0.0,
        subtitles=Path(subs) if subs else None,
    )
    t0 = time.perf_counter()
    report = find(media, o, progress=lambda f, m: job.progress(0.85 * f, m))
    thumbs: dict[int, str] = {}
    if report.fps is not None:
        from imagia.media.shots import thumbnail

        for s in report.slots:
            name = f"slot-{s.n:03d}.jpg"
            path = thumbnail(media, (s.start + s.end) / 2, job.output_dir / name, width=240)
            job.add_output(path, "image/jpeg")
            thumbs[s.n] = name
    sc = adscript.template(report, thumbs)
    note = _screen_text(job, media, sc.lines)
    if note:
        sc.notes.append(note)
    sc.notes.append("no model writes descriptions from pictures: the describer writes the texts")
    details = {"engine": VAD_ENGINE}
    job.write_json(f"{media.stem}.slots.json", report.to_dict(), "report/json", details=details)
    job.write_json(f"{media.stem}.ad-script.json", sc.to_dict(), "script/json", details=details)
    job.write_bytes(f"{media.stem}.ad-script.docx", adscript.to_docx(sc, o.lang), "script/docx")
    elapsed = time.perf_counter() - t0
    total = sum(s.duration for s in report.slots)
    return {
        "media": media.name,
        "duration": report.duration,
        "lang": report.lang,
        "wpm": report.wpm,
        "fps": str(report.fps) if report.fps else None,
        "slots": [{**ln.to_dict()} for ln in sc.lines],
        "slot_count": len(report.slots),
        "slot_seconds": round(total, 2),
        "words_fit": sum(s.words for s in report.slots),
        "dialogue": report.to_dict()["dialogue"],
        "notes": sc.notes,
        "notes_fr": notes_fr(sc.notes),
        "seconds": round(elapsed, 2),
    }


# --- describe-mix ---------------------------------------------------------------------------------


def mix_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``describe-mix``: speak, fit, duck, mix; AD mix and stem at the delivery loudness,
    WebVTT and TTML (DAPT) exports, a report per line."""
    from imagia.access import exports
    from imagia.access import script as adscript
    from imagia.access.mix import RATE, MixOptions, mix, overlap
    from imagia.access.slots import SlotOptions, speech
    from imagia.post.normalise import NormaliseOptions, normalise

    media = Path(params["media"])
    sc = adscript.load(Path(params["script"]))
    voice = str(params.get("voice") or "auto")
    o = MixOptions(
        voice=sc.lang if voice == "auto" else voice,
        wpm=_num(params, "wpm", None),
        duck_db=_num(params, "duck_db", 12.0) or 0.0,
        attack=_num(params, "attack", 0.25) or 0.0,
        release=_num(params, "release", 0.5) or 0.0,
        max_speedup=_num(params, "max_speedup", 1.15) or 1.0,
        spec=str(params.get("spec") or "ebu-r128"),
    )
    t0 = time.perf_counter()
    stem_name = media.stem
    raws = {k: job.output_dir / f".{stem_name}.{k}.raw.wav" for k in ("mix", "stem")}
    figures: dict[str, Any] = {}
    try:
        result = mix(media, sc, raws["mix"], raws["stem"], o, lambda f, m: job.progress(0.7 * f, m))
        job.progress(0.71, "checking dialogue against the descriptions")
        if sc.dialogue:  # the dialogue the slots were found between
            dialogue = sc.dialogue
        else:
            dialogue, _ = speech(media, SlotOptions(), lambda f, m: None)
            result.notes.append("no dialogue in the script: voice activity detected again")
        over = overlap(result.clips, dialogue)
        for k, kind in enumerate(("mix", "stem")):
            job.progress(0.75 + 0.12 * k, f"delivery loudness ({kind})")
            out = job.output_dir / f"{stem_name}.ad-{kind}.wav"
            if kind == "stem" and not result.clips:
                raws[kind].replace(out)
                figures[kind] = {"normalised": False, "why": "silent"}
            else:
                n = normalise(raws[kind], NormaliseOptions(spec=o.spec, output=out, bit_depth="24"))
                figures[kind] = {
                    "integrated": n.after.get("integrated"),
                    "true_peak": n.after.get("true_peak"),
                    "error_lu": n.error_lu,
                    "compliant": n.compliant,
                    "gain_db": n.gain_db,
                }
            job.add_output(out, "audio/wav")
    finally:
        for raw in raws.values():
            raw.unlink(missing_ok=True)
    rate = Fraction(sc.fps) if sc.fps else None
    job.write_text(
        f"{stem_name}.descriptions.vtt", exports.webvtt(result.lines, stem_name), "subtitles/vtt"
    )
    job.write_text(
        f"{stem_name}.ad.ttml", exports.ttml(result.lines, sc.lang, rate), "subtitles/ttml"
    )
    elapsed = time.perf_counter() - t0
    duration = result.samples / RATE
    summary = {
        "media": media.name,
        "lang": sc.lang,
        "voice": result.voice.id,
        "voice_label_en": result.voice.label_en,
        "voice_label_fr": result.voice.label_fr,
        "wpm": result.wpm,
        "duck_db": o.duck_db,
        "spec": o.spec,
        **result.summary(),
        "overlap_s": over,
        "loudness": figures,
        "duration": round(duration, 3),
        "real_time_factor": round(elapsed / duration, 3) if duration else None,
        "notes": result.notes,
        "notes_fr": notes_fr(result.notes),
        "placed": [p.to_dict() for p in result.lines],
    }
    job.write_json(
        f"{stem_name}.ad-mix.json",
        {"schema": "ADMix.1", **summary},
        "report/json",
        details={"engine": f"{result.voice.engine} + ffmpeg atempo + {VAD_ENGINE}"},
    )
    return summary
