"""Broadcast programming: recommendation of works under editorial controls (French quotas)."""
