"""Benchmarks: `make bench` (full) and `make bench-quick`. See bench/run.py."""
