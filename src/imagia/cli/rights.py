"""``imagia rights ...``: the workspace's rights register (use case clipping)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from imagia.cli.options import FORMAT, JSON, WORKSPACE
from imagia.cli.output import console, emit_json, emit_rows
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Rights register of the workspace: import it from YAML or CSV, list it, "
    "check a use (territory, channel, date, time range).",
    no_args_is_help=True,
)

_WS = WORKSPACE
_FORMAT = FORMAT
REFUSED_EXIT = 3  # `imagia rights check` when the use is not allowed


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="Register as .yaml/.yml or .csv (docs/clips.md)."),
    merge: bool = typer.Option(
        False,
        "--merge",
        help="Keep the titles already registered (a title of the same name is replaced).",
    ),
    workspace: Path | None = _WS,
    as_json: bool = JSON,
) -> None:
    """Check a register file and make it the workspace's register (rights/register.yaml)."""
    from imagia.clips.register import import_file, read_file, register_path

    read_file(file)  # a bad file fails before any workspace is created
    ws = wsmod.resolve(workspace)
    reg = import_file(ws, file, merge=merge)
    grants = sum(len(t.grants) for t in reg.titles)
    if as_json:
        emit_json(
            {
                "register": str(register_path(ws)),
                "titles": [t.title for t in reg.titles],
                "grants": grants,
            }
        )
        return
    console.print(
        f"{len(reg.titles)} title(s), {grants} grant(s) → {register_path(ws)}", highlight=False
    )


@app.command("list")
def list_(workspace: Path | None = _WS, fmt: str = _FORMAT) -> None:
    """The register: one row per grant and per restriction (music, archive, person)."""
    from imagia.clips.view import COLUMNS, register_rows

    rows = register_rows(wsmod.resolve(workspace))
    emit_rows(rows, list(COLUMNS), fmt, title=f"{len(rows)} right(s) and restriction(s)")


def _seconds(value: str | None, rate: object) -> float | None:
    from fractions import Fraction

    from imagia.media.timecode import parse_time

    if value is None or value == "":
        return None
    assert isinstance(rate, Fraction)
    return float(parse_time(value, rate) / rate)


@app.command("check")
def check(
    title: str = typer.Argument(..., help="A registered title, or the file name of an asset."),
    territory: str = typer.Option(..., help="ISO 3166 alpha-2 country code, e.g. FR."),
    channel: str = typer.Option(..., help="avod, svod, tv, social, press, cinema..."),
    on: str = typer.Option("", "--date", help="Date of exploitation YYYY-MM-DD (default today)."),
    start: str = typer.Option(
        "", help="Start of the excerpt: seconds or HH:MM:SS:FF (default the whole title)."
    ),
    end: str = typer.Option("", help="End of the excerpt: seconds or HH:MM:SS:FF."),
    workspace: Path | None = _WS,
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    lang: str = typer.Option("en", "--lang", help="Language of the reasons: en or fr."),
) -> None:
    """May TITLE be exploited on CHANNEL in TERRITORY at DATE? Every reason is given; the exit
    code is 3 when the use is not allowed."""
    from imagia.clips import register as regmod
    from imagia.clips.model import Moment, Use
    from imagia.clips.rights import decide
    from imagia.clips.territories import CHANNELS, ISO_ALPHA2
    from imagia.core.errors import BadValue, NotFound

    if territory.upper() not in ISO_ALPHA2:
        raise BadValue("territory", territory, reason="an ISO 3166 alpha-2 code such as FR")
    if channel.lower() not in CHANNELS:
        raise BadValue("channel", channel, CHANNELS)
    if lang not in ("en", "fr"):
        raise BadValue("lang", lang, ("en", "fr"))
    try:
        when = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise BadValue("date", on, reason="a date YYYY-MM-DD") from None
    reg = regmod.require(wsmod.resolve(workspace))
    t = reg.find(title) or reg.match(title, title)
    if t is None:
        raise NotFound("title", title, [x.title for x in reg.titles])
    s, e = _seconds(start, t.fps) or 0.0, _seconds(end, t.fps)
    if e is not None and e <= s:
        raise BadValue("end", end, reason="the end must come after the start")
    moment = Moment(asset=t.title, path=t.match, start=s, end=e, fps=t.fps)
    d = decide(t, moment, Use(territory.upper(), channel.lower(), when))
    if as_json:
        emit_json(
            {
                "use": {
                    "territory": territory.upper(),
                    "channel": channel.lower(),
                    "date": str(when),
                    "start": s,
                    "end": e,
                },
                **d.to_dict(),
            }
        )
    else:
        fr = lang == "fr"
        if d.allowed:
            g = d.grant.id if d.grant else ""
            console.print(
                f"[green]{'autorisé' if fr else 'allowed'}[/]: {t.title} — "
                f"{channel.lower()} / {territory.upper()} / {when} "
                f"({'cession' if fr else 'grant'} {g})",
                highlight=False,
            )
        else:
            console.print(
                f"[red]{'refusé' if fr else 'not allowed'}[/]: {t.title} — "
                f"{channel.lower()} / {territory.upper()} / {when}",
                highlight=False,
            )
            for r in d.reasons:
                console.print(f"  • {r.fr if fr else r.en}", highlight=False)
    if not d.allowed:
        raise typer.Exit(REFUSED_EXIT)
