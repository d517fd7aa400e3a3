"""Accessibility and localisation: audio description, dubbing (they combine speech and post)."""
