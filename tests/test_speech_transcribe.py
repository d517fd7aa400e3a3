"""Transcription with the packaged Whisper models on speech made by TTS and on real LibriVox
speech; bad media. Tests that run the model are marked ``slow`` and skip with a reason when the
speech extra is not installed."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from tests.speech_media import LIBRIVOX, concat, needs_whisper, tts

EN = "Good evening. Tonight the mayor announced a new plan for the river banks."
FR = "Bonsoir à tous. Ce soir, le maire a présenté un nouveau projet pour la rivière."


def words_of(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


def wer(ref: str, hyp: str) -> float:
    r, h = words_of(ref), words_of(hyp)
    d = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        prev, d[0] = d[0], i
        for j, hw in enumerate(h, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (rw != hw))
    return d[len(h)] / max(len(r), 1)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tts(tmp_path_factory.mktemp("en") / "en.wav", EN, "en", pad=0.5)


@needs_whisper
@pytest.mark.slow
def test_english_words_with_times(english: Path) -> None:
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    progress: list[float] = []
    tr = transcribe(english, TranscribeOptions(), lambda f, _m: progress.append(f))
    assert tr.language == "en" and tr.model["model"] == "whisper-base"
    assert wer(EN, tr.text) <= 0.1, tr.text
    ws = tr.words()
    assert len(ws) >= 10
    assert all(0 <= w.start <= w.end <= tr.duration + 0.05 for w in ws)
    assert all(a.start <= b.start for a, b in itertools.pairwise(ws))
    assert ws[0].start >= 0.3  # the 0.5 s of leading silence is not speech
    assert progress[-1] == 1.0


@needs_whisper
@pytest.mark.slow
def test_french_is_detected(tmp_path: Path) -> None:
    from imagia.speech.transcribe import transcribe

    tr = transcribe(tts(tmp_path / "fr.wav", FR, "fr"))
    assert tr.language == "fr"
    assert {"bonsoir", "nouveau", "projet", "rivière"} <= set(words_of(tr.text)), tr.text


@needs_whisper
@pytest.mark.slow
def test_chunks_cut_in_pauses_keep_times(tmp_path: Path) -> None:
    """Bounded memory: a file decoded in 4-second pieces gives the same words, times offset."""
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    parts = [
        tts(tmp_path / f"s{k}.wav", s, "en")
        for k, s in enumerate(
            ["The first sentence is here.", "Then comes the second one.", "And a third."]
        )
    ]
    media = concat(tmp_path / "three.wav", parts, silence=1.2)
    tr = transcribe(media, TranscribeOptions(chunk_seconds=4.0))
    assert {"first", "here", "second", "one", "third"} <= set(words_of(tr.text)), tr.text
    starts = [s.start for s in tr.segments]
    assert starts == sorted(starts) and tr.segments[-1].end > 5.0


@needs_whisper
@pytest.mark.slow
@pytest.mark.skipif(
    not LIBRIVOX.is_dir(),
    reason="pocketsphinx-testdata not installed (scripts/setup-system.sh --speech)",
)
def test_real_speech_librivox() -> None:
    from imagia.speech.transcribe import transcribe

    clip = LIBRIVOX / "sense_and_sensibility_01_austen_64kb-0880.wav"
    tr = transcribe(clip)
    assert wer("he was not an ill disposed young man", tr.text.replace("-", " ")) <= 0.15


@needs_whisper
def test_english_only_model_refuses_french(english: Path) -> None:
    from imagia.speech.transcribe import TranscribeOptions, transcribe

    with pytest.raises(BadValue, match="English-only"):
        transcribe(english, TranscribeOptions(model="tiny.en", language="fr"))
    with pytest.raises(BadValue, match="language 'klingon'"):
        transcribe(english, TranscribeOptions(language="klingon"))
    with pytest.raises(BadValue, match="model"):
        transcribe(english, TranscribeOptions(model="huge"))


def test_media_without_audio_or_corrupt(tmp_path: Path) -> None:
    import subprocess

    from imagia.speech.audio import probe_audio

    video = tmp_path / "silent.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x64:rate=25:duration=1",
            "-pix_fmt",
            "yuv420p",
            str(video),
        ],
        check=True,
    )
    with pytest.raises(BadFile, match="silent.mp4: has no audio stream"):
        probe_audio(video)
    bad = tmp_path / "corrupt.wav"
    bad.write_bytes(b"RIFF\x00\x00garbage" * 10)
    with pytest.raises(BadFile, match="corrupt.wav"):
        probe_audio(bad)


def test_decoding_in_pieces_cuts_in_silence(tmp_path: Path) -> None:
    """Bounded memory: pieces of about the asked length, each cut inside a pause."""
    import subprocess

    import numpy as np

    from imagia.speech.audio import SAMPLE_RATE, chunks

    media = tmp_path / "bursts.wav"
    # 1 s of tone, 0.6 s of silence, repeated for 20 s
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "aevalsrc='if(lt(mod(t,1.6),1),0.5*sin(2*PI*440*t),0)':s=16000:d=20",
            "-ac",
            "1",
            str(media),
        ],
        check=True,
    )
    pieces = list(chunks(media, seconds=5.0, search=2.0))
    total = sum(len(a) for _, a in pieces)
    assert abs(total / SAMPLE_RATE - 20.0) < 0.05 and len(pieces) >= 4
    for (offset, audio), (nxt, _) in itertools.pairwise(pieces):
        assert len(audio) <= 5 * SAMPLE_RATE and nxt == pytest.approx(
            offset + len(audio) / SAMPLE_RATE
        )
        cut = nxt % 1.6
        assert 1.0 <= cut <= 1.6, nxt  # inside a silence
        assert np.abs(audio[-160:]).max() < 0.01


@needs_whisper
@pytest.mark.slow
def test_an_interrupted_transcription_goes_on_from_its_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after its first piece, a run leaves a checkpoint; the next run transcribes only
    the pieces after it and gives the whole transcript, then removes the checkpoint."""
    import imagia.speech.transcribe as tx

    parts = [
        tts(tmp_path / f"s{k}.wav", s, "en")
        for k, s in enumerate(
            ["The first sentence is here.", "Then comes the second one.", "And a third."]
        )
    ]
    media = concat(tmp_path / "three.wav", parts, silence=1.2)
    options = tx.TranscribeOptions(chunk_seconds=4.0)
    checkpoint = tmp_path / "job" / ".transcribe.checkpoint.json"
    checkpoint.parent.mkdir()
    saved: list[float] = []
    real_write = tx._write_checkpoint

    def write_then_die(path: Path, *args: object) -> None:
        real_write(path, *args)  # type: ignore[arg-type]
        saved.append(float(args[-1]))  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the process is killed right after its first checkpoint

    monkeypatch.setattr(tx, "_write_checkpoint", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        tx.transcribe(media, options, checkpoint=checkpoint)
    monkeypatch.setattr(tx, "_write_checkpoint", real_write)
    assert checkpoint.is_file() and 0 < saved[0] < 6
    first_part, until = tx._read_checkpoint(checkpoint, media, options)
    assert first_part is not None and "first" in words_of(first_part.text)

    offsets: list[float] = []
    real_chunks = tx.chunks

    def counted(path: Path, seconds: float) -> object:
        for offset, audio in real_chunks(path, seconds):
            offsets.append(offset)
            yield offset, audio

    calls: list[int] = []
    model, _ = tx.load_model("base")
    real_transcribe = model.transcribe

    def counting(audio: object, **kw: object) -> object:
        calls.append(1)
        return real_transcribe(audio, **kw)

    monkeypatch.setattr(tx, "chunks", counted)
    monkeypatch.setattr(model, "transcribe", counting)
    tr = tx.transcribe(media, options, checkpoint=checkpoint)
    skipped = sum(1 for o in offsets if o < until - 1e-3)
    assert skipped >= 1 and len(calls) == len(offsets) - skipped  # done pieces not redone
    assert {"first", "second", "third"} <= set(words_of(tr.text)), tr.text
    assert [s.id for s in tr.segments] == list(range(1, len(tr.segments) + 1))
    assert not checkpoint.exists()
