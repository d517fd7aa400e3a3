"""Demo examples of the games tools: one small simulated data set with a fixed seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from imagia.core.provenance import atomic_write
from imagia.core.workspace import Workspace

DEMO_PLAYERS, DEMO_DAYS, DEMO_SEED = 300, 10, 7


def demo_data(ws: Workspace) -> tuple[Path, Path]:
    """``games-demo.jsonl`` and ``games-demo.truth.json`` in the workspace's files (made once)."""
    from imagia.games.schema import iter_lines
    from imagia.games.simulate import SimOptions, simulate

    events = ws.files_dir / "games-demo.jsonl"
    truth = ws.files_dir / "games-demo.truth.json"
    if not (events.exists() and truth.exists()):
        sim = simulate(SimOptions(players=DEMO_PLAYERS, days=DEMO_DAYS, seed=DEMO_SEED))
        with atomic_write(events) as fh:
            for line in iter_lines(sim.events, {"generator": "imagia demo", "seed": DEMO_SEED}):
                fh.write(line + "\n")
        with atomic_write(truth) as fh:
            json.dump(sim.truth(), fh)
    return events, truth


def simulate_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {"players": DEMO_PLAYERS, "days": DEMO_DAYS, "seed": DEMO_SEED}, []


def ratings_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    events, truth = demo_data(ws)
    return {"events": str(events), "truth": str(truth), "model": "openskill-pl"}, [events, truth]


def matchmaking_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    events, _ = demo_data(ws)
    return {"events": str(events), "arrival_rate": 2.0, "minutes": 10, "seed": DEMO_SEED}, [events]


def cheats_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    events, truth = demo_data(ws)
    return {"events": str(events), "truth": str(truth)}, [events, truth]


def moderation_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    events, _ = demo_data(ws)
    return {"events": str(events)}, [events]


def difficulty_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    return {
        "target": 0.7,
        "step": 0.15,
        "hysteresis": 0.07,
        "players": 100,
        "attempts": 120,
        "seed": DEMO_SEED,
    }, []


def analytics_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    events, truth = demo_data(ws)
    return {"events": str(events), "truth": str(truth), "horizon": 3}, [events, truth]


def support_example(ws: Workspace) -> tuple[dict[str, Any], list[Path]]:
    from imagia.games.support_kb import write_demo_kb

    kb = write_demo_kb(ws.files_dir / "games-faq")
    questions = [
        "How can I get my money back for a skin?",
        "Comment signaler un tricheur ?",
        "What is the recipe for a chocolate cake?",
    ]
    return {"kb": str(kb), "questions": "\n".join(questions)}, []
