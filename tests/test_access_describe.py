"""Audio description on a generated clip with known dialogue: slots match the known gaps, the
script round-trips through JSON and DOCX, and the mix is measured from its own files: no
description over dialogue, the programme ducked by the asked dB, loudness on the spec."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile, BadValue

pytestmark = pytest.mark.skipif(
    not (shutil.which("pico2wave") or shutil.which("espeak-ng")),
    reason="no TTS engine (scripts/setup-system.sh --speech installs espeak-ng and pico)",
)
MARGIN = 0.3
SECONDS = 12.0
CUT = 3.6


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[float, float]]]:
    from imagia.access.demo import make_clip

    path = tmp_path_factory.mktemp("ad") / "clip.mp4"
    return path, make_clip(path, seconds=SECONDS, cut=CUT)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> wsmod.Workspace:
    return wsmod.init(tmp_path_factory.mktemp("adws") / "ws")


@pytest.fixture(scope="module")
def slots(ws: wsmod.Workspace, clip: tuple[Path, list[Any]]) -> jobs.Job:
    job = jobs.submit(ws, "describe-slots", {"media": str(clip[0])}, [clip[0]])
    return jobs.run(ws, job.id)


def _expected(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps between the spoken lines less the margins (at least 1.5 s), and the tail."""
    edges = [*spans, (SECONDS, SECONDS)]
    out = []
    for (_, end), (start, _) in itertools.pairwise(edges):
        a, b = end + MARGIN, start - (MARGIN if start < SECONDS else 0)
        if b - a >= 1.5:
            out.append((a, b))
    return out


def test_slots_match_the_known_gaps(slots: jobs.Job, clip: tuple[Path, list[Any]]) -> None:
    r = slots.result
    want = _expected(clip[1])
    got = [(s["start"], s["end"]) for s in r["slots"]]
    assert len(got) == len(want), (got, want)
    for (a, b), (x, y) in zip(got, want, strict=True):
        assert abs(a - x) < 0.1 and abs(b - y) < 0.1, (got, want)
    first = r["slots"][0]
    assert first["cuts"] == [pytest.approx(CUT, abs=0.05)]
    assert first["words_fit"] == int((first["end"] - first["start"]) * 160 / 60)
    kinds = {o["kind"] for o in slots.outputs}
    assert {"report/json", "script/json", "script/docx", "image/jpeg"} <= kinds
    assert any("not indexed" in n for n in r["notes"])


