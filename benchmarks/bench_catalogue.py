"""Catalogue: load + validate, filter, search. Baseline: parsing the same YAML files without
validation (what any loader must at least do)."""

from __future__ import annotations

import yaml

from benchmarks.timing import best_of
from imagia.catalogue.loader import data_dir, load_usecase_dir
from imagia.catalogue.query import Catalogue, Filters

_L = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def run() -> None:
    folder = data_dir() / "usecases"
    files = sorted(folder.glob("*.yaml"))
    base = best_of(lambda: [yaml.load(f.read_text(encoding="utf-8"), Loader=_L) for f in files])
    load = best_of(lambda: load_usecase_dir(folder))
    cat = Catalogue.load()
    filt = best_of(lambda: cat.filter(Filters(sector="cinema_av", maturity_min=3)), 20)
    search = best_of(lambda: cat.search("sous-titrage automatique"), 20)
    print(f"{len(files)} cards")
    print(f"baseline yaml parse     {base * 1000:8.1f} ms")
    print(f"load + validate         {load * 1000:8.1f} ms  ratio {load / base:5.2f}x baseline")
    print(f"filter                  {filt * 1000:8.2f} ms  ratio {filt / base:5.3f}x baseline")
    print(f"search (2 words)        {search * 1000:8.2f} ms  ratio {search / base:5.3f}x baseline")
    # Scale: search over the catalogue repeated k times (a catalogue that grows with re-scorings
    # and workspace additions) should grow linearly.
    prev = None
    for k in (1, 4, 16):
        big = Catalogue(cat.cards * k, cat.history)
        big.history[-1].scores.update({})
        t = best_of(lambda big=big: big.search("doublage"), 5)  # type: ignore[misc]
        growth = f"  x{t / prev:4.1f} for x4 cards" if prev else ""
        print(f"search over {62 * k:5d} cards {t * 1000:8.2f} ms{growth}")
        prev = t
