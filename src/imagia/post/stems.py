"""Stems estimate: dialogue vs music-and-effects, with the tools imagia has.

No music/stem separation model ships in a package (demucs downloads its weights), so this is an
*estimate*, labelled as such in every output:

- dialogue = DeepFilterNet 3 applied to each channel (it keeps speech and removes the rest);
- M&E = the input minus the dialogue estimate (sample-aligned: the denoiser's latency is
  compensated);
- the M&E is split again by harmonic/percussive separation (median filtering of the STFT
  magnitude, Fitzgerald 2010, soft masks): ``me-harmonic`` (sustained tones: music, hum, drones)
  and ``me-percussive`` (transients: hits, steps, clicks).

The four stems sum back to the input (dialogue + harmonic + percussive = input, up to rounding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from math import gcd
from pathlib import Path
from typing import Any

import numpy as np

from imagia.core.errors import BadValue
from imagia.post.audio import db, decode, stream_info, write_wav

STEMS = ("dialogue", "me", "me-harmonic", "me-percussive")


@dataclass(frozen=True)
class StemsOptions:
    method: str = "deepfilternet"  # dialogue estimator: deepfilternet / spectral-gate
    kernel: int = 17  # median filter length (frames for harmonic, bins for percussive)
    folder: Path | None = None


@dataclass
class StemsResult:
    schema: str
    input: str
    estimate: str
    files: dict[str, str] = field(default_factory=dict)
    levels_dbfs: dict[str, float] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    estimate_fr: str = ""  # the method note in French
    notes_fr: list[str] = field(default_factory=list)  # the same notes in French

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def hpss(x: np.ndarray, rate: int, kernel: int = 17) -> tuple[np.ndarray, np.ndarray]:
    """Harmonic and percussive parts of a mono signal (soft masks; they sum to ``x``)."""
    from scipy.ndimage import median_filter
    from scipy.signal import istft, stft

    nper = 2048 if rate > 32000 else 1024
    _, _, z = stft(x, rate, nperseg=nper, noverlap=nper * 3 // 4)
    mag = np.abs(z)
    h = median_filter(mag, size=(1, kernel), mode="nearest")
    p = median_filter(mag, size=(kernel, 1), mode="nearest")
    mask_h = h**2 / (h**2 + p**2 + 1e-20)
    _, xh = istft(z * mask_h, rate, nperseg=nper, noverlap=nper * 3 // 4)
    harm = np.asarray(xh[: len(x)], dtype=np.float64)
    if len(harm) < len(x):
        harm = np.pad(harm, (0, len(x) - len(harm)))
    return harm, x - harm


def stems(
    media: Path,
    opts: StemsOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> StemsResult:
    """Write the four stem estimates of ``media`` as WAV files beside it (or in ``folder``)."""
    from imagia.post.denoise import DF_RATE, DeepFilter, spectral_gate

    opts = opts or StemsOptions()
    if opts.method not in ("deepfilternet", "spectral-gate"):
        raise BadValue("method", opts.method, ["deepfilternet", "spectral-gate"])
    if not 3 <= opts.kernel <= 63:
        raise BadValue("kernel", opts.kernel, reason="between 3 and 63")
    say = progress or (lambda f, m: None)
    st = stream_info(media)
    x, rate = decode(media)
    xd = x.astype(np.float64)
    dialogue = np.zeros_like(xd)
    model: dict[str, Any] = {}
    for c in range(xd.shape[1]):
        say(0.1 + 0.5 * c / xd.shape[1], f"dialogue estimate, channel {c + 1}")
        if opts.method == "deepfilternet":
            from scipy.signal import resample_poly

            g = gcd(rate, DF_RATE)
            ch = resample_poly(xd[:, c], DF_RATE // g, rate // g) if rate != DF_RATE else xd[:, c]
            df = DeepFilter()
            try:
                y = df.process(ch.astype(np.float32)).astype(np.float64)
            finally:
                df.close()
            model = df.provenance
            if rate != DF_RATE:
                y = resample_poly(y, rate // g, DF_RATE // g)
            dialogue[:, c] = np.pad(y, (0, max(0, len(xd) - len(y))))[: len(xd)]
        else:
            dialogue[:, c] = spectral_gate(xd[:, c].astype(np.float32), rate)
    me = xd - dialogue
    harm = np.zeros_like(me)
    for c in range(me.shape[1]):
        say(0.6 + 0.3 * c / me.shape[1], f"harmonic/percussive split, channel {c + 1}")
        harm[:, c], _ = hpss(me[:, c], rate, opts.kernel)
    perc = me - harm
    folder = opts.folder or media.parent
    res = StemsResult(
        "StemsResult.1",
        str(media),
        "estimate: dialogue by speech denoising "
        f"({'DeepFilterNet 3' if model else 'spectral gating'}), M&E = input "
        "minus dialogue, split by harmonic/percussive separation; not a true "
        "source separation",
        model=model,
        estimate_fr="estimation : dialogue par débruitage de la parole "
        f"({'DeepFilterNet 3' if model else 'porte spectrale'}), M&E = entrée moins le "
        "dialogue, partagé par séparation harmonique/percussive ; pas une vraie séparation "
        "de sources",
    )
    if st.truncated:
        res.notes.append(f"{st.truncated}: processed what the file holds")
        res.notes_fr.append(
            "WAV tronqué (moins d'échantillons que l'en-tête n'en annonce) : traité ce que le "
            "fichier contient"
        )
    subtype = "PCM_24" if (st.bits or 24) >= 24 else "PCM_16"
    for name, data in zip(STEMS, (dialogue, me, harm, perc), strict=True):
        path = folder / f"{media.stem}.{name}.wav"
        write_wav(path, data, rate, subtype)
        res.files[name] = str(path)
        res.levels_dbfs[name] = db(float(np.sqrt(np.mean(data**2))))
    say(1.0, "stems written")
    return res


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: stems of ``params['media']`` into the job folder; JSON report."""
    media = Path(params["media"])
    res = stems(
        media,
        StemsOptions(method=str(params.get("method") or "deepfilternet"), folder=job.output_dir),
        progress=job.progress,
    )
    if res.model:
        job.use_model(res.model)
    for name, path in res.files.items():
        job.add_output(Path(path), f"audio/{name}")
    data = res.to_dict()
    job.write_json(f"{media.stem}.stems.json", data, "report/json")
    return {"estimate": res.estimate, "levels_dbfs": res.levels_dbfs, "notes": res.notes}
