"""Block-wise audio for the processing tools: memory does not grow with the programme's length.

- :func:`out_format`: what a processed copy is written as — the source's channel layout (5.1
  stays 5.1, 7.1 stays 7.1) and bit depth (16-bit stays 16-bit, 24-bit stays 24-bit, float
  stays float; a lossy source, which has no bit depth, is written 24-bit), or the depth asked.
- :class:`BlockWriter`: takes float blocks and writes them through an ffmpeg pipe into a temp
  file renamed at the end (never half-written); when reducing to integer samples it adds
  triangular-PDF dither (two uniform variables of one LSB each: the quantisation error is
  then independent of the signal, no truncation distortion), unless told the samples are
  already on the grid (a copy).
- :func:`overlapped`: a stream of blocks as segments with ``ctx`` samples of real signal on
  each side, so a filter that looks ``ctx`` samples around each sample gives, on the segment's
  core, what it would give over the whole programme.
- :class:`Framer`: fixed-length frames with a hop out of a stream of blocks (analysis windows).

numpy is imported here: only the tools import this module, never a declaration.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from imagia.core.errors import BadFile, BadValue
from imagia.media.probe import ffmpeg_exe
from imagia.post.audio import StreamInfo

BIT_DEPTHS = ("source", "16", "24")
_FLOAT_CODECS = ("pcm_f32le", "pcm_f32be", "pcm_f64le", "pcm_f64be")
_PCM = {16: "pcm_s16", 24: "pcm_s24", 32: "pcm_s32"}
PIECE = 1 << 16  # frames converted at once by the writer


@dataclass(frozen=True)
class OutFormat:
    """How a processed copy is written: rate, channels, layout (ffmpeg's name, "" when the
    source declares none), integer ``bits`` (16/24/32) or 32-bit float (``bits=0``)."""

    rate: int
    channels: int
    layout: str
    bits: int

    @property
    def label(self) -> str:
        depth = "32-bit float" if self.bits == 0 else f"{self.bits}-bit"
        return f"{depth}, {self.layout or f'{self.channels} channels'}, {self.rate} Hz"


def out_format(st: StreamInfo, bit_depth: str = "source", rate: int | None = None) -> OutFormat:
    """The format of a processed copy of ``st``: the source's layout and depth, or
    ``bit_depth`` "16"/"24" when asked."""
    if bit_depth not in BIT_DEPTHS:
        raise BadValue("bit_depth", bit_depth, BIT_DEPTHS)
    if bit_depth != "source":
        bits = int(bit_depth)
    elif st.codec in _FLOAT_CODECS:
        bits = 0
    elif st.bits in (16, 24, 32) and st.codec.startswith(("pcm_", "flac", "alac", "wavpack")):
        bits = int(st.bits)
    elif st.bits is not None and st.bits <= 16 and st.codec.startswith("pcm_"):
        bits = 16
    else:
        bits = 24  # lossy or unknown: the decoder gives floats; 24-bit keeps them
    layout = st.layout if st.layout_known else ""
    return OutFormat(rate or st.rate, st.channels, layout, bits)


def codec_args(path: Path, bits: int) -> list[str]:
    ext = path.suffix.lower()
    if ext == ".flac":
        return ["-c:a", "flac", "-sample_fmt", "s16" if bits == 16 else "s32"] + (
            ["-bits_per_raw_sample", "24"] if bits != 16 else []
        )
    if ext in (".aif", ".aiff"):
        return ["-c:a", "pcm_f32be" if bits == 0 else f"{_PCM[bits]}be"]
    return ["-c:a", "pcm_f32le" if bits == 0 else f"{_PCM[bits]}le", "-rf64", "auto"]


class BlockWriter:
    """Write float blocks (n, channels) as ``fmt`` into ``path``, atomically.

    ``dither``: add triangular-PDF dither before rounding to integer samples (processed audio);
    False for a copy whose samples already sit on the grid. Use as a context manager: the file
    appears only when the block exits without an error."""

    def __init__(self, path: Path, fmt: OutFormat, dither: bool = True, seed: int = 0) -> None:
        self.path = path
        self.fmt = fmt
        self.dither = dither and fmt.bits != 0
        self.rng = np.random.default_rng(seed)
        self.tmp = path.with_name(f".{path.stem}.writing{path.suffix}")
        self.frames = 0
        self.peak = 0.0
        self.clipped = 0
        raw = ["-f", "f32le"] if fmt.bits == 0 else ["-f", "s32le"]
        layout = ["-ch_layout", fmt.layout] if fmt.layout else ["-ac", str(fmt.channels)]
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y", *raw]
        cmd += ["-ar", str(fmt.rate), *layout, "-i", "-", *codec_args(path, fmt.bits)]
        self.proc = subprocess.Popen(
            [*cmd, "-f", _muxer(path), str(self.tmp)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def write(self, block: np.ndarray) -> None:
        """Append ``block`` (float, full scale = 1.0, shape (n, channels)), in pieces of
        :data:`PIECE` frames so the conversion's temporaries stay small."""
        for i in range(0, len(block), PIECE):
            self._write(block[i : i + PIECE])

    def _write(self, block: np.ndarray) -> None:
        if not len(block):
            return
        x = np.asarray(block, dtype=np.float64)
        self.peak = max(self.peak, float(np.abs(x).max()))
        if self.fmt.bits == 0:
            data = np.clip(x, -1.0, 1.0).astype("<f4").tobytes()
        else:
            q = float(2 ** (self.fmt.bits - 1))
            v = x * q
            if self.dither:
                v += self.rng.random(v.shape) - self.rng.random(v.shape)
            v = np.round(v)
            over = (v > q - 1) | (v < -q)
            self.clipped += int(over.sum())
            ints = np.clip(v, -q, q - 1).astype(np.int64) << (32 - self.fmt.bits)
            data = ints.astype("<i4").tobytes()
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(data)
        except BrokenPipeError:
            self._fail()
        self.frames += len(x)

    def _fail(self) -> None:
        err = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""
        self.proc.wait()
        self.tmp.unlink(missing_ok=True)
        raise BadFile(self.path, f"ffmpeg could not write the audio ({err.strip()[-200:]})")

    def close(self) -> Path:
        """Finish the file and move it into place."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            self._fail()
        if self.proc.stderr:
            self.proc.stderr.close()
        self.tmp.replace(self.path)
        return self.path

    def abort(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stderr):
            if f:
                f.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> BlockWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def _muxer(path: Path) -> str:
    return {".flac": "flac", ".aif": "aiff", ".aiff": "aiff", ".w64": "w64"}.get(
        path.suffix.lower(), "wav"
    )


@dataclass
class Segment:
    """A piece of the stream: ``data[lo:hi]`` is its core, which starts at sample ``start`` of
    the programme; ``first``/``last`` say whether it touches the programme's ends."""

    data: np.ndarray
    lo: int
    hi: int
    start: int
    first: bool
    last: bool

    @property
    def core(self) -> np.ndarray:
        return self.data[self.lo : self.hi]


