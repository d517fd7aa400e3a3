"""Subtitles edited by hand: cues checked as a person types them, then saved as a new version.

- :func:`cues_from` reads the editor's cues (``{"start": ms, "end": ms, "text": ...}``) into
  events and refuses bad timings with one line in French or English (:class:`BadTiming`).
- :func:`check` runs the project's QC rules (:func:`imagia.speech.subtitles.qc.check`) on them
  run by run (the cues of 30 s with their neighbours, and only the shot changes and speech
  onsets near them), reusing the findings of the runs an edit did not touch: the findings are
  those of one call over the whole file (``tests/test_subtitles_edit.py`` holds it to that),
  in a fraction of its time (``benchmarks/bench_subtitle_edit.py``).
- :func:`save_version` writes the edited cues in the original's format to a new file (never
  over another one) with a ``Provenance.1`` sidecar (tool ``subtitles-edit``, by hand).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core import provenance
from imagia.core.errors import ImagiaError
from imagia.media.timecode import frames_to_timecode, ms_to_frames
from imagia.speech.subtitles import formats, qc
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.profiles import Profile

TOOL = "subtitles-edit"
MAX_CUES = 20_000
MAX_TEXT = 2_000  # characters of one cue
MAX_MS = 100 * 3_600_000  # 100 hours
WINDOW = 48  # cues checked per QC call, at most
WINDOW_MS = 30_000  # cues starting in the same 30 s are checked together
MEMO = 5_000  # findings of that many runs kept per context
SIDECAR = ".provenance.json"

# rule -> (fr, en): the QC rules named for a person
RULE_NAMES: dict[str, tuple[str, str]] = {
    "empty": ("sous-titre vide", "empty event"),
    "max_lines": ("trop de lignes", "too many lines"),
    "chars_per_line": ("ligne trop longue", "line too long"),
    "reading_speed": ("vitesse de lecture", "reading speed"),
    "min_duration": ("trop court", "too short"),
    "max_duration": ("trop long", "too long"),
    "overlap": ("chevauchement", "overlap"),
    "min_gap": ("intervalle trop court", "gap too short"),
    "gap_not_closed": ("intervalle à fermer", "gap to close"),
    "shot_in_cue": ("entrée près d’un changement de plan", "in-cue near a shot change"),
    "shot_out_cue": ("sortie près d’un changement de plan", "out-cue near a shot change"),
    "line_break": ("coupure de ligne", "line break"),
    "unneeded_line_break": ("coupure inutile", "unneeded line break"),
    "over_cut": ("déborde sur un plan", "over a shot change"),
    "speaker_dash": ("tirets de dialogue", "dialogue dashes"),
    "casing": ("majuscules", "capitals"),
    "numbers": ("nombres", "numbers"),
    "in_cue_late": ("entrée tardive", "late in-cue"),
    "in_cue_early": ("entrée précoce", "early in-cue"),
}


class BadTiming(ImagiaError):
    """An edited cue the editor cannot take (times, order, text): one line, in ``lang``."""

    kind = "bad_value"
    http_status = 422

    def __init__(self, cue: int, en: str, fr: str, lang: str = "en") -> None:
        super().__init__(fr if lang == "fr" else en)
        self.cue = cue
        self.message_en = en
        self.message_fr = fr

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "param": "cues", "cue": self.cue}


@dataclass
class Context:
    """What the QC of an edited file needs besides its cues: the job's profile, frame rate,
    shot changes and (when the job had the audio) speech onsets, all in seconds."""

    profile: Profile
    rate: Fraction
    language: str | None = None
    shots: list[float] = field(default_factory=list)
    onsets: list[float] | None = None
    memo: dict[bytes, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict, repr=False)


def _tc(ms: int, rate: Fraction) -> str:
    return frames_to_timecode(max(ms_to_frames(ms, rate), 0), rate)


def clean_text(text: str) -> str:
    """The text as a subtitle file can hold it: lines trimmed on the right, no blank line (a
    blank line ends an SRT or WebVTT cue)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line.strip())


