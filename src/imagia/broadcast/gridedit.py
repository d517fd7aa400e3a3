"""Re-check a grid a programmer has edited by hand (programmes moved between slots): the
independent checker's findings, the quota report and the expected audience, from the job's
own catalogue, rules and slots, so the web grid answers at once as the stripboard does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from imagia.broadcast import audience, gridcheck, gridrules, gridsynth, history, programmes
from imagia.core.errors import BadValue

MAX_AIRINGS = 20_000


Expected = Callable[[programmes.Programme, gridrules.Slot], float]


def audience_model(
    params: dict[str, Any], template: gridrules.Template
) -> tuple[Expected, dict[str, object]]:
    """The audience model of a job: the channel's history when given, else the synthetic one;
    with its description (EN, FR) for the outputs."""
    if params.get("history"):
        path = str(params["history"])
        model = history.fit(history.read(path), template, Path(path).name)
        return model, model.describe()
    return audience.expected, history.synthetic_description()


def context(
    params: dict[str, Any],
) -> tuple[list[programmes.Programme], gridrules.Rules, list[gridrules.Slot], Expected]:
    """The programmes, rules, slots and audience model a grid-plan job planned with."""
    rules = gridrules.load_rules(params.get("rules") or None)
    template = gridrules.load_template(params.get("slots") or None)
    first = date.fromisoformat(str(params.get("first_day") or "2027-01-04"))
    days = int(params.get("days") or 7)
    progs = (
        programmes.read(params["programmes"])
        if params.get("programmes")
        else gridsynth.catalogue(2000, first, days, seed=0)
    )
    expected, _words = audience_model(params, template)
    return progs, rules, gridrules.expand(template, rules, first, days), expected


def recheck(params: dict[str, Any], grid: list[dict[str, str]]) -> dict[str, Any]:
    """Findings, quotas and audience of ``grid`` (``[{"start": ISO time, "programme": id}]``)."""
    if len(grid) > MAX_AIRINGS:
        raise BadValue("grid", len(grid), reason=f"at most {MAX_AIRINGS} airings")
    progs, rules, slots, expected = context(params)
    by_start = {s.start.isoformat(timespec="minutes"): s for s in slots}
    by_id = {p.id: p for p in progs}
    airings, audience = [], 0.0
    for row in grid:
        start, pid = str(row.get("start", "")), str(row.get("programme", ""))
        slot = by_start.get(start)
        if slot is None:
            raise BadValue("start", start, reason="not the start of a slot of this grid")
        if pid not in by_id:
            raise BadValue("programme", pid, reason="not in the job's catalogue")
        airings.append(
            gridcheck.Airing(
                slot.day, slot.start, slot.minutes, slot.daypart, pid, slot.breaks, slot.reserve
            )
        )
        audience += expected(by_id[pid], slot)
    findings, quotas = gridcheck.check(airings, progs, rules)
    return {
        "ok": not findings,
        "audience_k": round(audience, 1),
        "findings": [
            {
                "rule": f.rule,
                "rule_en": gridcheck.RULE_WORDS.get(f.rule, (f.rule, f.rule))[1],
                "rule_fr": gridcheck.RULE_WORDS.get(f.rule, (f.rule, f.rule))[0],
                "when": f.when,
                "programme": f.programme,
                "detail": f.detail,
                "detail_fr": f.detail_fr or f.detail,
            }
            for f in findings
        ],
        "quotas": [
            {"rule": q.rule, "required": q.required, "achieved": q.achieved, "ok": q.ok}
            for q in quotas
        ],
        "checked_at": datetime.now().isoformat(timespec="seconds"),
    }
