"""The reference game, its playability proofs, the level generators and Tiled maps (issue 25)."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
import zlib
from itertools import pairwise
from pathlib import Path

import pytest
from gymnasium.utils.env_checker import check_env
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadFile, BadValue
from imagia.gamedev import cpsat, metrics, tiled
from imagia.gamedev.env import REWARD_EXIT, LevelEnv
from imagia.gamedev.game import ACTIONS, WON, Game, Physics
from imagia.gamedev.generate import Options, generate
from imagia.gamedev.repair import prove
from imagia.gamedev.solve import solve
from imagia.gamedev.tiles import Level

# A coin over a platform, an enemy to jump, a 3-wide pit, a ladder up to the exit.
PLAYABLE = Level.parse(
    """
    ..........................
    ..........................
    ...........o..............
    ..........###.........H...
    .................E....H.X.
    .S......####......#####.##
    #####..#####...####..#####
    #####..#####...####..#####
    """
)
# A pit five wide: more than the four cells one can drift in the air.
PIT = Level.parse(
    """
    ............
    ............
    .S........X.
    ###.....####
    ###.....####
    """
)
# A wall four high: more than a jump of three.
WALL = Level.parse(
    """
    ............
    ............
    ......#.....
    ......#.....
    ......#.....
    .S....#...X.
    ############
    """
)


def _play(level: Level, actions: tuple[int, ...], physics: Physics | None = None) -> tuple:
    """Replay ``actions`` through the Gymnasium environment: (won, total reward, steps)."""
    env = LevelEnv(level, physics, max_steps=10_000)
    env.reset(seed=0)
    total, terminated, info = 0.0, False, {}
    for n, a in enumerate(actions, 1):
        assert not terminated, f"the episode ended before action {n}"
        _, r, terminated, truncated, info = env.step(a)
        total += r
        assert not truncated
    return info.get("status") == WON and terminated, total, len(actions)


def test_env_passes_gymnasium_checker() -> None:
    env = LevelEnv(PLAYABLE, render_mode="rgb_array")
    check_env(env, skip_render_check=False)
    obs, _ = env.reset(seed=1)
    assert env.observation_space.contains(obs)
    frame = env.render()
    assert frame.shape == (PLAYABLE.height * 8, PLAYABLE.width * 8, 3)
    ansi = LevelEnv(PLAYABLE, render_mode="ansi")
    ansi.reset()
    assert "@" in ansi.render()


def test_env_death_and_truncation() -> None:
    env = LevelEnv(PIT, max_steps=3)
    env.reset()
    _, _, term, trunc, _ = env.step(ACTIONS.index("noop"))
    assert not term and not trunc
    env.step(0)
    _, _, term, trunc, _ = env.step(0)
    assert trunc and not term
    env = LevelEnv(PIT)
    env.reset()
    walk = [ACTIONS.index("right")] * 4
    dead = False
    for a in walk + [0] * 6:
        _, r, dead, _, info = env.step(a)
        if dead:
            break
    assert dead and info["status"] == 2 and r < 0  # walked into the pit and fell out


def test_hand_made_level_is_solved_and_the_path_replays_to_the_exit() -> None:
    sol = solve(Game(PLAYABLE))
    assert sol.playable and sol.steps > PLAYABLE.width - 5 and sol.jumps >= 2
    assert sol.path[0] == PLAYABLE.start and sol.path[-1] == PLAYABLE.exit
    won, reward, _ = _play(PLAYABLE, sol.actions)
    assert won and reward > REWARD_EXIT - 1
    greedy = solve(Game(PLAYABLE), collect_all=True)
    assert greedy.playable and greedy.steps >= sol.steps
    won, reward, _ = _play(PLAYABLE, greedy.actions)
    assert won and reward >= REWARD_EXIT + 1 - 0.01 * greedy.steps  # the coin on the way


@pytest.mark.parametrize("level", [PIT, WALL], ids=["pit", "wall"])
def test_unplayable_level_is_proven_unplayable(level: Level) -> None:
    sol = solve(Game(level))
    assert not sol.playable and sol.exhaustive and sol.explored > 5 and not sol.actions
    assert sol.to_dict()["proof"] == "exhaustive"
    # the same level under looser rules is playable: the proof depends on the physics
    loose = solve(Game(level, Physics(jump_height=5, reach=6)))
    assert loose.playable and _play(level, loose.actions, Physics(5, 6))[0]


def test_unreachable_coin_blocks_only_collect_all() -> None:
    boxed = Level.parse(
        """
        ..........
        ......###.
        .S....#o#X
        ##########
        """
    )
    assert solve(Game(boxed)).playable
    assert not solve(Game(boxed), collect_all=True).playable


def test_repair_makes_a_level_playable_or_rejects_it() -> None:
    for level in (PIT, WALL):
        fixed = prove(level, Physics())
        assert fixed is not None and fixed.repaired and fixed.solution.playable
        assert _play(fixed.level, fixed.solution.actions)[0]
        assert prove(level, Physics(), max_rounds=0) is None  # no repair allowed: rejected
    assert prove(PLAYABLE, Physics()).edits == ()  # type: ignore[union-attr]


@pytest.mark.parametrize("generator", ["cpsat", "wfc"])
def test_generators_only_return_levels_the_game_lets_one_finish(generator: str) -> None:
    opts = Options(generator=generator, count=2, seed=4, width=28 if generator == "cpsat" else 24)
    batch = generate(opts)
    assert len(batch.levels) == 2
    for g in batch.levels:
        assert g.solution.playable
        won, _, _ = _play(g.level, g.solution.actions)  # replayed in the env, not the solver
        assert won, g.level.text()
        assert g.level.start[0] < 3 and g.level.exit[0] >= g.level.width - 4
    again = generate(Options(**{**opts.__dict__, "count": 1}))
    assert again.levels[0].level == batch.levels[0].level  # seeded: the same level again


def test_generator_repairs_candidates_a_weaker_player_cannot_finish() -> None:
    weak = Options(generator="wfc", count=2, seed=2, width=24, jump_height=1, reach=1)
    batch = generate(weak)
    assert batch.repaired >= 1
    for g in batch.levels:
        assert _play(g.level, g.solution.actions, weak.physics())[0]


def test_cpsat_designer_constraints_hold() -> None:
    d = cpsat.Design(width=24, height=10, coins=2, enemies=1, difficulty="easy")
    level = cpsat.generate(d, seed=5)
    assert level.count("o") == 2 and level.count("E") == 1
    assert level.width == 24 and level.height == 10
    pits, run = [], 0
    for x in range(level.width):
        empty = all(r[x] != "#" for r in level.rows)
        run = run + 1 if empty else 0
        pits.append(run)
    assert max(pits) <= d.max_gap
    ground = [
        next((level.height - y for y, r in enumerate(level.rows) if r[x] == "#"), 0)
        for x in range(24)
    ]
    climbs = sum(1 for a, b in pairwise(ground) if a and b and b > a)
    assert all(b - a <= d.max_step for a, b in pairwise(ground) if a and b)
    obstacles = sum(1 for x in range(24) if pits[x] == 1) + 1 + climbs
    lo, hi = cpsat.BANDS["easy"]
    assert lo * 24 <= 10 * obstacles <= hi * 24  # the difficulty band, counted on the map
    assert all(level.rows[-1][x] == "#" for x in (0, 1, 2, 21, 22, 23))
    with pytest.raises(BadValue, match="cannot all hold"):
        cpsat.generate(cpsat.Design(width=12, enemies=9), seed=0)


def test_metrics_and_duplicates() -> None:
    sol = solve(Game(PLAYABLE))
    m = metrics.measure(PLAYABLE, sol)
    assert 0 <= m.linearity <= 1 and 0 <= m.leniency < 1 and 0 < m.density < 1
    assert m.enemies == 1 and m.pits == 2 and m.hazards_near_path >= 1
    flat = Level.parse(".S.......X\n##########")
    fm = metrics.measure(flat, solve(Game(flat)))
    assert fm.linearity == 1.0 and fm.leniency == 1.0 and fm.difficulty == 0.0
    assert metrics.duplicates_rate([flat, PLAYABLE, flat, flat]) == 0.5
    png = metrics.range_png([m, fm])
    assert png.startswith(b"\x89PNG")


def test_tiled_json_round_trip_and_format_fields(tmp_path: Path) -> None:
    doc = tiled.to_json(PLAYABLE, "t", {"imagia.seed": "3"})
    p = tmp_path / "t.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert tiled.read(p) == PLAYABLE
    assert doc["type"] == "map" and doc["orientation"] == "orthogonal"
    assert (doc["width"], doc["height"], doc["tilewidth"]) == (26, 8, 16)
    terrain, entities = doc["layers"]
    assert terrain["type"] == "tilelayer" and len(terrain["data"]) == 26 * 8
    ts = doc["tilesets"][0]
    assert ts["firstgid"] == 1 and max(terrain["data"]) < ts["firstgid"] + ts["tilecount"]
    kinds = {o["type"] for o in entities["objects"]}
    assert entities["type"] == "objectgroup" and kinds == {"start", "exit", "enemy"}
    start = next(o for o in entities["objects"] if o["type"] == "start")
    assert (start["x"] // 16, start["y"] // 16) == PLAYABLE.start
    # base64 + zlib tile data, as Tiled writes it when asked, is read the same
    raw = b"".join(g.to_bytes(4, "little") for g in terrain["data"])
    terrain2 = {**terrain, "encoding": "base64", "compression": "zlib"}
    terrain2["data"] = base64.b64encode(zlib.compress(raw)).decode()
    assert tiled.from_json({**doc, "layers": [terrain2, entities]}) == PLAYABLE
    # TMX: well-formed, the same tiles in its CSV data
    root = ET.fromstring(tiled.to_tmx(PLAYABLE, "t"))
    assert root.tag == "map" and root.get("width") == "26"
    csv = root.find("layer/data").text  # type: ignore[union-attr]
    assert [int(v) for v in csv.replace("\n", "").split(",")] == terrain["data"]  # type: ignore[union-attr]
    assert len(root.findall("objectgroup/object")) == 3


def _bad(tmp_path: Path, name: str, data: object) -> str:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(BadFile) as exc:
        tiled.read(p)
    msg = str(exc.value)
    assert name in msg and "\n" not in msg
    return msg


def test_bad_maps_are_one_line_errors(tmp_path: Path) -> None:
    good = tiled.to_json(PLAYABLE)
    terrain, entities = good["layers"]
    assert "JSON" in _bad(tmp_path, "a.json", "{not json")
    assert "width" in _bad(tmp_path, "b.json", {**good, "width": "wide"})
    assert "tiles, expected" in _bad(
        tmp_path, "c.json", {**good, "layers": [{**terrain, "data": [0, 1]}, entities]}
    )
    assert "external tileset" in _bad(
        tmp_path, "d.json", {**good, "tilesets": [{"source": "x.tsx", "firstgid": 1}]}
    )
    no_start = {**entities, "objects": [o for o in entities["objects"] if o["type"] != "start"]}
    assert "start" in _bad(tmp_path, "e.json", {**good, "layers": [terrain, no_start]})
    assert "infinite" in _bad(tmp_path, "f.json", {**good, "infinite": True})
    assert "not a Tiled" in _bad(tmp_path, "g.json", [1, 2])
    off = {**entities, "objects": [{**entities["objects"][0], "x": 9999}]}
    assert "off the map" in _bad(tmp_path, "h.json", {**good, "layers": [terrain, off]})


def test_cli_levels_writes_maps_previews_and_report(tmp_path: Path) -> None:
    example = tmp_path / "example.json"
    example.write_text(json.dumps(tiled.to_json(PLAYABLE)), encoding="utf-8")
    out = tmp_path / "out"
    args = ["gamedev", "levels", "--generator", "wfc", "--count", "2", "--width", "20"]
    args += ["--example", str(example), "--seed", "1", "-w", str(tmp_path / "ws"), "-o", str(out)]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    assert r["proven"] == 2 and r["generator"] == "wfc" and len(r["levels"]) == 2
    maps = sorted((out / "levels").glob("level-*.json"))
    assert len(maps) == 2 and len(list((out / "levels").glob("*.tmx"))) == 2
    assert (out / "levels" / tiled.TILESET_IMAGE).is_file()
    assert (out / "previews" / "level-0001.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "expressive-range.png").is_file()
    for m in maps:  # each saved map carries its path, and the path wins the saved level
        level = tiled.read(m)
        props = {p["name"]: p["value"] for p in json.loads(m.read_text())["properties"]}
        sol = json.loads(props["imagia.solution"])
        assert sol["playable"] and _play(level, tuple(ACTIONS.index(a) for a in sol["actions"]))[0]
    report = json.loads((out / "levels-report.json").read_text())
    assert report["schema"] == "LevelBatch.1" and "provenance" in report and len(report["all"]) == 2
    bad = CliRunner().invoke(app, [*args[:-2], "--example", str(tmp_path / "missing.json")])
    assert bad.exit_code != 0
