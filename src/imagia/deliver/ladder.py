"""A per-title ladder from start to end: sample the title, encode and measure the grid within
a budget of encoding minutes, build the hull, choose the rungs, compare with the fixed ladder.

The budget is kept by a cost model measured on this machine: the first cell (the smallest
size) gives the encoder's seconds per pixel-frame and VMAF's seconds per frame; the whole grid
is estimated from them and shrunk, in this order, until it fits: VMAF on every second frame,
fewer CRF values (4, 3), shorter segments (down to 2 s), every other resolution, no fixed
ladder comparison. What was given up is said in the result, in English and French.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.deliver import bdrate, hull, sample
from imagia.deliver.encode import (
    HEIGHTS,
    PRESETS,
    Cell,
    Point,
    display_size,
    measure_cell,
    sizes_for,
)
from imagia.deliver.ffmpeg import CODECS, Ffmpeg, codec, find

SCHEMA = "EncodingLadder.1"
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class LadderOptions:
    """``codec`` (x264, x265, svtav1) at ``preset``; ``budget`` in encoding minutes;
    ``segments`` x ``segment_seconds`` sampled; ``targets`` VMAF levels or bitrates
    (:func:`hull.parse_targets`); ``crfs`` (empty: the codec's five); ``compare``: encode the
    fixed ladder too; ``vmaf_every``: VMAF on one frame in this many (the budget may raise it
    to 2); ``heights``: the ladder's heights tried (widths follow the aspect)."""

    codec: str = "x264"
    preset: str = "medium"
    budget: float = 10.0
    segments: int = 6
    segment_seconds: float = 5.0
    targets: str = "95,93,88,80,70,60"
    crfs: tuple[int, ...] = ()
    compare: bool = True
    vmaf_every: int = 1
    heights: tuple[int, ...] = HEIGHTS

    def check(self) -> None:
        codec(self.codec)
        if self.preset not in PRESETS:
            raise BadValue("preset", self.preset, PRESETS)
        if not self.budget > 0:
            raise BadValue("budget", self.budget, reason="encoding minutes must be above 0")
        if self.segments < 1:
            raise BadValue("segments", self.segments, reason="at least 1")
        if self.segment_seconds < 1:
            raise BadValue("segment_seconds", self.segment_seconds, reason="at least 1 s")
        top = CODECS[self.codec].crf_max
        if any(not 0 <= c <= top for c in self.crfs):
            raise BadValue("crfs", self.crfs, reason=f"CRF values of {self.codec} are 0-{top}")
        hull.parse_targets(self.targets)
        if self.vmaf_every < 1:
            raise BadValue("vmaf_every", self.vmaf_every, reason="at least 1")


@dataclass
class Plan:
    """The grid as it will run, and what the budget took away (``(en, fr)`` pairs)."""

    sizes: list[tuple[int, int]]
    crfs: list[int]
    segment_seconds: float
    subsample: int = 1
    compare: bool = True
    gave_up: list[tuple[str, str]] = field(default_factory=list)


def fixed_ladder() -> dict[str, Any]:
    """The Apple HLS authoring table (data file with its source)."""
    from imagia.core.textfile import parse_yaml

    text = resources.files("imagia.deliver").joinpath("data/hls_ladder.yaml").read_text("utf-8")
    data: dict[str, Any] = parse_yaml(text, "hls_ladder.yaml")
    return data


def fixed_cells(width: int, height: int) -> list[Cell]:
    """The fixed ladder's rungs that fit the source."""
    rungs = fixed_ladder()["rungs"]
    return [Cell((w, h), kbps=float(k)) for w, h, k in rungs if h <= height and w <= width]


def _thin(values: list[Any], keep: int) -> list[Any]:
    """``keep`` values of ``values`` spread evenly, both ends kept."""
    if len(values) <= keep:
        return list(values)
    step = (len(values) - 1) / (keep - 1)
    return [values[round(i * step)] for i in range(keep)]


def estimate(
    plan: Plan, seconds: float, fps: float, per: tuple[float, float], fixed: list[Cell]
) -> float:
    """Seconds the plan takes on ``seconds`` of sample: ``per`` = (encode seconds per
    pixel-frame, VMAF seconds per frame at the display size); ``fixed``: the fixed ladder's
    cells, encoded too when ``plan.compare``."""
    enc, vm = per
    frames = seconds * fps
    sizes = [s for s in plan.sizes for _ in plan.crfs]
    if plan.compare:
        sizes += [c.size for c in fixed]
    return sum(frames * (enc * w * h + vm / plan.subsample) for w, h in sizes)


def shrink(plan: Plan, budget_s: float, cost: Callable[[Plan], float]) -> Plan:
    """The plan shrunk step by step until ``cost(plan)`` fits ``budget_s``."""
    crfs = list(plan.crfs)
    steps: list[tuple[Callable[[Plan], Plan | None], tuple[str, str]]] = [
        (lambda p: replace(p, subsample=2) if p.subsample == 1 else None,
         ("VMAF on every second frame", "VMAF sur une image sur deux")),
        (lambda p: replace(p, crfs=_thin(crfs, 4)) if len(p.crfs) > 4 else None,
         ("4 CRF values instead of 5", "4 valeurs de CRF au lieu de 5")),
        (lambda p: replace(p, crfs=_thin(crfs, 3)) if len(p.crfs) > 3 else None,
         ("3 CRF values only", "3 valeurs de CRF seulement")),
        (lambda p: replace(p, segment_seconds=max(2.0, p.segment_seconds / 2))
         if p.segment_seconds > 2 else None,
         ("shorter sample segments", "segments d'échantillon plus courts")),
        (lambda p: replace(p, sizes=p.sizes[::2] + ([p.sizes[-1]] if len(p.sizes) % 2 == 0
                                                     else []))
         if len(p.sizes) > 3 else None,
         ("every other resolution", "une résolution sur deux")),
        (lambda p: replace(p, compare=False) if p.compare else None,
         ("no comparison with the fixed ladder", "pas de comparaison avec l'échelle fixe")),
    ]  # fmt: skip
    for step, why in steps:
        while cost(plan) > budget_s:
            smaller = step(plan)
            if smaller is None or cost(smaller) >= cost(plan):  # gains nothing: keep it
                break
            plan = smaller
            if why not in plan.gave_up:
                plan.gave_up.append(why)
    return plan


def build(
    media: Path,
    options: LadderOptions,
    progress: Progress | None = None,
    ff: Ffmpeg | None = None,
) -> dict[str, Any]:
    """The ladder of ``media`` as an ``EncodingLadder.1`` dict (without provenance)."""
    from imagia.media.probe import probe

    options.check()
    say = progress or (lambda f, m: None)
    ff = ff or find(options.codec)
    info = probe(media)
    v = info.video
    size = v.size if v is not None else None
    if v is None or size is None or info.frame_rate is None or not info.duration:
        raise BadFile(media, "no video stream to encode (a still or audio only)")
    fps = float(info.frame_rate)
    width, height = size
    t0 = time.monotonic()
    say(0.01, "finding the shots")
    stats = sample.shot_stats(media, info.frame_rate)
    plan = Plan(
        sizes=sizes_for(width, height, options.heights),
        crfs=list(options.crfs or CODECS[options.codec].crfs),
        segment_seconds=options.segment_seconds,
        subsample=options.vmaf_every,
        compare=options.compare,
    )
    display = display_size(plan.sizes)
    budget_s = options.budget * 60
    with tempfile.TemporaryDirectory(prefix="imagia-ladder-") as tmp:
        work = Path(tmp)

        def cut(seconds: float) -> tuple[list[sample.Segment], Path, float]:
            segs = sample.pick(stats, info.duration or 0.0, options.segments, seconds)
            mezz = sample.mezzanine(ff, media, segs, work / f"mezz-{seconds:g}.mkv")
            return segs, mezz, sum(g.duration for g in segs)

        say(0.05, "cutting the sample")
        segs, mezz, dur = cut(plan.segment_seconds)
        kw: dict[str, Any] = {"codec_name": options.codec, "preset": options.preset, "fps": fps}
        smallest = min(plan.sizes, key=lambda s: s[0] * s[1])
        mid = plan.crfs[len(plan.crfs) // 2]
        say(0.08, "measuring this machine's speed")
        calib = measure_cell(
            ff, mezz, Cell(smallest, mid), work, duration=dur, display=display,
            subsample=plan.subsample, **kw,
        )  # fmt: skip
        first: Point | None = calib
        calib_every = plan.subsample
        enc_cost, vmaf_cost = _per_pixel(calib, dur * fps, smallest)
        per = (enc_cost, vmaf_cost * calib_every)  # VMAF of every frame
        fixed_grid = fixed_cells(width, height)
        whole = info.duration or dur

        def cost(p: Plan) -> float:
            return estimate(
                p, min(whole, options.segments * p.segment_seconds), fps, per, fixed_grid
            )

        left_s = budget_s - (time.monotonic() - t0)
        plan = shrink(plan, left_s, cost)
        need_s = cost(plan) + budget_s - left_s  # > budget: even the smallest grid is over
        if plan.segment_seconds != options.segment_seconds:
            segs, mezz, dur = cut(plan.segment_seconds)
            first = None
        keep_first = first is not None and plan.subsample == calib_every and mid in plan.crfs
        cells = [Cell(s, c) for s in plan.sizes for c in plan.crfs]
        if plan.compare:
            cells += fixed_grid
        points: list[Point] = []
        fixed: list[Point] = []
        estimated = cost(plan)
        guess_done = spent_done = 0.0
        for i, cell in enumerate(cells):
            if keep_first and first is not None and cell == Cell(smallest, mid):
                points.append(first)
                continue
            one = dur * fps * (per[0] * cell.size[0] * cell.size[1] + per[1] / plan.subsample)
            speed = spent_done / guess_done if guess_done > 0 else 1.0
            left = max(0.0, (estimated - guess_done) * speed)
            say(
                0.1 + 0.85 * i / len(cells),
                f"{cell.label} ({i + 1}/{len(cells)}), about {_minutes(left)} left",
            )
            p = measure_cell(
                ff, mezz, cell, work, duration=dur, display=display,
                subsample=plan.subsample, **kw,
            )  # fmt: skip
            (points if cell.crf is not None else fixed).append(p)
            guess_done += one
            spent_done += p.seconds
    front = hull.hull(points)
    mode, values = hull.parse_targets(options.targets)
    pick = hull.rungs_for_vmaf if mode == "vmaf" else hull.rungs_for_kbps
    rungs, notes = pick(front, values)
    if need_s > budget_s:
        need = f"{need_s / 60:.1f}"
        notes.insert(0, (f"the smallest grid needed about {need} min, more than the budget",
                         f"la plus petite grille demandait environ {need.replace('.', ',')} min, "
                         "plus que le budget"))  # fmt: skip
    say(0.97, "comparing with the fixed ladder")
    comparison = _compare(front, fixed, plan.compare)
    spent = time.monotonic() - t0
    return {
        "schema": SCHEMA,
        "media": str(media),
        "source": {
            "width": width,
            "height": height,
            "fps": round(fps, 3),
            "duration": round(info.duration or 0.0, 3),
        },
        "codec": options.codec,
        "preset": options.preset,
        "display": list(display),
        "vmaf_model": "vmaf_v0.6.1",
        "segments": [g.to_dict() for g in segs],
        "shots": len(stats),
        "sample_seconds": round(dur, 3),
        "grid": {
            "sizes": [list(s) for s in plan.sizes],
            "crfs": plan.crfs,
            "vmaf_every": plan.subsample,
        },
        "points": [p.to_dict() for p in points],
        "hull": [_key(p) for p in front],
        "targets": {"mode": mode, "values": values},
        "rungs": [p.to_dict() for p in rungs],
        "notes": [en for en, _ in notes],
        "notes_fr": [fr for _, fr in notes],
        "fixed_ladder": comparison,
        "budget": {
            "minutes": options.budget,
            "estimated_minutes": round(estimated / 60, 2),
            "spent_minutes": round(spent / 60, 2),
            "gave_up": [{"en": en, "fr": fr} for en, fr in plan.gave_up],
            "full_grid_cells": len(sizes_for(width, height, options.heights))
            * len(options.crfs or CODECS[options.codec].crfs),
            "cells": len(points),
        },
    }


def _per_pixel(p: Point, frames: float, size: tuple[int, int]) -> tuple[float, float]:
    """(encode seconds per pixel-frame, VMAF seconds per frame) from one measured cell; the
    split follows the cell's own timing of its two stages."""
    enc_share = p.encode_seconds / p.seconds if p.seconds > 0 else 0.5
    enc = p.seconds * enc_share / max(frames * size[0] * size[1], 1)
    vm = p.seconds * (1 - enc_share) / max(frames, 1)
    return enc, vm


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def _key(p: Point) -> dict[str, Any]:
    return {"width": p.width, "height": p.height, "crf": p.crf, "kbps": round(p.kbps, 1),
            "vmaf": round(p.vmaf, 3)}  # fmt: skip


def _compare(front: list[Point], fixed: list[Point], compared: bool) -> dict[str, Any]:
    """The fixed ladder's measured points and the BD-rate of the hull against them."""
    data = fixed_ladder()
    out: dict[str, Any] = {
        "name": data["name"],
        "source": data["source"],
        "compared": compared,
        "points": [p.to_dict() for p in fixed],
        "bd_rate": None,
        "bd_rate_cubic": None,
        "vmaf_range": None,
    }
    ref = [(p.kbps, p.vmaf) for p in fixed]
    test = [(p.kbps, p.vmaf) for p in front]
    if len(hull.pareto(fixed)) >= 2 and len(front) >= 2:
        out["bd_rate"] = bdrate.bd_rate(ref, test, "pchip")
        out["bd_rate_cubic"] = bdrate.bd_rate(ref, test, "cubic")
        out["vmaf_range"] = bdrate.overlap(ref, test)
    return out
