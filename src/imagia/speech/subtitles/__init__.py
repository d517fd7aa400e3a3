"""Subtitles: the event model, delivery profiles, the builder, QC, and one module per format."""
