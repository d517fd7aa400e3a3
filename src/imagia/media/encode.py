"""ffmpeg arguments every generated clip shares (demo media, test media, renders)."""

from __future__ import annotations

# Map the filter graph's [v] and [a] outputs and encode them as H.264 (yuv420p, plays
# everywhere) and AAC.
MUX_H264_AAC: tuple[str, ...] = (
    "-map", "[v]", "-map", "[a]",
    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
    "-c:a", "aac",
)  # fmt: skip
