"""Loudness measurement to delivery specs (ITU-R BS.1770-4 / EBU R 128) with ffmpeg's ebur128.

Measures integrated loudness, loudness range, true peak and the momentary and short-term curves,
then checks them against a delivery spec (a data file with its source). Dialogue-gated specs
(Netflix) are measured on the whole programme here and the report says so: dialogue gating needs
the speech detector of the audio post-production tool, not yet in imagia.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.provenance import atomic_write
from imagia.media.probe import ffmpeg_exe, probe

# ebur128 writes its per-100 ms values as frame metadata; ametadata prints them.
_PTS = re.compile(r"\] frame:\d+\s+pts:\S+\s+pts_time:(?P<t>[\d.]+)")
_META = re.compile(r"lavfi\.r128\.(?P<key>[MS])=(?P<v>\S+)")
_SUMMARY = {
    "integrated": re.compile(r"^\s*I:\s*(-?[\d.]+|-?inf) LUFS"),
    "lra": re.compile(r"^\s*LRA:\s*(-?[\d.]+) LU"),
    "true_peak": re.compile(r"^\s*Peak:\s*(-?[\d.]+|-?inf) dBFS"),
}


@dataclass(frozen=True)
class Spec:
    id: str
    name: str
    target: float
    tolerance: float
    max_true_peak: float
    gating: str
    source: str


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
    curve_t: list[float] = field(default_factory=list)
    momentary: list[float | None] = field(default_factory=list)
    short_term: list[float | None] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def specs() -> dict[str, Spec]:
    raw = yaml.safe_load(
        (resources.files("imagia.post") / "loudness_specs.yaml").read_text(encoding="utf-8")
    )
    return {k: Spec(id=k, **v) for k, v in raw["specs"].items()}


def _num(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return None if v in (float("inf"), float("-inf")) or v != v else round(v, 2)


def measure(
    path: Path,
    spec_id: str = "ebu-r128",
    progress: Callable[[float, str], None] | None = None,
    curve_step: float = 0.4,
) -> LoudnessReport:
    """Measure ``path`` and check it against ``spec_id``. ``curve_step`` thins the 100 ms
    curves to one point every ``curve_step`` seconds."""
    all_specs = specs()
    if spec_id not in all_specs:
        raise BadValue("spec", spec_id, all_specs)
    spec = all_specs[spec_id]
    info = probe(path)
    if info.audio_streams == 0:
        raise BadFile(path, "has no audio stream to measure")
    duration = info.duration or 0.0
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
           "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print", "-f", "null", "-"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            errors="replace")
    assert proc.stderr is not None
    rep = LoudnessReport("LoudnessReport.1", str(path), spec, round(duration, 3), None, None,
                         None, False)
    next_t = 0.0
    summary = False
    tail: list[str] = []
    keep = False
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
            if keep:
                (rep.momentary if mm["key"] == "M" else rep.short_term).append(_num(mm["v"]))
            continue
        if "Summary:" in line:
            summary = True
        if summary:
            for key, rx in _SUMMARY.items():
                sm = rx.match(line)
                if sm and getattr(rep, key) is None:
                    setattr(rep, key, _num(sm[1]))
    if proc.wait() != 0:
        raise BadFile(path, f"ffmpeg could not decode the audio ({''.join(tail).strip()[-200:]})")
    if rep.integrated is None:
        raise ImagiaError(f"{path}: no loudness measured (is the audio silent or too short?)")
    _check(rep)
    if progress:
        progress(1.0, "measured")
    return rep


def _check(rep: LoudnessReport) -> None:
    s = rep.spec
    ok = True
    if rep.integrated is not None and abs(rep.integrated - s.target) > s.tolerance:
        ok = False
        rep.findings.append(
            f"integrated loudness {rep.integrated} LUFS outside {s.target} ± {s.tolerance} LU "
            f"(correct by {s.target - rep.integrated:+.1f} dB)"
        )
    if rep.true_peak is not None and rep.true_peak > s.max_true_peak:
        ok = False
        rep.findings.append(f"true peak {rep.true_peak} dBTP above {s.max_true_peak} dBTP")
    if s.gating == "dialogue":
        rep.findings.append(
            "this spec is dialogue-gated; measured on the whole programme (dialogue gating "
            "not yet available in imagia)"
        )
    rep.compliant = ok


def run_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Job entry: measure ``params['media']`` and write JSON and CSV reports."""
    media = Path(params["media"])
    rep = measure(media, params.get("spec", "ebu-r128"), progress=job.progress)
    out_json = job.output_dir / f"{media.stem}.loudness.json"
    data = rep.to_dict()
    data["provenance"] = {"tool": "audio-loudness", "engine": "ffmpeg ebur128 (BS.1770-4)"}
    with atomic_write(out_json) as fh:
        json.dump(data, fh, indent=2)
    job.add_output(out_json, "report/json")
    out_csv = job.output_dir / f"{media.stem}.loudness.csv"
    with atomic_write(out_csv) as fh:
        fh.write("t_s,momentary_lufs,short_term_lufs\n")
        for t, m, s in zip(rep.curve_t, rep.momentary, rep.short_term, strict=True):
            fh.write(f"{t},{'' if m is None else m},{'' if s is None else s}\n")
    job.add_output(out_csv, "curve/csv")
    return {
        "integrated": rep.integrated,
        "lra": rep.lra,
        "true_peak": rep.true_peak,
        "spec": rep.spec.id,
        "compliant": rep.compliant,
        "findings": rep.findings,
    }
