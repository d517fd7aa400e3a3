"""Results views of the speech and subtitle tools, rendered from real jobs: subtitles-make on a
short video of fast TTS speech (cues, reading speed over the profile flagged, downloads, the
video with a <track> of the WebVTT output), subtitles-qc on the demo file with its faults
(issues by severity with timecodes), speech-transcribe (segments, word times) and
subtitles-align; then, in headless Chromium, the video's text track loaded with every cue.
The last three are the demo workspace's jobs (run once per session from the same examples)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from imagia.app import create_app
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.speech import demo
from imagia.speech.subtitles import formats
from imagia.web import i18n
from tests.speech_media import needs_whisper
from tests.test_web_browser import serve

pytestmark = [
    needs_whisper,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing"),
]
FAST = (
    "Good evening and welcome to the late news. Tonight the mayor announced a brand new "
    "plan for the river banks and the old harbour district."
)
CHROMIUM = Path("/usr/bin/chromium")


def speech_video(path: Path) -> Path:
    """Fast English speech (espeak-ng at 280 words a minute) over a plain 320x180 picture."""
    wav = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "280", "-w", str(wav), FAST], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=navy:s=320x180:r=25",
            "-i",
            str(wav),
            "-af",
            "apad=pad_dur=0.5",
            "-shortest",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-ar",
            "16000",
            str(path),
        ],
        check=True,
    )
    wav.unlink()
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory, demo_ws: wsmod.Workspace) -> dict[str, Any]:
    """One finished job per tool: subtitles-make in a workspace of its own (``ws``), the others
    as the demo workspace (``demo``) ran them from their examples."""
    ws = wsmod.init(tmp_path_factory.mktemp("subs") / "ws")
    video = speech_video(ws.files_dir / "news.mp4")
    out: dict[str, Any] = {"ws": ws, "demo": demo_ws}
    # the BBC profile's 16 characters a second cannot hold this pace: some cues go over it
    make = jobs.run(
        ws,
        jobs.submit(
            ws,
            "subtitles-make",
            {"media": str(video), "profile": "bbc", "to": "vtt", "shots": "none"},
            [video],
        ).id,
    )
    assert make.status == "done", make.error
    out["make"] = make
    examples = {
        "subtitles-qc": demo.qc_example,
        "speech-transcribe": demo.transcribe_example,
        "subtitles-align": demo.align_example,
    }
    for job in jobs.list_jobs(demo_ws, limit=1000):
        if job.tool in examples and job.status == "done":
            out[job.tool] = job
    for tool, example in examples.items():  # the demo's job is its example's
        params = example(demo_ws)[0]  # (its files are there: nothing is written)
        assert {k: _name(out[tool].params.get(k)) for k in params} == {
            k: _name(v) for k, v in params.items()
        }, tool
    return out


def _name(value: Any) -> Any:
    """A file parameter by its name (the workspace may have been built elsewhere)."""
    return Path(value).name if isinstance(value, str) and "/" in value else value


def page(client: TestClient, job: jobs.Job, lang: str = "en") -> str:
    client.cookies.set(i18n.COOKIE, lang)
    r = client.get(f"/jobs/{job.id}")
    assert r.status_code == 200
    return r.text.split('id="results"', 1)[1].split('id="out-h"', 1)[0]


def vtt_of(ws: wsmod.Workspace, job: jobs.Job) -> Path:
    o = next(o for o in job.outputs if o["kind"] == "subtitles/vtt")
    return jobs.output_path(ws, job.id, o["path"])


def test_make_view_player_track_downloads_and_cues(done: dict[str, Any]) -> None:
    ws, job = done["ws"], done["make"]
    events = formats.load(vtt_of(ws, job)).events
    assert len(events) == job.result["events"] >= 2
    with TestClient(create_app(ws)) as client:
        html = page(client, job)
        assert (
            '<video class="result-video" controls preload="metadata" '
            'src="/api/files/news.mp4"' in html
        )
        track = re.search(r'<track kind="subtitles" src="([^"]+)" srclang="en"', html)
        assert track and track.group(1).endswith(".bbc.vtt")
        served = client.get(track.group(1))
        assert served.status_code == 200 and served.text.startswith("WEBVTT")
        assert served.headers["content-type"].startswith("text/vtt")
        assert "inline" in served.headers["content-disposition"]
        assert "Download:" in html and ">VTT <span" in html
        media = client.get("/api/files/news.mp4")
        assert media.status_code == 200 and media.content[4:8] == b"ftyp"
        assert "Meet the profile" in html and "Sous-titres" not in html
        assert "Sous-titres" in page(client, job, "fr")  # FR labels
        report = jobs.output_path(
            ws, job.id, next(o["path"] for o in job.outputs if o["kind"] == "report/json")
        ).read_text()
        by_rule = job.result["by_rule"]
        assert by_rule.get("reading_speed", 0) >= 1, by_rule
        assert '"cues"' in report  # the report lists the cues the view shows
        rows = re.findall(r"<tr data-cue .*?</tr>", html, re.S)
        assert len(rows) == len(events)
        for row, e in zip(rows, events, strict=True):
            assert "<br>".join(str(escape(x)) for x in e.text.split("\n")) in row
        assert html.count("data-cps-over") == by_rule["reading_speed"]
        assert re.search(r"<code>00:00:00:\d\d</code>", rows[0])


def test_qc_view_lists_issues_by_severity_with_timecodes(done: dict[str, Any]) -> None:
    ws, job = done["demo"], done["subtitles-qc"]
    with TestClient(create_app(ws)) as client:
        html = page(client, job)
    tables = re.findall(r'data-issues="before" data-severity="(\w+)"', html)
    assert tables == ["error", "warning", "info"]  # most severe first
    error = html.split('data-severity="error"', 1)[1].split("</table>", 1)[0]
    assert "<td>2</td><td><code>00:00:01:11</code></td><td>line too long</td>" in error
    warning = html.split('data-severity="warning"', 1)[1].split("</table>", 1)[0]
    assert 'data-rule="reading_speed"><td>1</td><td><code>00:00:01:00</code>' in warning
    assert "32.5 characters per second" in warning
    assert "data-fixed" in html and "line breaks redone" in html
    assert "data-clean" in html and "demo-faults.fixed.srt" in html


def test_transcribe_view_shows_segments_and_word_times(done: dict[str, Any]) -> None:
    ws, job = done["demo"], done["speech-transcribe"]
    with TestClient(create_app(ws)) as client:
        html = page(client, job)
        fr = page(client, job, "fr")
    assert "data-segments" in html and "<code>00:00:00.000</code>" in html
    assert re.search(
        r'<span title="p = [\d.]+">evening\.</span> <span class="muted">'
        r"0\.\d\d–0\.\d\d</span>",
        html,
    )
    assert '<audio class="result-video"' in html and 'src="/api/files/demo-speech.wav"' in html
    assert "mots (début–fin en s)" in fr


def test_align_view_shows_matches_and_words(done: dict[str, Any]) -> None:
    ws, job = done["demo"], done["subtitles-align"]
    with TestClient(create_app(ws)) as client:
        html = page(client, job)
    assert re.search(r"data-matched>\d+</span>", html)
    assert "Words and their times" in html and "spring." in html
    assert ">SRT <span" in html and "demo-script.aligned.srt" in html


@pytest.fixture(scope="module")
def servers(done: dict[str, Any]) -> Iterator[dict[str, str]]:
    """The web app of the subtitles-make workspace (``ws``) and of the demo's (``demo``)."""
    started = {name: serve(done[name]) for name in ("ws", "demo")}
    yield {name: url for name, (url, _, _) in started.items()}
    for _, srv, thread in started.values():
        srv.should_exit = True
        thread.join(5)


