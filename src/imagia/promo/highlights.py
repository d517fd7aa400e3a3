"""Rank candidate moments of a programme for a trailer.

Four signals on a grid of ``step`` seconds, each scaled to 0..1:

- **loud**: momentary loudness (EBU R 128, 400 ms, measured by :mod:`imagia.post.loudness`)
  above the programme's median, 1 at ``loud_range_lu`` LU above it;
- **punchline**: a transcript window of the workspace index (when the asset is indexed) that
  ends on ``!`` (1.0) or ``?`` (0.7), +0.3 for a short line (at most ``short_words`` words),
  counted over the last ``punch_seconds`` of the line;
- **close-up**: height of the main subject's face box / frame height (face tracker of
  :mod:`imagia.promo.track`), 0 at ``closeup_from``, 1 at ``closeup_full``;
- **rhythm**: cuts (:func:`imagia.media.shots.detect`) inside the moment, 1 at
  ``rhythm_cuts`` cuts.

A moment is a window of ``length`` seconds; its score is
``w.loud * max(loud) + w.punchline * max(punchline) + w.closeup * mean(close-up)
+ w.rhythm * rhythm`` with the weights of :class:`Weights`. The best windows are taken greedily
without overlap (``min_gap`` apart), ties going to the window where the signals are densest
(the mean of each signal over the window plus cuts / ``rhythm_cuts``); a moment starting within
``snap`` seconds of a cut is moved to start on it.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadValue, ImagiaError
from imagia.index.store import Window
from imagia.media.probe import probe
from imagia.media.timecode import frames_to_timecode

Progress = Callable[[float, str], None]
SCHEMA = "Highlights.1"


@dataclass(frozen=True)
class Weights:
    """How much each signal counts in a moment's score (they need not sum to 1)."""

    loud: float = 0.35
    punchline: float = 0.25
    closeup: float = 0.20
    rhythm: float = 0.20


@dataclass(frozen=True)
class HighlightOptions:
    top: int = 5
    length: float = 4.0
    step: float = 0.5
    min_gap: float = 1.0
    snap: float = 0.5
    weights: Weights = field(default_factory=Weights)
    loud_range_lu: float = 12.0
    punch_seconds: float = 1.5
    short_words: int = 6
    closeup_from: float = 0.15
    closeup_full: float = 0.45
    rhythm_cuts: int = 3
    faces: bool = True
    detector: str = "hog"
    sample_fps: float = 2.0

    def check(self) -> None:
        if not 1 <= self.top <= 100:
            raise BadValue("top", self.top, reason="between 1 and 100 moments")
        if not 0.5 <= self.length <= 60:
            raise BadValue("length", self.length, reason="between 0.5 and 60 seconds")
        if any(v < 0 for v in asdict(self.weights).values()):
            raise BadValue("weights", asdict(self.weights), reason="weights must be >= 0")


@dataclass
class Moment:
    rank: int
    start: float
    end: float
    score: float
    signals: dict[str, float]
    why: list[str]
    why_fr: list[str] = field(default_factory=list)  # the same reasons in French

    def to_dict(self, fps: Fraction) -> dict[str, Any]:
        f0, f1 = round(self.start * fps), round(self.end * fps)
        return {
            "rank": self.rank,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "start_frame": f0,
            "end_frame": f1,
            "timecode_in": frames_to_timecode(f0, fps),
            "timecode_out": frames_to_timecode(f1, fps),
            "score": round(self.score, 4),
            "signals": {k: round(v, 3) for k, v in self.signals.items()},
            "why": self.why,
            "why_fr": self.why_fr,
        }


@dataclass
class Highlights:
    path: Path
    duration: float
    fps: Fraction
    has_video: bool
    options: HighlightOptions
    moments: list[Moment]
    signals_used: list[str]
    notes: list[str]
    detector: dict[str, Any] | None
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "media": str(self.path),
            "duration": round(self.duration, 3),
            "fps": str(self.fps),
            "options": asdict(self.options),
            "scoring": "w.loud*max(loud) + w.punchline*max(punchline) + "
            "w.closeup*mean(closeup) + w.rhythm*rhythm",
            "signals_used": self.signals_used,
            "detector": self.detector,
            "moments": [m.to_dict(self.fps) for m in self.moments],
            "notes": self.notes,
            "notes_fr": [note_fr(n) for n in self.notes],
            "seconds": round(self.seconds, 2),
        }