def overlapped(blocks: Iterable[np.ndarray], core: int, ctx: int) -> Iterator[Segment]:
    """Cut a stream of blocks into segments of ``core`` samples with up to ``ctx`` samples of
    context on each side (less only at the programme's ends). At most ``core + 2 ctx`` samples
    plus one block are held at once."""
    buf: np.ndarray | None = None
    buf_start = 0  # programme index of buf[0]
    pos = 0  # programme index of the next core sample
    for block in blocks:
        buf = block if buf is None else np.concatenate((buf, block))
        while buf_start + len(buf) - pos >= core + ctx:
            a = max(pos - ctx, buf_start)
            seg = buf[a - buf_start : pos + core + ctx - buf_start]
            yield Segment(seg, pos - a, pos - a + core, pos, pos == 0, False)
            pos += core
            keep = max(pos - ctx, buf_start)
            buf = buf[keep - buf_start :]
            buf_start = keep
    if buf is None:
        return
    end = buf_start + len(buf)
    if end > pos or pos == 0:
        a = max(pos - ctx, buf_start)
        seg = buf[a - buf_start :]
        yield Segment(seg, pos - a, len(seg), pos, pos == 0, True)


class Framer:
    """Frames of ``size`` samples every ``hop`` samples out of a 1-D stream fed in blocks;
    ``pad_short``: a stream shorter than one frame gives one zero-padded frame."""

    def __init__(self, size: int, hop: int, pad_short: bool = False) -> None:
        self.size, self.hop, self.pad_short = size, hop, pad_short
        self.buf = np.zeros(0)
        self.start = 0  # programme index of buf[0]
        self.seen = 0
        self.emitted = 0

    def feed(self, x: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
        """(start sample, frame) for each frame complete with ``x``."""
        self.buf = np.concatenate((self.buf, x))
        self.seen += len(x)
        i = 0
        while i + self.size <= len(self.buf):
            yield self.start + i, self.buf[i : i + self.size]
            self.emitted += 1
            i += self.hop
        self.buf = self.buf[i:]
        self.start += i

    def close(self) -> Iterator[tuple[int, np.ndarray]]:
        """The padded single frame of a stream shorter than one frame (when asked)."""
        if self.pad_short and self.emitted == 0 and self.seen:
            yield 0, np.pad(self.buf, (0, self.size - len(self.buf)))
