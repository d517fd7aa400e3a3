"""The rights check: may this moment be exploited for this use? A pure function of the
register, the moment and the use; every reason is given, in English and French.

A use is allowed when one grant of the title covers the channel, the territory (``WW`` minus
its exclusions), the date (window, holdbacks) and the clip's length, and no restriction of the
title applies: a music cue or an archive range overlapping the moment and not cleared for the
channel, or a person seen in the moment whose image is restricted on that channel.
"""

from __future__ import annotations

from imagia.clips.model import Decision, Grant, Moment, Reason, RightsRegister, TitleRights, Use
from imagia.clips.territories import WORLDWIDE, covers


def _fr_num(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def grant_reasons(g: Grant, moment: Moment, use: Use) -> list[Reason]:
    """Why grant ``g`` does not cover ``use`` (empty: it does)."""
    out: list[Reason] = []
    if use.channel not in g.channels:
        ok = ", ".join(g.channels)
        out.append(
            Reason(
                "channel",
                f"channel {use.channel} not granted (granted: {ok})",
                f"canal {use.channel} non cédé (cédés : {ok})",
            )
        )
    if not covers(g.territories, g.exclude, use.territory):
        if use.territory in g.exclude:
            out.append(
                Reason(
                    "territory",
                    f"territory {use.territory} excluded from the grant",
                    f"territoire {use.territory} exclu de la cession",
                )
            )
        else:
            ok = ", ".join(g.territories)
            out.append(
                Reason(
                    "territory",
                    f"territory {use.territory} not granted (granted: {ok})",
                    f"territoire {use.territory} non cédé (cédés : {ok})",
                )
            )
    if g.start and use.on < g.start:
        out.append(
            Reason(
                "window",
                f"before the rights window (opens {g.start})",
                f"avant la fenêtre de droits (ouverte le {g.start})",
            )
        )
    if g.end and use.on > g.end:
        out.append(
            Reason(
                "window",
                f"after the rights window (closed {g.end})",
                f"après la fenêtre de droits (fermée le {g.end})",
            )
        )
    for h in g.holdbacks:
        if (
            use.channel in h.channels
            and covers(h.territories, (), use.territory)
            and use.on < h.until
        ):
            where = "worldwide" if WORLDWIDE in h.territories else f"in {use.territory}"
            ou = "dans le monde" if WORLDWIDE in h.territories else f"en {use.territory}"
            out.append(
                Reason(
                    "holdback",
                    f"holdback: no {use.channel} {where} before {h.until}",
                    f"holdback : pas de {use.channel} {ou} avant le {h.until}",
                )
            )
    limit = g.max_for(use.channel)
    length = use.duration if use.duration is not None else moment.duration
    if limit is not None and length is not None and length > limit + 1e-6:
        out.append(
            Reason(
                "duration",
                f"clip of {length:.1f} s longer than the {limit:g} s allowed on {use.channel}",
                f"extrait de {_fr_num(length)} s plus long que les {limit:g} s "
                f"autorisées sur {use.channel}",
            )
        )
    return out


def restriction_reasons(t: TitleRights, moment: Moment, use: Use) -> list[Reason]:
    """Music cues, archive ranges and people of the title that forbid ``use`` here."""
    out: list[Reason] = []
    for m in t.music:
        if m.span.overlaps(moment.start, moment.end) and use.channel not in m.cleared:
            out.append(
                Reason(
                    "music",
                    f"music cue '{m.name}' {m.span.label()} not cleared for {use.channel}",
                    f"musique « {m.name} » {m.span.label()} non libérée pour {use.channel}",
                )
            )
    for a in t.archive:
        if a.span.overlaps(moment.start, moment.end) and use.channel not in a.cleared:
            out.append(
                Reason(
                    "archive",
                    f"archive footage '{a.name}' {a.span.label()} not cleared for {use.channel}",
                    f"images d'archives « {a.name} » {a.span.label()} non libérées "
                    f"pour {use.channel}",
                )
            )
    seen = {p.casefold() for p in moment.people}
    for p in t.people:
        if p.name.casefold() in seen and use.channel in p.channels:
            out.append(
                Reason(
                    "person",
                    f"image of {p.name} restricted on {use.channel}",
                    f"droit à l'image de {p.name} restreint sur {use.channel}",
                )
            )
    return out


def decide(title: TitleRights | None, moment: Moment, use: Use) -> Decision:
    """The decision for ``moment`` of ``title`` (None: the asset has no rights registered)."""
    if title is None:
        return Decision(
            False,
            None,
            None,
            (
                Reason(
                    "no-title",
                    f"no rights registered for {moment.asset}",
                    f"aucun droit enregistré pour {moment.asset}",
                ),
            ),
        )
    used: Grant | None = None
    refused: list[Reason] = []
    for g in title.grants:
        why = grant_reasons(g, moment, use)
        if not why:
            used = g
            break
        refused += [
            Reason(r.code, f"grant '{g.id}': {r.en}", f"cession « {g.id} » : {r.fr}") for r in why
        ]
    reasons: list[Reason] = []
    if used is None:
        reasons = refused or [
            Reason("no-grant", f"no grant for {title.title}", f"aucune cession pour {title.title}")
        ]
    reasons += restriction_reasons(title, moment, use)
    return Decision(not reasons, title.title, used, tuple(reasons))


def check(moment: Moment, use: Use, register: RightsRegister) -> Decision:
    """May ``moment`` be exploited for ``use``? The title is found by file name, SHA-256 or
    glob on the path (:meth:`RightsRegister.match`)."""
    return decide(register.match(moment.asset, moment.path, moment.sha256), moment, use)
