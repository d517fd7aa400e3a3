"""Delivery: per-title encoding ladders measured by VMAF, packaging for streaming."""
