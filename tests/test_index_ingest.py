"""Indexing generated clips: exact cuts, thumbnails, incremental re-add, bad files, speech."""

from __future__ import annotations

import importlib.util
import json
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core import jobs
from imagia.core.workspace import Workspace
from imagia.index.analysis import IngestOptions
from imagia.index.ingest import index_paths
from imagia.index.store import open_index
from imagia.media import shots as shotmod
from tests.index_media import shots_clip
from tests.speech_media import needs_whisper, tts

NO_TRANSCRIPT = IngestOptions(steps=("shots",))


def test_three_coloured_shots_are_cut_exactly(tmp_path: Path) -> None:
    clip = shots_clip(tmp_path / "c.mp4", seconds=(2.0, 1.6, 2.4))
    found = shotmod.detect(clip, Fraction(25))
    assert [(s.start_frame, s.end_frame) for s in found] == [(0, 50), (50, 90), (90, 150)]


def test_cuts_at_23976_are_exact(tmp_path: Path) -> None:
    clip = shots_clip(
        tmp_path / "c.mov",
        colours=("white", "black", "orange"),
        seconds=(1.0, 1.0, 1.0),
        rate="24000/1001",
    )
    found = shotmod.detect(clip, Fraction(24000, 1001))
    starts = [s.start_frame for s in found]
    assert len(starts) == 3
    for got, want in zip(starts, [0, 24, 48], strict=True):
        assert abs(got - want) <= 1


@pytest.mark.skipif(
    importlib.util.find_spec("scenedetect") is None,
    reason="PySceneDetect not installed (optional engine)",
)
def test_scenedetect_engine_agrees(tmp_path: Path) -> None:
    clip = shots_clip(tmp_path / "c.mp4")
    found = shotmod.detect(clip, Fraction(25), options=shotmod.ShotOptions(engine="scenedetect"))
    assert [(s.start_frame, s.end_frame) for s in found] == [(0, 50), (50, 100), (100, 150)]


def test_add_stores_metadata_shots_thumbnails_and_skips_on_re_add(
    ws: Workspace, tmp_path: Path
) -> None:
    clip = shots_clip(tmp_path / "rush.mp4")
    store = open_index(ws)
    thumbs = ws.outputs_dir / "t"
    report = index_paths(store, [tmp_path], thumbs, ws.root, NO_TRANSCRIPT)
    assert report.failed == [] and len(report.added) == 1
    [a] = store.assets()
    assert (a["width"], a["height"], a["fps"], a["vcodec"], a["acodec"]) == (
        320,
        180,
        "25",
        "h264",
        "aac",
    )
    assert a["duration"] == pytest.approx(6.0, abs=0.05)
    shots = store.shots(a["sha256"])
    assert len(shots) == 3
    for s in shots:
        assert s.thumbnail and (ws.root / s.thumbnail).read_bytes()[:2] == b"\xff\xd8"
    again = index_paths(store, [clip, clip], thumbs, ws.root, NO_TRANSCRIPT)
    assert again.added == [] and again.skipped == ["rush.mp4", "rush.mp4"]
    assert len(store.assets()) == 1


