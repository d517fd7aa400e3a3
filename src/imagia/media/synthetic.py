"""A drawn face that OpenCV's Haar cascades and dlib's HOG detector both find, and clips of it
moving across a wide frame (for the demo and the tests: no face picture ships with the
project's dependencies). The promo tools reframe it; the index finds its face."""

from __future__ import annotations

import subprocess
from pathlib import Path

from imagia.core.workspace import Workspace
from imagia.media.probe import ffmpeg_exe


def face_png(path: Path, size: int = 200) -> Path:
    """Draw a frontal face (hair, skin, brows, eyes, nose, mouth; lightly blurred) as PNG."""
    import cv2
    import numpy as np

    s = size
    img = np.full((s, s, 3), (60, 90, 60), np.uint8)
    cv2.ellipse(
        img, (s // 2, int(s * 0.40)), (int(s * 0.40), int(s * 0.42)), 0, 0, 360, (30, 40, 60), -1
    )
    cv2.ellipse(
        img, (s // 2, int(s * 0.52)), (int(s * 0.34), int(s * 0.44)), 0, 0, 360, (150, 175, 215), -1
    )
    ey, ex = int(s * 0.45), int(s * 0.15)
    for side in (-1, 1):
        cx = s // 2 + side * ex
        cv2.ellipse(
            img,
            (cx, ey - int(s * 0.08)),
            (int(s * 0.09), int(s * 0.025)),
            0,
            180,
            360,
            (40, 50, 70),
            -1,
        )
        cv2.ellipse(img, (cx, ey), (int(s * 0.075), int(s * 0.035)), 0, 0, 360, (240, 240, 240), -1)
        cv2.circle(img, (cx, ey), int(s * 0.03), (40, 30, 20), -1)
    cv2.line(
        img,
        (s // 2, ey),
        (s // 2 - int(s * 0.03), int(s * 0.62)),
        (110, 130, 170),
        max(1, int(s * 0.02)),
    )
    cv2.ellipse(
        img, (s // 2, int(s * 0.64)), (int(s * 0.06), int(s * 0.02)), 0, 0, 180, (100, 120, 160), -1
    )
    cv2.ellipse(
        img, (s // 2, int(s * 0.76)), (int(s * 0.12), int(s * 0.035)), 0, 0, 360, (70, 70, 150), -1
    )
    blurred = cv2.GaussianBlur(img, (0, 0), s * 0.012)
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), blurred)
    return path


def moving_face_clip(
    path: Path,
    seconds: float = 3.0,
    width: int = 1280,
    height: int = 720,
    face: int = 200,
    speed: float = 200.0,
    x0: float = 100.0,
    y: float | None = None,
    rate: int = 25,
    audio: bool = True,
    background: str = "0x28465a",
) -> Path:
    """A face of ``face`` pixels sliding right at ``speed`` px/s from ``x0`` over a coloured
    ``width`` x ``height`` background, with a tone; the face's top-left corner at time t is
    ``(x0 + speed * t, y)`` (``y`` defaults to a third of the free height)."""
    png = face_png(path.with_name(f".{path.stem}.face.png"), face)
    top = (height - face) / 3 if y is None else y
    snd = ["-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}"] if audio else []
    amap = ["-map", "2:a", "-c:a", "aac"] if audio else []
    subprocess.run(
        [
            ffmpeg_exe(),
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"color=c={background}:s={width}x{height}:r={rate}:d={seconds}",
            "-loop",
            "1",
            "-framerate",
            str(rate),
            "-i",
            str(png),
            *snd,
            "-filter_complex",
            f"[0:v][1:v]overlay=x='{x0}+t*{speed}':y={top}:shortest=1[v]",
            "-map",
            "[v]",
            *amap,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-t",
            str(seconds),
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    png.unlink(missing_ok=True)
    return path


def demo_face_clip(ws: Workspace) -> Path:
    """The demo workspace's face clip (``files/demo-face-walk.mp4``, made once), shared by the
    promo demos (reframe, smart framing, highlights) and the index demo (someone to name)."""
    out = ws.files_dir / "demo-face-walk.mp4"
    if not out.exists():
        tmp = moving_face_clip(
            out.with_name(".demo-face-walk.tmp.mp4"), seconds=4.0, face=240, speed=220.0, x0=60.0
        )
        tmp.replace(out)
    return out
