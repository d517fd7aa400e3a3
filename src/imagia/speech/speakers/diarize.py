"""Who speaks when: voice activity, speaker embeddings on sliding windows, clustering, turns.

1. Speech regions by the Silero VAD (:func:`imagia.speech.vad.speech_regions`), the media read
   in 10-minute pieces so memory stays bounded whatever its length.
2. An embedding (:mod:`.encoder`) for each ``window_s`` window every ``hop_s`` inside each
   region (a region shorter than a window is one window).
3. Agglomerative clustering of the windows, average linkage on cosine distance, stopped at
   ``threshold`` — or cut at ``speakers`` clusters when the user knows how many there are —
   then two passes that move each window to its closest speaker centroid; a speaker with under
   ``min_speaker_s`` of speech is merged into the closest one (automatic mode only).
4. Each 50 ms step of speech takes the speaker whose centroid the windows covering it match
   best; turns shorter than ``min_turn_s`` inside a region join a neighbour.
5. Overlap: one speaker per instant. Overlapped speech goes to the closest voice; stretches
   where two speakers match almost equally (a change or an overlap) are listed as uncertain.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.speech.speakers import encoder
from imagia.speech.speakers.model import Speaker, SpeakerResult, SpeakerTurn

SR = encoder.SAMPLE_RATE
STEP = 0.05  # seconds: the time grid of the labels
UNCERTAIN_MARGIN = 0.03  # mean cosine similarity gap under which two voices are "as close"
TEMPERATURE = 0.05  # softmax temperature turning similarities into a turn's confidence
PITCH_PIECE = 30.0  # seconds of audio YIN measures at once (about 17 MB)
MAX_LINKAGE = 2000  # windows clustered at once; more are assigned to the centroids found
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class SpeakerOptions:
    """``speakers``: the number of speakers when known (else found with ``threshold``, the
    cosine distance at which clustering stops: lower finds more speakers)."""

    speakers: int | None = None
    threshold: float = 0.4
    window_s: float = 1.5
    hop_s: float = 0.75
    min_turn_s: float = 0.5
    min_speaker_s: float = 2.0
    sample_s: float = 5.0
    max_speakers: int = 20
    vad_pad_ms: int = 100

    def check(self) -> None:
        if self.speakers is not None and not 1 <= self.speakers <= self.max_speakers:
            raise BadValue(
                "speakers", str(self.speakers), reason=f"between 1 and {self.max_speakers}"
            )
        if not 0.0 < self.threshold < 2.0:
            raise BadValue("threshold", str(self.threshold), reason="a cosine distance in (0, 2)")
        if not 0.5 <= self.window_s <= 5.0:
            raise BadValue("window_s", str(self.window_s), reason="between 0.5 and 5 s")
        if not 0.1 <= self.hop_s <= self.window_s:
            raise BadValue("hop_s", str(self.hop_s), reason="between 0.1 s and the window")
        if self.min_turn_s < 0 or self.min_speaker_s < 0:
            raise BadValue("min_turn_s", str(self.min_turn_s), reason="must be >= 0")


@dataclass
class _Windows:
    starts: list[float]
    ends: list[float]
    embeds: list[Any]


def windows_of(a: float, b: float, window: float, hop: float) -> list[tuple[float, float]]:
    """``window``-long spans every ``hop`` covering ``[a, b]``, the last one ending at ``b``."""
    if b - a <= window:
        return [(a, b)]
    out = []
    s = a
    while s + window <= b + 1e-9:
        out.append((s, s + window))
        s += hop
    if out[-1][1] < b - 1e-6:
        out.append((b - window, b))
    return out


def _embed_region_windows(audio: Any, spans: list[tuple[float, float]], offset: float) -> Any:
    """Embeddings of ``spans`` (absolute seconds) of ``audio`` (which starts at ``offset``),
    batched by length."""
    import numpy as np

    mels = []
    for a, b in spans:
        seg = audio[round((a - offset) * SR) : round((b - offset) * SR)]
        mels.append(encoder.mel_spectrogram(encoder.normalise_volume(seg)))
    out = np.zeros((len(spans), 256), dtype=np.float32)
    by_len: dict[int, list[int]] = {}
    for i, m in enumerate(mels):
        by_len.setdefault(len(m), []).append(i)
    for n, idx in by_len.items():
        if n == 0:
            continue
        out[idx] = encoder.embed_mels(np.stack([mels[i] for i in idx]))
    return out


def _pitch(audio: Any, a: float, b: float, offset: float) -> tuple[Any, Any]:
    """Times (absolute s) and F0 (Hz, NaN unvoiced) of the YIN frames of ``[a, b]``, measured
    in pieces of at most :data:`PITCH_PIECE` seconds (YIN holds every frame of its input)."""
    import numpy as np

    from imagia.speech.voice import VoiceOptions, yin

    o = VoiceOptions()
    times, values = [], []
    for s in np.arange(a, b, PITCH_PIECE):
        e = min(b, s + PITCH_PIECE)
        f0 = yin(audio[round((s - offset) * SR) : round((e - offset) * SR)], SR, o)
        times.append(s + np.arange(len(f0)) * o.hop_s + (o.window_s + 1.0 / o.fmin) / 2)
        values.append(f0)
    return np.concatenate(times), np.concatenate(values)


def _cluster(emb: Any, weights: Any, o: SpeakerOptions) -> Any:
    """A speaker index per window (``weights``: each window's length in seconds)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(emb)
    if n == 1 or o.speakers == 1:
        return np.zeros(n, dtype=int)
    pick = np.unique(np.linspace(0, n - 1, min(n, MAX_LINKAGE)).round().astype(int))
    z = linkage(emb[pick], method="average", metric="cosine")
    want = min(o.speakers or 1, len(pick))
    if o.speakers:
        # cut into N clusters, or more when some of them are stray windows (under
        # min_speaker_s), which then join the closest real speaker
        for k in range(want, min(len(pick), want + 10) + 1):
            lab = fcluster(z, t=k, criterion="maxclust") - 1
            sizes = np.bincount(lab, weights=weights[pick])
            if (sizes >= o.min_speaker_s).sum() >= want:
                break
    else:
        lab = fcluster(z, t=o.threshold, criterion="distance") - 1
    lab = _refine(emb, weights, _centroids(emb[pick], weights[pick], lab))
    while True:  # the speaker with least speech joins its closest, while under min_speaker_s
        cents = _centroids(emb, weights, lab)
        sizes = np.bincount(lab, weights=weights, minlength=len(cents))
        k = int(np.argmin(sizes))
        if len(cents) <= want or sizes[k] >= o.min_speaker_s:
            break
        lab = _without(emb, weights, lab, k, cents)
    while o.speakers and len(np.unique(lab)) > want:  # more than N: join the closest two
        cents = _centroids(emb, weights, lab)
        sim = cents @ cents.T
        np.fill_diagonal(sim, -2.0)
        a, b = np.unravel_index(int(np.argmax(sim)), sim.shape)
        lab = _refine(emb, weights, _centroids(emb, weights, np.where(lab == b, a, lab)))
    return np.unique(lab, return_inverse=True)[1]


def _refine(emb: Any, weights: Any, cents: Any) -> Any:
    """Every window to its closest centroid, the centroids again, twice; empty ones dropped."""
    import numpy as np

    for _ in range(2):
        lab = np.unique(np.argmax(emb @ cents.T, axis=1), return_inverse=True)[1]
        cents = _centroids(emb, weights, lab)
    return np.unique(np.argmax(emb @ cents.T, axis=1), return_inverse=True)[1]


def _without(emb: Any, weights: Any, lab: Any, k: int, cents: Any) -> Any:
    """Labels with speaker ``k``'s windows given to their closest other speaker."""
    import numpy as np

    others = np.array([j for j in range(len(cents)) if j != k])
    mine = lab == k
    lab = lab.copy()
    lab[mine] = others[np.argmax(emb[mine] @ cents[others].T, axis=1)]
    return _refine(emb, weights, _centroids(emb, weights, np.unique(lab, return_inverse=True)[1]))


def _centroids(emb: Any, weights: Any, lab: Any) -> Any:
    import numpy as np

    ks = np.unique(lab)
    cents = np.stack([(emb[lab == k] * weights[lab == k, None]).sum(axis=0) for k in ks])
    return cents / np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)


