"""One way to write a job's outputs: every JSON output carries the job's ``Provenance.1``, every
CSV has it beside it, and a writer that fails leaves no file behind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.provenance import sha256_file
from imagia.core.registry import get_tool, load_ref

# fast tools of several domains, each run on its demo input (made by the project)
DEMO_TOOLS = (
    "schedule-talent",
    "finance-waterfall",
    "finance-anomalies",
    "script-breakdown",
    "budget-topsheet",
)


def _check_outputs(ws: wsmod.Workspace, job: jobs.Job, inputs: list[Path]) -> int:
    """Check every JSON output and CSV sidecar of ``job``; return how many were checked."""
    sums = {sha256_file(p) for p in inputs}
    checked = 0
    for o in job.outputs:
        path = ws.root / o["path"]
        if path.suffix == ".csv":
            side = path.with_name(path.name + ".provenance.json")
            assert side.is_file(), f"{o['path']} has no provenance sidecar"
            assert json.loads(side.read_text())["output"]["sha256"] == sha256_file(path)
        if path.suffix != ".json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        prov = data if o["kind"] == "provenance/json" else data["provenance"]
        assert prov["schema"] == "Provenance.1", o["path"]
        assert prov["tool"] == job.tool, o["path"]
        assert {i["sha256"] for i in prov["inputs"]} >= sums, o["path"]
        assert prov["generator"].startswith("imagia ") and prov["created"]
        checked += 1
    return checked


@pytest.mark.parametrize("tool_id", DEMO_TOOLS)
def test_every_json_output_carries_the_jobs_provenance(ws: wsmod.Workspace, tool_id: str) -> None:
    params, inputs = load_ref(str(get_tool(tool_id).demo))(ws)
    job = jobs.run(ws, jobs.submit(ws, tool_id, params, inputs).id)
    assert job.status == "done", job.error
    assert _check_outputs(ws, job, inputs) >= 1
    assert job.provenance["schema"] == "Provenance.1"


def test_loudness_outputs_json_csv_with_sidecar_and_html(
    ws: wsmod.Workspace, sine_wav: Path
) -> None:
    job = jobs.run(ws, jobs.submit(ws, "audio-loudness", {"media": str(sine_wav)}, [sine_wav]).id)
    assert job.status == "done", job.error
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    assert set(kinds) == {"report/json", "curve/csv", "provenance/json", "report/html"}
    assert _check_outputs(ws, job, [sine_wav]) == 2
    report = json.loads(kinds["report/json"].read_text())
    assert report["provenance"]["inputs"][0]["sha256"] == sha256_file(sine_wav)
    assert report["provenance"]["details"]["engine"].startswith("ffmpeg ebur128")
    assert job.provenance["details"]["engine"].startswith("ffmpeg ebur128")  # the job record
    assert kinds["curve/csv"].read_text().startswith("t_s,momentary_lufs,short_term_lufs\n")


@pytest.fixture
def ctx(ws: wsmod.Workspace, sine_wav: Path) -> jobs.JobContext:
    job = jobs.create(ws, get_tool("audio-loudness"), {"media": str(sine_wav)}, [sine_wav])
    return jobs.JobContext(ws, job.id, None)


def _leftovers(ctx: jobs.JobContext) -> list[str]:
    return sorted(p.name for p in ctx.output_dir.iterdir())


def _registered(ctx: jobs.JobContext) -> list[str]:
    return [o["path"] for o in jobs.get(ctx.ws, ctx.id).outputs]


def test_write_json_embeds_details_models_and_returns_the_path(
    ctx: jobs.JobContext, tmp_path: Path
) -> None:
    ctx.use_model({"model": "m", "where": "package", "licence": "MIT"})
    extra = tmp_path / "extra.txt"
    extra.write_text("x", encoding="utf-8")
    ctx.use_input(extra)
    ctx.use_input(extra)  # once only
    path = ctx.write_json(
        "r.json", {"schema": "R.1", "n": 1}, "report/json", details={"engine": "e"}
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    prov = data["provenance"]
    assert data["n"] == 1 and prov["tool"] == "audio-loudness"
    assert prov["details"] == {"engine": "e"} and prov["ai_generated"] is True
    assert prov["models"][0]["licence"] == "MIT"
    assert [i["sha256"] for i in prov["inputs"]][1:] == [sha256_file(extra)]
    assert _registered(ctx) == [str(path.relative_to(ctx.ws.root))]
    # a foreign standard or a list stays exactly as given
    listed = ctx.write_json("l.json", [1, 2], "data/json")
    assert json.loads(listed.read_text()) == [1, 2]
    exact = ctx.write_json("x.otio", {"OTIO_SCHEMA": "Timeline.1"}, "timeline/otio", embed=False)
    assert json.loads(exact.read_text()) == {"OTIO_SCHEMA": "Timeline.1"}


def test_write_csv_text_and_bytes(ctx: jobs.JobContext) -> None:
    path = ctx.write_csv(
        "c.csv", [{"a": 1, "b": "é,x"}, [2, None]], ["a", "b"], "data/csv", details={"engine": "e"}
    )
    assert path.read_text(encoding="utf-8") == 'a,b\n1,"é,x"\n2,\n'
    side = json.loads((ctx.output_dir / "c.csv.provenance.json").read_text())
    assert side["schema"] == "Provenance.1" and side["output"] == {
        "path": "c.csv",
        "sha256": sha256_file(path),
    }
    assert ctx.write_text("t.html", "<p>é</p>", "report/html").read_bytes() == "<p>é</p>".encode()
    assert ctx.write_bytes("b.pdf", b"%PDF", "report/pdf").read_bytes() == b"%PDF"
    kinds = {o["kind"] for o in jobs.get(ctx.ws, ctx.id).outputs}
    assert kinds == {"data/csv", "provenance/json", "report/html", "report/pdf"}


def test_a_failing_writer_leaves_no_file_and_registers_nothing(ctx: jobs.JobContext) -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(ValueError, match="Circular"):
        ctx.write_json("r.json", loop, "report/json")
    assert _leftovers(ctx) == [] and _registered(ctx) == []

    def rows() -> Iterator[list[int]]:
        yield [1]
        raise RuntimeError("source broke")

    with pytest.raises(RuntimeError, match="source broke"):
        ctx.write_csv("c.csv", rows(), ["a"], "data/csv")
    assert _leftovers(ctx) == [] and _registered(ctx) == []
    # an existing output is kept whole when its rewrite fails
    good = ctx.write_json("r.json", {"n": 1}, "report/json")
    before = good.read_bytes()
    with pytest.raises(ValueError):
        ctx.write_json("r.json", loop, "report/json")
    assert good.read_bytes() == before and _leftovers(ctx) == ["r.json"]
