"""A first mapping for a new distributor's statement, guessed from its header and values, for a
person to check and save once (``imagia finance map``). Nothing is guessed silently at import:
the import itself only follows saved mappings."""

from __future__ import annotations

import csv
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.core.textfile import read_text
from imagia.core.xlsx import read_sheet
from imagia.finance.contracts import CHANNELS
from imagia.finance.lines import MAPPING_SCHEMA, Mapping, _rows
from imagia.finance.money import column_rule, notation

# Words seen in French and English statements, per line field (accents and case ignored).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "date operation", "date de valeur", "period end", "transaction date"),
    "amount": (
        "montant",
        "montant ht",
        "amount",
        "net amount",
        "total ht",
        "montant (eur)",
        "value",
        "recettes",
    ),
    "kind": ("nature", "type", "category", "categorie", "type de ligne", "line type"),
    "channel": (
        "mode",
        "mode d'exploitation",
        "support",
        "media",
        "channel",
        "rights",
        "exploitation",
    ),
    "territory": ("territoire", "territory", "pays", "country"),
    "currency": ("devise", "currency", "monnaie"),
    "reason": ("motif", "reason", "reason code"),
    "description": (
        "libelle",
        "description",
        "label",
        "article",
        "titre",
        "licensee",
        "designation",
    ),
    "ref": ("ref", "ref.", "reference", "contract", "numero", "no", "invoice"),
}
KIND_WORDS: dict[str, tuple[str, ...]] = {  # in this order: "Total recettes" is a total
    "total": ("total",),
    "public_price": ("ppht", "prix public", "public price"),
    "fee": ("commission", "distribution fee"),
    "remittance": ("versement", "payment", "remittance", "paiement"),
    "expense": ("frais", "expense", "cost", "depense", "delivery", "marketing"),
    "receipt": (
        "recette",
        "vente",
        "location",
        "licence fee",
        "license fee",
        "sale",
        "revenue",
        "overage",
        "receipt",
        "royalt",
        "retour",
    ),
}
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "theatrical": ("salle", "cinema", "theatrical", "box office"),
    "video": ("dvd", "blu-ray", "bluray", "video", "physical"),
    "tvod": ("vad", "vod", "tvod", "location", "est", "achat definitif"),
    "svod": ("svod", "abonnement", "subscription"),
    "avod": ("avod", "gratuit", "ad-supported"),
    "free_tv": ("tv gratuite", "free tv", "television gratuite", "clair"),
    "pay_tv": ("tv payante", "pay tv", "pay-tv", "television payante"),
    "non_commercial": ("non commercial", "non-commercial", "mediatheque", "scolaire"),
    "international": ("international", "export"),
}
REASON_WORDS: dict[str, tuple[str, ...]] = {
    "correction": ("regularisation", "correction", "adjustment", "avoir", "rectif"),
    "return": ("retour", "return"),
    "refund": ("rembourse", "refund"),
    "chargeback": ("chargeback", "impaye"),
    "cancellation": ("annulation", "cancel"),
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%m/%d/%Y", "%Y%m%d")


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode()
    return " ".join(s.lower().replace("_", " ").split())


def _guess(value: str, table: dict[str, tuple[str, ...]]) -> str | None:
    v = _norm(value)
    for target, words in table.items():
        if v == target or any(w in v for w in words):
            return target
    return None


def draft(
    path: Path, party: str, mapping_id: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A ``Mapping.1`` dict for ``path`` and notes on what to check."""
    path = Path(path)
    if not path.is_file():
        raise BadFile(path, "statement file not found")
    m: dict[str, Any] = {"schema": MAPPING_SCHEMA, "id": mapping_id or party, "party": party}
    notes: list[str] = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header_row, rows = _xlsx_header(path)
        m["header_row"] = header_row
    else:
        head = read_text(path)[:4096]
        try:
            m["delimiter"] = csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
        except csv.Error:
            m["delimiter"] = ","
        rows = list(
            _rows(
                path,
                Mapping.model_validate(
                    {
                        "schema": MAPPING_SCHEMA,
                        "id": "x",
                        "party": party,
                        "delimiter": m["delimiter"],
                    }
                ),
            )
        )
    header = [h for h in rows[0][1]] if rows else []
    data = [r for _, r in rows[1:51]]
    columns: dict[str, str] = {}
    for col in header:
        n = _norm(col)
        for fld, words in SYNONYMS.items():
            if fld not in columns and (
                n in words or any(n.startswith(w) for w in words if len(w) > 3)
            ):
                columns[fld] = col
                break
    m["columns"] = columns
    m["ignore"] = [h for h in header if h and h not in columns.values()]
    for h in m["ignore"]:
        notes.append(f"column {h!r} left out (ignore): map it if it matters")
    consts: dict[str, str] = {}
    for fld, default in (
        ("currency", "EUR"),
        ("territory", "FR"),
        ("channel", "theatrical"),
        ("kind", "receipt"),
    ):
        if fld not in columns:
            consts[fld] = default
            notes.append(f"no {fld} column: constant {default!r} assumed, check it")
    m["constants"] = consts
    if "date" in columns:
        samples = [str(r.get(columns["date"]) or "") for r in data if r.get(columns["date"])]
        fmt = next(
            (f for f in _DATE_FORMATS if samples and all(_parses(s, f) for s in samples)), None
        )
        if fmt:
            m["date_format"] = fmt
        elif samples and not all(isinstance(r.get(columns["date"]), datetime) for r in data):
            notes.append(f"date format not recognised ({samples[0]!r}): set date_format")
    if "amount" in columns:
        vals = [(n, r.get(columns["amount"])) for n, r in rows[1:]]
        comma, problem = column_rule([(n, v) for n, v in vals if v not in (None, "")], None)
        if problem:
            notes.append(f"amounts: {problem}")
        else:
            m["decimal_comma"] = comma
            shown = [(n, v) for n, v in vals if notation(v) == ("comma" if comma else "point")]
            if shown:
                rule = "decimal comma" if comma else "decimal point"
                notes.append(
                    f"amounts: {rule}, as row {shown[0][0]} shows ({shown[0][1]!r}); check it"
                )
    values: dict[str, dict[str, str]] = {}
    for fld, table in (("kind", KIND_WORDS), ("channel", CHANNEL_WORDS), ("reason", REASON_WORDS)):
        if fld not in columns:
            continue
        seen = sorted({str(r.get(columns[fld]) or "").strip() for r in data} - {""})
        vmap = {}
        for v in seen:
            g = _guess(v, table)
            if g is None or (fld == "channel" and g not in CHANNELS):
                notes.append(f"{fld} value {v!r} not recognised: map it under values.{fld}")
                continue
            if g != v:
                vmap[v] = g
        if vmap:
            values[fld] = vmap
    m["values"] = values
    Mapping.model_validate(m)
    return m, notes


def _parses(s: str, fmt: str) -> bool:
    try:
        datetime.strptime(s.strip(), fmt)
    except ValueError:
        return False
    return True


def _xlsx_header(path: Path) -> tuple[int, list[tuple[int, dict[str, Any]]]]:
    """The first row with three non-empty text cells is taken as the header."""
    header_row = 1
    for n, row in enumerate(read_sheet(path, max_row=20), start=1):
        if sum(isinstance(v, str) and v.strip() != "" for v in row) >= 3:
            header_row = n
            break
    probe = Mapping.model_validate(
        {"schema": MAPPING_SCHEMA, "id": "x", "party": "x", "header_row": header_row}
    )
    return header_row, list(_rows(path, probe))
