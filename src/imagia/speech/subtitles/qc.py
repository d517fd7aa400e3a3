"""Subtitle QC against a profile: every violation (event, rule, value, limit), and a fixer that
corrects what is safe (line breaks, splitting over-long events, durations, gaps, shot changes)
and lists what needs a person (usually: condense the text to meet the reading speed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from imagia.media.timecode import frames_to_ms, frames_to_timecode, ms_to_frames
from imagia.speech.subtitles.condense import condense_events
from imagia.speech.subtitles.linebreak import lang_of, line_break_cost, tokens, wrap
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.profiles import Profile
from imagia.speech.subtitles.repair import close_sentences, needs_final_stop, split_at_onsets
from imagia.speech.subtitles.segment import (
    IN_SLACK,
    TimedWord,
    _segment,
    max_frames,
    need_frames,
    retime,
)
from imagia.speech.subtitles.style import restyle_text, typography

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
    "over_cut",
    "speaker_dash",
    "casing",
    "numbers",
    "typography",
    "final_punctuation",
    "in_cue_early",
    "in_cue_late",
)
ENDS = (".", "!", "?", "…")
TEXT_RULES = frozenset({"max_lines", "chars_per_line", "line_break", "unneeded_line_break"})
_TAGS = re.compile(r"<[^>]+>|\{[^}]*\}")


@dataclass
class Violation:
    event: int  # 1-based, as editors number events
    at: str  # timecode of the event's in-cue
    rule: str
    value: float | str
    limit: float | str
    message: str
    message_fr: str = ""  # the same finding in French

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
    review: list[dict[str, Any]] = field(default_factory=list)  # condensed or still too fast

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
            "review": self.review,
        }


def _plain(text: str) -> str:
    return _TAGS.sub("", text)


def _is_dialogue(lines: list[str], profile: Profile) -> bool:
    dash = profile.dash.strip()
    if len(lines) == 2 and all(line.startswith(dash) for line in lines):
        return True
    # SDH: a sound tag ([MUSIC], [RIRES]) stands on a line of its own
    return profile.sdh and any(line.startswith("[") and line.endswith("]") for line in lines)


def _dash_ok(lines: list[str], profile: Profile) -> bool:
    """Dialogue dashes as the profile writes them: two lines, each opened by its dash."""
    if len(lines) != 2:
        return False
    dash = profile.dash
    spaced = dash.endswith(" ")
    for line in lines:
        if not line.startswith(dash.strip()):
            return False
        rest = line[len(dash.strip()) :]
        if spaced != rest.startswith(" ") or rest.startswith("  "):
            return False
    return True


def _style(text: str, lang: str, sentence_start: bool) -> str:
    return restyle_text(text, lang, sentence_start)


def check(
    sf: SubtitleFile,
    profile: Profile,
    rate: Fraction,
    shots: Sequence[float] = (),
    onsets: Sequence[float] | None = None,
) -> Report:
    """Every violation of ``profile`` in ``sf`` (times compared in frames at ``rate``).

    ``onsets``: speech onsets of the media (seconds, :func:`turns.speech_onsets`), when the
    audio is given: an in-cue in silence before its speech, or after speech that started with
    no subtitle on screen, is reported."""
    lang = lang_of(sf.language or profile.language)
    cuts = sorted({ms_to_frames(round(s * 1000), rate) for s in shots})
    heard = sorted({ms_to_frames(round(s * 1000), rate) for s in onsets or ()})
    maxd = max_frames(profile, rate)
    snap, pre = profile.shot_snap_frames, profile.out_cue_before_shot_frames
    out: list[Violation] = []
    bad: set[int] = set()
    events = sf.events
    review: list[dict[str, Any]] = []
    for k, e in enumerate(events):
        n = k + 1
        st, en = ms_to_frames(e.start, rate), ms_to_frames(e.end, rate)
        tc = frames_to_timecode(max(st, 0), rate)
        if e.meta.get("review"):
            review.append(
                {
                    "event": n,
                    "at": tc,
                    "why": e.meta["review"],
                    "text": e.text,
                    "original": e.meta.get("original", e.text),
                }
            )

        def add(
            rule: str,
            value: float | str,
            limit: float | str,
            msg: str,
            fr: str,
            n: int = n,
            tc: str = tc,
        ) -> None:
            out.append(Violation(n, tc, rule, value, limit, msg, fr))
            bad.add(n)

        text = _plain(e.text)
        lines = text.split("\n")
        if not text.strip():
            add("empty", 0, 1, "event has no text", "sous-titre sans texte")
            continue
        if len(lines) > profile.max_lines:
            add(
                "max_lines",
                len(lines),
                profile.max_lines,
                f"{len(lines)} lines",
                f"{len(lines)} lignes",
            )
        longest = max(len(line) for line in lines)
        if longest > profile.max_chars_per_line:
            add(
                "chars_per_line",
                longest,
                profile.max_chars_per_line,
                f"a line of {longest} characters",
                f"une ligne de {longest} caractères",
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
                    f"{cps:.1f} caractères par seconde".replace(".", ","),
                )
        need_min = need_frames(0, profile, rate)
        if dur < need_min:
            add("min_duration", dur, need_min, f"{dur} frames on screen", f"{dur} images à l'écran")
        if dur > maxd:
            add("max_duration", dur, maxd, f"{dur} frames on screen", f"{dur} images à l'écran")
        dashed = [line.startswith("-") for line in lines]
        if any(dashed) and profile.dialogue == "dash" and not _dash_ok(lines, profile):
            add(
                "speaker_dash",
                " / ".join(lines),
                f"{profile.dash!r} on both lines",
                "dialogue dashes not as the profile writes them",
                "tirets de dialogue différents de ceux du profil",
            )
        if len(lines) > 1 and not _is_dialogue(lines, profile) and not any(dashed):
            if len(" ".join(lines)) <= profile.max_chars_per_line:
                add(
                    "unneeded_line_break",
                    len(" ".join(lines)),
                    profile.max_chars_per_line,
                    "fits on one line",
                    "tient sur une ligne",
                )
            else:
                have = line_break_cost(lines, lang)
                best = wrap(
                    tokens(" ".join(lines)), profile.max_chars_per_line, profile.max_lines, lang
                )
                if best is not None and have >= 3.0 and best[1] < have - 1.0:
                    add(
                        "line_break",
                        " / ".join(lines),
                        " / ".join(best[0]),
                        "the line break splits a phrase",
                        "la coupure de ligne sépare un groupe de mots",
                    )
        opened = k == 0 or _plain(events[k - 1].text).rstrip().endswith(ENDS)
        styled = _style(text, lang, opened)
        if styled != text:
            spaced = typography(text, lang)
            words = [(a, b) for a, b in zip(tokens(spaced), tokens(styled), strict=False) if a != b]
            rule = "numbers" if any(a[:1].isdigit() for a, _ in words) else "casing"
            rule = "typography" if spaced == styled else rule
            add(
                rule,
                text.replace("\n", " / "),
                styled.replace("\n", " / "),
                f"write {styled!r}",
                f"écrire « {styled} »",
            )
        if needs_final_stop(events, k, lang):
            add(
                "final_punctuation",
                text.rstrip()[-1:],
                ". ? ! …",
                "the sentence ends without punctuation",
                "la phrase se termine sans ponctuation",
            )
        if k + 1 < len(events):
            nxt = ms_to_frames(events[k + 1].start, rate)
            g = nxt - en
            if g < 0:
                add(
                    "overlap",
                    g,
                    0,
                    f"overlaps the next event by {-g} frames",
                    f"chevauche le sous-titre suivant de {-g} images",
                )
            elif g < profile.min_gap_frames:
                add(
                    "min_gap",
                    g,
                    profile.min_gap_frames,
                    f"gap of {g} frames to the next event",
                    f"intervalle de {g} images avant le sous-titre suivant",
                )
            elif profile.min_gap_frames < g <= profile.close_gap_frames and not any(
                en < c <= nxt for c in cuts
            ):
                add(
                    "gap_not_closed",
                    g,
                    profile.min_gap_frames,
                    f"gap of {g} frames should be closed to {profile.min_gap_frames}",
                    f"intervalle de {g} images à ramener à {profile.min_gap_frames}",
                )
        for c in cuts:
            if 0 < abs(st - c) < snap and st != c - snap:
                add(
                    "shot_in_cue",
                    st - c,
                    0,
                    f"in-cue {st - c:+d} frames from a shot change",
                    f"entrée à {st - c:+d} images d'un changement de plan",
                )
                break
        for c in cuts:
            if c <= st or en == c - pre or not (c - snap < en < c + snap):
                continue
            if any(en == cc - pre for cc in cuts):
                continue
            if en > c:
                add(
                    "over_cut",
                    en - c,
                    snap,
                    f"hangs {en - c} frames over a shot change",
                    f"déborde de {en - c} images sur un changement de plan",
                )
            else:
                add(
                    "shot_out_cue",
                    en - c,
                    -pre,
                    f"out-cue {en - c:+d} frames from a shot change",
                    f"sortie à {en - c:+d} images d'un changement de plan",
                )
            break
        if heard:
            prev_end = ms_to_frames(events[k - 1].end, rate) if k else -(10**9)
            late = [h for h in heard if max(prev_end, st - 25) < h < st - 2]
            early = [h for h in heard if st + 2 < h <= st + 25]
            snapped = any(st in (c, c - snap) for c in cuts)
            if late and not snapped:
                add(
                    "in_cue_late",
                    st - late[0],
                    2,
                    f"in-cue {st - late[0]} frames after speech",
                    f"entrée {st - late[0]} images après la parole",
                )
            elif early and not snapped and not any(prev_end < h <= st + 2 for h in heard):
                add(
                    "in_cue_early",
                    early[0] - st,
                    2,
                    f"in-cue {early[0] - st} frames before speech",
                    f"entrée {early[0] - st} images avant la parole",
                )
    return Report(
        "SubtitleQC.1",
        profile.id,
        f"{float(rate):.3f}",
        len(events),
        len(events) - len(bad),
        out,
        review,
    )


@dataclass
class FixResult:
    file: SubtitleFile
    fixed: list[str]
    before: Report
    after: Report
    fixed_fr: list[str] = field(default_factory=list)  # the same lines in French


def _split(e: Event, profile: Profile, rate: Fraction, lang: str) -> list[Event]:
    """Re-break an event's text; split it in time (by characters) when it cannot fit."""
    lines = _plain(e.text).split("\n")
    if _is_dialogue(lines, profile) and all(len(x) <= profile.max_chars_per_line for x in lines):
        return [e]
    words = tokens(" ".join(lines))
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


