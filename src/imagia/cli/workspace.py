"""``imagia init``, ``imagia demo build`` and ``imagia serve``."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.options import WORKSPACE
from imagia.cli.output import console
from imagia.core import workspace as wsmod

demo_app = typer.Typer(help="The demo workspace that `make run` opens.", no_args_is_help=True)


def init(
    directory: Path = typer.Argument(..., help="Folder of the new workspace (created if needed)."),
    name: str | None = typer.Option(None, help="Project name (default: the folder's name)."),
) -> None:
    """Create a workspace: a project folder with an embedded database and a config file."""
    ws = wsmod.init(directory, name)
    console.print(f"workspace ready: {ws.root}", highlight=False)


@demo_app.command("build")
def demo_build(
    directory: Path = typer.Argument(Path("demo-workspace"), help="Where to build the demo."),
    strict: bool = typer.Option(False, "--strict", help="Fail on the first example that fails."),
) -> None:
    """Build a demo workspace holding an example of every tool that runs."""
    from imagia.demo import build

    ws = build(directory, progress=lambda msg: console.print(msg, highlight=False), strict=strict)
    console.print(f"demo workspace ready: {ws.root}", highlight=False)


def serve(
    workspace: Path | None = WORKSPACE,
    host: str = typer.Option("127.0.0.1", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8000, help="Port."),
    token: str | None = typer.Option(
        None, envvar="IMAGIA_TOKEN", help="Token required by the API (needed off localhost)."
    ),
    allow_host: list[str] | None = typer.Option(
        None,
        "--allow-host",
        envvar="IMAGIA_ALLOWED_HOSTS",
        help="A host name the browser may use besides localhost and --host (repeatable; "
        "the variable takes several, separated by commas or spaces).",
    ),
    demo: bool = typer.Option(
        False, "--demo", help="Make the workspace a demo: its examples run in the background."
    ),
) -> None:
    """Start the web app and the HTTP API (FastAPI + uvicorn)."""
    import uvicorn

    from imagia.app import create_app
    from imagia.core.errors import BadValue, ImagiaError
    from imagia.faces import security

    if not (1 <= port <= 65535):
        raise BadValue("port", port, reason="must be between 1 and 65535")
    if not security.is_local(host) and not token:
        raise ImagiaError(
            f"--host {host} serves beyond this machine: set --token or IMAGIA_TOKEN to start it"
        )
    allowed = [host, *security.split_hosts(allow_host or [])]
    if demo:
        from imagia.demo import build_in_background

        ws, _ = build_in_background(
            workspace or Path("demo-workspace"),
            progress=lambda msg: console.print(msg, highlight=False),
        )
    else:
        ws = wsmod.resolve(workspace)
    console.print(f"imagia on http://{host}:{port}  (workspace {ws.root})", highlight=False)
    app = create_app(ws, token=token, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level="warning")