def test_bad_files_are_reported_and_the_batch_goes_on(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shots_clip(folder / "good.mp4")
    (folder / "junk.mov").write_text("not a video", encoding="utf-8")
    (folder / "notes.txt").write_text("ignored: not a media extension", encoding="utf-8")
    missing = tmp_path / "missing.mxf"
    report = index_paths(
        open_index(ws), [missing, folder], ws.outputs_dir / "t", ws.root, NO_TRANSCRIPT
    )
    assert [a["asset"] for a in report.added] == ["good.mp4"]
    errors = {Path(f["path"]).name: f["error"] for f in report.failed}
    assert set(errors) == {"missing.mxf", "junk.mov"}
    assert "missing.mxf" in errors["missing.mxf"] and "not found" in errors["missing.mxf"]
    assert "junk.mov" in errors["junk.mov"] and "not a media file" in errors["junk.mov"]


def test_audio_only_asset_has_no_shots(ws: Workspace, sine_wav: Path) -> None:
    report = index_paths(open_index(ws), [sine_wav], ws.outputs_dir / "t", ws.root, NO_TRANSCRIPT)
    [a] = report.added
    assert a["shots"] == 0 and a["fps"] == "25"


def test_job_registers_thumbnails_as_outputs(ws: Workspace, tmp_path: Path) -> None:
    clip = shots_clip(tmp_path / "rush.mp4")
    job = jobs.run(ws, jobs.submit(ws, "index-add", {"media": [str(clip)], "transcribe": False}).id)
    assert job.status == "done", job.error
    kinds = sorted(o["kind"] for o in job.outputs)
    assert kinds == ["image/thumbnail"] * 3 + ["report/json"]
    report = next(o for o in job.outputs if o["kind"] == "report/json")
    data = json.loads((ws.root / report["path"]).read_text(encoding="utf-8"))
    assert data["schema"] == "IndexReport.1" and "provenance" in data
    [shots] = data["shots"].values()
    assert shots[1]["thumbnail_url"].startswith(f"/api/jobs/{job.id}/outputs/thumbs/")


def test_an_interrupted_ingest_keeps_its_stored_thumbnails_and_drops_orphans(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after its first asset, the job has that asset's thumbnails registered (the index
    points to them); when it is resumed, a thumbnail no asset points to is removed."""
    import imagia.index.ingest as ingest

    first = shots_clip(tmp_path / "a.mp4")
    second = shots_clip(tmp_path / "b.mp4", colours=("green", "white", "black"))
    job = jobs.submit(
        ws, "index-add", {"media": [str(first), str(second)], "transcribe": False, "steps": "shots"}
    )
    real_store = ingest.store_work
    stored: list[str] = []

    def store_then_die(store: object, work: object, report: object) -> dict[str, object]:
        if stored:
            raise KeyboardInterrupt  # killed while the second asset is written
        out = real_store(store, work, report)  # type: ignore[arg-type]
        stored.append(str(out["sha256"]))
        return out

    monkeypatch.setattr(ingest, "store_work", store_then_die)
    with pytest.raises(KeyboardInterrupt):
        jobs.run(ws, job.id)
    monkeypatch.setattr(ingest, "store_work", real_store)
    kept = jobs.get(ws, job.id).outputs
    assert len(kept) == 3 and all(o["kind"] == "image/thumbnail" for o in kept)
    assert all(Path(o["path"]).name.startswith(stored[0][:12]) for o in kept)
    thumbs = ws.outputs_dir / job.id / "thumbs"
    orphan = thumbs / "000000000000-0001.jpg"  # left by an asset that never made it
    orphan.write_bytes((thumbs / Path(kept[0]["path"]).name).read_bytes())
    done = jobs.run(ws, jobs.prepare_resume(ws, job.id).id)
    assert done.status == "done" and not orphan.exists()
    assert sum(o["kind"] == "image/thumbnail" for o in done.outputs) == 6
    assert {p.name for p in thumbs.glob("*.jpg")} == {
        Path(o["path"]).name for o in done.outputs if o["kind"] == "image/thumbnail"
    }


@needs_whisper
@pytest.mark.slow
def test_speech_is_transcribed_and_found_in_the_right_shot(ws: Workspace, tmp_path: Path) -> None:
    speech = tts(
        tmp_path / "s.wav", "The river banks at night. The works will start in the spring.", pad=0.3
    )
    clip = shots_clip(tmp_path / "talk.mp4", audio=speech)
    store = open_index(ws)
    report = index_paths(
        store, [clip], ws.outputs_dir / "t", ws.root, IngestOptions(model="base", language="en")
    )
    assert report.failed == [] and report.added[0]["windows"] >= 1
    [hit] = store.search("spring")
    assert hit.start > 2.0 and hit.shot == 2
    assert store.search("river")[0].shot == 1


def test_a_file_given_twice_in_one_batch_is_analysed_once(ws: Workspace, tmp_path: Path) -> None:
    clip = shots_clip(tmp_path / "rush.mp4")
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(clip.read_bytes())
    seen: list[tuple[float, str]] = []
    report = index_paths(
        open_index(ws),
        [clip, copy],
        ws.outputs_dir / "t",
        ws.root,
        NO_TRANSCRIPT,
        lambda f, m: seen.append((f, m)),
    )
    assert [a["asset"] for a in report.added] == ["rush.mp4"]
    assert report.skipped == ["copy.mp4"]
    data = report.to_dict()
    assert (data["engine"], data["workers"]) == ("local", 1)
    assert set(data["step_seconds"]) == {"shots", "thumbnails"}
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [m for _, m in seen][:3] == [
        "checksum 1/2 rush.mp4",
        "checksum 2/2 copy.mp4",
        "1/1 rush.mp4",
    ]
