"""Chat moderation in English and French: scores with evidence for human moderators, never bans.

- English: the packaged linear classifier of ``alt-profanity-check`` (trained on English
  comments), run on a de-obfuscated copy of the text, plus a short English lexicon for what it
  misses (``kys``, ``stfu``, slurs).
- French: a lexicon written for imagia — insults with their inflections (gender, plural), threats
  and harassment phrases, and mild words ("nul", "noob", "merde") that count only when aimed at
  someone ("t'es nul", "sale noob", "vous êtes nuls"). The English classifier scores French
  insults near 0.04 (../shared/MODELS.md), so it is not used on French lines.
- De-obfuscation before matching: accents dropped, leetspeak (``c0n``, ``sal0pe``, ``3`` → e),
  repeated letters (``connnnard``), spaced or dotted letters (``c o n n a r d``), and masks
  (``c*nnard``, ``p*te``: ``*`` stands for one or two letters, matched against the lexicon only).
- A line that reports or quotes an insult ("il m'a traité de connard, signalé") keeps its
  evidence but half its score.

Each result says which words or phrases matched and why. ``summarise`` groups results per
player into a review queue. The local LLM as a second opinion on borderline lines is not wired
yet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

THRESHOLD = 0.5

_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "€": "e",
    "!": "i",
    "|": "i",
    "+": "t",
}


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w]


def _inflect(stem_forms: str) -> set[str]:
    """``"connard:e,s,es"`` → connard, connarde, connards, connardes."""
    base, _, ends = stem_forms.partition(":")
    return {base} | {base + e for e in ends.split(",") if e}


FR_STRONG = set().union(
    *(
        _inflect(x)
        for x in (
            "con:s,ne,nes",
            "connard:e,s,es",
            "conard:e,s,es",
            "connasse:s",
            "conasse:s",
            "salope:s",
            "salopard:s",
            "salaud:s",
            "pute:s",
            "encule:e,s,es,r",
            "batard:e,s,es",
            "abruti:e,s,es",
            "debile:s",
            "cretin:e,s,es",
            "imbecile:s",
            "idiot:e,s,es",
            "enfoire:e,s,es",
            "bouffon:ne,s,nes",
            "tocard:e,s,es",
            "merdeux",
            "merdeuse:s",
            "attarde:e,s,es",
            "gogol:s",
            "mongol:e,s,es",
            "tapette:s",
            "pd:s",
            "pede:s",
            "fdp",
            "ntm",
            "tg",
            "nique",
            "niquer",
            "trouduc:s",
            "naze:s",
            "connasses",
            "pouffiasse:s",
            "grognasse:s",
        )
    )
)
FR_MILD = set().union(
    *(
        _inflect(x)
        for x in (
            "nul:s,le,les",
            "nullos",
            "noob:s",
            "merde:s",
            "boulet:s",
            "poubelle:s",
            "dechet:s",
            "clown:s",
            "guignol:s",
            "mauvais",
            "pourri:e,s,es",
            "nase:s",
        )
    )
)
FR_TARGET = {
    "tes",
    "es",
    "tu",
    "vous",
    "etes",
    "espece",
    "sale",
    "sales",
    "quel",
    "quelle",
    "bande",
    "pauvre",
    "gros",
    "grosse",
    "ce",
    "cette",
}
FR_PHRASES = (
    r"ta gueule",
    r"ferme ta gueule",
    r"nique ta mere",
    r"niquer ta mere",
    r"fils de pute",
    r"va te faire foutre",
    r"va crever",
    r"va te pendre",
    r"pends toi",
    r"suicide toi",
    r"tue toi",
    r"je vais te tuer",
    r"te tuer en vrai",
    r"te retrouver",
    r"sais ou tu habites",
    r"tu vas mourir",
    r"va mourir",
    r"retourne dans ton pays",
    r"de tes morts",
    r"nul a chier",
    r"sous merde",
)
EN_STRONG = {
    "kys",
    "stfu",
    "gtfo",
    "stupid",
    "fck",
    "fcking",
    "fuk",
    "fking",
    "cunt",
    "cunts",
    "faggot",
    "faggots",
    "fag",
    "fags",
    "retard",
    "retards",
    "retarded",
}
EN_WORDS = {
    "fuck",
    "fucking",
    "fucker",
    "shit",
    "bitch",
    "cunt",
    "asshole",
    "idiot",
    "moron",
    "retard",
    "faggot",
    "loser",
    "dumbass",
    "stupid",
    "noob",
    "bastard",
    "whore",
    "slut",
}
EN_PHRASES = (
    r"shut the fuck up",
    r"kill (your|ur|you)sel(f|ves)",
    r"kill urself",
    r"hang (your|ur)self",
    r"go die",
    r"uninstall and die",
    r"get cancer",
    r"should shoot you",
    r"know where you live",
    r"find you and kill you",
    r"go back to your country",
)
# Words that introduce someone else's words: the line reports an insult rather than makes it.
REPORT = (
    r"\btraitee? de\b",
    r"\ba dit\b",
    r"\bqui dit\b",
    r"\ba ecrit\b",
    r"\bcalled me\b",
    r"\bsaid\b",
    r"\bsaying\b",
    r"\bin chat\b",
    r"\bdans le chat\b",
)
QUOTES = ('"', "«", "“")
# French idioms where an insult word insults nobody ("ce jeu à la con").
FR_IDIOMS = (r"\ba la (con|cons)\b",)
# Game slang the English classifier reads as violence or profanity ("nice kill", "sick flick"):
# replaced by a neutral word before it scores the line (phrases like "kill yourself" are caught
# by the lexicon first).
EN_SLANG = {
    "kill": "win",
    "kills": "wins",
    "killed": "beat",
    "killing": "winning",
    "sick": "great",
    "insane": "great",
    "shot": "hit",
    "headshot": "hit",
}
# Swearing at nobody: removed before scoring when the line names no one ("shit, I missed").
EN_EXPLETIVES = {"shit", "fuck", "crap", "hell", "damn", "bloody", "wtf", "holy"}
EN_TARGET = {
    "you",
    "your",
    "ur",
    "u",
    "youre",
    "yourself",
    "he",
    "she",
    "him",
    "her",
    "they",
    "them",
    "guy",
    "team",
    "noob",
    "player",
    "everyone",
}
_FR_STRONG, _FR_MILD = frozenset(FR_STRONG), frozenset(FR_MILD)
_EN_STRONG, _EN_WORDS = frozenset(EN_STRONG), frozenset(EN_WORDS)
FR_STOP = {
    "le",
    "la",
    "les",
    "de",
    "des",
    "un",
    "une",
    "et",
    "est",
    "je",
    "tu",
    "il",
    "on",
    "pas",
    "que",
    "qui",
    "ce",
    "cette",
    "mon",
    "ma",
    "ton",
    "ta",
    "sur",
    "pour",
    "avec",
    "vous",
    "nous",
    "es",
    "suis",
    "t",
    "j",
    "c",
    "l",
    "d",
    "quel",
    "quelle",
    "mdr",
    "bien",
    "trop",
    "encore",
    "va",
    "sale",
    "espece",
    "bande",
    "du",
    "au",
    "aux",
}
EN_STOP = {
    "the",
    "a",
    "an",
    "and",
    "is",
    "are",
    "you",
    "i",
    "he",
    "she",
    "it",
    "we",
    "they",
    "to",
    "of",
    "in",
    "on",
    "for",
    "with",
    "my",
    "your",
    "that",
    "this",
    "what",
    "so",
    "me",
    "him",
    "go",
    "get",
    "lol",
    "just",
    "can",
    "be",
    "up",
    "off",
    "at",
    "re",
}


@dataclass
class Verdict:
    """One line's score and why."""

    text: str
    lang: str
    score: float
    flagged: bool
    evidence: list[str] = field(default_factory=list)
    player: str | None = None
    ts: str | None = None
    evidence_fr: list[str] = field(default_factory=list)  # the same evidence in French

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# The evidence sentences this module writes, and their French text (quoted words kept).
_EVIDENCE_FR: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^insult '(.*)' \((.*)\)$"), r"insulte « \1 » (\2)"),
    (re.compile(r"^'(.*)' aimed at someone \((.*)\)$"), r"« \1 » visant quelqu'un (\2)"),
    (
        re.compile(r"^idiom \('(.*)'\): insults nobody$"),
        r"expression (« \1 ») : n'insulte personne",
    ),
    (re.compile(r"^phrase '(.*)'$"), r"phrase « \1 »"),
    (re.compile(r"^phrase /(.*)/$"), r"phrase « \1 »"),
    (re.compile(r"^English classifier (\d+)\.(\d+)$"), r"classifieur anglais \1,\2"),
    (
        re.compile(r"^reports or quotes someone else: score halved$"),
        "rapporte ou cite quelqu'un d'autre : score divisé par deux",
    ),
    (re.compile(r"^'(.*)' \((.*)\)$"), r"« \1 » (\2)"),
)


