"""Metadata of a programme: technical (ffprobe, loudness) and descriptive (the index), written
as EBUCore XML or JSON (``MediaMetadata.1``)."""
