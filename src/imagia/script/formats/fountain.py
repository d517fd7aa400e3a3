"""Fountain (https://fountain.io/syntax), the whole spec.

Title page (``Key: value``, indented continuation lines), scene headings (INT/EXT/EST/I/E and
French INT./EXT., forced ``.``, numbers ``#12#`` and, French habit, ``12. INT. ...``), character
cues (upper case or forced ``@``, extensions, dual dialogue ``^``), parentheticals, dialogue
(two-space lines keep a speech together), lyrics ``~``, transitions (``... TO:`` or forced
``>``), centred text ``>text<``, forced action ``!``, notes ``[[ ]]``, boneyard ``/* */`` (dropped:
not part of the script), sections ``#``, synopses ``=``, page breaks ``===``.
"""

from __future__ import annotations

import re

from imagia.script.formats.encoding import decode_text
from imagia.script.model import (
    HEADING_START,
    Element,
    Scene,
    Screenplay,
    is_upper_line,
    normalise_name,
    split_notes,
)

_TITLE_KEY = re.compile(r"^(?P<k>[A-Za-zÀ-ÿ][\w \-À-ÿ]*?):\s*(?P<v>.*)$")
_NOTE_LINE = re.compile(r"^\s*\[\[(?P<n>.*)\]\]\s*$", re.S)
_TRANSITIONS_FR = re.compile(
    r"^(FONDU|COUPE|CUT|ENCHAÎN|ENCHAIN|OUVERTURE|FERMETURE|NOIR|FADE|DISSOLVE|SMASH|MATCH|"
    r"IRIS|WIPE)",
    re.I,
)
_FORCED_HEADING = re.compile(r"^\.(?!\.)")


def _drop_boneyard(text: str) -> str:
    r"""``/* ... */`` blanked out, its line breaks kept (so line numbers stay right); a scan, not
    the regex ``/\*.*?\*/``, which rescans to the end from every unclosed ``/*``."""
    out: list[str] = []
    pos = 0
    while (a := text.find("/*", pos)) >= 0 and (b := text.find("*/", a + 2)) >= 0:
        out += [text[pos:a], "\n" * text.count("\n", a, b + 2)]
        pos = b + 2
    out.append(text[pos:])
    return "".join(out)


def _closing_lines(lines: list[str]) -> list[int]:
    """For each line, the index of the first line from it on holding ``]]`` (``len(lines)``
    when none): a multi-line note is found without rescanning the rest of the file."""
    nxt = [len(lines)] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        nxt[k] = k if "]]" in lines[k] else nxt[k + 1]
    return nxt


def _title_page(lines: list[str]) -> tuple[dict[str, str], int]:
    """Parse a title page at the top; return it and the index of the first script line."""
    if not lines or not _TITLE_KEY.match(lines[0]) or HEADING_START.match(lines[0]):
        return {}, 0
    tp: dict[str, str] = {}
    key = None
    i = 0
    while i < len(lines) and lines[i].strip():
        line = lines[i]
        m = _TITLE_KEY.match(line)
        if m and not line[:1].isspace():
            key = m["k"].strip()
            tp[key] = m["v"].strip()
        elif key is not None and (line.startswith("   ") or line.startswith("\t")):
            tp[key] = (tp[key] + "\n" + line.strip()).strip("\n")
        else:
            return {}, 0  # not a title page after all
        i += 1
    return tp, i


def _is_heading(line: str) -> bool:
    s = line.strip()
    return bool(HEADING_START.match(s)) or bool(_FORCED_HEADING.match(s))


def _is_transition(line: str) -> bool:
    s = line.strip()
    if s.startswith(">") and not s.endswith("<"):
        return True
    return is_upper_line(s) and (
        s.endswith("TO:")
        or (bool(_TRANSITIONS_FR.match(s)) and (s.endswith(":") or s.endswith(".")))
    )


def _is_cue(line: str) -> bool:
    s = line.strip()
    if s.startswith("@"):
        return len(s) > 1
    if s.startswith("!") or not s or s.startswith("(") or s.startswith("~"):
        return False
    core = s.removesuffix("^").strip()
    return (
        is_upper_line(core) and not core.endswith(":") and not _is_heading(core) and len(core) < 60
    )