def _label_region(
    a: float, b: float, starts: Any, ends: Any, sims: Any, o: SpeakerOptions
) -> tuple[list[tuple[float, float, int, float]], list[tuple[float, float]]]:
    """Turns ``(start, end, speaker, confidence)`` and uncertain spans inside region ``[a, b]``
    from the similarities ``sims`` (windows x speakers) of the windows that lie in it."""
    import numpy as np

    n = max(1, math.ceil((b - a) / STEP - 1e-9))
    t = a + (np.arange(n) + 0.5) * STEP
    cover = (starts[None, :] <= t[:, None] + 1e-9) & (ends[None, :] >= t[:, None] - 1e-9)
    cover[
        cover.sum(axis=1) == 0,
        np.argmin(np.abs((starts + ends) / 2 - t[:, None]), axis=1)[cover.sum(axis=1) == 0],
    ] = True
    score = (cover @ sims) / cover.sum(axis=1, keepdims=True)
    lab = np.argmax(score, axis=1)
    k = score.shape[1]
    z = np.exp((score - score.max(axis=1, keepdims=True)) / TEMPERATURE)
    prob = z / z.sum(axis=1, keepdims=True)
    unsure: list[tuple[float, float]] = []
    if k > 1:
        top2 = np.sort(score, axis=1)[:, -2:]
        close = (top2[:, 1] - top2[:, 0]) < UNCERTAIN_MARGIN
        for i0, i1 in _runs(close.astype(int)):
            if close[i0] and (i1 - i0) * STEP >= 0.2:
                unsure.append((a + i0 * STEP, min(b, a + i1 * STEP)))
    min_steps = round(o.min_turn_s / STEP)
    while True:
        runs = _runs(lab)
        short = [(i1 - i0, i0, i1) for i0, i1 in runs if i1 - i0 < min_steps]
        if len(runs) < 2 or not short:
            break
        _, i0, i1 = min(short)
        near = [lab[i0 - 1]] if i0 > 0 else []
        near += [lab[i1]] if i1 < n else []
        best = max(near, key=lambda s: float(score[i0:i1, s].mean()))
        lab[i0:i1] = best
    turns = [
        (a + i0 * STEP, min(b, a + i1 * STEP), int(lab[i0]), float(prob[i0:i1, lab[i0]].mean()))
        for i0, i1 in _runs(lab)
    ]
    return turns, unsure


