"""Workspace, jobs, provenance, models, errors: what every tool shares."""