def test_subtitles_count_as_dialogue(
    ws: wsmod.Workspace, clip: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    from imagia.access.slots import SlotOptions, find

    srt = tmp_path / "dialogue.srt"
    srt.write_text("1\n00:00:03,000 --> 00:00:04,000\nA line the VAD did not hear.\n", "utf-8")
    report = find(clip[0], SlotOptions(subtitles=srt, shots=False))
    assert all(not (s.start < 4.0 and s.end > 3.0) for s in report.slots)


def test_script_round_trips_through_json_and_docx(slots: jobs.Job, ws: wsmod.Workspace) -> None:
    from imagia.access import script

    path = next(ws.root / o["path"] for o in slots.outputs if o["kind"] == "script/json")
    sc = script.load(path)
    assert sc.lines and all(ln.text == "" for ln in sc.lines)
    sc.lines[0].text = "Anna checks her watch."
    docx = path.with_suffix(".docx")
    docx.write_bytes(script.to_docx(sc, "fr"))
    back = script.load(docx)
    assert back.lines[0].text == "Anna checks her watch."
    assert back.lines[0].start == sc.lines[0].start and back.lines[0].tc_in == sc.lines[0].tc_in


def _band_db(x: np.ndarray, rate: int, a: float, b: float, hz: float = 12000.0) -> float:
    """Energy (dB) around ``hz`` between ``a`` and ``b`` s: the clip's 12 kHz tone, which the
    voices (made at 16 or 22 kHz) cannot reach."""
    seg = x[int(a * rate) : int(b * rate)]
    spec = np.abs(np.fft.rfft(seg * np.hanning(len(seg))))
    freqs = np.fft.rfftfreq(len(seg), 1 / rate)
    band = (freqs > hz - 200) & (freqs < hz + 200)
    return float(10 * np.log10((spec[band] ** 2).sum()))


@pytest.fixture(scope="module")
def mixed(
    slots: jobs.Job, ws: wsmod.Workspace, clip: tuple[Path, list[Any]]
) -> tuple[jobs.Job, dict[str, Path]]:
    from imagia.access import script

    path = next(ws.root / o["path"] for o in slots.outputs if o["kind"] == "script/json")
    sc = script.load(path)
    sc.lines[0].text = "A crowded platform. Anna checks her watch."
    sc.lines[1].text = (
        "Colour bars fill the screen while a long freight train rolls slowly past the empty "
        "station in the rain."
    )
    filled = ws.files_dir / "filled.json"
    filled.parent.mkdir(parents=True, exist_ok=True)
    filled.write_text(script.dumps(sc), "utf-8")
    params = {"media": str(clip[0]), "script": str(filled), "duck_db": 12.0}
    job = jobs.run(ws, jobs.submit(ws, "describe-mix", params, [clip[0], filled]).id)
    files = {Path(o["path"]).name.split(".", 1)[1]: ws.root / o["path"] for o in job.outputs}
    return job, files


def test_a_description_too_long_for_its_slot_is_flagged(mixed: tuple[jobs.Job, Any]) -> None:
    job, files = mixed
    placed = job.result["placed"]
    assert [p["status"] for p in placed] == ["fits", "too_long"]
    assert placed[1]["words"] > placed[1]["words_fit"] and placed[1]["start"] is None
    vtt = files["descriptions.vtt"].read_text("utf-8")
    assert "Anna checks her watch" in vtt and "freight" not in vtt
    assert 'daptm:represents="visual.nonText"' in files["ad.ttml"].read_text("utf-8")


def test_no_description_over_dialogue_and_the_duck_is_measured(
    mixed: tuple[jobs.Job, Any], clip: tuple[Path, list[Any]]
) -> None:
    job, files = mixed
    stem, rate = sf.read(str(files["ad-stem.wav"]), dtype="float32")
    assert rate == 48000
    hop = rate // 100  # 10 ms frames above -60 dBFS inside a known spoken line
    frames = len(stem) // hop
    rms = np.sqrt((stem[: frames * hop].reshape(frames, hop) ** 2).mean(axis=1))
    t = np.arange(frames) / 100
    speaking = np.zeros(frames, bool)
    for a, b in clip[1]:
        speaking |= (t >= a) & (t < b)
    assert int(((rms > 1e-3) & speaking).sum()) == 0
    assert int((rms > 1e-3).sum()) > 100  # the description is there
    mix, _ = sf.read(str(files["ad-mix.wav"]), dtype="float32", always_2d=True)
    p = job.result["placed"][0]
    a, b = p["start"] + 0.5, clip[1][1][1] + 0.5  # in the description; in a free slot
    assert p["end"] - a > 1.5 and clip[1][2][0] - b > 1.5
    under = _band_db(mix[:, 0], rate, a, a + 1.5)
    free = _band_db(mix[:, 0], rate, b, b + 1.5)
    assert abs((free - under) - 12.0) < 1.0, free - under


def test_mix_loudness_is_on_the_spec(mixed: tuple[jobs.Job, Any]) -> None:
    from imagia.post.loudness import measure

    _, files = mixed
    rep = measure(files["ad-mix.wav"], "ebu-r128")
    assert rep.integrated is not None and abs(rep.integrated + 23.0) <= 0.5
    assert rep.true_peak is not None and rep.true_peak <= -1.0
    data = json.loads(files["ad-mix.json"].read_text("utf-8"))
    assert data["schema"] == "ADMix.1" and data["overlap_s"] == 0.0


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ('{"schema": "Other.1"}', "not an audio description script"),
        ('{"schema": "ADScript.1", "lines": [{"start": 3, "end": 2}]}', "line 1: start 3"),
        ('{"schema": "ADScript.1", "lines": [{"end": 2}]}', "line 1: missing field 'start'"),
        ("{not json", "not valid JSON"),
        (
            '{"schema": "ADScript.1", "lines": [{"n": 1, "start": 1, "end": 3}, '
            '{"n": 2, "start": 2, "end": 4}]}',
            "line 2 starts at 2.0 s, inside line 1",
        ),
    ],
)
def test_a_bad_script_is_one_line_naming_the_file(tmp_path: Path, content: str, match: str) -> None:
    from imagia.access import script

    bad = tmp_path / "bad.json"
    bad.write_text(content, "utf-8")
    with pytest.raises(BadFile, match=match) as e:
        script.load(bad)
    assert str(bad) in str(e.value) and "\n" not in str(e.value)


def test_bad_parameters_are_refused(ws: wsmod.Workspace, clip: tuple[Path, list[Any]]) -> None:
    from imagia.access.mix import MixOptions

    with pytest.raises(BadValue, match="lang"):
        jobs.submit(ws, "describe-slots", {"media": str(clip[0]), "lang": "xx"})
    with pytest.raises(BadValue, match="duck_db"):
        jobs.submit(
            ws, "describe-mix", {"media": str(clip[0]), "script": str(clip[0]), "duck_db": 80}
        )
    with pytest.raises(BadValue, match="max_speedup"):
        MixOptions(max_speedup=3).check()


def test_the_duck_curve_is_the_same_in_blocks_and_ramps_in_db() -> None:
    from imagia.access.mix import RATE, MixOptions, duck_gain

    o = MixOptions(duck_db=12.0, attack=0.25, release=0.5)
    spans = [(1.0, 2.0)]
    whole = duck_gain(0, 3 * RATE, spans, o)
    parts = np.concatenate([duck_gain(k, 1000, spans, o) for k in range(0, 3 * RATE, 1000)])
    assert np.array_equal(whole, parts[: len(whole)])
    db = 20 * np.log10(whole)
    at = {t: float(db[int(t * RATE)]) for t in (0.7, 0.875, 1.5, 2.25, 2.6)}
    assert at[0.7] == 0.0 and at[2.6] == 0.0
    assert at[0.875] == pytest.approx(-6.0, abs=0.05) and at[2.25] == pytest.approx(-6.0, abs=0.05)
    assert at[1.5] == pytest.approx(-12.0, abs=1e-4)