def _runs(values: Any) -> list[tuple[int, int]]:
    out, i0 = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[i0]:
            out.append((i0, i))
            i0 = i
    return out


def diarize(
    path: Path | str,
    options: SpeakerOptions | None = None,
    progress: Progress | None = None,
) -> SpeakerResult:
    """Speaker turns of the media at ``path`` (anything ffmpeg reads)."""
    import numpy as np

    from imagia.core import models
    from imagia.speech.audio import chunks, probe_audio
    from imagia.speech.vad import VadOptions, speech_regions

    o = options or SpeakerOptions()
    o.check()
    p = Path(path)
    if not p.is_file():
        raise BadFile(p, "does not exist")
    info = probe_audio(p)
    found = models.find(encoder.MODEL_ID)
    encoder.load_encoder()
    step = progress or (lambda f, m: None)
    total = float(info.duration or 0.0)
    regions: list[tuple[float, float]] = []
    win = _Windows([], [], [])
    f0_t: list[Any] = []
    f0_v: list[Any] = []
    end = 0.0
    for offset, audio in chunks(p):
        end = offset + len(audio) / SR
        step(min(0.8, 0.8 * end / total) if total else 0.4, "voices")
        for a, b in speech_regions(audio, VadOptions(pad_ms=o.vad_pad_ms)):
            a, b = a + offset, min(b + offset, end)
            if b - a < 0.05:
                continue
            regions.append((a, b))
            spans = windows_of(a, b, o.window_s, o.hop_s)
            win.starts += [s for s, _ in spans]
            win.ends += [e for _, e in spans]
            win.embeds.append(_embed_region_windows(audio, spans, offset))
            t, f = _pitch(audio, a, b, offset)
            f0_t.append(t)
            f0_v.append(f)
    duration = max(total, end)
    result = SpeakerResult(str(p), duration, options=asdict(o), model=found)
    if not regions:
        if end == 0.0:
            raise BadFile(p, "has no audio samples")
        return result
    step(0.85, "clustering")
    emb = np.concatenate(win.embeds)
    starts, ends = np.array(win.starts), np.array(win.ends)
    lab = _cluster(emb, ends - starts, o)
    cents = _centroids(emb, ends - starts, lab)
    sims = emb @ cents.T
    raw: list[tuple[float, float, int, float]] = []
    for a, b in regions:
        sel = (starts >= a - 1e-6) & (ends <= b + 1e-6)
        turns, unsure = _label_region(a, b, starts[sel], ends[sel], sims[sel], o)
        raw += turns
        result.uncertain += unsure
    order: dict[int, str] = {}
    for _, _, k, _ in raw:
        order.setdefault(k, f"S{len(order) + 1}")
    result.turns = [SpeakerTurn(a, b, order[k], c) for a, b, k, c in raw]
    result.speech_seconds = sum(t.duration for t in result.turns)
    step(0.9, "speakers")
    result.speakers = _speakers(result, np.concatenate(f0_t), np.concatenate(f0_v), o)
    step(1.0, "done")
    return result


def _speakers(result: SpeakerResult, f0_t: Any, f0_v: Any, o: SpeakerOptions) -> list[Speaker]:
    import numpy as np

    from imagia.speech.voice import VoiceOptions, classify

    vo = VoiceOptions()
    out = []
    ids = list(dict.fromkeys(t.speaker for t in result.turns))
    for sid in ids:
        mine = [t for t in result.turns if t.speaker == sid]
        secs = sum(t.duration for t in mine)
        longest = max(mine, key=lambda t: t.duration)
        inside = np.zeros(len(f0_t), dtype=bool)
        for t in mine:
            inside |= (f0_t >= t.start) & (f0_t < t.end)
        voiced = f0_v[inside & np.isfinite(f0_v)]
        med = round(float(np.median(voiced)), 1) if len(voiced) else None
        register, conf = classify(med, len(voiced) * vo.hop_s, vo)
        out.append(
            Speaker(
                id=sid,
                seconds=secs,
                share=secs / result.speech_seconds if result.speech_seconds else 0.0,
                turns=len(mine),
                sample=(longest.start, min(longest.end, longest.start + o.sample_s)),
                f0_median=med,
                register=register,
                register_confidence=conf,
            )
        )
    return out
