"""Final Draft ``.fdx``: XML paragraphs by type (Scene Heading, Action, Character,
Parenthetical, Dialogue, Transition, Shot, General, Lyrics), scene numbers (``Number``),
dual dialogue (``<DualDialogue>``), script notes and the title page.

Read with :func:`imagia.core.xmlsafe.parse` (no entity declarations, no external entities,
bounded nesting; an unknown encoding in the XML declaration is a bad file). Unknown paragraph
types are read as action.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from imagia.core import xmlsafe
from imagia.core.errors import BadFile
from imagia.script.model import Element, Scene, Screenplay, normalise_name

_TYPES = {
    "Action": "action",
    "General": "action",
    "Shot": "action",
    "Cast List": "action",
    "Character": "character",
    "Parenthetical": "parenthetical",
    "Dialogue": "dialogue",
    "Transition": "transition",
    "Lyrics": "lyrics",
    "New Act": "section",
    "End of Act": "section",
    "Outline": "section",
    "Outline 1": "section",
    "Outline 2": "section",
}
_OUT = {
    "action": "Action",
    "character": "Character",
    "parenthetical": "Parenthetical",
    "dialogue": "Dialogue",
    "transition": "Transition",
    "lyrics": "Lyrics",
    "centered": "Action",
    "section": "New Act",
    "synopsis": "General",
}
_TITLE_KEYS_EN = ("Title", "Credit", "Author", "Source", "Draft date", "Contact")


def _text(p: ET.Element, deep: bool = False) -> str:
    parts = [t.text or "" for t in (p.iter("Text") if deep else p.findall("Text"))]
    return "".join(parts).replace("\r\n", "\n").replace("\r", "\n")


def _title_page(root: ET.Element) -> dict[str, str]:
    tp = root.find("TitlePage")
    if tp is None:
        return {}
    texts = [_text(p).strip() for p in tp.iter("Paragraph")]
    texts = [t for t in texts if t]
    out: dict[str, str] = {}
    keys = list(_TITLE_KEYS_EN)
    for t in texts:
        if ":" in t.split("\n")[0][:25] and not t.startswith("http"):
            k, _, v = t.partition(":")
            out[k.strip()] = v.strip()
        elif keys:
            out[keys.pop(0)] = t
        else:
            out["Contact"] = (out.get("Contact", "") + "\n" + t).strip()
    return out


def loads(data: bytes, source: str = "") -> Screenplay:
    root = xmlsafe.parse(data, source or "<fdx>")
    if root.tag != "FinalDraft":
        raise BadFile(source or "<fdx>", f"root element is <{root.tag}>, not <FinalDraft>")
    content = root.find("Content")
    if content is None:
        raise BadFile(source or "<fdx>", "no <Content> element")
    sp = Screenplay(title_page=_title_page(root))
    flow = sp.preamble

    def para(p: ET.Element, dual: bool = False) -> None:
        nonlocal flow
        ptype = p.get("Type", "Action")
        text = _text(p)
        if ptype == "Scene Heading":
            scene = Scene.from_heading(text)
            if p.get("Number"):
                scene.number = p.get("Number")
            sp.scenes.append(scene)
            flow = scene.elements
        else:
            kind = _TYPES.get(ptype, "action")
            if kind == "action" and p.get("Alignment") == "Center":
                kind = "centered"
            el = Element(kind, text.strip() if kind != "action" else text.strip("\n"))
            if kind == "character":
                el.name, el.extension = normalise_name(text)
                el.dual = dual
            if el.text or kind == "character":
                flow.append(el)
        for note in p.iter("ScriptNote"):
            flow.append(Element("note", _text(note, deep=True).strip()))

    for p in content:
        if p.tag != "Paragraph":
            continue
        dd = p.find("DualDialogue")
        if dd is not None:
            for q in dd.findall("Paragraph"):
                para(q, dual=True)
        else:
            para(p)
    return sp


def _para(parent: ET.Element, ptype: str, text: str, **attrs: str) -> ET.Element:
    p = ET.SubElement(parent, "Paragraph", {"Type": ptype, **attrs})
    t = ET.SubElement(p, "Text")
    t.text = text
    return p


def dumps(sp: Screenplay) -> bytes:
    root = ET.Element("FinalDraft", DocumentType="Script", Template="No", Version="5")
    content = ET.SubElement(root, "Content")

    def emit(elements: list[Element]) -> None:
        i = 0
        while i < len(elements):
            e = elements[i]
            if e.kind == "character" and e.dual:
                # gather the two dual speeches
                j = i + 1
                cues = 1
                while j < len(elements) and (
                    elements[j].kind in ("parenthetical", "dialogue", "lyrics")
                    or (elements[j].kind == "character" and elements[j].dual and cues < 2)
                ):
                    cues += elements[j].kind == "character"
                    j += 1
                wrapper = ET.SubElement(content, "Paragraph")
                dd = ET.SubElement(wrapper, "DualDialogue")
                for x in elements[i:j]:
                    _para(dd, _OUT[x.kind], x.text)
                i = j
                continue
            if e.kind == "note":
                host = content[-1] if len(content) else _para(content, "Action", "")
                notes = host.find("ScriptNotes")
                if notes is None:
                    notes = ET.SubElement(host, "ScriptNotes")
                n = ET.SubElement(notes, "ScriptNote")
                ET.SubElement(ET.SubElement(n, "Paragraph"), "Text").text = e.text
            elif e.kind == "page_break":
                pass
            elif e.kind == "centered":
                _para(content, "Action", e.text, Alignment="Center")
            else:
                _para(content, _OUT[e.kind], e.text)
            i += 1

    emit(sp.preamble)
    for s in sp.scenes:
        attrs = {"Number": s.number} if s.number else {}
        _para(content, "Scene Heading", s.clean_heading, **attrs)
        emit(s.elements)
    if sp.title_page:
        tp = ET.SubElement(ET.SubElement(root, "TitlePage"), "Content")
        for k, v in sp.title_page.items():
            _para(tp, "General", f"{k}: {v}", Alignment="Center")
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n' + body + b"\n"
