"""Job entries of the game-creation tools: thin adapters from ``params`` to the Python API."""

from __future__ import annotations

from typing import Any


def run_levels(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.gamedev import metrics, preview, tiled
    from imagia.gamedev.generate import Options, generate

    example = None
    if params.get("example"):
        job.progress(0.02, "reading the example map")
        example = tiled.read(params["example"])
    options = Options(
        generator=params["generator"],
        count=int(params["count"]),
        seed=int(params["seed"]),
        width=int(params["width"]),
        height=int(params["height"]),
        coins=int(params["coins"]),
        enemies=int(params["enemies"]),
        difficulty=params["difficulty"],
        jump_height=int(params["jump_height"]),
        reach=int(params["reach"]),
        collect_all=bool(params.get("collect_all")),
        repair=not params.get("no_repair"),
    )
    n = options.count
    batch = generate(
        options,
        example,
        lambda i, total: job.progress(0.05 + 0.8 * i / total, f"level {i} of {total} proven"),
    )
    job.progress(0.88, "writing the maps, previews and report")
    measured = [metrics.measure(g.level, g.solution) for g in batch.levels]
    job.write_bytes(f"levels/{tiled.TILESET_IMAGE}", tiled.tileset_png(), "tileset/png")
    rows: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []
    keep = int(params.get("previews", 12))
    prov = job.provenance(generator=options.generator)
    for g, m in zip(batch.levels, measured, strict=True):
        name = f"level-{g.index + 1:04d}"
        props = {
            "imagia.solution": g.solution.to_dict(),
            "imagia.seed": str(g.seed),
            "imagia.provenance": prov,
        }
        job.write_json(
            f"levels/{name}.json",
            tiled.to_json(g.level, name, props),
            "level/tiled-json",
            embed=False,
            indent=None,
        )
        job.write_text(f"levels/{name}.tmx", tiled.to_tmx(g.level, name, props), "level/tmx")
        row = {
            "level": name,
            "seed": g.seed,
            "attempts": g.attempts,
            "repaired_cells": len(g.edits),
            "explored_states": g.solution.explored,
            "seconds": round(g.seconds, 4),
            **m.to_dict(),
        }
        rows.append(row)
        if len(shown) < keep:
            job.write_bytes(
                f"previews/{name}.png", preview.png(g.level, g.solution.path), "level-preview/png"
            )
            shown.append({**row, "preview": f"previews/{name}.png"})
    job.write_bytes(
        "expressive-range.png",
        metrics.range_png(measured, options.generator),
        "expressive-range/png",
    )
    candidates = n + batch.rejected + batch.failed
    result: dict[str, Any] = {
        "generator": options.generator,
        "count": n,
        "seed": options.seed,
        "width": options.width,
        "seconds": round(batch.seconds, 3),
        "ms_per_level": round(1000 * batch.seconds / n, 1),
        "proven": len(batch.levels),
        "repaired": batch.repaired,
        "rejected": batch.rejected,
        "failed": batch.failed,
        "candidates": candidates,
        "repaired_share": round(batch.repaired / n, 4),
        "rejected_share": round(batch.rejected / candidates, 4),
        "duplicates_rate": round(metrics.duplicates_rate([g.level for g in batch.levels]), 4),
        "coverage": round(metrics.coverage(measured), 4),
        "summary": metrics.summary(measured),
        "levels": shown,
    }
    job.write_json(
        "levels-report.json",
        {"schema": "LevelBatch.1", **result, "all": rows},
        "levels-report/json",
    )
    job.write_csv("levels.csv", rows, list(rows[0]), "levels/csv")
    return result


def run_texture(params: dict[str, Any], job: Any) -> dict[str, Any]:
    import time

    from imagia.gamedev import seams, texture

    options = texture.Options(
        preset=params["preset"], size=int(params["size"]), seed=int(params["seed"])
    )
    job.progress(0.05, f"{options.preset}: noise and height")
    t0 = time.perf_counter()
    maps = texture.make(options)
    seconds = time.perf_counter() - t0
    job.progress(0.6, "writing the maps and previews")
    lit = texture.lit(maps.albedo, maps.normal) / 255.0
    files = {
        "albedo.png": (texture.png(maps.albedo), "texture-albedo/png"),
        "height.png": (texture.png(maps.height, sixteen=True), "texture-height/png"),
        "normal.png": (texture.png(texture.encode_normal(maps.normal)), "texture-normal/png"),
        "roughness.png": (texture.png(maps.roughness), "texture-roughness/png"),
        "tiled-2x2.png": (texture.png(texture.tile2x2(maps.albedo)), "texture-preview/png"),
        "lit-2x2.png": (texture.png(texture.tile2x2(lit)), "texture-preview/png"),
    }
    checks: dict[str, dict[str, float]] = {}
    for name, (data, kind) in files.items():
        job.write_bytes(name, data, kind)
        if not name.endswith("2x2.png"):
            checks[name.removesuffix(".png")] = seams.measure_png(data, name).to_dict()
    worst = max(c["ratio"] for c in checks.values())
    result: dict[str, Any] = {
        "preset": options.preset,
        "size": options.size,
        "seed": options.seed,
        "seconds": round(seconds, 3),
        "normal_convention": "OpenGL (+Y up), tangent space",
        "seam_ratio": round(worst, 4),
        "seams": checks,
        "engine": "periodic gradient noise (numpy), no generative model",
    }
    job.write_json("texture-report.json", {"schema": "Texture.1", **result}, "texture-report/json")
    return result
