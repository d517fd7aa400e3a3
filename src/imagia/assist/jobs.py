"""Job entries of the assistant tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue


def ask_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-ask``: each question answered from the screenplay, with its citations."""
    from imagia.assist.ask import ask
    from imagia.core import llm
    from imagia.script import formats

    questions = [q.strip() for q in str(params.get("questions") or "").splitlines() if q.strip()]
    if not questions:
        raise BadValue("questions", params.get("questions"), reason="one question per line")
    script = Path(str(params["script"]))
    job.progress(0.05, "reading the screenplay")
    sp = formats.read(script)
    job.progress(0.1, "loading the language model")
    eng = llm.engine(llm.settings(model=str(params.get("model") or "auto"), max_tokens=200))
    job.use_model(eng.provenance())
    answers: list[dict[str, Any]] = []
    for k, q in enumerate(questions):
        a = ask(sp, q, top=int(params.get("top") or 4), engine=eng)
        heads = {h.passage.number.upper(): h.passage.heading for h in a.retrieved}
        answers.append(
            {
                "question": a.question,
                "lang": a.lang,
                "answer": a.text,
                "cited": [{"scene": n, "heading": heads[n]} for n in a.cited],
                "not_given": a.stray,
                "attributed": a.attributed,
                "scenes_given": [h.passage.number for h in a.retrieved],
                "says_unknown": a.says_unknown,
                "tokens": a.completion.tokens,
                "seconds": round(a.completion.seconds, 2),
                "stopped": a.completion.stopped,
            }
        )
        job.progress(0.1 + 0.9 * (k + 1) / len(questions), f"question {k + 1}/{len(questions)}")
    title = sp.title or script.name
    job.write_json(
        "answers.json",
        {"schema": "ScriptAnswers.1", "script": title, "answers": answers},
        "report/json",
        details={"engine": eng.provenance().get("engine")},
    )
    md = [f"# {title}", ""]
    for row in answers:
        cites = ", ".join(f"[{c['scene']}] {c['heading']}" for c in row["cited"]) or "—"
        md += [f"## {row['question']}", "", str(row["answer"]), "", f"*{cites}*", ""]
    job.write_text("answers.md", "\n".join(md), "report/markdown")
    return {
        "script": title,
        "questions": len(answers),
        "cited": sum(bool(a["cited"]) for a in answers),
        "model": eng.provenance().get("model"),
        "answers": answers,
    }


def continuity_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-continuity``: contradictions, each with its two citations."""
    from imagia.assist import continuity
    from imagia.core import llm
    from imagia.script import formats

    job.progress(0.05, "reading the screenplay")
    sp = formats.read(Path(str(params["script"])))
    bible = continuity.read_bible(Path(str(params["bible"]))) if params.get("bible") else None
    model = str(params.get("model") or "auto")
    eng = None if model == "none" else llm.engine(llm.settings(model=model))
    if eng is not None:
        job.use_model(eng.provenance())
    lang = "fr" if sp.language == "fr" else "en"
    found = continuity.check(
        sp, bible, eng, lang, progress=lambda f, m: job.progress(0.1 + 0.9 * f, m)
    )
    rows = [
        {
            "subject": c.subject,
            "topic": c.topic,
            "source": c.source,
            "first": {"scene": c.a.scene, "quote": c.a.quote},
            "second": {"scene": c.b.scene, "quote": c.b.quote},
            "en": c.en,
            "fr": c.fr,
        }
        for c in found
    ]
    job.write_json(
        "continuity.json",
        {"schema": "Continuity.1", "script": sp.title, "contradictions": rows},
        "report/json",
        details={"rules": True, "model": model},
    )
    return {
        "script": sp.title,
        "found": len(rows),
        "by_rules": sum(r["source"] == "rules" for r in rows),
        "by_model": sum(r["source"] == "model" for r in rows),
        "contradictions": rows,
    }


def barks_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-barks``: the string table of variants, kept or set aside with why."""
    from imagia.assist import barks
    from imagia.core import llm

    sheets, triggers = barks.read_sheets(Path(str(params["sheets"])))
    eng = llm.engine(llm.settings(model=str(params.get("model") or "auto")))
    job.use_model(eng.provenance())
    out = barks.generate(
        sheets,
        triggers,
        eng,
        variants=int(params.get("variants") or 5),
        limit=int(params.get("limit") or 80),
        progress=lambda f, m: job.progress(0.05 + 0.9 * f, m),
    )
    rows = barks.table(out)
    columns = ["key", "character", "trigger", "lang", "text", "kept", "dropped"]
    job.write_csv("barks.csv", rows, columns, "table/csv")
    job.write_json("barks.json", {"schema": "Barks.1", "strings": rows}, "report/json")
    kept = [r for r in rows if r["kept"]]
    return {
        "characters": len(sheets),
        "triggers": len(triggers),
        "variants": len(rows),
        "kept": len(kept),
        "dropped": {
            why: sum(r["dropped"] == why for r in rows)
            for why in ("duplicate", "too long", "empty", "rating")
        },
        "strings": rows,
    }


