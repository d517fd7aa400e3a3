"""Gather a media file's metadata: technical (ffprobe, loudness) and descriptive (the index).

Technical metadata comes from ffprobe (container, duration, video and audio streams) and, for
files with sound, ffmpeg's EBU R 128 loudness measurement (:mod:`imagia.post.loudness`).
Descriptive metadata comes from the workspace index when the file is indexed (looked up by its
SHA-256, so a renamed file is still found): spoken language, keywords counted in the transcript
(term frequency without French and English stop words), the number of shots, named people and
sound classes when the index holds them. The index is opened read-only: looking up a file never
creates or upgrades an index.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError
from imagia.core.provenance import sha256_file
from imagia.media.probe import AudioStream, VideoStream, probe

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_STOP_TEXT = """
a about above after again against all almost also am an and any are aren as at be because been
before being below between both but by can cannot could did didn do does doesn doing don down
during each even ever every few for from further get gets getting go going gone got had has
hasn have haven having he her here hers herself him himself his how however i if in into is
isn it its itself just let like ll me might more most much must my myself no nor not now of
off on once one only or other ought our ours ourselves out over own really right said same
say says she should so some still such than that the their theirs them themselves then there
these they this those through to too under until up upon us very was wasn we well were weren
what when where which while who whom why will with won would yes yet you your yours yourself
yourselves okay oh yeah re ve s t d m
à afin ai aie aient aies ait alors as au aucun aucune aura aurai auraient aurais aurait
auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant avec
avez aviez avions avoir avons ayant ayez ayons bah bien c ça car ce ceci cela celle celles
celui cependant ces cet cette ceux chez ci comme comment d dans de des donc dont du elle elles
en encore es est et étaient étais était étant été êtes étiez étions être eu eue eues eûmes
eurent eus eusse eussent eusses eussiez eussions eut eût eûtes eux faire fait fois font hein
hors ici il ils j je jusqu l la là le les leur leurs lui m ma mais me même mêmes mes moi mon
n ne ni non nos notre nous on ont ou où oui par parce pas peu peut plus pour pourquoi qu quand
que quel quelle quelles quels qui quoi s sa sans se sera serai seraient serais serait seras
serez seriez serions serons seront ses si sien soi soient sois soit sommes son sont sous soyez
soyons suis sur t ta te tes toi ton tous tout toute toutes très tu un une unes uns voici voilà
vos votre vous y alors euh ben bon voilà ah oh ouais
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass
class Technical:
    duration: float | None
    container: str | None
    container_long: str | None
    bit_rate: int | None
    size_bytes: int
    video: dict[str, Any] | None
    audio: list[dict[str, Any]]
    timecode: str | None
    creation_time: str | None
    title: str | None = None
    loudness: dict[str, Any] | None = None


@dataclass
class Descriptive:
    """From the index; ``people`` are the names given to face clusters, ``sounds`` the sound
    classes heard (label, spans, seconds)."""

    indexed_path: str
    language: str | None
    keywords: list[dict[str, Any]]
    shots: int
    transcript_windows: int
    excerpt: str
    people: list[dict[str, Any]] = field(default_factory=list)
    sounds: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class MediaMetadata:
    path: str
    name: str
    title: str
    sha256: str
    technical: Technical
    descriptive: Descriptive | None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "MediaMetadata.1", **asdict(self)}


def _video(v: VideoStream, duration: float | None) -> dict[str, Any]:
    rate = v.frame_rate
    frames = v.frames
    if frames is None and rate and duration:
        frames = round(Fraction(str(duration)) * rate)
    order = v.field_order
    return {
        "codec": v.codec,
        "codec_long": v.codec_long,
        "profile": v.profile,
        "width": v.width,
        "height": v.height,
        "frame_rate": str(rate) if rate else None,
        "frame_rate_fps": round(float(rate), 3) if rate else None,
        "frames": frames,
        "pix_fmt": v.pix_fmt,
        "display_aspect_ratio": v.display_aspect,
        "scanning": None
        if not order
        else ("progressive" if order == "progressive" else "interlaced"),
        "field_order": order if order != "progressive" else None,
        "bit_rate": v.bit_rate,
    }


def _audio(a: AudioStream) -> dict[str, Any]:
    return {
        "codec": a.codec,
        "codec_long": a.codec_long,
        "sample_rate": a.sample_rate,
        "channels": a.channels,
        "channel_layout": a.channel_layout,
        "bits": a.bits,
        "bit_rate": a.bit_rate,
        "language": a.language,
    }


def technical(path: Path, loudness: bool = True, notes: list[str] | None = None) -> Technical:
    """ffprobe's facts about ``path``, with its loudness when it has sound and ``loudness``."""
    info = probe(path)
    video, audio = info.video, info.audio
    if video is None and not audio:
        raise BadFile(path, "has no audio or video stream")
    tech = Technical(
        duration=round(info.duration, 3) if info.duration is not None else None,
        container=info.format_name,
        container_long=info.format_long_name,
        bit_rate=info.bit_rate,
        size_bytes=path.stat().st_size,
        video=_video(video, info.duration) if video else None,
        audio=[_audio(s) for s in audio],
        timecode=info.timecode,
        creation_time=info.tag("creation_time"),
        title=info.tag("title") or None,
    )
    if loudness and audio:
        from imagia.post.loudness import measure

        try:
            rep = measure(path, "ebu-r128", curve_step=3600.0, dialogue_gate=False)
            tech.loudness = {
                "integrated_lufs": rep.integrated,
                "range_lu": rep.lra,
                "true_peak_dbtp": rep.true_peak,
                "method": "ITU-R BS.1770-4 / EBU R 128 (ffmpeg ebur128)",
            }
        except ImagiaError as exc:
            if notes is not None:
                notes.append(f"loudness not measured: {exc}")
    return tech


