"""``imagia assist``: the writing assistants on the local language model, answers streamed."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.options import JSON
from imagia.cli.output import console, emit_json

app = typer.Typer(
    help="Writing assistants on the local language model, grounded in your own files "
    "(answers cite the screenplay's scenes).",
    no_args_is_help=True,
)


@app.command("ask")
def ask(
    script: Path = typer.Argument(..., help="Screenplay (Fountain, FDX, PDF or plain text)."),
    question: str = typer.Argument(..., help="A question about the story."),
    top: int = typer.Option(4, "--top", min=1, max=20, help="Scenes given to the model."),
    lang: str | None = typer.Option(
        None, "--lang", help="Answer language, fr or en (default: the question's)."
    ),
    model: str = typer.Option(
        "auto", "--model", help="auto, qwen-1.5b or qwen-0.5b (or the endpoint's model name)."
    ),
    max_tokens: int = typer.Option(200, "--max-tokens", min=8, max=4096),
    as_json: bool = JSON,
) -> None:
    """Answer QUESTION from the screenplay's most relevant scenes, citing them as [N]."""
    import sys

    from imagia.assist.ask import ask as run_ask
    from imagia.core import llm
    from imagia.script import formats

    sp = formats.read(script)
    eng = llm.engine(llm.settings(model=model, max_tokens=max_tokens))

    def show(token: str) -> None:
        sys.stdout.write(token)
        sys.stdout.flush()

    answer = run_ask(
        sp, question, lang=lang, top=top, engine=eng, on_token=None if as_json else show
    )
    if as_json:
        emit_json(
            {
                "question": answer.question,
                "answer": answer.text,
                "cited": answer.cited,
                "not_given": answer.stray,
                "scenes_given": [h.passage.number for h in answer.retrieved],
                "tokens": answer.completion.tokens,
                "seconds": round(answer.completion.seconds, 2),
                "stopped": answer.completion.stopped,
                "model": answer.model,
            }
        )
        return
    print()
    heads = {h.passage.number.upper(): h.passage.heading for h in answer.retrieved}
    if answer.cited:
        how = " (matched by imagia: the model cited none)" if answer.attributed else ""
        console.print("Scenes cited: " + "; ".join(f"{n} {heads[n]}" for n in answer.cited) + how)
    else:
        console.print("No scene cited: check the answer against the script.")
    if answer.stray:
        console.print(f"[yellow]Cited but not given to the model (not trusted): {answer.stray}")
    if answer.completion.stopped != "stop":
        console.print(f"[yellow]Answer cut: {answer.completion.stopped}")
    m = answer.model
    console.print(
        f"[dim]{m.get('model')} ({m.get('engine')}), {answer.completion.tokens} tokens in "
        f"{answer.completion.seconds:.1f} s; a draft for a writer to check."
    )


@app.command("continuity")
def continuity_cmd(
    script: Path = typer.Argument(..., help="Screenplay (Fountain, FDX, PDF or plain text)."),
    bible: Path | None = typer.Option(
        None, "--bible", help="Series bible (YAML: characters' age, eyes, hair)."
    ),
    model: str = typer.Option(
        "auto", "--model", help="auto, qwen-1.5b, qwen-0.5b, or none (rules only)."
    ),
    lang: str = typer.Option("en", "--lang", help="Language of the model's reading: fr or en."),
    as_json: bool = JSON,
) -> None:
    """Contradictions across scenes and against the bible, each with its two citations."""
    from imagia.assist import continuity
    from imagia.core import llm
    from imagia.script import formats

    sp = formats.read(script)
    bib = continuity.read_bible(bible) if bible else None
    eng = None if model == "none" else llm.engine(llm.settings(model=model))
    found = continuity.check(sp, bib, eng, lang)
    if as_json:
        emit_json(
            {
                "contradictions": [
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
                ],
                "model": eng.provenance() if eng else None,
            }
        )
        return
    if not found:
        console.print("No contradiction found.")
    for c in found:
        who = "rules" if c.source == "rules" else "model's reading, to check"
        console.print(f"- {c.en} [dim]({who})")
        console.print(f"    [{c.a.scene}] {c.a.quote}")
        console.print(f"    [{c.b.scene}] {c.b.quote}")


@app.command("barks")
def barks_cmd(
    sheets: Path = typer.Argument(..., help="Characters and triggers (YAML)."),
    variants: int = typer.Option(5, "--variants", min=1, max=20, help="Lines per trigger."),
    limit: int = typer.Option(80, "--limit", min=10, max=300, help="Longest line (characters)."),
    model: str = typer.Option("auto", "--model", help="auto, qwen-1.5b or qwen-0.5b."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the string table here (.csv or .json)."
    ),
    as_json: bool = JSON,
) -> None:
    """N barks per character and trigger; near-duplicates and over-limit lines set aside."""
    import csv
    import io
    import json

    from imagia.assist import barks
    from imagia.core import llm
    from imagia.core.provenance import atomic_write

    chars, triggers = barks.read_sheets(sheets)
    eng = llm.engine(llm.settings(model=model))
    rows = barks.table(barks.generate(chars, triggers, eng, variants=variants, limit=limit))
    if output is not None:
        if output.suffix.lower() == ".json":
            data = json.dumps({"strings": rows, "model": eng.provenance()}, ensure_ascii=False)
        else:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["key"])
            w.writeheader()
            w.writerows(rows)
            data = buf.getvalue()
        with atomic_write(output) as fh:
            fh.write(data)
    if as_json:
        emit_json({"strings": rows, "model": eng.provenance()})
        return
    for r in rows:
        mark = "+" if r["kept"] else f"- ({r['dropped']})"
        console.print(f"{mark} [{r['character']} / {r['trigger']}] {r['text']}")
    kept = sum(bool(r["kept"]) for r in rows)
    console.print(f"{kept} of {len(rows)} kept; a writer picks.")


