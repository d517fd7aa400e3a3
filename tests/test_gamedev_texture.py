"""Seamless procedural textures: tiling check, seeds, normal maps, job and CLI (issue 25)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from opensimplex import OpenSimplex
from PIL import Image
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadFile, BadValue
from imagia.gamedev import seams, texture
from imagia.gamedev.noise import fbm, grid

SIZE = 96


@pytest.mark.parametrize("preset", texture.PRESETS)
def test_every_preset_tiles_without_a_seam(preset: str) -> None:
    m = texture.make(texture.Options(preset, SIZE, 1))
    for img in (
        texture.png(m.height, sixteen=True),
        texture.png(m.albedo),
        texture.png(texture.encode_normal(m.normal)),
    ):
        r = seams.measure_png(img).ratio
        assert 0.5 < r < 1.6, (preset, r)


def test_the_check_fails_on_textures_that_do_not_tile() -> None:
    # plain (non-periodic) OpenSimplex noise over a square, and a quarter cut from a bigger tile
    a = np.linspace(0.0, 4.0, 64)
    plain = OpenSimplex(0).noise2array(a, a)
    assert seams.measure(plain).ratio > 3
    cut = texture.height(texture.Options("stone", 2 * SIZE, 1))[:SIZE, :SIZE]
    assert seams.measure(cut).ratio > 3
    # the same stone tile, shifted by half (the wrap edge moved inside): a seam shows
    whole = texture.height(texture.Options("stone", SIZE, 1))
    assert seams.measure(np.roll(whole, SIZE // 2, axis=1)[:, SIZE // 4 :]).ratio > 3


def test_noise_modes_are_periodic() -> None:
    x, y = grid(64)
    for mode in ("fbm", "turbulence", "ridged"):
        f = fbm(x, y, np.random.default_rng(3), (3, 5), 4, mode=mode)
        assert 0.5 < seams.measure(f).ratio < 1.6, mode


def test_same_seed_same_image_other_seed_other_image() -> None:
    a = texture.make(texture.Options("wood", 64, 7))
    b = texture.make(texture.Options("wood", 64, 7))
    c = texture.make(texture.Options("wood", 64, 8))
    assert texture.png(a.albedo) == texture.png(b.albedo)
    assert np.array_equal(a.height, b.height)
    assert not np.array_equal(a.height, c.height)


def test_normals_unit_length_and_opengl_y_up() -> None:
    m = texture.make(texture.Options("terrain", 64, 0))
    assert np.allclose(np.linalg.norm(m.normal, axis=-1), 1.0, atol=1e-9)
    assert (m.normal[..., 2] > 0).all()
    # h is 1 on row 0, 0 on row 32: on rows 4..28 it rises towards the top of the image, so the
    # surface faces down (−Y, OpenGL's +Y up); on rows 36..60 it rises downwards: faces +Y
    rows = np.arange(64, dtype=np.float64)
    h = np.tile((np.cos(2 * np.pi * rows / 64) * 0.5 + 0.5)[:, None], (1, 64))
    n = texture.normals(h, 4.0)
    assert (n[4:28, :, 1] < 0).all()
    assert (n[36:60, :, 1] > 0).all()
    assert np.allclose(n[..., 0], 0.0)


def test_height_png_is_16_bit_and_maps_in_range() -> None:
    m = texture.make(texture.Options("fabric", 64, 0))
    with Image.open(io.BytesIO(texture.png(m.height, sixteen=True))) as img:
        assert img.mode == "I;16" and img.size == (64, 64)
    assert m.height.min() >= 0.0 and m.height.max() <= 1.0
    assert m.roughness.min() >= 0.0 and m.roughness.max() <= 1.0
    assert m.albedo.shape == (64, 64, 3) and m.albedo.dtype == np.uint8
    lit = texture.lit(m.albedo, m.normal)
    assert lit.shape == (64, 64, 3) and lit.min() >= 0 and lit.max() <= 255


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (texture.Options("marble", 64, 0), "preset"),
        (texture.Options("stone", 8, 0), "size"),
        (texture.Options("stone", 64, -1), "seed"),
    ],
)
def test_bad_options_are_one_line_errors(options: texture.Options, field: str) -> None:
    with pytest.raises(BadValue) as err:
        texture.make(options)
    msg = str(err.value)
    assert field in msg and "\n" not in msg


def test_seam_check_of_a_file_that_is_not_an_image() -> None:
    with pytest.raises(BadFile) as err:
        seams.measure_png(b"not a png", "notes.txt")
    assert "notes.txt" in str(err.value) and "\n" not in str(err.value)


def test_cli_texture_writes_maps_previews_and_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["gamedev", "texture", "--preset", "stone", "--size", "64", "--seed", "2"]
    res = CliRunner().invoke(app, [*args, "-w", str(tmp_path / "ws"), "-o", str(out), "--json"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    assert (
        r["preset"] == "stone"
        and r["size"] == 64
        and set(r["seams"])
        == {
            "albedo",
            "height",
            "normal",
            "roughness",
        }
    )
    assert r["seam_ratio"] < 1.6
    for name in ("albedo", "height", "normal", "roughness", "tiled-2x2", "lit-2x2"):
        assert (out / f"{name}.png").is_file(), name
    with Image.open(out / "tiled-2x2.png") as img:
        assert img.size == (128, 128)
    report = json.loads((out / "texture-report.json").read_text(encoding="utf-8"))
    assert report["schema"] == "Texture.1" and "provenance" in report
    bad = CliRunner().invoke(app, [*args[:2], "--size", "9", "-w", str(tmp_path / "ws")])
    assert bad.exit_code != 0 and "size" in str(bad.exception or "") + bad.output


def test_result_view_reads_in_french_and_english(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import jobs
    from imagia.core import workspace as wsmod

    ws = wsmod.init(tmp_path / "ws")
    job = jobs.submit(ws, "gamedev-texture", {"preset": "wood", "size": 64, "seed": 0})
    assert jobs.run(ws, job.id).status == "done"
    with TestClient(create_app(ws), base_url="http://localhost") as c:
        c.get("/lang/fr")
        fr = c.get(f"/jobs/{job.id}").text
        c.get("/lang/en")
        en = c.get(f"/jobs/{job.id}").text
    assert "data-texture-seams" in fr and "Contrôle de raccord" in fr and "bois" in fr
    assert "Tiling check" in en and "Lambert lighting" in en and "Contrôle de raccord" not in en
    assert en.count("lit-2x2.png") >= 1 and "normals (tangent space, OpenGL, +Y up)" in en
