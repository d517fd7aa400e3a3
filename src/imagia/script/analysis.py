"""Analysis report of a screenplay (schema ``ScriptReport.1``), as JSON and HTML.

- Characters ranked by weight: speeches, spoken words and their share, scenes where they speak,
  scenes where they are present (speaking or named in the action, from the breakdown),
  estimated screen time (eighths of page of those scenes), first and last scene; co-presence.
- Parity: share of characters, dialogue and presence by gender, from a cast sheet (CSV
  ``name,gender``) when given, else from a first-name/role-word list (``names.yaml``); names
  not in either are "unknown" and counted as such. Bechdel-Wallace test with the scenes that
  pass it: two named women speak in the scene and none of their lines mention a man.
- Production: locations and sets with their reuse, INT/EXT and day/night splits, night
  exteriors, scenes with extras, stunts, weapons, VFX, animals, vehicles, children; an estimated
  runtime (one page a minute).
- Writing: scene length distribution, dialogue/action ratio, pace by quarter, a tension curve
  (lexicon: words of danger and urgency, "!" and "?", per 100 words), most frequent words.
"""

from __future__ import annotations

import csv
import html
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from imagia.core.errors import BadFile
from imagia.core.textfile import read_text
from imagia.script.breakdown import Breakdown, BreakdownOptions, break_down
from imagia.script.lang import _EN, _FR
from imagia.script.model import Screenplay, count_words, day_night, strip_accents

SCHEMA = "ScriptReport.1"
GENDERS = ("female", "male", "other", "unknown")
_G = {
    "f": "female",
    "female": "female",
    "femme": "female",
    "w": "female",
    "woman": "female",
    "m": "male",
    "male": "male",
    "homme": "male",
    "h": "male",
    "man": "male",
    "x": "other",
    "nb": "other",
    "non-binary": "other",
    "nonbinary": "other",
    "other": "other",
    "autre": "other",
    "": "unknown",
    "?": "unknown",
    "unknown": "unknown",
    "inconnu": "unknown",
}


