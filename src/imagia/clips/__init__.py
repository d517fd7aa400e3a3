"""Clips under rights (use case ``clipping``): a rights register per title, a pure rights check
per moment and use, and rendering of the cleared moments found in the index."""
