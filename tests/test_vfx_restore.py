"""vfx-restore: dust removal and denoising measured against the clean clip they damaged, the
frame window, the job's outputs and view, and one-line errors for bad input. Clips: 1 s of
rotating SMPTE bars at 160x90 (motion and edges, no per-frame random content)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.vfx.degrade import Damage, degrade
from imagia.vfx.measure import compare
from imagia.vfx.restore import RestoreOptions, neighbours, remove_dust, restore

SOURCE = "smptehdbars=size=320x180:rate=25:duration=1,rotate=a=0.1*PI*t:ow=160:oh=90"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vfx") / "clean.mkv"
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", SOURCE, "-c:v", "ffv1", str(out)]
    subprocess.run(cmd, check=True)
    return out


@pytest.fixture(scope="module")
def dusty(clean: Path) -> Path:
    out = clean.with_name("dusty.mkv")
    degrade(clean, out, Damage(dust=6, scratches=0.3, seed=1))
    return out


def test_neighbours_hold_each_frame_once_with_two_neighbours() -> None:
    got = list(neighbours(iter(range(5))))
    assert [g[0] for g in got] == [0, 1, 2, 3, 4]
    assert got[0] == (0, 1, 2) and got[2] == (2, 1, 3) and got[4] == (4, 3, 2)
    assert list(neighbours([7])) == [(7, None, None)]


def test_a_speck_on_one_frame_is_found_and_repaired_from_its_neighbours() -> None:
    frame = np.full((40, 40, 3), 120, np.uint8)
    dirty = frame.copy()
    dirty[20:23, 10:13] = 255
    fixed, count = remove_dust(dirty, frame, frame, 45.0)
    assert count == 9 and np.array_equal(fixed, frame)
    same, none = remove_dust(frame, frame, frame, 45.0)
    assert none == 0 and same is frame


def test_dust_removal_raises_psnr(dusty: Path, clean: Path) -> None:
    out = dusty.with_name("dusty.restored.mkv")
    r = restore(dusty, out, RestoreOptions(dust=True))
    before, after = compare(dusty, clean), compare(out, clean)
    assert r.frames == before.frames == after.frames == 25
    assert after.psnr > before.psnr + 6, (before, after)
    assert after.ssim > before.ssim


def test_dust_removal_leaves_a_clean_clip_almost_unchanged(clean: Path) -> None:
    out = clean.with_name("clean.restored.mkv")
    r = restore(clean, out, RestoreOptions(dust=True, dust_strength=0.5))
    assert r.dust_pixel_share < 1e-4
    assert compare(out, clean).psnr > 45


def test_denoise_raises_psnr(clean: Path) -> None:
    noisy = clean.with_name("noisy.mkv")
    degrade(clean, noisy, Damage(noise=12.0, seed=2))
    out = clean.with_name("noisy.restored.mkv")
    restore(noisy, out, RestoreOptions(denoise=0.5, denoise_method="hqdn3d"))
    before, after = compare(noisy, clean), compare(out, clean)
    assert after.psnr > before.psnr + 1, (before, after)
    assert after.ssim > before.ssim + 0.05


def test_the_job_writes_the_restored_clip_a_side_by_side_and_a_report(
    dusty: Path, clean: Path, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import jobs as jobmod
    from imagia.core import workspace as wsmod

    ws = wsmod.init(tmp_path / "ws")
    params = {"media": str(dusty), "dust": True, "upscale": 1, "reference": str(clean)}
    job = jobmod.run(ws, jobmod.submit(ws, "vfx-restore", params).id)
    assert job.status == "done", job.error
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    rep = json.loads(kinds["report/json"].read_text(encoding="utf-8"))
    assert rep["schema"] == "Restoration.1" and rep["provenance"]["tool"] == "vfx-restore"
    assert rep["quality"]["after"]["psnr"] > rep["quality"]["before"]["psnr"]
    assert kinds["video/side-by-side"].stat().st_size > 0
    with TestClient(create_app(ws), base_url="http://localhost") as c:
        for lang, words in (("fr", "Poussières et rayures"), ("en", "Dust and scratches")):
            c.cookies.set("imagia_lang", lang)
            html = c.get(f"/jobs/{job.id}").text
            assert words in html and "data-quality" in html and "before-after.mp4" in html


def test_a_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.mkv"
    with pytest.raises(BadFile, match="nope.mkv: file not found"):
        restore(missing, tmp_path / "o.mkv", RestoreOptions(dust=True))


def test_a_file_that_is_not_video_is_one_line_naming_it(tmp_path: Path) -> None:
    fake = tmp_path / "fake.mkv"
    fake.write_text("not a video\n")
    with pytest.raises(BadFile, match="fake.mkv") as exc:
        restore(fake, tmp_path / "o.mkv", RestoreOptions(dust=True))
    assert "\n" not in str(exc.value)


def test_out_of_range_settings_are_refused() -> None:
    with pytest.raises(BadValue, match="denoise"):
        RestoreOptions(denoise=2.0).check()
    with pytest.raises(BadValue, match="upscale"):
        RestoreOptions(upscale=8).check()


def test_the_cli_refuses_a_run_with_no_filter(clean: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from imagia.cli import app

    res = CliRunner().invoke(
        app, ["vfx", "restore", str(clean), "--workspace", str(tmp_path / "ws")]
    )
    assert res.exit_code != 0
    assert "filters" in str(res.exception) + res.output
