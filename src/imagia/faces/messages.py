"""Errors in the reader's language: an API client that prefers French (``Accept-Language``) and a
French page get the message and hint of the common errors in French, built from the error's own
fields (the file, the field, the limit, the valid values), not by translating the English text.
Errors without a French form keep their English message.
"""

from __future__ import annotations

from imagia.core.errors import BadValue, ImagiaError, NotFound
from imagia.faces.uploads import TooLarge, UnsafePath, UnsupportedType, human_size

LANGS = ("fr", "en")

_WHAT_FR = {
    "use case": "cas d'usage",
    "job": "tâche",
    "tool": "outil",
    "workspace file": "fichier de l'espace de travail",
    "file": "fichier",
    "output": "fichier produit",
    "person": "personne",
    "asset": "média",
}
_UPLOAD_FR = {
    "empty": ("le fichier est vide", "choisissez de nouveau le fichier : rien n'a été reçu"),
    "encoding": (
        "du texte qui n'est pas en UTF-8 (ni en UTF-16 avec BOM, ni en Windows-1252)",
        "enregistrez le fichier en texte UTF-8 et envoyez-le de nouveau",
    ),
    "format": (
        "le contenu n'est pas un format qu'imagia lit",
        "formats acceptés : audio, vidéo, PDF, texte, XML, XLSX",
    ),
}


def accept_language(header: str | None) -> str | None:
    """The first of fr/en the client prefers (by q-value), or None when it names neither."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()
        q = 1.0
        for b in bits[1:]:
            name, _, value = b.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.split("-")[0]
        if primary in LANGS and q > 0:
            ranked.append((-q, i, primary))
    return sorted(ranked)[0][2] if ranked else None


def _french(exc: ImagiaError) -> tuple[str, str | None] | None:
    """(message, hint) of ``exc`` in French, or None when it has no French form."""
    if isinstance(exc, UnsupportedType):
        problem, advice = _UPLOAD_FR[exc.reason]
        return f"{exc.name} : {problem}", advice
    if isinstance(exc, TooLarge):
        size = human_size(exc.limit)
        if exc.message.startswith("upload"):
            return f"fichier envoyé plus gros que la limite de {size}", (
                "augmentez web.max_upload_mb dans le imagia.toml de l'espace de travail"
            )
        return f"corps de la requête plus gros que la limite de {size}", (
            "envoyez les fichiers en multipart/form-data, ou augmentez web.max_body_mb"
        )
    if isinstance(exc, UnsafePath):
        return (
            f"le chemin {exc.path!r} sort du dossier de l'espace de travail",
            "donnez un chemin relatif sans « .. », par exemple files/prise1.wav",
        )
    if isinstance(exc, NotFound):
        what = _WHAT_FR.get(exc.what, exc.what)
        close = ", ".join(exc.suggestions)
        return (
            f"{what} inconnu(e) : {exc.value!r}",
            f"vouliez-vous dire : {close} ?" if close else None,
        )
    if isinstance(exc, BadValue):
        valid = f"valeurs possibles : {', '.join(exc.valid)}" if exc.valid else None
        if exc.value in ("", None):
            return f"{exc.param} : valeur obligatoire", valid
        return f"valeur refusée pour {exc.param} : {exc.value!r}", valid
    return None


def localize(exc: ImagiaError, lang: str) -> dict[str, object]:
    """``exc.to_dict()`` with its message and hint in ``lang`` where imagia has them; the
    English message stays under ``message_en`` when it was replaced."""
    payload = exc.to_dict()
    cause = getattr(exc, "cause", None)
    french = _french(cause if isinstance(cause, ImagiaError) else exc) if lang == "fr" else None
    if french is None:
        return payload
    message, hint = french
    return {**payload, "message": message, "hint": hint, "message_en": payload["message"]}
