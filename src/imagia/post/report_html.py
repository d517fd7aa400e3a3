"""Self-contained HTML reports (inline SVG, no script, no CDN) for loudness and QC."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

_CSS = (
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;"
    "text-align:left}.ok{color:#176f2c}.ko{color:#b00020}.error{color:#b00020}"
    ".warning{color:#a15c00}.info{color:#555}svg{max-width:100%;height:auto}"
    "small{color:#666}"
)


def svg_curves(
    t: Sequence[float],
    series: dict[str, Sequence[float | None]],
    target: float | None = None,
    tolerance: float | None = None,
    lo: float = -60.0,
    hi: float = 0.0,
    width: int = 900,
    height: int = 260,
) -> str:
    """Loudness curves (LUFS over seconds) as an inline SVG with the target band."""
    pad_l, pad_b, pad_t = 44, 24, 8
    w, h = width - pad_l - 8, height - pad_b - pad_t
    t_max = max(t[-1] if t else 1.0, 1e-6)

    def x(v: float) -> float:
        return pad_l + w * v / t_max

    def y(v: float) -> float:
        v = min(max(v, lo), hi)
        return pad_t + h * (hi - v) / (hi - lo)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="loudness curves">',
        f'<rect x="{pad_l}" y="{pad_t}" width="{w}" height="{h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    if target is not None:
        tol = tolerance or 0.0
        parts.append(
            f'<rect x="{pad_l}" y="{y(target + tol):.1f}" width="{w}" '
            f'height="{max(y(target - tol) - y(target + tol), 1):.1f}" '
            'fill="#2e7d32" opacity=".18"/>'
        )
        parts.append(
            f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{y(target):.1f}" '
            f'y2="{y(target):.1f}" stroke="#2e7d32" stroke-dasharray="4 3"/>'
        )
    for v in range(int(lo), int(hi) + 1, 10):
        parts.append(
            f'<text x="{pad_l - 4}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end">{v}</text>'
        )
    step = max(1, round(t_max / 8))
    for s in range(0, int(t_max) + 1, step):
        parts.append(
            f'<text x="{x(s):.1f}" y="{height - 6}" font-size="10" text-anchor="middle">{s}s</text>'
        )
    colours = ["#1565c0", "#ef6c00", "#6a1b9a"]
    for (name, ys), colour in zip(series.items(), colours, strict=False):
        path: list[str] = []
        pen = "M"
        for tv, yv in zip(t, ys, strict=False):
            if yv is None or yv < lo - 20:
                pen = "M"
                continue
            path.append(f"{pen}{x(tv):.1f},{y(yv):.1f}")
            pen = "L"
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" '
            f'stroke-width="1.3"><title>{escape(name)}</title></path>'
        )
    legend = " ".join(
        f'<tspan fill="{c}">■ {escape(n)}</tspan>' for n, c in zip(series, colours, strict=False)
    )
    parts.append(f'<text x="{pad_l + 6}" y="{pad_t + 14}" font-size="11">{legend}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{escape(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n"
    )


def _table(rows: Sequence[dict[str, Any]], cols: Sequence[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(r.get(c, '')))}</td>" for c in cols) + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def loudness_html(rep: dict[str, Any], norm: dict[str, Any] | None = None) -> str:
    """A loudness report (``LoudnessReport.1`` as a dict), with the normalisation if any."""
    spec = rep["spec"]
    verdict = (
        '<b class="ok">compliant</b>' if rep["compliant"] else '<b class="ko">not compliant</b>'
    )
    body = [
        f"<h1>Loudness — {escape(rep['file'])}</h1>",
        f"<p>{escape(spec['name'])}: {spec['target']} LUFS ± {spec['tolerance']} LU, "
        f"max {spec['max_true_peak']} dBTP — {verdict}<br><small>source: "
        f"{escape(spec['source'])}</small></p>",
        _table(
            [
                {
                    "integrated (LUFS)": rep["integrated"],
                    "LRA (LU)": rep["lra"],
                    "true peak (dBTP)": rep["true_peak"],
                    "duration (s)": rep["duration"],
                    "dialogue-gated (LUFS)": rep.get("dialogue_integrated") or "—",
                    "speech (%)": "—"
                    if rep.get("speech_fraction") is None
                    else round(rep["speech_fraction"] * 100),
                }
            ],
            ["integrated (LUFS)", "LRA (LU)", "true peak (dBTP)", "duration (s)"]
            + (["dialogue-gated (LUFS)", "speech (%)"] if spec.get("gating") == "dialogue" else []),
        ),
        "<h2>Momentary and short-term loudness</h2>",
        svg_curves(
            rep["curve_t"],
            {"momentary (400 ms)": rep["momentary"], "short-term (3 s)": rep["short_term"]},
            spec["target"],
            spec["tolerance"],
        ),
    ]
    if rep["findings"]:
        body.append(
            "<h2>Findings</h2><ul>"
            + "".join(f"<li>{escape(f)}</li>" for f in rep["findings"])
            + "</ul>"
        )
    if norm:
        b, a = norm["before"], norm["after"]
        body.append(
            "<h2>Normalisation</h2>"
            + _table(
                [
                    {
                        "": "before",
                        "integrated (LUFS)": b["integrated"],
                        "true peak (dBTP)": b["true_peak"],
                        "LRA (LU)": b["lra"],
                    },
                    {
                        "": "after",
                        "integrated (LUFS)": a["integrated"],
                        "true peak (dBTP)": a["true_peak"],
                        "LRA (LU)": a["lra"],
                    },
                ],
                ["", "integrated (LUFS)", "true peak (dBTP)", "LRA (LU)"],
            )
        )
        body.append(
            f"<p>gain {norm['gain_db']:+.2f} dB, mode {escape(norm['mode'])}, "
            f"{norm['passes']} correction pass(es), error {norm['error_lu']:+.2f} LU; "
            f"written to {escape(norm['output'])} (original kept)</p>"
        )
        body.extend(f"<p><small>{escape(n)}</small></p>" for n in norm["notes"])
    return _page(f"Loudness {rep['file']}", "".join(body))


def svg_timeline(duration: float, findings: Sequence[dict[str, Any]], width: int = 900) -> str:
    """QC findings as bars on a timeline, one lane per check, coloured by severity."""
    checks = list(dict.fromkeys(f["check"] for f in findings))
    lane, pad_l = 18, 110
    height = 34 + lane * max(len(checks), 1)
    w = width - pad_l - 8
    dur = max(duration, 1e-6)
    colour = {"error": "#b00020", "warning": "#ef6c00", "info": "#607d8b"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="QC findings timeline">'
    ]
    for i, c in enumerate(checks):
        parts.append(f'<text x="4" y="{14 + i * lane + 12}" font-size="11">{escape(c)}</text>')
    for f in findings:
        i = checks.index(f["check"])
        x0 = pad_l + w * max(f["start"], 0.0) / dur
        x1 = pad_l + w * min(f["end"], dur) / dur
        parts.append(
            f'<rect x="{x0:.1f}" y="{14 + i * lane}" width="{max(x1 - x0, 2):.1f}" '
            f'height="{lane - 4}" fill="{colour.get(f["severity"], "#999")}">'
            f"<title>{escape(f['tc_in'])} {escape(f['message'])}</title></rect>"
        )
    base = height - 10
    parts.append(f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{base}" y2="{base}" stroke="#999"/>')
    step = max(1, round(dur / 8))
    for s in range(0, int(dur) + 1, step):
        x = pad_l + w * s / dur
        parts.append(
            f'<text x="{x:.1f}" y="{height}" font-size="9" text-anchor="middle">{s}s</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def qc_html(rep: dict[str, Any]) -> str:
    """A QC report (``QCReport.1`` as a dict)."""
    n = {
        s: sum(1 for f in rep["findings"] if f["severity"] == s)
        for s in ("error", "warning", "info")
    }
    verdict = '<b class="ok">passed</b>' if rep["passed"] else '<b class="ko">failed</b>'
    st = rep["stream"]
    body = [
        f"<h1>Audio QC — {escape(rep['file'])}</h1>",
        f"<p>{st['channels']} ch ({escape(st['layout'])}), {st['rate']} Hz, "
        f"{st['bits'] or '?'} bit {escape(st['codec'])}, {rep['duration']:.2f} s, "
        f"timecode at {escape(rep['fps'])} fps — {verdict}: {n['error']} error(s), "
        f"{n['warning']} warning(s), {n['info']} note(s)</p>",
        svg_timeline(rep["duration"], rep["findings"]),
        "<h2>Findings</h2>",
        _table(
            [{**f, "channels": ", ".join(f["channels"])} for f in rep["findings"]],
            ["severity", "check", "tc_in", "tc_out", "channels", "message"],
        ),
        "<h2>Levels per channel</h2>",
        _table(
            rep["levels"], ["channel", "peak_dbfs", "rms_dbfs", "dc_offset", "speech_band_dbfs"]
        ),
    ]
    return _page(f"QC {rep['file']}", "".join(body))
