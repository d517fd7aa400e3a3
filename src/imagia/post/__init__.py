"""Post-production tools: loudness and QC."""