@dataclass
class ReportOptions:
    cast_sheet: Path | None = None  # CSV name,gender
    breakdown: Breakdown | None = None  # reuse a breakdown (else computed without spaCy)
    nlp: bool = False


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    text = (resources.files("imagia.script") / "names.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _k(s: str) -> str:
    return strip_accents(s.lower())


def read_cast_sheet(path: Path) -> dict[str, str]:
    """``name,gender`` rows (header optional) -> {NAME: female|male|other|unknown}."""
    try:
        rows = list(csv.reader(read_text(path).splitlines()))
    except csv.Error as exc:  # a field over the size limit...
        raise BadFile(path, f"not readable CSV ({exc})") from None
    out: dict[str, str] = {}
    for i, row in enumerate(rows, 1):
        if not row or not row[0].strip():
            continue
        if i == 1 and row[0].strip().lower() in ("name", "nom", "character", "personnage"):
            continue
        if len(row) < 2:
            raise BadFile(path, f"line {i}: expected 'name,gender', got {','.join(row)!r}")
        g = _G.get(row[1].strip().lower())
        if g is None:
            raise BadFile(path, f"line {i}: gender {row[1]!r} is not one of F, M, X or empty")
        out[row[0].strip().upper()] = g
    return out


def guess_gender(name: str) -> str:
    """From the first name or role word in ``name`` (``names.yaml``), else ``unknown``."""
    data = _names()
    fem = {_k(n) for n in data["female"]}
    mal = {_k(n) for n in data["male"]}
    for tok in re.split(r"[\s.'’-]+", _k(name)):
        if tok in fem:
            return "female"
        if tok in mal:
            return "male"
    return "unknown"


def _share(part: float, whole: float) -> float:
    return round(part / whole, 3) if whole else 0.0


def analyse(sp: Screenplay, options: ReportOptions | None = None) -> dict[str, Any]:
    """The report as a JSON-able dict."""
    opts = options or ReportOptions()
    bd = opts.breakdown or break_down(sp, BreakdownOptions(nlp=opts.nlp))
    sheet = read_cast_sheet(opts.cast_sheet) if opts.cast_sheet else {}
    chars = sp.characters()
    speakers = {c.name for c in chars}
    eighths = {s.index: s.eighths for s in sp.scenes}
    present: dict[str, set[int]] = {c.name: set(c.scenes) for c in chars}
    for sb in bd.scenes:
        for it in sb.items:
            if it.category == "cast" and it.name in present:
                present[it.name].add(sb.index)
    total_words = sum(c.dialogue_words for c in chars)
    rows: list[dict[str, Any]] = []
    for c in chars:
        g = sheet.get(c.name)
        src = "cast sheet" if g else None
        if g is None:
            g = guess_gender(c.name)
            src = "first name" if g != "unknown" else None
        pres = sorted(present[c.name])
        rows.append(
            {
                "name": c.name,
                "aliases": c.aliases,
                "gender": g,
                "gender_source": src,
                "dialogue_lines": c.dialogue_lines,
                "dialogue_words": c.dialogue_words,
                "dialogue_share": _share(c.dialogue_words, total_words),
                "scenes_speaking": len(c.scenes),
                "scenes_present": len(pres),
                "presence_eighths": sum(eighths[i] for i in pres),
                "first_scene": pres[0] if pres else None,
                "last_scene": pres[-1] if pres else None,
            }
        )
    rows.sort(key=lambda r: (-r["dialogue_words"], -r["presence_eighths"], r["name"]))
    # co-presence
    pairs: Counter[tuple[str, str]] = Counter()
    for s in sp.scenes:
        here = sorted(n for n, ps in present.items() if s.index in ps)
        for i, a in enumerate(here):
            for b in here[i + 1 :]:
                pairs[(a, b)] += 1
    co = [{"a": a, "b": b, "scenes": n} for (a, b), n in pairs.most_common()]
    # parity
    parity: dict[str, Any] = {}
    tot_pres = sum(r["presence_eighths"] for r in rows)
    for g in GENDERS:
        rs = [r for r in rows if r["gender"] == g]
        parity[g] = {
            "characters": len(rs),
            "dialogue_share": _share(sum(r["dialogue_words"] for r in rs), total_words),
            "presence_share": _share(sum(r["presence_eighths"] for r in rs), tot_pres),
        }
    gender_of = {r["name"]: r["gender"] for r in rows}
    bechdel = _bechdel(sp, gender_of)
    return {
        "schema": SCHEMA,
        "title": sp.title,
        "language": sp.language,
        "source_format": sp.source_format,
        "scenes": len(sp.scenes),
        "eighths": sp.eighths,
        "pages": round(sp.eighths / 8, 2),
        "estimated_runtime_min": round(sp.eighths / 8, 1),
        "characters": rows,
        "co_presence": co,
        "parity": parity,
        "parity_note": (
            "genders from the cast sheet"
            if sheet
            else "genders inferred from first names and role words; 'unknown' when "
            "not listed: give a cast sheet (--cast) for a reliable count"
        ),
        "parity_note_fr": (
            "genres d'après la fiche de distribution"
            if sheet
            else "genres déduits des prénoms et des mots de rôle ; « inconnu » quand ils n'y "
            "figurent pas : donnez une fiche de distribution (--cast) pour un décompte fiable"
        ),
        "bechdel": bechdel,
        "production": _production(sp, bd),
        "writing": _writing(sp),
        "speakers": sorted(speakers),
    }


def _bechdel(sp: Screenplay, gender_of: dict[str, str]) -> dict[str, Any]:
    data = _names()
    men_words = {_k(w) for w in data["about_men"]}
    men_names = {_k(n) for n, g in gender_of.items() if g == "male"}
    women = [n for n, g in gender_of.items() if g == "female"]
    passing = []
    for s in sp.scenes:
        lines: dict[str, list[str]] = {}
        for e in s.elements:
            if e.kind == "dialogue" and e.name and gender_of.get(e.name) == "female":
                lines.setdefault(e.name, []).append(e.text)
        if len(lines) < 2:
            continue
        text = _k(" ".join(t for ts in lines.values() for t in ts))
        toks = set(re.findall(r"[\w'’-]+", text))
        mentions = (toks & men_words) | {m for m in men_names if m in text}
        if not mentions:
            passing.append(s.number or str(s.index))
    return {
        "named_women": women,
        "passes": bool(passing),
        "scenes": passing,
        "rule": "two named women speak in the scene and none of their lines mention a man",
    }


def _production(sp: Screenplay, bd: Breakdown) -> dict[str, Any]:
    locs: dict[str, dict[str, Any]] = {}
    sets: Counter[str] = Counter()
    for s in sp.scenes:
        d = locs.setdefault(
            s.location, {"location": s.location, "scenes": 0, "eighths": 0, "int_ext": set()}
        )
        d["scenes"] += 1
        d["eighths"] += s.eighths
        d["int_ext"].add(s.int_ext or "?")
        sets[f"{s.location} - {s.sub_location}" if s.sub_location else s.location] += 1
    loc_rows = sorted(locs.values(), key=lambda d: (-d["eighths"], d["location"]))
    for d in loc_rows:
        d["int_ext"] = sorted(d["int_ext"])
    ie = Counter(s.int_ext or "unknown" for s in sp.scenes)
    dn: Counter[str] = Counter()
    last = None
    night_ext = []
    for s in sp.scenes:
        v = day_night(s.time_of_day) or (last if s.time_of_day else None)  # CONTINUOUS...
        last = v
        dn[v or "unknown"] += 1
        if v == "NIGHT" and s.int_ext in ("EXT", "INT/EXT"):
            night_ext.append(s.number or str(s.index))
    with_: dict[str, list[str]] = {
        k: []
        for k in ("extras", "stunts", "weapons", "vfx", "sfx", "animals", "vehicles", "children")
    }
    for sb in bd.scenes:
        cats = {it.category for it in sb.items}
        for k in with_:
            if k in cats:
                with_[k].append(sb.scene)
        if any(it.note and it.note.startswith("minor") for it in sb.items):
            with_["children"].append(sb.scene)
    return {
        "distinct_locations": len(locs),
        "distinct_sets": len(sets),
        "locations": loc_rows,
        "sets_reused": {k: v for k, v in sets.items() if v > 1},
        "int_ext": dict(ie),
        "day_night": dict(dn),
        "night_exteriors": night_ext,
        "scenes_with": with_,
    }


def _writing(sp: Screenplay) -> dict[str, Any]:
    lengths = [s.eighths for s in sp.scenes]
    dw = aw = 0
    words: Counter[str] = Counter()
    stop = (
        _FR
        | _EN
        | {
            "from",
            "into",
            "sont",
            "avec",
            "dans",
            "pour",
            "elle",
            "they",
            "their",
            "look",
            "looks",
            "then",
            "back",
            "away",
            "over",
            "down",
            "tout",
        }
    )
    tension_words = {_k(w) for w in _names()["tension"]}
    tension = []
    names = {_k(w) for c in sp.characters() for w in c.name.split()}
    for s in sp.scenes:
        sw = 0
        hits = 0.0
        for e in s.elements:
            if e.kind == "dialogue":
                n = count_words(e.text)
                dw += n
            elif e.kind == "action":
                n = count_words(e.text)
                aw += n
            else:
                continue
            sw += n
            toks = [t.lower() for t in re.findall(r"[\w'’-]+", e.text)]
            words.update(
                t
                for t in toks
                if len(t) > 3 and t not in stop and not t.isdigit() and _k(t) not in names
            )
            hits += sum(_k(t) in tension_words for t in toks)
            hits += e.text.count("!") + 0.5 * e.text.count("?")
        tension.append(round(100 * hits / sw, 1) if sw else 0.0)
    q = max(1, -(-len(lengths) // 4))
    pace = [round(statistics.mean(lengths[i : i + q]), 2) for i in range(0, len(lengths), q)]
    hist = Counter(min(e, 16) for e in lengths)
    return {
        "scene_eighths": {
            "min": min(lengths, default=0),
            "max": max(lengths, default=0),
            "mean": round(statistics.mean(lengths), 2) if lengths else 0,
            "median": statistics.median(lengths) if lengths else 0,
            "histogram": {str(k): v for k, v in sorted(hist.items())},
        },
        "dialogue_words": dw,
        "action_words": aw,
        "dialogue_ratio": _share(dw, dw + aw),
        "pace_eighths_per_scene": pace,
        "tension": tension,
        "frequent_words": [w for w, _ in words.most_common(15)],
    }


# ---------------------------------------------------------------- HTML


def _bars(values: list[tuple[str, float]], width: int = 420, unit: str = "") -> str:
    if not values:
        return ""
    top = max(v for _, v in values) or 1
    h = 18 * len(values) + 4
    parts = [f'<svg class="bars" width="{width + 200}" height="{h}" role="img">']
    for i, (label, v) in enumerate(values):
        w = int(width * v / top)
        y = 18 * i + 2
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12">{html.escape(label)}</text>'
            f'<rect x="150" y="{y}" width="{w}" height="14" fill="#5c7cfa"/>'
            f'<text x="{155 + w}" y="{y + 12}" font-size="11">{v:g}{unit}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _curve(values: list[float], width: int = 600, height: int = 120) -> str:
    if not values:
        return ""
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    pts = " ".join(
        f"{i * step:.1f},{height - 10 - (height - 20) * v / top:.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg class="curve" width="{width}" height="{height}" role="img">'
        f'<polyline fill="none" stroke="#e8590c" stroke-width="2" points="{pts}"/></svg>'
    )


def to_html(rep: dict[str, Any]) -> str:
    e = html.escape
    title = e(rep.get("title") or "Screenplay")
    chars = rep["characters"]
    rows = "".join(
        f"<tr><td>{e(c['name'])}</td><td>{c['gender']}</td><td>{c['dialogue_lines']}</td>"
        f"<td>{c['dialogue_words']}</td><td>{c['dialogue_share']:.0%}</td>"
        f"<td>{c['scenes_speaking']}</td><td>{c['scenes_present']}</td>"
        f"<td>{c['presence_eighths']}/8</td><td>{c['first_scene']}–{c['last_scene']}</td></tr>"
        for c in chars
    )
    par = rep["parity"]
    prow = "".join(
        f"<tr><td>{g}</td><td>{par[g]['characters']}</td>"
        f"<td>{par[g]['dialogue_share']:.0%}</td><td>{par[g]['presence_share']:.0%}</td>"
        f"</tr>"
        for g in GENDERS
    )
    prod = rep["production"]
    loc = "".join(
        f"<tr><td>{e(x['location'])}</td><td>{'/'.join(x['int_ext'])}</td>"
        f"<td>{x['scenes']}</td><td>{x['eighths']}/8</td></tr>"
        for x in prod["locations"]
    )
    w = rep["writing"]
    bech = rep["bechdel"]
    withs = "".join(f"<li>{k}: {', '.join(v) or '—'}</li>" for k, v in prod["scenes_with"].items())
    return f"""<!doctype html>
<html lang="{e(rep.get("language") or "en")}"><head><meta charset="utf-8">
<title>{title} — imagia script report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:.5em 0 1.5em}}td,th{{border:1px solid #ccc;padding:.2em .5em;
text-align:left}}th{{background:#f1f3f5}}.muted{{color:#666;font-size:.9em}}</style></head>
<body><h1>{title}</h1>
<p>{rep["scenes"]} scenes · {rep["pages"]} pages ({rep["eighths"]}/8) · estimated runtime
{rep["estimated_runtime_min"]} min · language {e(str(rep.get("language")))}</p>
<h2>Characters</h2>
<table><tr><th>name</th><th>gender</th><th>speeches</th><th>words</th><th>share</th>
<th>scenes speaking</th><th>scenes present</th><th>screen time</th><th>first–last</th></tr>
{rows}</table>
{_bars([(c["name"], c["dialogue_words"]) for c in chars[:15]], unit=" w")}
<h2>Parity</h2><table><tr><th>gender</th><th>characters</th><th>dialogue</th><th>presence</th>
</tr>{prow}</table><p class="muted">{e(rep["parity_note"])}</p>
<p>Bechdel-Wallace test: <b>{"passes" if bech["passes"] else "does not pass"}</b>
{("(scenes " + ", ".join(bech["scenes"]) + ")") if bech["scenes"] else ""}.
<span class="muted">{e(bech["rule"])}</span></p>
<h2>Production</h2>
<p>{prod["distinct_locations"]} locations, {prod["distinct_sets"]} sets · INT/EXT {prod["int_ext"]}
· day/night {prod["day_night"]} · night exteriors: {", ".join(prod["night_exteriors"]) or "—"}</p>
<table><tr><th>location</th><th>INT/EXT</th><th>scenes</th><th>length</th></tr>{loc}</table>
<ul>{withs}</ul>
<h2>Writing</h2>
<p>Dialogue {w["dialogue_words"]} words, action {w["action_words"]} words (dialogue ratio
{w["dialogue_ratio"]:.0%}) · scene length min {w["scene_eighths"]["min"]}/8, median
{w["scene_eighths"]["median"]}/8, max {w["scene_eighths"]["max"]}/8</p>
<h3>Scene lengths (eighths)</h3>
{_bars([(k + "/8", v) for k, v in w["scene_eighths"]["histogram"].items()], unit=" sc.")}
<h3>Tension by scene</h3>{_curve(w["tension"])}
<p class="muted">Tension: lexicon words of danger and urgency, "!" and "?", per 100 words
(a rough signal, not a reading).</p>
<p>Frequent words: {e(", ".join(w["frequent_words"]))}</p>
<p class="muted">Made by imagia (script-analysis), locally. A draft for professionals to check.</p>
</body></html>
"""


def to_pdf(rep: dict[str, Any]) -> bytes:
    """The report as a short PDF (reportlab): figures, characters, parity, production."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    e = html.escape
    st = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=f"{rep.get('title') or 'Screenplay'} report")
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f3f5")),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
        ]
    )
    story: list[Any] = [
        Paragraph(e(rep.get("title") or "Screenplay"), st["Title"]),
        Paragraph(
            f"{rep['scenes']} scenes · {rep['pages']} pages · estimated runtime "
            f"{rep['estimated_runtime_min']} min · language {rep.get('language')}",
            st["Normal"],
        ),
        Spacer(1, 8),
        Paragraph("Characters", st["Heading2"]),
    ]
    rows = [["name", "gender", "speeches", "words", "share", "scenes", "1/8"]]
    rows += [
        [
            c["name"],
            c["gender"],
            c["dialogue_lines"],
            c["dialogue_words"],
            f"{c['dialogue_share']:.0%}",
            c["scenes_present"],
            c["presence_eighths"],
        ]
        for c in rep["characters"][:40]
    ]
    story += [Table(rows, style=grid), Spacer(1, 8), Paragraph("Parity", st["Heading2"])]
    par = rep["parity"]
    prow = [["gender", "characters", "dialogue", "presence"]]
    prow += [
        [
            g,
            par[g]["characters"],
            f"{par[g]['dialogue_share']:.0%}",
            f"{par[g]['presence_share']:.0%}",
        ]
        for g in GENDERS
    ]
    bech = rep["bechdel"]
    story += [
        Table(prow, style=grid),
        Paragraph(e(rep["parity_note"]), st["Italic"]),
        Paragraph(
            f"Bechdel-Wallace test: {'passes' if bech['passes'] else 'does not pass'}"
            + (f" (scenes {', '.join(bech['scenes'])})" if bech["scenes"] else ""),
            st["Normal"],
        ),
        Spacer(1, 8),
        Paragraph("Production", st["Heading2"]),
    ]
    prod = rep["production"]
    story.append(
        Paragraph(
            f"{prod['distinct_locations']} locations, {prod['distinct_sets']} sets; INT/EXT "
            f"{e(str(prod['int_ext']))}; day/night {e(str(prod['day_night']))}; night exteriors: "
            f"{', '.join(prod['night_exteriors']) or '-'}",
            st["Normal"],
        )
    )
    lrows = [["location", "INT/EXT", "scenes", "1/8"]]
    lrows += [
        [x["location"], "/".join(x["int_ext"]), x["scenes"], x["eighths"]]
        for x in prod["locations"][:40]
    ]
    w = rep["writing"]
    story += [
        Table(lrows, style=grid),
        Spacer(1, 8),
        Paragraph("Writing", st["Heading2"]),
        Paragraph(
            f"Dialogue {w['dialogue_words']} words, action {w['action_words']} "
            f"words (dialogue ratio {w['dialogue_ratio']:.0%}); scene length median "
            f"{w['scene_eighths']['median']}/8, max {w['scene_eighths']['max']}/8. "
            f"Frequent words: {e(', '.join(w['frequent_words']))}",
            st["Normal"],
        ),
        Spacer(1, 8),
        Paragraph(
            "Made by imagia (script-analysis), locally: a draft for professionals to check.",
            st["Italic"],
        ),
    ]
    doc.build(story)
    return buf.getvalue()
