"""A run form's errors at their fields, in the page's language, in a real Chromium: an empty
file, text in an encoding imagia does not read, a file of the wrong kind, a missing file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import workspace as wsmod
from imagia.web import i18n
from tests.conftest import csrf_headers
from tests.test_web_language import browser, serve

__all__ = ["browser"]

FIELD = "#tool-audio-loudness"
UPLOAD = "#u-audio-loudness-media"
ERROR = "#e-audio-loudness-media"
CP1252_HOLE = b"Sc\xe8ne 1 \x81\x90 texte en Windows-1252 avec des trous\n" * 4

CASES = {
    "empty": (("vide.wav", b""), {"fr": "est vide (0 octet)", "en": "is empty (0 bytes)"}),
    "encoding": (
        ("notes.txt", CP1252_HOLE),
        {"fr": "encodage qu'imagia ne lit pas", "en": "encoding imagia does not read"},
    ),
    "kind": (
        ("scenario.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"),
        {"fr": "est un fichier PDF, pas audio ou vidéo", "en": "is a PDF file, not audio or video"},
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, wsmod.Workspace]]:
    ws = wsmod.init(tmp_path_factory.mktemp("forms") / "ws")
    url, srv, thread = serve(ws)
    yield url, ws
    srv.should_exit = True
    thread.join(5)


def _tab(browser: Any, url: str, lang: str) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": i18n.COOKIE, "value": lang, "url": url}])
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto(url + "/usecases/audio-post")
    return tab


def _submit(tab: Any) -> None:
    with tab.expect_navigation():
        tab.click(f"{FIELD} button[type=submit]")


def _field_error(tab: Any) -> str:
    """The error shown under the media field; fails unless it is next to that field, marked
    invalid, focused (so in view) and the page is still in its language."""
    error = tab.locator(ERROR)
    assert error.is_visible()
    assert tab.locator(f"{FIELD} .field.has-error {ERROR}").count() == 1
    select = tab.locator("#f-audio-loudness-media")
    assert select.get_attribute("aria-invalid") == "true"
    assert select.get_attribute("aria-describedby") == ERROR[1:]
    assert tab.evaluate("document.activeElement.id") == "f-audio-loudness-media"
    box = tab.locator(ERROR).bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844  # in view
    return str(error.inner_text())


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_refused_upload_is_told_at_its_field(
    browser: Any, site: tuple[str, wsmod.Workspace], case: str, lang: str
) -> None:
    url, ws = site
    (name, data), expected = CASES[case]
    tab = _tab(browser, url, lang)
    tab.set_input_files(
        UPLOAD, {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    _submit(tab)
    assert tab.locator("html").get_attribute("lang") == lang
    text = _field_error(tab).replace("’", "'")
    assert expected[lang] in text
    assert name in text
    assert not (ws.files_dir / name).exists()  # refused, never kept
    tab.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_missing_file_is_told_at_its_field(
    browser: Any, site: tuple[str, wsmod.Workspace], lang: str
) -> None:
    url, _ = site
    tab = _tab(browser, url, lang)
    _submit(tab)
    text = _field_error(tab)
    assert text.startswith({"fr": "Champ obligatoire", "en": "Required"}[lang])
    assert {"fr": "audio ou vidéo", "en": "audio or video"}[lang] in text
    tab.context.close()


def test_the_api_names_the_field_and_the_reason(ws: wsmod.Workspace, tmp_path: Path) -> None:
    client = TestClient(create_app(ws))
    r = client.post(
        "/usecases/audio-post/run",
        data={"tool": "audio-loudness"},
        files={"media__upload": ("notes.txt", CP1252_HOLE, "text/plain")},
        headers=csrf_headers(client),
    )
    assert r.status_code == 415
    assert "Windows-1252" in r.text
    api = TestClient(create_app(ws)).post(
        "/api/files", files={"file": ("vide.srt", b"", "text/plain")}
    )
    assert api.status_code == 415
    body = api.json()
    assert (body["error"], body["reason"], body["field"]) == ("unsupported_type", "empty", "file")
    assert body["message"] == "vide.srt: the file is empty"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "Valeur refusée : attendu un nombre entier entre 1 et 1000."),
        ("en", "Value refused: expected a whole number from 1 to 1000."),
    ],
)
def test_a_number_out_of_bounds_is_told_with_its_bounds(
    ws: wsmod.Workspace, lang: str, said: str
) -> None:
    client = TestClient(create_app(ws))
    client.cookies.set(i18n.COOKIE, lang)
    r = client.post(
        "/usecases/difficulty-balancing/run",
        data={"tool": "games-difficulty", "window": "5000"},
        headers=csrf_headers(client),
    )
    assert r.status_code == 422
    assert f'id="e-games-difficulty-window" role="alert">{said}</p>' in r.text
    assert 'name="window" type="number"' in r.text


def test_api_errors_follow_accept_language(ws: wsmod.Workspace) -> None:
    client = TestClient(create_app(ws))
    empty = {"file": ("vide.srt", b"", "text/plain")}
    fr = client.post("/api/files", files=empty, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert fr.status_code == 415
    body = fr.json()
    assert body["message"] == "vide.srt : le fichier est vide"
    assert body["message_en"] == "vide.srt: the file is empty"
    assert body["hint"].startswith("choisissez de nouveau le fichier")
    unknown = client.get("/api/jobs/nope", headers={"Accept-Language": "fr"}).json()
    assert unknown["message"] == "tâche inconnu(e) : 'nope'"
    en = client.get("/api/jobs/nope", headers={"Accept-Language": "de, en;q=0.5"}).json()
    assert en["message"] == "unknown job 'nope'" and "message_en" not in en
    page = client.get("/usecases/nope", headers={"Accept-Language": "fr"})
    assert page.status_code == 404 and "cas d&#39;usage inconnu(e)" in page.text