def npc_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-npc``: a scripted conversation with the NPC, refusals shown."""
    from imagia.assist import npc
    from imagia.core import llm

    lines = [q.strip() for q in str(params.get("lines") or "").splitlines() if q.strip()]
    if not lines:
        raise BadValue("lines", params.get("lines"), reason="what the player says, one per line")
    world = npc.read_world(Path(str(params["world"])))
    eng = llm.engine(llm.settings(model=str(params.get("model") or "auto")))
    job.use_model(eng.provenance())
    talk = npc.Npc(world, eng)
    for k, line in enumerate(lines):
        talk.say(line)
        job.progress((k + 1) / len(lines), f"line {k + 1}/{len(lines)}")
    turns = [
        {"player": t.question, "npc": t.answer, "refused": t.refused, "facts": t.facts}
        for t in talk.turns
    ]
    job.write_json(
        "conversation.json",
        {"schema": "NpcTalk.1", "npc": world.name, "turns": turns},
        "report/json",
    )
    return {"npc": world.name, "turns": turns, "refused": sum(bool(t["refused"]) for t in turns)}


def gdd_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-gdd-check``: what a GDD lacks or contradicts, line by line."""
    from imagia.assist import gdd

    lines = gdd.read(Path(str(params["gdd"])))
    found = gdd.report(gdd.check(lines))
    job.write_json("gdd-check.json", {"schema": "GddCheck.1", **found}, "report/json")
    return {"lines": len(lines), **found}


def minutes_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-minutes``: the minutes as Markdown and JSON, grounded in the transcript."""
    from dataclasses import asdict

    from imagia.assist import minutes
    from imagia.core import llm

    path = Path(str(params["transcript"]))
    lang = str(params.get("lang") or "en")
    turns = minutes.read_transcript(path)
    eng = llm.engine(llm.settings(model=str(params.get("model") or "auto")))
    job.use_model(eng.provenance())
    m = minutes.write(turns, eng, lang, progress=lambda f, msg: job.progress(0.05 + 0.9 * f, msg))
    job.write_text("minutes.md", minutes.markdown(m, path.stem, lang), "report/markdown")
    data = {
        "decisions": m.decisions,
        "actions": [asdict(a) for a in m.actions],
        "questions": m.questions,
        "speakers": m.speakers,
    }
    job.write_json("minutes.json", {"schema": "Minutes.1", **data}, "report/json")
    return {"turns": len(turns), "lang": lang, **data}


def concept_job(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """Tool ``assist-concept``: a one-page game concept."""
    from imagia.assist import drafts
    from imagia.core import llm

    lang = str(params.get("lang") or "en")
    eng = llm.engine(llm.settings(model=str(params.get("model") or "auto")))
    job.use_model(eng.provenance())
    job.progress(0.1, "drafting the concept")
    c = drafts.concept(str(params.get("brief") or ""), eng, lang)
    job.write_text("concept.md", drafts.concept_markdown(c, lang), "report/markdown")
    job.write_json("concept.json", {"schema": "GameConcept.1", **c}, "report/json")
    return {"lang": lang, "concept": c}
