"""Subtitle QC against a profile: every violation (event, rule, value, limit), and a fixer that
corrects what is safe (line breaks, splitting over-long events, durations, gaps, shot changes)
and lists what needs a person (usually: condense the text to meet the reading speed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from imagia.media.timecode import frames_to_timecode, ms_to_frames
from imagia.speech.subtitles.linebreak import lang_of, line_break_cost, wrap
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.profiles import Profile
from imagia.speech.subtitles.segment import TimedWord, _segment, max_frames, need_frames, retime

RULES = (
    "empty",
    "max_lines",
    "chars_per_line",
    "reading_speed",
    "min_duration",
    "max_duration",
    "overlap",
    "min_gap",
    "gap_not_closed",
    "shot_in_cue",
    "shot_out_cue",
    "line_break",
    "unneeded_line_break",
)
_TAGS = re.compile(r"<[^>]+>|\{[^}]*\}")


@dataclass
class Violation:
    event: int  # 1-based, as editors number events
    at: str  # timecode of the event's in-cue
    rule: str
    value: float | str
    limit: float | str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    schema: str
    profile: str
    rate: str
    events: int
    events_ok: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def share_ok(self) -> float:
        return self.events_ok / self.events if self.events else 1.0

    def by_rule(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for v in self.violations:
            out[v.rule] = out.get(v.rule, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "profile": self.profile,
            "rate": self.rate,
            "events": self.events,
            "events_ok": self.events_ok,
            "share_ok": round(self.share_ok, 4),
            "by_rule": self.by_rule(),
            "violations": [v.to_dict() for v in self.violations],
        }


def _plain(text: str) -> str:
    return _TAGS.sub("", text)


def _is_dialogue(lines: list[str], profile: Profile) -> bool:
    dash = profile.dash.strip()
    if len(lines) == 2 and all(line.startswith(dash) for line in lines):
        return True
    # SDH: a sound tag ([MUSIC], [RIRES]) stands on a line of its own
    return profile.sdh and any(line.startswith("[") and line.endswith("]") for line in lines)


def check(
    sf: SubtitleFile, profile: Profile, rate: Fraction, shots: Sequence[float] = ()
) -> Report:
    """Every violation of ``profile`` in ``sf`` (times compared in frames at ``rate``)."""
    lang = lang_of(sf.language or profile.language)
    cuts = sorted({ms_to_frames(round(s * 1000), rate) for s in shots})
    maxd = max_frames(profile, rate)
    out: list[Violation] = []
    bad: set[int] = set()
    events = sf.events
    for k, e in enumerate(events):
        n = k + 1
        st, en = ms_to_frames(e.start, rate), ms_to_frames(e.end, rate)
        tc = frames_to_timecode(max(st, 0), rate)

        def add(
            rule: str, value: float | str, limit: float | str, msg: str, n: int = n, tc: str = tc
        ) -> None:
            out.append(Violation(n, tc, rule, value, limit, msg))
            bad.add(n)

        text = _plain(e.text)
        lines = text.split("\n")
        if not text.strip():
            add("empty", 0, 1, "event has no text")
            continue
        if len(lines) > profile.max_lines:
            add("max_lines", len(lines), profile.max_lines, f"{len(lines)} lines")
        longest = max(len(line) for line in lines)
        if longest > profile.max_chars_per_line:
            add(
                "chars_per_line",
                longest,
                profile.max_chars_per_line,
                f"a line of {longest} characters",
            )
        dur = en - st
        chars = len(text.replace("\n", ""))
        if dur > 0:
            cps = chars * float(rate) / dur
            if cps > profile.max_cps + 1e-9:
                add(
                    "reading_speed",
                    round(cps, 1),
                    profile.max_cps,
                    f"{cps:.1f} characters per second",
                )
        need_min = need_frames(0, profile, rate)
        if dur < need_min:
            add("min_duration", dur, need_min, f"{dur} frames on screen")
        if dur > maxd:
            add("max_duration", dur, maxd, f"{dur} frames on screen")
        if len(lines) > 1 and not _is_dialogue(lines, profile):
            if len(" ".join(lines)) <= profile.max_chars_per_line:
                add(
                    "unneeded_line_break",
                    len(" ".join(lines)),
                    profile.max_chars_per_line,
                    "fits on one line",
                )
            else:
                have = line_break_cost(lines, lang)
                best = wrap(
                    " ".join(lines).split(), profile.max_chars_per_line, profile.max_lines, lang
                )
                if best is not None and have >= 3.0 and best[1] < have - 1.0:
                    add(
                        "line_break",
                        " / ".join(lines),
                        " / ".join(best[0]),
                        "the line break splits a phrase",
                    )
        if k + 1 < len(events):
            nxt = ms_to_frames(events[k + 1].start, rate)
            g = nxt - en
            if g < 0:
                add("overlap", g, 0, f"overlaps the next event by {-g} frames")
            elif g < profile.min_gap_frames:
                add("min_gap", g, profile.min_gap_frames, f"gap of {g} frames to the next event")
            elif profile.min_gap_frames < g <= profile.close_gap_frames:
                add(
                    "gap_not_closed",
                    g,
                    profile.min_gap_frames,
                    f"gap of {g} frames should be closed to {profile.min_gap_frames}",
                )
        for c in cuts:
            if 0 < abs(st - c) <= profile.shot_snap_frames and st not in cuts:
                add("shot_in_cue", st - c, 0, f"in-cue {st - c:+d} frames from a shot change")
                break
        for c in cuts:
            target = c - profile.out_cue_before_shot_frames
            if (
                c > st
                and 0 < abs(en - c) <= profile.shot_snap_frames
                and en != target
                and not any(en == cc - profile.out_cue_before_shot_frames for cc in cuts)
            ):
                add(
                    "shot_out_cue",
                    en - c,
                    -profile.out_cue_before_shot_frames,
                    f"out-cue {en - c:+d} frames from a shot change",
                )
                break
    return Report(
        "SubtitleQC.1", profile.id, f"{float(rate):.3f}", len(events), len(events) - len(bad), out
    )


@dataclass
class FixResult:
    file: SubtitleFile
    fixed: list[str]
    before: Report
    after: Report


def _split(e: Event, profile: Profile, rate: Fraction, lang: str) -> list[Event]:
    """Re-break an event's text; split it in time (by characters) when it cannot fit."""
    lines = _plain(e.text).split("\n")
    if _is_dialogue(lines, profile) and all(len(x) <= profile.max_chars_per_line for x in lines):
        return [e]
    words = " ".join(lines).split()
    fitted = wrap(words, profile.max_chars_per_line, profile.max_lines, lang)
    if fitted is not None:
        return [Event(e.start, e.end, "\n".join(fitted[0]), e.speaker, e.style, dict(e.meta))]
    # interpolate word times across the event by character count, then segment
    total = sum(len(w) + 1 for w in words) or 1
    t, timed = e.start / 1000, []
    span = e.duration / 1000
    for w in words:
        d = span * (len(w) + 1) / total
        timed.append(TimedWord(w, t, t + d))
        t += d
    out = []
    for i, j, parts in _segment(timed, profile, rate, lang):
        start = round(timed[i].start * 1000)
        end = round(timed[j - 1].end * 1000)
        out.append(Event(start, end, "\n".join(parts), e.speaker, e.style, dict(e.meta)))
    return out


