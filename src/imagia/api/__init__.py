"""The HTTP API (FastAPI): JSON endpoints under /api/ over the same core functions as the CLI."""
