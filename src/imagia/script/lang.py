"""A small, honest language detector for screenplays: French or English by stop-word profiles.

It counts how many tokens belong to each language's list of frequent function words and picks
the language with the higher share; below 3 % of tokens (or 3 words) in either list, or with
no clear margin, it answers ``None`` ("unknown") instead of guessing. Scene-heading words
(JOUR/NUIT, DAY/NIGHT) count as weak evidence. Measured in the tests on the shipped samples
and on short sentences; it is not a general-purpose identifier (Spanish or Italian come out as
``None`` or, rarely, as the closer of the two).
"""

from __future__ import annotations

import re

_FR = set(
    """
le la les un une des du de d l au aux et ou mais donc or ni car que qui quoi dont où ce cet cette
ces son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos je tu il elle on nous vous ils
elles me te se lui y en ne pas plus rien jamais est sont était suis es sommes êtes ai as avons
avez ont a avait fait dans sur sous avec sans pour par vers chez entre comme tout tous toute
toutes très bien aussi encore déjà ici là oui non c qu n s j m t jour nuit soir matin
""".split()  # noqa: SIM905
)
_EN = set(
    """
the a an and or but so of to in on at by for with without from into onto over under as is are
was were be been being am i you he she it we they me him her us them my your his its our their
this that these those what who whom which where when why how not no yes do does did done have has
had will would can could should shall may might must there here just very all some any up out
then than too also only day night
""".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+", re.IGNORECASE)


def profile(text: str) -> dict[str, float]:
    toks = [t.lower() for t in _TOKEN.findall(text)]
    n = max(1, len(toks))
    fr = sum(t in _FR for t in toks)
    en = sum(t in _EN for t in toks)
    return {"fr": fr / n, "en": en / n, "tokens": float(len(toks)), "hits": float(max(fr, en))}


def detect_language(text: str) -> str | None:
    """``'fr'``, ``'en'`` or ``None`` when the evidence is too thin."""
    p = profile(text)
    fr, en = p["fr"], p["en"]
    if max(fr, en) < 0.03 or p["hits"] < 3:
        return None
    if fr > en * 1.3:
        return "fr"
    if en > fr * 1.3:
        return "en"
    return None