def fix(
    sf: SubtitleFile, profile: Profile, rate: Fraction, shots: Sequence[float] = ()
) -> FixResult:
    """Correct what is safe; the ``after`` report lists what still needs a person."""
    before = check(sf, profile, rate, shots)
    lang = lang_of(sf.language or profile.language)
    text_rules = {"max_lines", "chars_per_line", "line_break", "unneeded_line_break"}
    needs_text = {v.event for v in before.violations if v.rule in text_rules}
    fixed: list[str] = []
    out = sf.copy()
    events: list[Event] = []
    for n, e in enumerate(out.events, 1):
        if not _plain(e.text).strip():
            fixed.append(f"event {n}: removed (no text)")
            continue
        if n in needs_text:
            parts = _split(e, profile, rate, lang)
            if len(parts) > 1:
                fixed.append(
                    f"event {n}: split into {len(parts)} events to fit "
                    f"{profile.max_lines}x{profile.max_chars_per_line} characters"
                )
            elif parts[0].text != e.text:
                fixed.append(f"event {n}: line breaks redone")
            events.extend(parts)
        else:
            events.append(e)
    events.sort(key=lambda ev: (ev.start, ev.end))
    snapshot = [(ev.start, ev.end) for ev in events]
    retime(events, profile, rate, shots)
    moved = sum(
        1 for ev, (s, en) in zip(events, snapshot, strict=True) if (ev.start, ev.end) != (s, en)
    )
    if moved:
        fixed.append(f"{moved} events retimed (durations, gaps, shot changes, frame grid)")
    out.events = events
    after = check(out, profile, rate, shots)
    return FixResult(out, fixed, before, after)