def _onto_speech(events: list[Event], rate: Fraction, onsets: Sequence[float]) -> int:
    """In-cues in the silence before their speech, up to a second after its onset with
    nothing on screen, or a frame or two off it, moved onto the onset (the audio's energy
    edge); returns how many."""
    heard = sorted({ms_to_frames(round(s * 1000), rate) for s in onsets})
    moved = 0
    for k, e in enumerate(events):
        st, en = ms_to_frames(e.start, rate), ms_to_frames(e.end, rate)
        prev_end = ms_to_frames(events[k - 1].end, rate) if k else -(10**9)
        late = [h for h in heard if max(prev_end + 2, st - 25) <= h < st - 2]
        early = [h for h in heard if st + 2 < h <= min(st + 25, en - 1)]
        target = None
        if late:
            target = late[0]
        elif early and not any(prev_end < h <= st + 2 for h in heard):
            target = early[0]
        else:  # within 2 frames: onto the onset itself, so shot-change zones are told right
            near = [h for h in heard if prev_end + 2 <= h and abs(h - st) <= 2]
            target = min(near, key=lambda h: abs(h - st)) if near else None
            target = None if target == st else target
        if target is not None:
            e.start = frames_to_ms(target, rate)
            moved += 1
    return moved


def _ended(e: Event) -> bool:
    return _plain(e.text).rstrip().endswith(ENDS)


