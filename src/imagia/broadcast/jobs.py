"""Job entries of the broadcast tools: thin adapters from ``params`` to the Python API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from imagia.core.errors import BadValue


def _ids(text: str) -> list[str]:
    return [t.strip() for t in (text or "").replace(";", ",").split(",") if t.strip()]


def run_recommend(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.broadcast import data, recommend
    from imagia.broadcast.controls import Controls, Quota

    job.progress(0.05, "reading the catalogue and the interactions")
    items, inter, source = data.load(params.get("catalogue"), params.get("interactions"))
    job.progress(0.3, f"fitting {params['model']}")
    rec = recommend.fit(items, inter, params["model"])
    within = int(params["within"])
    quotas = tuple(
        Quota(flag, float(params[key]), within)
        for flag, key in (
            ("eof", "eof_share"),
            ("european", "european_share"),
            ("long_tail", "discovery_share"),
            ("new", "new_share"),
            ("editorial", "editorial_share"),
        )
        if float(params.get(key) or 0) > 0
    )
    controls = Controls(
        quotas=quotas,
        banned=frozenset(recommend.item_index(rec, _ids(params.get("bans", "")), "work to ban")),
        pinned=tuple(recommend.item_index(rec, _ids(params.get("pins", "")), "work to pin")),
        max_same_genre=int(params["max_same_genre"]) or None,
    )
    n = int(params["n"])
    user = str(params["user"]).strip()
    if not user:
        raise BadValue("user", user, reason="a viewer id")
    job.progress(0.8, "ranking")
    picks = recommend.recommend(rec, user, n, controls, params["max_rating"])
    known = user in (rec.users or {})
    rows = [{"rank": k + 1, **asdict(p)} for k, p in enumerate(picks)]
    eof = sum(p.eof for p in picks)
    european = sum(p.european for p in picks)
    result = {
        "user": user,
        "known_user": known,
        "model": params["model"],
        "source": source[0],
        "source_fr": source[1],
        "picks": rows,
        "eof": eof,
        "european": european,
        "n": len(picks),
    }
    job.write_json(
        "recommendations.json", {"schema": "Recommendations.1", **result}, "recommendations/json"
    )
    job.write_csv(
        "recommendations.csv", rows, list(rows[0]) if rows else ["rank"], "recommendations/csv"
    )
    return result


def run_evaluate(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from imagia.broadcast import data, evaluate, models

    names = tuple(_ids(params.get("models", "")))
    if not names:
        raise BadValue("models", params.get("models"), models.MODELS)
    for name in names:
        if name not in models.MODELS:
            raise BadValue("models", name, models.MODELS)
    job.progress(0.02, "reading the catalogue and the interactions")
    items, inter, source = data.load(params.get("catalogue"), params.get("interactions"))
    rep = evaluate.run(
        items,
        inter,
        names,
        params["split"],
        int(params["k"]),
        progress=lambda f, m: job.progress(0.05 + 0.9 * f, m),
        sample_users=int(params.get("sample_users") or 0),
    )
    rows = [asdict(r) for r in rep.rows]
    result = {
        "source": source[0],
        "source_fr": source[1],
        "split": rep.split,
        "k": rep.k,
        "users": rep.users,
        "items": rep.items,
        "train": rep.train,
        "valid": rep.valid,
        "test": rep.test,
        "rows": rows,
    }
    job.write_json(
        "evaluation.json",
        {"schema": "RecommendEvaluation.1", **result},
        "recommend-evaluation/json",
    )
    job.write_csv("evaluation.csv", rows, list(rows[0]), "recommend-evaluation/csv")
    return result


def run_grid(params: dict[str, Any], job: Any) -> dict[str, Any]:
    from datetime import date, timedelta

    from imagia.broadcast import (
        gridcheck,
        gridexport,
        gridplan,
        gridrules,
        gridsynth,
        programmes,
        xmltv,
    )
    from imagia.broadcast.gridedit import audience_model

    job.progress(0.02, "reading the rules, the slots and the catalogue")
    rules = gridrules.load_rules(params.get("rules") or None)
    template = gridrules.load_template(params.get("slots") or None)
    try:
        first = date.fromisoformat(str(params.get("first_day") or "2027-01-04"))
    except ValueError:
        raise BadValue("first_day", params.get("first_day"), reason="a date YYYY-MM-DD") from None
    days = int(params["days"])
    if params.get("programmes"):
        progs = programmes.read(params["programmes"])
        source = str(params["programmes"]).rsplit("/", 1)[-1]
        source_fr = source
    else:
        progs = gridsynth.catalogue(2000, first, days, seed=0)
        source = "synthetic catalogue of 2,000 programmes (seed 0)"
        source_fr = "catalogue fictif de 2 000 programmes (graine 0)"
    slots = gridrules.expand(template, rules, first, days)
    expected, model_words = audience_model(params, template)
    job.progress(0.08, f"{len(slots)} slots, {len(progs)} programmes: greedy baseline")
    base = gridplan.greedy(progs, slots, template, rules, expected)
    if params["method"] == "greedy":
        plan = base
    else:
        plan = gridplan.solve(
            progs, slots, template, rules,
            time_limit=float(params["time_limit"]), workers=2,
            hint=gridplan.repair(base, progs, slots, template, rules, expected),
            progress=lambda f, m: job.progress(0.1 + 0.8 * f, m), audience=expected,
        )  # fmt: skip
    if not plan.assign:
        what = ", ".join(plan.conflicts) if plan.conflicts else "none found in the time given"
        raise BadValue(
            "rules",
            "",
            reason=f"no grid meets every rule ({plan.status}); rules in conflict: {what}",
        )
    airings = gridplan.to_airings(plan, slots, progs)
    findings, quotas = gridcheck.check(airings, progs, rules)
    _bf, base_quotas = gridcheck.check(gridplan.to_airings(base, slots, progs), progs, rules)
    rows = []
    for si, k in sorted(plan.assign.items()):
        s, p = slots[si], progs[k]
        rows.append(
            {
                "week": f"{s.day.isocalendar().year}-W{s.day.isocalendar().week:02d}",
                "day": s.day.isoformat(),
                "slot": f"{s.start:%H:%M}",
                "start": s.start.isoformat(timespec="minutes"),
                "end": (s.start + timedelta(minutes=p.duration)).isoformat(timespec="minutes"),
                "programme": p.id,
                "title": p.title,
                "genre": p.genre,
                "kind": p.kind,
                "eof": p.eof,
                "european": p.european,
                "age_rating": p.age_rating,
                "audience_k": round(expected(p, s), 1),
                "ad_minutes": round(sum(gridplan.ad_seconds(s, p.duration).values()) / 60, 1),
            }
        )

    def labelled(q: Any) -> dict[str, Any]:
        fr, en = gridcheck.RULE_WORDS.get(q.rule, (q.rule, q.rule))
        return {**asdict(q), "label_fr": fr, "label_en": en}

    quota_rows = [labelled(q) for q in quotas]
    result = {
        "channel": rules.channel,
        "source": source,
        "source_fr": source_fr,
        "first_day": first.isoformat(),
        "days": days,
        "slots": len(slots),
        "programmes": len(progs),
        "method": plan.method,
        "status": plan.status,
        "audience_model": model_words,
        "audience_k": round(plan.audience, 1),
        "bound_k": round(plan.bound, 1) if plan.bound is not None else None,
        "gap": round(plan.gap, 4) if plan.gap is not None else None,
        "seconds": round(plan.seconds, 2),
        "first_feasible_s": round(plan.first_feasible_s, 2) if plan.first_feasible_s else None,
        "greedy_audience_k": round(base.audience, 1),
        "greedy_quotas": [labelled(q) for q in base_quotas],
        "quotas": quota_rows,
        "findings": [asdict(f) for f in findings],
        "grid": rows,
        "weeks": gridexport.week_table(rows),
    }
    job.progress(0.95, "writing the grid (CSV, XLSX, XMLTV, PDF)")
    job.write_json("grid.json", {"schema": "Grid.1", **result}, "grid/json")
    job.write_csv("grid.csv", rows, list(rows[0]), "grid/csv")
    job.write_csv(
        "quotas.csv", quota_rows, list(quota_rows[0]) if quota_rows else ["rule"], "grid-quotas/csv"
    )
    job.write_bytes("grid.xlsx", gridexport.xlsx(rows, quota_rows, rules.channel), "grid/xlsx")
    job.write_text(
        "grid.xmltv.xml", xmltv.write(airings, progs, rules.channel or "imagia"), "grid/xmltv"
    )
    aud = f"{plan.audience:,.0f}"
    notes = {
        "fr": (
            f"Audience attendue : {aud.replace(',', chr(0x202F))} k",
            f"Modèle d'audience : {model_words['fr']}",
        ),
        "en": (f"Expected audience: {aud}k", f"Audience model: {model_words['en']}"),
    }
    for lang, lines in notes.items():
        pdf = gridexport.pdf(rows, quota_rows, rules.channel, lang, lines)
        job.write_bytes(f"grid.{lang}.pdf", pdf, "grid/pdf")
    return {k: v for k, v in result.items() if k not in ("grid", "weeks")} | {
        "weeks": result["weeks"]
    }
