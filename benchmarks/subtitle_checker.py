"""An independent subtitle checker, written from the style guides, not from imagia's builder.

It reads SRT itself and never imports ``imagia.speech.subtitles``. Given the truth of a test
sample (sentence starts/ends and speakers, shot changes in frames, the frame rate, the language),
it says for every event which delivery rules it breaks. Rules and their sources:

- ``chars_per_line``: at most 42 characters per line. Netflix Timed Text Style Guide (TTSG),
  English and French guides, "Character Limitation".
- ``max_lines``: at most 2 lines. Netflix TTSG General Requirements, "Line Treatment".
- ``reading_speed``: characters (spaces and punctuation included, line breaks not) per second
  of the event at most 20 for adult English, 17 for adult French. Netflix English / French
  guides, "Reading Speed Limits"; BBC Subtitle Guidelines give 160-180 wpm (about the same).
- ``min_duration``: at least 5/6 s (20 frames at 24 fps). Netflix TTSG General, "Duration".
- ``max_duration``: at most 7 s. Netflix TTSG General, "Duration".
- ``min_gap``: at least 2 frames between events, whatever the frame rate. Netflix TTSG General,
  "Frame Gap".
- ``in_cue``: an in-cue within 2 frames of the speech it carries (Netflix Supplementals guide,
  "Timing to Audio": within 3 frames of the audio; BBC: subtitles appear with the speech), except
  when snapped to a shot change within 12 frames of the onset (Netflix "Subtitle Timing
  Guidelines": an onset 7 frames or less before, or up to 12 frames after, a shot change moves the
  in-cue to the shot change; an onset 8-11 frames before moves it to 12 frames before).
- ``in_cue_near_cut``: an in-cue 1-11 frames from a shot change and not on it (Netflix timing
  guidelines: avoid in-cues that flash just before or just after a cut).
- ``out_cue_cut``: an out-cue that ends in the 12 frames around a shot change must end exactly
  2 frames before it; from 12 frames after the cut it is fine (Netflix timing guidelines: out-cues
  2 frames before the shot change, or at least 12 frames into the next shot; BBC: "do not hang a
  subtitle over a shot change" by a few frames).
- ``dialogue_dash``: two speakers in one event: one speaker per line, each line opened by a
  dash; English ``-`` without a space (Netflix English guide, "Dual Speakers": "-Are you
  coming?"), French ``- `` with a space (Netflix French guide, "Continuity" / "Dialogue"
  examples: "- Mais j'allais te dire..."). A dash used with one speaker is also wrong.
- ``casing``: an event starts with a capital letter unless it continues a sentence the previous
  event left open (no final punctuation); English "I" is a capital (Netflix English guide).
- ``numbers``: English: one to ten written in words (Netflix English guide, "Numbers"). French:
  one to nine written in words (Netflix French guide, "Nombres"; our reading of it).
- ``final_punctuation``: the event that ends a sentence ends with . ? ! or … (the guides'
  punctuation rules: sentences keep their punctuation).

Truth file (JSON): ``{"language": "en", "rate": "25", "cuts": [frames...], "sentences":
[{"start": s, "end": s, "speaker": "A", "text": "..."}]}``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

MAX_CPS = {"en": 20.0, "fr": 17.0}
MAX_CHARS = 42
MAX_LINES = 2
MIN_GAP = 2
IN_TOLERANCE = 2  # frames between the speech onset and the in-cue
SNAP = 12
OUT_BEFORE = 2
DASH = {"en": "-", "fr": "- "}
SMALL = {"en": range(0, 11), "fr": range(1, 10)}
_TIME = re.compile(r"(\d+):(\d\d):(\d\d)[,.](\d{1,3})")
_TAG = re.compile(r"<[^>]+>|\{[^}]*\}")


@dataclass
class Cue:
    index: int
    start_ms: int
    end_ms: int
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class Result:
    events: int
    bad: dict[int, list[str]] = field(default_factory=dict)  # 1-based event -> rules broken
    in_errors: list[int] = field(default_factory=list)  # frames, in-cue minus speech onset

    @property
    def ok(self) -> int:
        return self.events - len(self.bad)

    @property
    def share(self) -> float:
        return self.ok / self.events if self.events else 1.0

    def by_rule(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for rules in self.bad.values():
            for r in rules:
                out[r] = out.get(r, 0) + 1
        return dict(sorted(out.items()))


def _ms(m: re.Match[str]) -> int:
    h, mi, s, frac = m.groups()
    return ((int(h) * 60 + int(mi)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0"))


def read_srt(text: str) -> list[Cue]:
    """Cues of an SRT text (blocks: number, ``start --> end``, lines)."""
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip("\ufeff\n ")):
        rows = block.strip("\n").split("\n")
        k = next((i for i, r in enumerate(rows) if "-->" in r), None)
        if k is None:
            continue
        times = list(_TIME.finditer(rows[k]))
        if len(times) != 2:
            continue
        body = "\n".join(_TAG.sub("", r).strip() for r in rows[k + 1 :] if r.strip())
        cues.append(Cue(len(cues) + 1, _ms(times[0]), _ms(times[1]), body))
    return cues


def frames(ms: int, rate: Fraction) -> int:
    """The frame a time in ms falls on (nearest, as editors display)."""
    return round(Fraction(ms, 1000) * rate)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.findall(r"[\w']+", text)


def _onset_event(cues: list[Cue], onset_ms: int, first: str) -> int | None:
    """The event carrying a sentence's first word: the one whose in-cue is nearest the onset
    among those within 1.5 s starting with that word, else the nearest within 1.5 s; -1 when
    the sentence is the second line of a dialogue event on screen at its onset."""
    for c in cues:  # the second line of a dialogue event shows with the first (Netflix)
        lines = c.lines
        if (
            c.start_ms <= onset_ms <= c.end_ms
            and len(lines) == 2
            and all(x.startswith("-") for x in lines)
            and (_words(lines[1]) or [""])[0] == first
        ):
            return -1
    near = [c for c in cues if abs(c.start_ms - onset_ms) <= 1500]
    if not near:
        return None
    same = [c for c in near if (_words(c.text) or [""])[0] == first]
    pool = same or near
    return min(pool, key=lambda c: abs(c.start_ms - onset_ms)).index - 1


def _dash_style_ok(lines: list[str], lang: str) -> bool:
    """Two lines, each opened by the language's dash (``-X`` in English, ``- X`` in French)."""
    if len(lines) != 2:
        return False
    if lang == "en":
        return all(x.startswith("-") and not x.startswith("- ") for x in lines)
    return all(x.startswith("- ") and not x.startswith("-  ") for x in lines)


