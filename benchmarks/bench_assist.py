"""Writing assistant and the engine under it: questions about the two sample screenplays
(benchmarks/data/assist_qa.yaml, a hand-made key) answered by the local model, against a
baseline without the model (the top retrieved scene as the answer); engine speed per model."""

from __future__ import annotations

import resource
import time
import unicodedata
from pathlib import Path

import yaml

from imagia.assist import continuity, passages, retrieve
from imagia.assist.ask import ask
from imagia.core import llm
from imagia.script import formats

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "imagia" / "script" / "samples"
KEY = Path(__file__).parent / "data" / "assist_qa.yaml"
PLANTED = Path(__file__).parent / "data" / "continuity"


def _fold(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def _engine_speed(name: str) -> None:
    started = time.monotonic()
    eng = llm.engine(llm.LlmSettings(model=name, n_ctx=2048))
    load = time.monotonic() - started
    msgs = [{"role": "user", "content": "Write four sentences about a harbour at night."}]
    llm.complete(eng, msgs, max_tokens=8)  # warm
    done = llm.complete(eng, msgs, max_tokens=128)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"engine {name}: load {load:.1f} s, first token {done.first_token_s or 0:.2f} s, "
        f"{done.tokens_per_s:.1f} tokens/s over {done.tokens} tokens, peak RSS {rss:.0f} MB"
    )


def _continuity(models: list[str]) -> None:
    """Recall and precision on the planted contradictions (data/continuity/key.yaml)."""
    key = yaml.safe_load((PLANTED / "key.yaml").read_text(encoding="utf-8"))
    for name in ["none", *reversed(models)]:
        eng = None if name == "none" else llm.engine(llm.LlmSettings(model=name, n_ctx=4096))
        planted = found_ok = reported = true = 0
        started = time.monotonic()
        for script, entry in key.items():
            sp = formats.read(PLANTED / script)
            bible = continuity.read_bible(PLANTED / entry["bible"])
            lang = "fr" if (sp.language or "en") == "fr" else "en"
            found = continuity.check(sp, bible, eng, lang)
            pairs = [frozenset(map(str, p["scenes"])) for p in entry["planted"]]
            got = [frozenset((c.a.scene, c.b.scene)) for c in found]
            planted += len(pairs)
            found_ok += sum(p in got for p in pairs)
            reported += len(got)
            true += sum(g in pairs for g in got)
        label = "rules only (baseline)" if name == "none" else f"rules + {name}"
        print(
            f"continuity {label}: recall {found_ok}/{planted} = {found_ok / planted:.0%}, "
            f"precision {true}/{reported} = {true / max(reported, 1):.0%} "
            f"({time.monotonic() - started:.0f} s)"
        )


_NO_IDEA = (
    "don't know",
    "do not know",
    "no idea",
    "not sure",
    "cannot say",
    "can't say",
    "never heard",
    "couldn't tell",
    "could not tell",
    "not know",
)


def _npc(models: list[str]) -> None:
    """Refusals outside the world file, answers inside it, with and without the guard."""
    from imagia.assist import npc

    world = npc.read_world(Path(__file__).parent / "data" / "npc" / "ferryman.yaml")
    qs = yaml.safe_load(
        (Path(__file__).parent / "data" / "npc" / "questions.yaml").read_text(encoding="utf-8")
    )
    for name in reversed(models):
        eng = llm.engine(llm.LlmSettings(model=name, n_ctx=2048))
        guarded = refused_model = answered = false_refusals = 0
        for q in qs["outside"]:
            turn = npc.Npc(world, eng).say(q)
            says_no = any(p in turn.answer.lower() for p in _NO_IDEA)
            guarded += bool(turn.refused) or says_no
            refused_model += any(p in turn.said.lower() for p in _NO_IDEA)
        for item in qs["inside"]:
            turn = npc.Npc(world, eng).say(item["q"])
            answered += any(w in turn.answer.lower() for w in item["words"])
            false_refusals += bool(turn.refused)
        n_out, n_in = len(qs["outside"]), len(qs["inside"])
        print(
            f"npc {name}: outside the world file, refused {guarded}/{n_out} with the guard "
            f"(the model alone said it did not know {refused_model}/{n_out}); inside, answered "
            f"{answered}/{n_in}, guard refused {false_refusals}/{n_in} wrongly"
        )


def _minutes(models: list[str]) -> None:
    """Action items and decisions of hand-written minutes found in the model's minutes."""
    from imagia.assist import minutes

    folder = Path(__file__).parent / "data" / "minutes"
    key = yaml.safe_load((folder / "key.yaml").read_text(encoding="utf-8"))
    for name in reversed(models):
        eng = llm.engine(llm.LlmSettings(model=name, n_ctx=4096))
        found = total = dec_found = dec_total = 0
        for file, entry in key.items():
            m = minutes.write(minutes.read_transcript(folder / file), eng, entry["lang"])
            for want in entry["actions"]:
                total += 1
                found += any(
                    _fold(a.owner) == _fold(want["owner"])
                    and any(_fold(w) in _fold(a.task) for w in want["words"])
                    for a in m.actions
                )
            for words in entry["decisions"]:
                dec_total += 1
                dec_found += any(any(_fold(w) in _fold(d) for w in words) for d in m.decisions)
        print(
            f"minutes {name}: action items found with the right owner {found}/{total}, "
            f"decisions found {dec_found}/{dec_total} (3 meetings, FR/EN, text transcripts)"
        )


def run() -> None:
    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    models = llm.installed_local_models()
    _continuity(models)
    _npc(models)
    _minutes(models)
    for name in reversed(models):  # smallest first
        _engine_speed(name)
    for name in reversed(models):
        eng = llm.engine(llm.LlmSettings(model=name, n_ctx=4096, max_tokens=160))
        cited_ok = words_ok = base_ok = given_ok = stray = n = model_cited = 0
        seconds = 0.0
        for script, questions in key.items():
            sp = formats.read(SAMPLES / script)
            pas = passages.from_screenplay(sp)
            for item in questions:
                n += 1
                want = {str(s) for s in item["scenes"]}
                top1 = retrieve.search(item["q"], pas, top=1)[0].passage.number
                base_ok += top1 in want
                started = time.monotonic()
                a = ask(sp, item["q"], top=3, engine=eng)
                seconds += time.monotonic() - started
                given_ok += bool(want & {h.passage.number for h in a.retrieved})
                cited_ok += bool(want & set(a.cited))
                model_cited += bool(want & set(a.cited)) and not a.attributed
                words_ok += any(_fold(w) in _fold(a.text) for w in item["words"])
                stray += bool(a.stray)
        print(
            f"assist-ask {name}, {n} questions on 2 screenplays (FR/EN, some cross-language): "
            f"citations hold the answer {cited_ok / n:.0%} (the model's own "
            f"{model_cited / n:.0%}, the rest matched by imagia), answer has a key word "
            f"{words_ok / n:.0%}, answer scene among those given {given_ok / n:.0%}; "
            f"baseline without the model (top scene) {base_ok / n:.0%}; stray citations "
            f"{stray}; {seconds / n:.1f} s per question"
        )
