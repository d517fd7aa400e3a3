"""Recommendation models behind one interface: fit on a binary user x item matrix, score users.

- ``popularity``: how many users interacted with each item (the baseline of every paper).
- ``itemknn``: item-item cosine similarity, the ``k`` nearest neighbours kept per item.
- ``ease``: Steck's EASE (2019), a closed-form item-item linear model with L2 weight ``lambda``.
- ``als``: implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008) from the
  ``implicit`` package.
Defaults follow RecBole's (ItemKNN k=100, EASE reg_weight=250) unless said otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy import sparse

from imagia.core.errors import BadValue, MissingDependency


class Model(Protocol):
    name: str

    def fit(self, x: sparse.csr_matrix) -> None: ...

    def scores(self, users: np.ndarray) -> np.ndarray:
        """Scores (len(users) x items), higher is better; history not masked."""
        ...


@dataclass
class Popularity:
    name: str = "popularity"
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def fit(self, x: sparse.csr_matrix) -> None:
        self.counts = np.asarray(x.sum(axis=0)).ravel().astype(np.float32)

    def scores(self, users: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.counts, (len(users), self.counts.size)).copy()


@dataclass
class ItemKNN:
    k: int = 100
    shrink: float = 0.0
    name: str = "itemknn"
    x: sparse.csr_matrix | None = None
    sim: sparse.csr_matrix | None = None

    def fit(self, x: sparse.csr_matrix) -> None:
        self.x = x
        self.sim = cosine_topk(x, self.k, self.shrink)

    def scores(self, users: np.ndarray) -> np.ndarray:
        assert self.x is not None and self.sim is not None
        return np.asarray((self.x[users] @ self.sim).todense(), dtype=np.float32)


def cosine_topk(x: sparse.csr_matrix, k: int, shrink: float = 0.0) -> sparse.csr_matrix:
    """Item-item cosine similarity of the columns of ``x``, the ``k`` largest per item kept
    (row i holds the neighbours of item i, transposed so that ``X @ S`` scores items)."""
    xc = x.tocsc().astype(np.float32)
    norms = np.sqrt(np.asarray(xc.multiply(xc).sum(axis=0)).ravel())
    co = (xc.T @ xc).toarray()
    denom = np.outer(norms, norms) + shrink + 1e-8
    sim = co / denom
    np.fill_diagonal(sim, 0.0)
    n = sim.shape[0]
    kk = min(k, n - 1) if n > 1 else 0
    if kk <= 0:
        return sparse.csr_matrix(sim.shape, dtype=np.float32)
    # keep the k nearest neighbours of each item j (column j), as ItemKNN's scoring sums over
    # the user's items i the similarity s(i, j) for j in the neighbourhood of i
    idx = np.argpartition(-sim, kk - 1, axis=1)[:, :kk]
    rows = np.repeat(np.arange(n), kk)
    vals = sim[rows, idx.ravel()]
    return sparse.csr_matrix((vals.astype(np.float32), (rows, idx.ravel())), shape=sim.shape)


@dataclass
class EASE:
    lam: float = 250.0
    name: str = "ease"
    x: sparse.csr_matrix | None = None
    b: np.ndarray | None = None

    def fit(self, x: sparse.csr_matrix) -> None:
        self.x = x
        g = (x.T @ x).toarray().astype(np.float64)
        g[np.diag_indices_from(g)] += self.lam
        p = np.linalg.inv(g)
        b = -p / np.diag(p)
        np.fill_diagonal(b, 0.0)
        self.b = b.astype(np.float32)

    def scores(self, users: np.ndarray) -> np.ndarray:
        assert self.x is not None and self.b is not None
        return np.asarray(self.x[users] @ self.b, dtype=np.float32)


@dataclass
class ALS:
    factors: int = 64
    regularization: float = 0.05
    iterations: int = 15
    alpha: float = 10.0
    seed: int = 0
    name: str = "als"
    user_factors: np.ndarray | None = None
    item_factors: np.ndarray | None = None

    def fit(self, x: sparse.csr_matrix) -> None:
        try:
            from implicit.cpu.als import AlternatingLeastSquares
        except ImportError:
            raise MissingDependency(
                "the als model needs the implicit package", hint="pip install implicit==0.7.3"
            ) from None
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, "blas"):  # implicit's advice: BLAS threads fight its own
            model = AlternatingLeastSquares(
                # never more factors than a quarter of the items: a tiny catalogue would be
                # memorised, not generalised
                factors=max(2, min(self.factors, x.shape[1] // 4)),
                regularization=self.regularization,
                iterations=self.iterations,
                alpha=self.alpha,
                random_state=self.seed,
                calculate_training_loss=False,
            )
            model.fit(x.astype(np.float32), show_progress=False)
        self.user_factors = np.asarray(model.user_factors)
        self.item_factors = np.asarray(model.item_factors)

    def scores(self, users: np.ndarray) -> np.ndarray:
        assert self.user_factors is not None and self.item_factors is not None
        return np.asarray(self.user_factors[users] @ self.item_factors.T, dtype=np.float32)


MODELS: dict[str, Callable[..., Any]] = {
    "popularity": Popularity,
    "itemknn": ItemKNN,
    "ease": EASE,
    "als": ALS,
}


def make(name: str, **options: Any) -> Model:
    """A new, unfitted model by name."""
    if name not in MODELS:
        raise BadValue("model", name, MODELS)
    model: Model = MODELS[name](**options)
    return model
