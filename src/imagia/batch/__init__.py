"""Batch: run any file-in/file-out tool over many inputs, serially, on processes or on Ray."""
