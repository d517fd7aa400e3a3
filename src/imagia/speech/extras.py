"""The speech extra's optional libraries, checked where they are needed with an error that says
what to install (transcription and voice activity both run on faster-whisper)."""

from __future__ import annotations

from imagia.core.errors import MissingDependency


def require_faster_whisper() -> None:
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        raise MissingDependency(
            "faster-whisper is not installed", hint="pip install 'imagia[speech]'"
        ) from None
