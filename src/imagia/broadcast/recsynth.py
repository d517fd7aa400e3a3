"""A generated catalogue and viewing history with directors and editorial picks, to show the
"same director" and "editorial pick" reasons (MovieLens names no directors). Everything here
is invented and seeded: 400 works by 80 directors (named "Director 01"...), each director
keeping to two genres; 5 % of the works are editorial picks; 600 viewers who each follow three
directors and one genre, and watch 12 to 40 works. ``python -m imagia.broadcast.recsynth DIR``
writes ``catalogue.csv`` and ``interactions.csv`` there."""

from __future__ import annotations

import random
import sys
from pathlib import Path

GENRES = ("Drama", "Comedy", "Thriller", "Documentary", "Animation", "Romance", "Crime", "Sci-Fi")


def generate(
    seed: int = 0, works: int = 400, directors: int = 80, viewers: int = 600
) -> tuple[str, str]:
    """(catalogue CSV, interactions CSV), generated with ``seed``."""
    rng = random.Random(seed)
    kept = [tuple(rng.sample(GENRES, 2)) for _ in range(directors)]
    cat = ["id,title,genres,year,director,eof,european,age_rating,editorial"]
    by_director: dict[int, list[int]] = {d: [] for d in range(directors)}
    genre_of: list[str] = []
    for w in range(works):
        d = rng.randrange(directors)
        by_director[d].append(w)
        genre = rng.choice(kept[d])
        genre_of.append(genre)
        u = rng.random()
        eof, eu = u < 0.35, u < 0.6
        cat.append(
            f"W{w:04d},Work {w},{genre},{rng.randint(1960, 2024)},Director {d + 1:02d},"
            f"{'yes' if eof else 'no'},{'yes' if eu else 'no'},"
            f"{rng.choice(('TP', 'TP', 'TP', '-10', '-12'))},"
            f"{'yes' if rng.random() < 0.05 else 'no'}"
        )
    inter = ["user,item,time"]
    t0 = 1_700_000_000
    for v in range(viewers):
        liked = rng.sample(range(directors), 3)
        genre = rng.choice(GENRES)
        pool = [w for d in liked for w in by_director[d]]
        pool += [w for w in range(works) if genre_of[w] == genre]
        seen = set()
        for k in range(rng.randint(12, 40)):
            w = rng.choice(pool) if rng.random() < 0.8 else rng.randrange(works)
            if w not in seen:
                seen.add(w)
                inter.append(f"V{v:04d},W{w:04d},{t0 + v * 1000 + k}")
    return "\n".join(cat) + "\n", "\n".join(inter) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m imagia.broadcast.recsynth FOLDER", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    cat, inter = generate()
    (out / "catalogue.csv").write_text(cat, encoding="utf-8")
    (out / "interactions.csv").write_text(inter, encoding="utf-8")
    print(f"{out / 'catalogue.csv'}\n{out / 'interactions.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
