"""``imagia clips make``: find moments by the index's fused search (what is said, what is meant
across languages, what is on screen; optionally where a named person is seen or a sound heard),
keep those the rights register clears for one use (territory, channel, date), render them, and
say why the others were left out.

Each candidate's clip range is the transcript window plus ``handles`` seconds each side,
snapped to whole frames of the asset; the rights are checked on that range (its length against
the grant's format, its overlap with music cues and archive ranges).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.clips import register as regmod
from imagia.clips.model import Decision, Moment, RightsRegister, Use
from imagia.clips.moments import find_moments, people_on_screen, words_between
from imagia.clips.rights import check
from imagia.clips.territories import CHANNELS, ISO_ALPHA2
from imagia.core.errors import BadValue, ImagiaError
from imagia.core.workspace import Workspace
from imagia.index.search import reason_parts
from imagia.media.timecode import frames_to_timecode

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class MakeOptions:
    """One use (territory, channel, date: today when None) and how to render.
    ``loudness``: integrated target in LUFS, None to leave the level as it is.
    ``person``/``sound``: only moments where that named person is seen / that sound class
    (``imagia search --sound`` labels) is heard."""

    query: str
    territory: str
    channel: str
    on: date | None = None
    max_clips: int = 5
    subtitles: bool = True
    loudness: float | None = -23.0
    handles: float = 0.5
    candidates: int = 50
    person: str | None = None
    sound: str | None = None

    def validated(self) -> MakeOptions:
        territory = self.territory.strip().upper()
        if territory not in ISO_ALPHA2:
            raise BadValue(
                "territory",
                self.territory,
                reason="an ISO 3166 alpha-2 country code such as FR, BE, US",
            )
        channel = self.channel.strip().lower()
        if channel not in CHANNELS:
            raise BadValue("channel", self.channel, CHANNELS)
        if self.max_clips < 1:
            raise BadValue("max", self.max_clips, reason="at least 1 clip")
        if self.loudness is not None and not -70 < self.loudness < 0:
            raise BadValue("loudness", self.loudness, reason="a target in LUFS between -70 and 0")
        if not 0 <= self.handles <= 10:
            raise BadValue("handles", self.handles, reason="seconds between 0 and 10")
        if not self.query.strip():
            raise BadValue("query", self.query, reason="give at least one word")
        return replace(
            self,
            territory=territory,
            channel=channel,
            on=self.on or date.today(),
            person=(self.person or "").strip() or None,
            sound=(self.sound or "").strip() or None,
        )


# The notes written on a candidate (here and by the renderer), and their French text; what
# follows a colon is kept as it is (a number, an error's own words).
_NOTES_FR = (
    (
        re.compile(r"^cleared but not rendered: (.*) reached$"),
        r"autorisé mais non produit : \1 atteint",
    ),
    (
        re.compile(r"^no transcript words in this range: no subtitles$"),
        "aucun mot transcrit sur cet intervalle : pas de sous-titres",
    ),
    (re.compile(r"^render failed: (.*)$"), r"échec du rendu : \1"),
    (
        re.compile(r"^audio-only source: no subtitles burnt in$"),
        "source audio seule : pas de sous-titres incrustés",
    ),
    (re.compile(r"^loudness not normalised: (.*)$"), r"sonie non normalisée : \1"),
    (re.compile(r"^no audio: loudness not normalised$"), "pas de son : sonie non normalisée"),
)


def note_fr(note: str) -> str:
    """The French text of one note of a candidate (unchanged when unknown)."""
    for pat, repl in _NOTES_FR:
        if pat.match(note):
            return pat.sub(repl, note)
    return note


@dataclass
class Candidate:
    """A moment found, its clip range (frames at the asset's rate) and what became of it:
    ``kept`` (rendered), ``excluded`` (rights), ``spare`` (cleared, over --max) or ``failed``."""

    moment: Moment
    first: int
    last: int  # exclusive
    decision: Decision
    status: str = "excluded"
    clip: str | None = None
    subtitles: str | None = None
    rights_report: str | None = None
    duration: float | None = None
    loudness: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> Fraction:
        return Fraction(self.first) / self.moment.fps

    @property
    def end(self) -> Fraction:
        return Fraction(self.last) / self.moment.fps

    @property
    def tc_in(self) -> str:
        return frames_to_timecode(self.first, self.moment.fps)

    @property
    def tc_out(self) -> str:
        return frames_to_timecode(self.last, self.moment.fps)

    @property
    def why(self) -> list[str]:
        """The search's reasons for this moment (words, meaning, on screen, person, sound)."""
        return list(getattr(self.moment, "why", ()))

    def summary(self) -> dict[str, Any]:
        m = self.moment
        after = self.loudness.get("after", {}) if self.loudness else {}
        return {
            "status": self.status,
            "asset": m.asset,
            "path": m.path,
            "sha256": m.sha256,
            "title": self.decision.title,
            "fps": str(m.fps),
            "tc_in": self.tc_in,
            "tc_out": self.tc_out,
            "start": round(float(self.start), 3),
            "end": round(float(self.end), 3),
            "length": round(float(self.end - self.start), 3),
            "text": m.text,
            "why": self.why,
            "why_parts": [reason_parts(w) for w in self.why],
            "grant": self.decision.grant.id if self.decision.grant else None,
            "reasons": [r.to_dict() for r in self.decision.reasons],
            "clip": self.clip,
            "subtitles": self.subtitles,
            "rights_report": self.rights_report,
            "duration": self.duration,
            "loudness": after.get("integrated"),
            "true_peak": after.get("true_peak"),
            "notes": self.notes,
            "notes_fr": [note_fr(n) for n in self.notes],
        }


@dataclass
class MakeResult:
    options: MakeOptions
    candidates: list[Candidate]
    register: dict[str, Any]

    def by_status(self, status: str) -> list[Candidate]:
        return [c for c in self.candidates if c.status == status]


def clip_frames(moment: Moment, handles: float) -> tuple[int, int]:
    """The moment plus ``handles`` seconds each side, in whole frames inside the asset."""
    rate = moment.fps
    end = moment.end if moment.end is not None else moment.start
    first = max(0, math.floor((Fraction(str(moment.start)) - Fraction(str(handles))) * rate))
    last = math.ceil((Fraction(str(end)) + Fraction(str(handles))) * rate)
    if moment.asset_duration:
        last = min(last, math.floor(Fraction(str(moment.asset_duration)) * rate))
    return first, max(last, first + 1)


def select(ws: Workspace, opts: MakeOptions, reg: RightsRegister) -> list[Candidate]:
    """The moments found for ``opts.query``, overlapping ones of an asset dropped, each with
    its rights decision; the first ``max_clips`` cleared ones are marked ``kept``."""
    assert opts.on is not None
    out: list[Candidate] = []
    for m in find_moments(ws, opts.query, opts.candidates, opts.person, opts.sound):
        first, last = clip_frames(m, opts.handles)
        if any(c.moment.path == m.path and c.first < last and first < c.last for c in out):
            continue
        start, end = float(Fraction(first) / m.fps), float(Fraction(last) / m.fps)
        seen = people_on_screen(ws, m.path, start, end)  # named faces in the exact clip range
        ranged = replace(m, start=start, end=end, people=tuple(dict.fromkeys((*m.people, *seen))))
        use = Use(opts.territory, opts.channel, opts.on)
        out.append(Candidate(m, first, last, check(ranged, use, reg)))
    kept = 0
    for c in out:
        if c.decision.allowed:
            c.status = "kept" if kept < opts.max_clips else "spare"
            kept += 1
            if c.status == "spare":
                c.notes.append(f"cleared but not rendered: --max {opts.max_clips} reached")
    return out


def clip_name(k: int, c: Candidate) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(c.moment.asset).stem).strip("-")[:40]
    return f"{k:02d}-{stem or 'clip'}-{c.tc_in.replace(':', '-').replace(';', '-')}"


