"""A batch on a Ray cluster started by the test on this machine (a head without CPUs and two
worker nodes of one CPU each): the engine joins it by its address, a worker killed mid-task has
its input run again (the same job), and the summary counts every input once."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.batch import inputs, runner, state
from imagia.batch.engines import EngineOptions
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import get_tool
from tests.batch_helpers import kill_worker_of
from tests.conftest import make_audio

TOOL = "audio-loudness"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Head (no CPU: it only schedules) + 2 worker nodes of 1 CPU, torn down after."""
    pytest.importorskip("ray", reason="Ray not installed (ray extra)")
    from ray.cluster_utils import Cluster

    try:
        c = Cluster(
            initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False}
        )
        for _ in range(2):
            c.add_node(num_cpus=1)
    except Exception as exc:  # no shared memory, no free port...
        pytest.skip(f"a Ray cluster cannot start here: {exc}")
    yield c
    c.shutdown()


def test_a_worker_killed_mid_task_is_retried_and_counted_once(
    ws: wsmod.Workspace, tmp_path: Path, cluster: Any
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_audio(folder / "long.wav", "sine=frequency=500:sample_rate=48000", seconds=20.0)
    for k, vol in enumerate((0.8, 0.4, 0.2)):
        make_audio(folder / f"t{k}.wav", f"sine=frequency=1000,volume={vol}", seconds=1.0)
    (folder / "corrupt.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x07" * 64)
    found = inputs.collect(get_tool(TOOL), [str(folder)])
    killed: list[str] = []
    killer = threading.Thread(target=kill_worker_of, args=(ws, "long.wav", killed))
    killer.start()
    e = EngineOptions("ray", ray_address=cluster.address, retries=2)
    batch = runner.run_batch(ws, TOOL, found, {}, e)
    killer.join()
    assert killed, "the long job was never seen running"
    by_name = {Path(it.input).name: it for it in batch.items}
    long = by_name["long.wav"]
    assert long.job == killed[0] and long.attempts == 2 and long.status == "done"
    bad = by_name["corrupt.wav"]
    assert bad.status == "failed" and bad.attempts == 1 and "corrupt.wav" in bad.reason
    summary = state.summary(batch)
    assert summary["counts"] == {"pending": 0, "running": 0, "done": 4, "failed": 1, "skipped": 0}
    assert summary["retried"] == 1 and summary["ran"] == 5 and summary["engine"] == "ray"
    listed = jobs.list_jobs(ws)
    assert sorted(j.id for j in listed) == sorted(it.job or "" for it in batch.items)
    assert sorted(j.status for j in listed) == ["done"] * 4 + ["failed"]
    levels = [jobs.get(ws, by_name[f"t{k}.wav"].job or "").result["integrated"] for k in range(3)]
    assert levels == pytest.approx([-23.0, -29.0, -35.0], abs=0.3)
    with ws.connect() as con:  # run by the cluster's workers, never by the driver
        pids = {r[0] for r in con.execute("SELECT pid FROM jobs")}
    assert len(pids) >= 2 and os.getpid() not in pids