def evidence_fr(sentence: str) -> str:
    """The French text of one evidence sentence of this module (unchanged when unknown)."""
    for pat, repl in _EVIDENCE_FR:
        if pat.match(sentence):
            return pat.sub(repl, sentence)
    return sentence


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _join_spelled(text: str) -> str:
    """``c o n n a r d`` / ``c.o.n.n.a.r.d`` → ``connard``."""
    return re.sub(
        r"(?<![\w*])(?:[\w*@$](?:[ .\-_]|\.\s?)){2,}[\w*@$](?![\w*])",
        lambda m: re.sub(r"[ .\-_]", "", m.group()),
        text,
    )


def normalise(text: str) -> list[str]:
    """Tokens after lower-casing, accent stripping, spelled-letter joining and leetspeak.

    Masked tokens keep their ``*``; repeated letters are kept (see :func:`skeleton`).
    """
    t = _join_spelled(strip_accents(text.lower()))
    t = re.sub(r"[’'`]", " ", t)
    out = []
    for tok in re.findall(r"[a-z0-9@$€*|!+#]+", t):
        tok = tok.strip("!|+#")
        if not tok:
            continue
        if re.search(r"[a-z]", tok) or "*" in tok:
            tok = "".join(_LEET.get(c, c) for c in tok)
        out.append(tok.replace("#", "*"))
    return out


