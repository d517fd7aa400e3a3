"""The cue editor's live QC: one ``POST /api/subtitles/qc`` round trip (JSON in, the QC rules
window by window, findings in French out) on files of 100, 500 and 2,000 cues with shot changes
and speech onsets as dense as a feature's, against the baseline measured in the same run: one
:func:`imagia.speech.subtitles.qc.check` call over the whole file. The editor's budget is
300 ms for 500 cues.
"""

from __future__ import annotations

import random
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from benchmarks.timing import best_of

SIZES = (100, 500, 2000)


def _cues(n: int, seed: int = 3) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    words = "the mayor said a new plan for the river banks and old harbour district"
    out: list[dict[str, Any]] = []
    t = 1000
    for _ in range(n):
        picked = (rng.choice(words.split(" ")) for _ in range(rng.randint(3, 14)))
        text = " ".join(picked).capitalize() + "."
        d = rng.randint(900, 5000)
        out.append({"start": t, "end": t + d, "text": text, "src": len(out)})
        t += d + rng.randint(80, 900)
    return out


def _job(ws: Any, n: int) -> Any:
    from imagia.core import jobs
    from imagia.speech.subtitles import formats
    from imagia.speech.subtitles.model import Event, SubtitleFile

    subs = ws.files_dir / f"bench-{n}.srt"
    events = [Event(c["start"], c["end"], c["text"]) for c in _cues(n)]
    formats.save(SubtitleFile(events), subs)
    shots = ws.files_dir / f"bench-{n}.shots.txt"
    end = events[-1].end / 1000
    shots.write_text("\n".join(f"{k * 3.1:.2f}" for k in range(1, int(end / 3.1))) + "\n")
    params = {"subs": str(subs), "profile": "netflix-en", "shots": str(shots), "fps": "25"}
    job = jobs.run(ws, jobs.submit(ws, "subtitles-qc", params, [subs, shots]).id)
    assert job.status == "done", job.error
    return job


def _size(client: Any, ws: Any, n: int) -> str:
    """One line of the table: the file of ``n`` cues checked cold, then edited live."""
    from imagia.api import routes_subtitles
    from imagia.speech.subtitles import edit, profiles, qc
    from imagia.speech.subtitles.model import Event, SubtitleFile

    job = _job(ws, n)
    cues = _cues(n)
    ctx = routes_subtitles._job(ws, job.id).ctx
    end = cues[-1]["end"] / 1000
    ctx.onsets = [k * 1.9 + 0.3 for k in range(int(end / 1.9))]  # a talkative film
    events = [Event(c["start"], c["end"], c["text"]) for c in cues]
    sf = SubtitleFile(events, language="en")
    profile = profiles.get("netflix-en")
    whole = best_of(lambda: qc.check(sf, profile, Fraction(25), ctx.shots, ctx.onsets), 3)

    def cold() -> None:
        ctx.memo.clear()
        edit.check(events, ctx)

    windowed = best_of(cold, 3)
    edits = iter(range(10**6))

    def edited() -> None:  # a new text each time: its run is checked again
        k = n // 2
        body = [*cues[:k], dict(cues[k], text=f"Edit {next(edits)}."), *cues[k + 1 :]]
        r = client.post("/api/subtitles/qc", json={"job": job.id, "cues": body})
        assert r.status_code == 200, r.text

    def split() -> None:
        k = n // 3 + next(edits) % 50
        c = cues[k]
        mid = (c["start"] + c["end"]) // 2
        halves = [dict(c, end=mid - 80, text="One."), dict(c, start=mid, text="Two.")]
        body = {"job": job.id, "cues": [*cues[:k], *halves, *cues[k + 1 :]]}
        assert client.post("/api/subtitles/qc", json=body).status_code == 200

    one = best_of(edited, 5)
    cut = best_of(split, 5)
    return (
        f"{n:>6} {whole * 1000:>10.0f} ms {windowed * 1000:>12.0f} ms "
        f"{whole / windowed:>5.1f}x {one * 1000:>18.0f} ms {cut * 1000:>14.0f} ms"
    )


def run() -> None:
    import os

    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.core import workspace as wsmod

    os.environ.setdefault("IMAGIA_ALLOWED_HOSTS", "testserver")
    with tempfile.TemporaryDirectory() as tmp:
        ws = wsmod.init(Path(tmp) / "ws")
        client = TestClient(create_app(ws))
        print(
            f"{'cues':>6} {'one qc.check':>13} {'windowed, cold':>15} {'ratio':>6} "
            f"{'API: one text edited':>21} {'API: a cue split':>17}"
        )
        for n in SIZES:
            print(_size(client, ws, n), flush=True)
        print("budget: 300 ms for an edit of a 500-cue file (the API columns)")