def cues_from(
    raw: Sequence[dict[str, Any]],
    rate: Fraction,
    lang: str = "en",
    base: Sequence[Event] = (),
    need_text: bool = False,
) -> list[Event]:
    """The editor's cues as events, in their order; ``src`` (an index into ``base``) carries
    the original event's speaker, style and format details. Refuses (:class:`BadTiming`): a
    time that is not whole milliseconds, before zero or past 100 hours, an out-time not after
    its in-time, a cue that starts before the one above it, ``-->`` in a text, and with
    ``need_text`` (saving) a cue without text."""
    if len(raw) > MAX_CUES:
        raise BadTiming(
            0,
            f"{len(raw)} cues: at most {MAX_CUES}",
            f"{len(raw)} sous-titres : {MAX_CUES} au plus",
            lang,
        )
    out: list[Event] = []
    for k, cue in enumerate(raw):
        n = k + 1
        start, end = cue.get("start"), cue.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise BadTiming(
                n,
                f"cue {n}: in and out times must be whole milliseconds",
                f"sous-titre {n} : les temps d’entrée et de sortie doivent être des "
                "millisecondes entières",
                lang,
            )
        assert isinstance(start, int) and isinstance(end, int)
        if start < 0 or end > MAX_MS:
            raise BadTiming(
                n,
                f"cue {n}: times must lie between 00:00:00:00 and 100 hours",
                f"sous-titre {n} : les temps doivent être entre 00:00:00:00 et 100 heures",
                lang,
            )
        if end <= start:
            a, b = _tc(start, rate), _tc(end, rate)
            raise BadTiming(
                n,
                f"cue {n}: the out-time {b} is not after the in-time {a}",
                f"sous-titre {n} : la sortie {b} n’est pas après l’entrée {a}",
                lang,
            )
        if out and start < out[-1].start:
            raise BadTiming(
                n,
                f"cue {n} starts before cue {n - 1}: keep the cues in time order",
                f"le sous-titre {n} commence avant le sous-titre {n - 1} : gardez les "
                "sous-titres dans l’ordre du temps",
                lang,
            )
        text = cue.get("text")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise BadTiming(
                n,
                f"cue {n}: the text must be at most {MAX_TEXT} characters",
                f"sous-titre {n} : le texte doit faire au plus {MAX_TEXT} caractères",
                lang,
            )
        text = clean_text(text)
        if "-->" in text:
            raise BadTiming(
                n,
                f"cue {n}: the text may not contain '-->' (it reads as a timing line)",
                f"sous-titre {n} : le texte ne peut contenir « --> » (lu comme une ligne de temps)",
                lang,
            )
        if need_text and not text:
            raise BadTiming(
                n,
                f"cue {n} has no text: write it, or merge or delete the cue",
                f"le sous-titre {n} n’a pas de texte : écrivez-le, ou fusionnez ou supprimez "
                "le sous-titre",
                lang,
            )
        src = cue.get("src")
        orig = base[src] if isinstance(src, int) and 0 <= src < len(base) else None
        ev = Event(start, end, text)
        if orig is not None:
            ev.speaker, ev.style, ev.meta = orig.speaker, orig.style, dict(orig.meta)
            ev.meta.pop("review", None)
        out.append(ev)
    return out


def _near(times: Sequence[float], lo: float, hi: float) -> list[float]:
    return [t for t in times if lo <= t <= hi]


def _digest(first: bool, last: bool, part: Sequence[Event]) -> bytes:
    """What a run's findings depend on besides the context, in 16 bytes."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((first, last, [(ev.start, ev.end, ev.text) for ev in part])).encode())
    return h.digest()


def windows(events: Sequence[Event]) -> list[tuple[int, int]]:
    """``(i, j)`` runs of cues starting in the same :data:`WINDOW_MS` of time (at most
    :data:`WINDOW` cues): an edit changes the runs around it only, so the others' findings are
    reused."""
    out = []
    i = 0
    while i < len(events):
        key = events[i].start // WINDOW_MS
        j = i + 1
        while j < len(events) and events[j].start // WINDOW_MS == key and j - i < WINDOW:
            j += 1
        out.append((i, j))
        i = j
    return out


def check(events: Sequence[Event], ctx: Context) -> qc.Report:
    """:func:`qc.check` over ``events``, run by run (:func:`windows`) with each run's
    neighbours and the shot changes and onsets near it: the same findings as one call over the
    file. A run whose cues and neighbours are unchanged since an earlier call with ``ctx``
    reuses its findings, so a live edit costs the runs it touches."""
    p, rate = ctx.profile, ctx.rate
    reach = max(p.shot_snap_frames, p.close_gap_frames, p.out_cue_before_shot_frames, 25) + 5
    margin = float(reach / rate)
    violations: list[qc.Violation] = []
    bad: set[int] = set()
    if len(ctx.memo) > MEMO:
        ctx.memo.clear()
    for i, j in windows(events):
        s, e = max(i - 1, 0), min(j + 1, len(events))
        part = list(events[s:e])
        key = _digest(i > 0, j < len(events), part)
        found = ctx.memo.get(key)
        if found is None:
            lo = min(ev.start for ev in part) / 1000 - margin
            hi = max(ev.end for ev in part) / 1000 + margin
            onsets = None if ctx.onsets is None else _near(ctx.onsets, lo, hi)
            sf = SubtitleFile(part, language=ctx.language, rate=rate)
            rep = qc.check(sf, p, rate, _near(ctx.shots, lo, hi), onsets)
            found = [
                (s + v.event - 1 - i, v.to_dict())
                for v in rep.violations
                if i <= s + v.event - 1 < j
            ]
            ctx.memo[key] = found
        for offset, d in found:
            v = qc.Violation(**{**d, "event": i + offset + 1})
            violations.append(v)
            bad.add(v.event)
    return qc.Report(
        "SubtitleQC.1", p.id, f"{float(rate):.3f}", len(events), len(events) - len(bad), violations
    )


def findings(report: qc.Report, lang: str) -> list[dict[str, Any]]:
    """The report's violations for a person reading ``lang``: the rule's name and the finding
    in that language."""
    fr = lang == "fr"
    out = []
    for v in report.violations:
        names = RULE_NAMES.get(v.rule, (v.rule, v.rule))
        out.append(
            {
                "event": v.event,
                "at": v.at,
                "rule": v.rule,
                "name": names[0] if fr else names[1],
                "message": (v.message_fr or v.message) if fr else v.message,
                "value": v.value,
                "limit": v.limit,
            }
        )
    return out


def diff(before: Sequence[Event], after: Sequence[Event], sources: Sequence[Any]) -> dict[str, int]:
    """What the hand edit changed, counted against the version it started from."""
    seen: dict[int, int] = {}
    text = timing = 0
    for ev, src in zip(after, sources, strict=True):
        if not isinstance(src, int) or not 0 <= src < len(before):
            continue
        seen[src] = seen.get(src, 0) + 1
        orig = before[src]
        text += ev.text != clean_text(orig.text)
        timing += (ev.start, ev.end) != (orig.start, orig.end)
    return {
        "cues_before": len(before),
        "cues_after": len(after),
        "text_changed": text,
        "timing_changed": timing,
        "split": sum(c - 1 for c in seen.values()),
        "merged_or_deleted": len(before) - len(seen),
    }


def _claim(folder: Path, stem: str, suffix: str) -> Path:
    """A new file in ``folder`` (``a.edited.srt``, ``a.edited-1.srt``...), reserved so no
    other save takes the name and nothing is overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(10_000):
        path = folder / (f"{stem}{suffix}" if i == 0 else f"{stem}-{i}{suffix}")
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        return path
    raise ImagiaError(f"too many files named {stem}{suffix} in {folder}")


