"""Text to speech with the voices this machine has: SVOX Pico, MBROLA and espeak-ng.

A registry of voices (engine, language, FR/EN label, naturalness rank with its reason), one
function :func:`say` that speaks a text at a rate in words per minute with pauses written
``<break time="500ms"/>`` or ``[pause 0.5s]``, and returns 48 kHz mono float audio. A voice whose
engine or data is missing raises :class:`MissingDependency` naming the Debian package. No voice
cloning: no model that could clone a voice ships with imagia.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue, ImagiaError, MissingDependency, NotFound

RATE = 48000
MIN_WPM, MAX_WPM = 80.0, 400.0
MAX_PAUSE = 10.0  # seconds: a longer pause is refused (a typo, not a pause)
MAX_CHARS = 20000  # one call; batch longer texts line by line
PICO_LANG = Path("/usr/share/pico/lang")
MBROLA_DIR = Path("/usr/share/mbrola")


@dataclass(frozen=True)
class Voice:
    """One voice. ``rank``: 1 is the most natural of its language here (``reason`` says why);
    ``base_wpm``: the words per minute it speaks at the engine's default speed (measured on a
    27-word sentence, silences trimmed); ``package``: the Debian package(s) that bring it."""

    id: str
    engine: str  # pico, mbrola, espeak-ng
    language: str  # fr, en, de, es, it
    locale: str  # the engine's voice name (fr-FR, en-GB, mb-fr1, en-us...)
    label_en: str
    label_fr: str
    rank: int
    reason_en: str
    reason_fr: str
    package: str
    base_wpm: float

    def label(self, lang: str = "en") -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "engine": self.engine,
            "language": self.language,
            "label_en": self.label_en,
            "label_fr": self.label_fr,
            "rank": self.rank,
            "reason_en": self.reason_en,
            "reason_fr": self.reason_fr,
            "package": self.package,
            "available": missing(self) is None,
        }


_PICO_WHY = (
    "statistical parametric voice (SVOX Pico): smooth, steady prosody, the most natural here",
    "voix paramétrique statistique (SVOX Pico) : prosodie lisse et régulière, la plus "
    "naturelle ici",
)
_MBROLA_WHY = (
    "diphone voice (MBROLA): a human timbre, but flat prosody and audible joins",
    "voix par diphones (MBROLA) : timbre humain, mais prosodie plate et raccords audibles",
)
_ESPEAK_WHY = (
    "formant synthesis (espeak-ng): always intelligible, clearly robotic",
    "synthèse par formants (espeak-ng) : toujours intelligible, nettement robotique",
)
_LANG_NAMES = {
    "fr": ("French", "français"),
    "en": ("English", "anglais"),
    "de": ("German", "allemand"),
    "es": ("Spanish", "espagnol"),
    "it": ("Italian", "italien"),
}


def _voice(vid: str, engine: str, lang: str, locale: str, variant: str, rank: int) -> Voice:
    en, fr = _LANG_NAMES[lang]
    why = {"pico": _PICO_WHY, "mbrola": _MBROLA_WHY, "espeak-ng": _ESPEAK_WHY}[engine]
    package = {
        "pico": "libttspico-utils",
        "mbrola": f"mbrola mbrola-{locale.removeprefix('mb-')}",
        "espeak-ng": "espeak-ng",
    }[engine]
    base = {"pico": 190.0, "mbrola": 190.0, "espeak-ng": 220.0}[engine]
    return Voice(
        vid,
        engine,
        lang,
        locale,
        f"{en}{variant} — {engine}",
        f"{fr}{variant} — {engine}",
        rank,
        why[0],
        why[1],
        package,
        base,
    )


VOICES: dict[str, Voice] = {
    v.id: v
    for v in (
        _voice("pico-fr", "pico", "fr", "fr-FR", "", 1),
        _voice("pico-en-gb", "pico", "en", "en-GB", " (UK)", 1),
        _voice("pico-en-us", "pico", "en", "en-US", " (US)", 1),
        _voice("pico-de", "pico", "de", "de-DE", "", 1),
        _voice("pico-es", "pico", "es", "es-ES", "", 1),
        _voice("pico-it", "pico", "it", "it-IT", "", 1),
        _voice("mbrola-fr1", "mbrola", "fr", "mb-fr1", " (male 1)", 2),
        _voice("mbrola-fr4", "mbrola", "fr", "mb-fr4", " (female 4)", 2),
        _voice("mbrola-us1", "mbrola", "en", "mb-us1", " (US, female)", 2),
        _voice("mbrola-us2", "mbrola", "en", "mb-us2", " (US, male)", 2),
        _voice("mbrola-en1", "mbrola", "en", "mb-en1", " (UK, male)", 2),
        _voice("espeak-fr", "espeak-ng", "fr", "fr", "", 3),
        _voice("espeak-en-gb", "espeak-ng", "en", "en-gb", " (UK)", 3),
        _voice("espeak-en-us", "espeak-ng", "en", "en-us", " (US)", 3),
        _voice("espeak-de", "espeak-ng", "de", "de", "", 3),
        _voice("espeak-es", "espeak-ng", "es", "es", "", 3),
        _voice("espeak-it", "espeak-ng", "it", "it", "", 3),
    )
}
LANGUAGES = tuple(_LANG_NAMES)
# What ``--voice`` takes: a language (its most natural voice here) or a voice id.
CHOICES = (*LANGUAGES, *VOICES)


def missing(v: Voice) -> str | None:
    """What this machine lacks to speak with ``v`` (None when it can)."""
    if v.engine == "pico":
        if shutil.which("pico2wave") is None:
            return "pico2wave is not installed"
        if PICO_LANG.is_dir() and not any(PICO_LANG.glob(f"{v.locale}_*")):
            return f"the Pico {v.locale} voice data is not installed"
        return None
    if shutil.which("espeak-ng") is None:
        return "espeak-ng is not installed"
    if v.engine == "mbrola":
        name = v.locale.removeprefix("mb-")
        if shutil.which("mbrola") is None:
            return "mbrola is not installed"
        if not (MBROLA_DIR / name).exists():
            return f"the MBROLA voice {name} is not installed"
    return None


def require(v: Voice) -> None:
    """Refuse a voice this machine cannot speak with, naming the Debian package to install."""
    why = missing(v)
    if why:
        raise MissingDependency(
            f"voice {v.id}: {why}", hint=f"install it with: sudo apt install {v.package}"
        )


def voices(language: str | None = None) -> list[Voice]:
    """The voices of ``language`` (all when None), most natural first."""
    out = [v for v in VOICES.values() if language in (None, v.language)]
    return sorted(out, key=lambda v: (v.rank, v.id))


def pick(name: str) -> Voice:
    """A voice id, or a language for its most natural voice installed here."""
    name = (name or "").strip().lower()
    if name in VOICES:
        require(VOICES[name])
        return VOICES[name]
    if name in LANGUAGES:
        ranked = voices(name)
        for v in ranked:
            if missing(v) is None:
                return v
        require(ranked[0])
    raise NotFound("voice", name, CHOICES)


# --- text with pauses -------------------------------------------------------------------------

_BREAK = re.compile(
    r"<break\b(?P<attrs>[^>]*)>|\[pause(?:\s+(?P<t>[\d.]+)\s*(?P<u>ms|s)?)?\s*\]", re.I
)
_TIME = re.compile(r"time\s*=\s*[\"']?\s*(?P<t>[\d.]+)\s*(?P<u>ms|s)?", re.I)
DEFAULT_PAUSE = 0.5


def parse(text: str) -> list[tuple[str, float]]:
    """``text`` as ``(words, pause after in seconds)`` pieces."""
    pieces: list[tuple[str, float]] = []
    pos = 0
    for m in _BREAK.finditer(text):
        if m["attrs"] is not None:
            tm = _TIME.search(m["attrs"])
            t, unit = (tm["t"], tm["u"]) if tm else (None, None)
        else:
            t, unit = m["t"], m["u"]
        try:
            sec = DEFAULT_PAUSE if t is None else float(t) / (1000.0 if unit == "ms" else 1.0)
        except ValueError:
            raise BadValue("pause", m.group(0), reason='write <break time="500ms"/>') from None
        if not 0 <= sec <= MAX_PAUSE:
            raise BadValue("pause", m.group(0), reason=f"between 0 and {MAX_PAUSE:g} s")
        pieces.append((_clean(text[pos : m.start()]), sec))
        pos = m.end()
    pieces.append((_clean(text[pos:]), 0.0))
    return pieces


def _clean(text: str) -> str:
    """Words only: other markup (``<emphasis>``...) is dropped, not spoken."""
    return " ".join(re.sub(r"[<>]", " ", re.sub(r"<[^<>]*>", " ", text)).split())


def count_words(text: str) -> int:
    """Words as a describer counts them (pause marks left out)."""
    return sum(len(t.split()) for t, _ in parse(text))


# --- synthesis --------------------------------------------------------------------------------


@dataclass
class Speech:
    """Spoken audio: 48 kHz mono float32 ``audio``; ``wpm`` the rate asked (None: the
    voice's own)."""

    audio: Any
    voice: Voice
    words: int
    wpm: float | None

    @property
    def seconds(self) -> float:
        return len(self.audio) / RATE


def say(text: str, voice: Voice | str = "en", rate: float | None = None) -> Speech:
    """Speak ``text`` with ``voice`` at ``rate`` words per minute (None: the voice's own),
    pauses as written; silence before the first and after the last word is trimmed."""
    import numpy as np

    v = voice if isinstance(voice, Voice) else pick(voice)
    require(v)
    if rate is not None and not MIN_WPM <= rate <= MAX_WPM:
        raise BadValue("rate", rate, reason=f"words per minute between {MIN_WPM:g} and {MAX_WPM:g}")
    if len(text) > MAX_CHARS:
        raise BadValue("text", f"{len(text)} characters", reason=f"at most {MAX_CHARS} at once")
    pieces = parse(text)
    words = sum(len(t.split()) for t, _ in pieces)
    if words == 0:
        raise BadValue("text", text[:40], reason="nothing to say (no words)")
    voiced = [trim(_engine(v, t, rate)) for t, _ in pieces if t]
    if rate is not None:
        # the engines' speed settings are nominal: measure, then speak once more corrected
        actual = words * 60.0 * RATE / max(sum(len(a) for a in voiced), 1)
        if abs(actual / rate - 1) > 0.03:
            engine_rate = max(min(rate * rate / actual, 2.5 * MAX_WPM), MIN_WPM / 2)
            voiced = [trim(_engine(v, t, engine_rate)) for t, _ in pieces if t]
    parts: list[Any] = []
    k = 0
    for words_text, pause in pieces:
        if words_text:
            parts.append(voiced[k])
            k += 1
        if pause:
            parts.append(np.zeros(round(pause * RATE), np.float32))
    return Speech(np.concatenate(parts).astype(np.float32), v, words, rate)


def _engine(v: Voice, text: str, wpm: float | None) -> Any:
    with tempfile.TemporaryDirectory(prefix="imagia-tts-") as tmp:
        out = Path(tmp) / "say.wav"
        if v.engine == "pico":
            level = min(max(round(100 * (wpm or v.base_wpm) / v.base_wpm), 20), 500)
            body = f"<speed level='{level}'>{text}</speed>" if wpm else text
            cmd = ["pico2wave", "-l", v.locale, "-w", str(out), body]
        else:
            speed = min(max(round(175 * (wpm or v.base_wpm) / v.base_wpm), 80), 500)
            cmd = ["espeak-ng", "-v", v.locale, "-s", str(speed), "-w", str(out), text]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
            err = (proc.stderr or proc.stdout).strip().splitlines()
            raise ImagiaError(
                f"voice {v.id}: {v.engine} failed ({(err or ['no sound written'])[-1][:200]})",
                hint=f"check the installation: sudo apt install --reinstall {v.package}",
            )
        return read_48k(out)


def read_48k(path: Path) -> Any:
    """A sound file as mono float32 at 48 kHz (ffmpeg decodes and resamples)."""
    import numpy as np

    from imagia.media.probe import ffmpeg_exe

    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-ac",
            "1",
            "-ar",
            str(RATE),
            "-f",
            "f32le",
            "-",
        ],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise ImagiaError(f"{path}: ffmpeg could not read the voice's sound")
    return np.frombuffer(proc.stdout, dtype="<f4").astype(np.float32)


def trim(x: Any, threshold: float = 0.003, keep: float = 0.01) -> Any:
    """Cut the silence (under ``threshold``, about -50 dBFS) before and after the voice,
    keeping ``keep`` seconds each side."""
    import numpy as np

    loud = np.flatnonzero(np.abs(x) > threshold)
    if not len(loud):
        return x[:0]
    k = int(keep * RATE)
    return x[max(loud[0] - k, 0) : loud[-1] + k + 1]


def write_wav(path: Path, speech: Speech) -> Path:
    """Write ``speech`` as a 48 kHz mono 24-bit WAV, atomically."""
    import numpy as np
    import soundfile as sf

    from imagia.core.provenance import atomic_write

    with atomic_write(path, "wb") as fh:
        sf.write(fh, np.clip(speech.audio, -1.0, 1.0), RATE, subtype="PCM_24", format="WAV")
    return path
