"""Recommendations for one user: a fitted model, the editorial controls, and a reason for each.

Reasons are the ones a viewer or an editor can check: "same director as X" (a work of the
user's history by one of the same directors, when the catalogue names them), "because you
watched X" (the item of the user's history most often watched by the same people), "editorial
pick" (pinned, or placed by the editorial quota among the catalogue's editorial works), a
quota ("French original work"), or "popular" for a user with no history (cold start).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from imagia.broadcast import models
from imagia.broadcast.controls import Controls, Quota, rerank, shortlist
from imagia.broadcast.interactions import Interactions
from imagia.broadcast.items import Item, rating_rank
from imagia.core.errors import NotFound

_QUOTA_WORDS = {
    "eof": ("French original work (quota)", "œuvre d'expression originale française (quota)"),
    "european": ("European work (quota)", "œuvre européenne (quota)"),
    "long_tail": ("less-seen work (discovery)", "œuvre moins vue (découverte)"),
    "new": ("new work that fits your taste", "nouveauté proche de vos goûts"),
    "editorial": ("editorial pick", "choix de la rédaction"),
}
LONG_TAIL = 0.8  # items outside the 20 % most watched are the "long tail"


@dataclass
class Recommender:
    """A model fitted on every interaction, with what explanations and controls need."""

    items: list[Item]
    data: Interactions
    x: sparse.csr_matrix  # binary users x items, all interactions
    model: models.Model
    flags: dict[str, np.ndarray]
    genre: np.ndarray  # main genre index per item
    rating: np.ndarray  # age-rating rank per item
    xc: sparse.csc_matrix | None = None  # x by columns, for the reasons
    users: dict[str, int] | None = None
    features: np.ndarray | None = None  # unit rows: genres and decade, for new works
    cold: np.ndarray | None = None  # works nobody has watched yet

    def __post_init__(self) -> None:
        self.xc = self.x.tocsc()
        self.users = {u: k for k, u in enumerate(self.data.users)}
        self.features = content_features(self.items)
        self.cold = np.asarray(self.x.sum(axis=0)).ravel() == 0

    @property
    def index(self) -> dict[str, int]:
        return {it.id: k for k, it in enumerate(self.items)}


@dataclass(frozen=True)
class Pick:
    item: str
    title: str
    score: float
    why_en: str  # the reason, without the title it names
    why_fr: str
    because: str  # the title the reason names ("" when none)
    eof: bool
    european: bool
    age_rating: str


def content_features(items: list[Item]) -> np.ndarray:
    """Each work as a unit vector of its genres and its decade (what a new work has)."""
    genres = sorted({g for it in items for g in it.genres})
    decades = sorted({it.year // 10 for it in items if it.year})
    col = {g: k for k, g in enumerate(genres)}
    dec = {d: len(genres) + k for k, d in enumerate(decades)}
    f = np.zeros((len(items), len(genres) + len(decades)), dtype=np.float32)
    for i, it in enumerate(items):
        for g in it.genres:
            f[i, col[g]] = 1.0
        if it.year:
            f[i, dec[it.year // 10]] = 0.5
    norms = np.linalg.norm(f, axis=1, keepdims=True)
    return f / np.maximum(norms, 1e-9)


def with_cold_start(
    scores: np.ndarray, history: np.ndarray, features: np.ndarray, cold: np.ndarray
) -> np.ndarray:
    """Scores where works nobody has watched get a place from their metadata: the viewer's
    taste (mean features of the history) against each work, mapped onto the model's scale by
    a least-squares line fitted on the watched works, so a new work that fits the viewer's
    taste ranks like a watched work of the same fit."""
    if history.size == 0 or not cold.any() or cold.all():
        return scores
    taste = features[history].mean(axis=0)
    fit = features @ taste
    warm = ~cold
    b, a = np.polyfit(fit[warm], scores[warm], 1) if fit[warm].std() > 0 else (0.0, 0.0)
    out = scores.astype(np.float32, copy=True)
    out[cold] = a + max(b, 0.0) * fit[cold]
    return out


def binary(data: Interactions) -> sparse.csr_matrix:
    m = sparse.csr_matrix(
        (np.ones(len(data), dtype=np.float32), (data.user, data.item)),
        shape=(len(data.users), len(data.items)),
    )
    m.data[:] = 1.0
    return m


def item_flags(items: list[Item], x: sparse.csr_matrix) -> dict[str, np.ndarray]:
    """Boolean arrays per quota flag; the long tail is measured on ``x``'s popularity."""
    counts = np.asarray(x.sum(axis=0)).ravel()
    head = counts >= np.quantile(counts, LONG_TAIL) if counts.size else counts.astype(bool)
    return {
        "eof": np.array([it.eof for it in items], dtype=bool),
        "european": np.array([it.european for it in items], dtype=bool),
        "long_tail": ~head,
        "new": counts == 0,  # nobody has watched it yet: only its metadata can place it
        "editorial": np.array([it.editorial for it in items], dtype=bool),
    }


