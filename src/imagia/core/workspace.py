"""A workspace: a project folder with an embedded SQLite database, a config file and outputs.

Layout::

    DIR/imagia.toml        config (layered under command-line flags)
    DIR/imagia.sqlite      jobs, their progress, logs, provenance and outputs
    DIR/files/             inputs the user added (uploads land here)
    DIR/outputs/<job>/     what each job wrote
    DIR/assessments/       dated re-scorings of the catalogue
"""

from __future__ import annotations

import os
import sqlite3
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import WorkspaceError

CONFIG_NAME = "imagia.toml"
DB_NAME = "imagia.sqlite"
SCHEMA_VERSION = 1

DEFAULT_CONFIG = """# imagia workspace configuration
[workspace]
name = "{name}"
# Language of reports and the web app when the browser does not say: "fr" or "en".
language = "fr"

[web]
# Largest upload accepted by the web app, in megabytes.
max_upload_mb = 512
# Largest request body that is not an upload (JSON, a form without files), in megabytes.
max_body_mb = 2
"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    tool TEXT NOT NULL,
    usecase TEXT NOT NULL,
    status TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}',
    provenance TEXT NOT NULL DEFAULT '{}',
    result TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    pid INTEGER
);
CREATE TABLE IF NOT EXISTS job_logs (
    job_id TEXT NOT NULL REFERENCES jobs(id),
    at REAL NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS job_outputs (
    job_id TEXT NOT NULL REFERENCES jobs(id),
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (job_id, path)
);
CREATE INDEX IF NOT EXISTS job_logs_job ON job_logs(job_id);
"""


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def files_dir(self) -> Path:
        return self.root / "files"

    @property
    def outputs_dir(self) -> Path:
        return self.root / "outputs"

    @property
    def assessments_dir(self) -> Path:
        return self.root / "assessments"

    def connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA foreign_keys=ON")
        return con

    def config(self) -> dict[str, Any]:
        try:
            return tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except tomllib.TOMLDecodeError as exc:
            raise WorkspaceError(f"{self.config_path}: not valid TOML ({exc})") from exc

    def setting(self, section: str, key: str, default: Any) -> Any:
        return self.config().get(section, {}).get(key, default)


def is_workspace(path: Path) -> bool:
    return (path / CONFIG_NAME).is_file() and (path / DB_NAME).is_file()


def init(root: Path, name: str | None = None) -> Workspace:
    """Create (or complete) a workspace at ``root``; existing data is never overwritten."""
    root = root.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root}: exists and is not a folder")
    ws = Workspace(root)
    for d in (root, ws.files_dir, ws.outputs_dir, ws.assessments_dir):
        try:
            d.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                f"{d}: cannot be made a folder of the workspace ({exc.strerror or exc})",
                hint="check the workspace folder's permissions, or choose another with -w",
            ) from exc
    if not ws.config_path.exists():
        text = DEFAULT_CONFIG.format(name=(name or root.name).replace('"', "'"))
        tmp = ws.config_path.with_suffix(".toml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(ws.config_path)
    with ws.connect() as con:
        con.executescript(_SCHEMA)
        cols = {r[1] for r in con.execute("PRAGMA table_info(jobs)")}
        if "pid" not in cols:  # workspaces made before the pid column
            con.execute("ALTER TABLE jobs ADD COLUMN pid INTEGER")
        con.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
    return ws


def default_root() -> Path:
    """The user's data dir workspace, used when no workspace is given or found."""
    env = os.environ.get("IMAGIA_WORKSPACE")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("imagia")) / "workspace"


def resolve(path: Path | None = None, create: bool = True) -> Workspace:
    """The workspace to use: ``path`` if given, else the current folder if it is one, else the
    user data dir (created on first use)."""
    if path is not None:
        path = path.expanduser().resolve()
        if is_workspace(path):
            return init(path)  # idempotent: upgrades an older database in place
        if path.exists() and any(path.iterdir()) and not (path / CONFIG_NAME).exists():
            raise WorkspaceError(
                f"{path}: not an imagia workspace", hint=f"create one with: imagia init {path}"
            )
        return init(path)
    cwd = Path.cwd()
    if is_workspace(cwd):
        return init(cwd)
    root = default_root()
    if is_workspace(root):
        return init(root)
    if not create:
        return Workspace(root)
    return init(root)
