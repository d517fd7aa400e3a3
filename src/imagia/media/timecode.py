"""Media time as whole frames at an exact rational rate (23.976 is 24000/1001, not a float).

Seconds, milliseconds and ``HH:MM:SS:FF`` timecodes are accepted at the edges and converted once.
Drop-frame timecode (29.97 and 59.94, written with ``;``) skips frame numbers 0 and 1 (0-3 at
59.94) at the start of every minute except each tenth, so the label stays on wall-clock time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from imagia.core.errors import BadValue

RATES: dict[str, Fraction] = {
    "23.976": Fraction(24000, 1001),
    "24": Fraction(24),
    "25": Fraction(25),
    "29.97": Fraction(30000, 1001),
    "30": Fraction(30),
    "48": Fraction(48),
    "50": Fraction(50),
    "59.94": Fraction(60000, 1001),
    "60": Fraction(60),
}
_TC = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?P<sep>[:;.,])(?P<f>\d{2,3})$")


# A decimal number as people write one; the exponent has at most three digits, since
# Fraction("1e100000000") builds a 100-million-digit integer (minutes of CPU, gigabytes).
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$")


def exact_number(text: str) -> Fraction:
    """Decimal ``text`` (``12.5``, ``-3``, ``1e-3``) as an exact Fraction, in bounded time;
    ValueError for anything else (a huge exponent, over 100 characters, not a number)."""
    text = text.strip()
    if len(text) > 100 or not _NUMBER.match(text):
        raise ValueError(f"not a decimal number: {text[:40]!r}")
    return Fraction(text)


def parse_rate(value: str | float | Fraction) -> Fraction:
    """``"23.976"``, ``"24000/1001"``, ``25``, ``29.97`` -> an exact rate.

    Decimal NTSC rates (23.976, 29.97, 59.94, and their longer spellings) map to their exact
    /1001 fractions."""
    if isinstance(value, Fraction):
        rate = value
    else:
        text = str(value).strip()
        try:
            if "/" in text:
                num, den = text.split("/", 1)
                rate = Fraction(int(num), int(den))
            else:
                rate = exact_number(text)
        except (ValueError, ZeroDivisionError):
            raise BadValue("frame rate", text[:40], RATES) from None
        if rate <= 0 or rate > 1000:  # before float(): a 400-digit rate overflows it
            raise BadValue("frame rate", value, RATES)
        for exact in RATES.values():
            if exact.denominator == 1001 and abs(float(rate) - float(exact)) < 0.01:
                rate = exact
    if rate <= 0 or rate > 1000:
        raise BadValue("frame rate", value, RATES)
    return rate


def is_drop_frame_rate(rate: Fraction) -> bool:
    return rate.denominator == 1001 and rate.numerator in (30000, 60000)


@dataclass(frozen=True, order=True)
class FrameTime:
    """A point in media time: ``frames`` at ``rate`` frames per second."""

    frames: int
    rate: Fraction

    @classmethod
    def from_seconds(
        cls, seconds: float | Fraction, rate: Fraction, rounding: str = "nearest"
    ) -> FrameTime:
        exact = Fraction(seconds) * rate
        if rounding == "floor":
            n = math.floor(exact)
        elif rounding == "ceil":
            n = math.ceil(exact)
        else:
            n = math.floor(exact + Fraction(1, 2))
        return cls(int(n), rate)

    @classmethod
    def from_ms(cls, ms: int, rate: Fraction, rounding: str = "nearest") -> FrameTime:
        return cls.from_seconds(Fraction(ms, 1000), rate, rounding)

    @classmethod
    def from_timecode(cls, tc: str, rate: Fraction) -> FrameTime:
        return cls(timecode_to_frames(tc, rate), rate)

    @property
    def seconds(self) -> Fraction:
        return Fraction(self.frames) / self.rate

    @property
    def ms(self) -> int:
        """Milliseconds, rounded to the nearest (what SRT and friends store)."""
        return math.floor(self.seconds * 1000 + Fraction(1, 2))

    def timecode(self, drop_frame: bool | None = None) -> str:
        return frames_to_timecode(self.frames, self.rate, drop_frame)

    def __add__(self, other: int) -> FrameTime:
        return FrameTime(self.frames + int(other), self.rate)

    def __sub__(self, other: int) -> FrameTime:
        return FrameTime(self.frames - int(other), self.rate)


def ms_to_frames(ms: int, rate: Fraction, rounding: str = "nearest") -> int:
    return FrameTime.from_ms(ms, rate, rounding).frames


def frames_to_ms(frames: int, rate: Fraction) -> int:
    return FrameTime(frames, rate).ms


def _nominal(rate: Fraction) -> int:
    return round(rate)


def frames_to_timecode(frames: int, rate: Fraction, drop_frame: bool | None = None) -> str:
    """Frame count -> ``HH:MM:SS:FF`` (``HH:MM:SS;FF`` for drop-frame).

    ``drop_frame`` defaults to True at 29.97 and 59.94, False elsewhere."""
    if frames < 0:
        raise BadValue("frames", frames, reason="timecode cannot be negative")
    fps = _nominal(rate)
    drop = is_drop_frame_rate(rate) if drop_frame is None else drop_frame
    if drop and not is_drop_frame_rate(rate):
        raise BadValue(
            "drop_frame",
            drop,
            reason=f"drop-frame exists only at 29.97 and 59.94, not {float(rate):.3f}",
        )
    n = frames
    if drop:
        d = 2 if fps == 30 else 4
        per_10min = fps * 600 - d * 9
        per_min = fps * 60 - d
        tens, rem = divmod(n, per_10min)
        n += d * 9 * tens
        if rem > d:
            n += d * ((rem - d) // per_min)
    ff = n % fps
    total_s = n // fps
    sep = ";" if drop else ":"
    return f"{total_s // 3600:02d}:{total_s // 60 % 60:02d}:{total_s % 60:02d}{sep}{ff:02d}"


def timecode_to_frames(tc: str, rate: Fraction) -> int:
    """``HH:MM:SS:FF`` or ``HH:MM:SS;FF`` (drop-frame) -> frame count at ``rate``."""
    m = _TC.match(tc.strip())
    if not m:
        raise BadValue("timecode", tc, reason="expected HH:MM:SS:FF (or ;FF for drop-frame)")
    h, mi, s, f = int(m["h"]), int(m["m"]), int(m["s"]), int(m["f"])
    fps = _nominal(rate)
    if mi > 59 or s > 59 or f >= fps:
        raise BadValue("timecode", tc, reason=f"field out of range at {float(rate):.3f} fps")
    drop = m["sep"] in ";," and is_drop_frame_rate(rate)
    total_min = h * 60 + mi
    frames = (total_min * 60 + s) * fps + f
    if drop:
        d = 2 if fps == 30 else 4
        if s == 0 and f < d and mi % 10 != 0:
            raise BadValue(
                "timecode", tc, reason="this frame number does not exist in drop-frame timecode"
            )
        frames -= d * (total_min - total_min // 10)
    return frames


def parse_time(value: str | float, rate: Fraction) -> int:
    """An edge value (seconds ``12.5``, frames ``300f``, or a timecode) -> frames at ``rate``."""
    if isinstance(value, int | float):
        return FrameTime.from_seconds(Fraction(str(value)), rate).frames
    text = value.strip()
    if text.endswith("f") and text[:-1].isdigit() and len(text) <= 16:
        return int(text[:-1])
    if _TC.match(text):
        return timecode_to_frames(text, rate)
    try:
        return FrameTime.from_seconds(exact_number(text), rate).frames
    except ValueError:
        raise BadValue(
            "time", value, reason="expected seconds, NNNf frames or HH:MM:SS:FF"
        ) from None
