"""Splits of interactions for evaluation, as RecBole makes them for general recommenders.

- ``temporal``: each user's interactions sorted by time, the first 80 % to train, the next
  10 % to validation, the last 10 % to test (RecBole's ``RS: [0.8, 0.1, 0.1]``, ``order: TO``,
  ``group_by: user``), sizes rounded as RecBole does: the future is never used to predict the
  past.
- ``random``: the same proportions after shuffling each user's interactions with ``seed``
  (RecBole's default, ``order: RO``; its own shuffle differs, so the split is not RecBole's).
- ``leave-one-out``: each user's last interaction to test, the one before to validation.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from imagia.broadcast.interactions import Interactions
from imagia.core.errors import BadValue

SPLITS = ("temporal", "random", "leave-one-out")


@dataclass
class Split:
    """Binary user x item matrices (CSR, float32) of the three parts."""

    train: sparse.csr_matrix
    valid: sparse.csr_matrix
    test: sparse.csr_matrix


def _ratio_sizes(n: int, ratios: tuple[float, ...] = (0.8, 0.1, 0.1)) -> list[int]:
    # RecBole's split_by_ratio: cumulative boundaries int(n * cum), the rest to the last part.
    total = sum(ratios)
    cum = np.cumsum([r / total for r in ratios])[:-1]
    bounds = [int(n * c) for c in cum]
    sizes = [bounds[0]] + [b - a for a, b in itertools.pairwise(bounds)]
    sizes.append(n - bounds[-1])
    return sizes


def make(data: Interactions, how: str = "temporal", seed: int = 2020) -> Split:
    """Split ``data`` per user (time ties broken by the file's order)."""
    if how not in SPLITS:
        raise BadValue("split", how, SPLITS)
    key = data.time
    if how == "random":
        key = np.random.default_rng(seed).random(len(data))
    order = np.lexsort((np.arange(len(data)), key, data.user))
    user = data.user[order]
    item = data.item[order]
    parts: list[list[int]] = [[], [], []]
    starts = np.flatnonzero(np.r_[True, user[1:] != user[:-1]])
    ends = np.r_[starts[1:], user.size]
    for s, e in zip(starts, ends, strict=True):
        n = int(e - s)
        if how == "leave-one-out":
            sizes = [max(n - 2, 0), 1 if n >= 2 else 0, 1 if n >= 1 else 0]
            if n == 2:
                sizes = [1, 0, 1]
        else:
            sizes = _ratio_sizes(n)
        pos = int(s)
        for k, size in enumerate(sizes):
            parts[k].extend(range(pos, pos + size))
            pos += size
    shape = (len(data.users), len(data.items))

    def matrix(idx: list[int]) -> sparse.csr_matrix:
        ix = np.asarray(idx, dtype=np.int64)
        m = sparse.csr_matrix(
            (np.ones(ix.size, dtype=np.float32), (user[ix], item[ix])), shape=shape
        )
        m.data[:] = 1.0  # repeated plays count once
        return m

    return Split(matrix(parts[0]), matrix(parts[1]), matrix(parts[2]))
