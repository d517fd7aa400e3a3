"""A channel's own audience history: the reader names bad rows, the fitted model follows the
data where a cell is well seen and stays near the synthetic prior where it is not, and a grid
planned on it says which model it used."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from imagia.broadcast import gridrules, gridsynth, history, programmes
from imagia.broadcast.audience import SEASON, expected
from imagia.broadcast.programmes import Programme
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile

TEMPLATE = gridrules.load_template()
RULES = gridrules.load_rules()


def test_history_reader_names_the_row_and_refuses_a_share_alone(tmp_path: Path) -> None:
    p = tmp_path / "history.csv"
    p.write_text("date,start,genre,audience\n2026-01-05,18:00,series,1200\n2026-13-01,18:00,x,1\n")
    with pytest.raises(BadFile, match=r"row 3 column date"):
        history.read(p)
    p.write_text("date,start,genre,audience\n2026-01-05,18h,series,1200\n")
    with pytest.raises(BadFile, match=r"row 2 column start"):
        history.read(p)
    p.write_text("date,start,genre,share\n2026-01-05,18:00,series,12.5\n")
    with pytest.raises(BadFile, match="share alone"):
        history.read(p)
    p.write_text("date,start,audience\n2026-01-05,18:00,1200\n")
    with pytest.raises(BadFile, match="missing column"):
        history.read(p)


def test_fit_shrinks_towards_the_prior_when_data_is_thin() -> None:
    slot = gridrules.expand(TEMPLATE, RULES, date(2027, 1, 4), 1)[9]  # Monday 18:00
    series = Programme("s", "S", 52, "series", appeal=0.5)
    prior = expected(series, slot)
    # three January weekdays at 18:00 with four times the prior's audience; 01:00 is the
    # previous broadcast day's night
    rows = [f"2026-01-0{d},18:00,series,{4 * prior:.3f}" for d in (5, 6, 7)]
    rows.append("2026-01-06,01:00,film,300")
    past = history.parse("date,start,genre,audience\n" + "\n".join(rows) + "\n", "h.csv")
    assert past[-1].day == date(2026, 1, 5) and past[-1].start.hour == 1
    model = history.fit(past, TEMPLATE, "h.csv")
    # January both times: the season factors cancel; (3 x 4 prior + 5 x prior) / 8
    assert SEASON[1] == SEASON[slot.start.month]
    assert model(series, slot) == pytest.approx(prior * 17 / 8, rel=1e-6)
    game = Programme("g", "G", 52, "game", appeal=0.5)  # a cell with no data: the prior
    assert model(game, slot) == pytest.approx(expected(game, slot), rel=1e-9)
    saturday = gridrules.expand(TEMPLATE, RULES, date(2027, 1, 9), 1)[9]
    assert model(series, saturday) == pytest.approx(expected(series, saturday), rel=1e-9)
    d = model.describe()
    assert d["model"] == "history" and d["airings"] == 4 and d["cells"] == 2


def test_generated_history_is_learned_and_named_in_the_grid(tmp_path: Path) -> None:
    """The generated history (seed 0, documented in history.generate) tilts news at 20:00 up
    by 1.6 and games down by 0.7: a year of it moves the model there; the job says so."""
    rows = history.generate(TEMPLATE, date(2026, 1, 5), 364, seed=0)
    model = history.fit(history.parse(history.to_csv(rows)), TEMPLATE, "generated")
    slot = gridrules.expand(TEMPLATE, RULES, date(2027, 1, 4), 1)[11]  # 20:00
    news = Programme("n", "N", 52, "news", appeal=0.5)
    game = Programme("g", "G", 52, "game", appeal=0.5)
    assert model(news, slot) / expected(news, slot) == pytest.approx(1.6, rel=0.2)
    assert model(game, slot) / expected(game, slot) == pytest.approx(0.7, rel=0.2)

    ws = wsmod.init(tmp_path / "ws")
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    hist = ws.files_dir / "history.csv"
    hist.write_text(history.to_csv(rows[: 16 * 28]))
    cat = ws.files_dir / "programmes.csv"
    cat.write_text(programmes.to_csv(gridsynth.catalogue(300, date(2027, 1, 4), 1, seed=7)))
    params = {"programmes": str(cat), "days": 1, "method": "greedy", "history": str(hist)}
    job = jobmod.run(ws, jobmod.submit(ws, "grid-plan", params).id)
    assert job.status == "done", job.error
    words = job.result["audience_model"]
    assert words["model"] == "history" and "448 airings" in words["en"]
    assert "448 diffusions" in words["fr"]
    grid = json.loads(next(ws.root.glob("outputs/*/grid.json")).read_text())["grid"]
    shifted = [r for r in grid if r["genre"] in ("news", "game", "documentary")]
    assert shifted and all(r["audience_k"] > 0 for r in grid)
