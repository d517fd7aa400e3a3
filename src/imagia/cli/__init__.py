"""The ``imagia`` command: a thin face over the library.

Errors are translated here and only here: an :class:`ImagiaError` becomes one line on stderr and
exit code 1; usage errors exit with 2 (Typer/Click's convention).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import typer
from rich.markup import escape

import imagia
from imagia.cli import catalogue as catalogue_cmd
from imagia.cli import jobs as jobs_cmd
from imagia.cli import models as models_cmd
from imagia.cli import tools as tools_cmd
from imagia.cli import workspace as workspace_cmd
from imagia.cli.output import err_console
from imagia.core.errors import ImagiaError

app = typer.Typer(
    name="imagia",
    help=(
        "imagia — the CNC/BearingPoint map of AI in cinema, audiovisual and video games, made "
        "executable: the catalogue of use cases, an advisor, and local tools. "
        "Everything runs on this machine."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"imagia {imagia.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """imagia: catalogue, advisor and local AI tools for cinema, audiovisual and games."""


app.add_typer(catalogue_cmd.app, name="catalogue")
app.command("advise")(catalogue_cmd.advise)
app.command("init")(workspace_cmd.init)
app.add_typer(jobs_cmd.app, name="jobs")
app.add_typer(models_cmd.app, name="models")
app.add_typer(tools_cmd.app, name="tools")
app.add_typer(workspace_cmd.demo_app, name="demo")
app.command("serve")(workspace_cmd.serve)

# Each domain's commands live in imagia/cli/<module>.py as a Typer ``app`` (light imports only:
# heavy libraries load inside the commands). A module not there yet is skipped.
DOMAIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("audio", "imagia.cli.audio"),
    ("script", "imagia.cli.script"),
    ("schedule", "imagia.cli.schedule"),
    ("finance", "imagia.cli.finance"),
    ("accounts", "imagia.cli.finance"),  # the same commands under the accountants' word
    ("games", "imagia.cli.games"),
    ("speech", "imagia.cli.speech"),
    ("subtitles", "imagia.cli.subtitles"),
    ("index", "imagia.cli.index"),
    ("people", "imagia.cli.people"),
    ("edit", "imagia.cli.edit"),
    ("rights", "imagia.cli.rights"),
    ("clips", "imagia.cli.clips"),
    ("recommend", "imagia.cli.recommend"),
    ("grid", "imagia.cli.grid"),
    ("deliver", "imagia.cli.deliver"),  # per-title encoding ladders, HLS/DASH
    ("voice", "imagia.cli.voice"),
    ("describe", "imagia.cli.describe"),
    ("batch", "imagia.cli.batch"),  # any file-in/file-out tool over many inputs
    ("assist", "imagia.cli.assist"),  # writing assistants on the local language model
    ("gamedev", "imagia.cli.gamedev"),  # procedural levels proven playable
    ("vfx", "imagia.cli.vfx"),  # restoration chain
)
for _name, _module in DOMAIN_COMMANDS:
    if importlib.util.find_spec(_module) is not None:
        app.add_typer(importlib.import_module(_module).app, name=_name)

# Verbs the trade uses on their own (``imagia search "car"``): one function each.
SINGLE_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("search", "imagia.cli.search", "search"),
    ("metadata", "imagia.cli.metadata", "metadata"),
    ("reframe", "imagia.cli.reframe", "reframe"),
    ("highlights", "imagia.cli.highlights", "highlights"),
)
for _name, _module, _fn in SINGLE_COMMANDS:
    if importlib.util.find_spec(_module) is not None:
        app.command(_name)(getattr(importlib.import_module(_module), _fn))


def main() -> None:
    """Entry point of the console script: the single error boundary of the CLI."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        rv = app(standalone_mode=False)
    except ImagiaError as exc:
        err_console.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except OSError as exc:  # a file or folder the system refused (permissions, full disk...)
        where = f"{exc.filename}: " if exc.filename else ""
        err_console.print(
            f"[bold red]error:[/] {escape(where + (exc.strerror or str(exc)))}",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
    except Exception as exc:
        # Click's usage errors (Typer vendors Click, so match by shape, not by class).
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            sys.exit(_usage_error(exc))
        raise
    sys.exit(rv if isinstance(rv, int) else 0)


def _usage_error(exc: Any) -> int:
    """A usage error (unknown option, bad value, missing argument) as one line with the help
    command to read; returns its exit code (2)."""
    ctx = getattr(exc, "ctx", None)
    where = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    err_console.print(
        f"[bold red]error:[/] {escape(' '.join(message.split()))}{escape(where)}",
        highlight=False,
        soft_wrap=True,
    )
    return int(getattr(exc, "exit_code", 2))