def _restyle_event(text: str, profile: Profile, lang: str, opened: bool) -> str:
    """Dialogue dashes as the profile writes them, then capitals and numbers (tags kept out)."""
    if _TAGS.search(text):
        return text
    lines = text.split("\n")
    if len(lines) == 2 and all(x.startswith("-") for x in lines) and profile.dialogue == "dash":
        lines = [profile.dash + x.lstrip("-").lstrip() for x in lines]
    return _style("\n".join(lines), lang, opened)


def fix(
    sf: SubtitleFile,
    profile: Profile,
    rate: Fraction,
    shots: Sequence[float] = (),
    onsets: Sequence[float] | None = None,
) -> FixResult:
    """Correct what is safe; the ``after`` report lists what still needs a person."""
    before = check(sf, profile, rate, shots, onsets)
    lang = lang_of(sf.language or profile.language)
    needs_text = {v.event for v in before.violations if v.rule in TEXT_RULES}
    fixed: list[str] = []
    fixed_fr: list[str] = []

    def done(en: str, fr: str) -> None:
        fixed.append(en)
        fixed_fr.append(fr)

    out = sf.copy()
    events: list[Event] = []
    for n, e in enumerate(out.events, 1):
        if not _plain(e.text).strip():
            done(f"event {n}: removed (no text)", f"sous-titre {n} : supprimé (sans texte)")
            continue
        restyled = _restyle_event(e.text, profile, lang, not events or _ended(events[-1]))
        if restyled != e.text:
            done(
                f"event {n}: dashes, capitals or numbers written to the guide",
                f"sous-titre {n} : tirets, majuscules ou nombres écrits selon le guide",
            )
            e = Event(e.start, e.end, restyled, e.speaker, e.style, dict(e.meta))
        pieces = split_at_onsets(e, onsets or (), rate, profile.min_gap_frames)
        if len(pieces) > 1:
            done(
                f"event {n}: split at {len(pieces) - 1} sentence end(s) where speech starts again",
                f"sous-titre {n} : coupé à {len(pieces) - 1} fin(s) de phrase où la parole reprend",
            )
            for p in pieces:
                bad = _text_bad(p, sf, profile, rate)
                events.extend(_split(p, profile, rate, lang) if bad else [p])
            continue
        if n in needs_text:
            parts = _split(e, profile, rate, lang)
            if len(parts) > 1:
                done(
                    f"event {n}: split into {len(parts)} events to fit "
                    f"{profile.max_lines}x{profile.max_chars_per_line} characters",
                    f"sous-titre {n} : coupé en {len(parts)} sous-titres pour tenir en "
                    f"{profile.max_lines} x {profile.max_chars_per_line} caractères",
                )
            elif parts[0].text != e.text:
                done(
                    f"event {n}: line breaks redone", f"sous-titre {n} : coupures de ligne refaites"
                )
            events.extend(parts)
        else:
            events.append(e)
    events.sort(key=lambda ev: (ev.start, ev.end))
    closed = close_sentences(events, lang)
    if closed:
        done(
            f"{closed} sentence end(s) given their full stop",
            f"{closed} fin(s) de phrase ponctuée(s)",
        )
    moved_in = _onto_speech(events, rate, onsets or ())
    if moved_in:
        done(
            f"{moved_in} in-cues moved onto the speech onset",
            f"{moved_in} entrée(s) placée(s) sur le début de la parole",
        )
    snapshot = [(ev.start, ev.end) for ev in events]
    # without the audio the speech's onset is unknown: an in-cue may then come up to the snap
    # window earlier when its duration needs it (Subtitle Edit's "fix short display times")
    lead = IN_SLACK if onsets else profile.shot_snap_frames
    retime(events, profile, rate, shots, lead)
    moved = sum(
        1 for ev, (s, en) in zip(events, snapshot, strict=True) if (ev.start, ev.end) != (s, en)
    )
    if moved:
        done(
            f"{moved} events retimed (durations, gaps, shot changes, frame grid)",
            f"{moved} sous-titre(s) recalé(s) (durées, intervalles, changements de plan, "
            "grille d'images)",
        )
    condense_events(events, profile, rate, lang)
    condensed = sum(1 for ev in events if ev.meta.get("review") == "condensed")
    if condensed:
        done(
            f"{condensed} events condensed for reading speed (fillers, repetitions): to review",
            f"{condensed} sous-titre(s) condensé(s) pour la vitesse de lecture (hésitations, "
            "répétitions) : à relire",
        )
    out.events = events
    after = check(out, profile, rate, shots, onsets)
    return FixResult(out, fixed, before, after, fixed_fr)


def _text_bad(e: Event, sf: SubtitleFile, profile: Profile, rate: Fraction) -> bool:
    """The event breaks a rule of its text's layout (lines, characters, line breaks)."""
    one = SubtitleFile([e], language=sf.language, rate=sf.rate)
    return any(v.rule in TEXT_RULES for v in check(one, profile, rate).violations)