@app.command("npc")
def npc_cmd(
    world: Path = typer.Argument(..., help="World file (YAML: name, persona, lang, facts)."),
    say: list[str] = typer.Option(
        [], "--say", help="What the player says (repeat); without it, type lines (Ctrl-D ends)."
    ),
    model: str = typer.Option("auto", "--model", help="auto, qwen-1.5b or qwen-0.5b."),
    as_json: bool = JSON,
) -> None:
    """Talk to the NPC of WORLD: it remembers the conversation and refuses to invent facts."""
    import sys

    from imagia.assist import npc
    from imagia.core import llm

    talk = npc.Npc(npc.read_world(world), llm.engine(llm.settings(model=model)))
    lines = say or (line.strip() for line in sys.stdin if line.strip())
    turns = []
    for text in lines:
        turn = talk.say(text)
        turns.append(turn)
        if not as_json:
            console.print(f"[bold]{talk.world.name}:[/bold] {turn.answer}")
            if turn.refused:
                console.print(f"[dim](not in the world file: {', '.join(turn.refused)})")
    if as_json:
        emit_json(
            {
                "npc": talk.world.name,
                "turns": [
                    {"player": t.question, "npc": t.answer, "refused": t.refused} for t in turns
                ],
                "model": talk.engine.provenance(),
            }
        )


@app.command("gdd-template")
def gdd_template(
    lang: str = typer.Option("en", "--lang", help="fr or en."),
    title: str = typer.Option("", "--title", help="The game's title."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write it here (.md)."),
) -> None:
    """A Markdown game design document with the sections of a standard GDD."""
    from imagia.assist import gdd
    from imagia.core.provenance import atomic_write

    text = gdd.template(lang, title)
    if output is None:
        print(text)
        return
    with atomic_write(output) as fh:
        fh.write(text)
    console.print(f"wrote {output}")


@app.command("gdd-check")
def gdd_check(
    gdd: Path = typer.Argument(..., help="Game design document (Markdown)."),
    as_json: bool = JSON,
) -> None:
    """Missing sections, terms used but never defined, the same quantity given two values."""
    from imagia.assist import gdd as gddmod

    found = gddmod.report(gddmod.check(gddmod.read(gdd)))
    if as_json:
        emit_json(found)
        return
    for f in found["findings"]:
        where = f" (lines {', '.join(map(str, f['lines']))})" if f["lines"] else ""
        console.print(f"- {f['en']}{where}")
    console.print(
        f"{found['missing']} missing sections, {found['undefined']} undefined terms, "
        f"{found['numbers']} contradicting numbers."
    )


@app.command("minutes")
def minutes_cmd(
    transcript: Path = typer.Argument(
        ..., help="Transcript: 'NAME: words' lines, or an imagia transcript (JSON)."
    ),
    lang: str = typer.Option("en", "--lang", help="Language of the minutes: fr or en."),
    model: str = typer.Option("auto", "--model", help="auto, qwen-1.5b or qwen-0.5b."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write them here (.md)."),
) -> None:
    """Minutes of a meeting: decisions, action items with owner and due date, open questions."""
    from imagia.assist import minutes
    from imagia.core import llm
    from imagia.core.provenance import atomic_write

    turns = minutes.read_transcript(transcript)
    m = minutes.write(turns, llm.engine(llm.settings(model=model)), lang)
    text = minutes.markdown(m, transcript.stem, lang)
    if output is None:
        print(text)
        return
    with atomic_write(output) as fh:
        fh.write(text)
    console.print(f"wrote {output}")


@app.command("concept")
def concept_cmd(
    brief: Path = typer.Argument(..., help="The brief: a text file of a few sentences."),
    lang: str = typer.Option("en", "--lang", help="fr or en."),
    model: str = typer.Option("auto", "--model", help="auto, qwen-1.5b or qwen-0.5b."),
) -> None:
    """A one-page game concept from a brief (title, logline, core loop, risks...)."""
    from imagia.assist import drafts
    from imagia.core import llm
    from imagia.core.errors import BadFile

    if not brief.is_file():
        raise BadFile(brief, "file not found")
    text = brief.read_text(encoding="utf-8", errors="replace")
    c = drafts.concept(text, llm.engine(llm.settings(model=model)), lang)
    print(drafts.concept_markdown(c, lang))


@app.command("synopsis")
def synopsis_cmd(
    script: Path = typer.Argument(..., help="Screenplay (Fountain, FDX, PDF or plain text)."),
    lang: str = typer.Option("en", "--lang", help="fr or en."),
    model: str = typer.Option("auto", "--model", help="auto, qwen-1.5b or qwen-0.5b."),
) -> None:
    """A logline and a synopsis drafted from the screenplay's scenes."""
    from imagia.assist import drafts
    from imagia.core import llm
    from imagia.script import formats

    out = drafts.synopsis(formats.read(script), llm.engine(llm.settings(model=model)), lang)
    console.print(f"[bold]Logline:[/bold] {out['logline']}")
    console.print(out["synopsis"])
    if out["names_not_in_script"]:
        console.print(f"[yellow]Names not in the script: {', '.join(out['names_not_in_script'])}")