def _in_cue_ok(st: int, onset: int, cuts: list[int]) -> bool:
    if abs(st - onset) <= IN_TOLERANCE:
        return True
    for c in cuts:
        if st == c and -SNAP <= onset - c <= SNAP:
            return True
        if st == c - SNAP and 8 <= c - onset <= 11:
            return True
    return False


def check(srt_text: str, truth: dict[str, Any]) -> Result:
    """Rules broken by each event of ``srt_text`` against the sample's ``truth``."""
    lang = "fr" if str(truth.get("language", "en")).startswith("fr") else "en"
    rate = Fraction(str(truth.get("rate", "25")))
    cuts = sorted(int(c) for c in truth.get("cuts", []))
    sentences = truth.get("sentences", [])
    cues = read_srt(srt_text)
    res = Result(len(cues))
    min_dur = -(-rate * 5 // 6)  # ceil(5/6 s in frames)
    max_dur = int(rate * 7)

    def flag(k: int, rule: str) -> None:
        rules = res.bad.setdefault(k + 1, [])
        if rule not in rules:
            rules.append(rule)

    for k, c in enumerate(cues):
        st, en = frames(c.start_ms, rate), frames(c.end_ms, rate)
        lines = c.lines
        if len(lines) > MAX_LINES:
            flag(k, "max_lines")
        if any(len(x) > MAX_CHARS for x in lines):
            flag(k, "chars_per_line")
        dur = en - st
        chars = len(c.text.replace("\n", ""))
        if dur <= 0 or chars * rate / dur > Fraction(str(MAX_CPS[lang])):
            flag(k, "reading_speed")
        if dur < min_dur:
            flag(k, "min_duration")
        if dur > max_dur:
            flag(k, "max_duration")
        if k + 1 < len(cues) and frames(cues[k + 1].start_ms, rate) - en < MIN_GAP:
            flag(k, "min_gap")
        for cut in cuts:
            if 0 < abs(st - cut) < SNAP and st != cut - SNAP:
                flag(k, "in_cue_near_cut")
            if st < cut and cut - SNAP < en < cut + SNAP and en != cut - OUT_BEFORE:
                flag(k, "out_cue_cut")
        # text style
        dashed = [x.startswith("-") for x in lines]
        if any(dashed) and not _dash_style_ok(lines, lang):
            flag(k, "dialogue_dash")
        prev_open = k > 0 and not cues[k - 1].text.rstrip().endswith((".", "?", "!", "…"))
        starts = [x.lstrip("- ").lstrip("-") for x in lines] if any(dashed) else [c.text]
        for s in starts:
            letter = next((ch for ch in s if ch.isalpha()), "")
            if letter and letter.islower() and not (prev_open and not any(dashed)):
                flag(k, "casing")
        if lang == "en" and re.search(r"\bi\b", c.text):
            flag(k, "casing")
        for m in re.finditer(r"(?<![\d:.,])\b(\d+)\b(?![\d:.,%]\d)", c.text):
            if int(m.group(1)) in SMALL[lang]:
                flag(k, "numbers")
    # speech truth: in-cues vs onsets, speakers per event, sentence ends
    spans = [
        (round(float(s["start"]) * 1000), round(float(s["end"]) * 1000), s.get("speaker"))
        for s in sentences
    ]
    for s, (a, _b, _spk) in zip(sentences, spans, strict=True):
        first = (_words(str(s.get("text", ""))) or [""])[0]
        at = _onset_event(cues, a, first)
        if at is None or at < 0:
            continue
        err = frames(cues[at].start_ms, rate) - frames(a, rate)
        res.in_errors.append(err)
        if not _in_cue_ok(frames(cues[at].start_ms, rate), frames(a, rate), cuts):
            flag(at, "in_cue")
    for k, c in enumerate(cues):
        who = {
            spk
            for a, b, spk in spans
            if min(b, c.end_ms) - max(a, c.start_ms) >= 250  # speech heard under the event
        }
        two = len(c.lines) == 2 and all(x.startswith("-") for x in c.lines)
        if len(who) >= 2 and not two:
            flag(k, "dialogue_dash")
        if len(who) == 1 and two:
            flag(k, "dialogue_dash")
    # the last event that starts before a sentence's speech ends closes that sentence
    for _a, b, _spk in spans:
        before = [k for k, c in enumerate(cues) if c.start_ms < b]
        if before and not cues[before[-1]].text.rstrip().endswith((".", "?", "!", "…")):
            flag(before[-1], "final_punctuation")
    return res


def check_files(srt: Path, truth: Path) -> Result:
    return check(srt.read_text(encoding="utf-8-sig"), json.loads(truth.read_text("utf-8")))


def percentile(values: list[int], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return float(v[min(len(v) - 1, round(q * (len(v) - 1)))])


if __name__ == "__main__":  # python -m benchmarks.subtitle_checker FILE.srt TRUTH.json
    import sys

    r = check_files(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{r.ok}/{r.events} events comply ({r.share:.0%}); broken: {r.by_rule()}")
    for n, rules in sorted(r.bad.items()):
        print(f"  #{n}: {', '.join(rules)}")
