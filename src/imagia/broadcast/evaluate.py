"""The offline protocol: split, fit each model on the training part, rank every item for every
user (full ranking, history masked), measure top-k quality, exposure and the share of French and
European works; then the same lists under each editorial control, to show what it costs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from imagia.broadcast import metrics, models
from imagia.broadcast.controls import Controls, Quota, rerank, shortlist
from imagia.broadcast.interactions import Interactions
from imagia.broadcast.items import Item
from imagia.broadcast.recommend import item_flags, main_genres
from imagia.broadcast.split import make as make_split

# The controls whose cost the evaluation reports (name -> controls), beside no control.
CONTROLS: dict[str, Controls] = {
    "quotas": Controls(quotas=(Quota("eof", 0.4, 10), Quota("european", 0.6, 10))),
    "discovery": Controls(quotas=(Quota("long_tail", 0.3, 10),)),
    "genre cap": Controls(max_same_genre=3),
}


@dataclass
class Row:
    model: str
    control: str
    ndcg: float
    recall: float
    mrr: float
    coverage: float
    gini: float
    eof_share: float
    european_share: float
    fit_s: float = 0.0
    score_s: float = 0.0
    shortfall_users: int = 0


@dataclass
class Report:
    split: str
    k: int
    users: int
    items: int
    train: int
    valid: int
    test: int
    rows: list[Row] = field(default_factory=list)


def topk(scores: np.ndarray, mask_rows: np.ndarray, mask_cols: np.ndarray, k: int) -> np.ndarray:
    """The k best items per row, best first, with the masked (history) cells excluded."""
    s = scores.astype(np.float32, copy=True)
    s[mask_rows, mask_cols] = -np.inf
    part = np.argpartition(-s, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(s, part, 1), axis=1, kind="stable")
    return np.take_along_axis(part, order, 1)


def run(
    items: list[Item],
    data: Interactions,
    model_names: tuple[str, ...] = ("popularity", "itemknn", "ease", "als"),
    split: str = "temporal",
    k: int = 10,
    controls: dict[str, Controls] | None = None,
    progress: Callable[[float, str], None] | None = None,
    sample_users: int = 0,
) -> Report:
    """Every model, then every control on each model's lists; ``progress(fraction, message)``.
    ``sample_users`` > 0 measures on that many users drawn with a fixed seed (all users still
    train the models): a large catalogue's evaluation in minutes, not hours."""
    controls = CONTROLS if controls is None else controls
    parts = make_split(data, split)
    hist = (parts.train + parts.valid).tocsr()
    users = np.arange(parts.train.shape[0])
    if 0 < sample_users < users.size:
        users = np.sort(np.random.default_rng(0).choice(users, sample_users, replace=False))
    hist_users = hist[users]
    hr, hc = hist_users.nonzero()
    flags = item_flags(items, parts.train)
    genre = main_genres(items)
    rep = Report(split, k, len(users), len(items), parts.train.nnz, parts.valid.nnz, parts.test.nnz)
    n_items = len(items)
    steps = len(model_names) * (1 + len(controls))
    done = 0
    for name in model_names:
        if progress:
            progress(done / steps, f"fitting {name}")
        t0 = time.perf_counter()
        model = models.make(name)
        model.fit(parts.train)
        t1 = time.perf_counter()
        scores = model.scores(users)
        full = scores.astype(np.float32, copy=True)
        full[hr, hc] = -np.inf
        top = topk(scores, hr, hc, k)
        t2 = time.perf_counter()
        rep.rows.append(
            _row(name, "none", top, parts.test, users, flags, n_items, t1 - t0, t2 - t1)
        )
        done += 1
        for cname, ctl in controls.items():
            if progress:
                progress(done / steps, f"{name} under {cname}")
            lists, short = [], 0
            for row_scores in full:
                order = np.argsort(-row_scores, kind="stable")
                order = order[np.isfinite(row_scores[order])]
                ranked = rerank(shortlist(order, k, flags), k, ctl, flags, genre)
                short += bool(ranked.shortfalls)
                lists.append(ranked.items + [ranked.items[-1]] * (k - len(ranked.items)))
            row = _row(name, cname, np.array(lists), parts.test, users, flags, n_items, 0, 0)
            row.shortfall_users = short
            rep.rows.append(row)
            done += 1
    return rep


def _row(
    model: str,
    control: str,
    top: np.ndarray,
    test: sparse.csr_matrix,
    users: np.ndarray,
    flags: dict[str, np.ndarray],
    n_items: int,
    fit_s: float,
    score_s: float,
) -> Row:
    r = metrics.ranking(top, test, users)
    return Row(
        model=model,
        control=control,
        ndcg=round(r["ndcg"], 4),
        recall=round(r["recall"], 4),
        mrr=round(r["mrr"], 4),
        coverage=round(metrics.coverage(top, n_items), 4),
        gini=round(metrics.gini(top, n_items), 4),
        eof_share=round(metrics.share(top, flags["eof"]), 4),
        european_share=round(metrics.share(top, flags["european"]), 4),
        fit_s=round(fit_s, 3),
        score_s=round(score_s, 3),
    )
