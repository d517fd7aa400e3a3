"""Programme grids (a week and a 13-week season of one channel, 2,000 programmes): CP-SAT vs
the greedy planner (time to a first grid that keeps every rule, objective, gap to the proven
bound, quota margins, all re-checked by the independent checker). Then recommendation on
MovieLens 100k (from the recbole package): every model's NDCG@10,
Recall@10 and MRR@10 on RecBole's per-user 80/10/10 split (temporal and random), coverage,
Gini of exposure and EOF share, fit and scoring time; what each editorial control costs; the
per-request latency of one viewer's list (the API's path, model fitted once); and the scale
behaviour of EASE's fit and of batch scoring with the number of users.

RecBole's own run on the same split needs RecBole's full dependencies (ray<=2.6.3, tensorboard,
colorlog 4.7.2...), which clash with imagia's; its ml-1m table (NDCG@10 Pop 0.1006, ItemKNN
0.2389, BPR 0.2407, LightGCN 0.2476, EASE 0.2865) is quoted, not rerun, and is another data set.
"""

from __future__ import annotations

import os
import resource
import time

import numpy as np


def _table(rep: object) -> None:
    print(
        f"{'model':<11} {'control':<10} {'NDCG@10':>8} {'Rec@10':>7} {'MRR@10':>7} "
        f"{'cover':>6} {'Gini':>6} {'EOF':>5} {'EU':>5} {'fit s':>6} {'score s':>7} "
        f"{'vs none':>8}"
    )
    base: dict[str, float] = {}
    for r in rep.rows:  # type: ignore[attr-defined]
        if r.control == "none":
            base[r.model] = r.ndcg
        cost = "" if r.control == "none" else f"{r.ndcg / base[r.model] - 1:+.1%}"
        print(
            f"{r.model:<11} {r.control:<10} {r.ndcg:>8.4f} {r.recall:>7.4f} {r.mrr:>7.4f} "
            f"{r.coverage:>6.1%} {r.gini:>6.3f} {r.eof_share:>5.0%} {r.european_share:>5.0%} "
            f"{r.fit_s:>6.2f} {r.score_s:>7.3f} {cost:>8}"
        )


def grids() -> None:
    from datetime import date

    from imagia.broadcast import gridcheck, gridplan, gridrules, gridsynth

    rules, template = gridrules.load_rules(), gridrules.load_template()
    first = date(2027, 1, 4)
    plans = [(7, 60.0)] if os.environ.get("IMAGIA_BENCH_QUICK") else [(7, 60.0), (91, 300.0)]
    print("programme grid, 2,000 synthetic programmes (seed 0), default French rules:")
    for days, limit in plans:
        slots = gridrules.expand(template, rules, first, days)
        progs = gridsynth.catalogue(2000, first, days, seed=0)

        t = time.perf_counter()
        greedy = gridplan.greedy(progs, slots, template, rules)
        g_s = time.perf_counter() - t
        t = time.perf_counter()
        fixed = gridplan.repair(greedy, progs, slots, template, rules)
        r_s = time.perf_counter() - t
        keep = 60 if days <= 14 else 25
        plan = gridplan.solve(
            progs, slots, template, rules, time_limit=limit, hint=fixed, keep=keep
        )
        for name, p, secs in (
            ("greedy", greedy, g_s),
            ("greedy + repair", fixed, g_s + r_s),
            (f"CP-SAT {limit:.0f} s", plan, plan.seconds),
        ):
            found, quotas = gridcheck.check(gridplan.to_airings(p, slots, progs), progs, rules)
            worst = min((q.margin for q in quotas if q.margin is not None), default=0.0)
            gap = f", gap {p.gap:.2%}" if p.gap is not None else ""
            first_s = f", first grid {p.first_feasible_s:.1f} s" if p.first_feasible_s else ""
            empty = len(slots) - len(p.assign)
            name = f"{name} [{p.method}]" if p.method not in ("greedy", "cp-sat") else name
            print(
                f"  {days:>2} days, {len(slots):>4} slots, {empty} empty  {name:<16} "
                f"{p.audience:>12,.0f}k "
                f"in {secs:6.1f} s{first_s}{gap}; rules broken {len(found)}, "
                f"worst quota margin {worst:+.1%}"
            )


