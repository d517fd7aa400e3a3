"""Search: latency at 1k/10k/100k windows and retrieval quality on TTS dialogue.

Latency: a synthetic index (12-word windows drawn from 1,000 template sentences embedded with
the real USE multilingual model, so the vectors cluster as real ones do; 100 windows per asset,
a sound span and a named person's sightings per asset). Median and p95 over 30 queries of
keyword, semantic (words absent from the index), combined, and combined + ``--sound`` filter
searches, against the baseline measured in the same run: the plain FTS5 search of
``IndexStore.search`` (the ``imagia index search`` of issue 7). The first query after opening
(loading the vector matrix) is reported apart.

Quality: 10 topics, each said in two English and two French sentences (espeak-ng and
pico2wave voices), in four clips (one per language and voice, shuffled, 0.8 s pauses), indexed
with the real pipeline (Whisper base transcript, USE vectors). Every query's relevant moments are
the 4 sentences of its topic (both languages); a returned moment is relevant when it overlaps one
by 0.2 s or more. Queries: a keyword of the topic in English and in French, a paraphrase in each
language sharing no keyword. Modes: words only, meaning only, both fused (the default).
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------- latency

_SUBJ = [
    "the director",
    "my brother",
    "the old woman",
    "our neighbour",
    "the actor",
    "a young girl",
    "the police officer",
    "the cameraman",
    "her father",
    "the chef",
]
_VERB = [
    "repaired the car",
    "painted the kitchen",
    "lost the keys",
    "sold the house",
    "cooked a large dinner",
    "missed the last train",
    "found a small dog",
    "wrote a long letter",
    "broke the window",
    "read the script",
]
_WHEN = [
    "before the storm",
    "after the wedding",
    "near the harbour at night",
    "during the football match",
    "on a cold winter morning",
    "behind the old church",
    "while the band played",
    "at the airport gate",
    "in the hospital corridor",
    "under the bridge",
]


def _sentences() -> list[str]:
    return [f"{s} {v} {w}" for s in _SUBJ for v in _VERB for w in _WHEN]


def _synthetic(path: Path, n: int, vecs: Any, texts: list[str]) -> Any:
    import numpy as np

    from imagia.index.store import AssetRecord, Face, Findings, IndexStore, SoundSpan, Window
    from imagia.index.vectors import MODEL

    rng = np.random.default_rng(7)
    store = IndexStore(path)
    per = 100
    for a in range(n // per):
        windows = []
        for k in range(per):
            j = int(rng.integers(len(texts)))
            v = vecs[j] + rng.normal(0, 0.02, vecs.shape[1]).astype(np.float32)
            v /= np.linalg.norm(v)
            windows.append(
                Window(k * 4.0, k * 4.0 + 4.0, texts[j], (), v.astype(np.float32).tobytes())
            )
        rec = AssetRecord(
            f"{a:064x}",
            f"/rushes/clip{a:05d}.mov",
            per * 4.0,
            Fraction(25),
            language="en" if a % 2 else "fr",
        )
        store.add(
            rec,
            [],
            windows,
            Findings(
                faces=[Face(float(t), 0, 0, 10, 10, 0.9) for t in range(40, 80)],
                sounds=[SoundSpan(100.0, 200.0, "music", 0.8)],
                vector_model=MODEL,
            ),
        )
    with store.connect() as con:
        pid = con.execute("INSERT INTO people(name, created) VALUES('Élodie', 0)").lastrowid
        con.execute("UPDATE faces SET person_id=?", (pid,))
    return store


def _times(fn: Any, queries: list[str]) -> tuple[float, float]:
    t: list[float] = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        t.append(time.perf_counter() - t0)
    t.sort()
    return statistics.median(t) * 1000, t[min(len(t) - 1, int(0.95 * len(t)))] * 1000


def latency() -> None:
    from imagia.index import search as searchmod
    from imagia.index.search import Query, search
    from imagia.index.vectors import embed, embed_query

    texts = _sentences()
    t0 = time.perf_counter()
    vecs = embed(texts)
    print(
        f"embedding speed: {len(texts) / (time.perf_counter() - t0):.0f} sentences/s "
        "(USE multilingual, 2 threads)"
    )
    rng = random.Random(3)
    words = sorted({w for s in texts for w in s.split() if len(w) > 3})
    kw = [" ".join(rng.sample(words, 2)) for _ in range(30)]
    sem = [
        f"{a} {b}"
        for a, b in zip(
            rng.choices(
                [
                    "voiture",
                    "tempête",
                    "mariage",
                    "hôpital",
                    "clés",
                    "cuisine",
                    "chien",
                    "église",
                    "aéroport",
                    "lettre",
                ],
                k=30,
            ),
            rng.choices(["cassée", "perdue", "la nuit", "en hiver", "le matin"], k=30),
            strict=True,
        )
    ]
    for q in kw + sem:
        embed_query(q)  # the encoder's own time is reported apart
    t0 = time.perf_counter()
    for q in [f"{x} encore" for x in sem]:
        embed_query(q)
    enc_ms = (time.perf_counter() - t0) / len(sem) * 1000
    print(f"query embedding: {enc_ms:.1f} ms per new query (cached per process after that)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1_000, 10_000, 100_000):
            t0 = time.perf_counter()
            store = _synthetic(Path(tmp) / f"ix{n}.db", n, vecs, texts)
            build = time.perf_counter() - t0
            searchmod._CACHE.clear()
            t0 = time.perf_counter()
            search(store, Query(kw[0]))
            cold = (time.perf_counter() - t0) * 1000
            searchmod._CACHE.clear()  # as a new process: the memory-mapped search cache
            t0 = time.perf_counter()
            search(store, Query(kw[1]))
            fresh = (time.perf_counter() - t0) * 1000
            base = _times(lambda q, s=store: s.search(q, 20), kw)
            rows = {
                "keyword": _times(lambda q, s=store: search(s, Query(q, semantic=False)), kw),
                "semantic": _times(lambda q, s=store: search(s, Query(q)), sem),
                "combined": _times(lambda q, s=store: search(s, Query(q)), kw),
                "combined+sound": _times(lambda q, s=store: search(s, Query(q, sound="music")), kw),
                "combined+person": _times(
                    lambda q, s=store: search(s, Query(q, person="elodie")), kw
                ),
            }
            print(
                f"{n:>7} windows (built in {build:.0f} s): baseline FTS median "
                f"{base[0]:.1f} ms p95 {base[1]:.1f} ms; first query {cold:.0f} ms "
                f"(reads the vectors, writes the search cache), first in a new process "
                f"{fresh:.0f} ms (maps the cache)"
            )
            for name, (med, p95) in rows.items():
                print(
                    f"    {name:<16} median {med:7.1f} ms  p95 {p95:7.1f} ms  "
                    f"x{med / max(base[0], 1e-6):.1f} baseline"
                )


# ---------------------------------------------------------------------------- quality

TOPICS: list[dict[str, Any]] = [
    {
        "en": [
            "The old car broke down on the motorway this morning.",
            "We had to push the car to the nearest garage.",
        ],
        "fr": [
            "La voiture est tombée en panne sur l'autoroute.",
            "Il a fallu pousser la voiture jusqu'au garage.",
        ],
        "kw": ("car", "voiture"),
        "para": ("vehicle breakdown on the road", "panne de moteur sur la route"),
    },
    {
        "en": [
            "It has been raining all day and the streets are flooded.",
            "Take an umbrella, the storm is coming tonight.",
        ],
        "fr": [
            "Il pleut depuis ce matin et les rues sont inondées.",
            "Prends un parapluie, l'orage arrive ce soir.",
        ],
        "kw": ("storm", "orage"),
        "para": ("bad weather with heavy showers", "mauvais temps et averses"),
    },
    {
        "en": [
            "I am cooking pasta with tomato sauce for dinner.",
            "The soup needs more salt and pepper.",
        ],
        "fr": [
            "Je prépare des pâtes à la sauce tomate pour le dîner.",
            "La soupe manque de sel et de poivre.",
        ],
        "kw": ("pasta", "pâtes"),
        "para": ("preparing a meal in the kitchen", "faire à manger dans la cuisine"),
    },
    {
        "en": [
            "Our team won the football match three to one.",
            "The goalkeeper stopped a penalty in the last minute.",
        ],
        "fr": [
            "Notre équipe a gagné le match de football trois à un.",
            "Le gardien a arrêté un penalty à la dernière minute.",
        ],
        "kw": ("goalkeeper", "gardien"),
        "para": ("the result of the soccer game", "le résultat de la rencontre sportive"),
    },
    {
        "en": [
            "The doctor says my brother must stay in hospital.",
            "She has a high fever and a terrible cough.",
        ],
        "fr": [
            "Le médecin dit que mon frère doit rester à l'hôpital.",
            "Elle a beaucoup de fièvre et une toux terrible.",
        ],
        "kw": ("doctor", "médecin"),
        "para": ("being sick and seeing a physician", "être malade et voir un docteur"),
    },
    {
        "en": [
            "The bank refused to lend us the money for the house.",
            "Our savings account is almost empty this month.",
        ],
        "fr": [
            "La banque a refusé de nous prêter l'argent pour la maison.",
            "Notre compte d'épargne est presque vide ce mois-ci.",
        ],
        "kw": ("money", "argent"),
        "para": ("financial problems and a loan", "des soucis financiers et un crédit"),
    },
    {
        "en": [
            "The train to Paris leaves at seven from platform four.",
            "I bought a return ticket at the station.",
        ],
        "fr": [
            "Le train pour Lyon part à sept heures du quai quatre.",
            "J'ai acheté un billet aller-retour à la gare.",
        ],
        "kw": ("ticket", "billet"),
        "para": ("a journey by rail", "un voyage en chemin de fer"),
    },
    {
        "en": [
            "The dog barks every night when the neighbours come home.",
            "We take the puppy for a walk in the park.",
        ],
        "fr": [
            "Le chien aboie chaque nuit quand les voisins rentrent.",
            "Nous promenons le chiot dans le parc.",
        ],
        "kw": ("dog", "chien"),
        "para": ("our pet animal", "notre animal de compagnie"),
    },
    {
        "en": [
            "My sister is getting married next summer in the countryside.",
            "The bride wore a long white dress at the ceremony.",
        ],
        "fr": [
            "Ma sœur se marie l'été prochain à la campagne.",
            "La mariée portait une longue robe blanche à la cérémonie.",
        ],
        "kw": ("dress", "robe"),
        "para": ("a wedding celebration", "la fête de noces"),
    },
    {
        "en": [
            "My computer crashed and I lost all my files.",
            "Can you charge my phone, the battery is dead?",
        ],
        "fr": [
            "Mon ordinateur a planté et j'ai perdu tous mes fichiers.",
            "Tu peux charger mon téléphone, la batterie est vide ?",
        ],
        "kw": ("computer", "ordinateur"),
        "para": ("technology problems with devices", "un souci avec l'informatique"),
    },
]
GAP = 0.8


def _tts(text: str, lang: str, voice: str, out: Path) -> None:
    if voice == "espeak":
        subprocess.run(
            ["espeak-ng", "-v", lang, "-s", "150", "-w", str(out), text],
            check=True,
            capture_output=True,
        )
    else:
        subprocess.run(
            ["pico2wave", "-l", "en-US" if lang == "en" else "fr-FR", "-w", str(out), text],
            check=True,
            capture_output=True,
        )


def _duration(path: Path) -> float:
    return float(
        subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                str(path),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


def _clips(tmp: Path) -> dict[str, list[tuple[int, str, float, float]]]:
    """Four clips (language x voice); returns clip name -> [(topic, lang, start, end)]."""
    voices = ["espeak"] + (["pico"] if shutil.which("pico2wave") else ["espeak"])
    truth: dict[str, list[tuple[int, str, float, float]]] = {}
    rng = random.Random(11)
    for lang in ("en", "fr"):
        for k, voice in enumerate(voices):
            name = f"{lang}_{voice}{k}.wav"
            order = list(range(len(TOPICS)))
            rng.shuffle(order)
            parts: list[Path] = []
            spans = []
            t = 0.0
            for j, topic in enumerate(order):
                wav = tmp / f"{name}-{j}.wav"
                _tts(TOPICS[topic][lang][k], lang, voice, wav)
                d = _duration(wav)
                spans.append((topic, lang, t, t + d))
                t += d + GAP
                parts.append(wav)
            inputs: list[str] = []
            for p in parts:
                inputs += ["-i", str(p)]
            graph = "".join(
                f"[{i}:a]aresample=16000,apad=pad_dur={GAP}[a{i}];" for i in range(len(parts))
            )
            graph += (
                "".join(f"[a{i}]" for i in range(len(parts)))
                + f"concat=n={len(parts)}:v=0:a=1[out]"
            )
            subprocess.run(
                [
                    "ffmpeg",
                    "-y",
                    "-v",
                    "error",
                    *inputs,
                    "-filter_complex",
                    graph,
                    "-map",
                    "[out]",
                    "-ac",
                    "1",
                    "-ar",
                    "16000",
                    str(tmp / name),
                ],
                check=True,
            )
            truth[name] = spans
    return truth


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def quality() -> None:
    from imagia.index import search as searchmod
    from imagia.index.analysis import IngestOptions
    from imagia.index.ingest import index_paths
    from imagia.index.search import Moment, Query, search
    from imagia.index.store import IndexStore

    if shutil.which("espeak-ng") is None:
        print("quality: espeak-ng is not installed, skipped")
        return
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        truth = _clips(tmp)
        store = IndexStore(tmp / "ix.db")
        t0 = time.perf_counter()
        rep = index_paths(
            store,
            [tmp / n for n in truth],
            tmp / "thumbs",
            tmp,
            IngestOptions(steps=("transcript", "vectors"), model="base"),
        )
        took = time.perf_counter() - t0
        audio = sum(s[-1][3] for s in truth.values())
        langs = {a["asset"]: a["language"] for a in rep.added}
        print(
            f"quality set: {sum(len(v) for v in truth.values())} sentences in "
            f"{len(truth)} clips, {audio:.0f} s of speech, indexed in {took:.0f} s "
            f"(Whisper base + vectors); languages detected {langs}; failed {rep.failed}"
        )

        def relevant(m: Moment, topic: int) -> set[tuple[str, int]]:
            return {
                (m.asset, k)
                for k, (tp, _, s, e) in enumerate(truth.get(m.asset, []))
                if tp == topic and _overlap(m.start, m.end, s, e) >= 0.2
            }

        def semantic_only(q: str) -> list[Moment]:
            data = searchmod._load_for(store)
            hits = searchmod._semantic(data, q, searchmod._Filter(None, None, []))[:10]
            out = []
            with store.connect() as con:
                rows = searchmod._window_rows(con, [h[0] for h in hits])
                names = {int(r[0]): str(r[1]) for r in con.execute("SELECT id, name FROM assets")}
            for wid, sim in hits:
                w = rows[wid]
                out.append(
                    Moment(
                        names[int(w["asset_id"])],
                        "",
                        "",
                        Fraction(25),
                        float(w["start"]),
                        float(w["end"]),
                        sim,
                    )
                )
            return out

        modes = {
            "words": lambda q: search(store, Query(q, semantic=False, limit=10)),
            "meaning": semantic_only,
            "fused": lambda q: search(store, Query(q, limit=10)),
        }
        sets = {
            "keyword en": [(i, t["kw"][0]) for i, t in enumerate(TOPICS)],
            "keyword fr": [(i, t["kw"][1]) for i, t in enumerate(TOPICS)],
            "paraphrase en": [(i, t["para"][0]) for i, t in enumerate(TOPICS)],
            "paraphrase fr": [(i, t["para"][1]) for i, t in enumerate(TOPICS)],
        }
        print(
            "P@10 (max 0.4: 4 relevant moments), R-precision (P@4), recall@10 of the 4 "
            "moments, recall of the 2 in the other language, top-1 right"
        )
        for sname, qs in sets.items():
            qlang = sname.split()[1]
            for mode, fn in modes.items():
                p10 = rp = rec = cross = top1 = 0.0
                for topic, q in qs:
                    ms = fn(q)[:10]
                    rel = [relevant(m, topic) for m in ms]
                    found = set().union(*rel) if rel else set()
                    p10 += sum(1 for r in rel if r) / 10
                    rp += sum(1 for r in rel[:4] if r) / 4
                    rec += len(found) / 4
                    cross += sum(1 for a, k in found if truth[a][k][1] != qlang) / 2
                    top1 += 1.0 if rel and rel[0] else 0.0
                n = len(qs)
                print(
                    f"    {sname:<14} {mode:<8} P@10 {p10 / n:.2f}  R-prec {rp / n:.2f}  "
                    f"recall@10 {rec / n:.2f}  other-language recall {cross / n:.2f}  "
                    f"top-1 {top1 / n:.2f}"
                )
        every = [(i, q) for qs in sets.values() for i, q in qs]
        default = searchmod.MIN_SIMILARITY
        print(f"similarity threshold (fused, all {len(every)} queries; default {default}):")
        try:
            for th in (0.0, 0.1, 0.15, 0.2, 0.25):
                searchmod.MIN_SIMILARITY = th
                p10 = rec = 0.0
                for topic, q in every:
                    rel = [relevant(m, topic) for m in modes["fused"](q)[:10]]
                    p10 += sum(1 for r in rel if r) / 10
                    rec += len(set().union(*rel) if rel else set()) / 4
                print(
                    f"    >= {th:.2f}: P@10 {p10 / len(every):.2f}  "
                    f"recall@10 {rec / len(every):.2f}"
                )
        finally:
            searchmod.MIN_SIMILARITY = default


def run() -> None:
    latency()
    quality()


if __name__ == "__main__":
    run()
