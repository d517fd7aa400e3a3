"""The subtitle cue editor's server side: the waveform of a generated clip (tone bursts: peaks
where the bursts are, cached once per media), the QC of edited cues (window by window, the same
findings as one call over the file), the API (cues of a job, live QC, refusals of bad timings
in French and English, saving a new version with its provenance, never over the original)."""

from __future__ import annotations

import json
import random
import subprocess
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs, provenance
from imagia.core import workspace as wsmod
from imagia.speech.subtitles import edit, formats, profiles, qc, waveform
from imagia.speech.subtitles.model import Event, SubtitleFile

BURSTS = ((1.0, 1.5), (2.5, 3.0))  # seconds of 440 Hz tone in a silent 4 s clip
SRT = """1
00:00:00,960 --> 00:00:01,960
A first line.

2
00:00:02,480 --> 00:00:03,600
And a second one.

3
00:00:05,000 --> 00:00:06,400
the third.
"""


def burst_clip(path: Path) -> Path:
    """A 4 s, 25 fps video whose sound is two 0.5 s tone bursts (1.0-1.5 s, 2.5-3.0 s)."""
    gate = "+".join(f"between(t,{a},{b})" for a, b in BURSTS)
    subprocess.run(
        [
            "ffmpeg", "-y", "-v", "error",
            "-f", "lavfi", "-i", "color=c=black:s=160x90:r=25:d=4",
            "-f", "lavfi", "-i", f"sine=f=440:sample_rate=48000:d=4,volume='4*({gate})':eval=frame",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "96k", "-shortest", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A workspace with the clip, a subtitle file and a finished subtitles-qc job on both."""
    ws = wsmod.init(tmp_path_factory.mktemp("edit") / "ws")
    clip = burst_clip(ws.files_dir / "bursts.mp4")
    subs = ws.files_dir / "bursts.srt"
    subs.write_text(SRT, encoding="utf-8")
    params = {"subs": str(subs), "media": str(clip), "profile": "netflix-en", "shots": "none"}
    job = jobs.run(ws, jobs.submit(ws, "subtitles-qc", params, [subs, clip]).id)
    assert job.status == "done", job.error
    return {"ws": ws, "job": job, "clip": clip, "subs": subs}


@pytest.fixture
def client(done: dict[str, Any]) -> TestClient:
    return TestClient(create_app(done["ws"]))


# -- waveform ------------------------------------------------------------------------------------
def test_waveform_peaks_where_the_bursts_are(done: dict[str, Any], tmp_path: Path) -> None:
    data = waveform.cached(done["clip"], tmp_path / "cache")
    assert data["schema"] == "Waveform.1" and data["step_ms"] == 10
    peaks = data["peaks"]
    assert 3.9 <= len(peaks) / 100 <= 4.2  # one value per 10 ms of the 4 s clip
    assert waveform.peaks_of(waveform.load(done["clip"])) == peaks  # streamed or whole: same

    def bins(a: float, b: float) -> list[int]:
        return peaks[round(a * 100) : round(b * 100)]

    for a, b in BURSTS:
        assert min(bins(a + 0.05, b - 0.05)) > 110  # sine's 1/8 x 4: half of full scale
    for a, b in ((0.1, 0.9), (1.65, 2.35), (3.15, 3.9)):
        assert max(bins(a, b)) < 10
    loud = [k for k, v in enumerate(peaks) if v > 60]
    assert abs(loud[0] / 100 - 1.0) <= 0.03 and abs((loud[-1] + 1) / 100 - 3.0) <= 0.03


def test_waveform_is_computed_once_per_media(
    done: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = waveform.cached(done["clip"], cache, onsets=True)
    assert [round(t, 1) for t in first["onsets"]] == [1.0, 2.5]  # the speech-onset rule's edges
    assert len(list(cache.iterdir())) == 1

    def no_decode(*_: Any, **__: Any) -> Any:
        raise AssertionError("decoded again")

    monkeypatch.setattr(waveform, "peaks", no_decode)
    monkeypatch.setattr(waveform, "load", no_decode)
    assert waveform.cached(done["clip"], cache, onsets=True) == first


# -- QC of edited cues ---------------------------------------------------------------------------
def _random_file(n: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    words = [
        "the",
        "mayor",
        "said",
        "a",
        "new",
        "plan",
        "for",
        "the",
        "river",
        "banks",
        "and",
        "old",
        "harbour",
        "district",
    ]
    out, t = [], 1000
    for _ in range(n):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 16)))
        text = text.capitalize() if rng.random() < 0.7 else text
        text += rng.choice((".", "", "?"))
        if rng.random() < 0.2:
            text = text.replace(" the ", "\nthe ", 1)
        d = rng.randint(300, 8000)
        out.append(Event(t, t + d, text))
        t += d + rng.randint(-200, 900)
        t = max(t, out[-1].start + 1)
    return out


def test_windowed_qc_finds_what_one_call_finds() -> None:
    events = _random_file(500)
    rate = Fraction(25)
    shots = [k * 3.7 for k in range(1, 700)]
    onsets = [k * 2.3 + 0.1 for k in range(1, 1100)]
    ctx = edit.Context(profiles.get("netflix-en"), rate, "en", shots, onsets)
    whole = qc.check(SubtitleFile(list(events), language="en"), ctx.profile, rate, shots, onsets)
    t0 = time.perf_counter()
    windowed = edit.check(events, ctx)
    took = time.perf_counter() - t0
    assert len(whole.violations) > 500  # every rule family has work to do
    assert {r for r in whole.by_rule()} >= {"overlap", "shot_in_cue", "in_cue_late", "casing"}
    assert [v.to_dict() for v in windowed.violations] == [v.to_dict() for v in whole.violations]
    assert windowed.events_ok == whole.events_ok
    assert took < 1.0, took  # ~60 ms on one free core; the 300 ms budget is measured in the report


def test_an_edit_checks_again_only_the_cues_around_it(monkeypatch: pytest.MonkeyPatch) -> None:
    events = _random_file(300, seed=11)
    ctx = edit.Context(profiles.get("netflix-en"), Fraction(25), "en", [4.0, 60.0], [1.0, 30.0])
    first = edit.check(events, ctx)
    runs = edit.windows(events)
    assert len(runs) > 20
    calls: list[int] = []
    real = qc.check

    def counted(sf: SubtitleFile, *args: Any, **kw: Any) -> qc.Report:
        calls.append(len(sf.events))
        return real(sf, *args, **kw)

    monkeypatch.setattr(qc, "check", counted)
    assert edit.check(events, ctx).to_dict() == first.to_dict()
    assert calls == []  # nothing changed: every run's findings reused
    k = 150
    changed = [
        *events[:k],
        Event(events[k].start, events[k].end, "way  too\nmany\nlines"),
        *events[k + 1 :],
    ]
    again = edit.check(changed, ctx)
    assert 1 <= len(calls) <= 3  # the run of the cue, and those it is a neighbour of
    whole = real(SubtitleFile(changed, language="en"), ctx.profile, ctx.rate, ctx.shots, ctx.onsets)
    assert again.to_dict() == whole.to_dict()
    assert {v.rule for v in again.violations if v.event == k + 1} >= {"max_lines"}


def test_cues_are_refused_with_one_line_in_each_language() -> None:
    rate = Fraction(25)
    cases = [
        ([{"start": 1000, "end": 1000, "text": "a"}], "out-time 00:00:01:00 is not after"),
        ([{"start": 0, "end": 900, "text": "a"}, {"start": -5, "end": 9, "text": "b"}], "cue 2"),
        ([{"start": 2000, "end": 2600, "text": "a"}, {"start": 1000, "end": 1500, "text": "b"}],
         "cue 2 starts before cue 1"),
        ([{"start": 1.5, "end": 2000, "text": "a"}], "whole milliseconds"),
        ([{"start": 0, "end": 900, "text": "x --> y"}], "'-->'"),
    ]  # fmt: skip
    for raw, words in cases:
        with pytest.raises(edit.BadTiming) as en:
            edit.cues_from(raw, rate)
        assert words in en.value.message and "\n" not in en.value.message
        with pytest.raises(edit.BadTiming) as fr:
            edit.cues_from(raw, rate, "fr")
        assert fr.value.message == en.value.message_fr and "sous-titre" in fr.value.message
    with pytest.raises(edit.BadTiming, match="has no text"):
        edit.cues_from([{"start": 0, "end": 900, "text": " \n "}], rate, need_text=True)
    ok = edit.cues_from([{"start": 0, "end": 900, "text": "a\n\n b \n"}], rate)
    assert ok[0].text == "a\n b"  # no blank line inside a cue


# -- API -----------------------------------------------------------------------------------------
def _cues(client: TestClient, job: jobs.Job, **query: str) -> dict[str, Any]:
    r = client.get(f"/api/subtitles/{job.id}/cues", params=query)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_cues_of_a_job_with_its_profile_rate_and_qc(
    done: dict[str, Any], client: TestClient
) -> None:
    job = done["job"]
    body = _cues(client, job, version="original")
    assert body["rate"] == {"num": 25, "den": 1, "fps": "25", "drop": False}
    assert [c["text"] for c in body["cues"]] == ["A first line.", "And a second one.", "the third."]
    assert body["cues"][0] == {"start": 960, "end": 1960, "text": "A first line.", "src": 0}
    assert body["waveform"] == f"/api/subtitles/{job.id}/waveform"
    # the editor's first QC is the job's own (same rules, same onsets)
    assert body["qc"]["by_rule"] == job.result["by_rule"]
    assert body["qc"]["events_ok"] == round(job.result["share_ok_before"] * 3)
    wave = client.get(body["waveform"]).json()
    assert wave["schema"] == "Waveform.1" and max(wave["peaks"]) > 110


def test_live_qc_follows_the_edits_in_the_readers_language(
    done: dict[str, Any], client: TestClient
) -> None:
    job = done["job"]
    cues = _cues(client, job, version="original")["cues"]
    long = dict(cues[1], text="And a second one that goes on and on, far past the line's limit")
    r = client.post("/api/subtitles/qc", json={"job": job.id, "cues": [cues[0], long, cues[2]]})
    assert r.status_code == 200
    found = [f for f in r.json()["findings"] if f["event"] == 2]
    assert "chars_per_line" in {f["rule"] for f in found}
    r = client.post(
        "/api/subtitles/qc",
        json={"job": job.id, "cues": [cues[0], long, cues[2]], "lang": "fr"},
    )
    line = next(f for f in r.json()["findings"] if f["rule"] == "chars_per_line")
    assert line["name"] == "ligne trop longue" and "caractères" in line["message"]
    r = client.post("/api/subtitles/qc", json={"job": job.id, "cues": cues})
    assert "chars_per_line" not in r.json()["by_rule"]  # the finding goes with the fix
    assert r.json()["checked_ms"] < 300


def test_bad_timings_get_a_one_line_error(done: dict[str, Any], client: TestClient) -> None:
    job = done["job"]
    cues = _cues(client, job, version="original")["cues"]
    bad = [cues[0], dict(cues[1], end=cues[1]["start"] - 40), cues[2]]
    for route in ("qc", "save"):
        r = client.post(f"/api/subtitles/{route}", json={"job": job.id, "cues": bad})
        assert r.status_code == 422
        body = r.json()
        assert body["error"] == "bad_value" and body["cue"] == 2
        assert body["message"] == (
            "cue 2: the out-time 00:00:02:11 is not after the in-time 00:00:02:12"
        )
        r = client.post(
            f"/api/subtitles/{route}",
            json={"job": job.id, "cues": bad},
            headers={"Accept-Language": "fr-FR,fr;q=0.9"},
        )
        assert r.json()["message"] == (
            "sous-titre 2 : la sortie 00:00:02:11 n’est pas après l’entrée 00:00:02:12"
        )
    assert not list(done["ws"].files_dir.glob("*.edited*"))  # nothing written


def test_save_writes_a_new_version_with_provenance(
    done: dict[str, Any], client: TestClient
) -> None:
    ws, job, subs = done["ws"], done["job"], done["subs"]
    before = provenance.sha256_file(subs)
    cues = _cues(client, job, version="original")["cues"]
    first, second, third = cues
    # split the second cue in two, merge the third into it... as the editor sends them
    edited = [
        dict(first, text="A first line, edited."),
        dict(second, end=2960, text="And a second"),
        dict(second, start=3040, text="one."),
        dict(third, end=6440),
    ]
    r = client.post("/api/subtitles/save", json={"job": job.id, "cues": edited})
    assert r.status_code == 201, r.text
    saved = r.json()["saved"]
    assert saved["path"] == "files/bursts.edited.srt"
    out = ws.files_dir / "bursts.edited.srt"
    back = formats.load(out).events
    assert [(e.start, e.end, e.text) for e in back] == [
        (960, 1960, "A first line, edited."),
        (2480, 2960, "And a second"),
        (3040, 3600, "one."),
        (5000, 6440, "the third."),
    ]
    assert provenance.sha256_file(subs) == before  # the original is never touched
    rec = json.loads((ws.files_dir / "bursts.edited.srt.provenance.json").read_text())
    assert rec["schema"] == "Provenance.1" and rec["tool"] == "subtitles-edit"
    assert rec["details"]["by"] == "hand" and rec["ai_generated"] is False
    assert rec["params"]["job"] == job.id
    assert rec["details"]["edit"] == {
        "cues_before": 3,
        "cues_after": 4,
        "text_changed": 3,
        "timing_changed": 3,
        "split": 1,
        "merged_or_deleted": 0,
    }
    assert rec["details"]["output"]["sha256"] == provenance.sha256_file(out)
    assert client.get(saved["url"]).content == out.read_bytes()
    # the editor opens on the latest version; a second save never overwrites the first
    again = _cues(client, job)
    assert again["version"] == "bursts.edited.srt" and len(again["cues"]) == 4
    merged = [again["cues"][0], dict(again["cues"][1], end=3600, text="And a second\none.")]
    r = client.post(
        "/api/subtitles/save",
        json={"job": job.id, "cues": [*merged, again["cues"][3]], "version": again["version"]},
    )
    assert r.json()["saved"]["name"] == "bursts.edited-1.srt"
    assert [v["name"] for v in r.json()["versions"]] == ["bursts.edited.srt", "bursts.edited-1.srt"]
    assert len(formats.load(out).events) == 4  # the first version is still there as it was
    missing = client.get(f"/api/subtitles/{job.id}/cues", params={"version": "x.srt"})
    assert missing.status_code == 404


@pytest.mark.parametrize("ext", [".srt", ".vtt", ".ttml"])
def test_a_version_is_written_in_the_originals_format(tmp_path: Path, ext: str) -> None:
    fmt = formats.EXTENSIONS[ext]
    original = tmp_path / f"scene{ext}"
    base = SubtitleFile([Event(1000, 2000, "Hello."), Event(2500, 4000, "Two\nlines.")], "en")
    base.rate = Fraction(25)
    formats.save(base, original)
    loaded = formats.load(original)
    events = edit.cues_from(
        [{"start": 1000, "end": 2040, "text": "Hello there.", "src": 0}, {"start": 2500,
          "end": 4000, "text": "Two\nlines.", "src": 1}],
        Fraction(25),
        base=loaded.events,
    )  # fmt: skip
    out = edit.save_version(
        tmp_path / "files", original, loaded, events, {"job": "j"}, [original], {}
    )
    assert out.name == f"scene.edited{ext}"
    back = formats.load(out)  # the extension's format, its content sniffed
    assert back.meta["format"] == fmt
    assert [(e.start, e.end, e.text) for e in back.events] == [
        (1000, 2040, "Hello there."),
        (2500, 4000, "Two\nlines."),
    ]
    again = edit.save_version(
        tmp_path / "files", original, loaded, events, {"job": "j"}, [original], {}
    )
    assert again.name == f"scene.edited-1{ext}" and out.is_file()
    assert [v["name"] for v in edit.versions(tmp_path / "files", "j")] == [out.name, again.name]
