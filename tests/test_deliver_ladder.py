"""Encoding ladders (deliver domain) on tiny clips made with ffmpeg: VMAF, the grid, the hull,
BD-rate against hand-computed cases, HLS packaging and bad input."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.deliver import bdrate, hull, package, sample
from imagia.deliver.encode import Cell, Point, encode, sizes_for
from imagia.deliver.ffmpeg import find
from imagia.deliver.ladder import LadderOptions, Plan, build, shrink
from imagia.deliver.vmaf import Scores, measure

FF = find("x264")


def _clip(path: Path, source: str, seconds: float = 2.0) -> Path:
    lavfi = f"{source}=s=320x180:r=25:d={seconds}"
    cmd = [FF.exe, "-v", "error", "-y", "-f", "lavfi", "-i", lavfi]
    subprocess.run([*cmd, "-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", str(path)],
                   check=True)  # fmt: skip
    return path


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _clip(tmp_path_factory.mktemp("deliver") / "testsrc2.mkv", "testsrc2")


def _luma(path: Path) -> np.ndarray:
    """Y planes of every frame (320x180 yuv420p), decoded by ffmpeg, read by numpy."""
    raw = subprocess.run(
        [FF.exe, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, 320 * 180 * 3 // 2)
    return frames[:, : 320 * 180].astype(np.float64)


def test_vmaf_of_the_source_against_itself_is_about_100(clip: Path) -> None:
    s = measure(FF, clip, clip, (320, 180))
    assert s.vmaf > 97 and s.ssim > 0.999 and s.psnr_y >= 60
    assert s.frames == 50


def test_lower_crf_gives_higher_vmaf_and_psnr_matches_an_independent_check(
    clip: Path, tmp_path: Path
) -> None:
    kw: dict[str, Any] = {"codec_name": "x264", "preset": "veryfast", "fps": 25.0}
    good = encode(FF, clip, Cell((320, 180), 20), tmp_path / "good.mp4", **kw)
    bad = encode(FF, clip, Cell((320, 180), 40), tmp_path / "bad.mp4", **kw)
    sg, sb = measure(FF, good, clip, (320, 180)), measure(FF, bad, clip, (320, 180))
    assert sg.vmaf > sb.vmaf + 10 and sg.psnr_y > sb.psnr_y and sg.ssim > sb.ssim
    assert good.stat().st_size > bad.stat().st_size
    ref, dist = _luma(clip), _luma(bad)  # PSNR of luma per frame, from its definition
    mse = ((ref - dist) ** 2).mean(axis=1)
    psnr = float(np.mean(10 * np.log10(255.0**2 / mse)))
    assert psnr == pytest.approx(sb.psnr_y, abs=0.05)


def _pt(size: int, kbps: float, vmaf: float, crf: int = 0) -> Point:
    return Point(size * 16 // 9, size, crf, None, kbps, Scores(vmaf, vmaf, vmaf, 0, 0, 1), 0)


def test_hull_is_monotone_and_concave_and_rungs_meet_their_targets() -> None:
    pts = [_pt(360, 200, 70), _pt(360, 400, 82), _pt(360, 800, 88), _pt(360, 1600, 90),
           _pt(720, 400, 60), _pt(720, 800, 84), _pt(720, 1600, 93), _pt(720, 3200, 97),
           _pt(234, 100, 55), _pt(234, 200, 65), _pt(234, 400, 71), _pt(720, 900, 80)]  # fmt: skip
    front = hull.hull(pts)
    rates = [p.kbps for p in front]
    vm = [p.vmaf for p in front]
    assert rates == sorted(rates) and vm == sorted(vm) and len(set(vm)) == len(vm)
    slopes = [(vm[i + 1] - vm[i]) / math.log(rates[i + 1] / rates[i]) for i in range(len(vm) - 1)]
    assert all(a >= b for a, b in itertools.pairwise(slopes))
    assert _pt(720, 900, 80) not in front and _pt(234, 400, 71) not in front  # dominated
    rungs, notes = hull.rungs_for_vmaf(front, (95, 88, 99))
    assert [(r.height, r.kbps) for r in rungs] == [(360, 800), (720, 3200)]
    assert notes and "99" in notes[0][0] and "non atteint" in notes[0][1]
    by_rate, _ = hull.rungs_for_kbps(front, (250, 1000))
    assert [r.kbps for r in by_rate] == [200, 800]


def test_bd_rate_hand_computed_and_against_itself_and_a_doubled_copy() -> None:
    ref = [(100, 30), (200, 33), (400, 36), (800, 39)]
    # log10 r is linear in q on both curves, so both fits are exact: over the overlap [31, 39]
    # the gap of log rates is log10(80/100) - log10(2)/3 everywhere: 0.8 / 2^(1/3) - 1.
    test = [(80, 31), (160, 34), (320, 37), (640, 40)]
    for method in bdrate.METHODS:
        assert bdrate.bd_rate(ref, ref, method) == pytest.approx(0.0, abs=1e-12)
        double = [(2 * r, q) for r, q in ref]
        assert bdrate.bd_rate(double, ref, method) == pytest.approx(-0.5, abs=1e-9)
        assert bdrate.bd_rate(ref, double, method) == pytest.approx(1.0, abs=1e-9)
        assert bdrate.bd_rate(ref, test, method) == pytest.approx(0.8 / 2 ** (1 / 3) - 1, 1e-9)
    assert bdrate.bd_rate(ref, [(50, 10), (60, 20)]) is None  # no overlap
    with pytest.raises(BadValue, match="2 points"):
        bdrate.bd_rate(ref, [(100, 30)])


def test_sampling_follows_weight_and_stays_inside_the_title() -> None:
    calm = [sample.ShotStat(i * 10.0, i * 10.0 + 10, 1.0) for i in range(9)]
    busy = [sample.ShotStat(90.0, 100.0, 30.0)]
    segs = sample.pick(calm + busy, 100.0, 4, 3.0)
    assert all(g.start >= 0 and g.start + g.duration <= 100 for g in segs)
    assert any(g.complexity == 30.0 for g in segs)  # the busy shot is sampled
    assert sum(g.duration for g in segs) <= 12.0
    whole = sample.pick(calm, 10.0, 4, 3.0)
    assert len(whole) == 1 and whole[0].duration == 10.0


def test_budget_shrinks_the_grid_and_says_what_it_gave_up() -> None:
    plan = Plan(sizes=sizes_for(1920, 1080), crfs=[18, 23, 28, 33, 38], segment_seconds=5)
    assert len(plan.sizes) == 6 and plan.sizes[-1] == (416, 234)
    small = shrink(
        plan,
        10.0,
        lambda p: len(p.sizes) * len(p.crfs) * p.segment_seconds * (0.5 + 0.5 / p.subsample) / 4,
    )
    assert small.crfs == [18, 28, 38] and small.subsample == 2
    assert small.segment_seconds < 5 and len(small.gave_up) >= 3
    assert all(en and fr for en, fr in small.gave_up)
    assert sizes_for(320, 180) == [(320, 180), (160, 90)]


def test_ladder_job_packages_hls_and_shows_in_both_languages(clip: Path, tmp_path: Path) -> None:
    """The job's whole path on the tiny clip: grid, hull, rungs, writers, HLS, the web view."""
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import jobs as jobmod
    from imagia.core import workspace as wsmod

    ws = wsmod.init(tmp_path / "ws")
    clip = _clip(tmp_path / "testsrc2.mkv", "testsrc2", 1.0)  # 1 s: the whole grid runs
    params = {"media": str(clip), "preset": "veryfast", "budget": 0.2, "targets": "90,60",
              "package": "hls"}  # fmt: skip
    seen: list[str] = []
    job = jobmod.run(
        ws, jobmod.submit(ws, "deliver-ladder", params).id, lambda f, m: seen.append(m)
    )
    assert job.status == "done", job.error
    assert any("left" in m for m in seen)
    out = {Path(o["path"]).name: ws.root / o["path"] for o in job.outputs}
    lad = json.loads(out["testsrc2.ladder.json"].read_text(encoding="utf-8"))
    assert lad["schema"] == "EncodingLadder.1" and lad["provenance"]["tool"] == "deliver-ladder"
    hull_vmaf = [h["vmaf"] for h in lad["hull"]]
    assert hull_vmaf == sorted(hull_vmaf) and lad["rungs"]
    assert len(out["testsrc2.grid.csv"].read_text().splitlines()) == 1 + len(lad["points"])
    variants = package.master_variants(out["master.m3u8"].read_text())
    video = [v for v in variants if "RESOLUTION" in v]
    assert sorted(v["RESOLUTION"] for v in video) == sorted(
        f"{r['width']}x{r['height']}" for r in lad["rungs"]
    )
    assert all(int(v["BANDWIDTH"]) > 0 and v["CODECS"].startswith("avc1.") for v in video)
    assert all((out["master.m3u8"].parent / v["URI"]).is_file() for v in variants)
    assert "paliers retenus" in out["testsrc2.ladder.fr.svg"].read_text(encoding="utf-8")
    with TestClient(create_app(ws), base_url="http://localhost") as c:
        for lang, words in (("fr", "enveloppe convexe"), ("en", "convex hull")):
            c.cookies.set("imagia_lang", lang)
            page = c.get(f"/jobs/{job.id}")
            assert page.status_code == 200 and "data-plot" in page.text
            assert words in page.text and page.text.count("<polyline") >= 2


