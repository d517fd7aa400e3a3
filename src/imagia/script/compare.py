"""Draft comparison (schema ``ScriptDiff.1``): align the scenes of two drafts and say what
changed.

Scenes are aligned by content, not by number (drafts renumber): identical scenes first (same
fingerprint), then the most similar remaining pairs (heading and text similarity, greedy, above
a threshold). Aligned scenes out of order relative to the longest in-order chain are *moved*;
aligned scenes whose text differs are *changed* (similarity 0.75 or more) or *rewritten*;
unaligned scenes are *added* or *removed*. A character who disappears while a new one speaks
in the same aligned scenes is reported as *renamed*. Character weights (speeches, words,
scenes), length, locations and parity are compared.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

from imagia.script.analysis import guess_gender
from imagia.script.breakdown import fingerprint
from imagia.script.model import Scene, Screenplay, strip_accents

SCHEMA = "ScriptDiff.1"


@dataclass
class CompareOptions:
    threshold: float = 0.45  # minimum similarity to align two different scenes
    same_heading_threshold: float = 0.3  # the same, for two scenes with the same heading
    rewritten_below: float = 0.75  # an aligned scene below this similarity is "rewritten"
    rename_overlap: float = 0.5  # share of a character's aligned scenes taken by the new name


def _words(s: Scene) -> list[str]:
    text = " ".join(e.text for e in s.elements if e.kind not in ("note", "page_break"))
    return re.findall(r"\w+", strip_accents(text.lower()))


def _hkey(s: Scene) -> str:
    return " ".join(re.findall(r"\w+", strip_accents(s.clean_heading.lower())))


def _sim(a: Scene, b: Scene, wa: list[str], wb: list[str]) -> float:
    h = difflib.SequenceMatcher(None, _hkey(a), _hkey(b)).ratio()
    if not wa and not wb:
        t = 1.0
    else:
        sa, sb = set(wa), set(wb)
        jac = len(sa & sb) / max(1, len(sa | sb))
        t = jac if jac < 0.3 else difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()
    return round(0.25 * h + 0.75 * t, 3)


def _lis(seq: list[int]) -> set[int]:
    """Positions (in ``seq``) of a longest increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def _label(s: Scene) -> str:
    return s.number or str(s.index)


def compare(a: Screenplay, b: Screenplay, options: CompareOptions | None = None) -> dict[str, Any]:
    opts = options or CompareOptions()
    fa = [fingerprint(s) for s in a.scenes]
    fb = [fingerprint(s) for s in b.scenes]
    pairs: dict[int, tuple[int, float]] = {}  # a index -> (b index, similarity)
    used_b: set[int] = set()
    by_fp: dict[str, list[int]] = {}
    for j, f in enumerate(fb):
        by_fp.setdefault(f, []).append(j)
    for i, f in enumerate(fa):
        for j in by_fp.get(f, []):
            if j not in used_b:
                pairs[i] = (j, 1.0)
                used_b.add(j)
                break
    wa = [_words(s) for s in a.scenes]
    wb = [_words(s) for s in b.scenes]
    cands = []
    for i, sa in enumerate(a.scenes):
        if i in pairs:
            continue
        for j, sb in enumerate(b.scenes):
            if j in used_b:
                continue
            sim = _sim(sa, sb, wa[i], wb[j])
            same_heading = _hkey(sa) == _hkey(sb)
            if sim >= opts.threshold or (same_heading and sim >= opts.same_heading_threshold):
                cands.append((sim, i, j))
    for sim, i, j in sorted(cands, reverse=True):
        if i in pairs or j in used_b:
            continue
        pairs[i] = (j, sim)
        used_b.add(j)
    order = sorted(pairs)
    in_order = _lis([pairs[i][0] for i in order])
    moved_a = {order[k] for k in range(len(order)) if k not in in_order}
    scenes: list[dict[str, Any]] = []
    for i, sa in enumerate(a.scenes):
        if i not in pairs:
            scenes.append(
                {
                    "status": "removed",
                    "a": _label(sa),
                    "b": None,
                    "heading": sa.clean_heading,
                    "eighths_delta": -sa.eighths,
                }
            )
            continue
        j, sim = pairs[i]
        sb = b.scenes[j]
        status = []
        if i in moved_a:
            status.append("moved")
        if fa[i] != fb[j]:
            status.append("changed" if sim >= opts.rewritten_below else "rewritten")
        scenes.append(
            {
                "status": "+".join(status) or "unchanged",
                "a": _label(sa),
                "b": _label(sb),
                "a_index": sa.index,
                "b_index": sb.index,
                "heading": sb.clean_heading,
                "heading_before": sa.clean_heading
                if sa.clean_heading != sb.clean_heading
                else None,
                "similarity": sim,
                "eighths_delta": sb.eighths - sa.eighths,
            }
        )
    for j, sb in enumerate(b.scenes):
        if j not in used_b:
            scenes.append(
                {
                    "status": "added",
                    "a": None,
                    "b": _label(sb),
                    "b_index": sb.index,
                    "heading": sb.clean_heading,
                    "eighths_delta": sb.eighths,
                }
            )
    renamed = _renames(a, b, pairs, opts)
    chars = _char_deltas(a, b, renamed)
    la = {s.location for s in a.scenes}
    lb = {s.location for s in b.scenes}
    counts: dict[str, int] = {}
    for s in scenes:
        for part in s["status"].split("+"):
            counts[part] = counts.get(part, 0) + 1
    return {
        "schema": SCHEMA,
        "a": {"title": a.title, "source": a.source, "scenes": len(a.scenes), "eighths": a.eighths},
        "b": {"title": b.title, "source": b.source, "scenes": len(b.scenes), "eighths": b.eighths},
        "summary": counts,
        "eighths_delta": b.eighths - a.eighths,
        "scenes": scenes,
        "renamed": [{"from": x, "to": y} for x, y in renamed.items()],
        "characters": chars,
        "locations": {"added": sorted(lb - la), "removed": sorted(la - lb)},
        "parity": {"a": _parity(a), "b": _parity(b)},
    }


