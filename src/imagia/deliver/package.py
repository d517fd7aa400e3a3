"""The chosen rungs encoded over the whole title and packaged for streaming: one MP4 per rung
(the rung's CRF, capped at 1.5x its measured bitrate with a 3x buffer, closed 2 s GOPs so the
rungs switch at the same frames), then HLS (ffmpeg's ``hls`` muxer: a master playlist with
BANDWIDTH, RESOLUTION and CODECS, one media playlist per rung, an audio group when the source
has sound) and DASH (ffmpeg's ``dash`` muxer: one MPD). Packaging copies the encoded streams,
it never encodes twice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from imagia.deliver.encode import Cell, encode
from imagia.deliver.ffmpeg import Ffmpeg, codec, run

FORMATS = ("hls", "dash")
SEGMENT_SECONDS = 4


@dataclass(frozen=True)
class Rung:
    """A rung to encode: size, CRF and the bitrate measured on the sample (kbit/s)."""

    width: int
    height: int
    crf: int
    kbps: float

    @property
    def name(self) -> str:
        return f"{self.height}p_crf{self.crf}"


def parse_formats(text: str) -> list[str]:
    """``"hls,dash"`` -> ``["hls", "dash"]``; empty: none; unknown: :class:`BadValue`."""
    from imagia.core.errors import BadValue

    out = [f.strip().lower() for f in str(text or "").split(",") if f.strip()]
    for f in out:
        if f not in FORMATS:
            raise BadValue("package", f, FORMATS)
    return list(dict.fromkeys(out))


def encode_rungs(
    ff: Ffmpeg,
    media: Path,
    rungs: Sequence[Rung],
    folder: Path,
    *,
    codec_name: str,
    preset: str,
    fps: float,
    progress: Callable[[int, Rung], None] | None = None,
) -> list[Path]:
    """One MP4 per rung in ``folder`` (written under a temporary name, then renamed)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for i, r in enumerate(rungs):
        if progress:
            progress(i, r)
        cap = ["-maxrate", f"{1.5 * r.kbps:.0f}k", "-bufsize", f"{3 * r.kbps:.0f}k"]
        path = folder / f"{r.name}.mp4"
        tmp = folder / f".{r.name}.part.mp4"
        encode(
            ff, media, Cell((r.width, r.height), r.crf), tmp, codec_name=codec_name,
            preset=preset, fps=fps, extra=cap,
        )  # fmt: skip
        tmp.replace(path)
        out.append(path)
    return out


def encode_audio(ff: Ffmpeg, media: Path, out: Path) -> Path:
    """The first audio stream as AAC-LC 128 kbit/s stereo (MP4)."""
    tmp = out.with_name(f".{out.stem}.part{out.suffix}")
    cmd = [ff.exe, "-v", "error", "-y", "-i", str(media), "-map", "0:a:0", "-vn"]
    run([*cmd, "-c:a", "aac", "-b:a", "128k", "-ac", "2", str(tmp)], "encoding the audio")
    tmp.replace(out)
    return out


def hls(
    ff: Ffmpeg, videos: Sequence[Path], audio: Path | None, folder: Path, codec_name: str
) -> Path:
    """HLS VOD in ``folder``: ``master.m3u8`` and ``v<i>/index.m3u8`` per rung."""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [ff.exe, "-v", "error", "-y"]
    for v in videos:
        cmd += ["-i", str(v)]
    if audio is not None:
        cmd += ["-i", str(audio)]
    for i in range(len(videos)):
        cmd += ["-map", f"{i}:v:0"]
    group = ",agroup:aud" if audio is not None else ""
    streams = [f"v:{i}{group}" for i in range(len(videos))]
    if audio is not None:
        cmd += ["-map", f"{len(videos)}:a:0"]
        streams.insert(0, "a:0,agroup:aud")
    segment = codec(codec_name).segment_type
    ext = "m4s" if segment == "fmp4" else "ts"
    cmd += ["-c", "copy", "-f", "hls", "-hls_time", str(SEGMENT_SECONDS)]
    cmd += ["-hls_playlist_type", "vod", "-hls_segment_type", segment]
    cmd += ["-var_stream_map", " ".join(streams), "-master_pl_name", "master.m3u8"]
    cmd += ["-hls_segment_filename", str(folder / f"v%v/seg%03d.{ext}")]
    if segment == "fmp4":
        cmd += ["-hls_fmp4_init_filename", "init.mp4"]
    run([*cmd, str(folder / "v%v/index.m3u8")], "packaging HLS")
    return folder / "master.m3u8"


def dash(ff: Ffmpeg, videos: Sequence[Path], audio: Path | None, folder: Path) -> Path:
    """DASH VOD in ``folder``: ``manifest.mpd`` with one adaptation set for the video rungs
    (and one for the audio)."""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [ff.exe, "-v", "error", "-y"]
    for v in videos:
        cmd += ["-i", str(v)]
    if audio is not None:
        cmd += ["-i", str(audio)]
    for i in range(len(videos)):
        cmd += ["-map", f"{i}:v:0"]
    sets = "id=0,streams=v"
    if audio is not None:
        cmd += ["-map", f"{len(videos)}:a:0"]
        sets += " id=1,streams=a"
    cmd += ["-c", "copy", "-f", "dash", "-seg_duration", str(SEGMENT_SECONDS)]
    cmd += ["-use_template", "1", "-use_timeline", "1", "-adaptation_sets", sets]
    run([*cmd, str(folder / "manifest.mpd")], "packaging DASH")
    return folder / "manifest.mpd"


def master_variants(text: str) -> list[dict[str, str]]:
    """The ``#EXT-X-STREAM-INF`` attributes of a master playlist, with the URI that follows
    each (a small reader: attributes split on commas outside quotes)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    out: list[dict[str, str]] = []
    for i, line in enumerate(lines):
        if line.startswith("#EXT-X-STREAM-INF:"):
            attrs = _attributes(line.split(":", 1)[1])
            attrs["URI"] = lines[i + 1] if i + 1 < len(lines) else ""
            out.append(attrs)
    return out


def _attributes(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    key, value, quoted, in_key = "", "", False, True
    for ch in [*text, ","]:
        if in_key:
            if ch == "=":
                in_key = False
            else:
                key += ch
        elif ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out[key.strip()] = value
            key, value, in_key = "", "", True
        else:
            value += ch
    return out
