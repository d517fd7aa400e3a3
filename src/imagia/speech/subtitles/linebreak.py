"""Linguistic line and event breaks for French and English (no tagger needed).

``break_cost(a, b, lang)`` says how bad it is to break between word ``a`` and word ``b``: 0 after
a full stop, low after a comma or before a conjunction or preposition, high inside units that
subtitle guides keep together (article/determiner + noun, preposition + its object, subject
pronoun + verb, auxiliary or negation + verb, first + last name, number + unit).
``wrap`` picks the best lines for an event's words under the profile's limits.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

NEVER = 8.0  # article/determiner + noun
BAD = 4.0  # preposition + object, pronoun + verb, auxiliary + verb
POOR = 3.0  # names, numbers + units, conjunction at a line end
DEFAULT = 1.0
GOOD = 0.4  # before a conjunction or preposition
COMMA = 0.2
STOP = 0.0


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORDS: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        "det": _set(
            "a an the this that these those my your his her its our their no every "
            "each some any which what whose another such"
        ),
        "prep": _set(
            "of to in on at by for with from into onto about over under between "
            "through after before without within during against among towards upon "
            "across behind beyond near than"
        ),
        "pron": _set(
            "i you he she we they it i'm you're he's she's we're they're it's i'll "
            "you'll he'll she'll we'll they'll i've you've we've they've i'd you'd "
            "he'd she'd we'd they'd"
        ),
        "aux": _set(
            "not don't doesn't didn't won't can't couldn't shouldn't wouldn't isn't "
            "aren't wasn't weren't haven't hasn't hadn't will would shall should can "
            "could may might must have has had do does did is are was were be been "
            "being am to very so"
        ),
        "conj": _set(
            "and but or nor because so yet although though while if when whether "
            "unless since until that who whom which where as"
        ),
    },
    "fr": {
        "det": _set(
            "le la les l' un une des du de d' au aux ce cet cette ces mon ma mes ton "
            "ta tes son sa ses notre nos votre vos leur leurs quel quelle quels "
            "quelles chaque plusieurs quelques aucun aucune tout toute tous toutes"
        ),
        "prep": _set(
            "à dans par pour en vers avec sans sous sur chez entre contre depuis "
            "pendant avant après selon malgré parmi jusqu'à près"
        ),
        "pron": _set(
            "je j' tu il elle on nous vous ils elles me m' te t' se s' lui leur y c' ça cela ceci"
        ),
        "aux": _set(
            "ne n' pas ai as a avons avez ont avait avaient aurai aura suis es est "
            "sommes êtes sont était étaient sera vais vas va allons allez vont peux "
            "peut pouvons pouvez peuvent dois doit devons devez doivent veux veut "
            "voulons voulez veulent faut très plus"
        ),
        "conj": _set(
            "et mais ou donc or ni car que qu' qui quand lorsque parce puisque comme "
            "si où dont quoique tandis"
        ),
    },
}
# adjectives that stand before their noun (the guides: never break a noun from its adjective)
_ADJ = {
    "en": _set(
        "little big old new good bad great small long young last first next other same whole "
        "only own few many several"
    ),
    "fr": _set(
        "petit petite petits petites grand grande grands grandes bon bonne bons bonnes beau "
        "bel belle beaux belles nouveau nouvel nouvelle nouveaux nouvelles vieux vieil vieille "
        "vieilles jeune jeunes premier première premiers premières dernier dernière derniers "
        "dernières autre autres même mêmes seul seule seuls seules mauvais mauvaise gros "
        "grosse long longue haut haute vrai vraie"
    ),
}
# French "de", "du", "des", "au", "aux" are articles after which no line ends, and also the
# prepositions a line may start with ("un petit village | au bord de la mer")
_OPENS = {"en": frozenset[str](), "fr": _set("de du des au aux")}
_UNITS = _set(
    "% € $ km m cm mm kg g h min s ans euros dollars percent pour cent heures minutes secondes"
)
_EDGE = re.compile(r"^[\"'«»“”‘’(\[¿¡-]+|[\"'«»“”‘’)\].,;:!?…-]+$")


def _clean(word: str) -> str:
    return _EDGE.sub("", word.strip()).strip().lower()


def tokens(text: str) -> list[str]:
    """Words of ``text`` split on spaces and line breaks only: a non-breaking space (French
    "soir\u00a0?") holds its word together."""
    return [w for w in re.split(r"[ \t\n]+", text) if w]


def lang_of(lang: str | None) -> str:
    return "fr" if (lang or "").lower().startswith("fr") else "en"


@lru_cache(maxsize=65536)
def break_cost(a: str, b: str, lang: str = "en") -> float:
    """Cost of ending a line (or an event) after ``a`` when ``b`` follows."""
    words = _WORDS[lang_of(lang)]
    sa = a.strip()
    if sa.endswith((".", "!", "?", "…", "♪")) and not sa.endswith(("Mr.", "Mrs.", "Dr.", "M.")):
        return STOP
    if sa.endswith((",", ";", ":", "—", "–")) or sa.endswith(")"):
        return COMMA
    ca, cb = _clean(a), _clean(b)
    cost = DEFAULT
    if ca in words["det"]:
        cost = NEVER
    elif ca in words["pron"]:
        # subject pronoun + verb stays together; an object pronoun before a preposition,
        # conjunction or article ends its phrase ("vote against it | at the meeting")
        follows = words["prep"] | words["conj"] | words["det"]
        return GOOD if cb in follows else BAD
    elif ca in words["prep"] or ca in words["aux"] or ca in _ADJ[lang_of(lang)]:
        cost = BAD
    elif ca in words["conj"] or (ca[:1].isdigit() and (cb in _UNITS or cb[:1].isdigit())):
        cost = POOR
    elif sa[:1].isupper() and b.strip()[:1].isupper() and len(ca) > 1:
        cost = POOR  # first + last name, "New York"
    opens = cb in words["conj"] or cb in words["prep"] or cb in _OPENS[lang_of(lang)]
    opens = opens or (lang_of(lang) == "fr" and cb.startswith("d'"))
    if cost <= DEFAULT and (opens or b.strip()[:1] in "([-«“"):
        cost = GOOD
    return cost


def _join(words: list[str]) -> str:
    return " ".join(w.strip() for w in words)


def wrap(
    words: list[str],
    max_chars: int,
    max_lines: int,
    lang: str = "en",
) -> tuple[list[str], float] | None:
    """Best lines for ``words``: one line when it fits, else the split with the lowest break
    cost (a slightly bottom-heavy shape wins ties). ``None`` when no split fits."""
    text = _join(words)
    if len(text) <= max_chars:
        return [text], 0.0
    n = len(words)
    if max_lines < 2 or len(text) > max_lines * (max_chars + 1):
        return None
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + len(w.strip()))
    best: tuple[list[str], float] | None = None

    def line_len(i: int, j: int) -> int:
        return prefix[j] - prefix[i] + (j - i - 1)

    # Two lines cover every profile we ship; three or more lines use a simple DP.
    if max_lines == 2:
        best_k, best_cost = 0, float("inf")
        for k in range(1, n):
            top, bottom = line_len(0, k), line_len(k, n)
            if top > max_chars or bottom > max_chars:
                continue
            cost = break_cost(words[k - 1], words[k], lang)
            cost += 0.02 * abs(top - bottom) + (0.1 if top > bottom else 0.0)
            if cost < best_cost:
                best_k, best_cost = k, cost
        if best_k:
            best = ([_join(words[:best_k]), _join(words[best_k:])], best_cost)
        return best
    inf = float("inf")
    dp: list[list[tuple[float, int]]] = [[(inf, -1)] * (n + 1) for _ in range(max_lines + 1)]
    dp[0][0] = (0.0, -1)
    for lines in range(1, max_lines + 1):
        for j in range(1, n + 1):
            for i in range(j):
                if dp[lines - 1][i][0] == inf or line_len(i, j) > max_chars:
                    continue
                c = dp[lines - 1][i][0] + (
                    break_cost(words[j - 1], words[j], lang) if j < n else 0.0
                )
                if c < dp[lines][j][0]:
                    dp[lines][j] = (c, i)
    options = [(dp[k][n][0], k) for k in range(1, max_lines + 1) if dp[k][n][0] < inf]
    if not options:
        return None
    cost, k = min(options)
    out: list[str] = []
    j = n
    while k > 0:
        i = dp[k][j][1]
        out.insert(0, _join(words[i:j]))
        j, k = i, k - 1
    return out, cost


def line_break_cost(lines: list[str], lang: str) -> float:
    """Break cost of existing lines (for QC)."""
    total = 0.0
    for top, bottom in itertools.pairwise(lines):
        a, b = tokens(top), tokens(bottom)
        if a and b:
            total += break_cost(a[-1], b[0], lang)
    return total