def render_kept(
    ws: Workspace, opts: MakeOptions, cands: list[Candidate], out_dir: Path, progress: Progress
) -> None:
    """Render each kept candidate into ``out_dir`` (clip, SRT); a failure fails that clip."""
    from imagia.clips.render import RenderOptions, render
    from imagia.clips.subtitles import clip_subtitles, write_srt

    kept = [c for c in cands if c.status == "kept"]
    ropts = RenderOptions(loudness=opts.loudness)
    for k, c in enumerate(kept, 1):
        progress(0.1 + 0.85 * (k - 1) / len(kept), f"rendering clip {k}/{len(kept)}")
        name = clip_name(k, c)
        srt = None
        try:
            if opts.subtitles:
                words = words_between(ws, c.moment, float(c.start), float(c.end))
                sf = clip_subtitles(
                    words, float(c.start), float(c.end), c.moment.fps, c.moment.language
                )
                if sf.events:
                    srt = write_srt(sf, out_dir / f"{name}.srt")
                    c.subtitles = srt.name
                else:
                    c.notes.append("no transcript words in this range: no subtitles")
            r = render(Path(c.moment.path), c.start, c.end, out_dir / f"{name}.mp4", ropts, srt)
            c.clip, c.duration, c.loudness = r.path.name, r.duration, r.loudness
            c.notes += r.notes
        except ImagiaError as exc:
            c.status = "failed"
            c.notes.append(f"render failed: {exc}")


def make_clips(
    ws: Workspace, opts: MakeOptions, out_dir: Path, progress: Progress | None = None
) -> MakeResult:
    """Select, check and render; reports are written by :mod:`imagia.clips.report`."""
    say = progress or (lambda f, m: None)
    opts = opts.validated()
    reg = regmod.require(ws)
    say(0.02, f"searching {opts.query!r}")
    cands = select(ws, opts, reg)
    n_kept = sum(c.status == "kept" for c in cands)
    say(0.1, f"{len(cands)} moment(s), {n_kept} cleared for {opts.channel} in {opts.territory}")
    render_kept(ws, opts, cands, out_dir, say)
    path = regmod.register_path(ws)
    from imagia.core.provenance import sha256_file

    info = {
        "path": str(path.relative_to(ws.root)),
        "sha256": sha256_file(path),
        "imported": reg.imported,
    }
    return MakeResult(opts, cands, info)
