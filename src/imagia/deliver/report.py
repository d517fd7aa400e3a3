"""The ladder's report per title, a self-contained HTML page in English or French: the plot,
the rungs, the fixed ladder and its BD-rate, the sample and what the budget gave up."""

from __future__ import annotations

from html import escape
from typing import Any

from imagia.deliver.plot import svg

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Encoding ladder",
        "source": "Source",
        "sample": "Sample measured",
        "segments": "segments",
        "shots": "shots found",
        "codec": "Codec",
        "display": "Compared at",
        "rungs": "Chosen rungs",
        "size": "Resolution",
        "kbps": "Bitrate (kbit/s)",
        "fixed": "Fixed ladder",
        "target": "Target (kbit/s)",
        "bd": "BD-rate of this ladder against the fixed ladder",
        "bd_none": "not comparable (the VMAF ranges do not overlap or too few rungs fit)",
        "bd_help": "negative: fewer bits for the same VMAF",
        "range": "over VMAF",
        "budget": "Budget",
        "minutes": "min",
        "estimated": "estimated",
        "spent": "spent",
        "gave_up": "Given up to fit the budget",
        "cells": "encodes measured",
        "notes": "Notes",
        "none": "none",
        "every": "VMAF measured on one frame in",
    },
    "fr": {
        "title": "Échelle d'encodage",
        "source": "Source",
        "sample": "Échantillon mesuré",
        "segments": "segments",
        "shots": "plans trouvés",
        "codec": "Codec",
        "display": "Comparé en",
        "rungs": "Paliers retenus",
        "size": "Résolution",
        "kbps": "Débit (kbit/s)",
        "fixed": "Échelle fixe",
        "target": "Cible (kbit/s)",
        "bd": "BD-rate de cette échelle face à l'échelle fixe",
        "bd_none": "non comparable (plages de VMAF disjointes ou trop peu de paliers)",
        "bd_help": "négatif : moins de bits pour le même VMAF",
        "range": "sur le VMAF",
        "budget": "Budget",
        "minutes": "min",
        "estimated": "estimé",
        "spent": "passé",
        "gave_up": "Abandonné pour tenir le budget",
        "cells": "encodages mesurés",
        "notes": "Remarques",
        "none": "aucun",
        "every": "VMAF mesuré sur une image sur",
    },
}


def percent(value: float | None, lang: str) -> str:
    """``-0.234`` -> ``-23.4 %`` (``-23,4 %`` in French)."""
    if value is None:
        return "—"
    text = f"{value * 100:+.1f} %"
    return text.replace(".", ",") if lang == "fr" else text


def _row(cells: list[Any], head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{escape(str(c))}</{tag}>" for c in cells) + "</tr>"


def html(ladder: dict[str, Any], lang: str = "en") -> str:
    """The report of an ``EncodingLadder.1`` dict."""
    w = WORDS.get(lang, WORDS["en"])
    src = ladder["source"]
    budget = ladder["budget"]
    head = [w["size"], "CRF", w["kbps"], "VMAF", "PSNR (dB)", "SSIM"]
    rungs = [
        _row([f"{r['width']}x{r['height']}", r["crf"], f"{r['kbps']:.0f}",
              f"{r['scores']['vmaf']:.1f}", f"{r['scores']['psnr_y']:.2f}",
              f"{r['scores']['ssim']:.4f}"])
        for r in ladder["rungs"]
    ]  # fmt: skip
    fixed = ladder["fixed_ladder"]
    fixed_rows = [
        _row([f"{p['width']}x{p['height']}", f"{p['target_kbps']:.0f}", f"{p['kbps']:.0f}",
              f"{p['scores']['vmaf']:.1f}"])
        for p in fixed["points"]
    ]  # fmt: skip
    bd = fixed.get("bd_rate")
    rng = fixed.get("vmaf_range")
    bd_text = (
        f"{percent(bd, lang)} ({w['bd_help']}; {w['range']} {rng[0]:.1f}–{rng[1]:.1f})"
        if bd is not None and rng
        else w["bd_none"]
    )
    gave = [g.get(lang, g["en"]) for g in budget["gave_up"]]
    notes = ladder.get("notes_fr" if lang == "fr" else "notes", [])
    every = ladder["grid"].get("vmaf_every", 1)
    colon = " :" if lang == "fr" else ":"
    body = [
        f"<h1>{w['title']} — {escape(str(ladder['media']).rsplit('/', 1)[-1])}</h1>",
        "<dl>",
        f"<dt>{w['source']}</dt><dd>{src['width']}x{src['height']}, {src['fps']:g} fps, "
        f"{src['duration']:.1f} s</dd>",
        f"<dt>{w['sample']}</dt><dd>{ladder['sample_seconds']:.1f} s, "
        f"{len(ladder['segments'])} {w['segments']}, {ladder['shots']} {w['shots']}</dd>",
        f"<dt>{w['codec']}</dt><dd>{escape(ladder['codec'])} ({escape(ladder['preset'])}), "
        f"{ladder['vmaf_model']}</dd>",
        f"<dt>{w['display']}</dt><dd>{ladder['display'][0]}x{ladder['display'][1]}"
        + (f" — {w['every']} {every}" if every > 1 else "")
        + "</dd>",
        f"<dt>{w['budget']}</dt><dd>{budget['minutes']:g} {w['minutes']} "
        f"({w['estimated']} {budget['estimated_minutes']:g}, {w['spent']} "
        f"{budget['spent_minutes']:g}); {budget['cells']} {w['cells']}</dd>",
        f"<dt>{w['gave_up']}</dt><dd>{escape('; '.join(gave)) if gave else w['none']}</dd>",
        "</dl>",
        svg(ladder, lang),
        f"<h2>{w['rungs']}</h2>",
        "<table>" + _row(head, True) + "".join(rungs) + "</table>",
        f"<h2>{w['fixed']}</h2>",
        f"<p>{escape(fixed['name'])} — <small>{escape(fixed['source'])}</small></p>",
        "<table>"
        + _row([w["size"], w["target"], w["kbps"], "VMAF"], True)
        + "".join(fixed_rows)
        + "</table>",
        f"<p><strong>{w['bd']}</strong>{colon} {bd_text}</p>",
    ]
    if notes:
        body += [f"<h2>{w['notes']}</h2><ul>", *(f"<li>{escape(n)}</li>" for n in notes), "</ul>"]
    style = (
        "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
        "text-align:right}dt{font-weight:bold}svg{max-width:100%;height:auto}"
    )
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{w['title']}</title><style>{style}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
