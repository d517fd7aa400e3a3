"""Rushes and catalogue indexing (docs/index.md): technical metadata, shots with a thumbnail each,
transcript windows with full-text search, kept in the workspace's index database (Index.3)."""