# -- signals ---------------------------------------------------------------------------------
def _loud(
    path: Path, grid: np.ndarray, o: HighlightOptions, notes: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(0..1 loudness signal, momentary LUFS) per grid bin."""
    from imagia.post.loudness import measure

    lufs = np.full(len(grid), np.nan)
    try:
        rep = measure(path, "ebu-r128", curve_step=0.1, dialogue_gate=False)
    except ImagiaError as exc:
        notes.append(f"no loudness signal ({exc.message})")
        return np.zeros(len(grid)), lufs
    t = np.array(rep.curve_t, dtype=float)
    m = np.array([np.nan if v is None else v for v in rep.momentary], dtype=float)
    keep = ~np.isnan(m) & (m > -70)
    bins = np.floor(t[keep] / o.step).astype(int)
    inside = (bins >= 0) & (bins < len(grid))
    peak = np.full(len(grid), -np.inf)
    np.maximum.at(peak, bins[inside], m[keep][inside])
    lufs = np.where(np.isfinite(peak), peak, np.nan)
    valid = lufs[~np.isnan(lufs)]
    if not len(valid):
        notes.append("the audio is silent: no loudness signal")
        return np.zeros(len(grid)), lufs
    median = float(np.median(valid))
    return np.clip(np.nan_to_num((lufs - median) / o.loud_range_lu, nan=0.0), 0, 1), lufs


def _punch(
    windows: list[Window], grid: np.ndarray, o: HighlightOptions
) -> tuple[np.ndarray, list[tuple[float, str]]]:
    sig = np.zeros(len(grid))
    lines: list[tuple[float, str]] = []
    for w in windows:
        text = w.text.strip()
        if not text:
            continue
        v = 1.0 if text.endswith("!") else 0.7 if text.endswith("?") else 0.0
        if len(text.split()) <= o.short_words:
            v += 0.3
        if v < 0.5:  # a short plain line alone is no punchline
            continue
        sel = (grid + o.step > w.end - o.punch_seconds) & (grid <= w.end)
        sig[sel] = np.maximum(sig[sel], min(1.0, v))
        lines.append((w.end, text))
    return sig, lines


def _shots_and_faces(
    path: Path,
    fps: Fraction,
    grid: np.ndarray,
    o: HighlightOptions,
    notes: list[str],
    progress: Progress,
) -> tuple[list[float], np.ndarray, dict[str, Any] | None]:
    """(cut times in seconds, 0..1 close-up signal, detector summary)."""
    from imagia.media.shots import detect
    from imagia.promo.media import video_info
    from imagia.promo.track import TrackOptions, track_faces

    info = video_info(path)
    shots = [(s.start_frame, s.end_frame) for s in detect(path, fps)]
    cuts = [a / float(fps) for a, _ in shots[1:]]
    close = np.zeros(len(grid))
    if not o.faces:
        notes.append("faces not analysed (faces off)")
        return cuts, close, None
    progress(0.4, "tracking faces")
    tr = track_faces(
        path,
        TrackOptions(detector=o.detector, sample_fps=o.sample_fps),
        [a for a, _ in shots[1:]],
        lambda f, m: progress(0.4 + 0.5 * f, m),
        info,
    )
    subject = tr.subject(shots, shots[-1][1])
    span = max(1e-6, o.closeup_full - o.closeup_from)
    for k, g in enumerate(grid):
        f = min(len(subject) - 1, round((g + o.step / 2) * float(fps)))
        box = subject[f] if f >= 0 else None
        if box is not None:
            close[k] = min(1.0, max(0.0, (box.h / info.height - o.closeup_from) / span))
    return cuts, close, tr.summary()


# -- ranking ---------------------------------------------------------------------------------
def _rank(
    grid: np.ndarray,
    duration: float,
    sig: dict[str, np.ndarray],
    cuts: list[float],
    o: HighlightOptions,
) -> list[tuple[float, float, dict[str, float]]]:
    w = o.weights
    n_win = max(1, round(o.length / o.step))
    cut_arr = np.array(cuts)
    cands: list[tuple[float, float, float, dict[str, float]]] = []
    last_start = max(0.0, duration - o.length)
    starts = [s for s in grid if s <= last_start + 1e-9] or [0.0]
    for s in starts:
        k0 = round(float(s) / o.step)
        sl = slice(k0, k0 + n_win)
        n_cuts = int(((cut_arr > s) & (cut_arr < s + o.length)).sum()) if len(cuts) else 0
        f = {
            "loud": float(sig["loud"][sl].max(initial=0.0)),
            "punchline": float(sig["punchline"][sl].max(initial=0.0)),
            "closeup": float(sig["closeup"][sl].mean()) if len(sig["closeup"][sl]) else 0.0,
            "rhythm": min(1.0, n_cuts / max(1, o.rhythm_cuts)),
        }
        score = (
            w.loud * f["loud"]
            + w.punchline * f["punchline"]
            + w.closeup * f["closeup"]
            + w.rhythm * f["rhythm"]
        )
        density = float(sum(sig[k][sl].mean() for k in sig if len(sig[k][sl]))) + n_cuts / max(
            1, o.rhythm_cuts
        )
        cands.append((round(score, 9), density, float(s), f))
    cands.sort(key=lambda c: (-c[0], -c[1], c[2]))
    chosen: list[tuple[float, float, dict[str, float]]] = []
    for score, _density, s, f in cands:
        if score <= 0 and chosen:
            break
        if all(
            s + o.length + o.min_gap <= c[1] or c[1] + o.length + o.min_gap <= s for c in chosen
        ):
            chosen.append((score, s, f))
        if len(chosen) >= o.top:
            break
    return chosen


def _fr(value: float, spec: str) -> str:
    """``value`` formatted by ``spec`` with a French decimal comma."""
    return format(value, spec).replace(".", ",").replace("-", "\u2212")


# Notes on what could not be measured, and their French text (an error's own words kept).
_NOTES_FR = (
    (re.compile(r"^no loudness signal \((.*)\)$"), r"pas de signal de sonie (\1)"),
    (
        re.compile(r"^the audio is silent: no loudness signal$"),
        "le son est silencieux : pas de signal de sonie",
    ),
    (
        re.compile(r"^faces not analysed \(faces off\)$"),
        "visages non analysés (visages désactivés)",
    ),
    (
        re.compile(r"^no audio stream: no loudness signal$"),
        "pas de piste son : pas de signal de sonie",
    ),
    (
        re.compile(r"^not in the workspace index \(or no transcript\): no punchline signal; (.*)$"),
        "absent de l'index de l'espace de travail (ou sans transcription) : pas de signal de "
        "réplique ; lancer imagia index add d'abord",
    ),
    (
        re.compile(r"^no video stream: no shot rhythm or close-up signal$"),
        "pas de piste vidéo : ni rythme des plans ni gros plans",
    ),
)


def note_fr(note: str) -> str:
    """The French text of one note of this module (unchanged when unknown)."""
    for pat, repl in _NOTES_FR:
        if pat.match(note):
            return pat.sub(repl, note)
    return note


def _why(
    s: float,
    e: float,
    f: dict[str, float],
    grid: np.ndarray,
    lufs: np.ndarray,
    cuts: list[float],
    lines: list[tuple[float, str]],
    o: HighlightOptions,
) -> tuple[list[str], list[str]]:
    """The reasons a moment was chosen, in English and in French."""
    why: list[str] = []
    fr: list[str] = []
    if f["loud"] > 0.05:
        sel = (grid >= s) & (grid < e) & ~np.isnan(lufs)
        if sel.any():
            k = int(np.flatnonzero(sel)[np.argmax(lufs[sel])])
            lu = f["loud"] * o.loud_range_lu
            why.append(
                f"loud peak {lufs[k]:.1f} LUFS momentary at {grid[k]:.1f} s "
                f"({lu:.0f} LU above the median)"
            )
            fr.append(
                f"pic sonore de {_fr(lufs[k], '.1f')} LUFS momentané à {_fr(grid[k], '.1f')} s "
                f"({lu:.0f} LU au-dessus de la médiane)"
            )
    if f["punchline"] > 0.05:
        said = [t for end, t in lines if end - o.punch_seconds < e and end >= s]
        if said:
            why.append(f"line: \u201c{said[0]}\u201d")
            fr.append(f"réplique : « {said[0]} »")
    if f["closeup"] > 0.05:
        share = o.closeup_from + f["closeup"] * (o.closeup_full - o.closeup_from)
        why.append(f"close-up (face about {share * 100:.0f} % of the frame height)")
        fr.append(f"gros plan (visage à environ {share * 100:.0f} % de la hauteur de l'image)")
    n = sum(1 for c in cuts if s < c < e)
    if n:
        why.append(f"{n} cut(s) in {e - s:.1f} s (short shots)")
        fr.append(f"{n} coupe(s) en {_fr(e - s, '.1f')} s (plans courts)")
    if not why:
        return ["best remaining moment (no strong signal)"], [
            "meilleur moment restant (aucun signal fort)"
        ]
    return why, fr


def find_highlights(
    path: Path,
    options: HighlightOptions | None = None,
    windows: list[Window] | None = None,
    progress: Progress | None = None,
) -> Highlights:
    """Score and rank the moments of ``path`` (see the module doc); ``windows`` are its
    transcript windows from the index, when known."""
    o = options or HighlightOptions()
    o.check()
    say = progress or (lambda _f, _m: None)
    t0 = time.monotonic()
    info = probe(path)
    notes: list[str] = []
    video = info.video
    if video is None and not info.audio_streams:
        raise BadValue("media", str(path), reason="has neither video nor audio")
    fps = info.frame_rate or Fraction(25)
    duration = float(info.duration or 0.0)
    if duration <= 0:
        raise BadValue("media", str(path), reason="has no duration")
    grid = np.arange(0.0, duration, o.step)
    say(0.05, "measuring loudness")
    loud, lufs = (
        _loud(path, grid, o, notes)
        if info.audio_streams
        else (np.zeros(len(grid)), np.full(len(grid), np.nan))
    )
    if not info.audio_streams:
        notes.append("no audio stream: no loudness signal")
    punch, lines = _punch(windows or [], grid, o)
    if windows is None:
        notes.append(
            "not in the workspace index (or no transcript): no punchline signal; "
            "run imagia index add first"
        )
    cuts: list[float] = []
    close = np.zeros(len(grid))
    det: dict[str, Any] | None = None
    if video is not None:
        say(0.2, "finding shots")
        cuts, close, det = _shots_and_faces(path, fps, grid, o, notes, say)
    else:
        notes.append("no video stream: no shot rhythm or close-up signal")
    sig = {"loud": loud, "punchline": punch, "closeup": close}
    used = [k for k, v in sig.items() if v.any()] + (["rhythm"] if cuts else [])
    chosen = _rank(grid, duration, sig, cuts, o)
    moments = []
    for rank, (score, s, f) in enumerate(chosen, 1):
        near = [c for c in cuts if abs(c - s) <= o.snap]
        start = min(near, key=lambda c: abs(c - s)) if near else s
        start = max(0.0, min(start, max(0.0, duration - o.length)))
        end = min(duration, start + o.length)
        why, why_fr = _why(start, end, f, grid, lufs, cuts, lines, o)
        moments.append(Moment(rank, start, end, score, f, why, why_fr))
    say(1.0, f"{len(moments)} moment(s)")
    return Highlights(
        path, duration, fps, video is not None, o, moments, used, notes, det, time.monotonic() - t0
    )


# -- outputs ---------------------------------------------------------------------------------
def index_windows(ws_root: Path, path: Path) -> list[Window] | None:
    """The transcript windows of ``path`` in the workspace index (by SHA-256), or None when
    the index or the asset is not there."""
    from imagia.core.provenance import sha256_file
    from imagia.index.store import IndexStore

    db = ws_root / "index" / "index.db"
    if not db.is_file():
        return None
    sha = sha256_file(path)
    with IndexStore(db).connect() as con:
        row = con.execute("SELECT id FROM assets WHERE sha256=?", (sha,)).fetchone()
        if row is None:
            return None
        rows = con.execute(
            "SELECT start, end, text FROM windows WHERE asset_id=? ORDER BY start", (row[0],)
        ).fetchall()
    return [Window(float(r[0]), float(r[1]), str(r[2])) for r in rows] or None


def timeline(h: Highlights) -> Any:
    """An OTIO timeline: one track of clips (best first) referencing the media, each with a
    marker carrying its score and reasons."""
    import opentimelineio as otio

    rate = float(h.fps)
    total = math.ceil(h.duration * rate)
    tl = otio.schema.Timeline(name=f"Highlights - {h.path.name}")
    kind = otio.schema.TrackKind.Video if h.has_video else otio.schema.TrackKind.Audio
    track = otio.schema.Track(name="highlights", kind=kind)
    for m in h.moments:
        d = m.to_dict(h.fps)
        ref = otio.schema.ExternalReference(
            target_url=h.path.resolve().as_uri(),
            available_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(total, rate)
            ),
        )
        rng = otio.opentime.TimeRange(
            otio.opentime.RationalTime(d["start_frame"], rate),
            otio.opentime.RationalTime(d["end_frame"] - d["start_frame"], rate),
        )
        clip = otio.schema.Clip(
            name=f"#{m.rank} {d['timecode_in']}", media_reference=ref, source_range=rng
        )
        marker = otio.schema.Marker(
            name=f"#{m.rank} score {m.score:.2f}: " + "; ".join(m.why),
            marked_range=rng,
            color=otio.schema.MarkerColor.RED,
        )
        marker.metadata["imagia"] = {"score": d["score"], "signals": d["signals"], "why": m.why}
        clip.markers.append(marker)
        track.append(clip)
    tl.tracks.append(track)
    tl.metadata["imagia"] = {"schema": SCHEMA, "media": str(h.path)}
    return tl


def otio_text(h: Highlights, provenance: dict[str, Any] | None = None) -> str:
    """The ``.otio`` timeline as text; ``provenance`` goes in its ``metadata["imagia"]``."""
    import opentimelineio as otio

    tl = timeline(h)
    if provenance is not None:
        tl.metadata["imagia"]["provenance"] = provenance
    return str(otio.adapters.write_to_string(tl, "otio_json"))
