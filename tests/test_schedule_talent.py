"""Talent scheduling: readers, exact solver vs brute force, published optima, CLI, bad input."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadFile, BadValue
from imagia.schedule.talent import TalentInstance, evaluate, generate, read_instance, solve

DATA = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[2] / "shared" / "data" / "talent",
            Path("/work/shared/data/talent"),
        )
        if (p / "optima.json").exists()
    ),
    None,
)

TINY = """tiny
4
3

1 0 1 0    1
1 1 0 1    2
0 1 1 0    3


1 2 3 1
"""
# CSPLib prob039's rehearsal example (Smith), MiniZinc rehearsal.mzn data: optimum 17 waiting.
REHEARSAL_DZN = """% Smith's rehearsal problem
num_pieces = 9;
num_players = 5;
duration = [2, 4, 1, 3, 3, 2, 5, 7, 6];
rehearsal = array2d(1..num_players, 1..num_pieces,
    [
     1,1,0,1,0,1,1,0,1,
     1,1,0,1,1,1,0,1,0,
     1,1,0,0,0,0,1,1,0,
     1,0,0,0,1,1,0,0,1,
     0,0,1,0,1,1,1,1,0
  ]);
"""
TALENT_DZN = """numScenes = 4;
numActors = 3;
ia = [|1,0,1,0|1,1,0,1|0,1,1,0|];
c = [1,2,3];
d = [1,2,3,1];
"""


def _brute(inst: TalentInstance) -> int:
    return min(evaluate(inst, list(p)) for p in itertools.permutations(range(inst.n)))


def test_reads_ddo_text_and_both_dzn_shapes(tmp_path: Path) -> None:
    (tmp_path / "tiny").write_text(TINY)
    (tmp_path / "tiny.dzn").write_text(TALENT_DZN)
    (tmp_path / "rehearsal.dzn").write_text(REHEARSAL_DZN)
    a = read_instance(tmp_path / "tiny")
    b = read_instance(tmp_path / "tiny.dzn")
    assert (a.n, a.m, a.durations, a.costs) == (4, 3, [1, 2, 3, 1], [1, 2, 3])
    assert a.cast == b.cast and a.durations == b.durations and a.costs == b.costs
    assert solve(a).total_cost == 29  # ddo's published optimum for "tiny"
    r = read_instance(tmp_path / "rehearsal.dzn")
    assert r.costs == [1] * 5 and r.n == 9
    res = solve(r)
    assert res.optimal and res.idle_cost == 17  # CSPLib: "optimal 17 units waiting"


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_exact_solvers_match_brute_force(seed: int) -> None:
    inst = generate(7, seed=seed, actors=5)
    best = _brute(inst)
    dp = solve(inst, "dp")
    assert dp.optimal and dp.total_cost == best
    assert evaluate(inst, dp.order) == best
    cp = solve(inst, "cpsat", time_limit=10)
    assert cp.total_cost == best and cp.optimal
    assert solve(inst, "greedy").total_cost >= best
    assert solve(inst, "script").order == list(range(7))


def test_merging_same_cast_and_empty_scenes_keeps_the_optimum() -> None:
    inst = TalentInstance("dup", [1, 2, 1, 1, 3, 1], [5, 3, 2], [{0, 2, 5}, {1, 2, 3}, {3, 4}])
    # scenes 0 and 5 share a cast; no actor in... add an empty scene by hand
    inst.durations.append(2)
    res = solve(inst, "dp")
    assert res.total_cost == _brute(inst)
    assert res.order[-1] == 6  # the cast-less scene goes last
    assert any("merged" in n for n in res.notes)


@pytest.mark.skipif(DATA is None, reason="../shared/data/talent not beside this checkout")
def test_published_optima_are_reached_and_proven() -> None:
    assert DATA is not None
    rows = json.loads((DATA / "optima.json").read_text())["instances"]
    for row in rows:
        inst = read_instance(DATA / row["file"])
        res = solve(inst)
        assert res.optimal, row["name"]
        assert res.total_cost == row["optimal_total_cost"], row["name"]
        assert res.idle_cost == row["optimal_idle_cost"], row["name"]
        assert res.fixed_cost == row["fixed_cost"], row["name"]


def test_cli_solve_talent_json(tmp_path: Path) -> None:
    f = tmp_path / "tiny.txt"
    f.write_text(TINY)
    out = CliRunner().invoke(
        app, ["schedule", "solve-talent", str(f), "--format", "json", "-w", str(tmp_path / "ws")]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["total_cost"] == 29 and data["optimal"] is True
    assert sorted(data["order"]) == [0, 1, 2, 3] and data["seconds"] >= 0
    assert evaluate(read_instance(f), data["order"]) == 29


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("x\n2\n1\n1 0 5\n1\n", "need 5 numbers"),
        ("x\n2\n1\n1 2 5\n1 1\n", "only 0 and 1"),
        ("x\n2\n1\n1 a 5\n1 1\n", "expected an integer, found 'a'"),
        ("x\n", "too short"),
        ("numScenes = 2;\nnumActors = 1;\nc = [1];\nd = [1,1];\n", "without 'ia'"),
    ],
)
def test_bad_instances_name_the_problem(tmp_path: Path, text: str, match: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_text(text)
    with pytest.raises(BadFile, match=match) as exc:
        read_instance(f)
    assert "bad.txt" in str(exc.value)


def test_bad_method_and_order() -> None:
    inst = generate(4, seed=0)
    with pytest.raises(BadValue, match="method"):
        solve(inst, "magic")
    with pytest.raises(BadValue, match="permutation"):
        evaluate(inst, [0, 0, 1, 2])
    with pytest.raises(BadFile, match="file not found"):
        read_instance(Path("/nonexistent/instance"))