def _renames(
    a: Screenplay, b: Screenplay, pairs: dict[int, tuple[int, float]], opts: CompareOptions
) -> dict[str, str]:
    na = {c.name for c in a.characters()}
    nb = {c.name for c in b.characters()}
    gone, new = na - nb, nb - na
    out: dict[str, str] = {}
    for x in sorted(gone):
        scenes_x = [i for i, s in enumerate(a.scenes) if x in s.speakers() and i in pairs]
        if not scenes_x:
            continue
        best, score = None, 0.0
        for y in new - set(out.values()):
            hits = sum(1 for i in scenes_x if y in b.scenes[pairs[i][0]].speakers())
            if hits / len(scenes_x) > score:
                best, score = y, hits / len(scenes_x)
        if best is not None and score >= opts.rename_overlap:
            out[x] = best
    return out


def _char_deltas(a: Screenplay, b: Screenplay, renamed: dict[str, str]) -> list[dict[str, Any]]:
    ca = {renamed.get(c.name, c.name): c for c in a.characters()}
    cb = {c.name: c for c in b.characters()}
    back = {v: k for k, v in renamed.items()}
    rows = []
    for name in sorted(set(ca) | set(cb)):
        x, y = ca.get(name), cb.get(name)
        row: dict[str, Any] = {"name": name, "was": back.get(name)}
        for key in ("dialogue_lines", "dialogue_words"):
            va = getattr(x, key) if x else 0
            vb = getattr(y, key) if y else 0
            row[key] = {"a": va, "b": vb, "delta": vb - va}
        sa = len(x.scenes) if x else 0
        sb = len(y.scenes) if y else 0
        row["scenes"] = {"a": sa, "b": sb, "delta": sb - sa}
        row["status"] = (
            "added"
            if x is None
            else "removed"
            if y is None
            else ("renamed" if name in back else "kept")
        )
        rows.append(row)
    rows.sort(key=lambda r: -abs(r["dialogue_words"]["delta"]))
    return rows


def _parity(sp: Screenplay) -> dict[str, float]:
    tot = 0
    by: dict[str, int] = {}
    for c in sp.characters():
        g = guess_gender(c.name)
        by[g] = by.get(g, 0) + c.dialogue_words
        tot += c.dialogue_words
    return {g: round(v / tot, 3) if tot else 0.0 for g, v in sorted(by.items())}


def to_markdown(d: dict[str, Any]) -> str:
    lines = [
        f"# Draft comparison: {d['a'].get('title') or 'A'} → {d['b'].get('title') or 'B'}",
        "",
        f"Scenes {d['a']['scenes']} → {d['b']['scenes']}; length {d['a']['eighths']}/8 → "
        f"{d['b']['eighths']}/8 ({d['eighths_delta']:+d}/8). "
        + ", ".join(f"{k}: {v}" for k, v in sorted(d["summary"].items())),
        "",
        "| status | A | B | heading | similarity | length |",
        "|---|---|---|---|---|---|",
    ]
    for s in d["scenes"]:
        lines.append(
            f"| {s['status']} | {s['a'] or ''} | {s['b'] or ''} | {s['heading']} | "
            f"{s.get('similarity', '')} | {s['eighths_delta']:+d}/8 |"
        )
    if d["renamed"]:
        lines += ["", "Renamed: " + ", ".join(f"{r['from']} → {r['to']}" for r in d["renamed"])]
    lines += ["", "| character | speeches | words | scenes | status |", "|---|---|---|---|---|"]
    for c in d["characters"]:
        lines.append(
            f"| {c['name']} | {c['dialogue_lines']['a']}→{c['dialogue_lines']['b']} | "
            f"{c['dialogue_words']['a']}→{c['dialogue_words']['b']} "
            f"({c['dialogue_words']['delta']:+d}) | {c['scenes']['a']}→{c['scenes']['b']} | "
            f"{c['status']}{' (was ' + c['was'] + ')' if c['was'] else ''} |"
        )
    loc = d["locations"]
    lines += [
        "",
        f"Locations added: {', '.join(loc['added']) or '—'}; removed: "
        f"{', '.join(loc['removed']) or '—'}",
        f"Dialogue share by gender (first names): A {d['parity']['a']} → B {d['parity']['b']}",
    ]
    return "\n".join(lines) + "\n"


def to_html(d: dict[str, Any]) -> str:
    body = html.escape(to_markdown(d))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Draft comparison</title>"
        "</head><body><pre>" + body + "</pre></body></html>\n"
    )