@pytest.mark.browser
def test_video_has_a_text_track_with_every_cue(
    done: dict[str, Any], servers: dict[str, str]
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    expected = len(formats.load(vtt_of(done["ws"], done["make"])).events)
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            tab = browser.new_context(locale="en-US").new_page()
            tab.set_default_timeout(20_000)
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.goto(f"{servers['ws']}/jobs/{done['make'].id}")
            tab.wait_for_function("document.querySelector('video').readyState >= 1")
            count = tab.evaluate("""() => new Promise((resolve) => {
                const video = document.querySelector('video');
                const track = video.textTracks[0];
                track.mode = 'showing';
                const el = video.querySelector('track');
                const done = () => resolve(track.cues ? track.cues.length : -1);
                if (el.readyState === 2) done(); else el.addEventListener('load', done);
            })""")
            assert count == expected
            duration = tab.evaluate("document.querySelector('video').duration")
            assert 3 < duration < 15  # the workspace file plays in the page
            # a click on a cue row seeks the player to its in-cue
            if tab.locator("tr[data-cue]").count():
                tab.locator("tr[data-cue]").nth(1).click()
                start = float(tab.locator("tr[data-cue]").nth(1).get_attribute("data-start"))
                assert (
                    abs(tab.evaluate("document.querySelector('video').currentTime") - start) < 0.05
                )
            if os.environ.get("IMAGIA_TEST_OUTPUT"):
                tab.screenshot(
                    path=str(Path(os.environ["IMAGIA_TEST_OUTPUT"]) / "subtitles-make.png"),
                    full_page=True,
                )
            # no .vtt output: subtitles.js builds the track from the table (transcript segments)
            tab.goto(f"{servers['demo']}/jobs/{done['speech-transcribe'].id}")
            segments = done["speech-transcribe"].result["segments"]
            tab.wait_for_function(
                f"document.querySelector('audio').textTracks.length === 1 && "
                f"document.querySelector('audio').textTracks[0].cues.length "
                f"=== {segments}"
            )
        finally:
            browser.close()
    assert not errors, errors
