"""Reframing and smart-camera framing on clips whose face position is known on every frame."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import tools_for
from imagia.media.synthetic import moving_face_clip
from imagia.promo.framing import FramingOptions, parse_aspect
from imagia.promo.reframe import ReframeOptions, plan, smart_camera_options
from imagia.promo.track import TrackOptions, track_faces
from tests.promo_media import FACE, face_clip, face_x, run_cli

# the drawn face (skin ellipse) inside its 200 px picture
SKIN_X0, SKIN_X1 = 0.16 * FACE, 0.84 * FACE


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return face_clip(tmp_path_factory.mktemp("promo") / "walk.mp4")


def _probe(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_tools_are_declared_for_their_use_cases() -> None:
    tools = {t.id: t for u in ("promo-content", "smart-cameras") for t in tools_for(u)}
    assert tools["reframe"].usecase == "promo-content"
    assert tools["smart-framing"].usecase == "smart-cameras"
    for t in (tools["reframe"], tools["smart-framing"]):
        assert t.status == "partial" and t.demo and t.command.startswith("imagia reframe")


def test_face_stays_inside_a_smooth_9_16_crop(clip: Path) -> None:
    cp = plan(clip, ReframeOptions())
    n = len(cp.crops.x)
    assert n == 75 and cp.shots == [(0, 75)]
    assert set(cp.crops.w) == {404} and set(cp.crops.h) == {720} and set(cp.crops.y) == {0}
    for f in range(n):  # the known face, from the overlay's expression, on every frame
        left, right = face_x(f) + SKIN_X0, face_x(f) + SKIN_X1
        assert cp.crops.x[f] <= left and right <= cp.crops.x[f] + cp.crops.w[f], f
    steps = np.abs(np.diff(cp.crops.x))
    assert steps.max() <= 12  # the face moves 8 px a frame
    assert np.abs(np.diff(cp.crops.x, 2)).max() <= 4  # no jerks
    assert cp.stats()["face_inside_rate"] == 1.0


def test_reframe_job_renders_1080x1920_with_audio_and_crop_path(clip: Path, tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    job = jobs.run(
        ws, jobs.submit(ws, "reframe", {"media": str(clip), "aspect": "9:16"}, [clip]).id
    )
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    assert set(kinds) == {"video/mp4", "crop-path/json", "crop-path/csv", "provenance/json"}
    info = _probe(kinds["video/mp4"])
    streams = {s["codec_type"]: s for s in info["streams"]}
    v = streams["video"]
    assert (v["width"], v["height"], v["codec_name"], v["pix_fmt"]) == (
        1080,
        1920,
        "h264",
        "yuv420p",
    )
    assert abs(float(v["duration"]) - 3.0) < 0.05 and int(v["nb_frames"]) == 75
    assert streams["audio"]["codec_name"] == "aac"
    data = json.loads(kinds["crop-path/json"].read_text())
    assert data["schema"] == "CropPath.1" and data["aspect"] == "9:16"
    assert len(data["frames"]) == 75 and data["detector"]["name"] == "dlib-hog"
    assert data["provenance"]["models"][0]["model"] == "dlib-hog-face"
    rows = kinds["crop-path/csv"].read_text().splitlines()
    assert rows[0].startswith("frame,timecode,shot,x,y,w,h") and len(rows) == 76
    assert job.result["face_inside_rate"] == 1.0
    assert job.provenance["models"][0]["model"] == "dlib-hog-face"
    assert clip.stat().st_size > 0 and not list(clip.parent.glob(".*tmp*"))
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{job.id}", headers={"Accept-Language": "en"}).text
        assert "data-path" in page and "data-inside>100 %<" in page  # face always inside
        src = page.split('<source src="', 1)[1].split('"', 1)[0]
        assert client.get(src).status_code == 200


def test_smart_camera_is_a_tighter_shot_at_the_source_aspect(clip: Path) -> None:
    cp = plan(clip, ReframeOptions(framing=smart_camera_options(0.4)))
    ratio = cp.crops.w / cp.crops.h
    assert np.all(np.abs(ratio - 16 / 9) < 0.02)
    assert 0.4 < cp.crops.h.mean() / 720 < 0.7  # face about 150 px: a crop of ~380 px
    assert cp.size == (1280, 720) and cp.stats()["face_inside_rate"] == 1.0
    for f in range(0, 75, 5):
        left = face_x(f) + SKIN_X0
        assert cp.crops.x[f] <= left and face_x(f) + SKIN_X1 <= cp.crops.x[f] + cp.crops.w[f]


def test_crop_jumps_at_a_cut_instead_of_panning(tmp_path: Path) -> None:
    kw = {"seconds": 1.2, "speed": 0.0, "width": 640, "height": 360, "face": 100, "audio": False}
    a = moving_face_clip(tmp_path / "a.mp4", x0=40, **kw)  # type: ignore[arg-type]
    b = moving_face_clip(tmp_path / "b.mp4", x0=500, background="0xb0a040", **kw)  # type: ignore[arg-type]
    both = tmp_path / "ab.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(a),
            "-i",
            str(b),
            "-filter_complex",
            "[0:v][1:v]concat=n=2:v=1:a=0[v]",
            "-map",
            "[v]",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            str(both),
        ],
        check=True,
    )
    cp = plan(both, ReframeOptions(framing=FramingOptions(aspect=parse_aspect("9:16"))))
    assert cp.shots == [(0, 30), (30, 60)]
    x = cp.crops.x
    assert x[30] - x[29] > 300  # one jump at the cut
    assert np.abs(np.diff(x[:30])).max() <= 2 and np.abs(np.diff(x[30:])).max() <= 2
    assert cp.stats()["face_inside_rate"] == 1.0


def test_no_face_centres_the_crop_with_a_note(tmp_path: Path) -> None:
    flat = tmp_path / "flat.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x180:r=25:d=1",
            "-pix_fmt",
            "yuv420p",
            str(flat),
        ],
        check=True,
    )
    cp = plan(flat, ReframeOptions())
    assert set(cp.crops.x) == {(320 - 102) // 2} and cp.stats()["face_inside_rate"] is None
    assert "no face found, crop centred" in cp.crops.notes[0]


def test_haar_detector_tracks_the_face_too(clip: Path) -> None:
    tr = track_faces(clip, TrackOptions(detector="haar"))
    assert tr.detector == "opencv-haar" and len(tr.tracks) == 1
    assert tr.model["model"] == "haar-face"
    assert tr.summary()["frames_with_face"] == tr.summary()["sampled_frames"] == 15


def test_bad_inputs_are_one_line_errors(tmp_path: Path, clip: Path) -> None:
    ws = str(tmp_path / "w")
    wav = tmp_path / "voice.wav"
    subprocess.run(
        ["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "sine=d=1", str(wav)], check=True
    )
    for args, says in (
        ((str(tmp_path / "missing.mp4"),), "missing.mp4: file not found"),
        ((str(clip), "--aspect", "9:0"), "invalid aspect '9:0'"),
        ((str(clip), "--size", "1081x1920"), "invalid size '1081x1920'"),
        ((str(clip), "--detector", "cnn"), "invalid detector 'cnn'"),
        ((str(wav),), "voice.wav: a wav file, not video"),
    ):
        code, _, err = run_cli("reframe", *args, "-w", ws)
        assert code == 1 and says in err, (args, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_reframe_copies_the_video(tmp_path: Path, clip: Path) -> None:
    out = tmp_path / "social" / "walk-1x1.mp4"
    code, stdout, err = run_cli(
        "reframe",
        str(clip),
        "--aspect",
        "1:1",
        "--size",
        "360x360",
        "-o",
        str(out),
        "-w",
        str(tmp_path / "w"),
        "--json",
    )
    assert code == 0, err
    res = json.loads(stdout)
    assert res["output"] == "360x360" and res["face_inside_rate"] == 1.0
    assert out.is_file() and not list(out.parent.glob(".*"))
    code, stdout, _ = run_cli(
        "reframe", str(clip), "--smart-camera", "--size", "320x180", "-w", str(tmp_path / "w")
    )
    assert (
        code == 0 and "smart-camera 320x180" in stdout and "face inside the crop: 100.0 %" in stdout
    )
