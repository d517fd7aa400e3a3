"""Screenshots of the web app's main flows for docs/web.md, taken in headless Chromium.

    .venv/bin/python scripts/web_screenshots.py [DEMO_WORKSPACE]

Serves the demo workspace (built with ``imagia demo build`` into a temporary folder when no
path is given), opens each flow in French or English at 1200 px wide and writes small PNGs
(64 colours) to docs/img/web-*.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_web_browser import ARGS, CHROMIUM, serve  # noqa: E402

from imagia.core import jobs  # noqa: E402
from imagia.core.workspace import Workspace  # noqa: E402

OUT = ROOT / "docs" / "img"
WIDTH, HEIGHT = 1200, 760


def _loudness_job(ws: Workspace) -> str:
    done = [j for j in jobs.list_jobs(ws, 1000, tool="audio-loudness") if j.status == "done"]
    return f"/jobs/{done[0].id}" if done else "/jobs"


def flows(ws: Workspace) -> list[tuple[str, str, str, str | None]]:
    """(file name, language, path, CSS selector of the part to show or None for the top)."""
    return [
        ("web-home-en", "en", "/", None),
        ("web-tools-fr", "fr", "/tools", None),
        ("web-search-en", "en", "/search?q=loudness", None),
        ("web-run-form-fr", "fr", "/usecases/audio-post", "#tool-audio-loudness"),
        ("web-jobs-fr", "fr", "/jobs", None),
        ("web-result-en", "en", _loudness_job(ws), "#results"),
        ("web-matrix-fr", "fr", "/matrix", "figure.figure"),
    ]


def _small_png(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    if argv:
        ws = Workspace(Path(argv[0]))
    else:
        from imagia.demo import build

        ws = build(Path(tempfile.mkdtemp()) / "demo", strict=True)
    OUT.mkdir(parents=True, exist_ok=True)
    url, srv, thread = serve(ws)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for name, lang, path, part in flows(ws):
                context = browser.new_context(
                    locale="fr-FR" if lang == "fr" else "en-US",
                    viewport={"width": WIDTH, "height": HEIGHT},
                )
                context.add_cookies([{"name": "imagia_lang", "value": lang, "url": url}])
                tab = context.new_page()
                tab.goto(url + path)
                target = OUT / f"{name}.png"
                if part:
                    box = tab.locator(part).first
                    box.scroll_into_view_if_needed()
                    box.screenshot(path=str(target))
                else:
                    tab.screenshot(path=str(target))
                _small_png(target)
                print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
                context.close()
            browser.close()
    finally:
        srv.should_exit = True
        thread.join(5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
