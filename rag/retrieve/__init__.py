"""Retrieval: hybrid dense + keyword search and its fusion."""