def loads(data: bytes, source: str = "") -> Screenplay:
    text = decode_text(data, source).replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    text = _drop_boneyard(text)
    lines = text.split("\n")
    closing = _closing_lines(lines)
    sp = Screenplay()
    sp.title_page, start = _title_page(lines)
    flow = sp.preamble
    scene: Scene | None = None
    i = start
    n = len(lines)
    prev_blank = True
    last_cue: Element | None = None

    def add(e: Element) -> None:
        flow.append(e)

    while i < n:
        raw = lines[i]
        s = raw.strip()
        lineno = i + 1
        if not s and raw != "  ":
            prev_blank = True
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < n else ""
        next_blank = not nxt.strip()
        # multi-line notes standing alone: up to the first line holding "]]", which must end
        # the note (else it is no note, and nothing is joined)
        j = closing[i]
        if s.startswith("[[") and "]]" not in s and j < n and lines[j].rstrip().endswith("]]"):
            note = " ".join([s] + [ln.strip() for ln in lines[i + 1 : j + 1]])
            m = _NOTE_LINE.match(note)
            if m:
                add(Element("note", m["n"].strip(), line=lineno))
                i = j + 1
                prev_blank = False
                continue
        m = _NOTE_LINE.match(s)
        if m and "]]" not in m["n"]:
            add(Element("note", m["n"].strip(), line=lineno))
            i += 1
            prev_blank = False
            continue
        if s == "===" or re.fullmatch(r"={3,}", s):
            add(Element("page_break", "", line=lineno))
            i += 1
            continue
        if s.startswith("#"):
            add(Element("section", s, line=lineno))
            i += 1
            continue
        if s.startswith("=") and not s.startswith("==="):
            add(Element("synopsis", s[1:].strip(), line=lineno))
            i += 1
            continue
        if (
            prev_blank
            and _is_heading(s)
            and not s.startswith("!")
            and (
                next_blank
                or _FORCED_HEADING.match(s)
                or (is_upper_line(s) and HEADING_START.match(s))
            )
        ):  # no blank after: lenient
            forced = bool(_FORCED_HEADING.match(s)) and not HEADING_START.match(s)
            scene = Scene.from_heading(s, forced=forced, line=lineno)
            sp.scenes.append(scene)
            flow = scene.elements
            i += 1
            prev_blank = False
            continue
        if s.startswith(">") and s.endswith("<"):
            add(Element("centered", s[1:-1].strip(), line=lineno))
            i += 1
            prev_blank = False
            continue
        if prev_blank and next_blank and _is_transition(s):
            forced = s.startswith(">")
            add(Element("transition", s[1:].strip() if forced else s, forced=forced, line=lineno))
            i += 1
            prev_blank = False
            continue
        if s.startswith("~"):
            add(Element("lyrics", s[1:].strip(), line=lineno))
            i += 1
            prev_blank = False
            continue
        if prev_blank and not next_blank and _is_cue(s):
            forced = s.startswith("@")
            dual = s.endswith("^")
            name, ext = normalise_name(s)
            cue_text = s[1:] if forced else s
            cue_text = cue_text.removesuffix("^").strip()
            cue = Element(
                "character",
                cue_text,
                name=name,
                extension=ext,
                dual=dual,
                forced=forced,
                line=lineno,
            )
            if dual and last_cue is not None:
                last_cue.dual = True
            add(cue)
            last_cue = cue
            i += 1
            # speech: until a truly blank line
            buf: list[str] = []
            buf_line = i + 1
            while i < n and (lines[i].strip() or lines[i] == "  "):
                t = lines[i].strip()
                if t.startswith("(") or t.startswith("~"):
                    if buf:
                        add(Element("dialogue", "\n".join(buf).strip("\n"), line=buf_line))
                        buf = []
                    if t.startswith("("):
                        add(Element("parenthetical", t, line=i + 1))
                    else:
                        add(Element("lyrics", t[1:].strip(), line=i + 1))
                else:
                    if not buf:
                        buf_line = i + 1
                    buf.append("" if lines[i] == "  " else t)
                i += 1
            if buf:
                add(Element("dialogue", "\n".join(buf).strip("\n"), line=buf_line))
            prev_blank = False
            continue
        # action: the paragraph up to a blank line (keeps inner line breaks; a line of two
        # spaces is a blank line inside it, and always moves the reading on)
        para: list[str] = []
        first = lineno
        while i < n and (lines[i].strip() or lines[i] == "  "):
            t = lines[i].rstrip()
            if para and (_NOTE_LINE.match(t.strip()) or re.fullmatch(r"={3,}", t.strip())):
                break
            para.append(t[1:] if (not para and t.lstrip().startswith("!")) else t)
            i += 1
        body = "\n".join(p.strip() if not p.startswith("    ") else p for p in para)
        forced = s.startswith("!")
        body, found = split_notes(body)
        body = body.strip()
        notes = [nt.strip() for nt in found]
        if body:
            add(Element("action", body, forced=forced, line=first))
        for note in notes:
            add(Element("note", note, line=first))
        prev_blank = False
    # strip inline notes from speech text (kept as note elements)
    for el_list in [sp.preamble] + [sc.elements for sc in sp.scenes]:
        out: list[Element] = []
        for e in el_list:
            if e.kind in ("dialogue", "parenthetical", "lyrics") and "[[" in e.text:
                bare, found = split_notes(e.text)
                notes = [nt.strip() for nt in found]
                e.text = re.sub(r"[ \t]{2,}", " ", bare).strip()
                out.append(e)
                out.extend(Element("note", nt, line=e.line) for nt in notes)
            else:
                out.append(e)
        el_list[:] = out
    return sp


