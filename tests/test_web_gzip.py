"""Pages and JSON are sent gzip-compressed to a client that accepts it; byte ranges are not."""

from __future__ import annotations

import gzip

from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import workspace as wsmod


def test_html_is_gzipped_when_accepted(ws: wsmod.Workspace) -> None:
    client = TestClient(create_app(ws))
    r = client.get("/matrix", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "<svg" in r.text  # httpx decoded it
    raw = client.get("/matrix", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert raw.text == r.text
    assert len(gzip.compress(raw.content)) < len(raw.content) / 3


def test_a_range_is_not_compressed(ws: wsmod.Workspace) -> None:
    client = TestClient(create_app(ws))
    r = client.get("/static/app.css", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert r.status_code == 206
    assert "content-encoding" not in r.headers
    assert len(r.content) == 100