_REPEATS = re.compile(r"([a-z0-9])\1+")


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Repeated letters collapsed (``connnnard`` → ``conard``)."""
    return _REPEATS.sub(r"\1", word)


@lru_cache(maxsize=16)
def _skeletons(words: frozenset[str]) -> dict[str, str]:
    return {skeleton(w): w for w in words}


@lru_cache(maxsize=4096)
def _mask(s: str) -> re.Pattern[str]:
    """``c*nard`` → a pattern where each ``*`` stands for zero to two letters."""
    return re.compile("^" + re.escape(s).replace(r"\*", "[a-z]{0,2}") + "$")


def _lookup(tok: str, words: frozenset[str]) -> str | None:
    sk = _skeletons(words)
    s = skeleton(tok)
    if "*" not in s:
        return sk.get(s)
    if not s.replace("*", ""):
        return None
    rx = _mask(s)
    return next((w for k, w in sk.items() if rx.match(k)), None)


def language(text: str) -> str:
    """``fr`` or ``en`` by stop words and French lexicon hits (English when unsure)."""
    toks = normalise(text)
    fr = sum(t in FR_STOP for t in toks) + sum(
        _lookup(t, _FR_STRONG) is not None for t in toks if t not in EN_STOP
    )
    en = sum(t in EN_STOP for t in toks)
    if re.search(r"[éèêàçùâîôû]", text.lower()):
        fr += 1
    return "fr" if fr > en else "en"


def _fr_lexicon(toks: list[str]) -> tuple[float, list[str]]:
    ev: list[str] = []
    score = 0.0
    strong, mild = _FR_STRONG, _FR_MILD
    for i, tok in enumerate(toks):
        w = _lookup(tok, strong)
        if w:
            ev.append(f"insult '{tok}' ({w})")
            score = max(score, 0.95)
            continue
        w = _lookup(tok, mild)
        if w:
            before = set(toks[max(0, i - 3) : i])
            if before & FR_TARGET:
                ev.append(f"'{tok}' aimed at someone ({' '.join(toks[max(0, i - 3) : i + 1])})")
                score = max(score, 0.75)
    sk = " ".join(skeleton(t) for t in toks)
    if score and any(re.search(rx, " ".join(toks)) for rx in FR_IDIOMS):
        ev.append("idiom ('à la con'): insults nobody")
        score = 0.0
    for ph in FR_PHRASES:
        pat = r"\b" + " ".join(skeleton(w) for w in ph.split()).replace(r"\*", "*") + r"\b"
        if re.search(pat, sk) or _masked_phrase(ph, toks):
            ev.append(f"phrase '{ph}'")
            score = max(score, 0.95)
    return score, ev


def _same(tok: str, word: str) -> bool:
    s, w = skeleton(tok), skeleton(word)
    return s == w or ("*" in s and bool(s.replace("*", "")) and bool(_mask(s).match(w)))


def _masked_phrase(ph: str, toks: list[str]) -> bool:
    if not any("*" in t for t in toks):
        return False
    words = ph.split()
    return any(
        all(_same(toks[i + k], w) for k, w in enumerate(words))
        for i in range(len(toks) - len(words) + 1)
    )


def _en_lexicon(toks: list[str]) -> tuple[float, list[str]]:
    ev, score = [], 0.0
    for tok in toks:
        w = _lookup(tok, _EN_STRONG)
        if w:
            ev.append(f"'{tok}' ({w})")
            score = max(score, 0.9)
    text = " ".join(skeleton(t) for t in toks)
    for ph in EN_PHRASES:
        if re.search(r"\b" + ph + r"\b", text) or re.search(r"\b" + ph + r"\b", " ".join(toks)):
            ev.append(f"phrase /{ph}/")
            score = max(score, 0.95)
    return score, ev


def deobfuscate_en(toks: list[str]) -> str:
    """Text for the English classifier: masks resolved, letter runs of 3+ cut to one, game
    slang neutralised, and swearing dropped when the line names no one."""
    out = []
    for tok in toks:
        t = re.sub(r"(.)\1{2,}", r"\1", tok)
        if "*" in t:
            t = _lookup(t, _EN_WORDS) or t.replace("*", "")
        out.append(EN_SLANG.get(t, t))
    if not set(out) & EN_TARGET:
        out = [t for t in out if t not in EN_EXPLETIVES]
    return " ".join(out)


@lru_cache(maxsize=1)
def _en_model() -> Callable[[list[str]], Any]:
    from imagia.core.errors import MissingDependency

    try:
        from profanity_check import predict_prob
    except ImportError as exc:  # pragma: no cover - in the games extra
        raise MissingDependency(
            "alt-profanity-check is not installed", hint="pip install 'imagia[games]'"
        ) from exc
    fn: Callable[[list[str]], Any] = predict_prob
    return fn


def score_lines(texts: Sequence[str], threshold: float = THRESHOLD) -> list[Verdict]:
    """Score chat lines (batched through the English classifier)."""
    toks = [normalise(t) for t in texts]
    langs = [language(t) for t in texts]
    en_idx = [i for i, lang in enumerate(langs) if lang == "en"]
    probs: dict[int, float] = {}
    if en_idx:
        model = _en_model()
        for i, p in zip(en_idx, model([deobfuscate_en(toks[i]) for i in en_idx]), strict=True):
            probs[i] = float(p)
    out = []
    for i, text in enumerate(texts):
        if langs[i] == "fr":
            s, ev = _fr_lexicon(toks[i])
            s2, ev2 = _en_lexicon(toks[i])
            s, ev = max(s, s2), ev + ev2
        else:
            s, ev = _en_lexicon(toks[i])
            p = probs.get(i, 0.0)
            if p >= 0.3:
                ev.append(f"English classifier {p:.2f}")
            s = max(s, p)
            s3, ev3 = _fr_lexicon(toks[i])  # French insults in an English line
            if s3 >= 0.95:
                s, ev = max(s, s3), ev + ev3
        norm = " ".join(toks[i])
        if s > 0 and (any(q in text for q in QUOTES) or any(re.search(rx, norm) for rx in REPORT)):
            s *= 0.5
            ev.append("reports or quotes someone else: score halved")
        fr_ev = [evidence_fr(e) for e in ev]
        out.append(Verdict(text, langs[i], round(s, 3), s >= threshold, ev, evidence_fr=fr_ev))
    return out


@dataclass
class PrecisionRecall:
    lang: str
    n: int
    toxic: int
    precision: float
    recall: float
    false_positive_rate: float
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def measure(lines: Iterable[Any], threshold: float = THRESHOLD) -> list[PrecisionRecall]:
    """Precision / recall per language on labelled lines (``text``, ``lang``, ``toxic``)."""
    items = list(lines)
    verdicts = score_lines([x.text for x in items], threshold)
    out = []
    for lang in sorted({x.lang for x in items}):
        pairs = [(x, v) for x, v in zip(items, verdicts, strict=True) if x.lang == lang]
        tp = sum(x.toxic and v.flagged for x, v in pairs)
        fp = sum((not x.toxic) and v.flagged for x, v in pairs)
        fn = sum(x.toxic and not v.flagged for x, v in pairs)
        neg = sum(not x.toxic for x, _ in pairs)
        errs = [
            f"{'FP' if v.flagged else 'FN'} {v.score:.2f} {x.text!r}"
            for x, v in pairs
            if x.toxic != v.flagged
        ]
        out.append(
            PrecisionRecall(
                lang,
                len(pairs),
                tp + fn,
                round(tp / max(tp + fp, 1), 4),
                round(tp / max(tp + fn, 1), 4),
                round(fp / max(neg, 1), 4),
                errs,
            )
        )
    return out


def summarise(verdicts: Sequence[Verdict], max_evidence: int = 3) -> list[dict[str, Any]]:
    """Per-player review queue: flagged lines with their evidence, worst first. Action: review."""
    per: dict[str, list[Verdict]] = {}
    for v in verdicts:
        if v.player:
            per.setdefault(v.player, []).append(v)
    rows = []
    for pid, vs in per.items():
        bad = sorted((v for v in vs if v.flagged), key=lambda v: -v.score)
        if not bad:
            continue
        row: dict[str, Any] = {
            "player": pid,
            "action": "review",
            "messages": len(vs),
            "flagged": len(bad),
            "share": round(len(bad) / len(vs), 3),
            "max_score": bad[0].score,
            "evidence": [
                {
                    "ts": v.ts,
                    "text": v.text,
                    "score": v.score,
                    "why": v.evidence,
                    "why_fr": v.evidence_fr,
                }
                for v in bad[:max_evidence]
            ],
        }
        rows.append(row)
    rows.sort(key=lambda r: (-int(r["flagged"]), -float(r["max_score"])))
    return rows
