"""Top-k metrics as RecBole defines them (full ranking), and exposure measures.

For a user with test items T and a ranked list L of k items: Recall@k = |L ∩ T| / |T|;
NDCG@k = DCG / IDCG with DCG = sum over hits at rank r of 1 / log2(r + 1) and IDCG the same for
min(|T|, k) hits at the top; MRR@k = 1 / rank of the first hit (0 without a hit). Averages over
users who have test items.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def ranking(topk: np.ndarray, test: sparse.csr_matrix, users: np.ndarray) -> dict[str, float]:
    """Recall, NDCG and MRR at k = topk.shape[1] over ``users`` (rows of ``topk``)."""
    k = topk.shape[1]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    recall = ndcg = mrr = 0.0
    counted = 0
    for row, u in enumerate(users):
        truth = test.indices[test.indptr[u] : test.indptr[u + 1]]
        if truth.size == 0:
            continue
        counted += 1
        hits = np.isin(topk[row], truth)
        recall += hits.sum() / truth.size
        ideal = discounts[: min(truth.size, k)].sum()
        ndcg += float((hits * discounts).sum() / ideal)
        first = np.flatnonzero(hits)
        mrr += 1.0 / (first[0] + 1) if first.size else 0.0
    n = max(counted, 1)
    return {
        "recall": float(recall / n),
        "ndcg": float(ndcg / n),
        "mrr": float(mrr / n),
        "users": float(counted),
    }


def coverage(topk: np.ndarray, n_items: int) -> float:
    """Share of the catalogue that appears in at least one list."""
    return float(np.unique(topk).size / n_items) if n_items else 0.0


def gini(topk: np.ndarray, n_items: int) -> float:
    """Gini coefficient of the items' exposure (appearances in the lists): 0 equal, 1 one item."""
    counts = np.bincount(topk.ravel(), minlength=n_items).astype(np.float64)
    if counts.sum() == 0:
        return 0.0
    x = np.sort(counts)
    n = x.size
    cum = np.cumsum(x)
    return float((n + 1 - 2 * (cum / cum[-1]).sum()) / n)


def share(topk: np.ndarray, flags: np.ndarray) -> float:
    """Share of the recommended slots filled by items whose flag is set."""
    return float(flags[topk].mean()) if topk.size else 0.0
