"""What every route gets from the app: the workspace, the catalogue, the upload limit."""

from __future__ import annotations

from fastapi import Request

from imagia.catalogue.query import Catalogue
from imagia.core.workspace import Workspace


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.workspace
    return ws


def catalogue(request: Request) -> Catalogue:
    """The packaged cards with the workspace's dated assessments (re-read on each request, so a
    new assessment file shows without a restart)."""
    return Catalogue.load(assessments=workspace(request).assessments_dir)


def upload_limit(request: Request) -> int:
    limit: int = request.app.state.max_upload_bytes
    return limit
