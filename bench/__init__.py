"""Retrieval benchmarks for newsrag: datasets, metrics and a side-by-side harness."""
