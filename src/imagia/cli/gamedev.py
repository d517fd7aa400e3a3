"""``imagia gamedev ...``: game creation (procedural levels proven playable, textures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console
from imagia.cli.tools import emit_job, run_tool

app = typer.Typer(
    help=(
        "Game creation: procedural levels of the reference platformer, each proven playable; "
        "seamless procedural textures."
    ),
    no_args_is_help=True,
)


@app.command("levels")
def levels(
    generator: str = declared("gamedev-levels", "generator", "--generator"),
    count: int = declared("gamedev-levels", "count", "--count", "-n"),
    seed: int = declared("gamedev-levels", "seed", "--seed"),
    example: Path | None = declared("gamedev-levels", "example", "--example"),
    width: int = declared("gamedev-levels", "width", "--width"),
    height: int = declared("gamedev-levels", "height", "--height"),
    coins: int = declared("gamedev-levels", "coins", "--coins"),
    enemies: int = declared("gamedev-levels", "enemies", "--enemies"),
    difficulty: str = declared("gamedev-levels", "difficulty", "--difficulty"),
    jump_height: int = declared("gamedev-levels", "jump_height", "--jump-height"),
    reach: int = declared("gamedev-levels", "reach", "--reach"),
    collect_all: bool = declared("gamedev-levels", "collect_all", "--collect-all"),
    no_repair: bool = declared("gamedev-levels", "no_repair", "--no-repair"),
    previews: int = declared("gamedev-levels", "previews", "--previews"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also copy the maps, previews and report to this folder."
    ),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Generate levels (WFC or CP-SAT), prove each playable, write Tiled maps and previews."""
    params: dict[str, Any] = {
        "generator": generator,
        "count": count,
        "seed": seed,
        "example": str(example.resolve()) if example else None,
        "width": width,
        "height": height,
        "coins": coins,
        "enemies": enemies,
        "difficulty": difficulty,
        "jump_height": jump_height,
        "reach": reach,
        "collect_all": collect_all,
        "no_repair": no_repair,
        "previews": previews,
    }
    ws, job = run_tool(workspace, "gamedev-levels", params)
    copied = _copy_all(ws.root, job.outputs, job.id, output) if output else None
    if as_json:
        emit_job(job)
        return
    r = job.result
    s = r["summary"]
    console.print(
        f"{r['proven']} level(s) proven playable by {r['generator']} in {r['seconds']} s "
        f"({r['ms_per_level']} ms each): {r['repaired']} repaired, {r['rejected']} candidate(s) "
        f"rejected, duplicates {r['duplicates_rate']:.1%}",
        highlight=False,
        soft_wrap=True,
    )
    for key in ("linearity", "leniency", "density", "difficulty"):
        if key in s:
            v = s[key]
            console.print(
                f"  {key:<11} mean {v['mean']:.3f}  sd {v['sd']:.3f}  "
                f"range {v['min']:.3f}–{v['max']:.3f}",
                highlight=False,
            )
    folder = ws.root / "outputs" / job.id
    console.print(f"  → {folder}/levels-report.json, levels/, previews/", highlight=False)
    if copied:
        console.print(f"  → {copied}", highlight=False)


@app.command("texture")
def texture(
    preset: str = declared("gamedev-texture", "preset", "--preset"),
    size: int = declared("gamedev-texture", "size", "--size"),
    seed: int = declared("gamedev-texture", "seed", "--seed"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also copy the maps, previews and report to this folder."
    ),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Make a seamless procedural texture (no generative model) with its height, normal and
    roughness maps, tiled and lit previews and the seam error measured."""
    params: dict[str, Any] = {"preset": preset, "size": size, "seed": seed}
    ws, job = run_tool(workspace, "gamedev-texture", params)
    copied = _copy_all(ws.root, job.outputs, job.id, output) if output else None
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{r['preset']} texture {r['size']} × {r['size']} px, seed {r['seed']}, in "
        f"{r['seconds']} s; worst seam ratio {r['seam_ratio']:.2f} (≈ 1: seamless)",
        highlight=False,
        soft_wrap=True,
    )
    for name, c in r["seams"].items():
        console.print(f"  {name:<10} seam ratio {c['ratio']:.2f}", highlight=False)
    folder = ws.root / "outputs" / job.id
    console.print(
        f"  → {folder}/albedo.png, height.png, normal.png (OpenGL, +Y up), roughness.png, "
        "tiled-2x2.png, lit-2x2.png",
        highlight=False,
        soft_wrap=True,
    )
    if copied:
        console.print(f"  → {copied}", highlight=False)


def _copy_all(root: Path, outputs: list[dict[str, Any]], job_id: str, dest: Path) -> Path:
    """Every output of the job under ``dest``, keeping the job's own layout."""
    from imagia.core.provenance import atomic_write

    prefix = f"outputs/{job_id}/"
    for o in outputs:
        rel = o["path"][len(prefix) :] if o["path"].startswith(prefix) else Path(o["path"]).name
        with atomic_write(dest / rel, "wb") as fh:
            fh.write((root / o["path"]).read_bytes())
    return dest
