"""Benchmarks that print their figures: speed targets live here, not in timed unit tests."""