def save_version(
    folder: Path,
    original: Path,
    base: SubtitleFile,
    events: list[Event],
    params: dict[str, Any],
    inputs: list[Path],
    changes: dict[str, int],
) -> Path:
    """Write ``events`` in ``base``'s format as ``<original stem>.edited[-N].<ext>`` in
    ``folder``, atomically, with its ``Provenance.1`` record beside it; returns the path."""
    fmt = str(base.meta.get("format") or formats.format_for(original))
    sf = base.copy()
    sf.events = events
    data = formats.dumps(sf, fmt)
    ext = original.suffix if original.suffix else f".{fmt}"
    stem = original.name[: -len(original.suffix)] if original.suffix else original.name
    stem = stem.split(".edited")[0] or "subtitles"
    target = _claim(folder, f"{stem}.edited", ext)
    try:
        with provenance.atomic_write(target, "wb") as fh:
            fh.write(data)
        _reads_back(target, fmt, events)
        rec = provenance.record(TOOL, params, inputs)
        rec["details"] = {
            "by": "hand",
            "edit": changes,
            "format": fmt,
            "output": {"path": target.name, "sha256": provenance.sha256_file(target)},
        }
        with provenance.atomic_write(target.with_name(target.name + SIDECAR)) as fh:
            json.dump(rec, fh, ensure_ascii=False, indent=2)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _reads_back(path: Path, fmt: str, events: Sequence[Event]) -> None:
    """The saved file read again gives the same cues (times within the format's precision)."""
    back = formats.load(path, fmt).events
    tol = 40 if fmt in ("stl", "ass") else 1
    same = len(back) == len(events) and all(
        abs(a.start - b.start) <= tol and abs(a.end - b.end) <= tol
        for a, b in zip(back, events, strict=True)
    )
    if not same:
        raise ImagiaError(
            f"{path.name}: the saved file does not read back as the edited cues",
            hint="please report this bug",
        )


def versions(folder: Path, job_id: str) -> list[dict[str, Any]]:
    """The versions saved by hand from job ``job_id``, oldest first: name, created, changes."""
    out: list[dict[str, Any]] = []
    if not folder.is_dir():
        return out
    for side in folder.glob(f"*{SIDECAR}"):
        try:
            rec = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(rec, dict) or rec.get("tool") != TOOL:
            continue
        if (rec.get("params") or {}).get("job") != job_id:
            continue
        target = side.with_name(side.name[: -len(SIDECAR)])
        if target.is_file():
            details = rec.get("details") or {}
            out.append(
                {
                    "name": target.name,
                    "created": rec.get("created", ""),
                    "edit": details.get("edit", {}),
                }
            )
    out.sort(key=lambda v: (v["created"], _number(v["name"]), v["name"]))
    return out


def _number(name: str) -> int:
    """N of ``x.edited-N.srt`` (0 for ``x.edited.srt``): the order names were claimed in."""
    tail = name.rsplit(".edited", 1)[-1].split(".", 1)[0]
    return int(tail[1:]) if tail[1:].isdigit() else 0