def keywords(
    texts: list[str], limit: int = 12, min_count: int | None = None
) -> list[dict[str, Any]]:
    """The most frequent words of ``texts`` without stop words (FR, EN), at least 3 letters,
    seen ``min_count`` times or more (default 2, 1 for a transcript under 200 words); counted
    case-insensitively, shown in their most common spelling."""
    if min_count is None:
        min_count = 2 if sum(len(_WORD.findall(t)) for t in texts) >= 200 else 1
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in _WORD.findall(text):
            low = word.lower().replace("’", "'")
            if len(low) < 3 or low in STOP_WORDS or low.split("'")[-1] in STOP_WORDS:
                continue
            if "'" in low:  # l'été -> été
                low = low.split("'", 1)[1]
                word = word.replace("’", "'").split("'", 1)[1]
                if len(low) < 3 or low in STOP_WORDS:
                    continue
            counts[low] += 1
            forms.setdefault(low, Counter())[word] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    out = []
    for w, n in ranked[:limit]:
        if n < min_count:
            break
        form = forms[w].most_common(1)[0][0]
        out.append({"word": form.lower() if form.isupper() else form, "count": n})
    return out


def _tables(con: sqlite3.Connection) -> dict[str, set[str]]:
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {n: {r[1] for r in con.execute(f"PRAGMA table_info('{n}')")} for n in names}


def descriptive(index_db: Path, sha256: str) -> Descriptive | None:
    """What the index knows of the asset with ``sha256``; None when it is not indexed (or there
    is no index). Tables an older index lacks (faces, people, sounds) are skipped."""
    if not index_db.is_file():
        return None
    try:
        con = sqlite3.connect(f"{index_db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise BadFile(index_db, f"not a readable index database ({exc})") from None
    con.row_factory = sqlite3.Row
    try:
        tables = _tables(con)
        if "assets" not in tables:
            return None
        row = con.execute("SELECT * FROM assets WHERE sha256=?", (sha256,)).fetchone()
        if row is None:
            return None
        aid = row["id"]
        texts = (
            [
                r["text"]
                for r in con.execute(
                    "SELECT text FROM windows WHERE asset_id=? ORDER BY start", (aid,)
                )
            ]
            if "windows" in tables
            else []
        )
        shots = (
            con.execute("SELECT count(*) FROM shots WHERE asset_id=?", (aid,)).fetchone()[0]
            if "shots" in tables
            else 0
        )
        excerpt = " ".join(" ".join(texts).split())
        if len(excerpt) > 280:
            excerpt = excerpt[:280].rsplit(" ", 1)[0] + " …"
        d = Descriptive(
            indexed_path=row["path"],
            language=row["language"],
            keywords=keywords(texts),
            shots=int(shots),
            transcript_windows=len(texts),
            excerpt=excerpt,
        )
        if {"asset_id", "person_id", "t"} <= tables.get("faces", set()) and {
            "id",
            "name",
        } <= tables.get("people", set()):
            d.people = [
                {"name": r["name"], "faces": r["n"], "first_seen": round(r["t0"], 2)}
                for r in con.execute(
                    "SELECT p.name AS name, count(*) AS n, min(f.t) AS t0 FROM faces f "
                    "JOIN people p ON p.id=f.person_id WHERE f.asset_id=? AND "
                    "p.name IS NOT NULL AND trim(p.name)!='' GROUP BY p.id "
                    "ORDER BY n DESC, name",
                    (aid,),
                )
            ]
        if {"asset_id", "label", "start", "end"} <= tables.get("sounds", set()):
            d.sounds = [
                {"label": r["label"], "spans": r["n"], "seconds": round(r["s"], 2)}
                for r in con.execute(
                    "SELECT label, count(*) AS n, sum(end-start) AS s FROM sounds "
                    "WHERE asset_id=? GROUP BY label ORDER BY s DESC",
                    (aid,),
                )
            ]
        return d
    except sqlite3.DatabaseError as exc:
        raise BadFile(index_db, f"not a readable index database ({exc})") from None
    finally:
        con.close()


def collect(path: Path, index_db: Path | None = None, loudness: bool = True) -> MediaMetadata:
    """Technical metadata of ``path``, and descriptive metadata from ``index_db`` (the
    workspace's ``index/index.db``) when the file is indexed there."""
    if not path.is_file():
        raise BadFile(path, "file not found")
    notes: list[str] = []
    tech = technical(path, loudness, notes)
    sha = sha256_file(path)
    desc = descriptive(index_db, sha) if index_db is not None else None
    if desc is None:
        notes.append(
            "not in the workspace index: technical metadata only (imagia index add "
            "adds language, keywords, shots, people)"
        )
    title = tech.title or " ".join(re.split(r"[_\-.]+", path.stem)).strip() or path.name
    return MediaMetadata(
        path=str(path.resolve()),
        name=path.name,
        title=title,
        sha256=sha,
        technical=tech,
        descriptive=desc,
        notes=notes,
    )
