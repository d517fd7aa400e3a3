"""The parser's warnings in French, for the readers of the French interface.

The warnings themselves stay English strings (``Screenplay.warnings``, read back by
``ocr_pdf.ocr_pages``); each one the parser writes has a French pattern here, so a result can
carry ``warnings_fr`` beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from imagia.script.ocr_pdf import MODEL, NOTE

_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^language not recognised as French or English"),
        lambda m: (
            "langue reconnue ni comme du français ni comme de l'anglais ; les étapes "
            "fondées sur les lexiques (dépouillement, analyse) seront peu fiables"
        ),
    ),
    (
        re.compile(r"^scene numbers used twice: (.*)$"),
        lambda m: f"numéros de séquence employés deux fois : {m[1]}",
    ),
    (
        re.compile(r"^(\d+) scene heading\(s\) without a time of day \(scenes (.*)\)$"),
        lambda m: f"{m[1]} en-tête(s) de séquence sans moment de la journée (séquences {m[2]})",
    ),
    (
        re.compile(r"^page (\d+) " + re.escape(NOTE) + r", check the text$"),
        lambda m: f"page {m[1]} lue par reconnaissance de caractères ({MODEL}) : vérifiez le texte",
    ),
    (
        re.compile(r"^page (\d+) has no text layer \(a scan\) and was skipped: OCR needs (.*)$"),
        lambda m: (
            f"page {m[1]} sans couche de texte (une numérisation), ignorée : la "
            f"reconnaissance de caractères demande {m[2]}"
        ),
    ),
]


def french(warning: str) -> str:
    """``warning`` in French, or "" when it is not one the parser writes."""
    for pattern, say in _PATTERNS:
        m = pattern.match(warning)
        if m:
            return say(m)
    return ""
