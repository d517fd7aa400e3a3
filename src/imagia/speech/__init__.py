"""Speech and subtitles: transcription, voice activity, timecode, professional subtitles.

Light to import: heavy libraries (faster-whisper, numpy) load inside the functions that use them.
"""
