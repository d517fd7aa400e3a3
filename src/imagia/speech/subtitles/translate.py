"""Translate subtitles with a local LLM, keep the timing, re-fit each event to the target
profile (line length, reading speed), condense when needed, and flag what still does not fit.

No dedicated translation model ships in a package (MODELS.md), so the engine is a small
instruction LLM run by llama.cpp (Qwen2.5-Coder-Instruct 1.5B or 0.5B, GGUF from packages).
Quality is measured with chrF on a bilingual set in the benchmark; read docs/speech.md before
trusting it: these are drafts for a translator, not a delivery.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

from imagia.core.errors import BadValue
from imagia.speech.subtitles import profiles as profmod
from imagia.speech.subtitles.linebreak import wrap
from imagia.speech.subtitles.model import SubtitleFile
from imagia.speech.subtitles.segment import retime

LANGS = {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian"}
MODELS = {"qwen-1.5b": "qwen2.5-coder-1.5b", "qwen-0.5b": "qwen2.5-coder-0.5b"}


class Engine(Protocol):
    def complete(self, system: str, user: str, max_tokens: int) -> str: ...


@dataclass(frozen=True)
class TranslateOptions:
    target: str
    source: str | None = None  # default: the file's language
    model: str = "auto"  # the best local model installed, or the configured endpoint
    profile: str | None = None  # target profile; default netflix-<target> (netflix-fr for fr)
    condense: bool = True


@dataclass
class TranslateResult:
    file: SubtitleFile
    flagged: list[int] = field(default_factory=list)  # 1-based events that do not fit
    condensed: list[int] = field(default_factory=list)
    model: dict[str, Any] = field(default_factory=dict)


class LlamaEngine:
    """The shared language model (imagia.core.llm: local llama.cpp or a configured endpoint)
    behind this module's system/user protocol; deterministic (temperature 0)."""

    def __init__(self, model: str = "auto") -> None:
        from imagia.core import llm

        if model not in MODELS and model != "auto":
            raise BadValue("translation model", model, ", ".join(["auto", *MODELS]))
        self.engine = llm.engine(llm.settings(model=model, temperature=0.0))

    def complete(self, system: str, user: str, max_tokens: int) -> str:
        from imagia.core import llm

        msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        return llm.complete(self.engine, msgs, max_tokens=max_tokens).text

    def provenance(self) -> dict[str, Any]:
        return self.engine.provenance()


def engine(model: str = "auto") -> LlamaEngine:
    return LlamaEngine(model)


def _clean(answer: str) -> str:
    text = answer.strip().split("\n")[0].strip()
    for _ in range(2):
        if len(text) >= 2 and text[0] in "\"'«“" and text[-1] in "\"'»”":
            text = text[1:-1].strip()
        text = re.sub(r"^(translation|traduction|subtitle|sous-titre)\s*:\s*", "", text, flags=re.I)
    return text


def translate_text(eng: Engine, text: str, source: str, target: str) -> str:
    system = (
        f"You translate film and TV subtitles from {LANGS[source]} to {LANGS[target]}. "
        f"Answer with the {LANGS[target]} translation only, on one line: no quotes, no "
        "notes, no explanations."
    )
    return _clean(eng.complete(system, text, max_tokens=24 + 3 * len(text.split()) * 2))


def condense_text(eng: Engine, text: str, target: str, limit: int) -> str:
    system = (
        f"You edit {LANGS[target]} subtitles. Shorten the subtitle to at most {limit} "
        "characters, keeping its meaning and its language. Answer with the shortened "
        "subtitle only."
    )
    return _clean(eng.complete(system, text, max_tokens=24 + len(text.split()) * 3))


def _room(sf: SubtitleFile, k: int, profile: profmod.Profile, rate: Fraction) -> int:
    """Characters event ``k`` can hold: its time (grown into the following gap, up to the
    maximum duration) at the profile's reading speed, and the lines' capacity."""
    e = sf.events[k]
    gap_ms = math.ceil(profile.min_gap_frames * 1000 / rate)
    end = sf.events[k + 1].start - gap_ms if k + 1 < len(sf.events) else e.end + 10**6
    span = min(max(end, e.end) - e.start, profile.max_duration_ms)
    return min(int(span / 1000 * profile.max_cps), profile.max_lines * profile.max_chars_per_line)


def translate_file(
    sf: SubtitleFile,
    options: TranslateOptions,
    rate: Fraction,
    eng: Engine | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> TranslateResult:
    """A translated copy of ``sf`` with the same timing, re-fitted to the target profile."""
    target = options.target
    source = options.source or (sf.language or "")[:2]
    if target not in LANGS:
        raise BadValue("target language", target, LANGS)
    if source not in LANGS:
        raise BadValue(
            "source language",
            source or "(unknown)",
            LANGS,
            reason="the file does not say its language; pass --from",
        )
    if source == target:
        raise BadValue(
            "target language",
            target,
            [x for x in LANGS if x != source],
            reason="same as the source",
        )
    pid = options.profile or ("netflix-en" if target == "en" else "netflix-fr")
    profile = profmod.get(pid)
    eng = eng or engine(options.model)
    out = sf.copy()
    out.language = target
    result = TranslateResult(out)
    n = len(out.events)
    for k, e in enumerate(out.events):
        line = " ".join(e.text.split())
        text = translate_text(eng, line, source, target) if line else ""
        limit = _room(out, k, profile, rate)
        if options.condense and len(text) > limit:
            shorter = condense_text(eng, text, target, limit)
            if shorter and len(shorter) < len(text):
                text = shorter
                result.condensed.append(k + 1)
        lines = wrap(text.split(), profile.max_chars_per_line, profile.max_lines, target)
        e.text = "\n".join(lines[0]) if lines else text
        if len(text) > limit or lines is None:
            result.flagged.append(k + 1)
            e.meta["needs_person"] = "translation does not fit the profile"
        if progress:
            progress((k + 1) / n, f"translated {k + 1}/{n}")
    retime(out.events, profile, rate)
    if isinstance(eng, LlamaEngine):
        result.model = eng.provenance()
    return result


def chrf(hypothesis: str, reference: str, n: int = 6, beta: float = 2.0) -> float:
    """chrF (Popović 2015): character n-gram F-score, n = 1..6, beta 2, spaces removed; 0-100."""

    def grams(text: str, k: int) -> dict[str, int]:
        t = re.sub(r"\s+", "", text)
        out: dict[str, int] = {}
        for i in range(len(t) - k + 1):
            out[t[i : i + k]] = out.get(t[i : i + k], 0) + 1
        return out

    precisions, recalls = [], []
    for k in range(1, n + 1):
        h, r = grams(hypothesis, k), grams(reference, k)
        if not h or not r:
            continue
        hit = sum(min(c, r.get(g, 0)) for g, c in h.items())
        precisions.append(hit / sum(h.values()))
        recalls.append(hit / sum(r.values()))
    if not precisions:
        return 0.0
    prec, rec = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if prec + rec == 0:
        return 0.0
    b2 = beta * beta
    return 100 * (1 + b2) * prec * rec / (b2 * prec + rec)


def corpus_chrf(hyps: Sequence[str], refs: Sequence[str]) -> float:
    return sum(chrf(h, r) for h, r in zip(hyps, refs, strict=True)) / max(len(hyps), 1)