def cold_start(items: list, data: object) -> None:
    """10 % of the films hidden from training (as if just added): how often the held-out
    viewings of them are found, with one or two of the ten positions reserved for new works
    placed by their metadata, against one new work drawn at random."""
    from imagia.broadcast import metrics, models, recommend, split
    from imagia.broadcast.controls import Controls, Quota, rerank, shortlist

    rng = np.random.default_rng(0)
    new = rng.random(len(items)) < 0.1
    parts = split.make(data, "temporal")  # type: ignore[arg-type]
    train = parts.train.tolil()
    train[:, np.flatnonzero(new)] = 0
    train = train.tocsr()
    train.eliminate_zeros()
    hist = (train + parts.valid).tocsr()
    test_new = parts.test.multiply(new[None, :].astype(np.float32)).tocsr()
    test_new.eliminate_zeros()
    users = np.arange(train.shape[0])
    judged = np.flatnonzero(np.diff(test_new.indptr) > 0)
    feats = recommend.content_features(items)
    cold = np.asarray(train.sum(axis=0)).ravel() == 0
    flags = recommend.item_flags(items, train)
    model = models.make("ease")
    model.fit(train)
    scores = model.scores(users)
    print(f"\ncold start: {int(new.sum())} films new to the model, {judged.size} viewers watch one")
    for label, ctl in (
        ("no reserved position", Controls()),
        ("1 of 10 for new works", Controls(quotas=(Quota("new", 0.1, 10),))),
        ("2 of 10 for new works", Controls(quotas=(Quota("new", 0.2, 10),))),
    ):
        tops = []
        for u in users:
            h = hist.indices[hist.indptr[u] : hist.indptr[u + 1]]
            row = recommend.with_cold_start(scores[u], h, feats, cold).astype(np.float64)
            row[h] = -np.inf
            order = np.argsort(-row, kind="stable")
            tops.append(rerank(shortlist(order, 10, flags), 10, ctl, flags).items)
        top = np.array(tops)
        everyone = metrics.ranking(top, parts.test, users)["ndcg"]
        found = metrics.ranking(top[judged], test_new, judged)["recall"]
        print(f"  {label:<24} NDCG@10 (all) {everyone:.4f}  Recall@10 of new works {found:.4f}")
    picks = []
    for u in judged:
        h = set(hist.indices[hist.indptr[u] : hist.indptr[u + 1]].tolist())
        pool = [i for i in np.flatnonzero(new) if i not in h]
        picks.append([int(rng.choice(pool))] + [-1] * 9)  # one new work, nothing else
    rand = metrics.ranking(np.array(picks), test_new, judged)["recall"]
    print(f"  {'1 new work at random':<24} {'':>20}  Recall@10 of new works {rand:.4f}")


def run() -> None:
    grids()
    from imagia.broadcast import evaluate, models, movielens, recommend
    from imagia.broadcast.controls import Controls
    from imagia.broadcast.interactions import Interactions

    items, data = movielens.load()
    print(f"MovieLens 100k: {len(data.users)} users, {len(items)} items, {len(data)} ratings")
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    splits = ("temporal",) if os.environ.get("IMAGIA_BENCH_QUICK") else ("temporal", "random")
    for how in splits:
        rep = evaluate.run(items, data, split=how)
        print(f"\n{how} split (train {rep.train}, valid {rep.valid}, test {rep.test}):")
        _table(rep)

    cold_start(items, data)

    print("\none viewer's list (fit once, then rank with the default quotas), ms per request:")
    for name in ("ease", "itemknn", "als"):
        rec = recommend.fit(items, data, name)
        ctl = Controls(quotas=recommend.quota_defaults())
        times = []
        for u in data.users[:300]:
            t = time.perf_counter()
            recommend.recommend(rec, u, 10, ctl)
            times.append((time.perf_counter() - t) * 1000)
        p50, p95 = np.percentile(times, [50, 95])
        print(f"  {name:<8} p50 {p50:6.1f}  p95 {p95:6.1f}")

    print("\nscale: users sampled from ml-100k (all their ratings), EASE fit and batch top-10:")
    rng = np.random.default_rng(0)
    for n_users in (236, 471, 943):
        keep = np.sort(rng.choice(len(data.users), n_users, replace=False))
        mask = np.isin(data.user, keep)
        sub = Interactions(
            np.searchsorted(keep, data.user[mask]).astype(np.int32),
            data.item[mask],
            data.rating[mask],
            data.time[mask],
            [data.users[k] for k in keep],
            data.items,
        )
        x = recommend.binary(sub)
        m = models.make("ease")
        t = time.perf_counter()
        m.fit(x)
        fit = time.perf_counter() - t
        t = time.perf_counter()
        scores = m.scores(np.arange(n_users))
        np.argpartition(-scores, 10, axis=1)[:, :10]
        score = time.perf_counter() - t
        print(
            f"  {n_users:>4} users, {int(mask.sum()):>6} ratings: fit {fit:.2f} s, "
            f"score all {score * 1000:.0f} ms ({score / n_users * 1e6:.0f} µs/user)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the benchmark process: {peak:.0f} MB")
