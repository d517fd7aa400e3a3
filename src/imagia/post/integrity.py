"""Is there audio in the file, all of it? Zero-length and truncated input, before any tool runs.

- ``check_audio(path)`` refuses a file whose audio holds no samples with one :class:`BadFile`
  line naming the file (a WAV whose data chunk is empty or missing, or any media that decodes
  to nothing), and returns a note when a WAV is truncated: its RIFF or ``data`` chunk declares
  more bytes than the file holds (a copy or a recording cut short). QC reports that note as an
  error finding; the processing tools process what is there and say so in their result.

No numpy here: the loudness measurement (which needs no numpy) uses it too.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.media.probe import ffmpeg_exe

_UNKNOWN = (0, 0xFFFFFFFF)  # sizes a streaming writer leaves when it cannot seek back


@dataclass(frozen=True)
class WavSizes:
    """What a RIFF/RF64 WAV declares against what the file holds."""

    file_bytes: int
    riff_declared: int | None  # bytes after the 8-byte RIFF header, None when unknown
    data_declared: int | None  # None when the writer left the size unknown
    data_present: int  # audio bytes actually in the file
    block_align: int  # bytes per sample frame (0 when no fmt chunk came first)
    rate: int

    def seconds(self, nbytes: int) -> float | None:
        if self.block_align <= 0 or self.rate <= 0:
            return None
        return nbytes / self.block_align / self.rate

    @property
    def truncated(self) -> str | None:
        """A one-line description when the file holds less than its header declares."""
        if self.data_declared is not None and self.data_declared > self.data_present:
            have, want = self.seconds(self.data_present), self.seconds(self.data_declared)
            times = (
                f" ({have:.3f} s of {want:.3f} s: {want - have:.3f} s missing)"
                if have is not None and want is not None
                else ""
            )
            return (
                f"truncated WAV: the data chunk declares {self.data_declared} bytes but the "
                f"file holds {self.data_present}{times}"
            )
        if self.riff_declared is not None and self.riff_declared + 8 > self.file_bytes + 1:
            return (
                f"truncated WAV: the RIFF header declares {self.riff_declared + 8} bytes but "
                f"the file holds {self.file_bytes} (a chunk after the audio is cut)"
            )
        return None


def wav_sizes(path: Path) -> WavSizes | None:
    """The RIFF/RF64 sizes of a WAV file, or None when ``path`` is not a WAV."""
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except OSError:
        return None
    with fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
            return None
        riff: int | None = int.from_bytes(head[4:8], "little")
        riff = None if riff in _UNKNOWN else riff
        ds64_riff = ds64_data = None
        align = rate = 0
        pos = 12
        while pos + 8 <= size:
            fh.seek(pos)
            hdr = fh.read(8)
            cid, csize = hdr[:4], int.from_bytes(hdr[4:8], "little")
            if cid == b"ds64":
                body = fh.read(16)
                if len(body) == 16:
                    ds64_riff = int.from_bytes(body[:8], "little")
                    ds64_data = int.from_bytes(body[8:16], "little")
            elif cid == b"fmt ":
                body = fh.read(16)
                if len(body) >= 14:
                    rate = int.from_bytes(body[4:8], "little")
                    align = int.from_bytes(body[12:14], "little")
            elif cid == b"data":
                declared: int | None = csize
                if head[:4] == b"RF64" and csize == 0xFFFFFFFF:
                    declared = ds64_data
                    riff = ds64_riff
                if declared in _UNKNOWN:
                    declared = None
                present = size - (pos + 8)
                if declared is not None:
                    present = min(present, declared)
                return WavSizes(size, riff, declared, max(present, 0), align, rate)
            pos += 8 + csize + (csize & 1)
        # no data chunk at all: a header with no audio
        return WavSizes(size, riff, None, 0, align, rate)


def _decodes_something(path: Path, index: int) -> bool:
    """Whether ffmpeg gets at least one sample out of audio stream ``index`` (first second)."""
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-map",
            f"0:a:{index}",
            "-t",
            "1",
            "-f",
            "s16le",
            "-",
        ],
        capture_output=True,
        check=False,
    )
    return bool(proc.stdout)


def check_audio(path: Path, index: int = 0, duration: float | None = None) -> str | None:
    """Refuse an empty audio stream (:class:`BadFile`, one line naming the file); return a
    truncation note for a WAV cut short, else None. ``duration`` is the probed duration:
    when it is unknown or zero, one second is decoded to see whether any sample comes out."""
    sizes = wav_sizes(path)
    if sizes is not None:
        if sizes.data_present == 0:
            cut = f"; {sizes.truncated}" if sizes.truncated else ""
            raise BadFile(path, f"holds no audio samples (zero-length audio{cut})")
        return sizes.truncated
    if (not duration or duration <= 0) and not _decodes_something(path, index):
        raise BadFile(path, "holds no audio samples (zero-length audio)")
    return None