def main_genres(items: list[Item]) -> np.ndarray:
    names: dict[str, int] = {}
    return np.array(
        [names.setdefault(it.genres[0] if it.genres else "", len(names)) for it in items]
    )


def fit(
    items: list[Item], data: Interactions, model: str = "ease", **options: object
) -> Recommender:
    """Fit ``model`` on all of ``data`` (whose item order is ``items``')."""
    x = binary(data)
    m = models.make(model, **options)
    m.fit(x)
    return Recommender(
        items=items,
        data=data,
        x=x,
        model=m,
        flags=item_flags(items, x),
        genre=main_genres(items),
        rating=np.array([rating_rank(it.age_rating) for it in items]),
    )


def candidates(
    rec: Recommender,
    scores: np.ndarray,
    history: np.ndarray,
    max_rating: str,
    banned: frozenset[int],
) -> np.ndarray:
    """Item indices best first, without the history, banned items and items above the rating."""
    s = scores.astype(np.float64).copy()
    s[history] = -np.inf
    s[rec.rating > rating_rank(max_rating)] = -np.inf
    if banned:
        s[list(banned)] = -np.inf
    order = np.argsort(-s, kind="stable")
    return order[np.isfinite(s[order])]


def _because(rec: Recommender, item: int, history: np.ndarray) -> tuple[str, str, str]:
    """(reason EN, reason FR, the title it names) for recommending ``item``."""
    if history.size == 0:
        return "popular with viewers", "populaire auprès du public", ""
    directors = set(rec.items[item].directors)
    if directors:
        same = [h for h in history if directors & set(rec.items[h].directors)]
        if same:
            return "same director as", "même réalisateur que", rec.items[same[-1]].title
    xc = rec.xc
    assert xc is not None
    col = xc[:, item]
    co = np.asarray((xc[:, history].T @ col).todense()).ravel()
    if co.max(initial=0) <= 0:
        shared = [h for h in history if set(rec.items[h].genres) & set(rec.items[item].genres)]
        if shared:
            return "same genre as", "même genre que", rec.items[shared[-1]].title
        return "popular with viewers", "populaire auprès du public", ""
    norms = np.sqrt(np.asarray(xc[:, history].sum(axis=0)).ravel() * max(col.sum(), 1))
    best = history[int(np.argmax(co / np.maximum(norms, 1e-9)))]
    return "because you watched", "parce que vous avez regardé", rec.items[best].title


def recommend(
    rec: Recommender,
    user: str,
    n: int = 10,
    controls: Controls | None = None,
    max_rating: str = "-18",
) -> list[Pick]:
    """The ``n`` picks for ``user`` (an unknown user gets the popular picks: cold start)."""
    controls = controls or Controls()
    uid = (rec.users or {}).get(user)
    if uid is None:
        counts = np.asarray(rec.x.sum(axis=0)).ravel()
        scores, history = counts.astype(np.float32), np.array([], dtype=np.int64)
    else:
        scores = rec.model.scores(np.array([uid]))[0]
        history = rec.x.indices[rec.x.indptr[uid] : rec.x.indptr[uid + 1]].astype(np.int64)
        assert rec.features is not None and rec.cold is not None
        scores = with_cold_start(scores, history, rec.features, rec.cold)
    order = candidates(rec, scores, history, max_rating, controls.banned)
    ranked = rerank(shortlist(order, n, rec.flags), n, controls, rec.flags, rec.genre)
    picks = []
    for item, reason in zip(ranked.items, ranked.reasons, strict=True):
        title = ""
        if reason == "pin":
            en, fr = "editorial pick", "choix de la rédaction"
        elif reason.startswith("quota:"):
            en, fr = _QUOTA_WORDS[reason.split(":", 1)[1]]
        else:
            en, fr, title = _because(rec, item, history)
        it = rec.items[item]
        picks.append(
            Pick(
                it.id,
                it.title,
                float(scores[item]),
                en,
                fr,
                title,
                it.eof,
                it.european,
                it.age_rating,
            )
        )
    return picks


def item_index(rec: Recommender, ids: list[str], what: str) -> list[int]:
    """Indices of catalogue ids (for pins and bans); NotFound names an unknown one."""
    index = rec.index
    out = []
    for i in ids:
        if i not in index:
            raise NotFound(what, i, list(index)[:2000])
        out.append(index[i])
    return out


def quota_defaults() -> tuple[Quota, ...]:
    """The default editorial quotas: 40 % EOF and 60 % European in the first ten."""
    return (Quota("eof", 0.4, 10), Quota("european", 0.6, 10))