def test_bad_input_gives_one_line_errors(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a video", encoding="utf-8")
    with pytest.raises(BadFile, match="notes.mp4") as exc:
        build(text, LadderOptions(), ff=FF)
    assert "\n" not in str(exc.value)
    with pytest.raises(BadValue, match="budget"):
        LadderOptions(budget=0).check()
    with pytest.raises(BadValue, match="targets"):
        LadderOptions(targets="95,abc").check()
    with pytest.raises(BadValue, match="package"):
        package.parse_formats("hls,smooth")
    with pytest.raises(ImagiaError, match="codec"):
        LadderOptions(codec="vp9").check()


def test_cli_refuses_a_budget_of_zero(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from imagia.cli import app

    media = tmp_path / "a.mp4"
    media.write_bytes(b"x")
    res = CliRunner().invoke(app, ["deliver", "ladder", str(media), "--budget", "0",
                                   "--workspace", str(tmp_path / "ws")])  # fmt: skip
    assert res.exit_code != 0
    assert "budget" in str(res.exception) + res.output


def test_an_ffmpeg_without_libvmaf_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from imagia.core.errors import MissingDependency

    monkeypatch.setenv("IMAGIA_FFMPEG", str(tmp_path / "nowhere" / "ffmpeg"))
    with pytest.raises(MissingDependency, match="no such file") as exc:
        find("x264")
    assert "imageio-ffmpeg" in str(exc.value)
    debian = Path("/usr/bin/ffmpeg")
    if debian.is_file():  # Debian's build has x264 but no libvmaf
        monkeypatch.setenv("IMAGIA_FFMPEG", str(debian))
        with pytest.raises(MissingDependency, match="no libvmaf") as exc:
            find("x264")
        assert "IMAGIA_FFMPEG" in str(exc.value) and "imageio-ffmpeg" in str(exc.value)
