"""A run form's errors at their fields, in the page's language.

The API answers a refused upload or parameter with its JSON error; a page says the same thing
next to the field that caused it, with what the field expects (kind of file, encoding, size,
bounds), built from the tool's declaration rather than from the English message.
"""

from __future__ import annotations

from typing import Any

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.filekinds import GROUPS, sniff
from imagia.core.registry import Param, Tool
from imagia.faces.actions import FieldError
from imagia.faces.uploads import Stored, TooLarge, UnsupportedType
from imagia.web import i18n

# How a group of file kinds is named in each language (filekinds.GROUP_NAMES is English).
GROUP_NAMES = {
    "audio": ("audio ou vidéo", "audio or video"),
    "video": ("vidéo", "video"),
    "subtitles": ("sous-titres", "subtitles"),
    "parquet": ("Parquet", "Parquet"),
    "pdf": ("PDF", "PDF"),
    "text": ("texte", "text"),
    "xml": ("XML", "XML"),
    "xlsx": ("XLSX", "XLSX"),
}
KIND_NAMES = {"text": ("texte", "text"), "xml": ("XML", "XML")}


def expected(p: Param | None, lang: str) -> str:
    """What a file field takes, in words: "audio ou vidéo", or every format imagia reads."""
    i = 0 if lang == "fr" else 1
    if p is None or not p.accept:
        return i18n.t("form.anyformat", lang)
    names = [GROUP_NAMES.get(g, (g, g))[i] for g in p.accept]
    return (" ou " if lang == "fr" else " or ").join(names)


def kind_name(kind: str, lang: str) -> str:
    pair = KIND_NAMES.get(kind)
    return pair[0 if lang == "fr" else 1] if pair else kind.upper()


def _bounds(p: Param, lang: str) -> str:
    """ "un nombre entier entre 1 et 10" / "a whole number from 1 to 10"."""
    kind = i18n.t("form.integer" if p.kind == "integer" else "form.number", lang)
    lo = None if p.minimum is None else i18n.number(p.minimum, lang)
    hi = None if p.maximum is None else i18n.number(p.maximum, lang)
    if lo is not None and hi is not None:
        return i18n.t("form.between", lang).format(kind=kind, lo=lo, hi=hi)
    if lo is not None:
        return i18n.t("form.atleast", lang).format(kind=kind, lo=lo)
    if hi is not None:
        return i18n.t("form.atmost", lang).format(kind=kind, hi=hi)
    return kind


def wrong_uploads(tool: Tool, stored: dict[str, Stored]) -> dict[str, tuple[Param, Stored]]:
    """Uploads whose content is not a kind their field accepts (checked before the job)."""
    params = {p.name: p for p in tool.params}
    out = {}
    for key, st in stored.items():
        p = params.get(key.removesuffix("__upload"))
        if (
            p is not None
            and p.accept
            and st.kind not in set().union(*(GROUPS[g] for g in p.accept))
        ):
            out[p.name] = (p, st)
    return out


def kind_message(p: Param, st: Stored, lang: str) -> str:
    return i18n.t("form.kind", lang).format(
        name=st.name, found=kind_name(st.kind, lang), expected=expected(p, lang)
    )


def field_of(tool: Tool | None, exc: ImagiaError, raw: dict[str, Any]) -> str | None:
    """The field an error is about, when it is about one of ``tool``'s parameters."""
    if isinstance(exc, FieldError):
        return exc.field
    if tool is None:
        return None
    names = {p.name for p in tool.params}
    if isinstance(exc, BadValue) and exc.param in names:
        return exc.param
    if isinstance(exc, BadFile):
        for name, value in raw.items():
            if name in names and isinstance(value, str) and value and exc.path.endswith(value):
                return name
    return None


def message(tool: Tool | None, field: str, exc: ImagiaError, lang: str, limit: int) -> str:
    """The error of ``field`` in ``lang``, saying what the field expects."""
    p = next((x for x in tool.params if x.name == field), None) if tool else None
    cause = exc.cause if isinstance(exc, FieldError) else exc
    if isinstance(cause, UnsupportedType):
        key = {"empty": "form.empty", "encoding": "form.encoding"}.get(cause.reason, "form.format")
        return i18n.t(key, lang).format(name=cause.name, expected=expected(p, lang))
    if isinstance(cause, TooLarge):
        return i18n.t("form.toolarge", lang).format(limit=i18n.size(limit, lang))
    if isinstance(cause, BadValue) and cause.value in ("", None):
        if p is not None and p.kind in ("file", "files"):
            return i18n.t("form.required.file", lang).format(expected=expected(p, lang))
        return i18n.t("form.required", lang)
    if isinstance(cause, BadFile) and p is not None and p.accept:
        kind = sniff_path(cause.path)
        if kind:
            found = kind_name(kind, lang)
            return i18n.t("form.kind", lang).format(
                name=cause.path.rsplit("/", 1)[-1], found=found, expected=expected(p, lang)
            )
    if p is not None and p.kind in ("number", "integer"):
        return i18n.t("form.expected", lang).format(what=_bounds(p, lang))
    if p is not None and p.kind == "choice" and p.choices:
        return i18n.t("form.expected", lang).format(what=", ".join(p.choices))
    return i18n.t("form.invalid", lang)


def sniff_path(path: str) -> str | None:
    from pathlib import Path

    try:
        return sniff(Path(path), text_limit=1 << 20)
    except OSError:
        return None


# -- file pickers: only the files a parameter takes, job outputs included ----------------------
def pickers(ws: Any, tools: list[Any], files: list[dict[str, Any]], query: Any) -> dict[str, Any]:
    """For each file parameter of ``tools`` (key ``"tool:param"``), the workspace files whose
    content it accepts and the recent job outputs it reads (:mod:`imagia.faces.chain`); the
    file a "use in…" link names (``?tool=&param=&file=``) is chosen."""
    from imagia.faces import chain

    want = None
    if query.get("tool") and query.get("param") and query.get("file"):
        want = chain.chosen(ws, query["tool"], query["param"], query["file"])
    out: dict[str, Any] = {}
    for tool in tools:
        for p in tool.params:
            if p.kind not in ("file", "files"):
                continue
            here = want if want and (want["tool"], want["param"]) == (tool.id, p.name) else None
            own = [
                {"path": f["path"], "name": f["name"], "selected": False}
                for f in files
                if chain.accepts(p, f.get("kind"))
            ]
            made = [{**o, "selected": False} for o in chain.outputs_for(ws, tool, p)]
            if here:
                for o in (*own, *made):
                    o["selected"] = o["path"] == here["path"]
                if not any(o["selected"] for o in (*own, *made)):
                    made.insert(0, {**here, "job": "", "tool": "", "selected": True})
            out[f"{tool.id}:{p.name}"] = {"files": own, "outputs": made}
    return {"pickers": out, "chosen": want}
