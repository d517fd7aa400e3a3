"""Build subtitle events from timed words, and time events to a profile, in frames.

``build(words, profile, rate, shots)`` chooses where events start and end by dynamic
programming over word positions: each candidate event must fit the profile's lines (linguistic
line breaks from :mod:`linebreak`), its duration limits and reading speed, and breaks are cheap
at sentence ends, pauses and speaker changes, dear inside phrases. ``retime`` then applies the
timing rules in frames of the media's rate: minimum duration and reading speed (extending into
the following gap), maximum duration, minimum gap, closing short gaps, and snapping in- and
out-cues near shot changes. QC's fixer reuses both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from imagia.media.timecode import frames_to_ms, ms_to_frames
from imagia.speech.subtitles.condense import condense_events
from imagia.speech.subtitles.linebreak import break_cost, lang_of, wrap
from imagia.speech.subtitles.model import Event
from imagia.speech.subtitles.profiles import Profile
from imagia.speech.subtitles.style import restyle

MAX_WORDS = 40  # an event never holds more words than this
LONG_PAUSE = 2.0  # seconds of silence inside an event that force a new event
IN_SLACK = 1  # frames an in-cue may come before its speech (the guides: within 2-3 frames)
GREEN = 8  # speech this many frames (up to the snap window) before a cut starts snap frames before
OUT_LAG = 2  # frames the next in-cue may come after its speech so an event reaches its need
TURN_GAP = 0.25  # seconds of pause after a sentence end where another speaker may start...
TURN_COST = 2.5  # ...so two sentences share an event only when apart they cannot be timed


@dataclass(frozen=True)
class TimedWord:
    """A word with its times in seconds (what transcription or alignment gives)."""

    text: str
    start: float
    end: float
    speaker: str | None = None


def need_frames(chars: int, profile: Profile, rate: Fraction) -> int:
    """Frames an event with ``chars`` characters needs on screen (minimum duration and reading
    speed)."""
    secs = max(
        Fraction(profile.min_duration_ms, 1000), Fraction(chars) / Fraction(str(profile.max_cps))
    )
    return math.ceil(secs * rate - Fraction(1, 10**9))


def max_frames(profile: Profile, rate: Fraction) -> int:
    return math.floor(Fraction(profile.max_duration_ms, 1000) * rate + Fraction(1, 10**9))


def _render(
    words: Sequence[TimedWord],
    profile: Profile,
    lang: str,
) -> tuple[list[str], float] | None:
    """Lines for ``words``; dialogue (one speaker change) as two dashed lines."""
    speakers = [w.speaker for w in words]
    changes = [k for k in range(1, len(words)) if speakers[k] != speakers[k - 1]]
    if not changes:
        return wrap([w.text for w in words], profile.max_chars_per_line, profile.max_lines, lang)
    if len(changes) > 1 or profile.dialogue != "dash" or profile.max_lines < 2:
        return None
    k = changes[0]
    lines = [
        profile.dash + " ".join(w.text.strip() for w in part) for part in (words[:k], words[k:])
    ]
    if any(len(line) > profile.max_chars_per_line for line in lines):
        return None
    return lines, 0.5


def _whole_turns(words: Sequence[TimedWord], i: int, j: int, lang: str) -> bool:
    """A dialogue event (two speakers) holds whole turns: it starts where a speaker starts or a
    sentence begins, and ends at a sentence end or where the speaker changes."""
    if all(w.speaker == words[i].speaker for w in words[i:j]):
        return True
    starts = i == 0 or words[i - 1].speaker != words[i].speaker
    starts = starts or break_cost(words[i - 1].text, words[i].text, lang) == 0.0
    ends = j == len(words) or words[j].speaker != words[j - 1].speaker
    ends = ends or break_cost(words[j - 1].text, words[j].text, lang) == 0.0
    return starts and ends


def _segment(
    words: Sequence[TimedWord],
    profile: Profile,
    rate: Fraction,
    lang: str,
) -> list[tuple[int, int, list[str]]]:
    """Best event spans ``(i, j, lines)`` (words ``i..j-1``) by dynamic programming."""
    n = len(words)
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + len(w.text.strip()) + 1)
    most = profile.max_lines * (profile.max_chars_per_line + len(profile.dash) + 1)
    min_gap_s = profile.min_gap_frames / float(rate)
    max_s = profile.max_duration_ms / 1000
    inf = float("inf")
    best: list[float] = [0.0] + [inf] * n
    back: list[tuple[int, list[str]]] = [(0, [])] * (n + 1)
    # between word k and k+1: the pause, and whether a sentence ends there
    pauses = [b.start - a.end for a, b in itertools.pairwise(words)]
    stops = [break_cost(a.text, b.text, lang) == 0.0 for a, b in itertools.pairwise(words)]
    for j in range(1, n + 1):
        last = words[j - 1]
        if j < n:
            gap = words[j].start - last.end
            end_cost = 2 * break_cost(last.text, words[j].text, lang)
            if words[j].speaker != last.speaker or gap >= 0.5:
                end_cost = 0.0
            elif gap >= 0.25:
                end_cost /= 2
            room_end = words[j].start - min_gap_s
        else:
            end_cost = 0.0
            room_end = last.end + max_s
        pause = 0.0  # longest pause inside the span, grown as the span grows leftwards
        inner = 0  # sentence ends inside the span
        inner_cost = 0.0
        for i in range(j - 1, max(-1, j - 1 - MAX_WORDS), -1):
            if i < j - 1:
                pause = max(pause, pauses[i])
                if stops[i]:
                    inner += 1
                    inner_cost += 0.3 + (TURN_COST if pauses[i] >= TURN_GAP else 0.0)
            if best[i] == inf:
                continue
            single = j - i == 1
            if not single and prefix[j] - prefix[i] > most:
                break  # longer spans cannot fit the lines either
            span = words[i:j]
            natural = last.end - words[i].start
            if not single and (pause > LONG_PAUSE or natural > max_s):
                break  # longer spans only get worse
            rendered = _render(span, profile, lang)
            if rendered is not None and not _whole_turns(words, i, j, lang):
                rendered = None
            if rendered is None:
                if single:
                    rendered = ([span[0].text.strip()], 10.0)
                else:
                    continue
            lines, line_cost = rendered
            chars = sum(len(line) for line in lines)
            need = max(profile.min_duration_ms / 1000, chars / profile.max_cps)
            room = min(room_end - words[i].start, max_s)
            cost = 1.0 + line_cost + end_cost
            if need > room:
                cost += 10.0 * (need - room) / need
            if pause > 0.7:
                cost += pause
            if chars < 12:
                cost += 0.6
            # an event that starts a new sentence and stops in its middle reads badly; a new
            # sentence after a pause is better in an event of its own
            if inner and end_cost > 0:
                cost += 1.5
            cost += inner_cost
            total = best[i] + cost
            if total < best[j]:
                best[j] = total
                back[j] = (i, lines)
    spans: list[tuple[int, int, list[str]]] = []
    j = n
    while j > 0:
        i, lines = back[j]
        spans.append((i, j, lines))
        j = i
    spans.reverse()
    return spans


def build(
    words: Sequence[TimedWord],
    profile: Profile,
    rate: Fraction,
    shots: Sequence[float] = (),
    language: str | None = None,
    audio: Path | None = None,
) -> list[Event]:
    """Subtitle events holding ``profile`` for ``words`` (times in seconds). With ``audio``
    (the media), each utterance's first word starts on the speech's energy edge and speaker
    turns are told by pitch (:mod:`turns`); words are restyled to the language's guide
    (:mod:`style`), and events still too fast to read are condensed and flagged
    (:mod:`condense`)."""
    clean = [w for w in words if w.text.strip() and w.end >= w.start]
    if not clean:
        return []
    lang = lang_of(language or profile.language)
    if audio is None:
        clean = restyle(clean, lang)
    else:
        from imagia.speech.audio import load
        from imagia.speech.subtitles import turns

        sound = load(audio)
        clean = turns.speakers(restyle(turns.edges(clean, sound), lang), sound)
    events = []
    for i, j, lines in _segment(clean, profile, rate, lang):
        span = clean[i:j]
        start = ms_to_frames(round(span[0].start * 1000), rate)
        end = max(ms_to_frames(round(span[-1].end * 1000), rate, "ceil"), start + 1)
        speakers = {w.speaker for w in span}
        ev = Event(
            frames_to_ms(start, rate),
            frames_to_ms(end, rate),
            "\n".join(lines),
            speaker=span[0].speaker if len(speakers) == 1 else None,
        )
        events.append(ev)
    return condense_events(retime(events, profile, rate, shots), profile, rate, lang)


def _near(cuts: Sequence[int], at: int, window: int) -> int | None:
    best = None
    for c in cuts:
        if abs(c - at) <= window and (best is None or abs(c - at) < abs(best - at)):
            best = c
    return best


def _delay_next(
    k: int,
    st: list[int],
    en: list[int],
    need: list[int],
    cuts: Sequence[int],
    lag: int,
    gap: int,
    snap: int,
) -> None:
    """Event ``k`` short of its need: the next in-cue comes up to ``lag`` frames after its
    speech (the guides time in-cues within 2-3 frames of the audio) when it is not on a cut,
    would not land near one, and leaves the next event its own need."""
    nxt = st[k + 1]
    if any(nxt in (c, c - snap) for c in cuts):
        return
    later = st[k] + need[k] + gap  # only when the wait lets event k reach its whole need
    if not nxt < later <= nxt + lag or any(0 < abs(later - c) < snap for c in cuts):
        return
    room_after = (st[k + 2] - gap if k + 2 < len(st) else 10**12) - later
    if room_after < need[k + 1] and room_after < en[k + 1] - nxt:
        return
    st[k + 1] = later
    en[k + 1] = max(en[k + 1], later + 1)
    en[k] = later - gap


def retime(
    events: list[Event],
    profile: Profile,
    rate: Fraction,
    shots: Sequence[float] = (),
    lead: int = IN_SLACK,
    lag: int = OUT_LAG,
) -> list[Event]:
    """Apply the profile's timing rules in frames; returns the same events, retimed.

    In-cues stay on the speech (at most ``lead`` frames early for the minimum duration and
    reading speed: :data:`IN_SLACK` when the speech is known; the next in-cue at most ``lag``
    frames late, :data:`OUT_LAG`, when it is not on a cut) unless they snap to a shot change:
    speech starting up to 7 frames before or 11 frames after a cut starts on it, speech 8-11
    frames before it starts ``shot_snap_frames`` before it, and the event before is trimmed to
    end ``min_gap`` frames before.
    Out-cues reach the need into the following gap; near a cut they end
    ``out_cue_before_shot_frames`` before it, or stay ``shot_snap_frames`` into the next shot;
    gaps up to ``close_gap_frames`` close, except across a cut."""
    if not events:
        return events
    cuts = sorted({ms_to_frames(round(s * 1000), rate) for s in shots})
    gap, close = profile.min_gap_frames, profile.close_gap_frames
    snap, pre = profile.shot_snap_frames, profile.out_cue_before_shot_frames
    maxd = max_frames(profile, rate)
    least = need_frames(0, profile, rate)
    st = [ms_to_frames(e.start, rate) for e in events]
    en = [max(ms_to_frames(e.end, rate), st[k] + 1) for k, e in enumerate(events)]
    need = [need_frames(e.chars, profile, rate) for e in events]
    n = len(events)

    def limit(k: int) -> int:  # latest out-cue event k may have
        return st[k + 1] - gap if k + 1 < n else 10**12

    # 1. in-cues snap to a shot change within the window, trimming the event before
    for k in range(n):
        c = _near(cuts, st[k], snap - 1)
        if c is None or c == st[k]:
            continue
        # Netflix timing guidelines: speech 8-11 frames before a cut (the "green zone") starts
        # 12 frames before it; closer before it, or up to 11 frames after, starts on it
        target = c - snap if GREEN <= c - st[k] < snap else c
        if target == st[k]:
            continue
        if k and target < en[k - 1] + gap:
            # trim the event before to end `gap` before; it must keep its minimum duration,
            # unless it cannot have it with the in-cue where it is either
            if target - gap - st[k - 1] >= least or st[k] - gap - st[k - 1] < least:
                en[k - 1] = max(target - gap, st[k - 1] + 1)
            else:
                continue
        if target < en[k]:
            st[k] = max(target, 0)
    # 2. durations: the need (min duration, reading speed) into the following gap; the in-cue
    #    moves earlier by IN_SLACK frames at most, never near a cut
    for k in range(n):
        en[k] = min(max(en[k], st[k] + min(need[k], maxd)), max(limit(k), st[k] + 1))
        if en[k] - st[k] < need[k] and st[k] not in cuts:
            floor_ = en[k - 1] + gap if k else 0
            new = max(min(st[k], en[k] - need[k]), st[k] - lead, floor_, 0)
            if not any(new - snap < c < st[k] + snap for c in cuts):
                st[k] = min(st[k], new)
        if en[k] - st[k] < need[k] and k + 1 < n and lag:
            _delay_next(k, st, en, need, cuts, lag, gap, snap)
        en[k] = min(en[k], st[k] + maxd)
    # 3. out-cues near a shot change: `pre` frames before it, or `snap` frames into the next shot
    for k in range(n):
        for c in cuts:
            if not (c > st[k] and c - snap < en[k] < c + snap and en[k] != c - pre):
                continue
            before, after = c - pre, c + snap
            if before - st[k] >= need[k] and before <= limit(k):
                en[k] = before
            elif after <= limit(k) and after - st[k] <= maxd:
                en[k] = after
            elif least <= before - st[k] and before <= limit(k):
                en[k] = before
            break
    # 4. gaps: at least `gap` frames; gaps up to `close` frames closed to `gap`, unless a cut
    #    lies in the gap (then the out-cue goes to `pre` frames before that cut)
    for k in range(n - 1):
        g = st[k + 1] - en[k]
        if g < gap:
            en[k] = max(st[k + 1] - gap, st[k] + 1)
            continue
        inside = [c for c in cuts if en[k] < c <= st[k + 1]]
        if inside:
            target = inside[0] - pre
            if en[k] < target <= st[k + 1] - gap and target - st[k] <= maxd:
                en[k] = target
        elif g <= close and st[k + 1] - gap - st[k] <= maxd:
            en[k] = st[k + 1] - gap
    for k, e in enumerate(events):
        e.start, e.end = frames_to_ms(st[k], rate), frames_to_ms(en[k], rate)
    return events