def _needs_force_action(text: str) -> bool:
    first = text.split("\n", 1)[0].strip()
    return (
        _is_heading(first)
        or _is_cue(first)
        or _is_transition(first)
        or first.startswith(("#", "=", "~", ">", "@", ".", "[["))
    )


def dumps(sp: Screenplay) -> bytes:
    out: list[str] = []
    if sp.title_page:
        for k, v in sp.title_page.items():
            parts = v.split("\n")
            if len(parts) == 1:
                out.append(f"{k}: {v}")
            else:
                out.append(f"{k}:")
                out.extend(f"    {p}" for p in parts)
        out.append("")
    flows: list[tuple[Scene | None, list[Element]]] = [(None, sp.preamble)]
    flows += [(s, s.elements) for s in sp.scenes]
    for scene, elements in flows:
        if scene is not None:
            h = scene.clean_heading
            if scene.forced or not HEADING_START.match(h):
                h = "." + h
            if scene.number:
                h += f" #{scene.number}#"
            out += [h, ""]
        prev = None
        for e in elements:
            in_speech = e.kind in ("parenthetical", "dialogue") or (
                e.kind == "lyrics" and prev in ("character", "parenthetical", "dialogue", "lyrics")
            )
            if in_speech and out and out[-1] == "":
                out.pop()
            if e.kind == "character":
                cue = e.text
                if e.forced or not _is_cue(cue):
                    cue = "@" + cue
                if (
                    e.dual
                    and prev in ("dialogue", "parenthetical", "lyrics")
                    and _prev_cue_dual(elements, e)
                ):
                    cue += " ^"
                out.append(cue)
            elif e.kind == "dialogue":
                out.extend(line if line else "  " for line in e.text.split("\n"))
            elif e.kind == "parenthetical":
                out.append(e.text)
            elif e.kind == "lyrics":
                out.extend("~" + line for line in e.text.split("\n"))
            elif e.kind == "transition":
                t = e.text
                out.append(t if (not e.forced and _is_transition(t)) else ">" + t)
            elif e.kind == "centered":
                out.append(f">{e.text}<")
            elif e.kind == "note":
                out.append(f"[[{e.text}]]")
            elif e.kind == "section":
                out.append(e.text if e.text.startswith("#") else "# " + e.text)
            elif e.kind == "synopsis":
                out.append("= " + e.text)
            elif e.kind == "page_break":
                out.append("===")
            else:
                t = e.text
                out.append(("!" + t) if (e.forced or _needs_force_action(t)) else t)
            if e.kind != "character":
                out.append("")
            prev = e.kind
    while out and out[-1] == "":
        out.pop()
    return ("\n".join(out) + "\n").encode("utf-8")


def _prev_cue_dual(elements: list[Element], cue: Element) -> bool:
    idx = next(i for i, x in enumerate(elements) if x is cue)
    for x in reversed(elements[:idx]):
        if x.kind == "character":
            return x.dual
        if x.kind not in ("parenthetical", "dialogue", "lyrics"):
            return False
    return False
