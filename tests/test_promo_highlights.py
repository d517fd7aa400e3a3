"""Trailer highlights: a loud burst over quick cuts ranks first; punchlines come from the
workspace index; OTIO + JSON outputs; one-line errors."""

from __future__ import annotations

import itertools
import json
import subprocess
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.provenance import sha256_file
from imagia.core.registry import tools_for
from imagia.index.store import AssetRecord, Window, open_index
from imagia.media.synthetic import moving_face_clip
from imagia.promo.highlights import HighlightOptions, Weights, find_highlights
from tests.promo_media import burst_clip, run_cli


@pytest.fixture(scope="module")
def burst(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return burst_clip(tmp_path_factory.mktemp("promo") / "burst.mp4")


def test_tool_is_declared_for_trailers() -> None:
    tool = {t.id: t for t in tools_for("trailers")}["highlights"]
    assert tool.status == "partial" and tool.demo and tool.command.startswith("imagia highlights")


def test_loud_burst_over_quick_cuts_ranks_first(burst: Path) -> None:
    h = find_highlights(burst, HighlightOptions(top=3, faces=False))
    first = h.moments[0]
    assert first.start <= 8.6 and first.end >= 9.6  # the burst, 8.6-9.6 s
    assert first.signals["loud"] == pytest.approx(1.0, abs=0.1)
    assert first.signals["rhythm"] == 1.0
    assert any("loud peak" in w for w in first.why) and any("cut(s)" in w for w in first.why)
    assert len(first.why_fr) == len(first.why)  # the same reasons in French
    assert any(w.startswith("pic sonore de ") for w in first.why_fr)
    assert any("coupe(s) en " in w and "plans courts" in w for w in first.why_fr)
    assert "pas de signal de réplique" in " ".join(h.to_dict()["notes_fr"])
    assert all(m.score <= first.score for m in h.moments)
    starts = sorted(m.start for m in h.moments)
    assert all(b - a >= 4.0 for a, b in itertools.pairwise(starts))  # no overlap
    assert "no punchline signal" in " ".join(h.notes)


def test_weights_change_the_ranking(burst: Path) -> None:
    lines = [Window(1.0, 2.0, "Who are you?"), Window(2.2, 3.0, "Get out!")]
    h = find_highlights(
        burst,
        HighlightOptions(
            top=2, faces=False, weights=Weights(loud=0.1, punchline=1.0, closeup=0.0, rhythm=0.1)
        ),
        windows=lines,
    )
    assert h.moments[0].start < 3.0 and any(
        "Get out!" in w or "Who are you?" in w for w in h.moments[0].why
    )


def test_job_reads_punchlines_from_the_index_and_writes_otio(burst: Path, tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    open_index(ws).add(
        AssetRecord(sha256_file(burst), str(burst), 14.0, Fraction(25)),
        [],
        [Window(11.5, 12.8, "Run!", (("Run!", 11.5, 12.8),))],
    )
    job = jobs.run(ws, jobs.submit(ws, "highlights", {"media": str(burst), "top": 2}, [burst]).id)
    outs = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    data = json.loads(outs["report/json"].read_text())
    assert data["schema"] == "Highlights.1" and len(data["moments"]) == 2
    assert set(data["signals_used"]) >= {"loud", "punchline", "rhythm"}
    why = [w for m in data["moments"] for w in m["why"]]
    assert "line: \u201cRun!\u201d" in why
    assert "réplique : « Run! »" in [w for m in data["moments"] for w in m["why_fr"]]
    first = data["moments"][0]
    assert (
        first["timecode_in"] == f"00:00:{first['start_frame'] // 25:02d}:"
        f"{first['start_frame'] % 25:02d}"
    )
    tl = otio.adapters.read_from_file(str(outs["timeline/otio"]))
    clips = list(tl.tracks[0])
    assert len(clips) == 2
    c = clips[0]
    assert c.source_range.start_time.to_frames() == first["start_frame"]
    assert c.media_reference.target_url == burst.resolve().as_uri()
    assert c.markers[0].name.startswith("#1 score") and "loud peak" in c.markers[0].name
    assert data["provenance"]["tool"] == "highlights"
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{job.id}").text
        assert "data-moments" in page and "Run!" in page and first["timecode_in"] in page


def test_close_up_face_is_a_signal(tmp_path: Path) -> None:
    clip = moving_face_clip(
        tmp_path / "cu.mp4",
        seconds=2.0,
        width=320,
        height=180,
        face=130,
        speed=20.0,
        x0=60.0,
        y=25.0,
    )
    h = find_highlights(clip, HighlightOptions(top=1, length=1.0))
    assert h.moments[0].signals["closeup"] > 0.5 and "closeup" in h.signals_used
    assert any(w.startswith("close-up (face about") for w in h.moments[0].why)
    assert h.detector is not None and h.detector["name"] == "dlib-hog"


def test_audio_only_programme_uses_loudness_alone(tmp_path: Path) -> None:
    wav = tmp_path / "mix.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=200:duration=10,volume=0.03",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=d=1:c=pink:a=0.9",
            "-filter_complex",
            "[1:a]adelay=6000|6000[b];[0:a][b]amix=inputs=2:normalize=0:duration=first",
            str(wav),
        ],
        check=True,
    )
    h = find_highlights(wav, HighlightOptions(top=1, length=3.0))
    assert h.moments[0].start <= 6.0 <= h.moments[0].end - 1.0
    assert h.signals_used == ["loud"] and "no video stream" in " ".join(h.notes)


def test_cli_and_bad_inputs(burst: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "w")
    out = tmp_path / "cut" / "selects.otio"
    code, stdout, err = run_cli(
        "highlights", str(burst), "--top", "2", "--no-faces", "-o", str(out), "-w", ws
    )
    assert code == 0, err
    assert stdout.startswith("#1 00:00:0") and "loud peak" in stdout
    assert otio.adapters.read_from_file(str(out)).tracks[0][0].name.startswith("#1")
    for args, says in (
        ((str(tmp_path / "none.mov"),), "none.mov: file not found"),
        ((str(burst), "--top", "0"), "invalid top 0"),
    ):
        code, _, err = run_cli("highlights", *args, "-w", ws)
        assert code == 1 and says in err and len(err.strip().splitlines()) == 1, err
