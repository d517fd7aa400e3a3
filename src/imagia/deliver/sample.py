"""Representative segments of a title, so the grid needs no full encode of a 2-hour film.

The shots come from :mod:`imagia.media.shots` (its content engine, one pass over a 64x36 copy
of every frame: memory stays flat); a shot's complexity is its mean frame-to-frame change.
Shots are ordered by complexity and ``k`` segments are drawn at the quantiles of the cumulative
weight, duration x (1 + complexity / (the title's mean complexity + 1)): calm and busy parts
are both represented in proportion to their screen time, busy ones up to a few times more (a
weight of raw complexity let one busy shot take every draw and miss the rest of the title).
The segments are cut frame-exactly and joined into one lossless mezzanine (x264 ``-qp 0``)
that the grid encodes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.deliver.ffmpeg import Ffmpeg, run


@dataclass(frozen=True)
class Segment:
    """Seconds ``[start, start + duration)`` of the source, taken in shot ``shot`` whose
    complexity (mean change, 0-255) is ``complexity``."""

    start: float
    duration: float
    shot: int
    complexity: float

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ShotStat:
    """One shot: seconds ``[start, end)`` and its complexity."""

    start: float
    end: float
    complexity: float


def shot_stats(path: Path, fps: Fraction) -> list[ShotStat]:
    """The shots of ``path`` with their complexity (one decoding pass)."""
    from imagia.media import shots

    sig = shots.signals(path)
    o = shots.ShotOptions()
    starts = [b[0] for b in shots.boundaries(sig, o.cut_threshold, round(o.min_seconds * fps))]
    n = len(sig.change)
    ends = [*starts[1:], n]
    rate = float(fps)
    return [
        ShotStat(a / rate, b / rate, float(sig.change[a + 1 : b].mean()) if b - a > 1 else 0.0)
        for a, b in zip(starts, ends, strict=True)
        if b > a
    ]


def pick(stats: list[ShotStat], duration: float, k: int, seconds: float) -> list[Segment]:
    """``k`` segments of ``seconds`` each (the whole title when it is shorter than the
    sample): quantiles of the cumulative weight over shots sorted by complexity, each segment
    centred on its point inside the shot when it fits."""
    if duration <= k * seconds or not stats:
        return [Segment(0.0, duration, 0, _mean(stats))]
    order = sorted(range(len(stats)), key=lambda i: stats[i].complexity)
    scale = _mean(stats) + 1.0  # complexity relative to the title's: busy shots count more
    weights = [(stats[i].end - stats[i].start) * (1.0 + stats[i].complexity / scale) for i in order]
    total = sum(weights)
    chosen: list[Segment] = []
    for j in range(k):
        target = (j + 0.5) / k * total
        acc = 0.0
        for pos, w in enumerate(weights):
            if acc + w >= target or pos == len(weights) - 1:
                s = stats[order[pos]]
                frac = 0.0 if w <= 0 else (target - acc) / w
                centre = s.start + frac * (s.end - s.start)
                start = centre - seconds / 2
                if s.end - s.start >= seconds:  # keep it inside the shot
                    start = min(max(start, s.start), s.end - seconds)
                start = min(max(0.0, start), duration - seconds)
                chosen.append(Segment(start, seconds, order[pos], s.complexity))
                break
            acc += w
    chosen.sort(key=lambda g: g.start)
    merged: list[Segment] = []
    for g in chosen:  # two draws in one place: one segment, no frame measured twice
        if merged and g.start < merged[-1].start + merged[-1].duration:
            last = merged[-1]
            end = max(last.start + last.duration, g.start + g.duration)
            merged[-1] = Segment(last.start, end - last.start, last.shot, last.complexity)
        else:
            merged.append(g)
    return merged


def _mean(stats: list[ShotStat]) -> float:
    total = sum(s.end - s.start for s in stats)
    return sum(s.complexity * (s.end - s.start) for s in stats) / total if total else 0.0


def mezzanine(ff: Ffmpeg, source: Path, segments: list[Segment], out: Path) -> Path:
    """Join ``segments`` of ``source`` into ``out`` (Matroska, x264 lossless, yuv420p, no
    audio): each input seeks to its segment, so a long title is never decoded whole."""
    cmd = [ff.exe, "-v", "error", "-y"]
    for g in segments:
        cmd += ["-ss", f"{g.start:.3f}", "-t", f"{g.duration:.3f}", "-i", str(source)]
    chains = [f"[{i}:v:0]setpts=PTS-STARTPTS,format=yuv420p[s{i}]" for i in range(len(segments))]
    joined = "".join(f"[s{i}]" for i in range(len(segments)))
    graph = ";".join([*chains, f"{joined}concat=n={len(segments)}:v=1:a=0[v]"])
    cmd += ["-filter_complex", graph, "-map", "[v]", "-an"]
    cmd += ["-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", str(out)]
    run(cmd, f"cutting the sample segments of {source.name}")
    return out
