"""Read and write a timeline in the format named, or the one its file suffix says."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from imagia.timeline.model import Timeline, format_for


def write(timeline: Timeline, path: Path, fmt: str | None = None) -> Path:
    """Write ``timeline`` at ``path`` as ``fmt`` (edl, otio, fcpxml; default: by suffix)."""
    f = format_for(path, fmt)
    if f == "edl":
        from imagia.timeline import edl

        return edl.write(timeline, path)
    if f == "fcpxml":
        from imagia.timeline import fcpxml

        return fcpxml.write(timeline, path)
    from imagia.timeline import otio

    return otio.write(timeline, path)


def read(path: Path, fmt: str | None = None, rate: Fraction | None = None) -> Timeline:
    """Read a timeline file; ``rate`` is needed for an EDL that is not drop-frame (default
    25) and overrides the rate of an OTIO file."""
    f = format_for(path, fmt)
    if f == "edl":
        from imagia.timeline import edl

        return edl.read(path, rate)
    if f == "fcpxml":
        from imagia.timeline import fcpxml

        return fcpxml.read(path)
    from imagia.timeline import otio

    return otio.read(path, rate)
